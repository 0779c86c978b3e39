"""The visual explorer: HTML views (and the same data as JSON) of entities, articles, paths, storylines and stories.

Every view answers JSON with `?format=json` or `Accept: application/json`. Pages load vis-network and our own
script from /viz/assets on this server: nothing comes from anywhere else.
"""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from api.deps import ProjectionsDep, StoreDep, StoriesDep, wants_json
from graph.analysis.story_store import get_story, merged_into
from graph.dates import check_bound
from graph.viz.queries import entity_exists, search, suggestions
from graph.viz.render import VENDOR_JS, asset_bytes, render_html, search_page_html
from graph.viz.views import (
    DEFAULT_LIMIT,
    GROUPS,
    MAX_LIMIT,
    ViewError,
    article_subgraph,
    entity_subgraph,
    is_storyline_number,
    path_subgraph,
    story_subgraph,
    storyline_subgraph,
)

router = APIRouter(tags=["visualizer"])

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Most nodes to send (at most {MAX_LIMIT})")]
Since = Annotated[str | None, Query(description="Only articles published on or after (YYYY, YYYY-MM or YYYY-MM-DD)")]
Until = Annotated[str | None, Query(description="Only articles published on or before (YYYY, YYYY-MM or YYYY-MM-DD)")]

ASSET_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}


def _base(request: Request) -> str:
    return request.scope.get("root_path", "").rstrip("/")


def _not_found(request: Request, store, message: str, guess: str = "") -> Response:
    """404: JSON when asked, else the search page with the message and what the id looks like it meant."""
    if wants_json(request):
        return JSONResponse({"detail": message}, status_code=404)
    query, results = suggestions(store, guess) if guess else (guess, None)
    return HTMLResponse(search_page_html(query, results, _base(request), message=message), status_code=404)


def _bad_request(request: Request, message: str) -> Response:
    if wants_json(request):
        return JSONResponse({"detail": message}, status_code=400)
    return HTMLResponse(search_page_html("", None, _base(request), message=message), status_code=400)


def _answer(request: Request, view: dict[str, Any]) -> Response:
    if wants_json(request):
        return JSONResponse(view)
    # Scripts inline (pyvis's vis-network and ours), links and 'show more' live: the page needs nothing else.
    return HTMLResponse(render_html(view, view["title"], inline=True, offline=False, base=_base(request)))


def _guess(entity_id: str) -> str:
    """Words to search for when an id is unknown: 'person-karen-holm' -> 'karen holm'."""
    words = entity_id.split("-")
    if words and words[0] in ("person", "org", "country", "place", "event") and len(words) > 1:
        words = words[1:]
    return " ".join(words)[:80]


def _types(types: str | None) -> list[str] | None:
    """Legend groups from 'person,place'. Raises ValueError naming the ones that exist."""
    if not types:
        return None
    wanted = [t.strip().lower() for t in types.split(",") if t.strip()]
    unknown = [t for t in wanted if t not in GROUPS]
    if unknown:
        raise ValueError(f"unknown type {unknown[0]!r}; use any of {', '.join(GROUPS)}")
    return wanted or None


@router.get("/", include_in_schema=False)
def landing() -> RedirectResponse:
    return RedirectResponse("/viz", status_code=307)


@router.get("/viz", response_class=HTMLResponse, summary="The visual explorer's search page")
@router.get("/viz/search", response_class=HTMLResponse, summary="Find an entity or article to open its graph")
def search_view(request: Request, store: StoreDep, q: str = "", limit: Annotated[int, Query(ge=1, le=100)] = 20):
    """Entities and articles whose name or headline contains q, linking to their views."""
    results = search(store, q, limit) if q.strip() else None
    if wants_json(request):
        return JSONResponse({"q": q, **(results or {"entities": [], "articles": []})})
    return HTMLResponse(search_page_html(q, results, _base(request)))


@router.get("/viz/assets/{name}", include_in_schema=False)
def asset(name: str) -> Response:
    """vis-network (pyvis's bundled copy) and the explorer's own script and style, served here so pages need no CDN."""
    try:
        body = asset_bytes(name)
    except KeyError:
        return JSONResponse({"detail": f"no asset {name!r}"}, status_code=404)
    suffix = name[name.rfind(".") :]
    cache = "public, max-age=86400" if name == VENDOR_JS else "no-cache"
    return Response(
        body, media_type=ASSET_TYPES.get(suffix, "application/octet-stream"), headers={"Cache-Control": cache}
    )


