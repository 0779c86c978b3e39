"""The FastAPI application factory: `create_app(settings, store)` builds the same app for `serve` and the tests."""
from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

import graph
from api.routes import analysis, articles, entities, events, health, related, sparql, viz
from api.routes import graphs, ingest, ontology, query_page
from api.limits import BodySizeLimit
from api.settings import Settings
from graph.analysis.related import RelatedService
from graph.store import QuerySyntaxError, Store, StoreError, open_store


def create_app(settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    """Build the app. Pass a store to share one (tests do); otherwise it is opened from settings at start-up."""
    settings = settings or Settings.from_env()
    owns_store = store is None

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if app.state.store is None:
            app.state.store = open_store(settings.store, queries_in_memory=settings.queries_in_memory)
            app.state.related = RelatedService(app.state.store)
        yield
        if getattr(app.state, "query_runner", None) is not None:  # SPARQL worker processes (api/routes/sparql.py)
            app.state.query_runner.close()
            app.state.query_runner = None
        if owns_store and app.state.store is not None:
            app.state.store.close()

    app = FastAPI(
        title="newskg",
        version=graph.__version__,
        description="A knowledge graph of news: SPARQL, related stories, entities and pictures.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.store = store
    app.state.related = RelatedService(store) if store is not None else None

    @app.exception_handler(QuerySyntaxError)
    async def syntax_error(request: Request, exc: QuerySyntaxError) -> JSONResponse:
        return JSONResponse({"detail": f"SPARQL syntax error: {exc}"}, status_code=400)

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=503)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        return JSONResponse({"detail": f"invalid request: {problems}"}, status_code=422)

    # related before entities: its /entities/{id}/related routes sit beside /entities/{entity_id}.
    # events before articles: /articles/{id}/events sits beside the catch-all /articles/{article_id:path}.
    for module in (health, sparql, events, articles, related, analysis, entities, viz):
        app.include_router(module.router)
    for module in (graphs, ingest, query_page, ontology):  # Graph Store read, POST /articles, query page, vocabulary
        app.include_router(module.router)
    app.add_middleware(BodySizeLimit)  # 413 with a message for bodies over settings.max_body_bytes
    return app
