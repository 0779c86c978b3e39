from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from api.deps import StoreDep
from graph.analysis.entities import UnknownType, get_entity, search_entities
from graph.analysis.events import events_of_entity, quotes_of, roles_of

router = APIRouter(tags=["entities"])


@router.get("/entities")
def entities(
    store: StoreDep,
    q: Annotated[str | None, Query(max_length=200, description="part of a name, any case")] = None,
    type: Annotated[str | None, Query(description="Person, Organization, Company, Country, Place or Event")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
) -> list[dict]:
    """Entities whose name contains `q`, most mentioned first."""
    try:
        return search_entities(store, q=q, type_=type, limit=limit)
    except UnknownType as e:
        raise HTTPException(400, str(e)) from None


@router.get("/entities/{entity_id}")
def entity(entity_id: str, store: StoreDep) -> dict:
    """One entity with its labels, external ids, articles, most co-mentioned entities, events, quotes and roles."""
    found = get_entity(store, entity_id)
    if found is None:
        raise HTTPException(404, f"no entity with id {entity_id!r}")
    found["events"] = events_of_entity(store, entity_id, limit=50)
    found["quotes"] = quotes_of(store, speaker=entity_id, limit=50)
    found["roles"] = roles_of(store, person=entity_id)
    return found
