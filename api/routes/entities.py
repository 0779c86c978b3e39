"""Everything under /entities: search, one entity, and its related stories, timeline, neighbourhood, events,
quotes and roles. Tags keep each route in the OpenAPI section it has always been in."""
from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from api.deps import (
    CopiesParam,
    DateParam,
    EntityTypeParam,
    ProjectionsDep,
    RelatedDep,
    RelatedFiltersDep,
    StoreDep,
    StoriesDep,
    check_entity_type,
)
from api.routes.related import stories_about
from api.schemas import RelatedArticle
from graph.analysis.entities import UnknownType, get_entity, search_entities
from graph.analysis.events import events_of_entity, list_events, quotes_of, roles_of
from graph.analysis.projections import neighbourhood
from graph.analysis.roles import roles_as_of, roles_over_time
from graph.analysis.timeline import entity_timeline

router = APIRouter()


@router.get("/entities", tags=["entities"])
def entities(
    store: StoreDep,
    q: Annotated[str | None, Query(max_length=200, description="part of a name, any case")] = None,
    type: Annotated[str | None, Query(description="Person, Organization, Company, Country, Place or Event")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
    lang: Annotated[str | None, Query(max_length=8, description="label language: da, en (else en, da)")] = None,
    copies: CopiesParam = True,
) -> list[dict]:
    """Entities whose name contains `q`, most mentioned first (`copies=false`: a reprinted text counts once)."""
    try:
        return search_entities(store, q=q, type_=type, limit=limit, lang=lang, copies=copies)
    except UnknownType as e:
        raise HTTPException(400, str(e)) from None


@router.get("/entities/{entity_id}/related", response_model=list[RelatedArticle], tags=["related"])
def related_to_entity(entity_id: str, related: RelatedDep, filters: RelatedFiltersDep) -> list[dict]:
    """Articles about one entity or event, most about it first."""
    return stories_about(related, [entity_id], filters)


@router.get("/entities/{entity_id}/timeline", tags=["analysis"])
def timeline(
    entity_id: str,
    store: StoreDep,
    projections: ProjectionsDep,
    stories: StoriesDep,
    since: DateParam = None,
    until: DateParam = None,
    copies: CopiesParam = True,
) -> dict:
    """The articles naming an entity and the events it takes part in, day by day, oldest first (`copies=false`:
    each text once, its reprints under `also_published_by`)."""
    try:
        copy_of = None if copies else stories.copy_of()
        return entity_timeline(store, projections.current, entity_id, since=since, until=until, copy_of=copy_of)
    except KeyError:
        raise HTTPException(404, f"no entity with id {entity_id!r} in any article") from None


@router.get("/entities/{entity_id}/neighbourhood", tags=["analysis"])
def entity_neighbourhood(
    entity_id: str,
    projections: ProjectionsDep,
    hops: Annotated[int, Query(ge=1, le=3)] = 1,
    type: EntityTypeParam = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> dict:
    """Entities within `hops` co-mention steps, strongest first, with the co-mention edges between them."""
    type_ = check_entity_type(type)
    try:
        return neighbourhood(projections.current, entity_id, hops=hops, type_=type_, limit=limit)
    except KeyError:
        raise HTTPException(404, f"no entity with id {entity_id!r} in any article") from None


@router.get("/entities/{entity_id}/events", tags=["events"])
def entity_events(entity_id: str, store: StoreDep, limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> list[dict]:
    """Events the entity takes part in, or that happen there."""
    return list_events(store, entity=entity_id, limit=limit)


@router.get("/entities/{entity_id}/quotes", tags=["events"])
def entity_quotes(entity_id: str, store: StoreDep, limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> list[dict]:
    """Quotes attributed to the entity, newest first."""
    return quotes_of(store, speaker=entity_id, limit=limit)


@router.get("/entities/{entity_id}/roles", tags=["events"])
def entity_roles(
    entity_id: str,
    store: StoreDep,
    as_of: Annotated[str | None, Query(description="YYYY-MM-DD; default today", max_length=10)] = None,
) -> list[dict]:
    """Roles the person held on `as_of` (default today), each with every statement about it as evidence (article,
    sentence, status, dates). A role a later article says ended is not held after its end."""
    return roles_as_of(store, entity_id, _day(as_of))


def _day(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        if len(value) != 10:
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise HTTPException(422, f"as_of must be a date as YYYY-MM-DD, got {value!r}") from None


@router.get("/entities/{entity_id}", tags=["entities"])
def entity(
    entity_id: str,
    store: StoreDep,
    lang: Annotated[str | None, Query(max_length=8, description="label language: da, en (else en, da)")] = None,
    copies: CopiesParam = True,
) -> dict:
    """One entity with its labels, external ids, articles, most co-mentioned entities, events, quotes and roles: the
    role statements, and (`roles_over_time`) its posts apart: held today, to begin later, and former.
    `copies=false`: one item per text in `articles` (reprints under `also_published_by`), texts counted in
    `shared_articles`."""
    found = get_entity(store, entity_id, lang=lang, copies=copies)
    if found is None:
        raise HTTPException(404, f"no entity with id {entity_id!r}")
    found["events"] = events_of_entity(store, entity_id, limit=50)
    found["quotes"] = quotes_of(store, speaker=entity_id, limit=50)
    found["roles"] = roles_of(store, person=entity_id)
    found["roles_over_time"] = roles_over_time(store, entity_id, date.today())
    return found
