"""The learned body detector: gradient-boosted trees over line features, decoded over the page into one article.

The model (the trees, stopword lists, decoder costs) is a small JSON file shipped in `graph/extract/models/`,
trained by `bench/train_body_detector.py` on real pages (scikit-learn there only); inference is numpy only.

Decoding is a Viterbi pass over four states, before -> body <-> hole -> after: the article is one stretch of the
page, and a line inside it that looks like furniture (an ad slot, an inline teaser) becomes a hole only when the
gain outweighs the cost of opening one. Lines the rules drop one at a time (bylines, photo credits, share rows,
"Læs også:" teasers, sign-up boxes) are holes too.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from graph.extract.clean.features import feature_names, page_features
from graph.extract.clean.rules import INLINE_KINDS, SECTION_KINDS, RuleView, _is_nav_line, _Line, rule_view
from graph.model import Dropped

MODEL_PATH = Path(__file__).parent.parent / "models" / "body_detector.json"

# One-line furniture the rules recognise for sure: dropped even inside the body the model finds.
# Lines of a section under a strong furniture header, after the rules' article, that are dropped for sure.
BLOCK_LINES = 8
BUTTON_WORDS = 6
# Listings the rules recognise by their items' cues (dates, times, prices, places, deadlines, birthdays).
LISTING_KINDS = {"event-listing", "job-ad", "people-news"}
LINE_KINDS = {"byline", "dateline", "credit", "share", "cookie", "newsletter", "promo", "footer"}


@dataclass(frozen=True)
class Detection:
    """The detector's verdict on one page: `body` line indices (sorted), and the rules' view of the lines."""

    view: RuleView
    body: list[int]
    probability: np.ndarray | None  # P(body) per line; None for a clean article, where the rules alone decide


class BodyDetector:
    """Loads a trained model; `detect(text)` finds the article's lines."""

    def __init__(self, model: dict) -> None:
        if model.get("features") != feature_names():
            raise ValueError("body detector model does not match the feature set: retrain it "
                             "(python -m bench.train_body_detector)")
        if len(model["stages"]) != 1:
            raise ValueError("body detector model must have exactly one stage")
        self.stages = [_stage(stage) for stage in model["stages"]]
        self.hole_cost = float(model["hole_cost"])
        self.threshold_shift = float(model["threshold_shift"])
        # null (or absent): a headed section never lies inside the article (the decoder before section holes)
        section = model.get("section_cost")
        self.section_cost = math.inf if section is None else float(section)
        self.stopwords = {lang: frozenset(words) for lang, words in model["stopwords"].items()}

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> BodyDetector:
        try:
            return cls(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError) as e:
            raise ValueError(f"{path}: cannot load the body detector model: {e}") from e

    def probabilities(self, features: np.ndarray, view: RuleView) -> np.ndarray:
        """P(body) per line (`view` is the page's lines, for models that look at more than the features)."""
        return self.stages[0].predict(features)

    def detect(self, text: str) -> Detection:
        view = rule_view(text)
        if not view.lines:
            return Detection(view, [], np.zeros(0))
        rules = [forced(view, i) for i in range(len(view.lines))]
        if _clean_article(view):
            # The rules decide a clean article alone (see `body_lines`): its line features, most of this step's
            # time, and the model are not needed.
            body = body_lines(view, None, rules, self.hole_cost, self.threshold_shift, self.section_cost)
            return Detection(view, body, None)
        view, features = page_features(text, self.stopwords, view)
        p = self.probabilities(features, view)
        return Detection(view, body_lines(view, p, rules, self.hole_cost, self.threshold_shift, self.section_cost), p)


def _clean_article(view: RuleView) -> bool:
    """The rules see no page around the text: a clean article (a feed item, a JSON record, a corpus document)."""
    return view.first == 0 and view.end == len(view.lines)


def body_lines(view: RuleView, p: np.ndarray | None, rules: list[int], hole_cost: float, shift: float,
               section_cost: float = math.inf) -> list[int]:
    """Indices of the article's lines, from the model's probabilities and what the rules impose (`p` is needed
    only for a page the rules see around an article)."""
    if _clean_article(view):
        # Nothing is cut from a clean article but the one-line furniture and boxes the rules drop inside it.
        return [i for i, r in enumerate(rules) if r != HOLE_FREE]
    assert p is not None, "a page needs the model's probabilities"
    return [i for i, s in enumerate(decode(p, hole_cost, shift, rules, section_cost)) if s == BODY]


def _stage(stage: dict) -> _Logistic | _Trees:
    kind = stage.get("kind", "logistic")
    if kind == "trees":
        return _Trees(stage)
    if kind == "logistic":
        return _Logistic(stage)
    raise ValueError(f"unknown stage kind {kind!r}")


class _Logistic:
    """One logistic model over standardised features."""

    def __init__(self, stage: dict) -> None:
        self.mean = np.asarray(stage["mean"], dtype=float)
        self.scale = np.asarray(stage["scale"], dtype=float)
        self.weights = np.asarray(stage["weights"], dtype=float)
        self.bias = float(stage["bias"])

    def predict(self, features: np.ndarray) -> np.ndarray:
        z = ((features - self.mean) / self.scale) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


