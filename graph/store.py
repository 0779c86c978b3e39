"""The graph store: one small interface, interchangeable backends.

- `OxigraphStore(path)`: the embedded, persistent default (a directory on disk, RocksDB under Oxigraph). One
  process at a time may open it (RocksDB's lock); a second gets StoreError "... is in use by another process".
  Within that process any number of threads may read while one writes.
- `OxigraphStore(None)`: in memory, for tests and benchmarks.
- `open_store("sparql+http://host:port/sparql")`: a remote SPARQL 1.1 Query+Update endpoint (graph/remote_store.py).

All SPARQL runs on Oxigraph's own engine (or the remote server's), never on rdflib's. The default graph of a
query is the union of all graphs (the article graphs and the entities graph), as in Virtuoso; `default_graph` /
`named_graphs` narrow it.

Writes are per article and atomic: `replace_articles` drops each article's named graph, inserts the new one and
adds its shared descriptions (entity types and labels) to the entities graph, in one transaction, so a reader
never sees half an article and re-ingesting adds no duplicates.
"""
from __future__ import annotations

import os
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from graph.rdf.iris import GRAPH, article_id_from_iri, graph_iri
from graph.rdf.namespaces import ENTITIES_GRAPH
from graph.rdf.mapping import MappedArticle

DEFAULT_LOCATION = "./newskg-data"
DESCRIBED_CACHE = 500_000  # shared-description lines remembered as stored, about 100 MB at most
MEMORY = "memory:"

# Formats for dump/load of the whole store.
DUMP_FORMATS = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}


class StoreError(RuntimeError):
    """The store could not be opened or written; the message says why in one line."""


class QuerySyntaxError(ValueError):
    """A SPARQL query or update did not parse; the message carries the parser's words and position."""


Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


