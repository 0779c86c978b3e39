"""Ingest against an older commit, in one run: articles per CPU-second, quads and bytes per article, before and after.

Checks out the baseline commit (default 9320c5a) in a temporary `git worktree`, then ingests the BBC articles into a
fresh on-disk store with each tree in turn, alternating (before, after, before, after, ...), each in a process of its
own started from that tree. Prints, per side, the best round's articles per CPU-second (the ingest's CPU in every
process: writer and workers), the store's quads per article, its size on disk and as an N-Quads backup, the mapped
quads per article (the article's own graph plus the shared descriptions it carries), and the ratios.

    python -m bench.ingest_ratio [--baseline 9320c5a] [--limit N] [--rounds 2] [--workers 2] [--baseline-path DIR]

9320c5a reads countries from `rigour`, which newskg no longer depends on (it needs PyICU, built from source): give
the baseline a folder holding it, for example `pip install --target /tmp/baseline-site rigour` (with libicu-dev,
pkg-config and a C++ compiler for PyICU), then `--baseline-path /tmp/baseline-site`. Only the baseline's process sees
that folder.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench._common import BBC, ROOT, dir_bytes, figure, heading, load_note, skip

BASELINE = "9320c5a"
TARGET_RATIO = 1.8

# Run inside each tree (cwd and PYTHONPATH the tree): only APIs both commits have.
RUNNER = r"""
import io, json, os, sys, time
from pathlib import Path
from graph.extract.pipeline import Pipeline
from graph.ingest import ingest_paths
from graph.model import Article
from graph.rdf.mapping import map_doc
from graph.readers import read_paths
try:
    from graph.store.oxigraph import OxigraphStore
except ImportError:  # before graph/store/ became a package
    from graph.store import OxigraphStore

src, store_dir, workers, mapped_sample = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
pipeline = Pipeline.default()
store = OxigraphStore(store_dir)

def cpu():
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system

c0, t0 = cpu(), time.perf_counter()
report = ingest_paths([src], store, pipeline, workers=workers)
store.close()  # flushes to disk: part of the cost
store = OxigraphStore(store_dir)
cpu_s, wall = cpu() - c0, time.perf_counter() - t0
quads = store.count_quads()
dump = io.BytesIO()
store.dump(dump, "nquads")
store.close()
articles = [r for r in read_paths([src]) if isinstance(r, Article)][:mapped_sample]
mapped = [map_doc(pipeline(a)) for a in articles]
own = sum(sum(1 for q in m.placed_quads() if q.graph_name == m.graph) for m in mapped)
print(json.dumps({"ingested": report.ingested, "failed": report.failed, "cpu": cpu_s, "wall": wall,
                  "quads": quads, "dump": len(dump.getvalue()), "mapped": sum(len(m.quads) for m in mapped),
                  "mapped_own": own, "mapped_n": len(mapped)}))
"""


def one_ingest(tree: Path, src: Path, store_dir: Path, workers: int, mapped_sample: int,
               extra_path: Path | None = None) -> dict:
    path = os.pathsep.join([str(tree)] + ([str(extra_path)] if extra_path else []))
    out = subprocess.run(
        [sys.executable, "-c", RUNNER, str(src), str(store_dir), str(workers), str(mapped_sample)],
        cwd=tree, env={**os.environ, "PYTHONPATH": path}, capture_output=True, text=True,
    )
    if out.returncode != 0:
        hint = ("\n(the baseline needs rigour: see --baseline-path in this script's docstring)"
                if "No module named 'rigour'" in out.stderr else "")
        raise SystemExit(f"ingest in {tree} failed:\n{out.stderr[-2000:]}{hint}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["disk"] = dir_bytes(store_dir)
    return result


def subset(source: Path, limit: int | None, folder: Path) -> Path:
    if not limit:
        return source
    out = folder / f"bbc-{limit}.jsonl"
    with source.open(encoding="utf-8") as f:
        lines = [line for line in f if line.strip()][:limit]
    out.write_text("".join(lines), encoding="utf-8")
    return out


def summary(label: str, runs: list[dict]) -> dict:
    best = min(runs, key=lambda r: r["cpu"] / max(r["ingested"], 1))
    n = max(best["ingested"], 1)
    rates = ", ".join(f"{r['ingested'] / r['cpu']:.1f}" for r in runs)
    figure(f"{label}: articles per CPU-second", f"{n / best['cpu']:.1f}", f"best of rounds: {rates}")
    figure(f"{label}: quads per article in the store", f"{best['quads'] / n:.0f}", f"{n} articles")
    figure(f"{label}: mapped quads per article", f"{best['mapped'] / best['mapped_n']:.0f}",
           f"own graph {best['mapped_own'] / best['mapped_n']:.0f} + shared descriptions; {best['mapped_n']} articles")
    figure(f"{label}: on disk per article", f"{best['disk'] / n / 1024:.1f} KB", "as written, before compaction")
    figure(f"{label}: N-Quads backup per article", f"{best['dump'] / n / 1024:.1f} KB")
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baseline", default=BASELINE, help="the commit to compare with")
    ap.add_argument("--input", type=Path, default=BBC, help="JSON Lines of articles (default: the BBC articles)")
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles")
    ap.add_argument("--rounds", type=int, default=2, help="ingests per side, alternated")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--mapped-sample", type=int, default=300, help="articles mapped to count quads per article")
    ap.add_argument("--baseline-path", type=Path, default=None,
                    help="a folder added to the baseline's import path (where rigour is installed)")
    args = ap.parse_args()

    heading(f"ingest, this tree against {args.baseline} (articles per CPU-second, quads and bytes per article)")
    if not args.input.exists():
        skip(f"{args.input} is missing (evaluation data)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        before_tree = Path(tmp) / "before"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(before_tree), args.baseline],
                       check=True, capture_output=True)
        try:
            src = subset(args.input.resolve(), args.limit, Path(tmp))
            print(f"  input: {src.name}; {args.workers} workers; {load_note()}", flush=True)
            runs: dict[str, list[dict]] = {"before": [], "after": []}
            for i in range(args.rounds):
                for label, tree in (("before", before_tree), ("after", ROOT)):
                    result = one_ingest(tree, src, Path(tmp) / f"kg-{label}-{i}", args.workers, args.mapped_sample,
                                        args.baseline_path if label == "before" else None)
                    runs[label].append(result)
                    print(f"    round {i + 1} {label}: {result['ingested']} articles, {result['cpu']:.1f} CPU-s, "
                          f"{result['wall']:.1f} s wall; {load_note()}", flush=True)
            before = summary(f"before ({args.baseline})", runs["before"])
            after = summary("after (this tree)", runs["after"])
            ratio = (after["ingested"] / after["cpu"]) / (before["ingested"] / before["cpu"])
            verdict = "meets" if ratio >= TARGET_RATIO else "below"
            figure("ratio, articles per CPU-second", f"{ratio:.2f}x", f"{verdict} the target of {TARGET_RATIO}x")
            figure("ratio, quads per article in the store",
                   f"{(after['quads'] / after['ingested']) / (before['quads'] / before['ingested']):.2f}")
            figure("ratio, on disk per article",
                   f"{(after['disk'] / after['ingested']) / (before['disk'] / before['ingested']):.2f}")
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(before_tree)],
                           capture_output=True)


if __name__ == "__main__":
    main()
