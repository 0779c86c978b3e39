"""Shared word helpers of the extractors: word tokens, a sentence's words, and word/phrase lexicons."""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

# A word: letters, with inner hyphens or apostrophes ("Kina-besøget", "Meng's").
WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
# What follows a stem when the word is a compound it only begins (a linking "s" and a word, or a long tail),
# rather than an inflection of it.
COMPOUND_REST = re.compile(r"s[^\W\d_]{3,}$|[^\W\d_]{9,}$")


@dataclass(frozen=True)
class LexiconHit:
    length: int  # number of word tokens matched
    value: Any
    kind: str  # "exact", "phrase", "stem" or "head"


class Lexicon:
    """Word and phrase lookup over lower-cased word tokens.

    Entries: "word" (exact), "multi word phrase", "stem*" (any word starting with the stem, the longest stem wins)
    and "*head" (the head itself, or a compound ending in it with at least three letters before: "droneangreb").
    Hyphenated words are also looked up by their last part ("Kina-besøget" -> "besøget").
    """

    def __init__(self, entries: Iterable[tuple[str, Any]]) -> None:
        self.exact: dict[str, Any] = {}
        self.stems: dict[str, Any] = {}
        self.heads: dict[str, Any] = {}
        self.phrases: dict[str, list[tuple[tuple[str, ...], Any]]] = {}
        for key, value in entries:
            key = key.lower()
            if " " in key:
                words = tuple(w for w in WORD.findall(key))
                self.phrases.setdefault(words[0], []).append((words, value))
            elif key.endswith("*"):
                self.stems[key[:-1]] = value
            elif key.startswith("*"):
                self.heads[key[1:]] = value
                self.exact.setdefault(key[1:], value)
            else:
                self.exact[key] = value
        for options in self.phrases.values():
            options.sort(key=lambda p: -len(p[0]))
        self.stem_lengths = sorted({len(s) for s in self.stems}, reverse=True)
        self.head_lengths = sorted({len(h) for h in self.heads}, reverse=True)
        self._seen: dict[str, LexiconHit | None] = {}  # memo of single-word lookups

    def match(self, words: list[str], i: int) -> LexiconHit | None:
        """The longest entry matching at words[i] (words lower-cased), or None."""
        word = words[i]
        for phrase, value in self.phrases.get(word, ()):
            n = len(phrase)
            if tuple(words[i : i + n]) == phrase:
                return LexiconHit(n, value, "phrase")
        try:
            return self._seen[word]
        except KeyError:
            pass
        if len(self._seen) > 200_000:  # news vocabulary is bounded, but never let the memo grow without limit
            self._seen.clear()
        hit = self._seen[word] = self._word(word)
        return hit

    def _word(self, word: str) -> LexiconHit | None:
        value = self.exact.get(word)
        if value is not None:
            return LexiconHit(1, value, "exact")
        if "-" in word:  # "Kina-besøget", "counter-tariffs": the last part decides
            last = word.rsplit("-", 1)[1]
            if last:
                hit = self._word(last)
                if hit is not None:
                    return hit
        size = len(word)
        for n in self.stem_lengths:
            if n <= size and (value := self.stems.get(word[:n])) is not None:
                if COMPOUND_REST.match(word, n):
                    return None  # the stem is the first part of a compound: "investeringshuset", "sanktionslisten"
                return LexiconHit(1, value, "stem")
        for n in self.head_lengths:
            if n + 3 <= size and (value := self.heads.get(word[-n:])) is not None:
                return LexiconHit(1, value, "head")
        return None


@dataclass
class SentenceWords:
    """Word tokens of one sentence: offsets and lower-cased text."""

    starts: list[int]
    ends: list[int]
    words: list[str]

    @classmethod
    def of(cls, text: str, start: int, end: int) -> SentenceWords:
        found = list(WORD.finditer(text, start, end))
        return cls([m.start() for m in found], [m.end() for m in found], [m.group().lower() for m in found])

    def index_from(self, offset: int) -> int:
        """Index of the first token starting at or after offset (len(words) when none)."""
        return bisect_left(self.starts, offset)

    def index_before(self, offset: int) -> int:
        """Index of the last token ending at or before offset, or -1."""
        lo, hi = 0, len(self.ends)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.ends[mid] <= offset:
                lo = mid + 1
            else:
                hi = mid
        return lo - 1
