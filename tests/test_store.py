"""The embedded store: atomic per-article replace, no duplicates, round-trip export/import, Oxigraph's engine."""
from __future__ import annotations

import io
import os
import pickle
import subprocess
import sys

import pyoxigraph as ox
import pytest

from graph.model import Article, Doc, Entity, Mention, Sentence
from graph.rdf.mapping import map_doc
from graph.services import open_configured_store
from graph.settings import Settings
from graph.store import QuerySyntaxError, open_store
from graph.store.oxigraph import OxigraphStore


def make_doc(article_id: str, text: str, people: list[str]) -> Doc:
    doc = Doc(
        article=Article(text=text, id=article_id, title=article_id, published="2026-02-03", lang="da"),
        text=text,
        lang="da",
    )
    doc.sentences = [Sentence(0, len(text), text)]
    for name in people:
        start = text.index(name)
        eid = "person-" + name.lower().replace(" ", "-")
        doc.mentions.append(Mention(start, start + len(name), name, "Person", eid, name, sentence=0))
        doc.entities[eid] = Entity(eid, "Person", name, aliases=[name])
    return doc


def test_reingest_replaces_the_graph_without_duplicates(memory_store):
    doc = make_doc("a1", "Karen Holm mødte Ib Berg.", ["Karen Holm", "Ib Berg"])
    memory_store.replace_articles([map_doc(doc)])
    first = memory_store.count_quads()
    memory_store.replace_articles([map_doc(doc)])
    assert memory_store.count_quads() == first
    # A changed article replaces its old version entirely: Ib Berg is gone from it.
    memory_store.replace_articles([map_doc(make_doc("a1", "Karen Holm talte.", ["Karen Holm"]))])
    assert not memory_store.ask(
        "ASK { ?a <https://schema.org/mentions> <https://w3id.org/newskg/id/entity/person-ib-berg> }"
    )
    assert memory_store.article_ids() == ["a1"]


def test_articles_are_separate_named_graphs(memory_store):
    memory_store.replace_articles(
        [
            map_doc(make_doc("a1", "Karen Holm.", ["Karen Holm"])),
            map_doc(make_doc("a/2", "Karen Holm igen.", ["Karen Holm"])),
        ]
    )
    assert memory_store.article_ids() == ["a/2", "a1"]
    assert memory_store.remove_article("a1") is True
    assert memory_store.remove_article("a1") is False
    # The shared entity is still described by the other article's graph.
    rows = memory_store.select(
        "SELECT ?l WHERE { <https://w3id.org/newskg/id/entity/person-karen-holm>"
        " <http://www.w3.org/2004/02/skos/core#prefLabel> ?l }"
    )
    assert rows == [{"l": "Karen Holm"}]


def test_descriptions_deleted_by_an_update_come_back_with_the_next_article(memory_store):
    # The store skips descriptions it has already written; an update that deletes them must not fool it.
    karen = "<https://w3id.org/newskg/id/entity/person-karen-holm>"
    label = f"ASK {{ {karen} <http://www.w3.org/2004/02/skos/core#prefLabel> ?l }}"
    memory_store.replace_articles([map_doc(make_doc("a1", "Karen Holm.", ["Karen Holm"]))])
    assert memory_store.ask(label)
    memory_store.update(f"DELETE WHERE {{ GRAPH <https://w3id.org/newskg/entities> {{ {karen} ?p ?o }} }}")
    assert not memory_store.ask(label)
    memory_store.replace_articles([map_doc(make_doc("a2", "Karen Holm igen.", ["Karen Holm"]))])
    assert memory_store.ask(label)


def test_mapped_article_crosses_processes_as_the_same_quads():
    mapped = map_doc(make_doc("a1", "Karen Holm mødte Ib Berg.", ["Karen Holm", "Ib Berg"]))
    copy = pickle.loads(pickle.dumps(mapped))
    assert (copy.article_id, copy.graph) == (mapped.article_id, mapped.graph)
    assert set(copy.quads) == set(mapped.quads)
    a, b = OxigraphStore(None), OxigraphStore(None)
    a.replace_articles([mapped])
    b.replace_articles([copy])
    assert set(a.quads()) == set(b.quads())


