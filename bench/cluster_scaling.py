"""Cluster ingest scaling: the same input ingested on a Dask cluster of 1 worker and of 2 workers, in one run.

Figures: articles per second with 1 and with 2 workers, their ratio and the scaling efficiency (ratio / 2), and the
CPU seconds beside the wall time (this process, the writer; the workers; the scheduler). Each cluster is a real
`dask scheduler` and single-threaded `dask worker` processes on 127.0.0.1; the pipeline is warmed up on every
worker before timing. Also the reading speed of the stream formats (plain, gzip and bz2 JSON Lines; WARC).

On a machine with fewer cores than workers + 1 the writer and the workers share cores: the ratio then says more
about the machine than about the cluster (the load average is printed).

    python -m bench.cluster_scaling [--limit N] [--workers 1,2] [--input FILE.jsonl]
"""
from __future__ import annotations

import argparse
import bz2
import gzip
import io
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

from bench._common import BBC, SAMPLES, figure, heading, load_note, skip

TARGET_RATIO = 1.7  # issue 16: 2 workers >= 1.7x one worker


def subset(source: Path, limit: int, folder: Path) -> tuple[Path, int]:
    lines = [line for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    if limit:
        lines = lines[:limit]
    out = folder / "input.jsonl"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out, len(lines)


def process_cpu(pids: list[int]) -> float:
    import psutil

    total = 0.0
    for pid in pids:
        try:
            t = psutil.Process(pid).cpu_times()
            total += t.user + t.system
        except psutil.NoSuchProcess:
            pass
    return total


def run_cluster(n_workers: int, src: Path, articles: int, folder: Path) -> dict:
    from graph.cluster import ingest_cluster
    from graph.settings import Settings
    from graph.store import open_store
    from tests.support.dask import start_cluster

    settings = Settings(cache_dir="off")
    logs = folder / f"logs-{n_workers}"
    logs.mkdir()
    cluster = start_cluster(n_workers, logs)
    try:
        warm = open_store("memory:")
        # Warm every worker: each builds its pipeline and loads its lexicons on its first task.
        ingest_cluster([SAMPLES], warm, cluster.address, settings, chunk_bytes=4096)
        warm.close()
        workers = [w.pid for w in cluster.workers]
        store_dir = folder / f"store-{n_workers}"
        store = open_store(str(store_dir))
        cpu_workers, cpu_sched, own = process_cpu(workers), process_cpu([cluster.scheduler.pid]), os.times()
        start = time.perf_counter()
        report = ingest_cluster([src], store, cluster.address, settings)
        wall = time.perf_counter() - start
        own_after = os.times()
        cpu_workers = process_cpu(workers) - cpu_workers
        cpu_sched = process_cpu([cluster.scheduler.pid]) - cpu_sched
        quads = store.count_quads()
        store.close()
    finally:
        cluster.stop()
    assert report.ingested == articles, (report.ingested, report.errors[:3])
    return {
        "wall": wall,
        "rate": articles / wall,
        "cpu_client": (own_after.user - own.user) + (own_after.system - own.system),
        "cpu_workers": cpu_workers,
        "cpu_scheduler": cpu_sched,
        "quads": quads,
    }


def reading_speed(src: Path, folder: Path, pages: int) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from graph.readers import read_file

    data = src.read_bytes()
    files = {
        "plain": src,
        "gzip": folder / "input.jsonl.gz",
        "bz2": folder / "input.jsonl.bz2",
    }
    files["gzip"].write_bytes(gzip.compress(data))
    files["bz2"].write_bytes(bz2.compress(data))
    for name, path in files.items():
        start = time.perf_counter()
        n = sum(1 for _ in read_file(path))
        wall = time.perf_counter() - start
        figure(f"read JSON Lines, {name}", f"{n / wall:,.0f} records/s, {len(data) / wall / 1e6:.0f} MB/s of text")
    # WARC: each article as an HTML page (title, paragraphs, navigation around), gzip per record.
    warc = folder / "input.warc.gz"
    with warc.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for i, line in enumerate(data.decode("utf-8").splitlines()[:pages]):
            row = json.loads(line)
            paras = "".join(f"<p>{p}</p>" for p in row["text"].split("\n") if p.strip())
            html = f"<html><head><title>{row.get('title', '')}</title></head><body><nav>Home</nav><article>{paras}"
            html += "</article><footer>Contact</footer></body></html>"
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            payload = io.BytesIO(html.encode("utf-8"))
            uri = f"https://news.example/{i}"
            writer.write_record(writer.create_warc_record(uri, "response", payload=payload, http_headers=headers))
    start = time.perf_counter()
    n = sum(1 for _ in read_file(warc))
    wall = time.perf_counter() - start
    size = warc.stat().st_size
    rate = f"{n / wall:,.0f} pages/s, {size / wall / 1e6:.1f} MB/s of WARC"
    figure("read WARC (gzip), HTML through trafilatura", rate)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=600, help="BBC articles to ingest (0: all 2,225)")
    parser.add_argument("--workers", default="1,2", help="cluster sizes to compare, e.g. 1,2")
    parser.add_argument("--input", type=Path, default=BBC, help="JSON Lines articles (default: the BBC articles)")
    parser.add_argument("--no-reading", action="store_true", help="skip the reading speed of the stream formats")
    args = parser.parse_args()
    try:
        import distributed  # noqa: F401
    except ImportError:
        skip("Dask distributed is not installed (pip install 'newskg[cluster]')")
        return
    heading("Cluster ingest scaling (Dask, single-threaded workers on 127.0.0.1)")
    source = args.input if args.input.exists() else SAMPLES
    if source == SAMPLES:
        skip(f"{args.input} not found: using the bundled samples instead (too few articles for a meaningful ratio)")
    folder = Path(tempfile.mkdtemp(prefix="newskg-cluster-bench-"))
    try:
        src, articles = subset(source, args.limit, folder)
        figure("input", f"{articles} articles, {src.stat().st_size / 1e6:.1f} MB of JSON Lines")
        figure("machine", load_note())
        sizes = [int(n) for n in args.workers.split(",")]
        results = {}
        for n in sizes:
            r = results[n] = run_cluster(n, src, articles, folder)
            cpu = r["cpu_client"] + r["cpu_workers"] + r["cpu_scheduler"]
            figure(f"{n} worker(s): articles/s", f"{r['rate']:.1f}", f"wall {r['wall']:.1f} s")
            figure(
                f"{n} worker(s): CPU s",
                f"{cpu:.1f} total",
                f"writer/client {r['cpu_client']:.1f}, workers {r['cpu_workers']:.1f}, "
                f"scheduler {r['cpu_scheduler']:.1f}; {1000 * cpu / articles:.1f} ms per article",
            )
        quads = {r["quads"] for r in results.values()}
        figure("same quads in every run", "yes" if len(quads) == 1 else f"NO: {sorted(quads)}")
        if len(sizes) >= 2:
            base, top = sizes[0], sizes[-1]
            ratio = results[top]["rate"] / results[base]["rate"]
            efficiency = ratio / (top / base)
            figure(
                f"{top} workers / {base} worker: articles/s ratio",
                f"{ratio:.2f}x",
                f"target >= {TARGET_RATIO}x; scaling efficiency {efficiency:.0%}",
            )
            figure("machine after", load_note())
        if not args.no_reading:
            heading("Reading speed of the stream formats (no extraction)")
            reading_speed(src, folder, pages=min(articles, 300))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
