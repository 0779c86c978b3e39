"""Queries during a running ingest never fail and only ever see whole articles.

One thread ingests a few hundred generated articles (across worker processes) into an on-disk store while other
threads query the same store directly and through the HTTP API, and another posts articles over HTTP. Every
article graph a query sees must hold exactly the quads a clean ingest of that article produces.
"""
from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable

import httpx
import pytest

from graph.extract.pipeline import Pipeline
from graph.ingest import ingest_records, process
from graph.model import Article
from graph.rdf.namespaces import GRAPH
from graph.store import Store
from graph.store.oxigraph import OxigraphStore
from tests.support.server import live_server
from tests.test_crash_safety import make_articles

COUNTS = (
    f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), '{GRAPH}')) }} GROUP BY ?g"
)


def articles(n: int, prefix: str, seed: int) -> list[Article]:
    out = []
    for a in make_articles(n, seed=seed):
        a["id"] = a["id"].replace("crash", prefix)
        out.append(Article(**a))
    return out


@pytest.fixture(scope="module")
def batches(pipeline: Pipeline):
    """Articles to ingest in the background and to post over HTTP, with each one's quad count from a clean ingest."""
    background = articles(400, "bg", seed=1)
    posted = articles(24, "post", seed=2)
    expected = {}
    for a in background + posted:
        mapped = process(a, pipeline)
        # Only the article's own graph: descriptions of shared entities may live in a graph of their own.
        expected[mapped.graph.value] = sum(1 for q in mapped.quads if q.graph_name == mapped.graph)
    return background, posted, expected


class Watcher:
    """Runs a query function in a loop until told to stop; records errors and every state it saw."""

    def __init__(self, name: str, look: Callable[[], dict[str, int]]) -> None:
        self.name, self.look = name, look
        self.errors: list[str] = []
        self.seen: list[dict[str, int]] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                self.seen.append(self.look())
            except Exception as e:  # any failure is a test failure, reported after the ingest
                self.errors.append(f"{self.name}: {e.__class__.__name__}: {e}")
            time.sleep(0.01)


def direct_counts(store: Store) -> dict[str, int]:
    return {r["g"]: r["n"] for r in store.select(COUNTS)}


def http_counts(client: httpx.Client) -> dict[str, int]:
    r = client.get("/sparql", params={"query": COUNTS}, headers={"accept": "application/sparql-results+json"})
    if r.status_code != 200:
        raise AssertionError(f"/sparql answered {r.status_code}: {r.text[:200]}")
    return {b["g"]["value"]: int(b["n"]["value"]) for b in r.json()["results"]["bindings"]}


def http_pages(client: httpx.Client) -> dict[str, int]:
    """The article list and the related stories of the newest article answer 200 while writes go on."""
    r = client.get("/articles", params={"limit": 5})
    if r.status_code != 200:
        raise AssertionError(f"/articles answered {r.status_code}: {r.text[:200]}")
    listed = r.json()
    if listed:
        rel = client.get(f"/articles/{listed[0]['id']}/related")
        if rel.status_code != 200:
            raise AssertionError(f"/related answered {rel.status_code}: {rel.text[:200]}")
    return {}


def test_queries_during_ingest_see_whole_articles_only(batches, pipeline, tmp_path):
    background, posted, expected = batches
    store = OxigraphStore(tmp_path / "kg")
    # A generous query time limit: this test is about consistency, and a loaded CI machine is slow (the limit
    # itself is tested in tests/test_sparql_protocol.py).
    with (
        live_server(store, write_token="secret", query_timeout=60) as server,
        httpx.Client(base_url=server.url, timeout=90) as client,
    ):
        watchers = [
            Watcher("direct-1", lambda: direct_counts(store)),
            Watcher("direct-2", lambda: direct_counts(store)),
            Watcher("http-sparql", lambda: http_counts(client)),
            Watcher("http-pages", lambda: http_pages(client)),
        ]
        for w in watchers:
            w.thread.start()
        post_errors: list[str] = []

        def post_articles() -> None:
            for i in range(0, len(posted), 4):
                body = "\n".join(
                    json.dumps({"id": a.id, "title": a.title, "lang": a.lang, "text": a.text})
                    for a in posted[i : i + 4]
                )
                r = client.post(
                    "/articles",
                    content=body,
                    headers={"content-type": "application/x-ndjson", "authorization": "Bearer secret"},
                )
                if r.status_code != 201:
                    post_errors.append(f"POST /articles answered {r.status_code}: {r.text[:200]}")

        poster = threading.Thread(target=post_articles)
        poster.start()
        report = ingest_records(background, store, pipeline, workers=2, batch_size=16)
        poster.join()
        time.sleep(0.2)
        for w in watchers:
            w.stop.set()
            w.thread.join(timeout=30)
    final = direct_counts(store)
    store.close()

    assert report.ok and report.ingested == len(background), report.errors
    assert not post_errors, post_errors
    errors = [e for w in watchers for e in w.errors]
    assert not errors, errors[:5]
    assert final == expected
    states = [state for w in watchers[:3] for state in w.seen]
    # The queries really ran during the ingest: some saw part of the articles, and many states were seen.
    assert any(0 < len(state) < len(expected) for state in states), "no query overlapped the ingest"
    assert len({len(state) for state in states}) > 3
    for state in states:
        partial = {g: n for g, n in state.items() if n != expected.get(g)}
        assert not partial, f"a query saw incomplete articles: {list(partial.items())[:3]}"
