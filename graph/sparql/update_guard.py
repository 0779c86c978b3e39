"""Checks a SPARQL Update against the store's invariants before it runs.

The store keeps everything in per-article named graphs (<https://w3id.org/newskg/graph/{id}>) and the default
graph of a query is their union (with the graph of shared descriptions, entity types and labels, where the
mapping has one). An update may therefore only write into those graphs:
- INSERT DATA / INSERT templates must put every triple inside `GRAPH <article graph>` (or use `WITH <article graph>`);
  a triple for the default graph would belong to no article and vanish from the union, so it is refused;
- graph names in INSERT templates must be IRIs, not variables, so the target can be checked before running;
- ADD/COPY/MOVE may only target article graphs, CREATE only create them;
- LOAD is refused: the server fetches no URLs on a client's behalf.
Deleting (DELETE DATA, DELETE WHERE, DROP, CLEAR) is allowed anywhere. No duplicate triples can arise: an RDF
graph is a set, and an article stays one graph.
"""
from __future__ import annotations

import re

import pyoxigraph as ox

from graph.rdf import namespaces
from graph.rdf.iris import GRAPH, article_id_from_iri
from graph.sparql.errors import explain
from graph.store.base import QuerySyntaxError

# SERVICE makes the server fetch a URL (Oxigraph has an HTTP client): refused on a public endpoint.
_SERVICE = re.compile(r"(?<![:\w])SERVICE\s+(?:SILENT\s+)?(?:<|\?|\$|[A-Za-z_][\w.-]*:)", re.IGNORECASE)
_FETCHING = re.compile(r"(?<![:\w])(?:LOAD|SERVICE)(?![\w:])", re.IGNORECASE)


class UpdateRefused(ValueError):
    """The update parses but would break an invariant of the store; the message says which and why."""


# The graph of descriptions many articles share (entity types and labels), where the mapping has one.
SHARED_GRAPH: str | None = getattr(namespaces, "ENTITIES_GRAPH", None)


def _is_article_graph(term) -> bool:
    """An article graph, or the shared descriptions graph: the graphs the store is made of."""
    from rdflib.term import URIRef

    return isinstance(term, URIRef) and (str(term).startswith(GRAPH) or str(term) == SHARED_GRAPH)


def _check_insert(quads, triples, with_graph, where: str) -> None:
    from rdflib.term import Variable

    if triples and not (with_graph is not None and _is_article_graph(with_graph)):
        raise UpdateRefused(
            f"{where} writes triples to the default graph; put them in an article graph: "
            f"GRAPH <{GRAPH}{{article id}}> {{ … }} (the default graph is the read-only union of article graphs)"
        )
    for graph_name in quads or {}:
        if isinstance(graph_name, Variable):
            raise UpdateRefused(
                f"{where} names its target graph with the variable ?{graph_name}; name the article graph IRI"
            )
        if not _is_article_graph(graph_name):
            raise UpdateRefused(f"{where} writes to <{graph_name}>, which is not an article graph (<{GRAPH}…>)")


def _part(op, key: str):
    """A part of an rdflib algebra node, None when absent (CompValue.get answers the key itself when absent)."""
    return op[key] if key in op else None


