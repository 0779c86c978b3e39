"""Related-stories speed at scale: index build (rebuild) time, request latency p50/p95 and memory.

Synthesises N articles from real news text and news-shaped entity patterns, stores them through the normal
mapping and store path (`map_doc` -> `Store.replace_articles`), builds the related-stories index, and times
related-story requests for random articles (in-process, and through the API with FastAPI's TestClient).

Synthetic articles: stories of Zipf-distributed size, each built around one real BBC article (../shared/data/bbc)
and its own people, organisations and places; an article of a story takes sentences of the story's source article
plus a few sentences from elsewhere, names some of the story's entities plus Zipf-popular ones shared across
stories (countries, big organisations), and is dated within its story's weeks. Without the BBC file, sentences are
made from a Zipf vocabulary instead. Extraction is not run (that is bench/ingest throughput's business).

    python bench/related_speed.py --articles 10000 100000 [--queries 300]
"""
from __future__ import annotations

import argparse
import bisect
import gc
import json
import random
import re
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BBC = ROOT.parent / "shared" / "data" / "bbc" / "bbc-news-2225.jsonl"

from graph.model import Article, Doc, Entity, Mention, Sentence  # noqa: E402
from graph.rdf.iris import entity_id  # noqa: E402
from graph.rdf.mapping import map_doc  # noqa: E402


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def source_texts(rng: random.Random) -> list[list[str]]:
    """Sentences of real articles (BBC), or of made-up Zipf text when the data is missing."""
    if BBC.exists():
        out = []
        with BBC.open(encoding="utf-8") as f:
            for line in f:
                text = json.loads(line)["text"]
                sents = [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.strip()) > 30]
                if len(sents) >= 5:
                    out.append(sents)
        return out
    vocab = [f"w{i}" for i in range(20000)]
    weights = [1 / (i + 1) for i in range(len(vocab))]
    return [[" ".join(rng.choices(vocab, weights, k=15)) + "." for _ in range(20)] for _ in range(2000)]


_CUMULATIVE: dict[tuple[int, float], list[float]] = {}


def zipf_index(rng: random.Random, n: int, s: float = 1.1) -> int:
    """A rank in 0..n-1 drawn with probability proportional to 1 / (rank + 1) ** s."""
    cum = _CUMULATIVE.get((n, s))
    if cum is None:
        total, cum = 0.0, []
        for rank in range(n):
            total += 1.0 / (rank + 1) ** s
            cum.append(total)
        _CUMULATIVE[(n, s)] = cum
    return bisect.bisect_left(cum, rng.random() * cum[-1])


