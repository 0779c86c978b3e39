"""The W3C SPARQL 1.1 Protocol, Graph Store Protocol and Service Description suites against a live `newskg serve`.

The manifests are read from ../shared/data/w3c-sparql (or $NEWSKG_W3C_SPARQL), the layout of w3c/rdf-tests;
the runner is tests/support/w3c.py. The server runs as its own process on 127.0.0.1 and a free port, on an on-disk
store, with writes open by token. Tests that cannot apply by design are listed in NOT_APPLICABLE with the reason.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.server import free_port
from tests.support.w3c import Rewriter, W3CTest, article_graph_for, load_suites, run_service_description_test, run_test

ROOT = Path(__file__).resolve().parents[1]
# ../shared/data beside the repository (or beside the folder of worktrees), unless $NEWSKG_W3C_SPARQL names one.
_CANDIDATES = [ROOT.parent / "shared" / "data" / "w3c-sparql", ROOT.parents[1] / "shared" / "data" / "w3c-sparql"]
FOLDER = Path(os.environ.get("NEWSKG_W3C_SPARQL") or next((c for c in _CANDIDATES if c.is_dir()), _CANDIDATES[0]))
TOKEN = "w3c-suite-token"

_WRITES_DEFAULT = "the default graph is the read-only union of the article graphs: no graph store writes to it"
NOT_APPLICABLE = {
    "graph-store:put_get_default": _WRITES_DEFAULT,
    "graph-store:post_get_new_graph": (
        "POST to the graph store itself asks the server to mint a new graph's name; newskg's graphs are named by "
        "their article (POST /articles ingests new ones)"
    ),
    **{
        f"graph-store:{name}": "direct graph identification (the graph IRI as the request URL) does not apply: "
        "article graphs are named https://w3id.org/newskg/graph/{id}, not URLs of this server; use ?graph="
        for name in ("put_get_repeat_direct", "put_delete_get_delete_direct", "post_get_post_get_direct",
                     "head_existing_direct")
    },
}


def _tests() -> list[W3CTest]:
    return load_suites(FOLDER) if FOLDER.is_dir() else []


TESTS = _tests()


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    if not FOLDER.is_dir():
        pytest.skip(f"W3C SPARQL test manifests not found in {FOLDER} (set $NEWSKG_W3C_SPARQL)")
    port = free_port()
    env = {**os.environ, "NEWSKG_WRITE_TOKEN": TOKEN, "PYTHONPATH": str(ROOT)}
    store = tmp_path_factory.mktemp("w3c") / "store"
    proc = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "serve", "--port", str(port), "--store", str(store)],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(url + "/health", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError(f"newskg serve did not start: {proc.stderr.read().decode()[-2000:]}")
        time.sleep(0.2)
    try:
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def _load_data(test: W3CTest, url: str) -> None:
    """The test's data (ut:graphData), each file into the article graph its label stands for, alone in the store."""
    rewrite = Rewriter(test)  # the same renaming of graph IRIs as in the test's requests, wherever they occur
    parts = ["DROP SILENT ALL"]
    for file, label in test.data:
        parts.append(f"INSERT DATA {{ GRAPH <{article_graph_for(label)}> {{ {rewrite.text(file.read_text())} }} }}")
    response = httpx.post(
        url + "/sparql", content=" ;\n".join(parts).encode(),
        headers={"content-type": "application/sparql-update", "authorization": f"Bearer {TOKEN}"}, timeout=30,
    )
    assert response.status_code == 204, response.text


@pytest.mark.parametrize("test", TESTS, ids=[t.id for t in TESTS])
def test_w3c(test: W3CTest, server: str) -> None:
    if test.id in NOT_APPLICABLE:
        pytest.skip(f"not applicable: {NOT_APPLICABLE[test.id]}")
    if test.suite == "service-description":
        outcome = run_service_description_test(test.name, server)
    else:
        _load_data(test, server)
        outcome = run_test(test, server, TOKEN)
    assert outcome.ok, outcome.reason


def test_suites_found() -> None:
    if not FOLDER.is_dir():
        pytest.skip(f"W3C SPARQL test manifests not found in {FOLDER}")
    suites = ("protocol", "graph-store", "service-description")
    counts = {suite: sum(t.suite == suite for t in TESTS) for suite in suites}
    assert counts == {"protocol": 34, "graph-store": 13, "service-description": 3}
    assert set(NOT_APPLICABLE) <= {t.id for t in TESTS}