def check_update(sparql: str) -> None:
    """Raise QuerySyntaxError if `sparql` is not a SPARQL 1.1 Update, UpdateRefused if it breaks an invariant."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateUpdate
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        operations = translateUpdate(parseUpdate(sparql)).algebra
    except ParseException as e:
        raise QuerySyntaxError(_oxigraph_message(sparql) or f"{e.msg} at line {e.lineno}, column {e.col}") from None
    except Exception as e:  # noqa: BLE001 - rdflib raises plain exceptions for undefined prefixes and the like
        raise QuerySyntaxError(_oxigraph_message(sparql) or str(e).splitlines()[0] or e.__class__.__name__) from None
    if _SERVICE.search(sparql):
        raise UpdateRefused("SERVICE is not allowed: the server makes no requests on a client's behalf")
    for op in operations:
        name = op.name
        if name == "InsertData":
            _check_insert(op.get("quads"), op.get("triples"), None, "INSERT DATA")
        elif name == "Modify":
            insert = _part(op, "insert")
            if insert is not None:
                _check_insert(insert.get("quads"), insert.get("triples"), _part(op, "withClause"), "INSERT")
        elif name == "Load":
            raise UpdateRefused(
                "LOAD is not allowed: the server fetches no URLs; send the data with INSERT DATA or POST /articles"
            )
        elif name in ("Add", "Copy", "Move"):
            target = op["graph"][1]
            if not _is_article_graph(target):
                shown = target if isinstance(target, str) and target == "DEFAULT" else f"<{target}>"
                raise UpdateRefused(f"{name.upper()} may only target article graphs (<{GRAPH}…>), not {shown}")
        elif name == "Create" and not _is_article_graph(op["graphiri"]):
            raise UpdateRefused(f"CREATE may only create article graphs (<{GRAPH}…>), not <{op['graphiri']}>")


def _oxigraph_message(sparql: str) -> str | None:
    """Oxigraph's parser message (line:column and what it expected), clearer than rdflib's, if it also fails.

    Parsing means running on an empty in-memory store, so never for text that could make it fetch a URL.
    """
    if _FETCHING.search(sparql):
        return None
    try:
        ox.Store().update(sparql)
    except SyntaxError as e:
        return explain(sparql, str(e))
    except OSError:
        return None
    return None


def check_query(sparql: str) -> None:
    """Raise UpdateRefused for a query newskg will not run (federated SERVICE calls), on the endpoint and the CLI."""
    if _SERVICE.search(sparql):
        raise UpdateRefused(
            "SERVICE (federated query) is disabled: newskg makes no requests on a query's behalf"
        )


def update_targets(sparql: str) -> set[str] | None:
    """The ids of the articles whose graphs an update may change, or None when it cannot be told from the text
    (a graph named by a variable, DROP ALL, a change to the shared descriptions other than additions made with
    article graphs, an update that does not parse).
    Triples for the default graph, and other graphs than the articles' and the shared descriptions', change no
    article."""
    from rdflib.plugins.sparql.algebra import translateUpdate
    from rdflib.plugins.sparql.parser import parseUpdate
    from rdflib.term import URIRef

    try:
        operations = translateUpdate(parseUpdate(sparql)).algebra
    except Exception:  # noqa: BLE001 - whatever rdflib raises, the answer is "cannot tell"
        return None
    graphs: set[object] = set()
    described = False  # descriptions added to the shared graph (what a remote store's article write sends along)
    for op in operations:
        name = op.name
        if name == "InsertData" and SHARED_GRAPH is not None and URIRef(SHARED_GRAPH) in (_part(op, "quads") or {}):
            described = True
            graphs.update(g for g in _part(op, "quads") if str(g) != SHARED_GRAPH)
        elif name in ("InsertData", "DeleteData", "DeleteWhere"):
            graphs.update(_part(op, "quads") or {})
        elif name == "Modify":
            for clause in (_part(op, "delete"), _part(op, "insert")):
                if clause is not None:
                    graphs.update(_part(clause, "quads") or {})
                    if _part(clause, "triples") and _part(op, "withClause") is not None:
                        graphs.add(op["withClause"])
        elif name in ("Drop", "Clear"):
            target = op.get("graphiri")
            if target != "DEFAULT":
                graphs.add(target)  # "ALL" and "NAMED" are not IRIs: cannot tell below
        elif name in ("Add", "Copy", "Move"):
            graphs.update(g for g in op["graph"] if g != "DEFAULT")
        elif name != "Create":
            return None
    ids: set[str] = set()
    for g in graphs:
        if not isinstance(g, URIRef) or str(g) == SHARED_GRAPH:
            return None
        if str(g).startswith(GRAPH):
            ids.add(article_id_from_iri(str(g)))
    # New descriptions are of entities the articles written name: putting those articles reads them. Without such
    # articles, any article may show a changed label.
    return None if described and not ids else ids
