"""Events, quotes and roles over HTTP: thin wrappers around graph/analysis/events.py."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from api.deps import StoreDep
from api.routes.related import DateParam
from graph.analysis.events import BadFilter, events_of_article, get_event, list_events, quotes_of, roles_of

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


@router.get("/entities/{entity_id}/events")
def entity_events(entity_id: str, store: StoreDep, limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> list[dict]:
    """Events the entity takes part in, or that happen there."""
    return list_events(store, entity=entity_id, limit=limit)


@router.get("/entities/{entity_id}/quotes")
def entity_quotes(entity_id: str, store: StoreDep, limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> list[dict]:
    """Quotes attributed to the entity, newest first."""
    return quotes_of(store, speaker=entity_id, limit=limit)


@router.get("/entities/{entity_id}/roles")
def entity_roles(entity_id: str, store: StoreDep) -> list[dict]:
    """Roles the person was seen holding, oldest observation first."""
    return roles_of(store, person=entity_id)


@router.get("/articles/{article_id:path}/events")
def article_events(article_id: str, store: StoreDep) -> dict:
    """What an article reports: its events, quotes and roles, each with span and confidence."""
    return {
        "events": events_of_article(store, article_id),
        "quotes": quotes_of(store, article_id=article_id),
        "roles": roles_of(store, article_id=article_id),
    }
