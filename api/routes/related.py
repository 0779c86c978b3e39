"""Related stories for a set of entities at /related (one entity's: /entities/{id}/related; an article's:
/articles/{id}/related)."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from api.deps import RelatedDep, RelatedFilters, RelatedFiltersDep
from api.schemas import RelatedArticle
from graph.analysis.related import RelatedService

router = APIRouter(tags=["related"])


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
    return stories_about(related, ids, filters)


def stories_about(related: RelatedService, ids: list[str], filters: RelatedFilters) -> list[dict]:
    """Related stories for entity ids, with 404 for an unknown id and 400 for a bad filter."""
    try:
        return related.index.related_to_entities(ids, **filters.kwargs)
    except KeyError as e:
        raise HTTPException(404, f"no entity with id {e.args[0]!r} in any article") from None
    except ValueError as e:
        raise HTTPException(400, str(e)) from None
