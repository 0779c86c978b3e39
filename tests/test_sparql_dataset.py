"""The dataset of a query as SPARQL 1.1 says, on every backend: FROM / FROM NAMED narrow it, the protocol's
default-graph-uri / named-graph-uri replace it, and only a query with no dataset sees the union of all graphs.
Also relative IRIs against a base, and the lexer that finds FROM / USING / WHERE.

Each test writes articles with unique ids and asserts only about them (the Virtuoso server is shared).
"""
from __future__ import annotations

import uuid
from collections.abc import Iterator

import httpx
import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.rdf.iris import graph_iri
from graph.rdf.mapping import MappedArticle
from graph.rdf.namespaces import ENTITIES_GRAPH
from graph.sparql.dataset import (
    DatasetConflict,
    has_dataset_clause,
    reads_default_graph,
    top_level_keywords,
    with_union_default,
    with_using,
)
from graph.store import Store, open_store
from graph.store.oxigraph import OxigraphStore
from tests.support.server import LiveServer, live_server

EX = "https://example.org/dataset/"
TOKEN = "dataset-token"


@pytest.fixture(scope="module")
def server() -> Iterator[LiveServer]:
    with live_server(OxigraphStore(None), write_token=TOKEN) as s:
        yield s


@pytest.fixture(params=["memory", "disk+memory-queries", pytest.param("virtuoso", marks=pytest.mark.virtuoso)])
def store(request, tmp_path) -> Iterator[Store]:
    if request.param == "memory":
        st: Store = OxigraphStore(None)
    elif request.param == "disk+memory-queries":
        st = open_store(tmp_path / "store", queries_in_memory=True)
    else:
        st = open_store(request.getfixturevalue("virtuoso_server").location)
    yield st
    st.close()


def unique(prefix: str = "d") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def article(aid: str, own: list[tuple[str, str]], shared: list[tuple[str, str]] = ()) -> MappedArticle:
    """An article whose `own` facts (subject, label) are in its graph and `shared` ones in the entities graph."""
    g = ox.NamedNode(graph_iri(aid))
    label = ox.NamedNode(EX + "label")
    quads = [ox.Quad(ox.NamedNode(EX + s), label, ox.Literal(o), g) for s, o in own]
    quads += [ox.Quad(ox.NamedNode(EX + s), label, ox.Literal(o), ox.NamedNode(ENTITIES_GRAPH)) for s, o in shared]
    return MappedArticle(aid, g, quads)


@pytest.fixture
def two_articles(store: Store) -> tuple[str, str, str]:
    """Two articles, a's subject only in a's graph, b's only in b's, an entity described in the entities graph."""
    a, b, e = unique(), unique(), unique("entity")
    store.replace_articles([article(a, [(a, "in a")], [(e, "an entity")]), article(b, [(b, "in b")])])
    return a, b, e


def subjects(store: Store, sparql: str, **dataset) -> set[str]:
    return {r["s"].value for r in store.query(sparql, **dataset)}


def test_no_dataset_sees_the_union(store: Store, two_articles) -> None:
    a, b, e = two_articles
    assert {EX + a, EX + b, EX + e} <= subjects(store, f"SELECT ?s {{ ?s <{EX}label> ?o }}")


def test_from_narrows_the_default_graph(store: Store, two_articles) -> None:
    a, b, _ = two_articles
    assert not store.ask(f"ASK FROM <{graph_iri(a)}> {{ <{EX}{b}> ?p ?o }}")
    assert store.ask(f"ASK FROM <{graph_iri(a)}> {{ <{EX}{a}> ?p ?o }}")


def test_from_an_article_graph_and_the_entities_graph(store: Store, two_articles) -> None:
    a, b, e = two_articles
    got = subjects(store, f"SELECT ?s FROM <{graph_iri(a)}> FROM <{ENTITIES_GRAPH}> {{ ?s <{EX}label> ?o }}")
    assert EX + a in got and EX + e in got and EX + b not in got


def test_from_named_alone_leaves_the_default_graph_empty(store: Store, two_articles) -> None:
    a, b, _ = two_articles
    q = (
        f"SELECT ?s ?g FROM NAMED <{graph_iri(b)}> "
        f"WHERE {{ {{ ?s <{EX}label> ?o }} UNION {{ GRAPH ?g {{ ?s ?p ?o }} }} }}"
    )
    rows = list(store.query(q))
    assert {(r["s"].value, r["g"].value if r["g"] else None) for r in rows} == {(EX + b, graph_iri(b))}


def test_protocol_dataset_replaces_the_querys(store: Store, two_articles) -> None:
    a, b, _ = two_articles
    q = f"SELECT ?s FROM <{graph_iri(a)}> {{ ?s <{EX}label> ?o }}"
    assert subjects(store, q, default_graph=[graph_iri(b)]) == {EX + b}


def test_named_graph_uri_replaces_from_named(store: Store, two_articles) -> None:
    a, b, _ = two_articles
    q = f"SELECT ?s FROM NAMED <{graph_iri(a)}> {{ GRAPH ?g {{ ?s <{EX}label> ?o }} }}"
    assert subjects(store, q) == {EX + a}
    assert subjects(store, q, default_graph=[], named_graphs=[graph_iri(b)]) == {EX + b}


def test_relative_iris_resolve_against_the_base(store: Store, two_articles) -> None:
    a, _, _ = two_articles
    assert bool(store.query(f"ASK {{ <{a}> <label> ?o }}", base_iri=EX))
    assert bool(store.query(f"BASE <{EX}> ASK {{ <{a}> <label> ?o }}", base_iri="http://elsewhere.example/"))


def test_update_where_reads_the_union_as_queries_do(store: Store, two_articles) -> None:
    """An update whose WHERE names no dataset reads the same default graph as a query: the union of the graphs
    (Virtuoso's default; the embedded store, whose own default graph is empty, gets every graph as USING)."""
    a, b, e = two_articles
    target = graph_iri(a)
    store.update(
        f"INSERT {{ GRAPH <{target}> {{ ?s <{EX}seen> true }} }} WHERE {{ ?s <{EX}label> ?o }}"
    )
    seen = f"SELECT ?s {{ GRAPH <{target}> {{ ?s <{EX}seen> true }} }}"
    assert subjects(store, seen) >= {EX + a, EX + b, EX + e}
    # GRAPH ?g beside a default-graph pattern still ranges over every graph.
    store.update(
        f"DELETE {{ GRAPH <{target}> {{ ?s <{EX}seen> true }} }} "
        f"WHERE {{ ?s <{EX}label> ?o . GRAPH ?g {{ ?s <{EX}label> ?o }} FILTER(?g = <{graph_iri(b)}>) }}"
    )
    assert EX + b not in subjects(store, seen) and EX + a in subjects(store, seen)


@pytest.mark.parametrize(
    "update, expected",
    [
        ("INSERT { GRAPH <g> { ?s a <C> } } WHERE { ?s ?p ?o }", True),
        ("INSERT { GRAPH <g> { ?s a <C> } } WHERE { GRAPH ?g { ?s ?p ?o } }", False),
        ("INSERT { GRAPH <g> { ?s a <C> } } WHERE { GRAPH ?g { ?s ?p ?o } OPTIONAL { ?s <q> ?x } }", True),
        ("INSERT { GRAPH <g> { ?s a <C> } } WHERE { GRAPH ?g { ?s ?p ?o } FILTER EXISTS { ?s <q> ?x } }", True),
        ("INSERT { GRAPH <g> { ?s a <C> } } USING <h> WHERE { ?s ?p ?o }", False),
        ("WITH <h> INSERT { ?s a <C> } WHERE { ?s ?p ?o }", False),
        ("DELETE WHERE { ?s ?p ?o }", False),
        ("INSERT DATA { GRAPH <g> { <s> <p> <o> } }", False),
        ("DELETE WHERE { GRAPH <g> { <s> ?p ?o } } ; INSERT DATA { GRAPH <g> { <s> <p> 'DELETE where' } }", False),
        ("INSERT DATA { GRAPH <g> { <s> <p> 'delete where' } } ; INSERT { GRAPH <g> { ?s a <C> } } WHERE { ?s ?p ?o }",
         True),
        ("DELETE { GRAPH <g> { ?s a <C> } }\n  WHERE { ?s ?p ?o }", True),
        ("INSERT { GRAPH <g> { ?s a <C> } } WHERE { ?s ?p", False),  # does not parse: the store's parser says why
    ],
)
def test_reads_default_graph(update: str, expected: bool) -> None:
    assert reads_default_graph("BASE <http://example.org/> " + update) is expected


