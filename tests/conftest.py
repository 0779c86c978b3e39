"""Shared fixtures: stores, the sample articles ingested once, and a live HTTP server on 127.0.0.1.

Property tests draw the same examples on every run, so that the suite (and CI) is deterministic; to search for new
failing examples, run with HYPOTHESIS_PROFILE=explore (random draws, failures saved in .hypothesis/ and replayed).
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from hypothesis import settings

from graph.extract.pipeline import Pipeline
from graph.ingest import ingest_paths
from graph.store import Store
from graph.store.oxigraph import OxigraphStore
from tests.support.browser import browser, tab  # noqa: F401  (headless Chromium, and a tab at each screen size)
from tests.support.server import LiveServer, free_port, live_server  # noqa: F401  (re-used by fixtures)

settings.register_profile("deterministic", derandomize=True, database=None)
settings.register_profile("explore")
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "deterministic"))

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "graph" / "samples" / "articles.jsonl"


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline.default()


@pytest.fixture
def memory_store() -> Iterator[Store]:
    store = OxigraphStore(None)
    yield store
    store.close()


@pytest.fixture(scope="session")
def sample_store(pipeline: Pipeline) -> Store:
    """The bundled sample articles, ingested once through the normal ingest path into an in-memory store."""
    store = OxigraphStore(None)
    report = ingest_paths([SAMPLES], store, pipeline=pipeline)
    assert report.ok, report.errors
    assert report.ingested >= 30
    return store


@pytest.fixture(scope="session")
def sample_server(sample_store: Store) -> Iterator[LiveServer]:
    with live_server(sample_store) as server:
        yield server


@pytest.fixture
def http(sample_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=sample_server.url, timeout=30) as client:
        yield client


@pytest.fixture(scope="session")
def virtuoso_server():
    """A throwaway Virtuoso on loopback (tests/support/virtuoso.py).

    Skips without virtuoso-t, except in CI where it fails."""
    from tests.support.virtuoso import VirtuosoServer, must_have_virtuoso, virtuoso_available

    if not virtuoso_available():
        if must_have_virtuoso():
            pytest.fail("virtuoso-t is not installed; .ci/run installs Debian's virtuoso-opensource")
        pytest.skip("virtuoso-t is not installed (apt-get install virtuoso-opensource)")
    with VirtuosoServer() as server:
        yield server


@pytest.fixture(scope="session")
def virtuoso_sample_store(virtuoso_server, pipeline: Pipeline) -> Iterator[Store]:
    """The sample articles ingested through the normal ingest path into Virtuoso (a RemoteSparqlStore)."""
    from graph.store import open_store

    store = open_store(virtuoso_server.location)
    report = ingest_paths([SAMPLES], store, pipeline=pipeline)
    assert report.ok, report.errors
    yield store
    store.close()
