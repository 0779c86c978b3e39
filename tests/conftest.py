"""Shared fixtures: stores, the sample articles ingested once, and a live HTTP server on 127.0.0.1.

Property tests draw the same examples on every run, so that the suite (and CI) is deterministic; to search for new
failing examples, run with HYPOTHESIS_PROFILE=explore (random draws, failures saved in .hypothesis/ and replayed).
"""
from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from hypothesis import settings

from api.app import create_app
from api.settings import Settings
from graph.extract.pipeline import Pipeline
from graph.ingest import ingest_paths
from graph.store import Store
from graph.store.oxigraph import OxigraphStore
from tests.browser import browser  # noqa: F401  (the headless Chromium fixture of the browser tests)

settings.register_profile("deterministic", derandomize=True, database=None)
settings.register_profile("explore")
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "deterministic"))

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "graph" / "samples" / "articles.jsonl"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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


class LiveServer:
    def __init__(self, app, host: str = "127.0.0.1") -> None:
        self.port = free_port()
        self.url = f"http://{host}:{self.port}"
        config = uvicorn.Config(app, host=host, port=self.port, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def live_server(store: Store, **settings) -> LiveServer:
    """A real uvicorn server on 127.0.0.1 and a free port, serving `store`."""
    return LiveServer(create_app(Settings(store="memory:", **settings), store))


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
    """A throwaway Virtuoso on loopback (tests/virtuoso.py). Skips without virtuoso-t, except in CI where it fails."""
    from tests.virtuoso import VirtuosoServer, must_have_virtuoso, virtuoso_available

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
