"""Cross-document event coreference on ECB+ (odd topics): do our deterministic event ids group articles by event?

ECB+ groups news articles by real-world event (`subtopic`); the two subtopics of a topic are the same kind of event
with different participants (two celebrities entering rehab, two earthquakes), which is exactly the "stay apart"
case. Every article is run through `Pipeline.default()`; ECB+ gives no publication dates, so relative dates do not
resolve and the time bucket is mostly "undated".

Figures printed:
- main-event clustering: each article's main event is its most reported event id (ties: highest confidence, then
  first); articles are clustered by it (articles without events are singletons). B-cubed and pairwise precision /
  recall against `subtopic`, beside two baselines: every article alone, and clustering by the main event's *type*
  (what a typed but identity-less extractor would give).
- shared-event links: two articles are linked when they share any event id; pairwise precision / recall of links.
- coverage: articles with at least one event, and events per article.

Also printed: precision / recall of events, participants, places, times, quotes and roles on our own gold sentences
(tests/gold/events_{da,en}.jsonl) run end to end through `Pipeline.default()` — the recogniser and linker find the
entities, unlike the unit tests, which give the gold mentions.

Run: python bench/event_coref_eval.py [--limit N]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data" / "ecbplus" / "ecbplus-odd-topics.jsonl"

from graph.extract.pipeline import Pipeline  # noqa: E402
from graph.model import Article, Event  # noqa: E402


def main_event(events: list[Event]) -> Event | None:
    """The article's most reported event id; reports in the lead (first two sentences) count double."""
    if not events:
        return None
    counts: Counter[str] = Counter()
    for e in events:
        counts[e.id] += 2 if (e.sentence or 0) < 2 else 1
    best_conf = defaultdict(float)
    for e in events:
        best_conf[e.id] = max(best_conf[e.id], e.confidence)
    order = {e.id: i for i, e in reversed(list(enumerate(events)))}
    best = max(counts, key=lambda i: (counts[i], best_conf[i], -order[i]))
    return next(e for e in events if e.id == best)


def bcubed(pred: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    by_pred, by_gold = defaultdict(set), defaultdict(set)
    for item, c in pred.items():
        by_pred[c].add(item)
    for item, c in gold.items():
        by_gold[c].add(item)
    p = r = 0.0
    for item in gold:
        same_pred, same_gold = by_pred[pred[item]], by_gold[gold[item]]
        both = len(same_pred & same_gold)
        p += both / len(same_pred)
        r += both / len(same_gold)
    p, r = p / len(gold), r / len(gold)
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def pairwise(linked: set[tuple[str, str]], gold: dict[str, str]) -> tuple[float, float, float, int]:
    gold_pairs = {tuple(sorted(pair)) for pair in combinations(gold, 2) if gold[pair[0]] == gold[pair[1]]}
    tp = len(linked & gold_pairs)
    p = tp / len(linked) if linked else 1.0
    r = tp / len(gold_pairs) if gold_pairs else 1.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0, len(linked)


def pairs_of(clusters: dict[str, str]) -> set[tuple[str, str]]:
    groups = defaultdict(list)
    for item, c in clusters.items():
        groups[c].append(item)
    return {tuple(sorted(pair)) for members in groups.values() for pair in combinations(members, 2)}


def run(limit: int | None) -> None:
    if not DATA.exists():
        sys.exit(f"error: ECB+ data not found at {DATA}")
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    if limit:
        rows = rows[:limit]
    pipeline = Pipeline.default()
    gold = {r["id"]: str(r["subtopic"]) for r in rows}
    events_by_article: dict[str, list[Event]] = {}
    started = time.perf_counter()
    for r in rows:
        doc = pipeline(Article(text=r["text"], id=r["id"], title=r.get("title"), lang="en"))
        events_by_article[r["id"]] = doc.events
    elapsed = time.perf_counter() - started

    main = {aid: main_event(evs) for aid, evs in events_by_article.items()}
    by_id = {aid: (m.id if m else f"none:{aid}") for aid, m in main.items()}
    by_type = {aid: (m.type if m else f"none:{aid}") for aid, m in main.items()}
    alone = {aid: aid for aid in gold}

    shared: set[tuple[str, str]] = set()
    articles_of_event = defaultdict(set)
    for aid, evs in events_by_article.items():
        for e in evs:
            articles_of_event[e.id].add(aid)
    for members in articles_of_event.values():
        shared.update(tuple(sorted(p)) for p in combinations(sorted(members), 2))

    with_events = sum(1 for evs in events_by_article.values() if evs)
    n_events = sum(len(evs) for evs in events_by_article.values())
    multi = sum(1 for members in articles_of_event.values() if len(members) > 1)
    print(f"ECB+ odd topics: {len(rows)} articles, {len(set(gold.values()))} subtopics, "
          f"{len(rows) / elapsed:.1f} articles/s through Pipeline.default()")
    print(f"coverage: {with_events}/{len(rows)} articles with an event ({with_events / len(rows):.0%}), "
          f"{n_events / len(rows):.1f} event reports per article, {len(articles_of_event)} distinct event ids, "
          f"{multi} of them reported by more than one article")
    print()
    print(f"{'clustering':34s} {'B3 P':>6s} {'B3 R':>6s} {'B3 F1':>6s} {'pair P':>7s} {'pair R':>7s} {'pair F1':>7s}")
    for name, clusters in (("every article alone (baseline)", alone), ("main event type (baseline)", by_type),
                           ("main event id (newskg)", by_id)):
        bp, br, bf = bcubed(clusters, gold)
        pp, pr, pf, _ = pairwise(pairs_of(clusters), gold)
        print(f"{name:34s} {bp:6.3f} {br:6.3f} {bf:6.3f} {pp:7.3f} {pr:7.3f} {pf:7.3f}")
    pp, pr, pf, n = pairwise(shared, gold)
    print(f"{'any shared event id (links)':34s} {'':6s} {'':6s} {'':6s} {pp:7.3f} {pr:7.3f} {pf:7.3f}   ({n} links)")
    types = Counter(m.type for m in main.values() if m)
    print()
    print("main event types:", ", ".join(f"{t} {n}" for t, n in types.most_common()))


def gold_end_to_end() -> None:
    from tests.support.gold import evaluate

    pipeline = Pipeline.default()

    def run(doc):
        a = doc.article
        return pipeline(Article(text=a.text, id=a.id, published=a.published, lang=a.lang))

    print()
    print("our gold sentences, end to end through Pipeline.default() (entities found by the recogniser and linker):")
    for lang in ("da", "en"):
        scores = evaluate(lang, run)
        print(f"  {lang}: " + "  ".join(f"{part} P={p:.2f} R={r:.2f}" for part, (p, r, _) in scores.items()))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    args = parser.parse_args()
    run(args.limit)
    gold_end_to_end()
