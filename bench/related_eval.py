"""Related-stories quality on ECB+ (odd topics): precision@5 and MAP of same-subtopic results, via the API.

Each ECB+ subtopic is one real-world event reported by several outlets; the two subtopics of a topic are the same
kind of event with different people (two celebrities entering rehab). The script
1. ingests ../shared/data/ecbplus/ecbplus-odd-topics.jsonl through the normal ingest path (default pipeline) into
   an in-memory store,
2. asks the API (FastAPI TestClient) for the related stories of every article,
3. prints precision@5, MAP (over the top `--depth` results, divided by all same-subtopic articles), the number of
   top-5 results from the sister subtopic of the same topic, and whether every result carries reasons,
4. prints a plain TF-IDF cosine baseline (title + text, raw tf, smoothed idf) computed in the same run.

    python bench/related_eval.py [--depth 50] [--show-errors 10]
"""
from __future__ import annotations

import argparse
import json
import math
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data" / "ecbplus" / "ecbplus-odd-topics.jsonl"


def load_gold(path: Path) -> dict[str, dict]:
    rows = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                rows[r["id"]] = r
    return rows


def scores_for(rankings: dict[str, list[str]], gold: dict[str, dict]) -> dict[str, float]:
    """P@5, MAP and sister-subtopic errors in the top 5 of each ranking."""
    p5 = ap_sum = 0.0
    sister = 0
    for qid, ranked in rankings.items():
        sub, topic = gold[qid]["subtopic"], gold[qid]["topic"]
        relevant = sum(1 for r in gold.values() if r["subtopic"] == sub and r["id"] != qid)
        top5 = ranked[:5]
        p5 += sum(gold[r]["subtopic"] == sub for r in top5) / 5
        sister += sum(gold[r]["topic"] == topic and gold[r]["subtopic"] != sub for r in top5)
        hits = 0
        ap = 0.0
        for rank, rid in enumerate(ranked, start=1):
            if gold[rid]["subtopic"] == sub:
                hits += 1
                ap += hits / rank
        ap_sum += ap / relevant if relevant else 0.0
    n = len(rankings)
    return {"p@5": p5 / n, "map": ap_sum / n, "sister_top5": sister}


def tfidf_baseline(gold: dict[str, dict], depth: int) -> dict[str, list[str]]:
    """Plain TF-IDF cosine over title + text: raw term counts, idf = ln((1+N)/(1+df)) + 1, L2-normalised."""
    word = re.compile(r"\w+", re.UNICODE)
    ids = sorted(gold)
    tfs = {i: Counter(word.findall(f"{gold[i]['title']}\n{gold[i]['text']}".lower())) for i in ids}
    df = Counter(t for c in tfs.values() for t in c)
    n = len(ids)
    vecs = {}
    for i, c in tfs.items():
        v = {t: k * (math.log((1 + n) / (1 + df[t])) + 1) for t, k in c.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vecs[i] = {t: x / norm for t, x in v.items()}
    out = {}
    for i in ids:
        vi = vecs[i]
        sims = []
        for j in ids:
            if j == i:
                continue
            vj = vecs[j]
            small, big = (vi, vj) if len(vi) < len(vj) else (vj, vi)
            sims.append((sum(x * big.get(t, 0.0) for t, x in small.items()), j))
        sims.sort(key=lambda t: (-t[0], t[1]))
        out[i] = [j for _, j in sims[:depth]]
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--depth", type=int, default=50, help="results asked per article (MAP is computed over these)")
    ap.add_argument("--show-errors", type=int, default=0, help="print this many sister-subtopic errors")
    args = ap.parse_args()
    if not args.data.exists():
        print(f"error: {args.data} not found (ECB+ evaluation data lives in ../shared/data)", file=sys.stderr)
        return 2

    from fastapi.testclient import TestClient

    from api.app import create_app
    from graph.extract.pipeline import Pipeline
    from graph.ingest import ingest_paths
    from graph.settings import Settings
    from graph.store.oxigraph import OxigraphStore

    gold = load_gold(args.data)
    store = OxigraphStore(None)
    t0 = time.perf_counter()
    report = ingest_paths([args.data], store, pipeline=Pipeline.default())
    t_ingest = time.perf_counter() - t0
    if not report.ok:
        print(f"warning: {report.failed} article(s) failed to ingest: {report.errors[:3]}", file=sys.stderr)

    rankings: dict[str, list[str]] = {}
    missing_reasons = 0
    results_seen = 0
    latencies = []
    with TestClient(create_app(Settings(store="memory:"), store)) as client:  # the lifespan builds the services
        for qid in sorted(gold):
            t1 = time.perf_counter()
            resp = client.get(f"/articles/{qid}/related", params={"limit": args.depth})
            latencies.append(time.perf_counter() - t1)
            if resp.status_code != 200:
                print(f"error: /articles/{qid}/related answered {resp.status_code}: {resp.text[:200]}", file=sys.stderr)
                return 1
            body = resp.json()
            rankings[qid] = [r["id"] for r in body]
            for r in body:
                results_seen += 1
                if not r.get("reasons") or "shared" not in r:
                    missing_reasons += 1
    ours = scores_for(rankings, gold)
    base = scores_for(tfidf_baseline(gold, args.depth), gold)

    latencies.sort()
    print(f"ECB+ odd topics: {len(gold)} articles, {len(set(r['subtopic'] for r in gold.values()))} subtopics; "
          f"ingest {t_ingest:.1f} s, {len(gold) / max(t_ingest, 1e-9):.0f} articles/s; "
          f"related p50 {1000 * latencies[len(latencies) // 2]:.1f} ms (first call includes the index build)")
    print(f"{'':24}{'P@5':>8}{'MAP':>8}{'sister errors in top 5':>26}")
    print(f"{'newskg related (API)':24}{ours['p@5']:8.4f}{ours['map']:8.4f}{ours['sister_top5']:26d}")
    print(f"{'TF-IDF cosine baseline':24}{base['p@5']:8.4f}{base['map']:8.4f}{base['sister_top5']:26d}")
    ratio = ours["sister_top5"] / base["sister_top5"] if base["sister_top5"] else float("nan")
    print(
        f"sister errors vs baseline: {ratio:.2f}x (target <= 0.25); "
        f"results without reasons: {missing_reasons} of {results_seen}"
    )

    if args.show_errors:
        shown = 0
        for qid, ranked in rankings.items():
            for rid in ranked[:5]:
                if gold[rid]["topic"] == gold[qid]["topic"] and gold[rid]["subtopic"] != gold[qid]["subtopic"]:
                    r = next(
                        x for x in client.get(f"/articles/{qid}/related", params={"limit": 5}).json() if x["id"] == rid
                    )
                    print(f"- {qid} -> {rid}: {gold[qid]['title'][:60]!r} vs {gold[rid]['title'][:60]!r}")
                    print(f"    signals {r.get('signals')}; reasons {r.get('reasons')}")
                    shown += 1
                    break
            if shown >= args.show_errors:
                break
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