def test_generation_grows_with_writes(memory_store):
    g0 = memory_store.generation
    memory_store.replace_articles([map_doc(make_doc("a1", "Karen Holm.", ["Karen Holm"]))])
    assert memory_store.generation == g0 + 1


def test_syntax_errors_are_reported_with_position(memory_store):
    with pytest.raises(QuerySyntaxError) as e:
        memory_store.query("SELEC ?x WHERE { ?x ?y ?z }")
    assert "1" in str(e.value)  # the parser names line/column


def test_dump_and_load_round_trip_every_quad(tmp_path):
    src = OxigraphStore(None)
    src.replace_articles(
        [map_doc(make_doc(f"a{i}", "Karen Holm mødte Ib Berg.", ["Karen Holm", "Ib Berg"])) for i in range(5)]
    )
    for fmt in ("nquads", "trig"):
        buf = io.BytesIO()
        src.dump(buf, fmt)
        dst = OxigraphStore(tmp_path / f"store-{fmt}")
        dst.load(io.BytesIO(buf.getvalue()), fmt)
        assert set(map(str, dst.quads())) == set(map(str, src.quads()))
        dst.close()


def test_on_disk_store_persists(tmp_path):
    store = open_store(str(tmp_path / "kg"))
    store.replace_articles([map_doc(make_doc("a1", "Karen Holm.", ["Karen Holm"]))])
    store.close()
    again = open_store(str(tmp_path / "kg"))
    assert again.article_ids() == ["a1"]
    again.close()


def test_queries_run_on_oxigraph_engine(memory_store):
    # The store hands SPARQL straight to pyoxigraph: results are pyoxigraph's own types, not rdflib's.
    memory_store.replace_articles([map_doc(make_doc("a1", "Karen Holm.", ["Karen Holm"]))])
    assert isinstance(memory_store.query("SELECT * WHERE { ?s ?p ?o } LIMIT 1"), ox.QuerySolutions)


def test_memory_location_and_env(monkeypatch, tmp_path):
    assert repr(open_store("memory:")) == "OxigraphStore(memory)"
    monkeypatch.setenv("NEWSKG_STORE", str(tmp_path / "from-env"))
    assert open_store().path != tmp_path / "from-env"  # only Settings.from_env reads the environment
    store = open_configured_store(Settings.from_env())
    assert store.path == tmp_path / "from-env"
    store.close()


def test_queries_in_memory_copy_starts_from_the_disk_and_writes_reach_both(tmp_path):
    from graph.store.memory_copy import InMemoryQueryStore

    disk = OxigraphStore(tmp_path / "kg")
    disk.replace_articles([map_doc(make_doc("a1", "Karen Holm.", ["Karen Holm"]))])
    disk.close()
    store = open_store(tmp_path / "kg", queries_in_memory=True)
    assert isinstance(store, InMemoryQueryStore)
    assert store.article_ids() == ["a1"]  # loaded from the disk at open
    store.replace_articles([map_doc(make_doc("a2", "Ib Berg.", ["Ib Berg"]))])
    store.remove_article("a1")
    store.update("INSERT DATA { GRAPH <https://w3id.org/newskg/graph/a3> { <urn:x> <urn:p> 1 } }")
    with pytest.raises(QuerySyntaxError):
        store.update("INSERT DATA { nonsense")
    assert store.article_ids() == ["a2", "a3"]
    store.close()
    # What the memory copy answered is what the disk kept.
    reopened = OxigraphStore(tmp_path / "kg")
    assert reopened.article_ids() == ["a2", "a3"]
    reopened.close()


def test_the_remote_backend_imports_only_the_base() -> None:
    """graph/store/remote.py depends on the interface, not on the embedded backend (no import cycle)."""
    code = (
        "import sys, graph.store.remote; "
        "print(sorted(m for m in sys.modules if m.startswith('graph.store')))"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout
    assert out.strip() == "['graph.store', 'graph.store.base', 'graph.store.remote']"
