"""The embedded Oxigraph store: on disk (a directory, RocksDB under Oxigraph) or in memory.

- `OxigraphStore(path)`: the persistent default. One process at a time may open it for writing (RocksDB's lock); a
  second gets StoreError "... is in use by another process". Within that process any number of threads may read
  while one writes. `OxigraphStore.read_only(path)` opens a read-only view beside the writer (query workers).
- `OxigraphStore(None)`: in memory, for tests and benchmarks.

Writes are per article and atomic: `replace_articles` drops each article's named graph, inserts the new one and
adds its shared descriptions (entity types and labels) to the entities graph, in one transaction, so a reader
never sees half an article and re-ingesting adds no duplicates.
"""
from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from graph.rdf.iris import GRAPH, graph_iri
from graph.rdf.mapping import MappedArticle
from graph.rdf.namespaces import ENTITIES_GRAPH
from graph.sparql.dataset import has_dataset_clause, with_union_default
from graph.sparql.errors import explain
from graph.store.base import QuerySyntaxError, Store, StoreError, dump_format, read_dump

DESCRIBED_CACHE = 500_000  # shared-description lines remembered as stored, about 100 MB at most

def _triples(quads: Iterable[ox.Quad]) -> str:
    return "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)


def _insert_data(articles: Iterable[MappedArticle]) -> str:
    """One SPARQL Update that replaces each article's graph (DROP, then INSERT DATA) and adds its shared
    descriptions to the entities graph, all in one transaction."""
    parts: list[str] = []
    for art in articles:
        g = art.graph.value
        parts.append(f"DROP SILENT GRAPH <{g}> ;\n")
        own: list[ox.Quad] = []
        shared: list[ox.Quad] = []
        for q in art.placed_quads():
            (own if q.graph_name == art.graph else shared).append(q)
        if own or shared:
            parts.append(
                f"INSERT DATA {{ GRAPH <{g}> {{\n{_triples(own)}\n}} "
                f"GRAPH <{ENTITIES_GRAPH}> {{\n{_triples(shared)}\n}} }} ;\n"
            )
    return "".join(parts).rstrip(" ;\n")


def _last_versions(articles: Sequence[MappedArticle]) -> list[MappedArticle]:
    """Of several versions of one article in a batch the last wins, as if they were written one after the other."""
    return list({a.graph.value: a for a in articles}.values())


