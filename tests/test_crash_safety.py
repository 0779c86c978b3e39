"""Crash safety: `kill -9` in the middle of a large `newskg ingest` leaves a store that opens and answers, holds
only whole articles (whole batches, in fact), and running the ingest again finishes the rest without duplicates.

The ingest runs as a real subprocess with worker processes; it is killed once its progress lines (printed to
stderr when it is not a terminal) show that some batches are committed.
"""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import psutil
import pytest

from graph.ingest import BATCH_SIZE
from graph.store import StoreError
from graph.store.oxigraph import OxigraphStore

ARTICLES = 4000  # enough that an ingest still runs when its first progress line (after 2 s) comes
KILL_AFTER = 3 * BATCH_SIZE  # articles reported stored before the kill

PEOPLE = ["Karen Holm", "Ib Berg", "Sarah Whitlock", "Tom Hadley", "Mette Lund", "Peter Vang", "Alice Munro-Grey"]
PLACES = ["Esbjerg", "Odense", "Aarhus", "Leeds", "Bristol", "Copenhagen", "Manchester"]
ORGS = ["Vestas", "Novo Nordisk", "the Labour Party", "Maersk", "the BBC", "Arla Foods"]
VERBS = ["met", "criticised", "praised", "visited", "called"]


def make_articles(n: int, seed: int = 8) -> list[dict]:
    """Short English news-like articles with recurring people, places and organisations (written for this test)."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        a, b = rng.sample(PEOPLE, 2)
        place, org = rng.choice(PLACES), rng.choice(ORGS)
        text = (
            f"{a} {rng.choice(VERBS)} {b} in {place} on Monday. "
            f'"We will keep working with {org}," {a} said after the meeting. '
            f"{b} said the plan for {place} would cost {rng.randint(2, 90)} million kroner. "
            f"Officials from {org} declined to comment on story {i}."
        )
        out.append({"id": f"crash-{i:05d}", "title": f"{a} and {b} in {place}", "lang": "en", "text": text})
    return out


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("crash") / "articles.jsonl"
    path.write_text("\n".join(json.dumps(a) for a in make_articles(ARTICLES)) + "\n", encoding="utf-8")
    return path


def ingest_cmd(source: Path, store: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "api.cli", "ingest", str(source), "--store", str(store), "--workers", "2", *extra]


def run_ingest(source: Path, store: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(ingest_cmd(source, store, *extra), capture_output=True, text=True, timeout=600, cwd=ROOT)


ROOT = Path(__file__).resolve().parents[1]


def ingest_and_kill(source: Path, store: Path) -> None:
    """Start an ingest, wait until its progress shows KILL_AFTER articles stored, then SIGKILL it (not its workers)."""
    proc = subprocess.Popen(
        ingest_cmd(source, store), stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, cwd=ROOT
    )
    workers: list[psutil.Process] = []
    try:
        for line in proc.stderr:
            if line.startswith("ingest: "):
                done = int(line.split()[1].split("/")[0])
                if done >= KILL_AFTER:
                    break
        else:
            pytest.fail(f"the ingest ended before it could be killed (exit {proc.wait()})")
        workers = psutil.Process(proc.pid).children(recursive=True)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    assert workers, "the ingest ran without worker processes"
    # Workers notice their parent is gone and stop: nothing keeps extracting for a writer that no longer exists.
    gone, alive = psutil.wait_procs(workers, timeout=10)
    assert not alive, f"worker processes outlived the killed ingest: {alive}"


def per_article(store: OxigraphStore) -> dict[str, tuple[int, int]]:
    """Per stored article id: (number of schema:identifier values, number of quads in its graph)."""
    rows = store.select(
        """SELECT ?g (COUNT(*) AS ?n) (SUM(IF(?p = <https://schema.org/identifier> && ?s = ?art, 1, 0)) AS ?ids)
           WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "https://w3id.org/newskg/graph/"))
                   BIND(IRI(REPLACE(STR(?g), "/graph/", "/id/article/")) AS ?art) }
           GROUP BY ?g"""
    )
    return {r["g"].rsplit("/", 1)[-1]: (int(r["ids"]), int(r["n"])) for r in rows}


def test_kill_9_mid_ingest_leaves_whole_articles_and_a_rerun_finishes(source, tmp_path):
    store_path = tmp_path / "kg"
    ingest_and_kill(source, store_path)

    # The store opens (the dead process's lock is gone) and answers.
    store = OxigraphStore(store_path)
    after_crash = per_article(store)
    assert store.ask("ASK { ?a a <https://schema.org/NewsArticle> }")
    store.close()
    ids = sorted(after_crash)
    assert len(ids) >= KILL_AFTER
    assert len(ids) < ARTICLES, "the ingest finished before the kill; nothing was tested"
    # Batches commit whole and in input order: what is stored is a prefix of the input, whole batches only.
    assert ids == [f"crash-{i:05d}" for i in range(len(ids))]
    assert len(ids) % BATCH_SIZE == 0
    # Every stored article has its identifier once.
    assert all(n_ids == 1 for n_ids, _ in after_crash.values())

    # Running the same ingest again finishes the rest and adds no duplicates.
    rerun = run_ingest(source, store_path, "--quiet")
    assert rerun.returncode == 0, rerun.stderr
    store = OxigraphStore(store_path)
    complete = per_article(store)
    store.close()
    assert sorted(complete) == [f"crash-{i:05d}" for i in range(ARTICLES)]
    assert all(n_ids == 1 for n_ids, _ in complete.values())
    # Each article stored before the crash has exactly the quads a clean ingest of it produces.
    assert {aid: after_crash[aid] for aid in ids} == {aid: complete[aid] for aid in ids}


def test_resume_after_kill_skips_what_is_stored_and_finishes(source, tmp_path):
    store_path = tmp_path / "kg"
    ingest_and_kill(source, store_path)
    store = OxigraphStore(store_path)
    stored_before = len(store.article_ids())
    store.close()

    resumed = run_ingest(source, store_path, "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert f"ingested {ARTICLES - stored_before} article(s), 0 failed, {stored_before} already stored" in resumed.stderr
    store = OxigraphStore(store_path)
    complete = per_article(store)
    store.close()
    assert len(complete) == ARTICLES
    assert all(n_ids == 1 for n_ids, _ in complete.values())


def test_a_second_process_gets_a_clear_error(tmp_path):
    store = OxigraphStore(tmp_path / "kg")
    try:
        result = subprocess.run(
            [sys.executable, "-m", "api.cli", "query", "ASK { ?s ?p ?o }", "--store", str(tmp_path / "kg")],
            capture_output=True, text=True, timeout=60, cwd=ROOT,
        )
        assert result.returncode == 1
        assert "is in use by another process" in result.stderr
        assert "Traceback" not in result.stderr
        with pytest.raises(StoreError, match="is in use by another process"):
            OxigraphStore(tmp_path / "kg")
    finally:
        store.close()
