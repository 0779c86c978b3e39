"""Related stories for an entity or a set of entities. (Related stories for an article: api/routes/articles.py.)

This router must be included before api/routes/entities.py, whose `/entities/{entity_id}` would otherwise not
match `/entities/{id}/related` anyway (ids have no slash) but keeps the related routes grouped and documented here.
"""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query
from pydantic import BaseModel

from api.deps import RelatedDep
from graph.analysis.related import RelatedService

router = APIRouter(tags=["related"])

DateParam = Annotated[str | None, Query(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", description="YYYY, YYYY-MM or YYYY-MM-DD")]


class SharedItem(BaseModel):
    id: str
    label: str
    type: str
    weight: float


class RelatedArticle(BaseModel):
    """One related story: why it was chosen is in `shared` (entities and events, typed) and `reasons` (sentences)."""

    id: str
    title: str | None
    date: str | None = None
    lang: str | None = None
    source: str | None = None
    score: float
    signals: dict[str, float] | None = None
    shared: list[SharedItem]
    roles: list[str] = []
    reasons: list[str]


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
        self.kwargs = {"limit": limit, "lang": lang, "source": source, "since": since, "until": until}


RelatedFiltersDep = Annotated[RelatedFilters, Depends()]


@router.get("/related", response_model=list[RelatedArticle])
def related_to_entities(
    related: RelatedDep,
    entities: Annotated[str, Query(min_length=1, max_length=2000, description="entity or event ids, comma-separated")],
    filters: RelatedFiltersDep,
) -> list[dict]:
    """Articles about a set of entities: those naming all of them, and naming them often, first."""
    ids = [e.strip() for e in entities.split(",") if e.strip()]
    if not ids:
        raise HTTPException(400, "entities: give at least one entity id, e.g. ?entities=person-x,org-y")
    return _related_to_entities(related, ids, filters)


@router.get("/entities/{entity_id}/related", response_model=list[RelatedArticle])
def related_to_entity(entity_id: str, related: RelatedDep, filters: RelatedFiltersDep) -> list[dict]:
    """Articles about one entity or event, most about it first."""
    return _related_to_entities(related, [entity_id], filters)


def _related_to_entities(related: RelatedService, ids: list[str], filters: RelatedFilters) -> list[dict]:
    try:
        return related.index.related_to_entities(ids, **filters.kwargs)
    except KeyError as e:
        raise HTTPException(404, f"no entity with id {e.args[0]!r} in any article") from None
    except ValueError as e:
        raise HTTPException(400, str(e)) from None