class OxigraphStore(Store):
    """Oxigraph through pyoxigraph: on disk when given a directory, in memory when given None."""

    def __init__(self, path: str | os.PathLike[str] | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        try:
            if read_only:
                if self.path is None:
                    raise ValueError("a read-only store needs a directory")
                self._store = ox.Store.read_only(str(self.path))
            elif self.path is not None:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
            else:
                self._store = ox.Store()
        except OSError as e:
            first = str(e).splitlines()[0] if str(e) else e.__class__.__name__
            if "lock" in first.lower():
                # RocksDB allows one process per store directory: say so instead of quoting the lock file.
                raise StoreError(
                    f"store at {self.path} is in use by another process (an on-disk store opens in one process at a "
                    "time: stop the other `newskg` command or server, or go through its HTTP API)"
                ) from e
            raise StoreError(f"cannot open store at {self.path}: {first}") from e
        self.generation = 0
        # Oxigraph serialises writers itself; this lock keeps `generation` exact across threads.
        self._write_lock = threading.Lock()
        # Descriptions of shared nodes (N-Quads lines) this handle has stored. Most articles name entities already
        # described, and leaving those lines out saves the store a lookup each. An update may delete any of them,
        # so every update empties it.
        self._described: set[str] = set()

    @classmethod
    def open_read_only(cls, path: str | os.PathLike[str]) -> OxigraphStore:
        """A read-only view of an on-disk store, beside its writer (pyoxigraph's `Store.read_only`)."""
        return cls(path, read_only=True)

    def __repr__(self) -> str:
        return f"OxigraphStore({str(self.path) if self.path else 'memory'})"

    def replace_articles(self, articles: Sequence[MappedArticle]) -> None:
        if not articles:
            return
        with self._write_lock:
            if not any(self._store.contains_named_graph(a.graph) for a in articles):
                # All new (the common case while ingesting): one `load` of N-Quads text is one transaction, like
                # the update below, without writing the quads out as SPARQL and parsing them back.
                self._load_new(_last_versions(articles))
            else:
                try:
                    self._store.update(_insert_data(articles))
                except SyntaxError as e:  # a term we produced that the parser rejects is our bug, not the user's
                    raise StoreError(f"could not write articles {[a.article_id for a in articles][:3]}: {e}") from e
            self._wrote(a.article_id for a in articles)

    def _load_new(self, articles: list[MappedArticle]) -> None:
        texts: list[str] = []
        new_descriptions: dict[str, None] = {}
        for art in articles:
            own, shared = art.nquads()
            texts.append(own)
            for line in shared:
                if line not in self._described:
                    new_descriptions[line] = None
        texts.extend(new_descriptions)
        # `lenient`: the text was written by pyoxigraph from terms it had already checked.
        self._store.load("\n".join(texts).encode("utf-8"), format=ox.RdfFormat.N_QUADS, lenient=True)
        if len(self._described) + len(new_descriptions) > DESCRIBED_CACHE:
            self._described.clear()
        self._described.update(new_descriptions)

    def remove_article(self, article_id: str) -> bool:
        g = ox.NamedNode(graph_iri(article_id))
        with self._write_lock:
            if not self._store.contains_named_graph(g):
                return False
            self._store.remove_graph(g)
            self._wrote([article_id])
        return True

    def query(self, sparql, *, default_graph=None, named_graphs=None, base_iri=None):
        kwargs: dict[str, Any] = {"base_iri": base_iri}
        if default_graph is not None or named_graphs is not None:
            # The protocol's dataset replaces the query's: graphs it does not name are not in it.
            kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graph or ()]
            if named_graphs is not None:
                kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        elif not has_dataset_clause(sparql):
            kwargs["use_default_graph_as_union"] = True
        try:
            return self._store.query(sparql, **kwargs)
        except SyntaxError as e:
            raise QuerySyntaxError(explain(sparql, str(e))) from e

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        targets = self._update_targets(sparql)
        with self._write_lock:
            self._described.clear()
            # Every triple is in a named graph: a WHERE on the default graph reads their union, as queries do.
            sparql = with_union_default(
                sparql, lambda: [g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode)]
            )
            try:
                self._store.update(sparql, base_iri=base_iri)
            except SyntaxError as e:
                raise QuerySyntaxError(explain(sparql, str(e))) from e
            self._wrote(targets)

    def article_graphs(self) -> Iterator[str]:
        for g in self._store.named_graphs():
            if isinstance(g, ox.NamedNode) and g.value.startswith(GRAPH):
                yield g.value

    def dump(self, out: IO[bytes], fmt: str = "nquads") -> None:
        self._store.dump(out, format=dump_format(fmt))

    def load(self, data: IO[bytes], fmt: str = "nquads") -> int:
        return self.load_parsed(*read_dump(data, fmt))

    def load_parsed(self, shared: list[ox.Quad], articles: list[MappedArticle]) -> int:
        """`load` of a backup already parsed by `read_dump`: the entities graph's quads and the articles."""
        with self._write_lock:
            self._store.extend(shared)  # descriptions only add; none of them replaces anything
            self._wrote(None)  # labels of any entity may have changed
        for start in range(0, len(articles), 200):
            self.replace_articles(articles[start : start + 200])
        return len(shared) + sum(len(a.quads) for a in articles)

    def count_all(self) -> int:
        """The number of quads in every graph, from Oxigraph's own count (no query)."""
        return len(self._store)

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad of the store, in every graph."""
        return iter(self._store)

    def bulk_extend(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads without a transaction: only for a store nobody else sees yet (a fresh copy)."""
        self._store.bulk_extend(quads)
        self._wrote(None)

    def flush(self) -> None:
        if self.path is not None and not self.read_only:
            self._store.flush()

    def optimize(self) -> None:
        """Compact the on-disk files (pyoxigraph's `Store.optimize`), as a bulk load leaves them unmerged."""
        self._store.optimize()

    def close(self) -> None:
        self.flush()
        del self._store
