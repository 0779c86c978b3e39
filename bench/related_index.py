"""Related-stories index that grows with the store: the cost of adding one article against a full build, and
start-up (loading the saved index) against building it, at 10k and 100k articles, in one run.

The synthetic articles of bench/related_speed.py (`synthesise`, real BBC sentences when ../shared/data/bbc is there)
go into an in-memory store through the normal mapping and store path. Then, in this process:
- full build: `RelatedIndex.build` from the store (what every write cost before: the index was rebuilt);
- add: a new article written to the store (`replace_articles`, not counted), then the next `RelatedService.index`,
  which reads the article back from the store and puts it into the index (counted), for `--adds` articles; also a
  replacement (same id, new text) and a removal; "write to visible" is the write, the index update and a related
  query that finds the new article, end to end;
- the norm refresh run once 1% of the store has changed (O(entries)), and what it adds per article, amortised;
- compaction and save (run in the background once 10% has changed, and at close), file size;
- start-up: a new service on the same store loading the saved (grown, compacted) index: checksums, arrays,
  articles, the check against the store's article ids; against the full build.
Wall time and CPU time (this process) side by side; the ratios are of wall times measured in this run.

    python -m bench.related_index --articles 10000 100000 [--adds 50]
"""
from __future__ import annotations

import argparse
import gc
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.related_speed import BBC, synthesise  # noqa: E402
from graph.analysis.related.index import RelatedIndex  # noqa: E402
from graph.analysis.related.persist import save_index  # noqa: E402
from graph.analysis.related.service import RelatedService  # noqa: E402
from graph.rdf.mapping import map_doc  # noqa: E402
from graph.store.oxigraph import OxigraphStore  # noqa: E402


def timed(fn: Callable[[], Any]) -> tuple[Any, float, float]:
    """(result, wall seconds, CPU seconds of this process)."""
    w0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - w0, time.process_time() - c0


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def grow(store: OxigraphStore, extra: list, adds: int, folder: Path) -> dict[str, Any]:
    """A service on the store, loading the saved full build; then articles added, one replaced, one removed; the
    norm refresh, compaction and save timed."""
    f: dict[str, Any] = {}
    service = RelatedService(store, directory=folder)
    _, f["first_start"], _ = timed(lambda: service.index)  # loads the full build saved by run()
    assert "loaded from" in service.status, service.status
    index = service.index
    f["add_wall"], f["add_cpu"], f["visible"] = [], [], []
    for doc in extra[:adds]:
        mapped = map_doc(doc)
        w0 = time.perf_counter()
        store.replace_articles([mapped])
        _, wall, cpu = timed(lambda: service.index)
        found = index.related_to_article(doc.article.id, limit=10)
        f["visible"].append(time.perf_counter() - w0)
        f["add_wall"].append(wall)
        f["add_cpu"].append(cpu)
        assert doc.article.id in index.pos and found is not None
    replaced = extra[adds]  # another text under the id of the first article added
    replaced.article.id = extra[0].article.id
    store.replace_articles([map_doc(replaced)])
    _, f["replace_wall"], f["replace_cpu"] = timed(lambda: service.index)
    store.remove_article(extra[1].article.id)
    _, f["remove_wall"], f["remove_cpu"] = timed(lambda: service.index)
    _, f["refresh_wall"], f["refresh_cpu"] = timed(index.refresh_norms)
    f["per_refresh"] = max(1.0, index.REFRESH_SHARE * index.live)
    service.wait()
    _, f["compact_wall"], f["compact_cpu"] = timed(index.compacted)
    f["live"] = index.live
    # Close: the index compacted and saved, the journal started afresh (what a restart then loads).
    _, f["close_wall"], f["close_cpu"] = timed(service.close)
    f["size_mb"] = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
    return f


def start_up(store: OxigraphStore, folder: Path, live: int) -> tuple[float, float]:
    """A new service on the same store loading the saved index: (wall, CPU)."""
    restarted = RelatedService(store, directory=folder)
    loaded, wall, cpu = timed(lambda: restarted.index)
    assert "loaded from" in restarted.status and " 0 brought up to date" in restarted.status, restarted.status
    assert loaded.live == live
    store.remove_write_listener(restarted._on_write)
    return wall, cpu


def run(n: int, adds: int) -> None:
    docs = synthesise(n + adds + 1)
    base, extra = docs[:n], docs[n:]
    store = OxigraphStore(None)
    for start in range(0, n, 500):
        store.replace_articles([map_doc(d) for d in base[start : start + 500]])
    del docs, base
    gc.collect()
    full, build_wall, build_cpu = timed(lambda: RelatedIndex.build(store))
    folder = Path(tempfile.mkdtemp(prefix="related-index-"))
    try:
        w0 = time.perf_counter()
        save_index(full, folder, 0)
        first_save_wall = time.perf_counter() - w0
        del full
        gc.collect()
        f = grow(store, extra, adds, folder)
        gc.collect()
        load_wall, load_cpu = start_up(store, folder, f["live"])
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    store.close()

    add_med, add_max = statistics.median(f["add_wall"]), max(f["add_wall"])
    per_refresh = f["per_refresh"]
    amortised = f["refresh_wall"] / per_refresh
    print(f"{n:>7} articles ({'BBC sentences' if BBC.exists() else 'Zipf text'}), {adds} added one at a time")
    print(f"        full build (what every write cost before): {build_wall:.1f} s wall, {build_cpu:.1f} s CPU")
    print(f"        add one article: median {ms(add_med)} wall, {ms(statistics.median(f['add_cpu']))} CPU "
          f"(max {ms(add_max)}) = {100 * add_med / build_wall:.3f}% of a full build "
          f"(max {100 * add_max / build_wall:.3f}%)")
    print(f"        replace one: {ms(f['replace_wall'])} wall, {ms(f['replace_cpu'])} CPU; "
          f"remove one: {ms(f['remove_wall'])} wall, {ms(f['remove_cpu'])} CPU")
    visible = f["visible"]
    print(f"        write to visible in related results (write+index+query): median {ms(statistics.median(visible))}, "
          f"max {ms(max(visible))}")
    print(f"        norm refresh every {per_refresh:.0f} changes: {f['refresh_wall']:.2f} s wall, "
          f"{f['refresh_cpu']:.2f} s CPU = {ms(amortised)} per article amortised; add + its share of refreshes "
          f"= {100 * (add_med + amortised) / build_wall:.3f}% of a full build")
    print(f"        compaction {f['compact_wall']:.2f} s wall ({f['compact_cpu']:.2f} s CPU); compaction and save at "
          f"close {f['close_wall']:.2f} s wall ({f['close_cpu']:.2f} s CPU), {f['size_mb']:.0f} MB on disk "
          "(also in the background every 10% of changes)")
    print(f"        start-up: load {load_wall:.2f} s wall, {load_cpu:.2f} s CPU = {100 * load_wall / build_wall:.1f}% "
          f"of a full build (the full build saved in {first_save_wall:.1f} s, loaded in {f['first_start']:.1f} s)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, nargs="+", default=[10000, 100000])
    ap.add_argument("--adds", type=int, default=50)
    args = ap.parse_args()
    if not BBC.exists():
        print(f"note: {BBC} not found; synthesising text from a Zipf vocabulary", file=sys.stderr)
    for n in args.articles:
        run(n, args.adds)
        gc.collect()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
