"""The story view of the explorer (/viz/story/{id}): a wire text, its Danish counterpart, two reprints and a
follow-up, ingested through the real pipeline; the JSON view, and pictures at desktop and phone size in headless
Chromium (saved under the test's temp folder, listed in the output)."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.analysis.stories import story_id
from graph.extract.pipeline import Pipeline
from graph.ingest import ingest_records
from graph.readers.jsonl import read_record
from graph.settings import Settings
from graph.store import Store
from graph.store.oxigraph import OxigraphStore
from tests.support.browser import SIZES, Tab
from tests.support.server import LiveServer, live_server
from tests.test_stories import COPY, DA, EN, OTHER
from tests.test_viz_screens import check_labels, check_layout, shoot

REPRINT = {**COPY, "id": "en-fire-reprint-2", "source": "Evening Star", "published": "2026-03-14T15:00:00Z",
           "title": "Warehouse blaze", "text": "Warehouse blaze\nBy Evening Star\n" + EN["text"].split("\n", 1)[1]}
FOLLOW_UP = {
    "id": "en-fire-cause", "source": "Wire Daily", "lang": "en", "published": "2026-03-16T09:00:00Z",
    "title": "Odense warehouse fire started in faulty wiring, police say",
    "text": "Odense warehouse fire started in faulty wiring, police say\n"
    "Police in Funen said on Monday that the fire which destroyed a warehouse of Lindqvist Logistik in Odense on "
    "13 March 2026 started in faulty wiring in the northern part of the building. Karen Holm Lindqvist, the "
    "company's chief executive, said the 45 million kroner of damage was insured and that the 120 firefighters "
    "who fought the blaze for 14 hours had saved the office wing.",
}
FIRE = story_id("en-fire")


def _store() -> Store:
    store = OxigraphStore(None)
    arts = (EN, DA, COPY, REPRINT, FOLLOW_UP, OTHER)
    ingest_records([read_record(a, f"test:{i}") for i, a in enumerate(arts)], store, Pipeline.default())
    return store


@pytest.fixture(scope="module")
def store() -> Store:
    return _store()


def test_story_view_json_chains_the_texts_hangs_reprints_and_labels_entities(store: Store) -> None:
    with TestClient(create_app(Settings(store="memory:"), store)) as c:
        view = c.get(f"/viz/story/{FIRE}", params={"format": "json"}).json()
        assert view["kind"] == "story" and view["story"]["first_report"] == "en-fire"
        ids = {n["id"] for n in view["nodes"]}
        assert {f"article:{a}" for a in ("en-fire", "da-brand", "en-fire-reprint", "en-fire-reprint-2",
                                         "en-fire-cause")} <= ids
        assert "article:en-budget" not in ids
        rel = {(e["from"], e["to"], e["relation"]) for e in view["edges"]}
        assert ("article:en-fire-reprint", "article:en-fire", "copy_of") in rel
        assert ("article:en-fire-reprint-2", "article:en-fire", "copy_of") in rel
        nexts = [e for e in view["edges"] if e["relation"] == "next"]
        assert len(nexts) == 2  # three texts: the wire text, the Danish report, the follow-up
        card = view["story"]
        assert card["articles"] == 5 and card["texts"] == 3 and card["languages"] == ["da", "en"]
        assert card["entities"] and all(e["label"] and e["label"] != e["id"] for e in card["entities"])
        assert any("Odense" in e["label"] for e in card["entities"])
        # Nodes show names, not ids.
        assert all(n["label"] != n["id"] for n in view["nodes"])
        small = c.get(f"/viz/story/{FIRE}", params={"format": "json", "limit": 3}).json()
        assert len(small["nodes"]) <= 3 and small["truncated"]
        page = c.get(f"/viz/story/{FIRE}")
        assert page.status_code == 200 and "text/html" in page.headers["content-type"]
        missing = c.get("/viz/story/story-nothing", params={"format": "json"})
        assert missing.status_code == 404 and "story-nothing" in missing.json()["detail"]
        assert c.get("/viz/story/story-nothing").status_code == 404
        assert c.get(f"/viz/story/{FIRE}", params={"limit": 0}).status_code == 422


@pytest.fixture(scope="module")
def server(store: Store) -> Iterator[LiveServer]:
    with live_server(store) as s:
        yield s



@pytest.mark.browser
def test_story_view_pictures(tab: Tab, server: LiveServer, tmp_path_factory) -> None:
    shots: Path = tmp_path_factory.mktemp("viz-story")
    path = f"/viz/story/{FIRE}"
    data = httpx.get(server.url + path, headers={"Accept": "application/json"}, timeout=30).json()
    tab.open(server.url + path)
    shoot(tab, shots, "story")
    check_layout(tab)
    check_labels(tab, data)
    c = tab.counts()
    assert (c["nodes"], c["edges"]) == (len(data["nodes"]), len(data["edges"]))
    if tab.size == "phone":
        tab.page.click("#controls-toggle")
        shoot(tab, shots, "story-legend")
        check_layout(tab)
    chips = tab.page.locator("#story-chips .chip")
    assert tab.page.locator("#story").is_visible() and chips.count() == len(data["story"]["entities"])
    texts = [chips.nth(i).inner_text() for i in range(chips.count())]
    assert texts == [e["label"] for e in data["story"]["entities"]]
    assert not any(t.startswith(("person-", "org-", "place-", "country-", "event-")) for t in texts)
    assert "Wire Daily" in tab.page.locator("#story-meta").inner_text()
    for i in range(chips.count()):
        box = chips.nth(i).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= SIZES[tab.size][0]
