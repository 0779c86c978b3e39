"""The learned body detector: a logistic model over line features, decoded over the page into one article.

The model (weights, feature scaling, stopword lists, decoder costs) is a small JSON file shipped in
`graph/extract/models/`, trained by `bench/train_body_detector.py` on real pages; inference is numpy only.

Decoding is a Viterbi pass over four states, before -> body <-> hole -> after: the article is one stretch of the
page, and a line inside it that looks like furniture (an ad slot, an inline teaser) becomes a hole only when the
gain outweighs the cost of opening one. Lines the rules drop one at a time (bylines, photo credits, share rows,
"Læs også:" teasers, sign-up boxes) are holes too.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from graph.extract.clean.features import feature_names, page_features
from graph.extract.clean.rules import INLINE_KINDS, RuleView
from graph.model import Dropped

MODEL_PATH = Path(__file__).parent.parent / "models" / "body_detector.json"

# One-line furniture the rules recognise for sure: dropped even inside the body the model finds.
LINE_KINDS = {"byline", "dateline", "credit", "share", "cookie", "newsletter", "promo", "footer"}


@dataclass(frozen=True)
class Detection:
    """The detector's verdict on one page: `body` line indices (sorted), and the rules' view of the lines."""

    view: RuleView
    body: list[int]
    probability: np.ndarray


class BodyDetector:
    """Loads a trained model; `detect(text)` finds the article's lines."""

    def __init__(self, model: dict) -> None:
        names = feature_names()
        if model.get("features") != names:
            raise ValueError("body detector model does not match the feature set: retrain it "
                             "(python -m bench.train_body_detector)")
        self.mean = np.asarray(model["mean"], dtype=float)
        self.scale = np.asarray(model["scale"], dtype=float)
        self.weights = np.asarray(model["weights"], dtype=float)
        self.bias = float(model["bias"])
        self.hole_cost = float(model["hole_cost"])
        self.threshold_shift = float(model["threshold_shift"])
        self.stopwords = {lang: frozenset(words) for lang, words in model["stopwords"].items()}

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> BodyDetector:
        try:
            return cls(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError) as e:
            raise ValueError(f"{path}: cannot load the body detector model: {e}") from e

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        z = ((features - self.mean) / self.scale) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    def detect(self, text: str) -> Detection:
        view, features = page_features(text, self.stopwords)
        if not view.lines:
            return Detection(view, [], np.zeros(0))
        p = self.probabilities(features)
        forced = [_forced_hole(view, i) for i in range(len(view.lines))]
        states = decode(p, self.hole_cost, self.threshold_shift, forced)
        return Detection(view, [i for i, s in enumerate(states) if s == BODY], p)


BEFORE, BODY, HOLE, AFTER = 0, 1, 2, 3


def _forced_hole(view: RuleView, i: int) -> bool:
    """A line the rules know as one-line furniture, or an inline box the rules dropped inside their article."""
    line = view.lines[i]
    if line.kind in LINE_KINDS or line.inline:
        return True
    reason = view.reasons[i]
    return reason in INLINE_KINDS and view.first <= i < view.end


def decode(p: np.ndarray, hole_cost: float, shift: float, forced: list[bool]) -> list[int]:
    """Most likely state per line: before* body (body | hole)* after*, at least one body line when any exists.

    Emission scores are log p (body) and log (1 - p) (elsewhere), with `shift` added to the body score (a
    threshold); opening a hole costs `hole_cost`. A forced line is never body: it can only be a hole (free) or
    lie before or after the article.
    """
    n = len(p)
    eps = 1e-9
    body = np.log(np.clip(p, eps, 1.0)) + shift
    other = np.log(np.clip(1.0 - p, eps, 1.0))
    minus = -1e18
    score = np.full((n, 4), minus)
    back = np.zeros((n, 4), dtype=np.int8)
    allowed = {BEFORE: (BEFORE,), BODY: (BEFORE, BODY, HOLE), HOLE: (BODY, HOLE), AFTER: (BODY, HOLE, AFTER)}
    for i in range(n):
        emit = {BEFORE: other[i], BODY: minus if forced[i] else body[i], HOLE: other[i], AFTER: other[i]}
        for state, sources in allowed.items():
            if i == 0:
                score[i, state] = emit[state] if state in (BEFORE, BODY) else minus
                continue
            best, arg = minus, sources[0]
            for src in sources:
                value = score[i - 1, src]
                if state == HOLE and src == BODY and not forced[i]:
                    value -= hole_cost
                if value > best:
                    best, arg = value, src
            score[i, state] = best + emit[state]
            back[i, state] = arg
    # The article ends in its body (a trailing hole is simply "after").
    last = BODY if score[n - 1, BODY] > max(score[n - 1, AFTER], minus / 2) else AFTER
    if score[n - 1, last] <= minus / 2:
        return [BEFORE] * n
    states = [0] * n
    states[-1] = last
    for i in range(n - 1, 0, -1):
        states[i - 1] = int(back[i, states[i]])
    return states


def dropped_blocks(text: str, detection: Detection) -> tuple[tuple[int, int], list[Dropped]]:
    """The body span and the furniture around and inside it, one block per run of lines with the same reason."""
    view = detection.view
    lines = view.lines
    keep = set(detection.body)
    if not keep:
        return (0, 0), [Dropped(lines[0].start, lines[-1].end, "furniture", text[lines[0].start:lines[-1].end])] \
            if lines else []
    first, last = min(keep), max(keep)
    body = (lines[first].start, lines[last].end)
    dropped: list[Dropped] = []
    i = 0
    while i < len(lines):
        if i in keep:
            i += 1
            continue
        reason = _reason(view, i, first <= i <= last)
        j = i
        while j + 1 < len(lines) and j + 1 not in keep and _reason(view, j + 1, first <= j + 1 <= last) == reason:
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
