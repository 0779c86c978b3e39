"""The SPARQL 1.1 Protocol endpoint, the Graph Store read side, writes with the token, limits and the query page."""
from __future__ import annotations

import csv
import io
import json
import re
import threading
import time
from collections.abc import Iterator

import httpx
import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from api.app import create_app
from api.negotiate import choose_media_type, parse_accept
from api.routes.query import examples
from graph.rdf.iris import graph_iri
from graph.settings import Settings
from graph.sparql.runners import ProcessQueryRunner
from graph.store import Store
from graph.store.oxigraph import OxigraphStore

TOKEN = "s3cret-token"
ARTICLES = "SELECT ?a ?h WHERE { ?a a <https://schema.org/NewsArticle> ; <https://schema.org/headline> ?h } ORDER BY ?a"
CONSTRUCT = (
    "CONSTRUCT { ?a <https://schema.org/headline> ?h }"
    " WHERE { ?a a <https://schema.org/NewsArticle> ; <https://schema.org/headline> ?h }"
)
# A cross product of all quads with themselves, three times: never finishes on any store.
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"

JSON = "application/sparql-results+json"
XML = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"


# Content negotiation: a pure function, tested on a table.


@pytest.mark.parametrize(
    "accept, kind, expected",
    [
        ("", "select", JSON),
        (None, "graph", "text/turtle"),
        ("*/*", "select", JSON),
        ("*/*", "graph", "text/turtle"),
        (JSON, "select", JSON),
        (XML, "ask", XML),
        ("text/csv", "select", CSV),
        ("text/tab-separated-values", "select", TSV),
        ("application/json", "select", JSON),
        ("application/xml", "select", XML),
        ("application/json", "graph", "application/ld+json"),
        # SPARQLWrapper's combined headers
        ("application/sparql-results+json,application/json,text/javascript,application/javascript", "select", JSON),
        ("application/sparql-results+xml", "select", XML),
        ("application/turtle,text/turtle", "graph", "text/turtle"),
        ("application/rdf+xml", "graph", "application/rdf+xml"),
        # weighted: the client's q decides over the server's preference
        ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "select", XML),
        ("application/sparql-results+json;q=0.1, text/tab-separated-values", "select", TSV),
        ("text/turtle;q=0.2, application/n-triples;q=0.8, */*;q=0.1", "graph", "application/n-triples"),
        ("application/ld+json; q=1.0, text/turtle; q=0.5", "graph", "application/ld+json"),
        # an exact type beats a wildcard of equal weight; a refused type is never chosen via a wildcard
        ("*/*, text/csv", "select", CSV),
        ("*/*;q=0.9, application/sparql-results+json;q=0", "select", XML),
        ("text/*", "select", CSV),
        ("text/*", "graph", "text/turtle"),
        ("application/*", "graph", "application/n-triples"),
        # rdflib's SPARQLStore and browsers
        ("application/sparql-results+xml, application/rdf+xml", "select", XML),
        ("application/sparql-results+xml, application/rdf+xml", "graph", "application/rdf+xml"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "select", XML),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "html", "text/html"),
        # parameters and spacing
        ("TEXT/CSV ; charset=utf-8", "select", CSV),
        ("application/n-quads;q=0.7,application/trig;q=0.7", "graph", "application/trig"),
        # nothing acceptable
        ("text/csv", "graph", None),
        ("text/turtle", "select", None),
        ("image/png", "select", None),
        ("text/csv;q=0", "select", None),
    ],
)
def test_choose_media_type(accept: str | None, kind: str, expected: str | None) -> None:
    assert choose_media_type(accept, kind) == expected


@given(st.text(max_size=200))
def test_accept_parsing_never_fails(header: str) -> None:
    for media, q in parse_accept(header):
        assert "/" in media and 0.0 <= q <= 1.0
    for kind in ("select", "ask", "graph", "html"):
        choose_media_type(header, kind)


# The endpoint, through FastAPI's test client on the sample store.


@pytest.fixture(scope="module")
def client(sample_store: Store) -> Iterator[TestClient]:
    app = create_app(Settings(store="memory:", write_token=None), sample_store)
    with TestClient(app) as c:
        yield c


