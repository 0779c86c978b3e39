"""The services an app or a CLI command runs on, built once from one Settings object (api/app.py, api/cli.py)."""
from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from graph.analysis.projections import ProjectionService
from graph.analysis.related import RelatedService
from graph.analysis.story_store import StoryKeeper
from graph.extract.gazetteers import gazetteer
from graph.extract.pipeline import Pipeline
from graph.settings import Settings
from graph.sparql.runners import ProcessQueryRunner, ThreadQueryRunner, make_runner
from graph.store import DEFAULT_LOCATION, MEMORY, Store, open_store


def index_dir(settings: Settings, store: Store) -> Path | None:
    """The folder of the indexes built from the store: the setting, else beside an on-disk store
    (./newskg-data.indexes for ./newskg-data); None for an in-memory or remote store, or when set to "off"."""
    if settings.index_dir:
        return None if settings.index_dir == "off" else Path(settings.index_dir).expanduser()
    path = getattr(store, "path", None)  # the directory of an on-disk store (and of its in-memory copy)
    return Path(path).with_name(Path(path).name + ".indexes") if path is not None else None


def related_index_dir(settings: Settings, store: Store) -> Path | None:
    """Where the related-stories index is saved, if anywhere."""
    folder = index_dir(settings, store)
    return folder / "related" if folder is not None else None


def open_configured_store(settings: Settings) -> Store:
    """The store the settings name (./newskg-data when they name none)."""
    return open_store(settings.store, queries_in_memory=bool(settings.queries_in_memory))


# Memory an in-memory copy takes per quad of ingested news, text included (graph/store/memory_copy.py).
BYTES_PER_QUAD = 430


def memory_budget_mb(settings: Settings) -> int:
    """The memory an in-memory copy of the store may take: the setting, else a quarter of physical memory."""
    if settings.query_memory_mb is not None:
        return settings.query_memory_mb
    return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") // (4 * 1024 * 1024)


def open_serving_store(settings: Settings) -> tuple[Store, str]:
    """The store for `serve`, and a line saying how its queries are answered and why.

    Queries on Oxigraph's in-memory indexes run 2-5x faster than on RocksDB, so unless the settings choose, an
    on-disk store is copied into memory when the copy fits the memory budget.
    """
    location = str(settings.store or DEFAULT_LOCATION)
    if settings.queries_in_memory is not None or location == MEMORY or location.startswith("sparql+"):
        store = open_configured_store(settings)
        how = "from memory (--queries-in-memory)" if settings.queries_in_memory else "from the store itself"
        return store, f"queries answered {how}"
    from graph.store.oxigraph import OxigraphStore

    disk = OxigraphStore(location)
    quads = disk.count_all()
    need_mb = quads * BYTES_PER_QUAD // (1024 * 1024) + 1
    budget = memory_budget_mb(settings)
    if need_mb > budget:
        return disk, (
            f"queries answered from disk: {quads:,} quads need about {need_mb:,} MB in memory, over the budget of "
            f"{budget:,} MB ($NEWSKG_QUERY_MEMORY_MB)"
        )
    disk.close()
    from graph.store.memory_copy import InMemoryQueryStore

    return InMemoryQueryStore(location), (
        f"queries answered from memory: {quads:,} quads, about {need_mb:,} MB, within the budget of {budget:,} MB "
        "($NEWSKG_QUERY_MEMORY_MB; --queries-on-disk to keep them on disk)"
    )


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
    related: RelatedService  # the related-stories index, updated write by write, saved beside the store
    projections: ProjectionService  # graph projections following the related index
    stories: StoryKeeper  # stories and copies, kept up to date as articles arrive
    owns_store: bool = True  # close the store with the services (not when the caller handed it in)

    def close(self) -> None:
        self.runner.close()
        self.related.close()
        if self.owns_store:
            self.store.close()


def build_services(settings: Settings, store: Store | None = None) -> Services:
    """Open the store (unless one is given) and build every service on it."""
    owns_store = store is None
    store = open_configured_store(settings) if store is None else store
    related = RelatedService(store, directory=related_index_dir(settings, store))
    return Services(
        settings=settings,
        store=store,
        runner=make_runner(store, settings.query_timeout, settings.query_workers),
        pipeline=build_pipeline(settings),
        related=related,
        projections=ProjectionService(related),
        stories=StoryKeeper(store),
        owns_store=owns_store,
    )
