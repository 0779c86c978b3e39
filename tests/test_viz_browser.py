"""The visual explorer in a real browser: Debian's headless Chromium driven by Playwright, against the API on
127.0.0.1. Every request the pages make is intercepted; one to any other host fails the test.

In CI (env CI set) a missing /usr/bin/chromium or playwright is a failure, not a skip: .ci/install provides both.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from graph.store import Store
from graph.viz.render import render_html
from graph.viz.views import entity_subgraph
from tests.support.browser import Tab as Page
from tests.support.server import LiveServer, live_server
from tests.support.viz_data import build_store

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


@pytest.fixture(scope="module")
def store() -> Store:
    return build_store()


@pytest.fixture(scope="module")
def server(store: Store) -> Iterator[LiveServer]:
    with live_server(store) as s:
        yield s


@pytest.fixture
def tab(browser) -> Iterator[Page]:
    p = Page(browser)
    yield p
    assert p.foreign == [], f"requests left 127.0.0.1: {p.foreign}"
    assert p.errors == [], f"errors on the page: {p.errors}"
    p.close()


def view_json(server: LiveServer, path: str) -> dict:
    r = httpx.get(server.url + path, headers={"Accept": "application/json"}, timeout=30)
    r.raise_for_status()
    return r.json()


def test_entity_page_draws_the_json_and_opens_evidence(tab: Page, server: LiveServer) -> None:
    path = "/viz/entity/person-ida-vester"
    data = view_json(server, path)
    tab.open(server.url + path)
    c = tab.counts()
    assert (c["nodes"], c["edges"]) == (len(data["nodes"]), len(data["edges"]))
    assert tab.page.locator("#counts").inner_text().startswith(f"Showing {len(data['nodes'])} of")

    # Hovering explains a node.
    at = tab.page.evaluate(
        """id => { const n = window.newskgViz.network; return n.canvasToDOM(n.getPositions([id])[id]); }""",
        "org-havnekraft",
    )
    box = tab.page.locator("#graph").bounding_box()
    tab.page.mouse.move(box["x"] + at["x"], box["y"] + at["y"])
    tab.page.wait_for_selector("div.vis-tooltip", state="visible")
    assert tab.page.locator("div.vis-tooltip").inner_text().startswith("Company: Havnekraft A/S")

    # Clicking Havnekraft opens its evidence: the articles naming it, with titles, dates and sentences.
    tab.click_node("org-havnekraft")
    tab.page.wait_for_selector("#panel:not([hidden]) .ev-sentence")
    assert tab.page.locator("#panel h2").inner_text() == "Havnekraft A/S"
    titles = tab.page.locator(".ev-title").all_inner_texts()
    assert set(titles) == {
        "Havnekraft plans a wind farm off Aarhus",
        "Ida Vester steps down at Havnekraft",
        "Havnekraft names a new chief",
    }
    assert "2026-01-05" in tab.page.locator("#panel").inner_text()
    assert "Ida Vester, chief executive of Havnekraft" in tab.page.locator("#panel").inner_text()
    assert tab.page.locator("#panel mark").count() >= 1
    assert tab.page.locator("#recentre-node").get_attribute("href") == "/viz/entity/org-havnekraft"
    ARTIFACTS.mkdir(exist_ok=True)
    tab.page.screenshot(path=str(ARTIFACTS / "viz-entity.png"))

    # A type filter hides every person, and the edges that touch them.
    persons = [n["id"] for n in data["nodes"] if n["group"] == "person"]
    assert persons
    tab.page.locator('#legend li[data-group="person"]').click()
    c = tab.counts()
    assert c["nodes"] == len(data["nodes"]) - len(persons)
    assert c["edges"] == sum(1 for e in data["edges"] if e["from"] not in persons and e["to"] not in persons)
    tab.page.locator('#legend li[data-group="person"]').click()
    assert tab.counts()["nodes"] == len(data["nodes"])

    # A date range hides articles outside it and the entities only they named.
    tab.page.fill("#since", "2026-02-01")
    tab.page.dispatch_event("#since", "change")
    c = tab.counts()
    assert 0 < c["nodes"] < len(data["nodes"])
    hidden = tab.page.evaluate("window.newskgViz.nodes.get({filter: n => n.hidden}).map(n => n.id)")
    assert "article:a1" in hidden and "country-dk" in hidden and "article:a3" not in hidden
    tab.page.click("#clear-dates")
    assert tab.counts()["nodes"] == len(data["nodes"])


def test_show_more_and_expand_fetch_from_this_server(tab: Page, server: LiveServer) -> None:
    tab.open(server.url + "/viz/entity/org-havnekraft?limit=4")
    assert tab.counts()["nodes"] == 4
    more = tab.page.locator("#show-more")
    assert more.is_visible() and more.is_enabled()
    more.click()
    tab.page.wait_for_function("window.newskgViz.counts().loaded > 4 && window.newskgViz.ready === true")
    grown = tab.counts()["loaded"]
    full = view_json(server, "/viz/entity/org-havnekraft?limit=8")
    assert grown == len(full["nodes"])

    # Expanding Jon Berg adds his own neighbourhood: a2, which names him but not Havnekraft's first articles.
    assert tab.page.evaluate("window.newskgViz.nodes.get('article:a2')") is None
    tab.click_node("person-jon-berg")
    tab.page.wait_for_selector("#panel:not([hidden]) #expand-node")
    tab.page.click("#expand-node")
    tab.page.wait_for_function(f"window.newskgViz.counts().loaded > {grown}")
    assert tab.page.evaluate("window.newskgViz.nodes.get('article:a2') !== null")
    assert any("/viz/entity/person-jon-berg?format=json" in u for u in tab.requests)
    tab.page.wait_for_function("window.newskgViz.ready === true")


@pytest.mark.parametrize(
    "path",
    [
        "/viz/article/a3",
        "/viz/path?from=person-ida-vester&to=person-lone-ravn",
        "/viz/storyline/org-havnekraft",
        "/viz/storyline",
        "/viz/storyline/1",
    ],
)
def test_every_view_draws_its_json(tab: Page, server: LiveServer, path: str) -> None:
    data = view_json(server, path)
    tab.open(server.url + path)
    c = tab.counts()
    assert (c["nodes"], c["edges"]) == (len(data["nodes"]), len(data["edges"]))
    assert tab.page.locator("#view-title").inner_text() == data["title"]
    if "storylines" in data:
        links = tab.page.locator("#storylines a")
        assert links.count() == len(data["storylines"])
        assert links.first.get_attribute("href") == f"/viz/storyline/{data['storylines'][0]['id']}"


def test_search_and_404_pages(tab: Page, server: LiveServer) -> None:
    tab.page.goto(server.url + "/viz")
    tab.page.fill(".big-search input[name=q]", "vester")
    tab.page.click(".big-search button")
    tab.page.click("#entity-results a")
    tab.page.wait_for_function("window.newskgViz && window.newskgViz.ready === true")
    assert tab.page.url.endswith("/viz/entity/person-ida-vester")

    response = tab.page.goto(server.url + "/viz/entity/person-ida-vestergaard")
    assert response.status == 404
    assert tab.page.locator(".big-search input[name=q]").is_visible()
    assert tab.page.locator("#entity-results a").first.inner_text() == "Ida Vester"


def test_offline_page_from_a_file(tab: Page, store: Store, tmp_path: Path) -> None:
    """The page `newskg viz --out` writes works from disk with no server: it draws, and asks for nothing."""
    sub = entity_subgraph(store, "person-ida-vester")
    page = tmp_path / "ida.html"
    page.write_text(render_html(sub, sub["title"], inline=True), encoding="utf-8")
    tab.open(page.as_uri())
    c = tab.counts()
    assert (c["nodes"], c["edges"]) == (len(sub["nodes"]), len(sub["edges"]))
    assert [u for u in tab.requests if not u.startswith("file:")] == []
    tab.click_node("place-aarhus")
    tab.page.wait_for_selector("#panel:not([hidden]) .ev-sentence")
    assert tab.page.locator("#expand-node").is_disabled()
    assert tab.page.locator("#offline-note").is_visible()
    json.loads(tab.page.locator("#viz-config").text_content())
