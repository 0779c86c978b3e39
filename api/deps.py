"""FastAPI dependencies as Annotated aliases: routes ask for `StoreDep`, tests override them."""
from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from api.settings import Settings
from graph.analysis.related import RelatedService
from graph.store import Store


# Async on purpose: FastAPI runs a plain `def` dependency in its thread pool, a needless hop for a lookup.
async def get_store(request: Request) -> Store:
    return request.app.state.store


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


async def get_related(request: Request) -> RelatedService:
    return request.app.state.related


StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
RelatedDep = Annotated[RelatedService, Depends(get_related)]


def wants_json(request: Request) -> bool:
    """Datasette-style: a page answers JSON when asked by `?format=json` or an Accept header preferring JSON."""
    if request.query_params.get("format") == "json":
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept
