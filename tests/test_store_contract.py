"""The store contract: every backend (in memory, on disk, Virtuoso over HTTP, another newskg server over HTTP)
behaves the same, and so does an on-disk store answering queries from a copy in memory.

The Virtuoso backend shares one server per session, so each test writes articles with its own unique ids and
asserts only about them (or about differences it made).
"""
from __future__ import annotations

import io
import uuid
from collections.abc import Iterator

import pyoxigraph as ox
import pytest

from graph.rdf.iris import graph_iri
from graph.rdf.mapping import MappedArticle
from graph.sparql.formats import result_kind
from graph.sparql.writers import serialize
from graph.store import QuerySyntaxError, Store, open_store
from graph.store.oxigraph import OxigraphStore
from tests.support.server import LiveServer, live_server

EX = "https://example.org/contract/"
SCHEMA = "https://schema.org/"


TOKEN = "contract-token"


@pytest.fixture(scope="module")
def newskg_server() -> Iterator[LiveServer]:
    """newskg itself as a generic SPARQL 1.1 Query+Update server (no Virtuoso quirks), writes with its token."""
    with live_server(OxigraphStore(None), write_token=TOKEN) as server:
        yield server


@pytest.fixture(
    params=[
        "memory",
        "disk",
        "disk+memory-queries",
        "newskg-http",
        pytest.param("virtuoso", marks=pytest.mark.virtuoso),
    ]
)
def store(request, tmp_path) -> Iterator[Store]:
    if request.param == "memory":
        st: Store = OxigraphStore(None)
    elif request.param == "disk":
        st = OxigraphStore(tmp_path / "store")
    elif request.param == "disk+memory-queries":
        st = open_store(tmp_path / "store", queries_in_memory=True)
    elif request.param == "newskg-http":
        port = request.getfixturevalue("newskg_server").port
        st = open_store(f"sparql+http://:{TOKEN}@127.0.0.1:{port}/sparql?auth=bearer")
    else:
        st = open_store(request.getfixturevalue("virtuoso_server").location)
    yield st
    st.close()


def unique(prefix: str = "t") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def article(aid: str, facts: list[tuple[str, str, ox.NamedNode | ox.Literal]]) -> MappedArticle:
    g = ox.NamedNode(graph_iri(aid))
    return MappedArticle(aid, g, [ox.Quad(ox.NamedNode(EX + s), ox.NamedNode(EX + p), o, g) for s, p, o in facts])


def triples_in(store: Store, aid: str) -> set[tuple[str, str, str]]:
    rows = store.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph_iri(aid)}> {{ ?s ?p ?o }} }}")
    return {(str(r["s"]), str(r["p"]), str(r["o"])) for r in rows}


def test_replace_stores_each_article_in_its_own_graph(store: Store) -> None:
    a, b = unique(), unique()
    store.replace_articles(
        [
            article(a, [("x", "p", ox.Literal("1"))]),
            article(b, [("y", "p", ox.Literal("2")), ("y", "q", ox.NamedNode(EX + "z"))]),
        ]
    )
    assert store.has_article(a) and store.has_article(b)
    assert {a, b} <= set(store.article_ids())
    assert len(triples_in(store, a)) == 1
    assert len(triples_in(store, b)) == 2


def test_replacing_an_article_leaves_no_old_triples_and_no_duplicates(store: Store) -> None:
    a = unique()
    store.replace_articles([article(a, [("x", "p", ox.Literal("old")), ("x", "q", ox.Literal("kept"))])])
    before = store.count_quads()
    store.replace_articles([article(a, [("x", "p", ox.Literal("new")), ("x", "q", ox.Literal("kept"))])])
    store.replace_articles([article(a, [("x", "p", ox.Literal("new")), ("x", "q", ox.Literal("kept"))])])
    assert store.count_quads() == before
    assert triples_in(store, a) == {(f"<{EX}x>", f"<{EX}p>", '"new"'), (f"<{EX}x>", f"<{EX}q>", '"kept"')}


def test_remove_article(store: Store) -> None:
    a = unique()
    store.replace_articles([article(a, [("x", "p", ox.Literal("1"))])])
    assert store.remove_article(a) is True
    assert not store.has_article(a)
    assert store.remove_article(a) is False
    assert a not in store.article_ids()


