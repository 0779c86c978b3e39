"""The SPARQL 1.1 Protocol endpoint at /sparql: queries for everyone, updates with the write token.

Datasets: the default graph of a query is the union of all graphs: one named graph per article,
<https://w3id.org/newskg/graph/{article id}>, and the entities graph <https://w3id.org/newskg/entities>, where the
descriptions many articles share (entity types and labels, sources, extractors) are stated once. Every graph is
available to `GRAPH ?g { … }`. As on Virtuoso, a triple stated in several article graphs (an event's label, in each
article that reports it) matches once per graph in the default graph: use DISTINCT to count it once.
A query's own FROM / FROM NAMED clauses narrow its dataset; `default-graph-uri` / `named-graph-uri` replace it
(either one replaces the whole dataset); only a query with neither sees the union as its default graph.
Updates take `using-graph-uri` / `using-named-graph-uri` (USING / USING NAMED in each operation); without them, or
USING / WITH of its own, an update's WHERE reads the same union as a query. Relative IRIs
resolve against the endpoint's URL unless the query or update gives a BASE.

Answers: SELECT/ASK as SPARQL JSON, XML, CSV or TSV; CONSTRUCT/DESCRIBE as Turtle, N-Triples, JSON-LD, RDF/XML,
TriG or N-Quads, chosen by the Accept header (see api/negotiate.py) or a `format=` parameter.
Limits (graph/settings.py): a time limit (503 when passed), a cap on result rows (the answer is cut, marked by the
`X-SPARQL-Truncated` header and, in JSON and XML results, the link urn:newskg:result-truncated), a maximum query
length (413). A query that does not parse gets 400 with the parser's message and position.
"""
from __future__ import annotations

from typing import Annotated

import pyoxigraph as ox
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from api.deps import RunnerDep, SettingsDep, StoreDep, check_write_token
from api.negotiate import HTML, OFFERED, choose_media_type, media_type_for_format
from graph.rdf.iris import GRAPH
from graph.rdf.namespaces import ENTITIES_GRAPH
from graph.settings import Settings
from graph.sparql.dataset import DatasetConflict, with_using
from graph.sparql.formats import FORMATS, offered
from graph.sparql.runners import QueryRequest, QueryTimeout
from graph.sparql.update_guard import UpdateRefused, check_query, check_update
from graph.sparql.writers import write_rdf
from graph.store import Store

router = APIRouter(tags=["sparql"])

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"


class _Operation:
    """What one protocol request asks: a query or an update, with its dataset."""

    def __init__(self) -> None:
        self.query: str | None = None
        self.update: str | None = None
        self.default_graphs: list[str] = []  # default-graph-uri (queries)
        self.named_graphs: list[str] = []  # named-graph-uri (queries)
        self.using_graphs: list[str] = []  # using-graph-uri (updates)
        self.using_named_graphs: list[str] = []  # using-named-graph-uri (updates)
        self.has_dataset = False  # any of the four given, even empty
        self.format: str | None = None  # a `format=` field of a form body (the URL's is a route parameter)


_DATASET_FIELDS = ("default-graph-uri", "named-graph-uri", "using-graph-uri", "using-named-graph-uri")


def _one(values: list, name: str) -> str | None:
    """The single value of a protocol field; 400 when it is repeated (the protocol allows one)."""
    texts = [v for v in values if isinstance(v, str)]
    if len(texts) > 1:
        raise HTTPException(400, f"{len(texts)} {name}= parameters: send one {name} per request")
    return texts[0] if texts else None


