"""The most central entities of the co-mention graph at /central."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from api.deps import CopiesParam, DateParam, EntityTypeParam, ProjectionsDep, StoriesDep, check_entity_type
from graph.analysis.centrality import MEASURES, central_entities

router = APIRouter(tags=["analysis"])


@router.get("/central")
def central(
    projections: ProjectionsDep,
    stories: StoriesDep,
    since: DateParam = None,
    until: DateParam = None,
    type: EntityTypeParam = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 20,
    measure: Annotated[str, Query(description=f"one of {', '.join(MEASURES)}")] = "pagerank",
    copies: CopiesParam = True,
) -> list[dict]:
    """The most central entities of the co-mention graph of a time window (`copies=false`: each text once)."""
    type_ = check_entity_type(type)
    try:
        return central_entities(
            projections.current,
            since=since,
            until=until,
            type_=type_,
            limit=limit,
            measure=measure,
            copy_of=None if copies else stories.copy_of(),
        )
    except ValueError as e:
        raise HTTPException(400, str(e)) from None