def test_store_writes_never_list_the_graphs() -> None:
    """The store's own writes (DELETE WHERE, INSERT DATA, DROP) are told apart without listing every graph: the
    story keeper writes once per article, and listing 10k graphs each time made ingest several times slower."""
    def graphs() -> list[str]:
        raise AssertionError("graphs listed for an update that does not read the default graph")

    for update in (
        "DELETE WHERE { GRAPH <g> { <s> ?p ?o } } ; INSERT DATA { GRAPH <g> { <s> <p> 'where' } }",
        "DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> { <s> <p> <o> } }",
        "DELETE { GRAPH <g> { ?s ?p ?o } } WHERE { GRAPH <g> { ?s ?p ?o } }",
    ):
        assert with_union_default(update, graphs) == update
    assert "USING NAMED <g1>" in with_union_default("INSERT { GRAPH <g> { ?s a <C> } } WHERE { ?s ?p ?o }",
                                                   lambda: ["g1"])


# Over HTTP: the example, and the protocol's errors.


def _post_query(server: LiveServer, query: str, params: dict | None = None) -> httpx.Response:
    return httpx.post(
        server.url + "/sparql", params=params, content=query.encode(),
        headers={"content-type": "application/sparql-query", "accept": "application/sparql-results+json"},
    )


def _update(server: LiveServer, update: str, params: dict | None = None) -> httpx.Response:
    return httpx.post(
        server.url + "/sparql", params=params, content=update.encode(),
        headers={"content-type": "application/sparql-update", "authorization": f"Bearer {TOKEN}"},
    )


def test_http_from_clause_is_honoured(server: LiveServer) -> None:
    g1, g2 = graph_iri(unique()), graph_iri(unique())
    data = f"INSERT DATA {{ GRAPH <{g1}> {{ <{EX}x> <{EX}p> 1 }} GRAPH <{g2}> {{ <{EX}y> <{EX}p> 2 }} }}"
    assert _update(server, data).status_code == 204
    assert _post_query(server, f"ASK FROM <{g1}> {{ <{EX}y> ?p ?o }}").json()["boolean"] is False
    assert _post_query(server, f"ASK {{ <{EX}y> ?p ?o }}").json()["boolean"] is True
    # default-graph-uri wins over FROM
    assert _post_query(server, f"ASK FROM <{g1}> {{ <{EX}y> ?p ?o }}", {"default-graph-uri": g2}).json()["boolean"]


def test_http_update_with_using_graph_uri(server: LiveServer) -> None:
    g1, g2, target = graph_iri(unique()), graph_iri(unique()), graph_iri(unique())
    _update(server, f"INSERT DATA {{ GRAPH <{g1}> {{ <{EX}x> a <{EX}C> }} GRAPH <{g2}> {{ <{EX}y> a <{EX}C> }} }}")
    r = _update(server, f"INSERT {{ GRAPH <{target}> {{ ?s a <{EX}D> }} }} WHERE {{ ?s a <{EX}C> }}",
                {"using-graph-uri": g1})
    assert r.status_code == 204, r.text
    got = _post_query(server, f"SELECT ?s {{ GRAPH <{target}> {{ ?s ?p ?o }} }}").json()["results"]["bindings"]
    assert [b["s"]["value"] for b in got] == [EX + "x"]
    conflict = _update(server, f"INSERT {{ GRAPH <{target}> {{ ?s a <{EX}D> }} }} USING <{g2}> WHERE {{ ?s ?p ?o }}",
                       {"using-graph-uri": g1})
    assert conflict.status_code == 400 and "USING" in conflict.json()["detail"]


def test_http_base_iri_is_the_endpoint(server: LiveServer) -> None:
    g = graph_iri(unique())
    assert _update(server, f"INSERT DATA {{ GRAPH <{g}> {{ <{EX}s> <{EX}p> <rel> }} }}").status_code == 204
    rows = _post_query(server, f"SELECT ?o {{ GRAPH <{g}> {{ ?s ?p ?o }} }}").json()["results"]["bindings"]
    assert rows[0]["o"]["value"] == server.url + "/rel"


