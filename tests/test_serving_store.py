"""`serve` answers queries from memory when the store's copy fits the memory budget, from disk otherwise."""
from __future__ import annotations

import pyoxigraph as ox

from graph.rdf.iris import graph_iri
from graph.rdf.mapping import MappedArticle
from graph.services import open_serving_store
from graph.settings import Settings
from graph.store.memory_copy import InMemoryQueryStore
from graph.store.oxigraph import OxigraphStore


def _store_with_quads(path, n: int) -> None:
    st = OxigraphStore(path)
    g = ox.NamedNode(graph_iri("a"))
    quads = [ox.Quad(ox.NamedNode(f"https://example.org/{i}"), ox.NamedNode("https://example.org/p"), ox.Literal(i), g)
             for i in range(n)]
    st.replace_articles([MappedArticle("a", g, quads)])
    st.close()


def test_fits_the_budget_answers_from_memory(tmp_path) -> None:
    _store_with_quads(tmp_path / "kg", 100)
    store, how = open_serving_store(Settings(store=str(tmp_path / "kg"), query_memory_mb=10))
    try:
        assert isinstance(store, InMemoryQueryStore)
        assert "from memory: 100 quads" in how and "budget of 10 MB" in how
    finally:
        store.close()


def test_over_the_budget_answers_from_disk(tmp_path) -> None:
    _store_with_quads(tmp_path / "kg", 100)
    store, how = open_serving_store(Settings(store=str(tmp_path / "kg"), query_memory_mb=0))
    try:
        assert type(store) is OxigraphStore and "from disk: 100 quads" in how and "over the budget of 0 MB" in how
    finally:
        store.close()


def test_an_explicit_choice_wins(tmp_path) -> None:
    _store_with_quads(tmp_path / "kg", 10)
    store, how = open_serving_store(Settings(store=str(tmp_path / "kg"), queries_in_memory=False, query_memory_mb=99))
    try:
        assert type(store) is OxigraphStore and "from the store itself" in how
    finally:
        store.close()
    store, how = open_serving_store(Settings(store="memory:"))
    assert type(store) is OxigraphStore
    store.close()


def test_environment(monkeypatch) -> None:
    monkeypatch.setenv("NEWSKG_QUERY_MEMORY_MB", "512")
    monkeypatch.delenv("NEWSKG_QUERIES_IN_MEMORY", raising=False)
    settings = Settings.from_env()
    assert settings.query_memory_mb == 512 and settings.queries_in_memory is None
    monkeypatch.setenv("NEWSKG_QUERIES_IN_MEMORY", "0")
    assert Settings.from_env().queries_in_memory is False
