"""Storylines (communities of articles and events) at /storylines."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import DateParam, ProjectionsDep
from graph.analysis.storylines import storylines

router = APIRouter(tags=["analysis"])


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
