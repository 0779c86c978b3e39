"""The FastAPI application factory: `create_app(settings, store)` builds the same app for `serve` and the tests."""
from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse

import graph
from api.limits import BodySizeLimit
from api.routes import (
    articles,
    central,
    docs,
    entities,
    events,
    graphs,
    health,
    ontology,
    paths,
    query,
    related,
    sparql,
    stories,
    storylines,
    viz,
)
from graph.services import build_services
from graph.settings import Settings
from graph.store import QuerySyntaxError, Store, StoreError

# One router per URL prefix; no two share a path, so the order below does not matter.
ROUTERS = (
    health, sparql, graphs, query, articles, entities, events, related, paths, stories, storylines, central, viz,
    ontology, docs,
)


def create_app(settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    """Build the app. Pass a store to share one (tests do); otherwise it is opened from settings at start-up.

    Every service (store, query runner, pipeline, related index, projections) is built once, when the app starts
    (graph/services.py), and reaches the routes through api/deps.py.
    """
    settings = settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        services = build_services(settings, store)
        app.state.services = services
        services.related.warm()  # the saved related-stories index loads (or is built) while the app starts
        try:
            yield
        finally:
            services.close()

    app = FastAPI(
        title="newskg",
        version=graph.__version__,
        description="A knowledge graph of news: SPARQL, related stories, entities and pictures.",
        lifespan=lifespan,
        docs_url=None,  # api/routes/docs.py serves /docs and /redoc with local assets: they work offline
        redoc_url=None,
    )
    app.state.settings = settings  # for the body-size middleware, which runs outside the routes' dependencies

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

    for module in ROUTERS:
        app.include_router(module.router)
    app.add_middleware(BodySizeLimit)  # 413 with a message for bodies over settings.max_body_bytes
    if settings.cors_origins:
        # Pages on other origins (YASGUI, Comunica) may query and read. No Authorization header and no
        # credentials cross-origin: a browser never sends the write token for a page, so writes stay closed to CORS.
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "HEAD", "POST"],
            allow_headers=["Accept", "Content-Type"],
            expose_headers=["X-SPARQL-Truncated", "X-SPARQL-MaxRows", "Content-Location", "Location"],
            allow_credentials=False,
            max_age=3600,
        )
    return app
