"""Ingest on a real Dask cluster (a scheduler and two workers, separate processes on 127.0.0.1) matches a local
ingest quad for quad, resumes, and loses or duplicates nothing when a worker is killed mid-run."""
from __future__ import annotations

import gzip
import io
import json
import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("distributed")

from graph.cluster import ingest_cluster, read_byte_range, read_unit_range  # noqa: E402
from graph.ingest import ingest_paths  # noqa: E402
from graph.readers import read_file  # noqa: E402
from graph.services import build_pipeline  # noqa: E402
from graph.settings import Settings  # noqa: E402
from graph.store import Store, open_store  # noqa: E402
from graph.store.oxigraph import OxigraphStore  # noqa: E402
from tests.support.dask import LocalCluster, start_cluster  # noqa: E402
from tests.support.server import live_server  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "graph" / "samples"
SETTINGS = Settings(cache_dir="off")
CHUNK_BYTES = 16 * 1024  # small ranges, so even the test input spreads over many tasks and both workers
CHUNK_UNITS = 8


def _input(folder: Path) -> list[str]:
    """The bundled samples, and a larger input made from them: renamed copies as plain and gzip JSON Lines."""
    rows = [json.loads(line) for line in (SAMPLES / "articles.jsonl").read_text(encoding="utf-8").splitlines() if line]
    copies = []
    for n in range(2):
        for row in rows:
            copy = dict(row, id=f"{row['id']}-copy{n}", title=f"{row.get('title') or ''} ({n})")
            copies.append(json.dumps(copy, ensure_ascii=False))
    (folder / "copies.jsonl").write_text("\n".join(copies[: len(rows)]) + "\n", encoding="utf-8")
    (folder / "copies.jsonl.gz").write_bytes(gzip.compress(("\n".join(copies[len(rows) :]) + "\n").encode("utf-8")))
    bad = '{"id": "ok-1", "text": "Anna Berg visited Aarhus."}\n{not json\n'
    (folder / "bad.jsonl").write_text(bad, encoding="utf-8")
    return [str(SAMPLES), str(folder / "copies.jsonl"), str(folder / "copies.jsonl.gz"), str(folder / "bad.jsonl")]


def _quads(store: Store) -> list[str]:
    out = io.BytesIO()
    store.dump(out)
    return sorted(out.getvalue().decode("utf-8").splitlines())


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalCluster]:
    c = start_cluster(2, tmp_path_factory.mktemp("dask"))
    try:
        yield c
    finally:
        c.stop()


@pytest.fixture(scope="module")
def paths(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    return _input(tmp_path_factory.mktemp("input"))


@pytest.fixture(scope="module")
def local(paths: list[str]) -> tuple[list[str], list[str]]:
    """A local ingest of the same input: its quads and article ids."""
    store = open_store("memory:")
    report = ingest_paths(paths, store, build_pipeline(SETTINGS))
    assert report.ingested > 100 and report.failed == 1, report.errors
    return _quads(store), report.article_ids


def test_ranges_cover_each_record_once(tmp_path: Path) -> None:
    """Byte ranges and unit ranges, at any size, together read exactly what the whole-file reader reads."""
    paths = _input(tmp_path)
    plain, packed = Path(paths[1]), Path(paths[2])
    whole = [(r.id, r.text) for r in read_file(plain)]
    size = plain.stat().st_size
    for chunk in (1, 97, 4096, size):
        ranged = [r for start in range(0, size, chunk) for r in read_byte_range(plain, start, start + chunk)]
        assert [(r.id, r.text) for r in ranged] == whole  # type: ignore[union-attr]
    whole = [(r.id, r.text) for r in read_file(packed)]
    for count in (1, 5, 36, 100):
        got, first, at_end = [], 0, False
        while not at_end:
            records, at_end = read_unit_range(packed, first, count)
            got += records
            first += count
        assert [(r.id, r.text) for r in got] == whole  # type: ignore[union-attr]


def test_cluster_ingest_matches_local_quad_for_quad(
    cluster: LocalCluster, paths: list[str], local: tuple[list[str], list[str]]
) -> None:
    store = open_store("memory:")
    report = ingest_cluster(
        paths, store, cluster.address, SETTINGS, chunk_bytes=CHUNK_BYTES, chunk_units=CHUNK_UNITS
    )
    assert report.failed == 1 and "bad.jsonl" in report.errors[0] and "invalid JSON" in report.errors[0]
    assert report.article_ids == local[1]  # same ids, in input order
    assert _quads(store) == local[0]

    # --resume: everything is there, nothing is extracted again, nothing changes.
    again = ingest_cluster(paths, store, cluster.address, SETTINGS, skip_existing=True, chunk_bytes=CHUNK_BYTES)
    assert again.ingested == 0 and again.skipped == len(local[1])
    assert _quads(store) == local[0]


def test_workers_write_in_parallel_to_a_remote_store(cluster: LocalCluster, tmp_path: Path) -> None:
    """With a sparql+http:// store the workers write themselves; the result is the same graph."""
    lines = (SAMPLES / "articles.jsonl").read_bytes().splitlines(keepends=True)[:8]  # HTTP writes take ~1 s each
    (tmp_path / "few.jsonl.gz").write_bytes(gzip.compress(b"".join(lines) + b"{broken\n"))
    part = [str(tmp_path / "few.jsonl.gz")]
    expected = open_store("memory:")
    ingest_paths(part, expected, build_pipeline(SETTINGS))
    backing = OxigraphStore(None)
    with live_server(backing, write_token="cluster-secret") as server:
        location = f"sparql+http://:cluster-secret@127.0.0.1:{server.port}/sparql?auth=bearer"
        client_side = open_store(location)
        report = ingest_cluster(
            part, client_side, cluster.address, SETTINGS, workers_write_to=location, chunk_units=3
        )
        client_side.close()
    assert report.failed == 1 and report.ingested == 8
    assert _quads(backing) == _quads(expected)


def test_cli_ingest_on_the_cluster(cluster: LocalCluster, paths: list[str], tmp_path: Path) -> None:
    """`newskg ingest --cluster ADDRESS`, then again with --resume: nothing left to do."""
    from typer.testing import CliRunner

    from api.cli import app

    store = str(tmp_path / "store")
    args = ["ingest", paths[2], "--cluster", cluster.address, "--store", store, "-q"]
    first = CliRunner().invoke(app, args, env={"NEWSKG_CACHE_DIR": "off"})
    assert first.exit_code == 0 and "ingested 36 article(s), 0 failed" in first.output, first.output
    again = CliRunner().invoke(app, [*args, "--resume"], env={"NEWSKG_CACHE_DIR": "off"})
    assert again.exit_code == 0 and "ingested 0 article(s), 0 failed, 36 already stored" in again.output


def test_worker_killed_mid_run_loses_and_duplicates_nothing(
    cluster: LocalCluster, paths: list[str], local: tuple[list[str], list[str]]
) -> None:
    from distributed import Client

    store = open_store("memory:")
    done = [0]
    victim = cluster.workers[1]
    observer = Client(cluster.address, timeout=10)
    address = next(a for a, w in observer.scheduler_info()["workers"].items() if w["name"] == "w1")
    held: list[int] = []

    def progress(n: int) -> None:
        done[0] += n
        if done[0] >= 8 and victim.poll() is None:  # after the first stored batch: most of the input still out
            # What the victim is running or holding (results not yet fetched) is lost with it.
            held.append(len(observer.processing([address])[address]) + len(observer.has_what([address])[address]))
            os.kill(victim.pid, signal.SIGKILL)
            victim.wait(timeout=10)

    try:
        # Progress is reported per stored batch: batches smaller than this input, so the kill comes mid-run.
        report = ingest_cluster(
            paths, store, cluster.address, SETTINGS, on_progress=progress, chunk_bytes=CHUNK_BYTES,
            chunk_units=CHUNK_UNITS, batch_size=8,
        )
    finally:
        observer.close()
    assert victim.returncode == -signal.SIGKILL and held and held[0] > 0, held
    assert report.failed == 1 and report.article_ids == local[1]
    assert _quads(store) == local[0]
