"""One display label per entity and language, chosen the same way by every page, listing and reason; counts in words.

Countries carry one `skos:prefLabel` per language ("Danmark"@da, "Denmark"@en); other entities carry untagged
labels, the names their articles used. The label shown is the one in the wanted language (the request's, or the
article's), else the fallback order below; within one language the longest (the full name over a short form).
"""
from __future__ import annotations

from collections.abc import Iterable

# After the wanted language: an untagged label (an entity's own name), then English, then Danish, then any other.
FALLBACK = ("", "en", "da")


def preferred_label(labels: Iterable[tuple[str, str]], lang: str | None = None) -> str:
    """The label to show from (text, language tag) pairs; "" when there are none."""
    by_lang: dict[str, list[str]] = {}
    for text, tag in labels:
        by_lang.setdefault((tag or "").lower(), []).append(text)
    if not by_lang:
        return ""
    order = ([lang.lower()] if lang else []) + list(FALLBACK) + sorted(by_lang)
    chosen = next(by_lang[t] for t in order if t in by_lang)
    return max(chosen, key=lambda s: (len(s), s))


def count_noun(n: int, noun: str, plural: str | None = None) -> str:
    """A count with its noun in the right number: "1 article", "3 articles", "2 companies" (given)."""
    return f"{n} {noun}" if n == 1 else f"{n} {plural or noun + 's'}"


def times(n: int) -> str:
    """A count of occurrences in words: "1 time", "3 times"."""
    return count_noun(n, "time")