async def _read_operation(request: Request) -> _Operation:
    op = _Operation()
    params = request.query_params
    op.query = _one(params.getlist("query"), "query")
    if "update" in params:
        if request.method == "GET":
            raise HTTPException(400, "an update must be POSTed (form-encoded update=… or application/sparql-update)")
        op.update = _one(params.getlist("update"), "update")
    fields: dict[str, list[str]] = {name: list(params.getlist(name)) for name in _DATASET_FIELDS}
    if request.method == "POST":
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype in (SPARQL_QUERY, SPARQL_UPDATE) and (op.query is not None or op.update is not None):
            raise HTTPException(400, f"the body is the {ctype.split('-')[-1]}: send no query= or update= in the URL")
        if ctype == SPARQL_QUERY:
            op.query = await _body_text(request)
        elif ctype == SPARQL_UPDATE:
            op.update = await _body_text(request)
        elif ctype == FORM or ctype == "multipart/form-data":
            form = await request.form()
            query = _one(form.getlist("query") + ([op.query] if op.query is not None else []), "query")
            update = _one(form.getlist("update") + ([op.update] if op.update is not None else []), "update")
            op.query, op.update = query, update
            fmt = form.get("format")
            op.format = fmt if isinstance(fmt, str) and fmt else None
            for name in _DATASET_FIELDS:
                fields[name] += [v for v in form.getlist(name) if isinstance(v, str)]
        elif ctype == "" and not await request.body():
            pass  # a bare POST with the query in the URL, as some clients send
        else:
            raise HTTPException(
                415,
                f"POST a query as {SPARQL_QUERY} or {FORM} (query=…), "
                f"an update as {SPARQL_UPDATE} or {FORM} (update=…)",
            )
    if op.query is not None and op.update is not None:
        raise HTTPException(400, "send either query= or update=, not both")
    op.default_graphs, op.named_graphs = fields["default-graph-uri"], fields["named-graph-uri"]
    op.using_graphs, op.using_named_graphs = fields["using-graph-uri"], fields["using-named-graph-uri"]
    if op.update is not None and (op.default_graphs or op.named_graphs):
        raise HTTPException(400, "an update takes using-graph-uri / using-named-graph-uri, not default-graph-uri")
    if op.query is not None and (op.using_graphs or op.using_named_graphs):
        raise HTTPException(400, "a query takes default-graph-uri / named-graph-uri, not using-graph-uri")
    op.has_dataset = bool(op.default_graphs or op.named_graphs)
    return op


async def _body_text(request: Request) -> str:
    body = await request.body()
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise HTTPException(400, "the request body is not UTF-8") from None


def _check_graph_iris(iris: list[str]) -> None:
    for iri in iris:
        try:
            ox.NamedNode(iri)
        except ValueError:
            raise HTTPException(400, f"not a valid graph IRI: {iri!r}") from None


@router.api_route(
    "/sparql",
    methods=["GET", "POST"],
    responses={
        200: {"description": "Results in the negotiated format, or the service description when no query is given"},
        400: {"description": "The query does not parse (message with position) or is refused"},
        401: {"description": "An update without a valid write token"},
        406: {"description": "No acceptable format for this kind of result"},
        413: {"description": "The query is longer than the limit"},
        503: {"description": "The query ran past the time limit"},
    },
)
async def sparql(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    runner: RunnerDep,
    query: Annotated[
        str | None, Query(description="A SPARQL 1.1 query (GET); POST it form-encoded or as application/sparql-query")
    ] = None,
    format: Annotated[
        str | None, Query(description="Overrides Accept: json, xml, csv, tsv, turtle, nt, jsonld, rdfxml, trig, nquads")
    ] = None,
) -> Response:
    """SPARQL 1.1 Protocol: query (GET or POST) and update (POST, with `Authorization: Bearer <write token>`).

    The default graph is the union of the article graphs and the entities graph; each article is also a named
    graph <https://w3id.org/newskg/graph/{id}>. FROM / FROM NAMED narrow the dataset; `default-graph-uri` /
    `named-graph-uri` replace it.
    """
    op = await _read_operation(request)
    if op.update is not None:
        return await _run_update(request, store, settings, op)
    accept = request.headers.get("accept", "")
    format = format or op.format
    if op.query is None:
        return service_description(request, settings, accept, format)
    text = op.query
    if not text.strip():
        raise HTTPException(400, "empty SPARQL query")
    if len(text) > settings.max_query_chars:
        raise HTTPException(413, f"query is {len(text):,} characters, over the limit of {settings.max_query_chars:,}")
    _check_graph_iris(op.default_graphs + op.named_graphs)
    try:
        check_query(text)
    except UpdateRefused as e:
        raise HTTPException(400, str(e)) from None
    if format:
        media_types = {kind: media_type_for_format(format, kind) for kind in ("select", "ask", "graph")}
    else:
        media_types = {kind: choose_media_type(accept, kind) for kind in ("select", "ask", "graph")}
    limits = QueryRequest(
        query=text,
        media_types=media_types,
        max_rows=settings.max_result_rows,
        # Either parameter replaces the query's whole dataset (SPARQL 1.1 Protocol, 2.1.4).
        default_graph=tuple(op.default_graphs) if op.has_dataset else None,
        named_graphs=tuple(op.named_graphs) if op.named_graphs else None,
        base_iri=_endpoint_url(request),
    )
    try:
        answer = await runner.run_async(limits)
    except QueryTimeout as e:
        raise HTTPException(503, f"query stopped: {e}") from None
    if answer.media_type is None:
        offered = ", ".join(OFFERED[answer.kind])
        asked = f"format={format}" if format else f"Accept: {accept}"
        raise HTTPException(406, f"cannot answer this {answer.kind} query as {asked}; offered: {offered}")
    headers = {"Vary": "Accept"}
    if answer.truncated:
        headers["X-SPARQL-Truncated"] = f"true; max-rows={settings.max_result_rows}"
        headers["X-SPARQL-MaxRows"] = str(settings.max_result_rows)
    media_type = answer.media_type + ("; charset=utf-8" if answer.media_type.startswith("text/") else "")
    return Response(answer.body, media_type=media_type, headers=headers)


