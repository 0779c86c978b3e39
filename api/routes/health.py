from __future__ import annotations

from fastapi import APIRouter

import graph
from api.deps import StoreDep

router = APIRouter(tags=["health"])


@router.get("/health")
def health(store: StoreDep) -> dict:
    """Liveness and a count of stored articles."""
    return {"status": "ok", "version": graph.__version__, "store": repr(store), "articles": len(store.article_ids())}
