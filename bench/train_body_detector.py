"""Train the body detector on the real dev pages and ship it (`graph/extract/models/body_detector.json`).

Every line of each page's text dumps (html-text, inscriptis, html2text) and of trafilatura's text of its HTML is
labelled body / not body by aligning its words with the page's gold body; gradient-boosted trees over shallow line
features (graph/extract/clean/features.py) are fitted with scikit-learn (the `bench` extra; never needed at run
time: the trees are written out as plain arrays and evaluated with numpy). The decoder's costs are chosen on
out-of-fold scores of the training pages' texts (an inner split by site; the gold bodies left out), not on scores
of pages the trees were fitted on. Cross-validation is by site: pages are grouped by URL host and every figure
printed is on pages whose site was not in that fold's training set. The shipped model is then trained on all dev
pages.

    python -m bench.train_body_detector            # cross-validate, then train on everything and write the model
    python -m bench.train_body_detector --cv-only  # only the cross-validated figures
"""
from __future__ import annotations

import argparse
import difflib
import gzip
import hashlib
import json
import math
import pickle
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import CACHE, write_replacing  # noqa: E402
from graph.extract.clean.detector import (  # noqa: E402
    MODEL_PATH,
    BodyDetector,
    Detection,
    body_lines,
    dropped_blocks,
    forced,
)
from graph.extract.clean.features import feature_names, page_features  # noqa: E402
from graph.extract.clean.rules import rule_view  # noqa: E402
from graph.model import Article, Doc  # noqa: E402

CONVERTERS = ("html-text", "inscriptis", "html2text")
TRAFILATURA = "trafilatura"
GOLD = "gold"  # the gold body alone: teaches the detector that a clean article is all body
FOLDS = 5
STOPWORD_LANGS = ("en", "da", "de", "fr", "es", "it", "nl", "pt", "sv", "nb", "pl", "ru", "tr", "id", "fi")
STOPWORDS_PER_LANG = 150
HOLE_COSTS = (1.0, 2.0, 4.0, 8.0)
SHIFTS = (-0.5, 0.0, 0.5, 1.0, 1.5, 2.0)
SECTION_COSTS = (math.inf, 1.0, 2.0, 4.0)  # a hole over a headed section inside the article; inf: never
INNER_FOLDS = 3  # the split of the training pages on which the decoder's costs are chosen
TREES = {"max_iter": 150, "learning_rate": 0.1, "max_depth": 4, "max_leaf_nodes": 15, "min_samples_leaf": 40,
         "l2_regularization": 1.0}
_TOKEN = re.compile(r"\w+")
# The HTML reader's source is part of the cache key of its texts: a change of its options must not read stale ones.
READER = hashlib.sha1((Path(__file__).resolve().parents[1] / "graph" / "readers" / "html.py").read_bytes()).hexdigest()


def find_pages(start: Path | None = None) -> Path | None:
    """`shared/data/pages/zyte-dev.jsonl.gz` next to the repository or a folder above it."""
    here = (start or Path(__file__)).resolve()
    for folder in here.parents:
        candidate = folder / "shared" / "data" / "pages" / "zyte-dev.jsonl.gz"
        if candidate.is_file():
            return candidate
    return None


