"""Shortest co-mention paths between two entities at /paths."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from api.deps import ProjectionsDep, StoreDep
from graph.analysis.paths import MAX_HOPS, UnknownEntity, shortest_paths

router = APIRouter(tags=["analysis"])


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
