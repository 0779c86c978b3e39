"""Size limits over HTTP: a request body over settings.max_body_bytes is refused with 413 and a message, whether it
declares its length or streams it in chunks, before the route reads it; bodies under the limit pass untouched."""
from __future__ import annotations

import httpx
import pytest

from graph.store.oxigraph import OxigraphStore
from tests.support.server import live_server

LIMIT = 4096


@pytest.fixture(scope="module")
def server():
    store = OxigraphStore(None)
    with live_server(store, max_body_bytes=LIMIT, write_token="secret") as srv:
        yield srv
    store.close()


def chunks(total: int, size: int = 1024):
    for start in range(0, total, size):
        yield b"x" * min(size, total - start)


@pytest.mark.parametrize("path", ["/sparql", "/articles"])
def test_declared_body_over_the_limit_is_413_with_a_message(server, path):
    body = b"SELECT * WHERE { ?s ?p ?o } #" + b"x" * LIMIT
    r = httpx.post(
        server.url + path,
        content=body,
        headers={"content-type": "application/sparql-query", "authorization": "Bearer secret"},
    )
    assert r.status_code == 413
    assert (
        r.json()["detail"]
        == f"request body is {len(body):,} bytes, over the limit of {LIMIT:,} (NEWSKG_MAX_BODY_BYTES)"
    )


def test_chunked_body_over_the_limit_is_stopped_with_413(server):
    r = httpx.post(
        server.url + "/articles",
        content=chunks(3 * LIMIT),
        headers={"content-type": "application/json", "authorization": "Bearer secret"},
    )
    assert "content-length" not in r.request.headers  # really sent chunked
    assert r.status_code == 413
    assert f"over the limit of {LIMIT:,} (NEWSKG_MAX_BODY_BYTES)" in r.json()["detail"]


def test_body_under_the_limit_passes(server):
    r = httpx.post(
        server.url + "/sparql",
        content=b"ASK { ?s ?p ?o }",
        headers={"content-type": "application/sparql-query", "accept": "application/sparql-results+json"},
    )
    assert r.status_code == 200
    assert r.json()["boolean"] is False
    article = {"id": "limits-1", "lang": "en", "text": "Karen Holm visited Esbjerg on Monday."}
    r = httpx.post(server.url + "/articles", json=article, headers={"authorization": "Bearer secret"}, timeout=60)
    assert r.status_code == 201, r.text
