"""Finding the article on real pages: P/R/F1 of word 4-gram shingles against the gold body, averaged over pages.

The Zyte article-extraction benchmark's metric, on its dev pages (`shared/data/pages/zyte-dev.jsonl.gz`), for each
whole-page text dump (html-text, inscriptis, html2text) and for the HTML (through newskg's reader, trafilatura):

- keep everything: the whole dump (for the HTML: the reader's text as it comes, trafilatura's default or
  precision mode; the last line gives trafilatura's default mode alone);
- rules (newskg before): the rule cleaner alone, as newskg cleaned before the learned detector;
- detector (cross-validated): the learned detector, each page scored by a model trained without its site
  (grouped 5-fold by URL host; see bench/train_body_detector.py);
- shipped model: the model in the package, trained on all these pages (in-sample, for reference only).

Then the HTML reader's two tuned numbers (graph/readers/html.py), each chosen in each site fold on the other sites'
pages (the middle of the best run of the grid, on the reader's text alone) and scored on the held-out pages: the
share of its words trafilatura's precision-mode text must keep to replace the default mode's (PRECISE_SHARE), then,
given the fold's share, how much a first line's words must overlap the title's to be cut as the headline
(HEADLINE_OVERLAP). The rows above use the shipped numbers (the detector is cross-validated, the reader's numbers
are the grid's choice on all the pages); the held-out pages' reader scores, worst first, close the output.

    python -m bench.pages_eval
"""
from __future__ import annotations

import sys
from pathlib import Path

import trafilatura

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
from graph.readers.html import (  # noqa: E402
    HEADLINE_OVERLAP,
    PRECISE_SHARE,
    _extract,
    prefer_precise,
    read_html_share,
    without_headline,
)

KEEP = "keep everything"  # for the HTML: the reader's text as it comes (trafilatura's default or precision mode)
SHARES = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)  # 1.01: never the precision-mode text
OVERLAPS = (0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.01)  # 1.01: never cut the first line
WORST = 10  # held-out pages listed, worst first


def rules_text(text: str) -> str:
    body, dropped = find_furniture(text)
    return Doc(Article(text=text), text, body=body, dropped=dropped).body_text()


def reader_texts(page: dict) -> tuple[str, str, str | None]:
    """The reader's default-mode text, its precision-mode text (the default's again when that is not shorter) and
    the title, with no headline cut (which the benchmark applies itself, for each overlap it tries)."""
    default = read_html_share(page["html"], "page", 2.0, meta={"url": page.get("url")}, headline_overlap=2.0)
    precise = read_html_share(page["html"], "page", 0.0, meta={"url": page.get("url")}, headline_overlap=2.0)
    return getattr(default, "text", ""), getattr(precise, "text", ""), getattr(default, "title", None)


def trafilatura_alone(page: dict) -> str:
    """trafilatura's default mode as it comes (no precision mode, sibling chunks or headline cut)."""
    tree = trafilatura.load_html(page["html"])
    doc = _extract(tree, page.get("url"), precise=False) if tree is not None else None
    return (doc.text or "") if doc is not None else ""


def pick(grid: tuple[float, ...], f1: dict[float, list[float]], train: list[int]) -> float:
    """The middle of the best run of consecutive values of `grid` on the `train` pages (many values make the same
    choices)."""
    means = [round(sum(f1[s][k] for k in train) / len(train), 9) for s in grid]
    best = [i for i, m in enumerate(means) if m == max(means)]
    run = [i for i in best if i - best[0] == best.index(i)]  # the first run of consecutive best values
    return grid[run[len(run) // 2]]


def reader_cv(pages: list[dict]) -> None:
    """Print the cross-validated choice of PRECISE_SHARE, then of HEADLINE_OVERLAP given the fold's share (the
    reader's text alone, no detector)."""
    texts = [reader_texts(page) for page in pages]
    gold = [page["gold"] for page in pages]

    def chosen(k: int, share: float) -> str:
        default, precise, _ = texts[k]
        return precise if precise and prefer_precise(default, precise, share) else default

    f1 = {s: [prf(chosen(k, s), gold[k])[2] for k in range(len(pages))] for s in SHARES}
    cut = {(s, o): [prf(without_headline(chosen(k, s), texts[k][2], o), gold[k])[2] for k in range(len(pages))]
           for s in SHARES for o in OVERLAPS}
    held_share = [0.0] * len(pages)
    held_both = [0.0] * len(pages)
    shares, overlaps = [], []
    for held in site_folds(pages):
        train = [k for k in range(len(pages)) if k not in held]
        share = pick(SHARES, f1, train)
        overlap = pick(OVERLAPS, {o: cut[share, o] for o in OVERLAPS}, train)
        shares.append(share)
        overlaps.append(overlap)
        for k in held:
            held_share[k] = f1[share][k]
            held_both[k] = cut[share, overlap][k]
    n = len(pages)
    print(f"HTML reader precise share: per fold {', '.join(map(str, shares))}; reader text alone F1 "
          f"{sum(held_share) / n:.3f} cross-validated, {sum(f1[PRECISE_SHARE]) / n:.3f} shipped share "
          f"{PRECISE_SHARE}, {sum(f1[SHARES[-1]]) / n:.3f} default mode only (both with the headline kept)")
    print(f"HTML reader headline overlap: per fold {', '.join(map(str, overlaps))}; reader text alone F1 "
          f"{sum(held_both) / n:.3f} cross-validated, {sum(cut[PRECISE_SHARE, HEADLINE_OVERLAP]) / n:.3f} shipped "
          f"overlap {HEADLINE_OVERLAP}; trafilatura's default mode alone "
          f"{sum(prf(trafilatura_alone(page), page['gold'])[2] for page in pages) / n:.3f}")
    print(f"HTML reader per page, held-out (share and overlap chosen without the page's site), worst {WORST}:")
    for k in sorted(range(n), key=lambda k: held_both[k])[:WORST]:
        print(f"  {held_both[k]:.3f}  {pages[k].get('url')}")


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
    held_html: dict[int, float] = {}  # the HTML's detector F1 per page, each from the fold that held its site out
    for it, detection, _ in cross_validate(pages, items, lists):
        rows[it.source]["detector (cross-validated)"].append(prf(body_text(it, detection), it.gold))
        if it.source == TRAFILATURA:
            held_html[it.page] = rows[it.source]["detector (cross-validated)"][-1][2]
    print(f"Zyte dev pages: {len(pages)} pages, {len({p['url'] for p in pages})} urls; "
          f"cross-validation: {FOLDS} folds grouped by site")
    print(f"{'input':<24}{'method':<30}{'P':>7}{'R':>7}{'F1':>7}")
    for source, methods in rows.items():
        label = {TRAFILATURA: "HTML (trafilatura)", GOLD: "gold body alone"}.get(source, f"{source} dump")
        for method, scores in methods.items():
            p, r, f = mean_prf(scores)
            print(f"{label:<24}{method:<30}{p:>7.3f}{r:>7.3f}{f:>7.3f}")
    print(f"HTML (trafilatura) detector per page, held-out, worst {WORST}:")
    for k in sorted(held_html, key=held_html.__getitem__)[:WORST]:
        print(f"  {held_html[k]:.3f}  {pages[k].get('url')}")
    reader_cv(pages)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