def synthesise(n_articles: int, seed: int = 7) -> list[Doc]:
    rng = random.Random(seed)
    texts = source_texts(rng)
    countries = [
        ("Country", name)
        for name in (
            "Denmark",
            "United States",
            "China",
            "Germany",
            "France",
            "United Kingdom",
            "Russia",
            "Sweden",
            "Norway",
            "Japan",
            "India",
            "Brazil",
        )
    ]
    big_orgs = [("Organization", f"Global Org {i}") for i in range(300)]
    docs: list[Doc] = []
    story = 0
    start_day = date(2025, 1, 1).toordinal()
    while len(docs) < n_articles:
        story += 1
        size = min(60, 1 + zipf_index(rng, 60, 1.6))
        base = texts[rng.randrange(len(texts))]
        cast = [("Person", f"Person {story}-{k}") for k in range(rng.randint(1, 4))]
        cast += [("Company", f"Company {story}-{k}") for k in range(rng.randint(0, 2))]
        cast += [("Place", f"Town {zipf_index(rng, 5000)}")]
        day0 = start_day + rng.randrange(365)
        for _ in range(size):
            if len(docs) >= n_articles:
                break
            sents = rng.sample(base, min(len(base), rng.randint(4, 10)))
            sents += rng.choice(texts)[:2]
            names = rng.sample(cast, rng.randint(1, len(cast)))
            names += [countries[zipf_index(rng, len(countries))] for _ in range(rng.randint(0, 2))]
            names += [big_orgs[zipf_index(rng, len(big_orgs))] for _ in range(rng.randint(0, 2))]
            names = list(dict.fromkeys(names))
            named_line = "Named in this story: " + ", ".join(n for _, n in names) + "."
            body = "\n".join(sents + [named_line])
            aid = f"syn-{len(docs):06d}"
            published = date.fromordinal(day0 + rng.randrange(21)).isoformat()
            lang = "da" if rng.random() < 0.3 else "en"
            doc = Doc(
                Article(
                    text=body,
                    id=aid,
                    title=sents[0][:90],
                    published=published,
                    source=f"Outlet {rng.randrange(40)}",
                    lang=lang,
                ),
                body,
                lang=lang,
            )
            offset = 0
            for s in body.split("\n"):
                doc.sentences.append(Sentence(offset, offset + len(s), s))
                offset += len(s) + 1
            last = len(doc.sentences) - 1
            pos = body.rindex(named_line) + len("Named in this story: ")
            for type_, name in names:
                eid = entity_id(type_, name)
                doc.mentions.append(Mention(pos, pos + len(name), name, type_, eid, name, 0.9, "synthetic", last))
                doc.entities[eid] = Entity(eid, type_, name)
                pos += len(name) + 2
            docs.append(doc)
    return docs


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def run(n_articles: int, queries: int, api_queries: int) -> None:
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.deps import get_related
    from graph.analysis.related import RelatedService
    from graph.settings import Settings
    from graph.store.oxigraph import OxigraphStore

    gc.collect()
    rss0 = rss_mb()
    t0 = time.perf_counter()
    docs = synthesise(n_articles)
    t_synth = time.perf_counter() - t0
    store = OxigraphStore(None)
    t0 = time.perf_counter()
    for start in range(0, len(docs), 500):
        store.replace_articles([map_doc(d) for d in docs[start : start + 500]])
    t_store = time.perf_counter() - t0
    ids = [d.article.id for d in docs]
    entity_ids = sorted({e for d in docs for e in d.entities})
    del docs
    gc.collect()
    rss_store = rss_mb()
    service = RelatedService(store)
    t0 = time.perf_counter()
    index = service.index
    t_build = time.perf_counter() - t0
    gc.collect()
    rss_index = rss_mb()

    rng = random.Random(11)
    lat = []
    for aid in rng.sample(ids, min(queries, len(ids))):
        t1 = time.perf_counter()
        results = index.related_to_article(aid, limit=10)
        lat.append((time.perf_counter() - t1) * 1000)
        assert all(r["reasons"] for r in results)
    lat_ent = []
    for eid in rng.sample(entity_ids, min(queries, len(entity_ids))):
        t1 = time.perf_counter()
        index.related_to_entities([eid], limit=10)
        lat_ent.append((time.perf_counter() - t1) * 1000)
    app = create_app(Settings(store="memory:"), store)
    app.dependency_overrides[get_related] = lambda: service  # share the built index
    with TestClient(app) as client:  # the lifespan builds the app's services
        lat_api = []
        for aid in rng.sample(ids, min(api_queries, len(ids))):
            t1 = time.perf_counter()
            response = client.get(f"/articles/{aid}/related", params={"limit": 10})
            lat_api.append((time.perf_counter() - t1) * 1000)
        assert response.status_code == 200
    quads = store.count_quads()
    print(f"{n_articles:>7} articles, {quads / 1e6:.1f}M quads, {len(entity_ids)} entities: "
          f"synthesised in {t_synth:.1f} s, stored in {t_store:.1f} s")
    print(f"        index build (= rebuild after a write): {t_build:.1f} s; RSS store {rss_store - rss0:.0f} MB, "
          f"index +{rss_index - rss_store:.0f} MB, process {rss_index:.0f} MB")
    print(
        f"        related to article (in-process): p50 {statistics.median(lat):.1f} ms, "
        f"p95 {percentile(lat, 95):.1f} ms, "
        f"max {max(lat):.1f} ms over {len(lat)} requests"
    )
    print(f"        related to article (API, TestClient): p50 {statistics.median(lat_api):.1f} ms, "
          f"p95 {percentile(lat_api, 95):.1f} ms over {len(lat_api)} requests")
    print(
        f"        related to entity (in-process): p50 {statistics.median(lat_ent):.1f} ms, "
        f"p95 {percentile(lat_ent, 95):.1f} ms"
    )
    store.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, nargs="+", default=[10000, 100000])
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--api-queries", type=int, default=100)
    args = ap.parse_args()
    if not BBC.exists():
        print(f"note: {BBC} not found; synthesising text from a Zipf vocabulary", file=sys.stderr)
    for n in args.articles:
        run(n, args.queries, args.api_queries)
        gc.collect()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
