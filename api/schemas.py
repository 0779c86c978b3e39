"""Response models shared by several routers (the related-stories answers of /related, /articles, /entities)."""
from __future__ import annotations

from pydantic import BaseModel


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
    also_published_by: list[dict[str, str | None]] = []  # copies of this text, folded into it
