"""Shallow features of the lines of a page, for the body detector (after Kohlschütter et al. 2010 and jusText).

Each non-empty line gets a vector of its own text features (length, words, stopword density in the page's
language, capitalised/digit/punctuation share, link and list markup, position), the rule cleaner's verdict on it,
the same for its paragraph (a run of lines without a blank line: html2text wraps paragraphs over several lines),
and a few of these for its neighbours. Everything is linear in the length of the page.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping

import numpy as np

from graph.extract.clean.rules import RuleView, _is_nav_line, rule_view, tables

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_TOKEN = re.compile(r"\w+")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_LIST_MARK = re.compile(r"^(?:[*+•·▪►▶–—-]|\d{1,3}[.)])\s+")
_HEADING = re.compile(r"^#{1,6}\s")
_TERMINAL = tuple(".!?…\"”»’'):")
_SEPARATOR = re.compile(r"\s[|·•/>»›]\s")

# Reason groups of the rule cleaner, one indicator each.
RULE_GROUPS = {
    "navigation": ("navigation", "footer", "cookie"),
    "byline": ("byline", "credit", "share"),
    "section": ("teaser", "event-listing", "job-ad", "people-news", "newsletter", "promo", "comments"),
    "other": ("furniture",),
}

OWN = [
    "log_chars", "log_words", "stop_density", "stop_count_log", "terminal", "cap_share", "digit_share",
    "punct_share", "upper_line", "md_link_share", "list_item", "heading", "separators", "nav_word_share",
    "nav_line", "indent", "long_word_share", "comma_count",
]
PARAGRAPH = ["par_log_words", "par_stop_density", "par_lines_log", "par_terminal"]
RULES = ["rule_in_article", "rule_kept"] + [f"rule_{g}" for g in RULE_GROUPS]
CONTEXT = ["pos", "pos_chars", "rel_len", "after_longest", "gap_before", "gap_after", "repeated", "first_line",
           "page_long_share", "page_log_lines"]
NEIGHBOUR_OWN = ["log_words", "stop_density", "terminal", "md_link_share", "list_item", "nav_line"]
NEIGHBOUR_PAR = ["par_log_words", "par_stop_density"]
NEIGHBOUR_OFFSETS = (-3, -2, -1, 1, 2, 3)
WINDOWS = (2, 5, 10)  # mean words / stopword density / rule verdict over these half-widths


def feature_names() -> list[str]:
    names = OWN + PARAGRAPH + RULES + CONTEXT
    for k in NEIGHBOUR_OFFSETS:
        names += [f"{name}@{k:+d}" for name in NEIGHBOUR_OWN + NEIGHBOUR_PAR + ["rule_in_article"]]
    for w in WINDOWS:
        names += [f"win{w}_log_words", f"win{w}_stop_density", f"win{w}_rule_in_article", f"win{w}_long"]
    names += [f"page_long_share*{name}" for name in INTERACT]
    return names + [f"{name}>={edge}" for name, edges in BINS.items() for edge in edges]


# Steps of a few features, so a linear model can weigh a range of values differently from its neighbours.
BINS = {"words": (2, 4, 7, 12, 20, 40), "stop_density": (0.1, 0.2, 0.3, 0.4), "par_words": (7, 20, 50, 100)}


# Features whose meaning depends on the kind of page (an extracted article or a whole page dump).
INTERACT = ["log_words", "stop_density", "terminal", "rule_in_article", "rel_len", "pos"]


def page_language(text: str, stopwords: Mapping[str, frozenset[str]]) -> str | None:
    """The language whose stopwords cover most of the page's words (None when no list covers 5%)."""
    # Counted over distinct words: a page has far fewer of them than tokens, and each list is asked once per word.
    counts = Counter(t.lower() for t in _WORD.findall(text[:200_000]))
    total = sum(counts.values())
    if not total:
        return None
    best, share = None, 0.05
    for lang, words in stopwords.items():
        covered = sum(n for t, n in counts.items() if t in words) / total
        if covered > share:
            best, share = lang, covered
    return best


def _line_features(text: str, indent: int, stop: frozenset[str], nav_words: frozenset[str]) -> list[float]:
    plain = _MD_LINK.sub(r"\1", text)
    link_chars = sum(len(m.group(1)) for m in _MD_LINK.finditer(text))
    visible = max(len(plain), 1)
    words = _WORD.findall(plain)
    n = len(words)
    lower = [w.lower() for w in words]
    stops = sum(w in stop for w in lower)
    chars = [c for c in plain if not c.isspace()]
    nchars = max(len(chars), 1)
    return [
        math.log1p(len(plain)),
        math.log1p(n),
        stops / n if n else 0.0,
        math.log1p(stops),
        float(plain.rstrip(" *_").endswith(_TERMINAL)),
        sum(w[0].isupper() for w in words) / n if n else 0.0,
        sum(c.isdigit() for c in chars) / nchars,
        sum(not c.isalnum() for c in chars) / nchars,
        float(n >= 2 and plain.isupper()),
        link_chars / visible,
        float(bool(_LIST_MARK.match(text))),
        float(bool(_HEADING.match(text))),
        float(len(_SEPARATOR.findall(plain)) >= 1),
        sum(w in nav_words for w in lower) / n if n else 0.0,
        0.0,  # nav_line, filled in from the rules' line
        min(indent, 40) / 40,
        sum(len(w) >= 7 for w in words) / n if n else 0.0,
        math.log1p(plain.count(",")),
    ]


