"""POST /articles: ingest over HTTP, for clients holding the write token.

The body is one article as a JSON object, a JSON array of them, or JSON Lines (Content-Type application/x-ndjson,
application/jsonl or application/x-jsonlines), with the fields of the JSONL reader: id, title, url, published,
source, lang and text or html. Each article goes through the same pipeline as `newskg ingest` and lands in its own
named graph, replacing an earlier version with the same id. A bad record is reported and skipped; the others land.
"""
from __future__ import annotations

import json
import threading

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from api.deps import SettingsDep, StoreDep
from api.routes.sparql import check_write_token
from graph.extract.pipeline import Pipeline
from graph.ingest import ingest_records
from graph.readers.base import ReadError, check_article
from graph.readers.jsonl import read_jsonl, read_record

router = APIRouter(tags=["articles"])

JSON_LINES = {"application/x-ndjson", "application/jsonl", "application/x-jsonlines", "application/jsonlines"}
_pipeline_lock = threading.Lock()


def get_pipeline(request: Request) -> Pipeline:
    """The default extraction pipeline, built once per app on first use."""
    with _pipeline_lock:
        if getattr(request.app.state, "pipeline", None) is None:
            request.app.state.pipeline = Pipeline.default()
        return request.app.state.pipeline


def parse_body(body: bytes, content_type: str) -> list:
    """Records (Articles or ReadErrors) of a request body; HTTPException 4xx when it is not JSON at all."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise HTTPException(400, "the request body is not UTF-8") from None
    if content_type in JSON_LINES:
        return list(read_jsonl(text, "body"))
    if content_type not in ("application/json", ""):
        raise HTTPException(415, f"send application/json (an article or a list) or JSON Lines ({', '.join(sorted(JSON_LINES))})")
    try:
        value = json.loads(text)
    except json.JSONDecodeError as e:
        raise HTTPException(400, f"invalid JSON: {e.msg} at line {e.lineno}, column {e.colno}") from None
    items = value if isinstance(value, list) else [value]
    if not items:
        raise HTTPException(400, "no articles in the body")
    records = []
    for i, item in enumerate(items):
        where = f"body[{i}]" if isinstance(value, list) else "body"
        record = read_record(item, where)
        records.append(record if isinstance(record, ReadError) else check_article(record))
    return records


@router.post(
    "/articles",
    status_code=201,
    responses={
        201: {"description": "All articles stored"},
        207: {"description": "Some stored, some refused (see errors)"},
        400: {"description": "Not JSON, or no article could be read"},
        401: {"description": "Missing or wrong write token"},
        403: {"description": "Writes are closed (no token configured)"},
    },
)
async def post_articles(request: Request, store: StoreDep, settings: SettingsDep) -> JSONResponse:
    """Ingest articles (JSON object, JSON array or JSON Lines). Needs `Authorization: Bearer <write token>`."""
    check_write_token(request, settings)
    declared = request.headers.get("content-length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > settings.max_body_bytes:  # refuse before reading it
        raise HTTPException(413, f"body is {int(declared):,} bytes, over the limit of {settings.max_body_bytes:,}")
    body = await request.body()
    if len(body) > settings.max_body_bytes:
        raise HTTPException(413, f"body is {len(body):,} bytes, over the limit of {settings.max_body_bytes:,}")
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    records = parse_body(body, content_type)
    pipeline = await run_in_threadpool(get_pipeline, request)
    report = await run_in_threadpool(ingest_records, records, store, pipeline)
    payload = {"ingested": report.ingested, "failed": report.failed, "ids": report.article_ids, "errors": report.errors}
    if report.ingested == 0:
        return JSONResponse(payload, status_code=400)
    return JSONResponse(payload, status_code=201 if report.ok else 207)
