"""Real SPARQL clients (SPARQLWrapper, rdflib's SPARQLStore) against a live uvicorn server on 127.0.0.1.

Each test runs twice: on the embedded store and on a store that lives in Virtuoso (RemoteSparqlStore), both
holding the sample articles ingested through the normal ingest path.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

from graph.store import Store
from tests.support.server import LiveServer, live_server

HEADLINES = """PREFIX schema: <https://schema.org/>
SELECT ?article ?headline WHERE { ?article a schema:NewsArticle ; schema:headline ?headline } ORDER BY ?article"""
PEOPLE = """PREFIX schema: <https://schema.org/>
SELECT ?person (COUNT(DISTINCT ?article) AS ?n) WHERE { ?article schema:mentions ?person . ?person a schema:Person }
GROUP BY ?person ORDER BY DESC(?n) ?person LIMIT 5"""


@pytest.fixture(scope="module", params=["embedded", pytest.param("virtuoso", marks=pytest.mark.virtuoso)])
def backend(request, sample_store: Store) -> Iterator[tuple[LiveServer, Store]]:
    store = sample_store if request.param == "embedded" else request.getfixturevalue("virtuoso_sample_store")
    with live_server(store) as server:
        yield server, store


def expected_headlines(sample_store: Store) -> list[tuple[str, str]]:
    return [(r["article"], r["headline"]) for r in sample_store.select(HEADLINES)]


def wrapper(server: LiveServer, query: str, fmt: str) -> SPARQLWrapper:
    client = SPARQLWrapper(f"{server.url}/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setTimeout(30)
    return client


def test_sparqlwrapper_json(backend, sample_store: Store) -> None:
    server, _ = backend
    data = wrapper(server, HEADLINES, JSON).query().convert()
    got = [(b["article"]["value"], b["headline"]["value"]) for b in data["results"]["bindings"]]
    assert got == expected_headlines(sample_store)
    assert len(got) >= 30


def test_sparqlwrapper_json_aggregate(backend, sample_store: Store) -> None:
    server, _ = backend
    data = wrapper(server, PEOPLE, JSON).query().convert()
    got = [(b["person"]["value"], int(b["n"]["value"])) for b in data["results"]["bindings"]]
    assert got == [(r["person"], r["n"]) for r in sample_store.select(PEOPLE)]


def test_sparqlwrapper_xml(backend, sample_store: Store) -> None:
    server, _ = backend
    doc = wrapper(server, HEADLINES, XML).query().convert()  # an xml.dom.minidom Document
    ns = "http://www.w3.org/2005/sparql-results#"
    got = []
    for result in doc.getElementsByTagNameNS(ns, "result"):
        values = {}
        for binding in result.getElementsByTagNameNS(ns, "binding"):
            values[binding.getAttribute("name")] = binding.firstChild.firstChild.nodeValue
        got.append((values["article"], values["headline"]))
    assert got == expected_headlines(sample_store)


def test_sparqlwrapper_csv(backend, sample_store: Store) -> None:
    server, _ = backend
    raw = wrapper(server, HEADLINES, CSV).query().convert()
    table = list(csv.reader(io.StringIO(raw.decode("utf-8"))))
    assert table[0] == ["article", "headline"]
    assert [tuple(row) for row in table[1:]] == expected_headlines(sample_store)


def test_sparqlwrapper_construct_turtle(backend, sample_store: Store) -> None:
    server, _ = backend
    query = """PREFIX schema: <https://schema.org/>
CONSTRUCT { ?article schema:headline ?headline } WHERE { ?article a schema:NewsArticle ; schema:headline ?headline }"""
    client = wrapper(server, query, TURTLE)
    raw = client.query().convert()
    g = rdflib.Graph().parse(data=raw, format="turtle")
    got = sorted((str(s), str(o)) for s, _, o in g)
    assert got == sorted(expected_headlines(sample_store))


def test_sparqlwrapper_ask(backend, sample_store: Store) -> None:
    server, _ = backend
    aid = sample_store.article_ids()[0]
    yes = f"ASK {{ <https://w3id.org/newskg/id/article/{aid}> a <https://schema.org/NewsArticle> }}"
    no = "ASK { <https://w3id.org/newskg/id/article/no-such-article> ?p ?o }"
    assert wrapper(server, yes, JSON).query().convert()["boolean"] is True
    assert wrapper(server, no, JSON).query().convert()["boolean"] is False


def test_sparqlwrapper_post(backend, sample_store: Store) -> None:
    server, _ = backend
    client = wrapper(server, HEADLINES, JSON)
    client.setMethod("POST")
    data = client.query().convert()
    assert len(data["results"]["bindings"]) == len(expected_headlines(sample_store))


def test_rdflib_sparqlstore(backend, sample_store: Store) -> None:
    server, _ = backend
    store = SPARQLStore(f"{server.url}/sparql", returnFormat="json")
    graph = rdflib.Graph(store=store)
    rows = list(graph.query(HEADLINES))
    assert [(str(r.article), str(r.headline)) for r in rows] == expected_headlines(sample_store)
    headline = rdflib.URIRef("https://schema.org/headline")
    aid, title = expected_headlines(sample_store)[0]
    assert str(graph.value(rdflib.URIRef(aid), headline)) == title
    assert (rdflib.URIRef(aid), headline, None) in graph
    store.close()


def test_rdflib_sparqlstore_default_xml(backend, sample_store: Store) -> None:
    """rdflib's own default: SPARQL XML results."""
    server, _ = backend
    graph = rdflib.Graph(store=SPARQLStore(f"{server.url}/sparql"))
    rows = list(graph.query(PEOPLE))
    assert [(str(r.person), int(r.n)) for r in rows] == [(r["person"], r["n"]) for r in sample_store.select(PEOPLE)]
