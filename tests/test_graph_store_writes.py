"""Graph Store Protocol writes of article graphs: PUT replaces, POST merges without duplicates, DELETE drops, each
as one whole article graph through the store (so the generation moves and indexes follow), only with the token."""
from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from graph.rdf.iris import graph_iri
from graph.rdf.namespaces import ENTITIES_GRAPH
from graph.store.oxigraph import OxigraphStore
from tests.support.server import LiveServer, live_server

TOKEN = "gsp-token"
AUTH = {"authorization": f"Bearer {TOKEN}"}
TTL = {"content-type": "text/turtle"}
EX = "https://example.org/gsp/"


@pytest.fixture
def store() -> OxigraphStore:
    return OxigraphStore(None)


@pytest.fixture
def server(store: OxigraphStore) -> Iterator[LiveServer]:
    with live_server(store, write_token=TOKEN) as s:
        yield s


def count(store: OxigraphStore, graph: str) -> int:
    return int(store.select(f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")[0]["n"])


def test_put_post_delete_an_article_graph(server: LiveServer, store: OxigraphStore) -> None:
    g = graph_iri("gsp-1")
    url = server.url + "/rdf-graphs"
    generation = store.generation
    r = httpx.put(url, params={"graph": g}, content=f"<{EX}a> <{EX}p> 1, 2 .", headers=AUTH | TTL)
    assert r.status_code == 201 and count(store, g) == 2 and store.generation > generation
    assert store.article_ids() == ["gsp-1"]
    r = httpx.put(url, params={"graph": g}, content=f"<{EX}a> <{EX}p> 3 .", headers=AUTH | TTL)
    assert r.status_code == 204 and count(store, g) == 1  # replaced whole
    r = httpx.post(url, params={"graph": g}, content=f"<{EX}a> <{EX}p> 3, 4 .", headers=AUTH | TTL)
    assert r.status_code == 204 and count(store, g) == 2  # merged as a set: 3 once
    r = httpx.post(url, params={"graph": g}, content=f"<{EX}a> <{EX}p> <rel> .", headers=AUTH | TTL)
    assert store.ask(f"ASK {{ GRAPH <{g}> {{ <{EX}a> <{EX}p> <{g[: g.rindex('/') + 1]}rel> }} }}")
    assert httpx.delete(url, params={"graph": g}, headers=AUTH).status_code == 204
    assert store.article_ids() == []
    assert httpx.delete(url, params={"graph": g}, headers=AUTH).status_code == 404


@pytest.mark.parametrize(
    "graph, status, words",
    [
        (None, 400, "name the article graph"),
        (ENTITIES_GRAPH, 400, "shared by every article"),
        ("http://example.org/not-an-article", 400, "not an article graph"),
        (graph_iri("x") + "/y", 400, "not an article graph"),
    ],
)
def test_only_article_graphs_take_writes(server: LiveServer, graph, status, words) -> None:
    params = {"graph": graph} if graph else None
    r = httpx.put(server.url + "/rdf-graphs", params=params, content=f"<{EX}a> <{EX}p> 1 .", headers=AUTH | TTL)
    assert r.status_code == status and words in r.json()["detail"]


def test_writes_need_the_token_and_rdf(server: LiveServer, store: OxigraphStore) -> None:
    url, g = server.url + "/rdf-graphs", graph_iri("gsp-2")
    assert httpx.put(url, params={"graph": g}, content=f"<{EX}a> <{EX}p> 1 .", headers=TTL).status_code == 401
    r = httpx.put(url, params={"graph": g}, content="{}", headers=AUTH | {"content-type": "application/json"})
    assert r.status_code == 415
    r = httpx.put(url, params={"graph": g}, content="<a> <b", headers=AUTH | TTL)
    assert r.status_code == 400 and "does not parse" in r.json()["detail"]
    assert store.article_ids() == []
