"""Everything under /articles: the list, POST /articles (ingest over HTTP), and one article with its events and
related stories. The `{article_id:path}` catch-all comes last, so that it shadows none of the others.

POST /articles: the body is one article as a JSON object, a JSON array of them, or JSON Lines (Content-Type
application/x-ndjson, application/jsonl or application/x-jsonlines), with the fields of the JSONL reader: id,
title, url, published, source, lang and text or html. Each article goes through the same pipeline as
`newskg ingest` and lands in its own named graph, replacing an earlier version with the same id. A bad record is
reported and skipped; the others land.
"""
from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from api.deps import (
    DateParam,
    PipelineDep,
    RelatedDep,
    RelatedFiltersDep,
    SettingsDep,
    StoreDep,
    StoriesDep,
    WriteTokenDep,
)
from api.schemas import RelatedArticle
from graph.analysis.articles import get_article, list_articles
from graph.analysis.events import events_of_article, quotes_of, roles_of
from graph.analysis.story_store import fold_copies
from graph.ingest import ingest_records
from graph.readers.base import DEFAULT_LIMITS, ReadError, ReadLimits, check_article
from graph.readers.jsonl import read_jsonl, read_record

router = APIRouter()

JSON_LINES = {"application/x-ndjson", "application/jsonl", "application/x-jsonlines", "application/jsonlines"}


def parse_body(body: bytes, content_type: str, limits: ReadLimits = DEFAULT_LIMITS) -> list:
    """Records (Articles or ReadErrors) of a request body; HTTPException 4xx when it is not JSON at all."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise HTTPException(400, "the request body is not UTF-8") from None
    if content_type in JSON_LINES:
        return list(read_jsonl(text, "body", limits=limits))
    if content_type not in ("application/json", ""):
        raise HTTPException(
            415, f"send application/json (an article or a list) or JSON Lines ({', '.join(sorted(JSON_LINES))})"
        )
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
        record = read_record(item, where, limits)
        records.append(record if isinstance(record, ReadError) else check_article(record, limits))
    return records


@router.post(
    "/articles",
    tags=["articles"],
    status_code=201,
    responses={
        201: {"description": "All articles stored"},
        207: {"description": "Some stored, some refused (see errors)"},
        400: {"description": "Not JSON, or no article could be read"},
        401: {"description": "Missing or wrong write token"},
        403: {"description": "Writes are closed (no token configured)"},
    },
)
async def post_articles(
    request: Request,
    _: WriteTokenDep,
    store: StoreDep,
    settings: SettingsDep,
    pipeline: PipelineDep,
    stories: StoriesDep,
) -> JSONResponse:
    """Ingest articles (JSON object, JSON array or JSON Lines). Needs `Authorization: Bearer <write token>`."""
    declared = request.headers.get("content-length", "")
    if (
        declared.isascii() and declared.isdigit() and int(declared) > settings.max_body_bytes
    ):  # refuse before reading it
        raise HTTPException(413, f"body is {int(declared):,} bytes, over the limit of {settings.max_body_bytes:,}")
    body = await request.body()
    if len(body) > settings.max_body_bytes:
        raise HTTPException(413, f"body is {len(body):,} bytes, over the limit of {settings.max_body_bytes:,}")
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    records = parse_body(body, content_type, ReadLimits.from_settings(settings))
    report = await run_in_threadpool(ingest_records, records, store, pipeline)
    if report.ingested:
        # New articles join a story or start one; only they are read and only what changed is written.
        await run_in_threadpool(stories.ingested, report.article_ids)
    payload = {"ingested": report.ingested, "failed": report.failed, "ids": report.article_ids, "errors": report.errors}
    if report.ingested == 0:
        return JSONResponse(payload, status_code=400)
    return JSONResponse(payload, status_code=201 if report.ok else 207)



@router.get("/articles", tags=["articles"])
def articles(
    store: StoreDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
    lang: str | None = None,
    source: str | None = None,
    since: DateParam = None,
    until: DateParam = None,
) -> list[dict]:
    """Stored articles, newest first."""
    return list_articles(store, limit=limit, offset=offset, lang=lang, source=source, since=since, until=until)


@router.get("/articles/{article_id:path}/events", tags=["events"])
def article_events(article_id: str, store: StoreDep) -> dict:
    """What an article reports: its events, quotes and roles, each with span and confidence."""
    return {
        "events": events_of_article(store, article_id),
        "quotes": quotes_of(store, article_id=article_id),
        "roles": roles_of(store, article_id=article_id),
    }


@router.get("/articles/{article_id:path}/related", tags=["articles"], response_model=list[RelatedArticle])
def related(article_id: str, stories: StoriesDep, related: RelatedDep, filters: RelatedFiltersDep) -> list[dict]:
    """Related stories, best first, each with its score and the entities and events it shares (`shared`); one
    item per text, the outlets that reprinted it in `also_published_by`."""
    try:
        kwargs = dict(filters.kwargs)
        limit = kwargs.pop("limit")
        # Asked for more than shown, as folded copies leave gaps.
        results = related.index.related_to_article(article_id, limit=2 * limit, **kwargs)
        return fold_copies(results, stories.copy_of(), article_id, limit)
    except KeyError:
        raise HTTPException(404, f"no article with id {article_id!r}") from None
    except ValueError as e:  # a date filter that matches the pattern but is no date ("2026-13")
        raise HTTPException(400, str(e)) from None


@router.get("/articles/{article_id:path}", tags=["articles"])
def article(article_id: str, store: StoreDep) -> dict:
    """One article: metadata, text, the entities it mentions, and its events, quotes and roles."""
    found = get_article(store, article_id)
    if found is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    found["events"] = events_of_article(store, article_id)
    found["quotes"] = quotes_of(store, article_id=article_id)
    found["roles"] = roles_of(store, article_id=article_id)
    return found