def page_features(text: str, stopwords: Mapping[str, frozenset[str]],
                  view: RuleView | None = None) -> tuple[RuleView, np.ndarray]:
    """The rule view of `text` (its lines) and one feature row per line, columns as `feature_names()`."""
    view = view if view is not None else rule_view(text)
    lines = view.lines
    n = len(lines)
    if n == 0:
        return view, np.zeros((0, len(feature_names())))
    lang = page_language(text, stopwords)
    stop = stopwords.get(lang, frozenset()) if lang else frozenset()
    own = np.zeros((n, len(OWN)))
    gaps = np.zeros(n)
    nav_words = tables().nav_words
    for i, line in enumerate(lines):
        line_start = text.rfind("\n", 0, line.start) + 1
        own[i] = _line_features(line.text, line.start - line_start, stop, nav_words)
        own[i, OWN.index("nav_line")] = float(_is_nav_line(line))
        gaps[i] = float(line.gap_before)
    col = {name: k for k, name in enumerate(OWN)}
    words = np.expm1(own[:, col["log_words"]])
    stops = np.expm1(own[:, col["stop_count_log"]])

    # Paragraphs: runs of lines with no blank line between them.
    par_id = np.cumsum(gaps) if n else gaps
    par = np.zeros((n, len(PARAGRAPH)))
    for p in np.unique(par_id):
        members = np.nonzero(par_id == p)[0]
        w, s = words[members].sum(), stops[members].sum()
        par[members] = [math.log1p(w), s / w if w else 0.0, math.log1p(len(members)),
                        own[members[-1], col["terminal"]]]

    rules = np.zeros((n, len(RULES)))
    for i, reason in enumerate(view.reasons):
        in_article = view.first <= i < view.end
        rules[i, 0] = float(in_article)
        rules[i, 1] = float(in_article and reason is None)
        for k, kinds in enumerate(RULE_GROUPS.values()):
            rules[i, 2 + k] = float(reason in kinds) if reason else 0.0

    chars = np.array([line.start for line in lines], dtype=float)
    longest = int(np.argmax(words))
    context = np.zeros((n, len(CONTEXT)))
    context[:, 0] = np.arange(n) / max(n - 1, 1)
    context[:, 1] = chars / max(len(text), 1)
    context[:, 2] = words / max(words.max(), 1.0)
    context[:, 3] = (np.arange(n) >= longest).astype(float)
    context[:, 4] = gaps
    context[:, 5] = np.append(gaps[1:], 1.0)
    # A line seen twice on a page is a menu, a repeated headline or a share row, not a paragraph.
    seen = Counter(line.text.lower() for line in lines)
    context[:, 6] = [float(seen[line.text.lower()] > 1) for line in lines]
    context[0, 7] = 1.0
    # What kind of text the whole page is: an article already extracted (mostly long lines) or a whole page dump.
    context[:, 8] = words[words >= 12].sum() / max(words.sum(), 1.0)
    context[:, 9] = math.log1p(n)

    base = np.hstack([own, par, rules, context])
    names = OWN + PARAGRAPH + RULES + CONTEXT
    index = {name: k for k, name in enumerate(names)}
    pick = [index[name] for name in NEIGHBOUR_OWN + NEIGHBOUR_PAR + ["rule_in_article"]]
    blocks = [base]
    padded = np.vstack([np.zeros((3, len(pick))), base[:, pick], np.zeros((3, len(pick)))])
    for k in NEIGHBOUR_OFFSETS:
        blocks.append(padded[3 + k:3 + k + n])
    log_words, density, inside = base[:, index["log_words"]], base[:, index["stop_density"]], rules[:, 0]
    long_line = (words >= 12).astype(float)
    for w in WINDOWS:
        blocks.append(np.column_stack([_window_mean(v, w) for v in (log_words, density, inside, long_line)]))
    share = context[:, CONTEXT.index("page_long_share")]
    blocks.append(np.column_stack([share * base[:, index[name]] for name in INTERACT]))
    values = {"words": words, "stop_density": base[:, index["stop_density"]],
              "par_words": np.expm1(base[:, index["par_log_words"]])}
    blocks.append(np.column_stack([(values[name] >= edge).astype(float)
                                   for name, edges in BINS.items() for edge in edges]))
    return view, np.hstack(blocks)


def _window_mean(values: np.ndarray, half: int) -> np.ndarray:
    """Mean of values[i-half .. i+half], cut at the page's ends."""
    sums = np.concatenate([[0.0], np.cumsum(values)])
    idx = np.arange(len(values))
    lo, hi = np.maximum(idx - half, 0), np.minimum(idx + half + 1, len(values))
    return (sums[hi] - sums[lo]) / (hi - lo)

