"""Graph analysis over the stored graph: paths between entities, neighbourhoods, timelines, storylines, centrality."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request

from api.deps import StoreDep
from api.routes.related import DateParam
from graph.analysis.centrality import MEASURES, central_entities
from graph.analysis.paths import MAX_HOPS, UnknownEntity, shortest_paths
from graph.analysis.projections import ProjectionService, neighbourhood
from graph.analysis.storylines import storylines
from graph.analysis.timeline import entity_timeline
from graph.model import ENTITY_TYPES

router = APIRouter(tags=["analysis"])


def get_projections(request: Request) -> ProjectionService:
    """One projection cache per app, following the app's related-stories index (rebuilt after every write)."""
    related = request.app.state.related
    service = getattr(request.app.state, "projections", None)
    if service is None or service.related is not related:
        service = ProjectionService(related)
        request.app.state.projections = service
    return service


ProjectionsDep = Annotated[ProjectionService, Depends(get_projections)]
TypeParam = Annotated[str | None, Query(description=f"one of {', '.join(ENTITY_TYPES)}")]


def _check_type(type_: str | None) -> str | None:
    if type_ is None:
        return None
    for t in ENTITY_TYPES:
        if t.lower() == type_.lower():
            return t
    raise HTTPException(400, f"unknown type {type_!r}; use one of {', '.join(ENTITY_TYPES)}")


@router.get("/paths")
def paths(
    store: StoreDep,
    projections: ProjectionsDep,
    source: Annotated[str, Query(alias="from", min_length=1, description="entity or event id")],
    target: Annotated[str, Query(alias="to", min_length=1, description="entity or event id")],
    max_paths: Annotated[int, Query(ge=1, le=10)] = 3,
    max_hops: Annotated[int, Query(ge=1, le=MAX_HOPS)] = MAX_HOPS,
) -> dict:
    """Shortest co-mention paths between two entities; every edge with the articles and sentences behind it."""
    try:
        return shortest_paths(store, projections.current, source, target, max_paths=max_paths, max_hops=max_hops)
    except UnknownEntity as e:
        raise HTTPException(404, f"no entity with id {e.args[0]!r} in any article") from None


@router.get("/entities/{entity_id}/timeline")
def timeline(entity_id: str, store: StoreDep, projections: ProjectionsDep, since: DateParam = None, until: DateParam = None) -> dict:
    """The articles naming an entity and the events it takes part in, day by day, oldest first."""
    try:
        return entity_timeline(store, projections.current, entity_id, since=since, until=until)
    except KeyError:
        raise HTTPException(404, f"no entity with id {entity_id!r} in any article") from None


@router.get("/entities/{entity_id}/neighbourhood")
def entity_neighbourhood(
    entity_id: str,
    projections: ProjectionsDep,
    hops: Annotated[int, Query(ge=1, le=3)] = 1,
    type: TypeParam = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> dict:
    """Entities within `hops` co-mention steps, strongest first, with the co-mention edges between them."""
    type_ = _check_type(type)
    try:
        return neighbourhood(projections.current, entity_id, hops=hops, type_=type_, limit=limit)
    except KeyError:
        raise HTTPException(404, f"no entity with id {entity_id!r} in any article") from None


@router.get("/storylines")
def story_lines(
    projections: ProjectionsDep,
    since: DateParam = None,
    until: DateParam = None,
    min_size: Annotated[int, Query(ge=2, le=1000)] = 2,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[dict]:
    """Communities of articles and events (Louvain, seeded) in a time window, biggest first."""
    return storylines(projections.current, since=since, until=until, min_size=min_size, limit=limit)


@router.get("/central")
def central(
    projections: ProjectionsDep,
    since: DateParam = None,
    until: DateParam = None,
    type: TypeParam = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 20,
    measure: Annotated[str, Query(description=f"one of {', '.join(MEASURES)}")] = "pagerank",
) -> list[dict]:
    """The most central entities of the co-mention graph of a time window."""
    type_ = _check_type(type)
    try:
        return central_entities(projections.current, since=since, until=until, type_=type_, limit=limit, measure=measure)
    except ValueError as e:
        raise HTTPException(400, str(e)) from None
