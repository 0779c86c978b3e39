"""Ingest throughput end to end (read -> extract -> map -> store) on the BBC articles, as `newskg ingest` runs it.

Figures: articles/s and words/s with the default number of workers (one per CPU) into an on-disk store, the same
in one process, peak memory of the writer and of a worker, CPU seconds per article, and where the time goes (a
per-stage profile of extraction, mapping and the store write, on one core).

    python -m bench.ingest [--limit N] [--workers N] [--no-serial]
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

from bench._common import BBC, cpu_seconds, figure, heading, load_note, peak_rss_mb, skip

TARGET_ARTICLES_PER_S = 100


def words_in(path: Path, limit: int | None) -> tuple[int, int]:
    articles = words = 0
    with path.open(encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            words += len(json.loads(line).get("text", "").split())
            articles += 1
            if limit and articles >= limit:
                break
    return articles, words


def subset(limit: int | None, folder: Path) -> Path:
    if not limit:
        return BBC
    out = folder / f"bbc-{limit}.jsonl"
    with BBC.open(encoding="utf-8") as f:
        lines = [line for line in f if line.strip()][:limit]
    out.write_text("".join(lines), encoding="utf-8")
    return out


def run_ingest(src: Path, store_dir: Path, workers: int) -> dict:
    """One ingest in a fresh process, so its peak memory figures are its own."""
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-m", "bench.ingest", "--one-run", str(src), str(store_dir), str(workers)],
        capture_output=True, text=True, check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def one_run(src: Path, store_dir: Path, workers: int) -> None:
    from graph.extract.pipeline import Pipeline
    from graph.ingest import ingest_paths
    from graph.store.oxigraph import OxigraphStore

    pipeline = Pipeline.default()
    store = OxigraphStore(store_dir)
    cpu0, t0 = cpu_seconds(), time.perf_counter()
    report = ingest_paths([src], store, pipeline, workers=workers)
    store.close()  # includes flushing to disk: part of the cost
    wall, cpu = time.perf_counter() - t0, cpu_seconds() - cpu0
    own, child = peak_rss_mb()
    print(json.dumps({"ingested": report.ingested, "failed": report.failed, "wall": wall, "cpu": cpu,
                      "errors": report.errors[:3], "rss": own, "child_rss": child}))


def stage_profile(src: Path, n: int) -> None:
    """Per-stage CPU time on one core: read, each pipeline component, mapping, store write (on disk)."""
    from graph.extract.pipeline import Pipeline
    from graph.model import Article, Doc
    from graph.rdf.mapping import map_doc
    from graph.readers import read_paths
    from graph.store.oxigraph import OxigraphStore

    pipeline = Pipeline.default()
    t = time.process_time()
    records = []
    for r in read_paths([src]):
        if isinstance(r, Article):
            records.append(r)
        if len(records) >= n:
            break
    spent = collections.Counter({"read (JSON Lines)": time.process_time() - t})
    pipeline(records[0])  # load lazy resources outside the measurement
    mapped = []
    for article in records:
        doc = Doc(article=article, text=article.text)
        for name, fn in zip(pipeline.names, pipeline.components, strict=True):
            t = time.process_time()
            doc = fn(doc)
            spent[f"extract: {name}"] += time.process_time() - t
        t = time.process_time()
        mapped.append(map_doc(doc))
        spent["map to RDF"] += time.process_time() - t
    with tempfile.TemporaryDirectory() as tmp:
        store = OxigraphStore(Path(tmp) / "kg")
        t = time.process_time()
        for i in range(0, len(mapped), 64):
            store.replace_articles(mapped[i : i + 64])
        store.close()
        spent["store write (on disk, 64 per transaction)"] += time.process_time() - t
    total = sum(spent.values())
    quads = sum(len(m.quads) for m in mapped)
    print(f"  where the time goes, one core, {len(records)} articles, {quads / len(records):.0f} quads/article:")
    for name, secs in spent.most_common():
        print(f"    {name:<44} {1000 * secs / len(records):7.2f} ms/article  {100 * secs / total:5.1f}%")
    print(
        f"    {'total':<44} {1000 * total / len(records):7.2f} ms/article"
        f"  -> {len(records) / total:.0f} articles per CPU-second"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--no-serial", action="store_true", help="skip the one-process comparison run")
    ap.add_argument("--profile-articles", type=int, default=300)
    ap.add_argument("--one-run", nargs=3, metavar=("SRC", "STORE", "WORKERS"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one_run:
        one_run(Path(args.one_run[0]), Path(args.one_run[1]), int(args.one_run[2]))
        return

    heading("ingest end to end (read, extract, map, store on disk)")
    if not BBC.exists():
        skip(f"{BBC} is missing (evaluation data)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        src = subset(args.limit, Path(tmp))
        n_articles, n_words = words_in(src, None)
        print(f"  input: {n_articles} BBC articles, {n_words:,} words; {load_note()}")
        runs = [("default", args.workers)] + ([] if args.no_serial else [("one process", 1)])
        for label, workers in runs:
            result = run_ingest(src, Path(tmp) / f"kg-{workers}", workers)
            rate = result["ingested"] / result["wall"]
            verdict = "meets" if rate >= TARGET_ARTICLES_PER_S else "below"
            figure(
                f"{label} ({workers} worker{'s' if workers > 1 else ''})",
                f"{rate:.1f} articles/s, {n_words / result['wall']:,.0f} words/s",
                f"{result['wall']:.1f} s wall; {verdict} the target of {TARGET_ARTICLES_PER_S} articles/s",
            )
            figure(
                "  CPU per article (all processes)",
                f"{1000 * result['cpu'] / max(result['ingested'], 1):.1f} ms",
                f"{result['ingested']} stored, {result['failed']} failed; {load_note()}",
            )
            figure(
                "  peak memory",
                f"{result['rss']:.0f} MB"
                + (f" writer, {result['child_rss']:.0f} MB largest worker" if workers > 1 else ""),
                "workers share the writer's pages until they write to them" if workers > 1 else "",
            )
            if result["errors"]:
                print(f"    first errors: {result['errors']}")
        stage_profile(src, args.profile_articles)
        shutil.rmtree(Path(tmp), ignore_errors=True)


if __name__ == "__main__":
    main()