class _Trees:
    """Gradient-boosted regression trees on the log-odds, evaluated for all lines and trees at once.

    Each tree is given as flat arrays over its nodes: `feature`, `threshold` (go left when the value is at most
    it), `left`/`right` child (-1 at a leaf) and `value` (the leaf's contribution, learning rate included).
    """

    def __init__(self, stage: dict) -> None:
        trees = stage["trees"]
        sizes = [len(tree["feature"]) for tree in trees]
        offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
        self.roots = offsets
        self.feature = np.concatenate([tree["feature"] for tree in trees]).astype(np.int64)
        self.threshold = np.concatenate([tree["threshold"] for tree in trees]).astype(float)
        self.value = np.concatenate([tree["value"] for tree in trees]).astype(float)
        left, right = [], []
        for offset, tree in zip(offsets, trees, strict=True):
            left.append(np.where(np.asarray(tree["left"]) < 0, -1, np.asarray(tree["left"]) + offset))
            right.append(np.where(np.asarray(tree["right"]) < 0, -1, np.asarray(tree["right"]) + offset))
        self.left = np.concatenate(left).astype(np.int64)
        self.right = np.concatenate(right).astype(np.int64)
        self.leaf = self.left < 0
        # A leaf points to itself, so every line can take the same number of steps.
        own = np.arange(len(self.left))
        self.left = np.where(self.leaf, own, self.left)
        self.right = np.where(self.leaf, own, self.right)
        self.depth = int(stage["depth"])
        self.bias = float(stage["bias"])

    def raw(self, features: np.ndarray) -> np.ndarray:
        n = len(features)
        node = np.broadcast_to(self.roots, (n, len(self.roots))).copy()
        rows = np.arange(n)[:, None]
        for _ in range(self.depth):
            values = features[rows, self.feature[node]]
            node = np.where(values <= self.threshold[node], self.left[node], self.right[node])
        return self.value[node].sum(axis=1) + self.bias

    def predict(self, features: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-np.clip(self.raw(features), -30, 30)))


BEFORE, BODY, HOLE, AFTER = 0, 1, 2, 3


# What the rules impose on a line: nothing; never body; never body and a free hole; a hole allowed (at a cost).
FREE, NOT_BODY, HOLE_FREE, RULE_HOLE = 0, 1, 2, 3


def forced(view: RuleView, i: int) -> int:
    """What the rules know of line i for sure.

    One-line furniture (bylines, credits, share rows, "Læs også: ..." teasers) and inline boxes the rules dropped
    inside their article are free holes: the article goes on around them. Short lines (or lines with listing
    cues) of a section under a strong furniture header after the rules' article ("Læs også", "Navne", "Ledige
    stillinger", "Most popular") are never body and end the article: it does not go on past them.
    """
    line = view.lines[i]
    if line.kind in LINE_KINDS or line.inline:
        return HOLE_FREE
    if i > 0 and view.lines[i - 1].kind == "cookie" and not line.prose and line.words <= BUTTON_WORDS:
        return HOLE_FREE  # the banner's buttons: "Accepter alle | Afvis"
    reason = view.reasons[i]
    if view.first <= i < view.end and reason in INLINE_KINDS:
        return HOLE_FREE
    if reason in SECTION_KINDS and (not line.prose or line.cues) and _headed(view, i):
        return NOT_BODY
    if reason in LISTING_KINDS and i >= view.end and not line.prose and (line.cues or _names_item(view, i)):
        return NOT_BODY  # an item of a listing the rules found after their article (dates, prices, deadlines)
    return FREE if reason is None else RULE_HOLE


def _names_item(view: RuleView, i: int) -> bool:
    """A listing item's name line ("Jazz in the Park") above its line of dates or prices, in the same block."""
    if i + 1 >= len(view.lines) or view.reasons[i + 1] != view.reasons[i]:
        return False
    following = view.lines[i + 1]
    return bool(following.cues) and not following.prose and view.lines[i].words <= 14


def _headed(view: RuleView, i: int) -> bool:
    """Line i is in a block the rules dropped under a strong furniture header (or a line that opens a section, such
    as a newsletter sign-up) at most BLOCK_LINES lines above."""
    j = i
    while j > max(i - BLOCK_LINES, 0) and view.reasons[j - 1] == view.reasons[i] and not view.lines[j].header:
        j -= 1
    start = view.lines[j]
    return (start.header is not None and start.strong) or start.kind in SECTION_KINDS


