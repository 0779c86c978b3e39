"""Events at /events: thin wrappers around graph/analysis/events.py (an entity's: /entities/{id}/events)."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from api.deps import DateParam, StoreDep
from graph.analysis.events import BadFilter, get_event, list_events

router = APIRouter(tags=["events"])


@router.get("/events")
def events(
    store: StoreDep,
    type: Annotated[str | None, Query(description="event type code, e.g. arrest, meeting, sanction")] = None,
    entity: Annotated[str | None, Query(max_length=200, description="an entity id taking part, or the place")] = None,
    country: Annotated[str | None, Query(max_length=40, description="ISO code or country id: CA, country-ca")] = None,
    since: DateParam = None,
    until: DateParam = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
) -> list[dict]:
    """Events, latest first, with how many articles report each."""
    try:
        return list_events(store, type_=type, entity=entity, country=country, since=since, until=until, limit=limit)
    except BadFilter as e:
        raise HTTPException(400, str(e)) from None


@router.get("/events/{event_id}")
def event(event_id: str, store: StoreDep) -> dict:
    """One event: type, time, place, participants with roles, and every report with its article and sentence."""
    found = get_event(store, event_id)
    if found is None:
        raise HTTPException(404, f"no event with id {event_id!r}")
    return found