async def _run_update(request: Request, store: Store, settings: Settings, op: _Operation) -> Response:
    check_write_token(request, settings)
    text = op.update or ""
    if not text.strip():
        raise HTTPException(400, "empty SPARQL update")
    if len(text) > settings.max_body_bytes:
        raise HTTPException(413, f"update is {len(text):,} characters, over the limit of {settings.max_body_bytes:,}")
    _check_graph_iris(op.using_graphs + op.using_named_graphs)
    try:
        check_update(text)
        text = with_using(text, op.using_graphs, op.using_named_graphs)
    except (UpdateRefused, DatasetConflict) as e:
        raise HTTPException(400, f"update refused: {e}") from None
    await run_in_threadpool(lambda: store.update(text, base_iri=_endpoint_url(request)))
    return Response(status_code=204)


def _endpoint_url(request: Request) -> str:
    """The endpoint's own URL, against which a query's or update's relative IRIs resolve."""
    return str(request.url.replace(query="", fragment=""))


def service_description_turtle(base: str, settings: Settings) -> str:
    """SPARQL 1.1 Service Description of this endpoint, in Turtle."""
    languages = "sd:SPARQL11Query" + (", sd:SPARQL11Update" if settings.write_token else "")
    result_formats = ", ".join(f"<{f.iri}>" for f in FORMATS)
    return f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .

<{base}sparql#service> a sd:Service ;
    sd:endpoint <{base}sparql> ;
    sd:supportedLanguage {languages} ;
    sd:resultFormat {result_formats} ;
    sd:feature sd:UnionDefaultGraph ;
    rdfs:comment {
        _turtle_string(
            "SERVICE is disabled. Limits: a query may run "
            f"{settings.query_timeout:g} s, return {settings.max_result_rows:,} rows "
            f"and be {settings.max_query_chars:,} characters long."
            + ("" if settings.write_token else " Updates are closed.")
        )
    } ;
    sd:defaultDataset [
        a sd:Dataset ;
        rdfs:comment {
        _turtle_string(
            "One named graph per article, "
            + GRAPH
            + "{article id}, and the entities graph "
            + ENTITIES_GRAPH
            + " (entity, source and extractor descriptions, stated once). The default graph is the union of all "
            "these graphs (a triple stated in several graphs matches once per graph: use DISTINCT); every graph "
            "is also available as a named graph."
        )
    } ;
        sd:defaultGraph [ a sd:Graph ; rdfs:comment "the union of the article graphs and the entities graph" ]
    ] ;
    dcterms:description <{base}query> .
"""


def _turtle_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def service_description(request: Request, settings: Settings, accept: str, format: str | None) -> Response:
    """The service description as RDF; a browser asking for HTML goes to the query page instead."""
    media_type = media_type_for_format(format, "graph") if format else choose_media_type(accept, "html")
    if media_type == HTML:
        return RedirectResponse(str(request.url_for("query_page")), status_code=303)
    if media_type is None:
        raise HTTPException(406, f"the service description is offered as {', '.join(offered('graph'))}")
    base = str(request.base_url)
    quads = list(ox.parse(service_description_turtle(base, settings).encode(), format=ox.RdfFormat.TURTLE))
    body = write_rdf(quads, media_type)
    return Response(body, media_type=media_type, headers={"Vary": "Accept"})
