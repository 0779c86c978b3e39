"""Event precision and recall by type, end to end, on our gold sentences: the typed-event gold and the misfire gold.

Two gold sets, both written by the newskg team:
- tests/gold/events_{da,en}.jsonl: one or two sentences each with their events (split "dev" where not said, and
  "test");
- tests/gold/events_misfires_{da,en}.jsonl: the misfires a reader sees at once (a release read as an arrest, a price
  war or a deal "struck" read as armed conflict, a job title's region taken for the place, a back-reference to an
  event already reported counted as a new one, short names). Split "held-out" was written before the events
  component was changed for them and never tuned on; "dev" was written alongside the changes.

Every text runs through `Pipeline.default()` (the recogniser and linker find the entities). Printed per gold file and
split, per language and per event type:
- P / R of (text, type) pairs: a type predicted for a text where the gold has none is a false positive;
- "extra ids": events of a type the text reports once but the extractor split into several ids (back-references);
- "place": of the gold events that give a place, how many got that place (by its name).

Run: python -m bench.events_eval
"""
from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph.extract.pipeline import Pipeline  # noqa: E402
from graph.model import Article  # noqa: E402

GOLD = ROOT / "tests" / "gold"


def load(name: str) -> list[dict]:
    path = GOLD / name
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def evaluate(items: list[dict], pipeline: Pipeline) -> dict:
    by_type: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # tp, predicted, gold
    extra_ids = 0
    places = [0, 0]
    for item in items:
        doc = pipeline(Article(text=item["text"], id=item["id"], published=item.get("published"), lang=item["lang"]))
        pred_ids: dict[str, set[str]] = defaultdict(set)
        pred_places: dict[str, set[str]] = defaultdict(set)
        for e in doc.events:
            pred_ids[e.type].add(e.id)
            if e.place:
                pred_places[e.type].add(e.place)  # the id, and the name (the misfire gold gives names)
                if e.place in doc.entities:
                    pred_places[e.type].add(doc.entities[e.place].label)
        gold_types: dict[str, int] = defaultdict(int)
        for g in item["events"]:
            gold_types[g["type"]] += 1
            if g.get("place"):
                places[1] += 1
                places[0] += g["place"] in pred_places[g["type"]]
        for t in set(pred_ids) | set(gold_types):
            counts = by_type[t]
            counts[0] += t in pred_ids and t in gold_types
            counts[1] += t in pred_ids
            counts[2] += t in gold_types
            if t in gold_types:
                extra_ids += max(0, len(pred_ids[t]) - gold_types[t])
    return {"by_type": dict(by_type), "extra_ids": extra_ids, "places": places, "texts": len(items)}


def _pr(tp: int, pred: int, gold: int) -> str:
    p = tp / pred if pred else 1.0
    r = tp / gold if gold else 1.0
    return f"P={p:.2f} R={r:.2f} ({tp}/{pred} predicted, {tp}/{gold} gold)"


def report(title: str, result: dict) -> None:
    by_type = result["by_type"]
    tp = sum(c[0] for c in by_type.values())
    pred = sum(c[1] for c in by_type.values())
    gold = sum(c[2] for c in by_type.values())
    pl = result["places"]
    print(f"  {title}: {result['texts']} texts; all types {_pr(tp, pred, gold)}; extra ids {result['extra_ids']};"
          f" places {pl[0]}/{pl[1]}")
    for t in sorted(by_type):
        print(f"      {t:14s} {_pr(*by_type[t])}")


def main() -> None:
    pipeline = Pipeline.default()
    print("== events by type, end to end (Pipeline.default()) on our gold sentences")
    for name, key in (("events_{lang}.jsonl", "split"), ("events_misfires_{lang}.jsonl", "split")):
        for lang in ("da", "en"):
            items = load(name.format(lang=lang))
            splits = sorted({item.get(key, "dev") for item in items})
            for split in splits:
                part = [item for item in items if item.get(key, "dev") == split]
                report(f"{name.format(lang=lang)} [{split}]", evaluate(part, pipeline))


if __name__ == "__main__":
    main()