def rows_of(response: httpx.Response) -> list[ox.QuerySolution]:
    fmt = {
        JSON: ox.QueryResultsFormat.JSON,
        XML: ox.QueryResultsFormat.XML,
        CSV: ox.QueryResultsFormat.CSV,
        TSV: ox.QueryResultsFormat.TSV,
    }
    media = response.headers["content-type"].split(";")[0]
    return list(ox.parse_query_results(response.content, format=fmt[media]))


def test_get_post_form_and_post_query_agree(client: TestClient) -> None:
    by_get = client.get("/sparql", params={"query": ARTICLES})
    by_form = client.post("/sparql", data={"query": ARTICLES})
    by_body = client.post("/sparql", content=ARTICLES.encode(), headers={"Content-Type": "application/sparql-query"})
    for r in (by_get, by_form, by_body):
        assert r.status_code == 200, r.text
        assert r.headers["content-type"].startswith(JSON)
    assert by_get.json() == by_form.json() == by_body.json()
    assert len(by_get.json()["results"]["bindings"]) >= 30


@pytest.mark.parametrize("media", [JSON, XML, CSV, TSV])
def test_select_in_every_results_format(client: TestClient, sample_store: Store, media: str) -> None:
    r = client.get("/sparql", params={"query": ARTICLES}, headers={"Accept": media})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == media
    expected = sample_store.select(ARTICLES)
    if media == CSV:  # lossy by design (no term types), so pyoxigraph does not parse it: read it as a table
        table = list(csv.reader(io.StringIO(r.text)))
        assert table[0] == ["a", "h"] and table[1:] == [[e["a"], e["h"]] for e in expected]
        return
    rows = rows_of(r)
    assert [str(row["a"].value) for row in rows] == [e["a"] for e in expected]
    assert [row["h"].value for row in rows] == [e["h"] for e in expected]