def decode(p: np.ndarray, hole_cost: float, shift: float, rules: list[int], section_cost: float = math.inf
           ) -> list[int]:
    """Most likely state per line: before* body (body | hole)* after*, at least one body line when any exists.

    Emission scores are log p (body) and log (1 - p) (elsewhere), with `shift` added to the body score (a
    threshold); opening a hole costs `hole_cost`. `rules` says per line what `forced` found: a line the rules
    know as furniture is never body; a one-line kind can be a hole for free; a line the rules have nothing against
    is body inside the article. A line of a headed section ("Related stories", "Advertisement") can be in a hole at
    `section_cost` per run of such lines (infinite: it lies before or after the article): such boxes often sit
    between two paragraphs of the article.
    """
    n = len(p)
    eps = 1e-9
    body = (np.log(np.clip(p, eps, 1.0)) + shift).tolist()
    other = np.log(np.clip(1.0 - p, eps, 1.0)).tolist()
    minus = -1e18
    # Plain floats, one line at a time: the page is short, and numpy per step costs more than it saves.
    back = [(0, 0, 0, 0)] * n
    before = other[0]
    in_body = minus if rules[0] in (NOT_BODY, HOLE_FREE) else body[0]
    hole = after = minus
    for i in range(1, n):
        rule = rules[i]
        open_cost = 0.0 if rule == HOLE_FREE else hole_cost
        # best source per state, BEFORE < BODY < HOLE < AFTER on ties as before
        b_src, b_val = (BEFORE, before)
        if in_body > b_val:
            b_src, b_val = BODY, in_body
        if hole > b_val:
            b_src, b_val = HOLE, hole
        h_src, h_val = BODY, in_body - open_cost
        if hole > h_val:
            h_src, h_val = HOLE, hole
        a_src, a_val = BODY, in_body
        if hole > a_val:
            a_src, a_val = HOLE, hole
        if after > a_val:
            a_src, a_val = AFTER, after
        back[i] = (BEFORE, b_src, h_src, a_src)
        before = before + other[i]
        in_body = minus if rule in (NOT_BODY, HOLE_FREE) else b_val + body[i]
        if rule in (HOLE_FREE, RULE_HOLE):
            hole = h_val + other[i]
        elif rule == NOT_BODY:
            hole = h_val + other[i] - (0.0 if rules[i - 1] == NOT_BODY else section_cost)
        else:
            hole = minus
        after = a_val + other[i]
        # Keep impossible paths impossible (a sum of many -1e18 must not come back as a number).
        in_body, hole, after = max(in_body, minus), max(hole, minus), max(after, minus)
    # The article ends in its body (a trailing hole is simply "after").
    last = BODY if in_body > max(after, minus / 2) else AFTER
    if (in_body if last == BODY else after) <= minus / 2:
        return [BEFORE] * n
    states = [0] * n
    states[-1] = last
    for i in range(n - 1, 0, -1):
        states[i - 1] = back[i][states[i]]
    return states


HEADLINE_LOOKBACK = 12  # lines above the body searched for the headline
HEADLINE_MAX_WORDS = 30


def headline_index(detection: Detection) -> int | None:
    """The article's headline: its first line when that reads as one, else the nearest line above the body that
    does (not a byline, date, credit, menu, breadcrumb or box header)."""
    lines = detection.view.lines
    if not detection.body:
        return None
    first = detection.body[0]
    if len(detection.body) > 1 and _reads_as_headline(lines[first]):
        return first
    for i in range(first - 1, max(first - 1 - HEADLINE_LOOKBACK, -1), -1):
        line = lines[i]
        if line.kind or line.header or _is_nav_line(line):
            continue
        return i if _reads_as_headline(line) else None
    return None


def _reads_as_headline(line: _Line) -> bool:
    return 2 <= line.words <= HEADLINE_MAX_WORDS and not line.text.endswith((":", ".", ",")) \
        and not line.kind and not line.header and not _is_nav_line(line)


def dropped_blocks(text: str, detection: Detection) -> tuple[tuple[int, int], list[Dropped]]:
    """The body span and the furniture around and inside it, one block per run of lines with the same reason.

    The headline is neither body nor furniture: it becomes the article's title, and is not listed as dropped.
    """
    view = detection.view
    lines = view.lines
    keep = set(detection.body)
    title = headline_index(detection)
    if not keep:
        return (0, 0), [Dropped(lines[0].start, lines[-1].end, "furniture", text[lines[0].start:lines[-1].end])] \
            if lines else []
    first, last = min(keep), max(keep)
    body = (lines[first].start, lines[last].end)
    dropped: list[Dropped] = []
    i = 0
    while i < len(lines):
        if i in keep or i == title:
            i += 1
            continue
        reason = _reason(view, i, first <= i <= last)
        j = i
        while j + 1 < len(lines) and j + 1 not in keep and j + 1 != title \
                and _reason(view, j + 1, first <= j + 1 <= last) == reason:
            j += 1
        start, end = lines[i].start, lines[j].end
        dropped.append(Dropped(start, end, reason, text[start:end]))
        i = j + 1
    return body, dropped


def _reason(view: RuleView, i: int, inside: bool) -> str:
    line = view.lines[i]
    if line.kind in LINE_KINDS:
        return "byline" if line.kind == "dateline" else line.kind
    if line.header:
        return line.header
    reason = view.reasons[i]
    if reason:
        return reason
    return "inline" if inside else "furniture"
