"""The Store interface every backend implements, its errors, and helpers all backends share.

All SPARQL runs on Oxigraph's own engine (or a remote server's), never on rdflib's. The dataset of a query is as
SPARQL 1.1 says: `default_graph` / `named_graphs` (the protocol's parameters) win over the query's FROM / FROM NAMED;
only a query with neither sees the union of all graphs (the article graphs and the entities graph) as its default
graph, as in Virtuoso. `base_iri` resolves the relative IRIs of a query or update without a BASE of its own.
"""
from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, Any

import pyoxigraph as ox

from graph.rdf.iris import article_id_from_iri, graph_iri
from graph.rdf.mapping import MappedArticle
from graph.rdf.namespaces import GRAPH

log = logging.getLogger("newskg.store")

# Formats for dump/load of the whole store.
DUMP_FORMATS = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}


class StoreError(RuntimeError):
    """The store could not be opened or written; the message says why in one line."""


class QuerySyntaxError(ValueError):
    """A SPARQL query or update did not parse; the message carries the parser's words and position."""


Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


# Told of every write through a store: the ids of the articles written or removed, or None when the store cannot
# say which (an update naming graphs by variables, a backup loaded).
WriteListener = Callable[[frozenset[str] | None], None]


class Store(ABC):
    """What every backend offers. `generation` grows with every write, so caches can tell when they are stale;
    write listeners hear which articles each write changed, so indexes can follow article by article."""

    generation: int = 0
    _write_listeners: tuple[WriteListener, ...] = ()

    def add_write_listener(self, listener: WriteListener) -> None:
        """Call `listener` after every write through this object (in the writing thread: it must be quick)."""
        self._write_listeners = (*self._write_listeners, listener)

    def remove_write_listener(self, listener: WriteListener) -> None:
        self._write_listeners = tuple(x for x in self._write_listeners if x != listener)  # bound methods: ==

    def catch_up(self) -> None:
        """Notice articles other clients wrote to the same store since the last call, and tell the listeners as if
        this object had written them. Caches call it before they answer. An embedded store has one writer and
        sees every write: nothing to do; a remote store shared by several writers polls (graph/store/remote.py)."""
        return None

    def _wrote(self, article_ids: Iterable[str] | None) -> None:
        """Count a write and tell the listeners which articles it changed (None: it cannot tell)."""
        self.generation += 1
        if self._write_listeners:
            ids = None if article_ids is None else frozenset(article_ids)
            for listener in self._write_listeners:
                try:
                    listener(ids)
                except Exception:  # noqa: BLE001 - the write is committed: a listener's failure must not undo it
                    log.exception("a write listener failed after a write to %r", self)

    def _update_targets(self, sparql: str) -> set[str] | None:
        """The articles an update may change (parsed only when someone listens)."""
        if not self._write_listeners:
            return None
        from graph.sparql.update_guard import update_targets

        return update_targets(sparql)

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
        base_iri: str | None = None,
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run a SPARQL 1.1 query. Raises QuerySyntaxError for a query that does not parse."""

    @abstractmethod
    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
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

    def close(self) -> None:  # noqa: B027 - an optional hook: not every backend holds something to release
        """Release files and connections."""

    def flush(self) -> None:  # noqa: B027 - an optional hook: most backends write durably at once
        """Write what the backend buffers to its durable files; nothing to do where writes are durable at once."""

    # Helpers shared by every backend, built on the methods above.

    def select(self, sparql: str) -> list[dict[str, Any]]:
        """Rows of a SELECT as dicts of plain Python values (IRIs and literals as strings, numbers as numbers)."""
        result = self.query(sparql)
        if not isinstance(result, ox.QuerySolutions):
            raise ValueError("select() needs a SELECT query")
        names = [v.value for v in result.variables]
        # A solution yields its terms in the order of the variables (None where unbound): taking them so costs a
        # fraction of looking each one up by name (pyoxigraph searches the names on every lookup).
        return [dict(zip(names, map(plain, sol), strict=True)) for sol in result]

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


def dump_format(fmt: str) -> ox.RdfFormat:
    """The RDF format of a backup ("nquads" or "trig"); ValueError naming the choices for any other."""
    try:
        return DUMP_FORMATS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(DUMP_FORMATS)}") from None


def read_dump(data: IO[bytes], fmt: str) -> tuple[list[ox.Quad], list[MappedArticle]]:
    """A backup written by `Store.dump`, as the shared graphs' quads and one MappedArticle per article graph."""
    graphs: dict[str, list[ox.Quad]] = {}
    for q in ox.parse(data, format=dump_format(fmt)):
        if isinstance(q.graph_name, ox.NamedNode):
            graphs.setdefault(q.graph_name.value, []).append(q)
    # The entities graph and any other graph that is not one article's (the stories graph) are loaded as they are.
    shared = [q for g in [g for g in graphs if not g.startswith(GRAPH)] for q in graphs.pop(g)]
    return shared, [MappedArticle(article_id_from_iri(g), ox.NamedNode(g), qs) for g, qs in graphs.items()]


