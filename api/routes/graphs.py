"""SPARQL 1.1 Graph Store HTTP Protocol, read side: GET an article's named graph with content negotiation.

    GET /rdf-graphs?graph=https://w3id.org/newskg/graph/{id}    indirect graph identification, as in the protocol
    GET /rdf-graphs?article={id}                                 the same graph by article id
Formats: Turtle, N-Triples, JSON-LD, RDF/XML (the graph's triples), TriG and N-Quads (with the graph's name).
The graph of shared descriptions (entity types and labels) is served the same way. The default graph (the union
of every graph) is not served whole: query it through /sparql.
"""
from __future__ import annotations

from typing import Annotated

import pyoxigraph as ox
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from api.deps import StoreDep
from api.negotiate import choose_media_type, media_type_for_format
from graph.rdf.iris import GRAPH, graph_iri
from graph.sparql.formats import offered
from graph.sparql.update_guard import SHARED_GRAPH
from graph.sparql.writers import write_rdf

router = APIRouter(tags=["sparql"])


def graph_quads(store, iri: str) -> list[ox.Quad]:
    """The quads of one named graph, read through SPARQL so that every backend answers alike."""
    triples = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}")
    g = ox.NamedNode(iri)
    return [ox.Quad(t.subject, t.predicate, t.object, g) for t in triples]


@router.api_route(
    "/rdf-graphs",
    methods=["GET", "HEAD"],
    responses={404: {"description": "No such graph"}, 406: {"description": "No acceptable format"}},
)
def get_graph(
    request: Request,
    store: StoreDep,
    graph: Annotated[str | None, Query(description="The graph IRI, https://w3id.org/newskg/graph/{article id}")] = None,
    article: Annotated[str | None, Query(description="An article id, instead of graph=")] = None,
    format: Annotated[
        str | None, Query(description="Overrides Accept: turtle, nt, jsonld, rdfxml, trig, nquads")
    ] = None,
    default: Annotated[str | None, Query(description="The default graph: not served, use /sparql")] = None,
) -> Response:
    """One article's named graph, in the format the Accept header (or `format=`) asks for."""
    if default is not None or (graph is None and article is None):
        raise HTTPException(
            400,
            "name a graph: ?graph=<article graph IRI> or ?article=<id>; "
            "the default graph (all articles) is queried through /sparql",
        )
    if graph is not None and article is not None:
        raise HTTPException(400, "give graph= or article=, not both")
    iri = graph if graph is not None else graph_iri(str(article))  # one of the two is given (checked above)
    try:
        ox.NamedNode(iri)
    except ValueError:
        raise HTTPException(400, f"not a valid graph IRI: {iri!r}") from None
    if not (iri.startswith(GRAPH) or iri == SHARED_GRAPH):
        raise HTTPException(404, f"no graph {iri}: article graphs are named {GRAPH}{{article id}}")
    media_type = (
        media_type_for_format(format, "graph") if format else choose_media_type(request.headers.get("accept"), "graph")
    )
    if media_type is None:
        raise HTTPException(406, f"graphs are offered as {', '.join(offered('graph'))}")
    quads = graph_quads(store, iri)
    if not quads:
        raise HTTPException(404, f"no graph {iri}")
    body = write_rdf(quads, media_type)
    headers = {"Vary": "Accept", "Content-Location": f"{request.url.path}?graph={iri}"}
    if request.method == "HEAD":
        return Response(status_code=200, media_type=media_type, headers={**headers, "Content-Length": str(len(body))})
    return Response(body, media_type=media_type, headers=headers)
