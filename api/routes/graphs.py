"""SPARQL 1.1 Graph Store HTTP Protocol: GET an article's named graph with content negotiation; PUT, POST and
DELETE it with the write token.

    GET /rdf-graphs?graph=https://w3id.org/newskg/graph/{id}    indirect graph identification, as in the protocol
    GET /rdf-graphs?article={id}                                 the same graph by article id
    PUT / POST / DELETE /rdf-graphs?graph=…                      replace, add to, or drop the article graph
Formats: Turtle, N-Triples, JSON-LD, RDF/XML (the graph's triples), TriG and N-Quads (with the graph's name).
The graph of shared descriptions (entity types and labels) is served the same way. The default graph (the union
of every graph) is not served whole: query it through /sparql.

Writes keep the ingest invariants: an article is one whole graph, written in one transaction through
`Store.replace_articles` (PUT replaces it, POST merges the sent triples into it as a set: no duplicates), so the
indexes that follow the store (related stories, projections) take the article in, or drop it, at the next request.
Only article graphs take writes: the entities graph is shared by every article, the default graph is the read-only
union.
"""
from __future__ import annotations

from typing import Annotated

import pyoxigraph as ox
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from api.deps import SettingsDep, StoreDep, check_write_token
from api.negotiate import choose_media_type, media_type_for_format
from graph.rdf.iris import GRAPH, article_id_from_iri, graph_iri
from graph.rdf.mapping import MappedArticle
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


WRITE_FORMATS = ("text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json")


def _article_graph(graph: str | None) -> tuple[str, str]:
    """(article id, graph IRI) of a write's `graph=`; 400 for anything but an article graph."""
    if graph is None:
        raise HTTPException(
            400, "name the article graph: ?graph=<https://w3id.org/newskg/graph/{id}> (the default graph is the "
            "read-only union of the article graphs)"
        )
    if graph == SHARED_GRAPH:
        raise HTTPException(400, f"<{graph}> is shared by every article and follows them: write article graphs")
    try:
        ox.NamedNode(graph)
        article_id = article_id_from_iri(graph) if graph.startswith(GRAPH) else None
    except ValueError:
        article_id = None
    if not article_id or graph_iri(article_id) != graph:
        raise HTTPException(400, f"<{graph}> is not an article graph: writes take {GRAPH}{{article id}}")
    return article_id, graph


def _read_body(body: bytes, content_type: str, graph: str) -> list[ox.Quad]:
    media = content_type.split(";")[0].strip().lower()
    if media not in WRITE_FORMATS:
        raise HTTPException(415, f"send the graph as one of {', '.join(WRITE_FORMATS)}")
    fmt = ox.RdfFormat.from_media_type(media)
    g = ox.NamedNode(graph)
    try:
        triples = ox.parse(body, format=fmt, base_iri=graph)
        return [ox.Quad(q.subject, q.predicate, q.object, g) for q in triples]
    except SyntaxError as e:
        raise HTTPException(400, f"the {media} body does not parse: {str(e).splitlines()[0]}") from None


@router.api_route(
    "/rdf-graphs",
    methods=["PUT", "POST", "DELETE"],
    status_code=204,
    responses={
        201: {"description": "The article graph was created"},
        204: {"description": "The article graph was replaced, added to or dropped"},
        400: {"description": "Not an article graph, or the body does not parse"},
        401: {"description": "Missing or wrong write token"},
        404: {"description": "DELETE of a graph that is not there"},
        415: {"description": "The body is not Turtle, N-Triples, RDF/XML or JSON-LD"},
    },
)
async def write_graph(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    graph: Annotated[str | None, Query(description="The article graph IRI")] = None,
) -> Response:
    """PUT replaces the article graph with the body's triples, POST adds them, DELETE drops it (with the token)."""
    check_write_token(request, settings)
    article_id, iri = _article_graph(graph)
    existed = await run_in_threadpool(store.has_article, article_id)
    if request.method == "DELETE":
        if not await run_in_threadpool(store.remove_article, article_id):
            raise HTTPException(404, f"no graph {iri}")
        return Response(status_code=204)
    content_type = request.headers.get("content-type", "")
    if content_type.split(";")[0].strip().lower() == "multipart/form-data":
        # The protocol's multipart POST: each part an RDF document, all merged into the graph.
        quads = []
        for part in (await request.form()).values():
            if isinstance(part, str):
                raise HTTPException(400, "each part of a multipart body is an RDF file with its content type")
            quads += _read_body(await part.read(), part.content_type or "", iri)
    else:
        quads = _read_body(await request.body(), content_type, iri)
    if request.method == "POST" and existed:
        quads = list(dict.fromkeys(graph_quads(store, iri) + quads))  # a graph is a set: no duplicates
    await run_in_threadpool(store.replace_articles, [MappedArticle(article_id, ox.NamedNode(iri), quads)])
    return Response(status_code=204 if existed else 201)
