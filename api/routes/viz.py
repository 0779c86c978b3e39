from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse

from api.deps import StoreDep, wants_json
from graph.visualize import entity_subgraph, render_html

router = APIRouter(tags=["visualizer"])


@router.get("/viz/entity/{entity_id}", response_class=HTMLResponse)
def entity_view(entity_id: str, request: Request, store: StoreDep):
    """An entity's neighbourhood drawn with pyvis (all JavaScript inline); JSON nodes and edges with ?format=json."""
    sub = entity_subgraph(store, entity_id)
    if sub is None:
        raise HTTPException(404, f"no entity with id {entity_id!r}")
    if wants_json(request):
        return JSONResponse(sub)
    return HTMLResponse(render_html(sub, f"{sub['label']}: articles and co-mentioned entities"))
