"""Finding the article on real pages: P/R/F1 of word 4-gram shingles against the gold body, averaged over pages.

The Zyte article-extraction benchmark's metric, on its dev pages (`shared/data/pages/zyte-dev.jsonl.gz`), for each
whole-page text dump (html-text, inscriptis, html2text) and for the HTML (through newskg's reader, trafilatura):

- keep everything: the whole dump (for the HTML: the reader's text as it comes, trafilatura's default or
  precision mode; the last line gives trafilatura's default mode alone);
- rules (newskg before): the rule cleaner alone, as newskg cleaned before the learned detector;
- detector (cross-validated): the learned detector, each page scored by a model trained without its site
  (grouped 5-fold by URL host; see bench/train_body_detector.py);
- shipped model: the model in the package, trained on all these pages (in-sample, for reference only).

Then the HTML reader's one tuned number, the share of its words trafilatura's precision-mode text must keep to
replace the default mode's (graph/readers/html.py, PRECISE_SHARE): chosen in each site fold on the other sites'
pages (the middle of the best run of the grid, on the reader's text alone) and scored on the held-out pages.

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
    site_folds,
    stopword_lists,
)
from graph.extract.clean.detector import BodyDetector  # noqa: E402
from graph.extract.clean.rules import find_furniture  # noqa: E402
from graph.model import Article, Doc  # noqa: E402
from graph.readers.html import PRECISE_SHARE, prefer_precise, read_html_share  # noqa: E402

KEEP = "keep everything"  # for the HTML: the reader's text as it comes (trafilatura's default or precision mode)
SHARES = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)  # 1.01: never the precision-mode text


def rules_text(text: str) -> str:
    body, dropped = find_furniture(text)
    return Doc(Article(text=text), text, body=body, dropped=dropped).body_text()


def reader_text(page: dict, share: float) -> str:
    article = read_html_share(page["html"], "page", share, meta={"url": page.get("url")})
    return getattr(article, "text", "")


def pick_share(f1: dict[float, list[float]], train: list[int]) -> float:
    """The middle of the best run of consecutive shares on the `train` pages (many shares make the same choices)."""
    means = [round(sum(f1[s][k] for k in train) / len(train), 9) for s in SHARES]
    best = [i for i, m in enumerate(means) if m == max(means)]
    run = [i for i in best if i - best[0] == best.index(i)]  # the first run of consecutive best shares
    return SHARES[run[len(run) // 2]]


def precise_share_cv(pages: list[dict]) -> None:
    """Print the cross-validated choice of PRECISE_SHARE (reader's text alone, no detector)."""
    # per page: the default mode's text, and the precision mode's when it is shorter (else the default's again)
    both = [(reader_text(page, 2.0), reader_text(page, 0.0)) for page in pages]
    f1 = {s: [prf(precise if precise and prefer_precise(default, precise, s) else default, page["gold"])[2]
              for (default, precise), page in zip(both, pages, strict=True)] for s in SHARES}
    held_f1 = [0.0] * len(pages)
    chosen = []
    for held in site_folds(pages):
        share = pick_share(f1, [k for k in range(len(pages)) if k not in held])
        chosen.append(share)
        for k in held:
            held_f1[k] = f1[share][k]
    n = len(pages)
    print(f"HTML reader precise share: per fold {', '.join(map(str, chosen))}; reader text alone F1 "
          f"{sum(held_f1) / n:.3f} cross-validated, {sum(f1[PRECISE_SHARE]) / n:.3f} shipped share "
          f"{PRECISE_SHARE}, {sum(f1[SHARES[-1]]) / n:.3f} default mode only")


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
    precise_share_cv(pages)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
