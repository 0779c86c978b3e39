"""`python -m bench`: run every benchmark, each in its own process (so peak memory is its own), printing its figures.

The throughput and scale benchmarks of "Scale" in the README run first; then the other scripts in bench/ (quality
evaluations and component speeds), each as its author wrote it. A script whose evaluation data is missing says so
and is skipped; one that fails is reported and the rest still run.

    python -m bench                 # everything
    python -m bench --quick         # smaller sizes, a few minutes
    python -m bench --only ingest related_speed
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent

# (script, arguments for a full run, arguments for --quick). Modules here run with -m; others as scripts.
THROUGHPUT = [
    ("ingest", [], ["--limit", "500", "--no-serial", "--profile-articles", "100"]),
    ("store_load", [], ["--articles", "1000"]),
    ("query_latency", [], ["--articles", "2000", "--repeat", "10"]),
    ("related_speed", [], ["--articles", "10000", "--queries", "100", "--api-queries", "50"]),
    ("related_index", [], ["--articles", "10000", "--adds", "20"]),
    ("store_size", [], ["--articles", "300"]),
    ("ingest_ratio", [], ["--limit", "300", "--rounds", "1", "--mapped-sample", "100"]),
]
# Set-up and training scripts, not figures.
NOT_BENCHMARKS = {"__init__", "__main__", "_common", "train_ner_dane", "train_body_detector"}
TIME_LIMIT = 3600  # seconds per script


def scripts() -> list[tuple[str, list[str], list[str]]]:
    named = {name for name, _, _ in THROUGHPUT}
    others = sorted(p.stem for p in BENCH.glob("*.py") if p.stem not in NOT_BENCHMARKS and p.stem not in named)
    return [s for s in THROUGHPUT if (BENCH / f"{s[0]}.py").exists()] + [(name, [], []) for name in others]


def run(name: str, args: list[str]) -> int:
    module = f"bench.{name}"
    print(f"\n######## {name} ########", flush=True)
    start = time.perf_counter()
    try:
        proc = subprocess.run([sys.executable, "-m", module, *args], cwd=ROOT, timeout=TIME_LIMIT)
        code = proc.returncode
    except subprocess.TimeoutExpired:
        print(f"  {name}: stopped after {TIME_LIMIT} s", flush=True)
        code = -1
    print(f"  ({name}: {time.perf_counter() - start:.0f} s{', exit ' + str(code) if code else ''})", flush=True)
    return code


def main() -> None:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smaller sizes for the throughput benchmarks")
    ap.add_argument("--only", nargs="+", metavar="NAME", help="run just these (file names without .py)")
    opts = ap.parse_args()
    todo = scripts()
    if opts.only:
        known = {name for name, _, _ in todo}
        unknown = sorted(set(opts.only) - known)
        if unknown:
            ap.error(f"no benchmark named {', '.join(unknown)}; known: {', '.join(sorted(known))}")
        todo = [s for s in todo if s[0] in opts.only]
    missing = [name for name, _, _ in THROUGHPUT if not (BENCH / f"{name}.py").exists()]
    for name in missing:
        print(f"\n######## {name} ########\n  SKIPPED: bench/{name}.py is not there yet", flush=True)
    failed = [name for name, full, quick in todo if run(name, quick if opts.quick else full) != 0]
    print(
        f"\n{len(todo) - len(failed)} of {len(todo)} benchmarks ran"
        + (f"; failed: {', '.join(failed)}" if failed else "")
    )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
