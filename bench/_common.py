"""What the throughput benchmarks share: where the evaluation data is, real mapped articles to scale up from,
timing and memory figures, and printing.

The machine may be shared and busy: every wall-clock figure is printed beside the load average and the CPU
seconds it took, so a slow run on a loaded machine can be told from a slow program.
"""
from __future__ import annotations

import hashlib
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DATA = ROOT.parent / "shared" / "data"
BBC = DATA / "bbc" / "bbc-news-2225.jsonl"
SAMPLES = ROOT / "graph" / "samples" / "articles.jsonl"
CACHE = Path(tempfile.gettempdir()) / "newskg-bench-cache"



def write_replacing(path: Path, data: bytes) -> None:
    """Write a cache file beside its place and rename it there: two runs sharing the cache folder never read each
    other's half-written file."""
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=path.stem, suffix=".tmp", delete=False) as f:
        f.write(data)
    os.replace(f.name, path)

def heading(title: str) -> None:
    print(f"\n== {title}", flush=True)


def figure(name: str, value: str, note: str = "") -> None:
    print(f"  {name:<44} {value}{'  (' + note + ')' if note else ''}", flush=True)


def skip(reason: str) -> None:
    print(f"  SKIPPED: {reason}", flush=True)


def load_note() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min) / {five:.1f} (5 min) on {os.cpu_count()} CPUs"


def peak_rss_mb() -> tuple[float, float]:
    """Peak resident memory of this process and of its largest finished child, in MB (Linux reports KB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (user + system)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def percentiles(samples_ms: list[float]) -> str:
    s = sorted(samples_ms)
    p95 = s[min(len(s) - 1, int(round(0.95 * (len(s) - 1))))]
    return f"p50 {statistics.median(s):.1f} ms, p95 {p95:.1f} ms, max {s[-1]:.1f} ms (n={len(s)})"


def time_ms(fn: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def dir_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def source_articles() -> tuple[Path, str]:
    """The BBC articles when the evaluation data is there, else the project's own samples (named in the output)."""
    if BBC.exists():
        return BBC, "BBC (../shared/data)"
    return SAMPLES, "the bundled samples (../shared/data missing)"


def _code_fingerprint() -> str:
    """Changes whenever extraction or mapping code or lexicons change, so cached mapped articles are never stale."""
    h = hashlib.sha1()
    for folder in ("graph/extract", "graph/rdf"):
        for f in sorted((ROOT / folder).rglob("*")):
            if f.is_file() and f.suffix in (".py", ".txt", ".tsv", ".json"):
                h.update(f.name.encode())
                h.update(f.read_bytes())
    return h.hexdigest()[:12]


def mapped_articles(limit: int) -> list[tuple[str, str]]:
    """(article id, N-Quads text) for up to `limit` real articles run through the default pipeline.

    Cached in the system temp folder (keyed by the code) because the scale-up benchmarks need them repeatedly.
    """
    from graph.extract.pipeline import Pipeline
    from graph.ingest import process
    from graph.model import Article
    from graph.readers import read_paths

    src, _ = source_articles()
    CACHE.mkdir(exist_ok=True)
    cached = CACHE / f"mapped-{src.stem}-{limit}-{_code_fingerprint()}.jsonl"
    if cached.exists():
        return [tuple(json.loads(line)) for line in cached.read_text(encoding="utf-8").splitlines()]
    pipeline = Pipeline.default()
    out = []
    for record in read_paths([src]):
        if not isinstance(record, Article):
            continue
        mapped = process(record, pipeline)
        out.append((mapped.article_id, "\n".join(f"{q} ." for q in mapped.quads)))
        if len(out) >= limit:
            break
    write_replacing(cached, "\n".join(json.dumps(pair, ensure_ascii=False) for pair in out).encode("utf-8"))
    return out


def scaled_nquads(base: list[tuple[str, str]], n: int) -> Iterator[tuple[str, str]]:
    """`n` articles' N-Quads from the `base` real ones: copy k of article a becomes article "a~k", with its own
    graph, IRIs and identifier, and the same entities (so entity postings grow as they would with more news)."""
    from urllib.parse import quote

    for i in range(n):
        aid, text = base[i % len(base)]
        copy = i // len(base)
        if copy == 0:
            yield aid, text
            continue
        new = f"{aid}~{copy}"
        yield new, text.replace(quote(aid, safe=""), quote(new, safe="")).replace(f'"{aid}"', f'"{new}"')
