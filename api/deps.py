"""FastAPI dependencies as Annotated aliases: routes ask for `StoreDep`, `RunnerDep`…; tests override them.

Every service is built once in the app's lifespan (api/app.py, graph/services.py) and kept as `app.state.services`;
these functions only look it up. They are async on purpose: FastAPI runs a plain `def` dependency in its thread pool,
a needless thread hop for a lookup on every request.
"""
from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Query, Request

from graph.analysis.projections import ProjectionService
from graph.analysis.related import RelatedService
from graph.analysis.story_store import StoryKeeper
from graph.extract.pipeline import Pipeline
from graph.model import ENTITY_TYPES
from graph.services import Services
from graph.settings import Settings
from graph.sparql.runners import ProcessQueryRunner, ThreadQueryRunner
from graph.store import Store


async def get_services(request: Request) -> Services:
    return request.app.state.services


async def get_store(request: Request) -> Store:
    return request.app.state.services.store


async def get_settings(request: Request) -> Settings:
    return request.app.state.services.settings


async def get_runner(request: Request) -> ThreadQueryRunner | ProcessQueryRunner:
    return request.app.state.services.runner


async def get_pipeline(request: Request) -> Pipeline:
    return request.app.state.services.pipeline


async def get_related(request: Request) -> RelatedService:
    return request.app.state.services.related


async def get_projections(request: Request) -> ProjectionService:
    return request.app.state.services.projections


async def get_stories(request: Request) -> StoryKeeper:
    return request.app.state.services.stories


StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
RunnerDep = Annotated[ThreadQueryRunner | ProcessQueryRunner, Depends(get_runner)]
PipelineDep = Annotated[Pipeline, Depends(get_pipeline)]
RelatedDep = Annotated[RelatedService, Depends(get_related)]
ProjectionsDep = Annotated[ProjectionService, Depends(get_projections)]
StoriesDep = Annotated[StoryKeeper, Depends(get_stories)]


def check_write_token(request: Request, settings: Settings) -> None:
    """Writes need `Authorization: Bearer <token>` matching the configured token; without one they are closed."""
    if not settings.write_token:
        raise HTTPException(403, "writes are closed on this server: start it with NEWSKG_WRITE_TOKEN set to allow them")
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), settings.write_token.encode()):
        message = "a valid write token is needed: send `Authorization: Bearer <token>`"
        raise HTTPException(401, message, headers={"WWW-Authenticate": "Bearer"})


async def require_write_token(request: Request, settings: SettingsDep) -> None:
    """The write-token check as a dependency, for routes that only write (POST /articles)."""
    check_write_token(request, settings)


WriteTokenDep = Annotated[None, Depends(require_write_token)]

DateParam = Annotated[
    str | None, Query(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", description="YYYY, YYYY-MM or YYYY-MM-DD")
]
CopiesParam = Annotated[
    bool,
    Query(description="count reprinted copies of a text (an agency text in several outlets); false: each text once"),
]
EntityTypeParam = Annotated[str | None, Query(description=f"one of {', '.join(ENTITY_TYPES)}")]


def check_entity_type(type_: str | None) -> str | None:
    """An entity type as spelled in the model (any case accepted), or HTTP 400 naming the known ones."""
    if type_ is None:
        return None
    for t in ENTITY_TYPES:
        if t.lower() == type_.lower():
            return t
    raise HTTPException(400, f"unknown type {type_!r}; use one of {', '.join(ENTITY_TYPES)}")


class RelatedFilters:
    """The query parameters every related-stories route takes, handed on to the index as keyword arguments."""

    def __init__(
        self,
        limit: Annotated[int, Query(ge=1, le=100)] = 10,
        lang: str | None = None,
        source: str | None = None,
        since: DateParam = None,
        until: DateParam = None,
    ) -> None:
        self.kwargs: dict[str, Any] = {"limit": limit, "lang": lang, "source": source, "since": since, "until": until}


RelatedFiltersDep = Annotated[RelatedFilters, Depends()]


def wants_json(request: Request) -> bool:
    """Datasette-style: a page answers JSON when asked by `?format=json` or an Accept header preferring JSON."""
    if request.query_params.get("format") == "json":
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept
