from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from api.deps import RelatedDep, StoreDep
from api.routes.related import DateParam, RelatedArticle, RelatedFiltersDep
from graph.analysis.articles import get_article, list_articles
from graph.analysis.events import events_of_article, quotes_of, roles_of

router = APIRouter(tags=["articles"])


@router.get("/articles")
def articles(
    store: StoreDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
    lang: str | None = None,
    source: str | None = None,
    since: DateParam = None,
    until: DateParam = None,
) -> list[dict]:
    """Stored articles, newest first."""
    return list_articles(store, limit=limit, offset=offset, lang=lang, source=source, since=since, until=until)


@router.get("/articles/{article_id:path}/related", response_model=list[RelatedArticle])
def related(article_id: str, related: RelatedDep, filters: RelatedFiltersDep) -> list[dict]:
    """Related stories, best first, each with its score and the entities and events it shares (`shared`)."""
    try:
        return related.index.related_to_article(article_id, **filters.kwargs)
    except KeyError:
        raise HTTPException(404, f"no article with id {article_id!r}") from None
    except ValueError as e:  # a date filter that matches the pattern but is no date ("2026-13")
        raise HTTPException(400, str(e)) from None


@router.get("/articles/{article_id:path}")
def article(article_id: str, store: StoreDep) -> dict:
    """One article: metadata, text, the entities it mentions, and its events, quotes and roles."""
    found = get_article(store, article_id)
    if found is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    found["events"] = events_of_article(store, article_id)
    found["quotes"] = quotes_of(store, article_id=article_id)
    found["roles"] = roles_of(store, article_id=article_id)
    return found
