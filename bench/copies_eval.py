"""Copies found and false copies, on copies made from ECB+ and BBC articles.

Every source article is an original, published on day 1; from each one copy is made, published later, by one of:
a new headline, a dropped sentence, an added sentence, another byline, a correction note (cycling through them).
ECB+ reports of one subtopic are distinct texts about one event: grouping two of them is a false copy, unless
they are one text in two versions (at least half of the shorter one's word shingles in the other, see
ONE_TEXT_CONTAINMENT: ECB+ holds some wire stories as first take and update).
The threshold is fitted on one half of the originals (by id parity of a hash) and reported on the other, and the
other way round.

    python bench/copies_eval.py [--data ../shared/data]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data"
SOURCES = ["ecbplus/ecbplus-odd-topics.jsonl", "bbc/bbc-news-2225.jsonl"]
THRESHOLDS = [0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]
EDITS = ["headline", "drop", "add", "byline", "correction"]


def load(paths: list[Path]) -> list[dict]:
    rows = []
    for p in paths:
        with p.open(encoding="utf-8") as f:
            rows.extend(json.loads(line) for line in f if line.strip())
    return rows


def make_copy(row: dict, edit: str) -> str:
    """The body of a reprint of `row` with one editorial change."""
    lines = [s for s in row["text"].split("\n") if s.strip()]
    if edit == "headline":
        # The text opens with its headline (both corpora do): the reprint swaps it for its own.
        body = row["text"].strip()
        if body.startswith(row["title"].strip()):
            body = body[len(row["title"].strip()):]
        return "Breaking: what we know so far\n" + body.strip()
    if edit == "drop" and len(lines) > 3:
        return "\n".join(lines[:-2] + lines[-1:])
    if edit == "add":
        return "\n".join(lines + ["More details are expected to emerge later today, a spokesperson said."])
    if edit == "byline":
        return "\n".join(["By Staff Reporter, Wire Service"] + lines)
    return "\n".join(lines + ["Correction: an earlier version of this article misstated a figure."])


def half(article_id: str) -> int:
    return hashlib.sha1(article_id.encode()).digest()[0] % 2


# Two texts of the corpora are one text when at least this share of the shorter one's shingles is in the longer:
# one is the other with sentences added, dropped or reworded. ECB+ holds wire stories in several versions (an
# agency's first take and its update, in two outlets: the AP's Klitschko-Thompson report, AFP's and AP's Aceh
# earthquake reports), whose Jaccard similarity falls under one half as the update grows the text while nearly
# all of the first take is still in it; reports of one event written apart share a few per cent.
ONE_TEXT_CONTAINMENT = 0.5


def containment(a: str, b: str) -> float:
    """The share of the shorter text's shingles found in the other."""
    from graph.analysis.copies import shingles

    sa, sb = shingles(a), shingles(b)
    return len(sa & sb) / min(len(sa), len(sb)) if sa and sb else 0.0


def one_text(a: str, b: str) -> bool:
    return containment(a, b) >= ONE_TEXT_CONTAINMENT


def score(rows: list[dict], threshold: float) -> dict[str, float]:
    """Found: made copies whose original is their source (or a corpus version of it). The corpora hold copies
    of their own (one wire text in two outlets, or in two versions): two originals grouped count as a false copy
    only when they are not one text (`one_text`); an original is wrongly marked when it is marked a copy of its
    own (later) reprint or of a distinct text."""
    from graph.analysis.copies import MIN_WORDS, CopyIndex
    from graph.analysis.textsim import tokenize

    index = CopyIndex(threshold=threshold)
    for r in rows:
        index.add(r["id"], "2020-01-01", r["text"])
    for k, r in enumerate(rows):
        index.add(r["id"] + "#copy", "2020-01-02", make_copy(r, EDITS[k % len(EDITS)]))
    copy_of = index.copy_of()
    text = {r["id"]: r["text"] for r in rows}
    comparable = [r for r in rows if len(tokenize(r["text"])) >= MIN_WORDS]
    # A reprint of a text the corpus holds twice may name the other (earlier or smaller-id) holder as original.
    found = sum(
        (o := copy_of.get(r["id"] + "#copy")) is not None
        and (o == r["id"] or (not o.endswith("#copy") and one_text(r["text"], text[o])))
        for r in comparable
    )
    originals_marked = sum(
        r["id"] in copy_of
        and (copy_of[r["id"]].endswith("#copy") or not one_text(r["text"], text[copy_of[r["id"]]]))
        for r in rows
    )
    false = own = 0
    for g in index.groups():
        originals = [a for a in g if not a.endswith("#copy")]
        for a, b in zip(originals, originals[1:], strict=False):
            if not one_text(text[a], text[b]):
                false += 1
            else:
                own += 1
    return {"found": found / len(comparable), "originals_marked": originals_marked, "false_copies": false,
            "own_copies": own, "too_short": len(rows) - len(comparable)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA, help="the shared data folder")
    args = ap.parse_args()
    paths = [args.data / s for s in SOURCES]
    missing = [p for p in paths if not p.exists()]
    if missing:
        print(f"skipped: {missing[0]} not found (evaluation data lives in ../shared/data)")
        return 0
    rows = load(paths)
    print(f"{len(rows)} originals (ECB+ odd topics and BBC), one made copy each; edits {', '.join(EDITS)}")
    print(f"{'fit on':>8}{'threshold':>11}{'report on':>11}{'found':>8}{'originals marked':>18}{'false copies':>14}"
          f"{'copies in corpus':>18}{'too short':>11}")
    for fit_half in (0, 1):
        fit = [r for r in rows if half(r["id"]) == fit_half]
        test = [r for r in rows if half(r["id"]) != fit_half]

        def objective(t: float, fit: list[dict] = fit) -> tuple[float, float]:
            s = score(fit, t)
            return (s["found"] - s["originals_marked"] / len(fit) - s["false_copies"] / len(fit), t)

        best = max(THRESHOLDS, key=objective)
        t0 = time.process_time()
        s = score(test, best)
        cpu = time.process_time() - t0
        print(f"{'half ' + str(fit_half):>8}{best:11.2f}{'half ' + str(1 - fit_half):>11}{s['found']:8.4f}"
              f"{s['originals_marked']:18d}{s['false_copies']:14d}{s['own_copies']:18d}{s['too_short']:11d}")
        print(f"{'':8}copy index CPU {1000 * cpu / (2 * len(test)):.2f} ms per article")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
