"""Story clustering on ECB+ odd topics: B-cubed and pairwise P/R/F1 against `subtopic` (one real-world event each).

1. ingests ../shared/data/ecbplus/ecbplus-odd-topics.jsonl through the normal ingest path (default pipeline) into an
   in-memory store and reads back what stories use (graph.analysis.story_store.load_articles);
2. splits the topics in two halves (alternate topic numbers); the join threshold and the date multipliers are fitted
   on one half (stories built from that half's articles alone, merges and splits on) and scored on the other, then
   the other way round; the same without revisions (no merge, no split) beside it;
3. prints beside it a TF-IDF average-link clustering (scipy), its cut fitted the same way, and every article alone;
4. with --errors N, for each half, the N sister-subtopic pairs (same topic, other event) scored highest and the N
   same-subtopic pairs scored lowest by the shipped pair score, and per topic how well the score ranks the topic's
   same-event pairs above its sister pairs (AUC): where the pair similarity, not the placing, goes wrong;
5. ingests the collection again as a server receives it, in batches of `--batch` articles, each followed by the
   story keeper placing the batch (graph/analysis/story_store.py StoryKeeper.ingested: read the new articles,
   stories, copies, write what changed), and prints the keeper's CPU time per article beside the ingest's.

    python bench/stories_eval.py [--data ../shared/data/ecbplus/ecbplus-odd-topics.jsonl] [--errors 10]
"""
from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data" / "ecbplus" / "ecbplus-odd-topics.jsonl"
THRESHOLDS = [0.15, 0.2, 0.22, 0.25, 0.28, 0.3, 0.33, 0.36, 0.4]
CUTS = [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95]


