"""The explorer's pictures, checked in headless Chromium at a desktop size (1280x900) and a phone size (390x844):
every view of a busy store (80 generated articles, tests/support/viz_busy.py), a screenshot of each saved under
the test's temp folder, and what a reader depends on asserted from the page itself: few labels, none overlapping,
readable at any zoom; event nodes named by their kind; the query page one click away; nothing wider than the screen.

Run with `--basetemp DIR` to keep the screenshots somewhere known (they are also listed in the test output).
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from graph.extract.events import EVENT_TYPES
from graph.store import Store
from graph.viz.views import DEFAULT_LIMIT
from tests.support.browser import SIZES, Tab
from tests.support.server import LiveServer, live_server
from tests.support.viz_busy import build_busy_store

pytestmark = pytest.mark.browser

EVENT_NAMES = {code.replace("-", " ") for code in EVENT_TYPES}


@pytest.fixture(scope="module")
def store() -> Store:
    return build_busy_store()


@pytest.fixture(scope="module")
def server(store: Store) -> Iterator[LiveServer]:
    with live_server(store) as s:
        yield s


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("viz-screens")


def view_json(server: LiveServer, path: str) -> dict:
    r = httpx.get(server.url + path, headers={"Accept": "application/json"}, timeout=30)
    r.raise_for_status()
    return r.json()


@pytest.fixture(scope="module")
def views(server: LiveServer) -> dict[str, str]:
    """The views to draw, picked from the data: Denmark (in every article), an article reporting an arrest, a path
    between two people never named together, the storylines."""
    dk = view_json(server, "/viz/entity/country-dk?limit=2000")
    article = next(
        n["id"][len("article:"):]
        for n in view_json(server, "/viz/entity/country-dk?limit=2000")["nodes"]
        if n["group"] == "article"
        and any(m.get("event_type") == "arrest" for m in view_json(server, f"/viz/article/{n['id'][8:]}")["nodes"])
    )
    people = [n["id"] for n in dk["nodes"] if n["group"] == "person"]
    pair = None
    for a in people:
        named_with = {n["id"] for n in view_json(server, f"/viz/entity/{quote(a)}?limit=2000")["nodes"]}
        b = next((p for p in people if p != a and p not in named_with), None)
        if b:
            pair = (a, b)
            break
    assert pair, "every two people are named together: the path view would be trivial"
    return {
        "entity": "/viz/entity/country-dk",
        "article": f"/viz/article/{article}",
        "path": f"/viz/path?from={quote(pair[0])}&to={quote(pair[1])}",
        "storyline": "/viz/storyline",
        "search": "/viz/search?q=holm",
        "home": "/viz",
    }



def check_layout(tab: Tab) -> None:
    """The header links to the query page; nothing is wider than the window; the page does not scroll sideways."""
    page = tab.page
    link = page.locator("header a#query-link")
    assert link.is_visible() and link.get_attribute("href") == "/query"
    width = page.evaluate("window.innerWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for sel in ("header", ".controls", "#panel", ".search-page", "#graph"):
        for box in (page.locator(sel).nth(i).bounding_box() for i in range(page.locator(sel).count())):
            if box:
                assert box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, (sel, box, width)


def check_labels(tab: Tab, data: dict) -> list[dict]:
    """Few labels, none covering another, each readable, each where the graph is drawn, and the canvas agreeing
    with what the page says it labelled. Event nodes say their kind."""
    page = tab.page
    labels = page.evaluate("window.newskgViz.labels()")
    cap = page.evaluate("window.newskgViz.labelCap")
    assert 1 <= len(labels) <= cap
    for i, a in enumerate(labels):
        assert a["px"] >= 12
        for b in labels[i + 1 :]:
            x, y = a["box"], b["box"]
            apart = (x["x"] + x["w"] <= y["x"] or y["x"] + y["w"] <= x["x"]
                     or x["y"] + x["h"] <= y["y"] or y["y"] + y["h"] <= x["y"])
            assert apart, f"labels overlap: {a['text']!r} and {b['text']!r}"
    box = page.locator("#graph").bounding_box()
    for a in labels:
        assert a["box"]["x"] >= 0 and a["box"]["x"] + a["box"]["w"] <= box["width"] + 0.5
        assert a["box"]["y"] >= 0 and a["box"]["y"] + a["box"]["h"] <= box["height"] + 0.5
    # vis-network's own state: the nodes it will draw a label for, and at what size on screen.
    drawn = page.evaluate(
        """() => { const n = window.newskgViz.network, s = n.getScale();
            return n.body.nodeIndices.map(id => n.body.nodes[id])
              .filter(x => x.options.label && !x.options.hidden)
              .map(x => ({id: x.id, text: x.options.label, px: x.options.font.size * s})); }"""
    )
    assert sorted(d["id"] for d in drawn) == sorted(a["id"] for a in labels)
    assert all(d["px"] >= 11.9 for d in drawn)
    if data["center"]:
        assert data["center"] in {a["id"] for a in labels}, "the centre of the view has no label"
    # Every event node's label is its kind ("arrest"): on the canvas when drawn, in the data always.
    events = {n["id"]: n for n in data["nodes"] if n["group"] == "event"}
    for n in events.values():
        assert n["label"] in EVENT_NAMES and n["name"] != n["label"]
    for d in drawn:
        if d["id"] in events:
            assert d["text"] in EVENT_NAMES
    return labels


def shoot(tab: Tab, shots: Path, name: str) -> None:
    path = shots / f"{name}-{tab.size}.png"
    tab.page.screenshot(path=str(path))
    print(f"screenshot: {path}")


@pytest.mark.parametrize("name", ["entity", "article", "path", "storyline"])
def test_graph_views(tab: Tab, server: LiveServer, views: dict[str, str], shots: Path, name: str) -> None:
    path = views[name]
    data = view_json(server, path)
    tab.open(server.url + path)
    shoot(tab, shots, name)
    check_layout(tab)
    labels = check_labels(tab, data)
    c = tab.counts()
    assert (c["nodes"], c["edges"]) == (len(data["nodes"]), len(data["edges"]))
    if name == "entity":
        # Denmark is in every article: the view opens on the top nodes, the rest behind 'show more'.
        assert len(data["nodes"]) == DEFAULT_LIMIT < data["total_nodes"]
        assert len(labels) < len(data["nodes"]) / 2
        assert tab.page.locator("#show-more").is_visible()
    graph = tab.page.locator("#graph").bounding_box()
    width, height = SIZES[tab.size]
    if tab.size == "phone":
        # The graph gets the whole width and most of the height; legend and filters fold away until asked for.
        assert graph["width"] == width and graph["height"] >= 0.5 * height
        assert not tab.page.locator("#legend").is_visible()
        tab.page.click("#controls-toggle")
        assert tab.page.locator("#legend").is_visible()
        shoot(tab, shots, f"{name}-legend")
        check_layout(tab)
    else:
        assert graph["width"] >= 0.7 * width and tab.page.locator("#legend").is_visible()


def test_zooming_in_labels_more_and_hover_labels_any(tab: Tab, server: LiveServer, views: dict[str, str],
                                                      shots: Path) -> None:
    tab.open(server.url + views["entity"])
    before = {a["id"] for a in tab.page.evaluate("window.newskgViz.labels()")}
    data = view_json(server, views["entity"])
    unlabelled = [n["id"] for n in data["nodes"] if n["id"] not in before]
    assert unlabelled
    # Hovering a node without a label shows its label (and its tooltip).
    target = unlabelled[-1]
    at = tab.node_at(target)
    tab.page.mouse.move(at["x"], at["y"])
    tab.page.wait_for_function(f"window.newskgViz.labels().some(l => l.id === {target!r})")
    tab.page.wait_for_selector("div.vis-tooltip", state="visible")
    # Away again, to a corner of the graph with no node: the label goes.
    box = tab.page.locator("#graph").bounding_box()
    assert tab.page.evaluate("window.newskgViz.network.getNodeAt({x: 3, y: 3})") is None
    tab.page.mouse.move(box["x"] + 3, box["y"] + 3)
    tab.page.wait_for_function(f"!window.newskgViz.labels().some(l => l.id === {target!r})")
    # Zoomed in three times on the centre: labels stay readable and not overlapping, and nodes unnamed at the
    # opening zoom get theirs.
    tab.page.evaluate(
        """() => { const n = window.newskgViz.network;
                   n.moveTo({scale: n.getScale() * 3}); window.newskgViz.placeLabels(); }"""
    )
    after = check_labels(tab, data)
    assert {a["id"] for a in after} - before, "zooming in labelled nothing new"
    shoot(tab, shots, "entity-zoomed")


def test_show_more_loads_the_next_nodes(tab: Tab, server: LiveServer, views: dict[str, str]) -> None:
    tab.open(server.url + views["entity"])
    more = tab.page.locator("#show-more")
    assert f"({2 * DEFAULT_LIMIT} nodes)" in more.inner_text()
    more.click()
    tab.page.wait_for_function(f"window.newskgViz.counts().loaded > {DEFAULT_LIMIT} && window.newskgViz.ready")
    bigger = view_json(server, views["entity"] + f"?limit={2 * DEFAULT_LIMIT}")
    assert tab.counts()["loaded"] == len(bigger["nodes"])
    check_labels(tab, bigger)


def test_an_event_node_shows_its_detail_on_click(tab: Tab, server: LiveServer, views: dict[str, str],
                                                  shots: Path) -> None:
    data = view_json(server, views["article"])
    event = next(n for n in data["nodes"] if n.get("event_type") == "arrest")
    tab.open(server.url + views["article"])
    tab.click_node(event["id"])
    tab.page.wait_for_selector("#panel:not([hidden]) .event-detail")
    panel = tab.page.locator("#panel")
    assert tab.page.locator("#panel h2").inner_text() == event["name"]
    detail = tab.page.locator(".event-detail").inner_text()
    assert "Arrest or detention" in detail and event["time"] in detail and event["place"] in detail
    # Once clicked, the node comes right after the centre for a label: it has one unless that would cover the
    # centre's. Labels still never overlap once the mouse has left.
    box = tab.page.locator("#graph").bounding_box()
    tab.page.mouse.move(box["x"] + 3, box["y"] + 3)
    labels = check_labels(tab, data)
    order = [a["id"] for a in labels]
    if event["id"] in order:
        assert order.index(event["id"]) <= 1
    else:
        centre = next(a for a in labels if a["id"] == data["center"])
        assert centre["box"]["y"] - 40 < tab.node_at(event["id"])["y"] - box["y"] < centre["box"]["y"] + 40
    box = panel.bounding_box()
    width, height = SIZES[tab.size]
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    if tab.size == "phone":
        # A sheet over the lower part of the graph, the top of the graph still in sight.
        assert box["height"] <= 0.6 * height and box["y"] >= 0.4 * height
        # ... and the clicked node moved into sight above it.
        assert tab.node_at(event["id"])["y"] < box["y"]
    shoot(tab, shots, "article-event")


@pytest.mark.parametrize("name", ["home", "search"])
def test_search_pages(tab: Tab, server: LiveServer, views: dict[str, str], shots: Path, name: str) -> None:
    tab.page.goto(server.url + views[name])
    shoot(tab, shots, name)
    check_layout(tab)
    box = tab.page.locator(".big-search input").bounding_box()
    assert box["width"] >= 0.5 * min(SIZES[tab.size][0], 760)
    if name == "search":
        assert tab.page.locator("#entity-results a").count() >= 2