def test_default_graph_is_the_union_of_article_graphs(store: Store) -> None:
    a, b = unique(), unique()
    marker = ox.NamedNode(EX + unique("class"))
    store.replace_articles([article(a, [("s1", "type", marker)]), article(b, [("s2", "type", marker)])])
    rows = store.select(f"SELECT ?s WHERE {{ ?s <{EX}type> <{marker.value}> }} ORDER BY ?s")
    assert [r["s"] for r in rows] == [EX + "s1", EX + "s2"]
    rows = store.select(f"SELECT ?g WHERE {{ GRAPH ?g {{ ?s <{EX}type> <{marker.value}> }} }} ORDER BY ?g")
    assert sorted(r["g"] for r in rows) == sorted([graph_iri(a), graph_iri(b)])


def test_dataset_can_be_narrowed(store: Store) -> None:
    a, b = unique(), unique()
    marker = ox.NamedNode(EX + unique("class"))
    store.replace_articles([article(a, [("s1", "type", marker)]), article(b, [("s2", "type", marker)])])
    q = f"SELECT ?s WHERE {{ ?s <{EX}type> <{marker.value}> }}"
    assert [str(r["s"].value) for r in store.query(q, default_graph=[graph_iri(a)])] == [EX + "s1"]
    q = f"SELECT ?g WHERE {{ GRAPH ?g {{ ?s <{EX}type> <{marker.value}> }} }}"
    assert [r["g"].value for r in store.query(q, named_graphs=[graph_iri(b)])] == [graph_iri(b)]


def test_query_forms_and_serialisation(store: Store) -> None:
    a = unique()
    store.replace_articles([article(a, [("x", "p", ox.Literal("hej", language="da"))])])
    ask = store.query(f"ASK {{ <{EX}x> <{EX}p> ?o }}")
    assert result_kind(ask) == "ask" and bool(ask)
    assert not bool(store.query(f"ASK {{ <{EX}x> <{EX}p> \"absent\" }}"))
    triples = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph_iri(a)}> {{ ?s ?p ?o }} }}")
    assert result_kind(triples) == "graph"
    turtle = serialize(triples, "text/turtle")
    parsed = list(ox.parse(turtle, format=ox.RdfFormat.TURTLE))
    assert [(q.subject.value, q.object.value, q.object.language) for q in parsed] == [(EX + "x", "hej", "da")]