def test_csv_is_plain_values(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": ARTICLES}, headers={"Accept": CSV})
    table = list(csv.reader(io.StringIO(r.text)))
    assert table[0] == ["a", "h"]
    assert table[1][0].startswith("https://w3id.org/newskg/id/article/")


@pytest.mark.parametrize("media", [JSON, XML, CSV, TSV])
def test_ask_in_every_format(client: TestClient, media: str) -> None:
    r = client.get(
        "/sparql", params={"query": "ASK { ?a a <https://schema.org/NewsArticle> }"}, headers={"Accept": media}
    )
    assert r.status_code == 200, r.text
    if media in (JSON, XML):
        fmt = ox.QueryResultsFormat.JSON if media == JSON else ox.QueryResultsFormat.XML
        assert bool(ox.parse_query_results(r.content, format=fmt)) is True
    else:
        assert "true" in r.text


@pytest.mark.parametrize(
    "media, fmt",
    [
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/rdf+xml", ox.RdfFormat.RDF_XML),
        ("application/trig", ox.RdfFormat.TRIG),
        ("application/n-quads", ox.RdfFormat.N_QUADS),
    ],
)
def test_construct_in_every_rdf_format(client: TestClient, sample_store: Store, media: str, fmt: ox.RdfFormat) -> None:
    r = client.post("/sparql", data={"query": CONSTRUCT}, headers={"Accept": media})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == media
    triples = {(q.subject, q.predicate, q.object) for q in ox.parse(r.content, format=fmt)}
    assert len(triples) == len(sample_store.article_ids())


def test_describe(client: TestClient, sample_store: Store) -> None:
    article = "https://w3id.org/newskg/id/article/" + sample_store.article_ids()[0]
    r = client.get("/sparql", params={"query": f"DESCRIBE <{article}>"}, headers={"Accept": "application/n-triples"})
    assert r.status_code == 200
    assert f"<{article}> <https://schema.org/headline>" in r.text


def test_format_parameter_overrides_accept(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": ARTICLES, "format": "csv"}, headers={"Accept": JSON})
    assert r.headers["content-type"].startswith(CSV)
    r = client.get("/sparql", params={"query": CONSTRUCT, "format": "nt"})
    assert r.headers["content-type"].startswith("application/n-triples")


def test_unacceptable_type_is_406_naming_the_offer(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": CONSTRUCT}, headers={"Accept": "text/csv"})
    assert r.status_code == 406
    assert "text/turtle" in r.json()["detail"]


def test_default_and_named_graph_uri_narrow_the_dataset(client: TestClient, sample_store: Store) -> None:
    one, two = sample_store.article_ids()[:2]
    r = client.get("/sparql", params={"query": ARTICLES, "default-graph-uri": graph_iri(one)})
    assert [b["a"]["value"].rsplit("/", 1)[1] for b in r.json()["results"]["bindings"]] == [one]
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"
    r = client.post("/sparql", data={"query": query, "named-graph-uri": [graph_iri(one), graph_iri(two)]})
    assert [b["g"]["value"] for b in r.json()["results"]["bindings"]] == sorted([graph_iri(one), graph_iri(two)])
    r = client.post(
        "/sparql",
        content=query,
        params={"named-graph-uri": graph_iri(two)},
        headers={"Content-Type": "application/sparql-query"},
    )
    assert [b["g"]["value"] for b in r.json()["results"]["bindings"]] == [graph_iri(two)]


def test_default_graph_is_the_union_of_article_graphs(client: TestClient) -> None:
    def count(query: str) -> int:
        return int(client.get("/sparql", params={"query": query}).json()["results"]["bindings"][0]["n"]["value"])

    # A triple stated in several article graphs matches once per graph (as on Virtuoso); DISTINCT merges them.
    assert count("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == count(
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    )
    distinct = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { %s } }"
    assert count(distinct % "?s ?p ?o") == count(distinct % "GRAPH ?g { ?s ?p ?o }")


@pytest.mark.parametrize(
    "query, where",
    [
        ("SELECT * WHERE { ?s ?p }", "line 1, column 25: the query ends after '?s ?p }'; expected the rest of"),
        ("SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER(\n}", "line 4,"),
        ("SELECT * WHERE {\n  ?s schema:name ?o }", "line 2, column 17: prefix schema: is not declared; add PREFIX"),
        ("SELECT * { ?s ?p ?o } LIMIT x", "line 1, column 29: unexpected 'x' after '?o } LIMIT'"),
    ],
)
def test_syntax_error_is_400_with_position(client: TestClient, query: str, where: str) -> None:
    r = client.get("/sparql", params={"query": query})
    assert r.status_code == 400
    detail = r.json()["detail"]
    assert detail.startswith("SPARQL syntax error") and where in detail


@pytest.mark.parametrize(
    "kwargs, status",
    [
        ({"params": {"query": ""}}, 400),
        ({"content": b"query=x", "headers": {"Content-Type": "text/plain"}}, 415),
        ({"data": {"query": "ASK {}", "update": "CLEAR ALL"}}, 400),
        ({"content": b"\xff\xfe", "headers": {"Content-Type": "application/sparql-query"}}, 400),
        ({"params": {"query": "ASK {}", "default-graph-uri": "not an iri"}}, 400),
    ],
)
def test_bad_requests_are_4xx(client: TestClient, kwargs: dict, status: int) -> None:
    r = client.post("/sparql", **kwargs)
    assert r.status_code == status, r.text
    assert r.json()["detail"]


def test_service_is_refused(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"})
    assert r.status_code == 400
    assert "SERVICE" in r.json()["detail"]


def test_service_description(client: TestClient) -> None:
    r = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    sd = "http://www.w3.org/ns/sparql-service-description#"
    triples = {
        (q.subject.value if isinstance(q.subject, ox.NamedNode) else "_", q.predicate.value, q.object.value)
        for q in ox.parse(r.content, format=ox.RdfFormat.TURTLE)
    }
    endpoint = "http://testserver/sparql"
    assert ("http://testserver/sparql#service", sd + "endpoint", endpoint) in triples
    assert ("http://testserver/sparql#service", sd + "supportedLanguage", sd + "SPARQL11Query") in triples
    assert (
        "http://testserver/sparql#service",
        sd + "supportedLanguage",
        sd + "SPARQL11Update",
    ) not in triples  # no token
    assert ("http://testserver/sparql#service", sd + "feature", sd + "UnionDefaultGraph") in triples
    assert any(p == sd + "resultFormat" and o.endswith("SPARQL_Results_CSV") for _, p, o in triples)
    r = client.get("/sparql", headers={"Accept": "application/ld+json"})
    assert r.headers["content-type"].startswith("application/ld+json")
    r = client.get("/sparql", headers={"Accept": "text/html"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].endswith("/query")


def test_writes_are_closed_without_a_token(client: TestClient) -> None:
    r = client.post("/sparql", data={"update": "CLEAR ALL"}, headers={"Authorization": "Bearer anything"})
    assert r.status_code == 403
    r = client.post(
        "/articles",
        json={"id": "x", "text": "Mette Frederiksen visited Aarhus."},
        headers={"Authorization": "Bearer anything"},
    )
    assert r.status_code == 403


# Limits


def test_result_rows_are_capped_with_a_marker(sample_store: Store) -> None:
    app = create_app(Settings(store="memory:", max_result_rows=3), sample_store)
    with TestClient(app) as c:
        r = c.get("/sparql", params={"query": ARTICLES})
        assert len(r.json()["results"]["bindings"]) == 3
        assert r.headers["x-sparql-truncated"].startswith("true")
        assert "urn:newskg:result-truncated" in r.json()["head"]["link"]
        r = c.get("/sparql", params={"query": ARTICLES}, headers={"Accept": XML})
        assert len(rows_of(r)) == 3 and "urn:newskg:result-truncated" in r.text
        r = c.get("/sparql", params={"query": CONSTRUCT}, headers={"Accept": "application/n-triples"})
        assert len(r.text.strip().splitlines()) == 3 and "x-sparql-truncated" in r.headers
        r = c.get("/sparql", params={"query": ARTICLES + " LIMIT 2"})
        assert len(r.json()["results"]["bindings"]) == 2 and "x-sparql-truncated" not in r.headers


def test_query_length_is_limited(sample_store: Store) -> None:
    app = create_app(Settings(store="memory:", max_query_chars=200), sample_store)
    with TestClient(app) as c:
        r = c.post("/sparql", data={"query": "ASK {}" + " " * 300})
        assert r.status_code == 413 and "200" in r.json()["detail"]


@pytest.fixture(scope="module")
def disk_store(sample_store: Store, tmp_path_factory) -> Iterator[OxigraphStore]:
    """The sample articles in an on-disk store: queries then run in worker processes that can be stopped."""
    store = OxigraphStore(tmp_path_factory.mktemp("disk") / "store")
    out = io.BytesIO()
    sample_store.dump(out)
    store.load(io.BytesIO(out.getvalue()))
    yield store
    store.close()


def test_timeout_stops_the_query_and_answers_an_error(disk_store: OxigraphStore) -> None:
    app = create_app(Settings(store="memory:", query_timeout=1.0, query_workers=1), disk_store)
    with TestClient(app) as c:
        assert c.get("/sparql", params={"query": ARTICLES}).status_code == 200  # starts the worker
        runner = app.state.services.runner
        assert isinstance(runner, ProcessQueryRunner)
        [pid] = runner.worker_pids()
        started = time.monotonic()
        r = c.get("/sparql", params={"query": ENDLESS})
        elapsed = time.monotonic() - started
        assert r.status_code == 503 and "time limit of 1 s" in r.json()["detail"]
        assert elapsed < 5
        assert runner.killed == 1
        with pytest.raises(ProcessLookupError):  # the worker that ran it is gone: the work really stopped
            import os

            os.kill(pid, 0)
        r = c.get("/sparql", params={"query": ARTICLES})  # a fresh worker serves the next query
        assert r.status_code == 200 and len(r.json()["results"]["bindings"]) >= 30
        runner.close()


def test_worker_processes_see_writes_made_before_the_query(disk_store: OxigraphStore) -> None:
    app = create_app(Settings(store="memory:", write_token=TOKEN, query_workers=2), disk_store)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    g = graph_iri("protocol-write-test")
    with TestClient(app) as c:
        ask = {"query": f"ASK {{ GRAPH <{g}> {{ ?s ?p ?o }} }}"}
        assert c.get("/sparql", params=ask).json()["boolean"] is False
        r = c.post(
            "/sparql", data={"update": f'INSERT DATA {{ GRAPH <{g}> {{ <urn:x:a> <urn:x:b> "c" }} }}'}, headers=auth
        )
        assert r.status_code == 204, r.text
        assert c.get("/sparql", params=ask).json()["boolean"] is True
        c.post("/sparql", data={"update": f"DROP GRAPH <{g}>"}, headers=auth)
        assert c.get("/sparql", params=ask).json()["boolean"] is False
        app.state.services.runner.close()


def test_server_with_queries_in_memory_answers_from_the_disk_and_sees_posted_articles(tmp_path, monkeypatch) -> None:
    seeded = OxigraphStore(tmp_path / "kg")
    seeded.update('INSERT DATA { GRAPH <https://w3id.org/newskg/graph/seed> { <urn:x:s> <urn:x:p> "seeded" } }')
    seeded.close()
    monkeypatch.setenv("NEWSKG_QUERIES_IN_MEMORY", "yes")
    app = create_app(Settings.from_env(store=str(tmp_path / "kg"), write_token=TOKEN))
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with TestClient(app) as c:
        assert type(app.state.services.store).__name__ == "InMemoryQueryStore"
        seed = c.get("/sparql", params={"query": "ASK { ?s <urn:x:p> \"seeded\" }"})
        assert seed.json()["boolean"] is True
        r = c.post(
            "/articles", json={"id": "mem-1", "text": "Mette Frederiksen visited Aarhus on Monday."}, headers=auth
        )
        assert r.status_code in (200, 201), r.text
        ask = {"query": f"ASK {{ GRAPH <{graph_iri('mem-1')}> {{ ?s ?p ?o }} }}"}
        assert c.get("/sparql", params=ask).json()["boolean"] is True
    reopened = OxigraphStore(tmp_path / "kg")  # the posted article is on disk, not only in memory
    assert "mem-1" in reopened.article_ids()
    reopened.close()


def test_queries_in_memory_setting_rejects_nonsense(monkeypatch) -> None:
    monkeypatch.setenv("NEWSKG_QUERIES_IN_MEMORY", "maybe")
    with pytest.raises(ValueError, match="NEWSKG_QUERIES_IN_MEMORY"):
        Settings.from_env()


# Writes with the token


@pytest.fixture
def writable() -> Iterator[tuple[TestClient, Store]]:
    store = OxigraphStore(None)
    app = create_app(Settings(store="memory:", write_token=TOKEN), store)
    with TestClient(app) as c:
        yield c, store


ARTICLE = {
    "id": "post-1",
    "title": "Harbour plan approved",
    "text": "Mette Frederiksen said on Monday that the harbour plan in Aarhus was approved by Aarhus Kommune.",
    "published": "2026-03-02",
    "source": "Test Wire",
    "lang": "en",
}


@pytest.mark.parametrize("header", [None, "Bearer wrong", "Basic czNjcmV0LXRva2Vu", f"bearer {TOKEN}x"])
def test_writes_need_the_right_token(writable, header: str | None) -> None:
    c, store = writable
    headers = {"Authorization": header} if header else {}
    r = c.post("/articles", json=ARTICLE, headers=headers)
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    r = c.post(
        "/sparql",
        data={"update": f'INSERT DATA {{ GRAPH <{graph_iri("x")}> {{ <urn:a> <urn:b> "c" }} }}'},
        headers=headers,
    )
    assert r.status_code == 401
    assert store.article_ids() == []


def test_post_articles_ingests_and_reposting_adds_no_duplicates(writable) -> None:
    c, store = writable
    auth = {"Authorization": f"Bearer {TOKEN}"}
    r = c.post("/articles", json=ARTICLE, headers=auth)
    assert r.status_code == 201, r.text
    assert r.json()["ids"] == ["post-1"]
    quads = store.count_quads()
    assert quads > 10
    r = c.post("/articles", json=[ARTICLE], headers=auth)
    assert r.status_code == 201
    assert store.count_quads() == quads
    lines = "\n".join(json.dumps({**ARTICLE, "id": f"post-{i}"}) for i in range(2, 4)) + "\nnot json\n"
    r = c.post("/articles", content=lines.encode(), headers={**auth, "Content-Type": "application/x-ndjson"})
    assert r.status_code == 207
    assert r.json()["ingested"] == 2 and r.json()["failed"] == 1 and "invalid JSON" in r.json()["errors"][0]
    assert store.article_ids() == ["post-1", "post-2", "post-3"]
    r = c.get("/sparql", params={"query": "SELECT ?h WHERE { ?a <https://schema.org/headline> ?h }"})
    assert {b["h"]["value"] for b in r.json()["results"]["bindings"]} == {"Harbour plan approved"}


def test_post_articles_body_size_is_limited() -> None:
    app = create_app(Settings(store="memory:", write_token=TOKEN, max_body_bytes=1000), OxigraphStore(None))
    with TestClient(app) as c:
        r = c.post("/articles", json={**ARTICLE, "text": "word " * 400}, headers={"Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 413 and "1,000" in r.json()["detail"]


@pytest.mark.parametrize(
    "body, content_type, status",
    [
        (b"{not json", "application/json", 400),
        (b"[]", "application/json", 400),
        (b'{"id": "x"}', "application/json", 400),
        (b'{"id": "x", "text": 5}', "application/json", 400),
        (b"id,text", "text/csv", 415),
    ],
)
def test_post_articles_rejects_bad_bodies(writable, body: bytes, content_type: str, status: int) -> None:
    c, store = writable
    r = c.post("/articles", content=body, headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": content_type})
    assert r.status_code == status, r.text
    assert store.article_ids() == []


@pytest.mark.parametrize(
    "update, fragment",
    [
        ('INSERT DATA { <urn:a> <urn:b> "c" }', "default graph"),
        ('INSERT DATA { GRAPH <urn:other> { <urn:a> <urn:b> "c" } }', "not an article graph"),
        ("INSERT { GRAPH ?g { ?s <urn:b> 1 } } WHERE { GRAPH ?g { ?s ?p ?o } }", "variable"),
        ("INSERT { ?s <urn:b> 1 } WHERE { ?s ?p ?o }", "default graph"),
        ("LOAD <http://127.0.0.1:9/data.ttl>", "LOAD"),
        (f"COPY <{graph_iri('a')}> TO DEFAULT", "DEFAULT"),
        ("CREATE GRAPH <urn:g>", "article graphs"),
    ],
)
def test_updates_that_break_the_invariants_are_refused(writable, update: str, fragment: str) -> None:
    c, store = writable
    r = c.post("/sparql", data={"update": update}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 400
    assert fragment in r.json()["detail"]
    assert store.count_quads() == 0


def test_updates_into_article_graphs(writable) -> None:
    c, store = writable
    auth = {"Authorization": f"Bearer {TOKEN}"}
    g = graph_iri("manual-1")
    update = f'INSERT DATA {{ GRAPH <{g}> {{ <urn:x:a> <urn:x:b> "c" }} }}'
    for _ in range(2):  # twice: a graph is a set, no duplicates
        r = c.post("/sparql", content=update.encode(), headers={**auth, "Content-Type": "application/sparql-update"})
        assert r.status_code == 204, r.text
    assert store.count_quads() == 1 and store.article_ids() == ["manual-1"]
    r = c.post(
        "/sparql",
        data={"update": f'WITH <{g}> INSERT {{ ?s <urn:x:d> "e" }} WHERE {{ ?s <urn:x:b> "c" }}'},
        headers=auth,
    )
    assert r.status_code == 204 and store.count_quads() == 2
    r = c.post("/sparql", data={"update": "INSERT DATA { GRAPH <x:g> { <a:b> <a:c> } }"}, headers=auth)
    assert r.status_code == 400 and "syntax" in r.json()["detail"].lower()
    r = c.post("/sparql", data={"update": f"DROP GRAPH <{g}>"}, headers=auth)
    assert r.status_code == 204 and store.count_quads() == 0


def test_service_description_lists_update_when_a_token_is_set(writable) -> None:
    c, _ = writable
    r = c.get("/sparql", headers={"Accept": "application/n-triples"})
    assert "<http://www.w3.org/ns/sparql-service-description#SPARQL11Update>" in r.text


def test_queries_do_not_block_ingest(disk_store: OxigraphStore, tmp_path) -> None:
    """A long query runs while an article is ingested over HTTP; the ingest finishes first."""
    store = OxigraphStore(tmp_path / "concurrent")
    out = io.BytesIO()
    disk_store.dump(out)
    store.load(io.BytesIO(out.getvalue()))
    app = create_app(Settings(store="memory:", write_token=TOKEN, query_timeout=4.0, query_workers=1), store)
    with TestClient(app) as c:
        c.get("/sparql", params={"query": "ASK {}"})  # warm the worker and the pipeline
        c.post("/articles", json={**ARTICLE, "id": "warm"}, headers={"Authorization": f"Bearer {TOKEN}"})
        finished: dict[str, float] = {}

        def slow_query() -> None:
            c.get("/sparql", params={"query": ENDLESS})
            finished["query"] = time.monotonic()

        thread = threading.Thread(target=slow_query)
        thread.start()
        time.sleep(0.3)
        r = c.post("/articles", json=ARTICLE, headers={"Authorization": f"Bearer {TOKEN}"})
        finished["ingest"] = time.monotonic()
        assert r.status_code == 201
        thread.join()
        assert finished["ingest"] < finished["query"]
        app.state.services.runner.close()
    store.close()


# Graph Store Protocol (read)


@pytest.mark.parametrize(
    "media, fmt",
    [
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/n-quads", ox.RdfFormat.N_QUADS),
        ("application/trig", ox.RdfFormat.TRIG),
    ],
)
def test_graph_store_get(client: TestClient, sample_store: Store, media: str, fmt: ox.RdfFormat) -> None:
    aid = sample_store.article_ids()[0]
    r = client.get("/rdf-graphs", params={"graph": graph_iri(aid)}, headers={"Accept": media})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)
    quads = list(ox.parse(r.content, format=fmt))
    expected = sample_store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_iri(aid)}> {{ ?s ?p ?o }} }}")[0][
        "n"
    ]
    assert len(quads) == expected
    if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
        assert {q.graph_name.value for q in quads} == {graph_iri(aid)}
    same = client.get("/rdf-graphs", params={"article": aid}, headers={"Accept": media})
    assert same.content == r.content


@pytest.mark.parametrize(
    "params, headers, status",
    [
        ({"graph": graph_iri("no-such-article")}, {}, 404),
        ({"graph": "https://example.org/other"}, {}, 404),
        ({"graph": "not an iri"}, {}, 400),
        ({}, {}, 400),
        ({"default": ""}, {}, 400),
        ({"article": "x", "graph": graph_iri("x")}, {}, 400),
        ({"article": "PLACEHOLDER"}, {"Accept": "text/csv"}, 406),
    ],
)
def test_graph_store_errors(client: TestClient, sample_store: Store, params: dict, headers: dict, status: int) -> None:
    if params.get("article") == "PLACEHOLDER":
        params = {"article": sample_store.article_ids()[0]}
    r = client.get("/rdf-graphs", params=params, headers=headers)
    assert r.status_code == status
    assert r.json()["detail"]


# The query page


def test_query_page_works_offline(client: TestClient, monkeypatch) -> None:
    monkeypatch.setattr("api.routes.query.yasgui_installed", lambda: False)
    page = client.get("/query")
    assert page.status_code == 200 and "<textarea" in page.text
    assert "the YASGUI editor is not installed" in page.text  # the fallback says so
    for asset in ("query/assets/sparql.js", "query/assets/sparql.css"):
        assert asset in page.text
        r = client.get("/" + asset)
        assert r.status_code == 200
        assert not re.search(r"(fetch|import|src\s*=)\s*\(?\s*[\"'](https?:)?//", r.text)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page.text)  # nothing loaded from elsewhere
    assert client.get("/query/assets/other.js").status_code == 404


def test_yasgui_page_works_offline(client: TestClient) -> None:
    from api.routes.query import yasgui_installed

    if not yasgui_installed():
        pytest.skip("YASGUI is not built (python -m api.build_assets)")
    page = client.get("/query")
    assert page.status_code == 200 and 'id="yasgui"' in page.text and "not installed" not in page.text
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page.text)
    for asset in re.findall(r"""(?:src|href)="(query/assets/[^"]+)""", page.text):
        r = client.get("/" + asset)
        assert r.status_code == 200, asset
        if asset.endswith(".css"):
            assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", r.text), asset
    assert client.get("/query/prefixes.json").json()["schema"] == "https://schema.org/"


def test_example_queries_all_answer_on_the_samples(client: TestClient) -> None:
    listed = client.get("/query/examples.json").json()
    assert len(listed) >= 12 and listed == examples()
    for example in listed:
        r = client.post("/sparql", data={"query": example["query"]}, headers={"Accept": f"{JSON}, text/turtle;q=0.9"})
        assert r.status_code == 200, (example["title"], r.text)
        if r.headers["content-type"].startswith(JSON):
            assert r.json()["results"]["bindings"], f"no rows: {example['title']}"
        else:
            assert list(ox.parse(r.content, format=ox.RdfFormat.TURTLE)), f"no triples: {example['title']}"


# Parsers of user input: the query form sniffer (remote store), the update checks and remote locations.


@pytest.mark.parametrize(
    "query, form",
    [
        ("SELECT * WHERE { ?s ?p ?o }", "select"),
        ("  # a comment with SELECT in it\nask {}", "ask"),
        ("PREFIX s: <http://s/#>\nBASE <http://b/>\nPREFIX : <x:>\nCONSTRUCT WHERE { ?s ?p ?o }", "construct"),
        ("prefix ex:<http://e/> describe ex:a", "describe"),
        ("define sql:big-data-const 0 SELECT * {}", "select"),
    ],
)
def test_query_form(query: str, form: str) -> None:
    from graph.store.remote import query_form

    assert query_form(query) == form


@given(
    st.lists(
        st.sampled_from(["PREFIX a: <http://a/#x> ", "# SELECT?\n", "BASE <http://b/> ", "\n\t", "prefix : <u:> "]),
        max_size=6,
    ),
    st.sampled_from(["SELECT", "ask", "Construct", "DESCRIBE"]),
)
def test_query_form_skips_any_prologue(prologue: list[str], keyword: str) -> None:
    from graph.store.remote import query_form

    assert query_form("".join(prologue) + keyword + " { }") == keyword.lower()


@given(st.text(max_size=120))
def test_query_form_and_update_checks_fail_cleanly_on_anything(text: str) -> None:
    from graph.sparql.update_guard import UpdateRefused, check_update
    from graph.store import QuerySyntaxError
    from graph.store.remote import query_form

    try:
        query_form(text)
    except QuerySyntaxError:
        pass
    if "LOAD" in text.upper() or "SERVICE" in text.upper():
        return  # never run text that could fetch a URL, even on an empty store
    try:
        check_update(text)
    except (QuerySyntaxError, UpdateRefused):
        pass


@pytest.mark.parametrize(
    "location, query_url, update_url",
    [
        ("sparql+http://127.0.0.1:8890/sparql", "http://127.0.0.1:8890/sparql", "http://127.0.0.1:8890/sparql"),
        (
            "sparql+https://u:p%40ss@example.org/ds/sparql?update=https://example.org/ds/update&auth=basic",
            "https://example.org/ds/sparql",
            "https://example.org/ds/update",
        ),
    ],
)
def test_remote_locations(location: str, query_url: str, update_url: str) -> None:
    from graph.store import open_store

    store = open_store(location)
    try:
        assert (store.query_url, store.update_url) == (query_url, update_url)
    finally:
        store.close()


@pytest.mark.parametrize(
    "location, fragment",
    [
        ("sparql+http:///sparql", "no host"),
        ("sparql+http://h/sparql?user=x", "unknown option"),
        ("sparql+http://u:p@h/sparql?auth=ntlm", "auth must be"),
        ("sparql+http://h/sparql?timeout=soon", "timeout"),
    ],
)
def test_bad_remote_locations(location: str, fragment: str) -> None:
    from graph.store import StoreError, open_store

    with pytest.raises(StoreError, match=fragment):
        open_store(location)


def test_unreachable_remote_store_is_a_clear_error() -> None:
    from graph.store import StoreError, open_store
    from tests.support.server import free_port

    store = open_store(f"sparql+http://127.0.0.1:{free_port()}/sparql")
    with pytest.raises(StoreError, match="cannot reach"):
        store.query("ASK {}")
    store.close()
