"""Train the body detector on the real dev pages and ship it (`graph/extract/models/body_detector.json`).

Every line of each page's text dumps (html-text, inscriptis, html2text) and of trafilatura's text of its HTML is
labelled body / not body by aligning its words with the page's gold body; a logistic model over shallow line
features (graph/extract/clean/features.py) is fitted with numpy (L2-regularised Newton steps), and the decoder's
two costs are chosen on the training pages. Cross-validation is by site: pages are grouped by URL host and every
figure printed is on pages whose site was not in that fold's training set. The shipped model is then trained on
all dev pages.

    python -m bench.train_body_detector            # cross-validate, then train on everything and write the model
    python -m bench.train_body_detector --cv-only  # only the cross-validated figures
"""
from __future__ import annotations

import argparse
import difflib
import gzip
import json
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

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
L2 = 1.0
_TOKEN = re.compile(r"\w+")


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


def build(pages: list[dict], stopwords: dict[str, frozenset[str]], sources: tuple[str, ...]) -> list[PageText]:
    items: list[PageText] = []
    for k, page in enumerate(pages):
        for source in sources:
            if source == TRAFILATURA:
                text = trafilatura_text(page["html"], page.get("url"))
            elif source == GOLD:
                text = page["gold"]  # a clean article, as a feed or JSON record gives it: nothing may be cut
            else:
                text = page["text"][source]
            view = rule_view(text)
            view, features = page_features(text, stopwords, view)
            labels = line_labels(text, page["gold"], view)
            rules = [forced(view, i) for i in range(len(view.lines))]
            items.append(PageText(k, site(page), source, text, page["gold"], view, features, labels, rules))
    return items


# -- the model ---------------------------------------------------------------------------------------------------


def fit_logistic(x: np.ndarray, y: np.ndarray, sample: np.ndarray, l2: float = L2, steps: int = 30
                 ) -> tuple[np.ndarray, float, np.ndarray, np.ndarray]:
    """L2-regularised logistic regression by Newton's method on standardised features, rows weighted by `sample`."""
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    z = (x - mean) / scale
    design = np.hstack([z, np.ones((len(z), 1))])
    w = np.zeros(design.shape[1])
    penalty = np.full(design.shape[1], l2)
    penalty[-1] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(design @ w, -30, 30)))
        grad = design.T @ (sample * (p - y)) + penalty * w
        hess = (design * (sample * p * (1 - p))[:, None]).T @ design + np.diag(penalty + 1e-6)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    return w[:-1], float(w[-1]), mean, scale


def body_text(item: PageText, detection: Detection) -> str:
    """What `newskg extract` prints as `body_text` for this detection."""
    body, dropped = dropped_blocks(item.text, detection)
    return Doc(Article(text=item.text), item.text, body=body, dropped=dropped).body_text()


def detect(detector: BodyDetector, item: PageText, hole_cost: float, shift: float) -> Detection:
    p = detector.probabilities(item.features, item.view) if len(item.features) else np.zeros(0)
    return Detection(item.view, body_lines(item.view, p, item.rules, hole_cost, shift) if len(p) else [], p)


def _stage(x: np.ndarray, y: np.ndarray) -> dict:
    # The benchmark counts words: a long line weighs more than a menu item (sqrt, so menus still count).
    sample = np.sqrt(np.expm1(x[:, feature_names().index("log_words")]) + 1.0)
    weights, bias, mean, scale = fit_logistic(x, y, sample / sample.mean())
    return {"mean": mean.tolist(), "scale": scale.tolist(), "weights": weights.tolist(), "bias": bias}


def train(items: list[PageText], stopwords: dict[str, list[str]]) -> dict:
    """A model dict (as shipped) fitted on `items`, with decoder costs chosen on the same items."""
    items = [it for it in items if len(it.features)]
    y = np.concatenate([it.labels for it in items])
    stage = _stage(np.vstack([it.features for it in items]), y)
    model = {"features": feature_names(), "stages": [stage], "hole_cost": HOLE_COSTS[0],
             "threshold_shift": 0.0, "stopwords": stopwords}
    detector = BodyDetector(model)
    probabilities = [detector.probabilities(it.features, it.view) for it in items]
    best = (-1.0, HOLE_COSTS[0], 0.0)
    for cost in HOLE_COSTS:
        for shift in SHIFTS:
            f1 = np.mean([prf(body_text(it, Detection(it.view, body_lines(it.view, p, it.rules, cost, shift), p)),
                              it.gold)[2] for it, p in zip(items, probabilities, strict=True)])
            best = max(best, (float(f1), cost, shift))
    model["hole_cost"], model["threshold_shift"] = best[1], best[2]
    model["training"] = {"pages": len({it.page for it in items}), "lines": int(len(y)),
                         "train_f1": round(best[0], 4)}
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
                yield it, detect(detector, it, model["hole_cost"], model["threshold_shift"]), model


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
    for it, detection, _ in cross_validate(pages, items, lists):
        scores.setdefault(it.source, []).append(prf(body_text(it, detection), it.gold))
    print(f"cross-validated by site ({FOLDS} folds, {len(pages)} pages):")
    for source, values in scores.items():
        p, r, f = mean_prf(values)
        print(f"  {source:<12} P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    if args.cv_only:
        return 0
    model = train(items, lists)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {args.out} (hole cost {model['hole_cost']}, shift {model['threshold_shift']}, "
          f"train F1 {model['training']['train_f1']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