def test_literals_survive_the_round_trip(store: Store) -> None:
    a = unique()
    values = [
        ox.Literal('quote " backslash \\ newline\n tab\t'),
        ox.Literal("Ærø, Ålborg, smørrebrød 🙂"),
        ox.Literal("42", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
        ox.Literal("2026-03-01", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")),
        ox.Literal("Danmark", language="da"),
    ]
    store.replace_articles([article(a, [(f"s{i}", "v", v) for i, v in enumerate(values)])])
    rows = store.query(f"SELECT ?s ?v WHERE {{ GRAPH <{graph_iri(a)}> {{ ?s <{EX}v> ?v }} }}")
    got = {r["s"].value: r["v"] for r in rows}
    assert [got[EX + f"s{i}"] for i in range(len(values))] == values
    plain = {
        r["s"]: r["v"] for r in store.select(f"SELECT ?s ?v WHERE {{ GRAPH <{graph_iri(a)}> {{ ?s <{EX}v> ?v }} }}")
    }
    assert plain[EX + "s2"] == 42


def test_syntax_error_is_a_query_syntax_error(store: Store) -> None:
    with pytest.raises(QuerySyntaxError):
        store.query("SELECT * WHERE { ?s ?p }")
    with pytest.raises(QuerySyntaxError):
        store.update("INSERT DATA { GRAPH <x:g> { <a:b> <a:c> } }")


def test_update_and_generation(store: Store) -> None:
    a = unique()
    start = store.generation
    store.replace_articles([article(a, [("x", "p", ox.Literal("1"))])])
    assert store.generation > start
    g = graph_iri(a)
    store.update(f'INSERT DATA {{ GRAPH <{g}> {{ <{EX}x> <{EX}q> "2" }} }}')
    assert store.generation > start + 1
    assert len(triples_in(store, a)) == 2


def test_dump_and_load_round_trip(store: Store) -> None:
    a, b = unique(), unique()
    store.replace_articles([article(a, [("x", "p", ox.Literal("1"))]), article(b, [("y", "p", ox.Literal("é"))])])
    before = {aid: triples_in(store, aid) for aid in (a, b)}
    out = io.BytesIO()
    store.dump(out, "nquads")
    mine = [
        q
        for q in ox.parse(out.getvalue(), format=ox.RdfFormat.N_QUADS)
        if q.graph_name.value in (graph_iri(a), graph_iri(b))
    ]
    assert len(mine) == 2
    store.remove_article(a)
    store.remove_article(b)
    assert store.load(io.BytesIO(ox.serialize(mine, format=ox.RdfFormat.N_QUADS)), "nquads") == 2
    assert {aid: triples_in(store, aid) for aid in (a, b)} == before


@pytest.mark.virtuoso
def test_virtuoso_system_graphs_are_hidden(virtuoso_server) -> None:
    from graph.store import open_store

    st = open_store(virtuoso_server.location)
    try:
        graphs = st.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert all(r["g"].startswith("https://w3id.org/newskg/") for r in graphs)  # article graphs, shared descriptions
        owl = st.select("SELECT (COUNT(*) AS ?n) WHERE { ?s a <http://www.w3.org/2002/07/owl#Class> }")
        assert owl[0]["n"] == 0  # Virtuoso's own ontology graphs would give hundreds
    finally:
        st.close()


# Ingest, queries, related stories and the visualizer give the same answers on Virtuoso as on the embedded store.


@pytest.mark.virtuoso
def test_remote_store_answers_like_the_embedded_one(sample_store: Store, virtuoso_sample_store: Store) -> None:
    from graph.analysis.articles import get_article, list_articles
    from graph.analysis.story_store import StoryKeeper

    # Stories are a layer the story keeper writes on first use (a server over the store, POST /articles): bring
    # both stores' up to date, whichever tests ran before, so each article's "story" can be compared.
    for store in (sample_store, virtuoso_sample_store):
        StoryKeeper(store).current()
    ids = sample_store.article_ids()
    assert set(ids) <= set(virtuoso_sample_store.article_ids())
    for aid in ids[:5]:
        assert triples_in(virtuoso_sample_store, aid) == triples_in(sample_store, aid)
    assert list_articles(virtuoso_sample_store, limit=100) == list_articles(sample_store, limit=100)
    for aid in ids[:3]:
        remote, embedded = get_article(virtuoso_sample_store, aid), get_article(sample_store, aid)
        # Entities are compared as a set: SPARQL leaves the order of ties on mention counts to the engine.
        def in_order(art: dict) -> dict:
            return {**art, "entities": sorted(art["entities"], key=lambda e: e["id"])}

        assert in_order(remote) == in_order(embedded)


@pytest.mark.virtuoso
def test_related_and_visualizer_work_on_virtuoso(sample_store: Store, virtuoso_sample_store: Store) -> None:
    from graph.analysis.related.index import RelatedIndex
    from graph.viz.views import entity_subgraph

    embedded, remote = RelatedIndex.build(sample_store), RelatedIndex.build(virtuoso_sample_store)
    # The index is built from the same facts on both stores. (Which label or type an entity shows when articles
    # disagree depends on the order rows arrive in, which SPARQL leaves open, so scores may differ in the last digits.)
    assert remote.articles.keys() == embedded.articles.keys()
    for aid, art in embedded.articles.items():
        other = remote.articles[aid]
        assert (other.title, other.date, other.lang, other.entities, other.roles) == (
            art.title,
            art.date,
            art.lang,
            art.entities,
            art.roles,
        )
    for aid in sample_store.article_ids()[:8]:
        assert len(remote.related_to_article(aid, limit=5)) == len(embedded.related_to_article(aid, limit=5))
    person = sample_store.select(
        "SELECT ?e (COUNT(*) AS ?n) WHERE { ?a <https://schema.org/mentions> ?e . ?e a <https://schema.org/Person> } "
        "GROUP BY ?e ORDER BY DESC(?n) ?e LIMIT 1"
    )[0]["e"]
    eid = person.rsplit("/", 1)[1]
    remote_view, embedded_view = entity_subgraph(virtuoso_sample_store, eid), entity_subgraph(sample_store, eid)
    assert {n["id"] for n in remote_view["nodes"]} == {n["id"] for n in embedded_view["nodes"]}
    assert {(e["from"], e["to"], e["relation"]) for e in remote_view["edges"]} == {
        (e["from"], e["to"], e["relation"]) for e in embedded_view["edges"]
    }


# Several clients writing to one Virtuoso (cluster workers, `newskg ingest` beside a running server): each sees the
# articles the others write or remove, through the change log its caches poll.


def _heard(store: Store) -> list[frozenset[str] | None]:
    heard: list[frozenset[str] | None] = []
    store.add_write_listener(heard.append)
    return heard


@pytest.mark.virtuoso
def test_a_client_hears_the_articles_other_clients_write_and_remove(virtuoso_server) -> None:
    writer, reader = open_store(virtuoso_server.location), open_store(virtuoso_server.location)
    try:
        reader.poll_seconds = 0.0  # type: ignore[attr-defined]  # every call polls
        reader.catch_up()  # the first poll: the log's latest entry is where reading starts
        heard = _heard(reader)
        a, b = unique(), unique()
        writer.replace_articles([article(a, [("s", "p", ox.Literal("one"))])])
        before = reader.generation
        reader.catch_up()
        assert any(ids and a in ids for ids in heard) and reader.generation > before
        heard.clear()
        reader.catch_up()
        assert not any(ids and a in ids for ids in heard)  # told once, though still within the overlap
        writer.remove_article(a)
        reader.replace_articles([article(b, [("s", "p", ox.Literal("two"))])])  # its own write: heard at once
        reader.catch_up()
        assert any(ids and a in ids for ids in heard)
        assert sum(1 for ids in heard if ids and b in ids) == 1  # not heard again from the log
        # The log is not part of the data: hidden from every query, like Virtuoso's own graphs.
        rows = reader.select(
            "SELECT (COUNT(*) AS ?n) WHERE { { ?s <https://w3id.org/newskg/ontology#changedAt> ?t } "
            "UNION { GRAPH ?g { ?s <https://w3id.org/newskg/ontology#changedAt> ?t } } }"
        )
        assert rows[0]["n"] == 0
    finally:
        writer.close()
        reader.close()


@pytest.mark.virtuoso
def test_related_stories_and_stories_follow_another_clients_ingest(virtuoso_sample_store: Store, virtuoso_server,
                                                                   pipeline) -> None:
    """A server's related index and story keeper take in what `newskg ingest` in another process stored: the
    article is in related results, and keeps the story the other process's keeper gave it."""
    from graph.analysis.related.service import RelatedService
    from graph.analysis.story_store import StoryKeeper, stored_assignment
    from graph.ingest import ingest_records
    from graph.readers.jsonl import read_record

    server_store = open_store(virtuoso_server.location)
    cli_store = open_store(virtuoso_server.location)
    try:
        server_store.poll_seconds = 0.0  # type: ignore[attr-defined]
        related, keeper = RelatedService(server_store), StoryKeeper(server_store)
        # A sample article (other tests share this Virtuoso and leave articles of their own, without headlines).
        row = virtuoso_sample_store.select(
            f"SELECT ?id ?t WHERE {{ ?a <{SCHEMA}identifier> ?id ; <{SCHEMA}headline> ?t }} ORDER BY ?id LIMIT 1"
        )[0]
        seed, seed_title = row["id"], row["t"]
        assert seed in related.index.articles and keeper.current()[0].items
        aid = unique("elsewhere")
        text = (f"{seed_title}. Mette Frederiksen og Novo Nordisk i København mødtes i dag om samme sag, "
                "og Mette Frederiksen sagde, at Novo Nordisk vil bygge en ny fabrik i København.")
        report = ingest_records([read_record({"id": aid, "text": text, "lang": "da"}, "test")], cli_store, pipeline)
        assert report.ok, report.errors
        StoryKeeper(cli_store).ingested(report.article_ids)  # as `newskg ingest` does after storing
        story = stored_assignment(cli_store, [aid])[aid]
        index = related.index
        assert aid in index.articles
        assert aid in {r["id"] for r in index.related_to_entities(sorted(index.articles[aid].entities), limit=50)}
        stories, _ = keeper.current()
        assert stories.items[aid].story == story  # adopted as stored, not placed again
        cli_store.remove_article(aid)
        assert aid not in related.index.articles
    finally:
        server_store.close()
        cli_store.close()


def test_a_backup_keeps_the_stories_graph(store: Store, request) -> None:
    """`newskg export` of any store keeps the stories graph (stories, copies, merges), not only articles, entities."""
    if "newskg-http" in request.node.name:
        pytest.skip("a newskg server takes writes to article graphs and the entities graph only (its update guard)")
    stories = "https://w3id.org/newskg/stories"
    story = EX + unique("story")
    store.update(f'INSERT DATA {{ GRAPH <{stories}> {{ <{story}> <{SCHEMA}identifier> "s" }} }}')
    try:
        out = io.BytesIO()
        store.dump(out, "nquads")
        kept = [q for q in ox.parse(out.getvalue(), format=ox.RdfFormat.N_QUADS) if q.subject.value == story]
        assert [q.graph_name.value for q in kept] == [stories]
        assert "urn:newskg:changes" not in out.getvalue().decode()  # the change log is not data
    finally:
        store.update(f"DELETE WHERE {{ GRAPH <{stories}> {{ <{story}> ?p ?o }} }}")