def bcubed(pred: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    pc: dict[str, set[str]] = {}
    gc: dict[str, set[str]] = {}
    for a in gold:
        pc.setdefault(pred[a], set()).add(a)
        gc.setdefault(gold[a], set()).add(a)
    p = sum(len(pc[pred[a]] & gc[gold[a]]) / len(pc[pred[a]]) for a in gold) / len(gold)
    r = sum(len(pc[pred[a]] & gc[gold[a]]) / len(gc[gold[a]]) for a in gold) / len(gold)
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def pairwise(pred: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    def pairs(c: dict[str, str]) -> int:
        return sum(n * (n - 1) // 2 for n in Counter(c.values()).values())

    both = sum(n * (n - 1) // 2 for n in Counter((pred[a], gold[a]) for a in gold).values())
    npred, ngold = pairs(pred), pairs(gold)
    p = both / npred if npred else 1.0
    r = both / ngold if ngold else 1.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


# Date multipliers tried with every threshold (year_match, year_mismatch, day_match).
DATE_GRID = [(ym, yx, dm) for ym in (0.0, 0.3) for yx in (0.0, 0.3) for dm in (0.0, 1.0)]


def ours(articles: list, param: tuple[float, float, float, float], revise: bool = True) -> dict[str, str]:
    from graph.analysis.stories import StoryIndex, Weights

    threshold, ym, yx, dm = param
    weights = Weights(threshold=threshold, year_match=ym, year_mismatch=yx, day_match=dm)
    return StoryIndex(weights, revise=revise).add_all(articles)


def ours_fixed(articles: list, param: tuple[float, float, float, float]) -> dict[str, str]:
    return ours(articles, param, revise=False)


def tfidf_average_link(articles: list, cut: float) -> dict[str, str]:
    """Average-link clustering on TF-IDF cosine distance (idf from these articles), cut at `cut`."""
    import numpy as np
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    from graph.analysis.textsim import term_counts

    counts = [term_counts(a.title, a.body) for a in articles]
    df = Counter(t for c in counts for t in c)
    n = len(articles)
    vecs = []
    for c in counts:
        v = {t: k * (math.log((1 + n) / (1 + df[t])) + 1) for t, k in c.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vecs.append({t: x / norm for t, x in v.items()})
    dist = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            small, big = (vecs[i], vecs[j]) if len(vecs[i]) < len(vecs[j]) else (vecs[j], vecs[i])
            dist[i, j] = dist[j, i] = 1.0 - sum(x * big.get(t, 0.0) for t, x in small.items())
    labels = fcluster(linkage(squareform(np.clip(dist, 0, None), checks=False), "average"), cut, "distance")
    return {a.id: str(label) for a, label in zip(articles, labels, strict=True)}


def pair_errors(articles: list, rows: dict, gold: dict[str, str], n: int) -> None:
    """The worst pairs within topics for the shipped pair score: sister-event pairs scored high (wrong joins) and
    same-event pairs scored low (missed), and per topic the AUC of same-event against sister pairs."""
    from itertools import combinations

    from graph.analysis.stories import StoryIndex

    index = StoryIndex(revise=False)
    index.add_all(articles)  # indexes every article; only the pair scores are used
    by_topic: dict[int, list[str]] = {}
    for a in articles:
        by_topic.setdefault(rows[a.id]["topic"], []).append(a.id)
    same: list[tuple[float, str, str]] = []
    sister: list[tuple[float, str, str]] = []
    aucs = []
    for topic, ids in sorted(by_topic.items()):
        pos, neg = [], []
        for x, y in combinations(sorted(ids), 2):
            s = index.pair_score(x, y)
            (pos if gold[x] == gold[y] else neg).append(s)
            (same if gold[x] == gold[y] else sister).append((s, x, y))
        # AUC: the share of (same, sister) pairs of the topic ordered right, ties counting half.
        auc = sum((p > q) + 0.5 * (p == q) for p in pos for q in neg) / (len(pos) * len(neg) or 1)
        aucs.append(f"{topic}:{auc:.3f}")

    def show(label: str, pairs: list[tuple[float, str, str]]) -> None:
        print(f"  {label}")
        for s, x, y in pairs[:n]:
            tx, ty = (str(index.items[i].article.title or "")[:45] for i in (x, y))
            print(f"    {s:6.3f} {x} [{gold[x]}] {tx!r} | {y} [{gold[y]}] {ty!r}")

    show("sister-event pairs scored highest (would be wrong joins):", sorted(sister, reverse=True))
    show("same-event pairs scored lowest (would be missed):", sorted(same))
    print("  AUC of same-event over sister pairs, by topic: " + " ".join(aucs))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--batch", type=int, default=10, help="articles per ingest batch in the cost figure")
    ap.add_argument("--errors", type=int, default=0, metavar="N",
                    help="also print, per half, the N worst-scored sister-event and same-event pairs")
    args = ap.parse_args()
    if not args.data.exists():
        print(f"skipped: {args.data} not found (ECB+ evaluation data lives in ../shared/data)")
        return 0
    from graph.analysis.story_store import StoryKeeper, load_articles
    from graph.extract.pipeline import Pipeline
    from graph.ingest import ingest_paths, ingest_records
    from graph.readers.jsonl import read_record
    from graph.store.oxigraph import OxigraphStore

    rows = {r["id"]: r for r in (json.loads(line) for line in args.data.open(encoding="utf-8") if line.strip())}
    store = OxigraphStore(None)
    report = ingest_paths([args.data], store, pipeline=Pipeline.default(), workers=1)
    if not report.ok:
        print(f"warning: {report.failed} article(s) failed to ingest", file=sys.stderr)
    articles = [a for a in load_articles(store) if a.id in rows]
    gold = {a.id: str(rows[a.id]["subtopic"]) for a in articles}
    topics = sorted({rows[a]["topic"] for a in gold})
    halves = [set(topics[0::2]), set(topics[1::2])]
    print(f"ECB+ odd topics: {len(articles)} articles, {len(set(gold.values()))} subtopics, {len(topics)} topics; "
          f"halves of {len(halves[0])} and {len(halves[1])} topics")
    print(f"{'method':34}{'fit':>5}{'test':>5}{'param':>20}{'B3 P':>7}{'B3 R':>7}{'B3 F1':>7}"
          f"{'pw P':>7}{'pw R':>7}{'pw F1':>7}")
    grid = [(t, *d) for t in THRESHOLDS for d in DATE_GRID]
    for fit_i in (0, 1):
        fit = [a for a in articles if rows[a.id]["topic"] in halves[fit_i]]
        test = [a for a in articles if rows[a.id]["topic"] in halves[1 - fit_i]]
        fit_gold = {a.id: gold[a.id] for a in fit}
        test_gold = {a.id: gold[a.id] for a in test}
        for name, fn, params in (("newskg stories (incremental)", ours, grid),
                                 ("  the same, no merge or split", ours_fixed, grid),
                                 ("TF-IDF average link (baseline)", tfidf_average_link, CUTS)):
            best = max(params, key=lambda t, fn=fn: bcubed(fn(fit, t), fit_gold)[2])
            pred = fn(test, best)
            b, pw = bcubed(pred, test_gold), pairwise(pred, test_gold)
            shown = "/".join(f"{x:g}" for x in best) if isinstance(best, tuple) else f"{best:.2f}"
            print(f"{name:34}{fit_i:>5}{1 - fit_i:>5}{shown:>20}" + "".join(f"{x:7.3f}" for x in (*b, *pw)))
        alone = {a.id: a.id for a in test}
        b, pw = bcubed(alone, test_gold), pairwise(alone, test_gold)
        print(f"{'every article alone':34}{fit_i:>5}{1 - fit_i:>5}{'':20}" + "".join(f"{x:7.3f}" for x in (*b, *pw)))
    print("param: threshold/year_match/year_mismatch/day_match (ours), distance cut (TF-IDF)")
    for half_i, half in enumerate(halves) if args.errors else ():
        print(f"pair errors of the shipped score on half {half_i} (default weights):")
        pair_errors([a for a in articles if rows[a.id]["topic"] in half], rows, gold, args.errors)
    # Marginal cost, as a server pays it: batches ingested, each placed by the keeper (built once, as in
    # graph/services.py); the word-rarity table is loaded before the clock starts, as a running server has it.
    fresh = OxigraphStore(None)
    keeper = StoryKeeper(fresh)
    keeper.ingested([])
    assert keeper._index is not None
    keeper._index.best_story(articles[0])
    pipeline = Pipeline.default()
    records = [read_record(r, f"ecb+:{i}") for i, r in rows.items()]
    ingest_s = keeper_s = 0.0
    for start in range(0, len(records), args.batch):
        batch = records[start : start + args.batch]
        t = time.process_time()
        report = ingest_records(batch, fresh, pipeline)
        ingest_s += time.process_time() - t
        t = time.process_time()
        keeper.ingested(report.article_ids)
        keeper_s += time.process_time() - t
    n = len(records)
    print(f"CPU per article, batches of {args.batch}: ingest {1000 * ingest_s / n:.1f} ms; stories + copies (keeper) "
          f"{1000 * keeper_s / n:.2f} ms ({100 * keeper_s / ingest_s:.1f}% of ingest; target <= 10%)")
    # A server started on a full store loads the keeper once.
    t2 = time.process_time()
    StoryKeeper(store).current()
    whole = time.process_time() - t2
    print(f"keeper loaded from a store of {len(articles)} articles: {whole:.2f} s CPU "
          f"({1000 * whole / len(articles):.2f} ms per article, store read included)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