def load_pages(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def site(page: dict) -> str:
    host = urlparse(page.get("url") or "").hostname or page.get("id", "")
    return host.removeprefix("www.")


# -- the benchmark's metric --------------------------------------------------------------------------------------


def tokens(text: str) -> list[str]:
    return _TOKEN.findall((text or "").lower())


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    words = tokens(text)
    return Counter(tuple(words[i:i + n]) for i in range(max(len(words) - n + 1, 0)))


def prf(predicted: str, gold: str) -> tuple[float, float, float]:
    """Precision, recall and F1 of word 4-gram shingles (multisets); both empty counts as a perfect match."""
    pred, ref = shingles(predicted), shingles(gold)
    if not pred and not ref:
        return 1.0, 1.0, 1.0
    common = sum((pred & ref).values())
    p = common / sum(pred.values()) if pred else 0.0
    r = common / sum(ref.values()) if ref else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def mean_prf(scores: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    return tuple(float(np.mean([s[k] for s in scores])) for k in range(3)) if scores else (0.0, 0.0, 0.0)


# -- labels ------------------------------------------------------------------------------------------------------


def line_labels(text: str, gold: str, view) -> np.ndarray:
    """1 for a line whose words are mostly matched, in order, by the gold body (runs of 3+ words), else 0."""
    spans: list[tuple[int, int]] = []
    words: list[str] = []
    for m in _TOKEN.finditer(text.lower()):
        spans.append((m.start(), m.end()))
        words.append(m.group())
    matched = np.zeros(len(words), dtype=bool)
    matcher = difflib.SequenceMatcher(None, words, tokens(gold), autojunk=False)
    for block in matcher.get_matching_blocks():
        if block.size >= 3:
            matched[block.a:block.a + block.size] = True
    starts = np.array([s for s, _ in spans], dtype=int)
    labels = np.zeros(len(view.lines))
    for i, line in enumerate(view.lines):
        lo, hi = np.searchsorted(starts, line.start), np.searchsorted(starts, line.end)
        if hi > lo:
            labels[i] = float(matched[lo:hi].mean() >= 0.5)
    return labels


@dataclass
class PageText:
    page: int  # index of the page
    site: str  # its URL host, the unit of cross-validation
    source: str  # converter name, or "trafilatura"
    text: str
    gold: str
    view: object
    features: np.ndarray
    labels: np.ndarray
    rules: list[int]  # what the rules impose per line (detector.forced)


def trafilatura_text(html: str, url: str | None) -> str:
    """The text newskg's HTML reader hands the pipeline."""
    from graph.readers.html import read_html

    article = read_html(html, "page", url=url)
    return "" if isinstance(article, Exception) or not hasattr(article, "text") else article.text


def stopword_lists() -> dict[str, list[str]]:
    from wordfreq import top_n_list

    return {lang: top_n_list(lang, STOPWORDS_PER_LANG) for lang in STOPWORD_LANGS}


def _cached(name: str, key: str, compute):
    """`compute()`, kept in the temp folder under `name` and a hash of `key` (aligning words is slow)."""
    path = CACHE / f"{name}-{hashlib.sha1(key.encode('utf-8')).hexdigest()}.pkl"
    if path.is_file():
        return pickle.loads(path.read_bytes())
    value = compute()
    CACHE.mkdir(parents=True, exist_ok=True)
    write_replacing(path, pickle.dumps(value))
    return value


def build(pages: list[dict], stopwords: dict[str, frozenset[str]], sources: tuple[str, ...]) -> list[PageText]:
    items: list[PageText] = []
    for k, page in enumerate(pages):
        for source in sources:
            if source == TRAFILATURA:
                text = _cached("trafilatura", READER + page["html"] + (page.get("url") or ""),
                               lambda page=page: trafilatura_text(page["html"], page.get("url")))
            elif source == GOLD:
                text = page["gold"]  # a clean article, as a feed or JSON record gives it: nothing may be cut
            else:
                text = page["text"][source]
            view = rule_view(text)
            view, features = page_features(text, stopwords, view)
            labels = _cached("labels", text + "\0" + page["gold"],
                             lambda text=text, page=page, view=view: line_labels(text, page["gold"], view))
            rules = [forced(view, i) for i in range(len(view.lines))]
            items.append(PageText(k, site(page), source, text, page["gold"], view, features, labels, rules))
    return items


# -- the model ---------------------------------------------------------------------------------------------------


def body_text(item: PageText, detection: Detection) -> str:
    """What `newskg extract` prints as `body_text` for this detection."""
    body, dropped = dropped_blocks(item.text, detection)
    return Doc(Article(text=item.text), item.text, body=body, dropped=dropped).body_text()


def detect(detector: BodyDetector, item: PageText, hole_cost: float, shift: float,
           section_cost: float = math.inf) -> Detection:
    p = detector.probabilities(item.features, item.view) if len(item.features) else np.zeros(0)
    lines = body_lines(item.view, p, item.rules, hole_cost, shift, section_cost) if len(p) else []
    return Detection(item.view, lines, p)


def _weights(x: np.ndarray) -> np.ndarray:
    # The benchmark counts words: a long line weighs more than a menu item (sqrt, so menus still count).
    sample = np.sqrt(np.expm1(x[:, feature_names().index("log_words")]) + 1.0)
    return sample / sample.mean()


def fit_trees(x: np.ndarray, y: np.ndarray, sample: np.ndarray, params: dict | None = None) -> dict:
    """Gradient-boosted trees (scikit-learn's histogram GBM), written out as the arrays detector._Trees reads."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    model = HistGradientBoostingClassifier(**(params or TREES), early_stopping=False, random_state=0)
    model.fit(x, y.astype(int), sample_weight=sample)
    trees = []
    depth = 0
    for (predictor,) in model._predictors:  # one tree per iteration for a binary target
        nodes = predictor.nodes
        leaf = nodes["is_leaf"].astype(bool)
        depth = max(depth, int(nodes["depth"].max()))
        trees.append({
            "feature": np.where(leaf, 0, nodes["feature_idx"].astype(np.int64)).astype(int).tolist(),
            "threshold": [0.0 if f else float(f"{t:.6g}") for t, f in zip(nodes["num_threshold"], leaf, strict=True)],
            "left": np.where(leaf, -1, nodes["left"].astype(np.int64)).astype(int).tolist(),
            "right": np.where(leaf, -1, nodes["right"].astype(np.int64)).astype(int).tolist(),
            "value": [round(float(v), 5) if f else 0.0 for v, f in zip(nodes["value"], leaf, strict=True)],
        })
    return {"kind": "trees", "depth": depth, "bias": float(np.ravel(model._baseline_prediction)[0]),
            "trees": trees}


def _fit(items: list[PageText]) -> dict:
    x = np.vstack([it.features for it in items])
    y = np.concatenate([it.labels for it in items])
    return fit_trees(x, y, _weights(x))


def choose_decoder(items: list[PageText], probabilities: list[np.ndarray]) -> tuple[float, float, float, float]:
    """(mean F1, hole cost, shift, section cost) best on `items`, given each one's P(body) per line."""
    golds = [shingles(it.gold) for it in items]
    seen: list[dict[tuple[int, ...], float]] = [{} for _ in items]  # many costs give the same lines
    best = (-1.0, HOLE_COSTS[0], 0.0, math.inf)
    for section in SECTION_COSTS:
        for cost in HOLE_COSTS:
            for shift in SHIFTS:
                f1 = []
                for k, (it, p) in enumerate(zip(items, probabilities, strict=True)):
                    lines = tuple(body_lines(it.view, p, it.rules, cost, shift, section))
                    if lines not in seen[k]:
                        seen[k][lines] = _f1(shingles(body_text(it, Detection(it.view, list(lines), p))), golds[k])
                    f1.append(seen[k][lines])
                # ties go to the first (the decoder without section holes, then the cheaper costs)
                if float(np.mean(f1)) > best[0]:
                    best = (float(np.mean(f1)), cost, shift, section)
    return best


def _f1(pred: Counter, ref: Counter) -> float:
    if not pred and not ref:
        return 1.0
    common = sum((pred & ref).values())
    return 2 * common / (sum(pred.values()) + sum(ref.values())) if common else 0.0


def _model(stage: dict, stopwords: dict[str, list[str]], hole_cost: float = HOLE_COSTS[0], shift: float = 0.0,
           section_cost: float = math.inf) -> dict:
    return {"features": feature_names(), "stages": [stage], "hole_cost": hole_cost, "threshold_shift": shift,
            "section_cost": None if math.isinf(section_cost) else section_cost, "stopwords": stopwords}


def out_of_fold(items: list[PageText], stopwords: dict[str, list[str]], folds: int = INNER_FOLDS
                ) -> list[np.ndarray]:
    """P(body) per line of each item, from trees fitted without that item's site."""
    pages = sorted({it.page for it in items})
    sites = {it.page: it.site for it in items}
    probabilities: dict[int, np.ndarray] = {}
    for held_out in site_folds(pages, folds, key=lambda k: sites[pages[k]]):
        held = {pages[k] for k in held_out}
        detector = BodyDetector(_model(_fit([it for it in items if it.page not in held]), stopwords))
        for k, it in enumerate(items):
            if it.page in held:
                probabilities[k] = detector.probabilities(it.features, it.view)
    return [probabilities[k] for k in range(len(items))]


def train(items: list[PageText], stopwords: dict[str, list[str]]) -> dict:
    """A model dict (as shipped) fitted on `items`; the decoder's costs are chosen on out-of-fold scores."""
    items = [it for it in items if len(it.features)]
    # The gold bodies teach the trees what a clean article looks like; the decoder is for pages (a clean text
    # the rules see no page around is kept whole without it), so its costs are chosen on the pages alone.
    scores = out_of_fold(items, stopwords)
    pages = [k for k, it in enumerate(items) if it.source != GOLD]
    best = choose_decoder([items[k] for k in pages], [scores[k] for k in pages])
    model = _model(_fit(items), stopwords, best[1], best[2], best[3])
    model["training"] = {"pages": len({it.page for it in items}), "lines": int(sum(len(it.labels) for it in items)),
                         "inner_cv_f1": round(best[0], 4)}
    return model


def site_folds(pages: list[dict], folds: int = FOLDS, key=None) -> list[set[int]]:
    """Indices of `pages` grouped by site (or `key(index)`) into `folds` sets of about equal size."""
    by_site: dict[str, list[int]] = {}
    for k, page in enumerate(pages):
        by_site.setdefault(key(k) if key else site(page), []).append(k)
    groups: list[set[int]] = [set() for _ in range(folds)]
    for members in sorted(by_site.values(), key=lambda m: (-len(m), m[0])):
        min(groups, key=len).update(members)
    return groups


def cross_validate(pages: list[dict], items: list[PageText], stopwords: dict[str, list[str]]
                   ) -> Iterator[tuple[PageText, Detection, dict]]:
    """For each fold, train on the other sites' pages and yield the detection on each held-out page."""
    for held_out in site_folds(pages):
        model = train([it for it in items if it.page not in held_out], stopwords)
        detector = BodyDetector(model)
        for it in items:
            if it.page in held_out:
                costs = (detector.hole_cost, detector.threshold_shift, detector.section_cost)
                yield it, detect(detector, it, *costs), model


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cv-only", action="store_true", help="print the cross-validated figures, write nothing")
    parser.add_argument("--out", type=Path, default=MODEL_PATH, help="where to write the model")
    args = parser.parse_args(argv)
    path = find_pages()
    if path is None:
        print("SKIPPED: shared/data/pages/zyte-dev.jsonl.gz not found")
        return 0
    pages = load_pages(path)
    lists = stopword_lists()
    stopwords = {lang: frozenset(words) for lang, words in lists.items()}
    items = build(pages, stopwords, CONVERTERS + (TRAFILATURA, GOLD))
    scores: dict[str, list] = {}
    decoders: list[tuple] = []
    last = None
    for it, detection, model in cross_validate(pages, items, lists):
        scores.setdefault(it.source, []).append(prf(body_text(it, detection), it.gold))
        if model is not last:  # one model per fold
            decoders.append((model["hole_cost"], model["threshold_shift"], model["section_cost"]))
            last = model
    print(f"cross-validated by site ({FOLDS} folds, {len(pages)} pages):")
    for source, values in scores.items():
        p, r, f = mean_prf(values)
        print(f"  {source:<12} P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    print("  decoder per fold (hole cost, shift, section cost):", ", ".join(map(str, decoders)))
    if args.cv_only:
        return 0
    model = train(items, lists)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {args.out} (hole cost {model['hole_cost']}, shift {model['threshold_shift']}, "
          f"section cost {model['section_cost']}, "
          f"inner cross-validated F1 {model['training']['inner_cv_f1']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