@router.get("/viz/entity/{entity_id}", response_class=HTMLResponse, summary="An entity's neighbourhood")
def entity_view(
    entity_id: str,
    request: Request,
    store: StoreDep,
    limit: Limit = DEFAULT_LIMIT,
    since: Since = None,
    until: Until = None,
    types: Annotated[str | None, Query(description="Comma-separated: person, organisation, place, event")] = None,
):
    """The entity, the articles naming it (most about it first) and who else they name, capped at `limit` nodes."""
    try:
        since, until = check_bound(since, "since"), check_bound(until, "until")
        groups = _types(types)
    except ValueError as e:
        return _bad_request(request, str(e))
    view = entity_subgraph(store, entity_id, limit=limit, since=since, until=until, types=groups)
    if view is None:
        return _not_found(request, store, f"No entity with id {entity_id!r}.", _guess(entity_id))
    return _answer(request, view)


@router.get("/viz/article/{article_id}", response_class=HTMLResponse, summary="An article's graph")
def article_view(article_id: str, request: Request, store: StoreDep, limit: Limit = DEFAULT_LIMIT):
    """The article and the entities it names, sized by how often, with the sentences naming them."""
    view = article_subgraph(store, article_id, limit=limit)
    if view is None:
        return _not_found(request, store, f"No article with id {article_id!r}.", "")
    return _answer(request, view)


@router.get("/viz/path", response_class=HTMLResponse, summary="The path between two entities")
def path_view(
    request: Request,
    store: StoreDep,
    projections: ProjectionsDep,
    from_: Annotated[str | None, Query(alias="from", description="An entity id")] = None,
    to: Annotated[str | None, Query(description="An entity id")] = None,
):
    """The shortest chains of articles linking two entities (each link: an article naming both)."""
    if not from_ or not to:
        if wants_json(request):
            return JSONResponse({"detail": "give both from and to, entity ids"}, status_code=400)
        return HTMLResponse(search_page_html("", None, _base(request), path_form=(from_ or "", to or "")))
    try:
        view = path_subgraph(store, projections.current, from_, to)
    except ViewError as e:
        return _bad_request(request, str(e))
    if view is None:
        missing = to if entity_exists(store, from_) else from_
        return _not_found(request, store, f"No entity with id {missing!r}.", _guess(missing))
    return _answer(request, view)


@router.get("/viz/storyline", response_class=HTMLResponse, summary="Storylines in a date range")
def storylines_view(
    request: Request,
    store: StoreDep,
    projections: ProjectionsDep,
    since: Since = None,
    until: Until = None,
    limit: Limit = DEFAULT_LIMIT,
):
    """The storylines of [since, until], biggest first: each one's articles oldest first, with its main entities
    and events. The JSON lists them under `storylines`; /viz/storyline/{number} draws one."""
    try:
        since, until = check_bound(since, "since"), check_bound(until, "until")
    except ValueError as e:
        return _bad_request(request, str(e))
    view = storyline_subgraph(store, projections.current, None, since=since, until=until, limit=limit)
    if view is None:
        return _not_found(request, store, "No storylines in that date range.")
    return _answer(request, view)


@router.get("/viz/storyline/{story_id}", response_class=HTMLResponse, summary="One storyline, or an entity's")
def storyline_view(
    story_id: str,
    request: Request,
    store: StoreDep,
    projections: ProjectionsDep,
    since: Since = None,
    until: Until = None,
    limit: Limit = DEFAULT_LIMIT,
):
    """A number: that storyline of the window (as numbered by /viz/storyline with the same since/until).
    An entity id: the storylines whose articles name it."""
    try:
        since, until = check_bound(since, "since"), check_bound(until, "until")
    except ValueError as e:
        return _bad_request(request, str(e))
    view = storyline_subgraph(store, projections.current, story_id, since=since, until=until, limit=limit)
    if view is None:
        if is_storyline_number(story_id):
            return _not_found(request, store, f"No storyline {story_id} in this date range.")
        return _not_found(request, store, f"No entity with id {story_id!r} in any article.", _guess(story_id))
    return _answer(request, view)


@router.get("/viz/story/{story_id}", response_class=HTMLResponse, summary="One story: the reports of one event")
def story_view(
    story_id: str,
    request: Request,
    store: StoreDep,
    projections: ProjectionsDep,
    stories: StoriesDep,
    limit: Limit = DEFAULT_LIMIT,
):
    """A story (GET /stories/{id}): its texts oldest first, each reprint linked to the text it copies, and the
    entities and events its articles name."""
    found = get_story(stories, story_id)
    if found is None:
        into = merged_into(stories, story_id)
        if into:  # merged into another story: show that one, as GET /stories/{id} does
            target = request.url_for("story_view", story_id=into).include_query_params(**request.query_params)
            return RedirectResponse(str(target), status_code=301)
        return _not_found(request, store, f"No story with id {story_id!r}.")
    return _answer(request, story_subgraph(store, projections.current, found, limit=limit))
