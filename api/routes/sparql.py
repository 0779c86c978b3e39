"""The SPARQL 1.1 Protocol endpoint (query operation) at /sparql."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from api.deps import SettingsDep, StoreDep
from graph.sparql_results import GRAPH_FORMATS, RESULT_FORMATS, result_kind, serialize

router = APIRouter(tags=["sparql"])


def choose_media_type(accept: str, kind: str) -> str | None:
    """The best media type for this result kind allowed by the Accept header, honouring q-values."""
    offered = list(GRAPH_FORMATS) if kind == "graph" else list(RESULT_FORMATS)
    ranges: list[tuple[float, int, str]] = []
    for i, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        mtype, q = fields[0].lower(), 1.0
        for param in fields[1:]:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        if mtype:
            ranges.append((q, i, mtype))
    if not ranges:
        return offered[0]
    candidates: list[tuple[float, int, int, str]] = []
    for q, i, mtype in ranges:
        if q <= 0:
            continue
        if mtype in ("*/*", "application/*", "text/*"):
            prefix = mtype.split("/")[0]
            match = next((o for o in offered if prefix == "*" or o.startswith(prefix + "/")), None)
            specificity = 0
        elif mtype == "application/json" and kind != "graph":
            match, specificity = "application/sparql-results+json", 1
        elif mtype == "application/xml" and kind != "graph":
            match, specificity = "application/sparql-results+xml", 1
        else:
            match, specificity = (mtype if mtype in offered else None), 2
        if match is not None:
            candidates.append((q, specificity, -i, match))
    return max(candidates)[3] if candidates else None


async def _query_text(request: Request, query: str | None) -> str | None:
    if request.method == "GET":
        return query
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype == "application/sparql-query":
        return (await request.body()).decode("utf-8", errors="replace")
    if ctype == "application/x-www-form-urlencoded":
        form = await request.form()
        value = form.get("query")
        return value if isinstance(value, str) else None
    raise HTTPException(415, "POST a query as application/sparql-query or application/x-www-form-urlencoded")


@router.api_route("/sparql", methods=["GET", "POST"])
async def sparql(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    query: Annotated[str | None, Query(description="a SPARQL 1.1 query")] = None,
) -> Response:
    """SPARQL 1.1 query. The default graph is the union of all article graphs; each article has its own named graph."""
    text = await _query_text(request, query)
    if not text or not text.strip():
        raise HTTPException(400, "missing SPARQL query: pass ?query=… or POST it")
    if len(text) > settings.max_query_chars:
        raise HTTPException(413, f"query is {len(text):,} characters, over the limit of {settings.max_query_chars:,}")
    result = store.query(text)
    kind = result_kind(result)
    media_type = choose_media_type(request.headers.get("accept", ""), kind)
    if media_type is None:
        offered = ", ".join(GRAPH_FORMATS if kind == "graph" else RESULT_FORMATS)
        raise HTTPException(406, f"cannot answer this {kind} query in the accepted types; offered: {offered}")
    return Response(serialize(result, media_type), media_type=media_type)