@pytest.mark.parametrize(
    "method, params, body, ctype, words",
    [
        ("GET", [("query", "ASK {}"), ("query", "SELECT * {}")], None, None, "2 query= parameters"),
        ("POST", None, "update=CLEAR+ALL&update=CLEAR+ALL", "application/x-www-form-urlencoded", "2 update="),
        ("GET", [("update", "CLEAR ALL")], None, None, "must be POSTed"),
        ("POST", None, "query=ASK+%7B%7D&update=CLEAR+ALL", "application/x-www-form-urlencoded", "not both"),
        ("POST", [("query", "ASK {}")], "ASK {}", "application/sparql-query", "send no query= or update="),
    ],
)
def test_http_protocol_errors_are_400_with_a_reason(server, method, params, body, ctype, words) -> None:
    headers = {"authorization": f"Bearer {TOKEN}"} | ({"content-type": ctype} if ctype else {})
    r = httpx.request(method, server.url + "/sparql", params=params, content=body, headers=headers)
    assert r.status_code == 400
    detail = r.json()["detail"]
    assert words in detail and "\n" not in detail


# The lexer


@pytest.mark.parametrize(
    "query, expected",
    [
        ("SELECT * FROM <g> { ?s ?p ?o }", True),
        ("SELECT * FROM NAMED <g> { GRAPH ?g { ?s ?p ?o } }", True),
        ("CONSTRUCT { ?s ?p ?o } FROM <g> WHERE { ?s ?p ?o }", True),
        ("select * from <g> where { ?s ?p ?o }", True),
        ("SELECT ?from { ?from ?p 'FROM' }", False),
        ('PREFIX from: <x> SELECT * { ?s from:x """FROM <g>""" } # FROM <g>', False),
        ("SELECT * { { SELECT * { ?s ?p ?o } } }", False),
        ("SELECT * { ?s <from> ?o }", False),
    ],
)
def test_has_dataset_clause(query: str, expected: bool) -> None:
    assert has_dataset_clause(query) is expected


_FRAGMENTS = st.sampled_from([
    "SELECT", "*", "?from", "?where", "from:x", "ex:where", "FROM", "from", "NAMED", "<g>", "WHERE", "where", "{", "}",
    "DELETE", "delete", "INSERT", "DATA", "GRAPH", "?s", "?p", "?o", "'from'", '"where"', "#from\n", ";", "USING",
    "Fromage", "wherever", "\n", "\t", "_", "1", "é", "where1", "_where", "ex:a.where", "from_x", "?", "$", ":",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_FRAGMENTS, max_size=14), st.sampled_from([" ", "\n", "  ", ""]))
def test_the_quick_checks_agree_with_the_lexer(words: list[str], sep: str) -> None:
    """The word searches that spare most queries and the store's own writes the lexer answer as the lexer does."""
    text = sep.join(words)
    assert has_dataset_clause(text) == any(k.word == "FROM" for k in top_level_keywords(text))
    keywords = top_level_keywords(text)
    has_reading_where = any(
        k.word == "WHERE" and not (before is not None and text[before.start : k.start].strip().upper() == "DELETE")
        for before, k in zip([None, *keywords], keywords, strict=False)
    )
    if has_reading_where and not any(k.word in ("USING", "WITH") for k in keywords):
        return  # decided by parsing the update, not by the quick check
    assert reads_default_graph(text) is False


def test_with_using_puts_clauses_before_each_where() -> None:
    update = (
        "CLEAR ALL ; INSERT { GRAPH <t> { ?s a 'WHERE' } } WHERE { ?s ?p ?o } ;"
        " DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }"
    )
    out = with_using(update, ["g1"], ["g2"])
    assert out.count("USING <g1> USING NAMED <g2> WHERE") == 2 and "'WHERE'" in out
    with pytest.raises(DatasetConflict):
        with_using("DELETE WHERE { ?s ?p ?o }", ["g1"], [])
    with pytest.raises(DatasetConflict):
        with_using("WITH <g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", ["g1"], [])
