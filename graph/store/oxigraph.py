"""The embedded Oxigraph store: on disk (a directory, RocksDB under Oxigraph) or in memory.

- `OxigraphStore(path)`: the persistent default. One process at a time may open it for writing (RocksDB's lock); a
  second gets StoreError "... is in use by another process". Within that process any number of threads may read
  while one writes. `OxigraphStore.read_only(path)` opens a read-only view beside the writer (query workers).
- `OxigraphStore(None)`: in memory, for tests and benchmarks.

Writes are per article and atomic: `replace_articles` drops each article's named graph, inserts the new one and
adds its shared descriptions (entity types and labels) to the entities graph, in one transaction, so a reader
never sees half an article and re-ingesting adds no duplicates.

A batch of new articles big enough to be worth it goes to an on-disk store through Oxigraph's bulk loader instead
(`Store.bulk_load`: it writes sorted files and hands them to RocksDB, without a transaction's lookup and lock per
quad: about a third of the CPU). Oxigraph does not document that load as atomic, so an intent journal makes it so:
the batch's N-Quads are written to `JOURNAL` in the store's directory (synced) before the load and removed after
it; a store opened with a journal left by a process that died rewrites those articles whole, in one transaction,
before anything else (`_recover`). A batch stays far under the million quads Oxigraph's loader hands to RocksDB in
one ingestion of files, so a reader sees all of it or none (RocksDB ingests the files of all its column families
at once).
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
JOURNAL = "newskg-write.journal"  # in the store's directory: the batch being bulk loaded, until it is in
# Batches of new articles between these sizes (in quads) are bulk loaded. Below, the files a bulk load writes per
# batch (one per index) would outnumber what they save: one article posted to the server goes through `load`.
# Above, Oxigraph's loader might split the batch into several ingestions (it cuts at a million quads).
BULK_MIN_QUADS = 2_000
BULK_MAX_QUADS = 400_000

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


def _fsync_dir(path: Path) -> None:
    """Make a rename in `path` durable (where the platform lets a directory be opened)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


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
        # Instance settings, so a test can send small batches through the bulk path.
        self.bulk_min_quads = BULK_MIN_QUADS
        self.bulk_max_quads = BULK_MAX_QUADS
        if self.path is not None and not read_only:
            self._recover()

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
        texts: list[bytes] = []
        new_descriptions: dict[str, None] = {}
        for art in articles:
            own, shared = art.nquads()
            # Encoded one article at a time: most are ASCII, which encodes as a copy, where one text of the whole
            # batch is as wide as its widest character and costs three times as much to encode.
            texts.append(own.encode("utf-8"))
            for line in shared:
                if line not in self._described:
                    new_descriptions[line] = None
        texts.extend(line.encode("utf-8") for line in new_descriptions)
        data = b"\n".join(texts)
        if self.path is not None and self.bulk_min_quads <= data.count(b"\n") + 1 <= self.bulk_max_quads:
            self._bulk_load(data)
        else:
            # `lenient`: the text was written by pyoxigraph from terms it had already checked.
            self._store.load(data, format=ox.RdfFormat.N_QUADS, lenient=True)
        if len(self._described) + len(new_descriptions) > DESCRIBED_CACHE:
            self._described.clear()
        self._described.update(new_descriptions)

    def _bulk_load(self, data: bytes) -> None:
        """Bulk load N-Quads of new articles, journaled: a crash at any moment leaves the batch to `_recover`."""
        assert self.path is not None
        journal = self.path / JOURNAL
        partial = journal.with_name(JOURNAL + ".partial")
        with partial.open("wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        # A journal is whole or absent: a crash while writing it leaves only the partial file, and nothing loaded.
        os.replace(partial, journal)
        _fsync_dir(self.path)
        try:
            self._store.bulk_load(data, format=ox.RdfFormat.N_QUADS, lenient=True)
        except SyntaxError as e:
            # The loader parses the whole batch before it writes a file: nothing of it is in the store.
            journal.unlink()
            raise StoreError(f"could not write articles: {e}") from e
        except Exception:
            # Whatever the loader left, the journal's transactional rewrite makes the batch whole (or fails whole,
            # and the journal stays for the next open).
            self._recover()
            return
        journal.unlink()  # if this is lost in a crash, the next open rewrites a batch that was whole: no harm

    def _recover(self) -> None:
        """Rewrite, whole and in one transaction, the articles of a bulk load a dead process left journaled."""
        assert self.path is not None
        (self.path / (JOURNAL + ".partial")).unlink(missing_ok=True)  # never loaded
        journal = self.path / JOURNAL
        if not journal.exists():
            return
        try:
            with journal.open("rb") as f:
                shared, articles = read_dump(f, "nquads")
            by_graph: dict[str, list[ox.Quad]] = {}
            for q in shared:
                by_graph.setdefault(str(q.graph_name.value), []).append(q)  # type: ignore[union-attr]
            parts = [_insert_data(articles)] if articles else []
            parts += [f"INSERT DATA {{ GRAPH <{g}> {{\n{_triples(qs)}\n}} }}" for g, qs in by_graph.items()]
            if parts:
                self._store.update(" ;\n".join(parts))
        except SyntaxError as e:
            raise StoreError(f"cannot rewrite the articles journaled in {journal}: {e}") from e
        self._described.clear()
        journal.unlink()
        self._wrote(a.article_id for a in articles)

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
