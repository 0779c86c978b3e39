"""The services an app or a CLI command runs on, built once from one Settings object (api/app.py, api/cli.py)."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from graph.analysis.projections import ProjectionService
from graph.analysis.related import RelatedService
from graph.extract.gazetteers import gazetteer
from graph.extract.pipeline import Pipeline
from graph.settings import Settings
from graph.sparql.runners import ProcessQueryRunner, ThreadQueryRunner, make_runner
from graph.store import Store, open_store


def open_configured_store(settings: Settings) -> Store:
    """The store the settings name (./newskg-data when they name none)."""
    return open_store(settings.store, queries_in_memory=settings.queries_in_memory)


def build_pipeline(settings: Settings, disable: Iterable[str] = ()) -> Pipeline:
    """The default extraction pipeline, with the spaCy layer when the settings name a model."""
    config = {"statistical": {"model": settings.spacy_model}} if settings.spacy_model else None
    pipeline = Pipeline.default(disable=disable, config=config)
    if {"mentions", "link"} & set(pipeline.names):
        gazetteer(settings.cache_dir)  # the process-wide gazetteer, from the settings' cache folder
    return pipeline


@dataclass
class Services:
    """What the routes use: built together, closed together."""

    settings: Settings
    store: Store
    runner: ThreadQueryRunner | ProcessQueryRunner  # SPARQL queries under the time limit
    pipeline: Pipeline  # extraction for POST /articles
    related: RelatedService  # the related-stories index, rebuilt after writes
    projections: ProjectionService  # graph projections following the related index
    owns_store: bool = True  # close the store with the services (not when the caller handed it in)

    def close(self) -> None:
        self.runner.close()
        if self.owns_store:
            self.store.close()


def build_services(settings: Settings, store: Store | None = None) -> Services:
    """Open the store (unless one is given) and build every service on it."""
    owns_store = store is None
    store = open_configured_store(settings) if store is None else store
    related = RelatedService(store)
    return Services(
        settings=settings,
        store=store,
        runner=make_runner(store, settings.query_timeout, settings.query_workers),
        pipeline=build_pipeline(settings),
        related=related,
        projections=ProjectionService(related),
        owns_store=owns_store,
    )
