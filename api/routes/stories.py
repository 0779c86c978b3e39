"""Stories at /stories: the articles that report one real-world event (graph/analysis/stories.py)."""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse

from api.deps import DateParam, StoriesDep
from graph.analysis.story_store import get_story, list_stories, merged_into

router = APIRouter(tags=["stories"])


@router.get("/stories")
async def stories(
    stories: StoriesDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
    since: DateParam = None,
    until: DateParam = None,
    lang: Annotated[str | None, Query(max_length=20)] = None,
    source: Annotated[str | None, Query(max_length=200)] = None,
) -> list[dict[str, Any]]:
    """Story cards, the story with the latest first report first: id, title, articles (oldest first),
    first_published, first_source, sources, languages, entities, events, and texts (copies folded)."""
    return await run_in_threadpool(list_stories, stories, limit, offset, since, until, lang, source)


@router.get(
    "/stories/{story_id}",
    responses={301: {"description": "The story was merged into another: Location is that story"}},
)
async def story(stories: StoriesDep, story_id: str, request: Request) -> Any:
    """One story: its card, its timeline, why each article belongs, and the merges and splits it took part in. A
    story merged into another (now, or before a restart: the merges are kept in the store) answers with a
    permanent redirect to the story it went into."""
    found = await run_in_threadpool(get_story, stories, story_id)
    if found is None:
        into = await run_in_threadpool(merged_into, stories, story_id)
        if into:
            return RedirectResponse(str(request.url_for("story", story_id=into)), status_code=301)
        raise HTTPException(404, f"no story with id {story_id!r}")
    return found
