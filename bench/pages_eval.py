"""Finding the article on real pages: P/R/F1 of word 4-gram shingles against the gold body, averaged over pages.

The Zyte article-extraction benchmark's metric, on its dev pages (`shared/data/pages/zyte-dev.jsonl.gz`), for each
whole-page text dump (html-text, inscriptis, html2text) and for the HTML (through newskg's reader, trafilatura):

- keep everything: the whole dump (for the HTML: trafilatura's text as it comes, i.e. trafilatura alone);
- rules (newskg before): the rule cleaner alone, as newskg cleaned before the learned detector;
- detector (cross-validated): the learned detector, each page scored by a model trained without its site
  (grouped 5-fold by URL host; see bench/train_body_detector.py);
- shipped model: the model in the package, trained on all these pages (in-sample, for reference only).

    python -m bench.pages_eval
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.train_body_detector import (  # noqa: E402
    CONVERTERS,
    FOLDS,
    GOLD,
    TRAFILATURA,
    body_text,
    build,
    cross_validate,
    detect,
    find_pages,
    load_pages,
    mean_prf,
    prf,
    stopword_lists,
)
from graph.extract.clean.detector import BodyDetector  # noqa: E402
from graph.extract.clean.rules import find_furniture  # noqa: E402
from graph.model import Article, Doc  # noqa: E402

KEEP = "keep everything"  # for the HTML: trafilatura's text as it comes, i.e. trafilatura alone


def rules_text(text: str) -> str:
    body, dropped = find_furniture(text)
    return Doc(Article(text=text), text, body=body, dropped=dropped).body_text()


def main() -> int:
    path = find_pages()
    if path is None:
        print("SKIPPED: shared/data/pages/zyte-dev.jsonl.gz not found (the dev pages are not on this machine)")
        return 0
    pages = load_pages(path)
    lists = stopword_lists()
    stopwords = {lang: frozenset(words) for lang, words in lists.items()}
    items = build(pages, stopwords, CONVERTERS + (TRAFILATURA, GOLD))
    shipped = BodyDetector.load()
    rows: dict[str, dict[str, list]] = {}
    for it in items:
        row = rows.setdefault(it.source, {KEEP: [], "rules (newskg before)": [], "detector (cross-validated)": [],
                                          "shipped model (in-sample)": []})
        row[KEEP].append(prf(it.text, it.gold))
        row["rules (newskg before)"].append(prf(rules_text(it.text), it.gold))
        row["shipped model (in-sample)"].append(
            prf(body_text(it, detect(shipped, it, shipped.hole_cost, shipped.threshold_shift,
                                   shipped.section_cost)), it.gold))
    for it, detection, _ in cross_validate(pages, items, lists):
        rows[it.source]["detector (cross-validated)"].append(prf(body_text(it, detection), it.gold))
    print(f"Zyte dev pages: {len(pages)} pages, {len({p['url'] for p in pages})} urls; "
          f"cross-validation: {FOLDS} folds grouped by site")
    print(f"{'input':<24}{'method':<30}{'P':>7}{'R':>7}{'F1':>7}")
    for source, methods in rows.items():
        label = {TRAFILATURA: "HTML (trafilatura)", GOLD: "gold body alone"}.get(source, f"{source} dump")
        for method, scores in methods.items():
            p, r, f = mean_prf(scores)
            print(f"{label:<24}{method:<30}{p:>7.3f}{r:>7.3f}{f:>7.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