class Store(ABC):
    """What every backend offers. `generation` grows with every write, so caches can tell when they are stale."""

    generation: int = 0

    @abstractmethod
    def replace_articles(self, articles: Sequence[MappedArticle]) -> None:
        """Store each article's quads as its whole named graph, replacing any earlier version, atomically each."""

    @abstractmethod
    def remove_article(self, article_id: str) -> bool:
        """Drop an article's graph. True if it was there."""

    @abstractmethod
    def query(
        self,
        sparql: str,
        *,
        default_graph: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run a SPARQL 1.1 query. Raises QuerySyntaxError for a query that does not parse."""

    @abstractmethod
    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 Update as one transaction."""

    @abstractmethod
    def article_graphs(self) -> Iterator[str]:
        """IRIs of the named graphs of stored articles."""

    @abstractmethod
    def dump(self, out: IO[bytes], fmt: str = "nquads") -> None:
        """Write every quad of every article graph."""

    @abstractmethod
    def load(self, data: IO[bytes], fmt: str = "nquads") -> int:
        """Read quads written by `dump`, replacing the graphs they name. Returns the number of quads."""

    def close(self) -> None:
        """Release files and connections."""

    # Helpers shared by every backend, built on the methods above.

    def select(self, sparql: str) -> list[dict[str, Any]]:
        """Rows of a SELECT as dicts of plain Python values (IRIs and literals as strings, numbers as numbers)."""
        result = self.query(sparql)
        if not isinstance(result, ox.QuerySolutions):
            raise ValueError("select() needs a SELECT query")
        names = [v.value for v in result.variables]
        return [{n: plain(sol[n]) for n in names} for sol in result]

    def ask(self, sparql: str) -> bool:
        return bool(self.query(sparql))

    def article_ids(self) -> list[str]:
        return sorted(article_id_from_iri(g) for g in self.article_graphs())

    def has_article(self, article_id: str) -> bool:
        return self.ask(f"ASK {{ GRAPH <{graph_iri(article_id)}> {{ ?s ?p ?o }} }}")

    def count_quads(self) -> int:
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(rows[0]["n"]) if rows else 0


def plain(term: Term | None) -> Any:
    """A term as a plain Python value: IRI -> str, numeric literal -> int/float, other literal -> str."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        if dt.endswith(("#integer", "#int", "#long", "#decimal")) and dt.startswith("http://www.w3.org/2001/XMLSchema"):
            try:
                return int(term.value)
            except ValueError:
                return float(term.value)
        if dt.endswith(("#double", "#float")) and dt.startswith("http://www.w3.org/2001/XMLSchema"):
            return float(term.value)
        return term.value
    if isinstance(term, (ox.NamedNode, ox.BlankNode)):
        return term.value
    return str(term)


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
                f"INSERT DATA {{ GRAPH <{g}> {{\n{_triples(own)}\n}} GRAPH <{ENTITIES_GRAPH}> {{\n{_triples(shared)}\n}} }} ;\n"
            )
    return "".join(parts).rstrip(" ;\n")


def dump_format(fmt: str) -> ox.RdfFormat:
    """The RDF format of a backup ("nquads" or "trig"); ValueError naming the choices for any other."""
    try:
        return DUMP_FORMATS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(DUMP_FORMATS)}") from None


def read_dump(data: IO[bytes], fmt: str) -> tuple[list[ox.Quad], list[MappedArticle]]:
    """A backup written by `Store.dump`, as the entities graph's quads and one MappedArticle per article graph."""
    graphs: dict[str, list[ox.Quad]] = {}
    for q in ox.parse(data, format=dump_format(fmt)):
        if isinstance(q.graph_name, ox.NamedNode):
            graphs.setdefault(q.graph_name.value, []).append(q)
    shared = graphs.pop(ENTITIES_GRAPH, [])
    return shared, [MappedArticle(article_id_from_iri(g), ox.NamedNode(g), qs) for g, qs in graphs.items()]


def _last_versions(articles: Sequence[MappedArticle]) -> list[MappedArticle]:
    """Of several versions of one article in a batch the last wins, as if they were written one after the other."""
    return list({a.graph.value: a for a in articles}.values())


class OxigraphStore(Store):
    """Oxigraph through pyoxigraph: on disk when given a directory, in memory when given None."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else None
        try:
            if self.path is not None:
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
            self.generation += 1

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
            self.generation += 1
        return True

    def query(self, sparql, *, default_graph=None, named_graphs=None):
        kwargs: dict[str, Any] = {}
        if default_graph:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graph]
        else:
            kwargs["use_default_graph_as_union"] = True
        if named_graphs:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        try:
            return self._store.query(sparql, **kwargs)
        except SyntaxError as e:
            raise QuerySyntaxError(str(e)) from e

    def update(self, sparql: str) -> None:
        with self._write_lock:
            self._described.clear()
            try:
                self._store.update(sparql)
            except SyntaxError as e:
                raise QuerySyntaxError(str(e)) from e
            self.generation += 1

    def article_graphs(self) -> Iterator[str]:
        for g in self._store.named_graphs():
            if isinstance(g, ox.NamedNode) and g.value.startswith(GRAPH):
                yield g.value

    def dump(self, out: IO[bytes], fmt: str = "nquads") -> None:
        self._store.dump(out, format=dump_format(fmt))

    def load(self, data: IO[bytes], fmt: str = "nquads") -> int:
        return self._store_read_dump(*read_dump(data, fmt))

    def _store_read_dump(self, shared: list[ox.Quad], articles: list[MappedArticle]) -> int:
        with self._write_lock:
            self._store.extend(shared)  # descriptions only add; none of them replaces anything
            self.generation += 1
        for start in range(0, len(articles), 200):
            self.replace_articles(articles[start : start + 200])
        return len(shared) + sum(len(a.quads) for a in articles)

    def close(self) -> None:
        if self.path is not None:
            self._store.flush()
        del self._store


class InMemoryQueryStore(Store):
    """An on-disk store with a copy of the graph in memory that answers the queries.

    Writes go to the disk first (the durable copy, each article atomic as always), then to the memory copy, under
    one lock, so a query sees an article once it is on disk and never half of one. Queries on Oxigraph's in-memory
    indexes run 2-5x faster than on RocksDB (bench/sparql_bench.py), at the price of memory: about 430 bytes per
    quad of ingested news, text included (411 MB for 2,225 BBC articles), and 7 s per million quads to open.

    Being in memory, its queries run in threads: a query past its time limit is answered with an error at once,
    but an aggregation Oxigraph evaluates in one call finishes in the background (see graph/query_limits.py).
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.disk = OxigraphStore(path)
        self.path = self.disk.path
        self.memory = OxigraphStore(None)
        self.memory._store.bulk_extend(iter(self.disk._store))  # nobody can see the copy before it is whole
        self._lock = threading.Lock()
        self.generation = 0

    def __repr__(self) -> str:
        return f"InMemoryQueryStore({self.path})"

    def _write(self, write_disk, write_memory):
        with self._lock:
            result = write_disk()
            write_memory()
            self.generation += 1
            return result

    def replace_articles(self, articles: Sequence[MappedArticle]) -> None:
        if articles:
            self._write(lambda: self.disk.replace_articles(articles), lambda: self.memory.replace_articles(articles))

    def remove_article(self, article_id: str) -> bool:
        return self._write(lambda: self.disk.remove_article(article_id), lambda: self.memory.remove_article(article_id))

    def update(self, sparql: str) -> None:
        self._write(lambda: self.disk.update(sparql), lambda: self.memory.update(sparql))

    def load(self, data: IO[bytes], fmt: str = "nquads") -> int:
        shared, articles = read_dump(data, fmt)  # parsed once, written to both
        return self._write(
            lambda: self.disk._store_read_dump(shared, articles), lambda: self.memory._store_read_dump(shared, articles)
        )

    def query(self, sparql, *, default_graph=None, named_graphs=None):
        return self.memory.query(sparql, default_graph=default_graph, named_graphs=named_graphs)

    def article_graphs(self) -> Iterator[str]:
        return self.memory.article_graphs()

    def dump(self, out: IO[bytes], fmt: str = "nquads") -> None:
        self.disk.dump(out, fmt)

    def close(self) -> None:
        self.disk.close()
        self.memory.close()


def open_store(location: str | os.PathLike[str] | None = None, *, queries_in_memory: bool = False) -> Store:
    """Open the store named by `location`, or ./newskg-data (Settings.from_env reads $NEWSKG_STORE).

    "memory:" is an in-memory store; "sparql+http://…" or "sparql+https://…" a remote SPARQL endpoint.
    `queries_in_memory` keeps a copy of an on-disk store in memory to answer queries (`InMemoryQueryStore`).
    """
    loc = str(location) if location else DEFAULT_LOCATION
    if loc == MEMORY:
        return OxigraphStore(None)
    if loc.startswith(("sparql+http://", "sparql+https://")):
        from graph.remote_store import RemoteSparqlStore

        return RemoteSparqlStore.from_location(loc)
    if queries_in_memory:
        return InMemoryQueryStore(loc)
    return OxigraphStore(loc)
