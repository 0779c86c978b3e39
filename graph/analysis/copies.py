"""Copies: near-duplicate article texts (an agency text reprinted with a new headline, a sentence dropped or added,
another byline, a correction), found with MinHash + LSH (datasketch) over word shingles of the body: signatures
as datasketch computes them, cut into the bands datasketch's MinHashLSH picks for the threshold, each band a key
in a table of its own.

The earliest published text of a group of copies is its original; every other member is a copy of it. Ties on the
date (or no date) go to the smaller id, so the answer does not depend on the order articles arrive in.
"""
from __future__ import annotations

import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
from datasketch import MinHash, MinHashLSH

from graph.analysis.textsim import tokenize

SHINGLE_WORDS = 3
NUM_PERM = 64
# Estimated Jaccard similarity of shingle sets above which two bodies are one text. Fitted by bench/copies_eval.py
# on one half of its made copies and checked on the other: either half picks 0.3, where a wire text's first take
# and its update (which adds as much as it keeps) are still one text, and two reports written apart are not.
DEFAULT_THRESHOLD = 0.3
# Bodies shorter than this many words are too short to tell a copy from a shared formula.
MIN_WORDS = 20


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """Overlapping runs of `size` words of a text (lower-cased), the unit two copies share."""
    words = tokenize(text)
    return {" ".join(words[i:i + size]) for i in range(max(len(words) - size + 1, 0))}


def empty_minhash(num_perm: int = NUM_PERM) -> MinHash:
    """An empty signature to copy from. Its inputs are the shingles' own 32-bit hashes (`shingle_hashes`), taken as
    they are (the MinHash permutations do the mixing)."""
    return MinHash(num_perm=num_perm, hashfunc=int)


# Odd multipliers that combine the CRC-32 of a shingle's three words into one 32-bit hash of the shingle.
_MIX = (np.uint64(0x9E3779B1), np.uint64(0x85EBCA77))
_LOW32 = np.uint64(0xFFFFFFFF)


def shingle_hashes(words: list[str]) -> np.ndarray:
    """32-bit hashes of the runs of SHINGLE_WORDS words, in text order: each word is hashed (CRC-32, the same in
    every process) and the runs combined in numpy, not joined and hashed one by one."""
    if len(words) < SHINGLE_WORDS:
        return np.zeros(0, dtype=np.uint64)
    # Every word hashed through C-level maps: cheaper than hashing each distinct word once through a dictionary.
    h = np.fromiter(map(zlib.crc32, map(str.encode, words)), dtype=np.uint64, count=len(words))
    n = len(words) - SHINGLE_WORDS + 1
    return ((h[:n] * _MIX[0] + h[1 : n + 1]) * _MIX[1] + h[2 : n + 2]) & _LOW32


# MurmurHash3's 32-bit finaliser (shift, multiplier, shift, multiplier, shift): the mixing datasketch's default
# scheme ("affine32") gives every input before its permutations.
_FMIX_SHIFTS = (np.uint32(16), np.uint32(13), np.uint32(16))
_FMIX_MULTIPLIERS = (np.uint32(0x85EBCA6B), np.uint32(0xC2B2AE35))


def updated(template: MinHash, hashes: np.ndarray) -> MinHash:
    """A copy of `template` updated with 32-bit input hashes: the signature `update_batch` gives (tests/test_copies.py
    compares the two), computed in numpy at once instead of one Python call per shingle."""
    if template.scheme != "affine32" or not len(hashes):  # another scheme: let datasketch do it
        m = template.copy()
        m.update_batch(hashes.tolist())
        return m
    hv = hashes.astype(np.uint32)
    hv ^= hv >> _FMIX_SHIFTS[0]
    hv *= _FMIX_MULTIPLIERS[0]
    hv ^= hv >> _FMIX_SHIFTS[1]
    hv *= _FMIX_MULTIPLIERS[1]
    hv ^= hv >> _FMIX_SHIFTS[2]
    a, b = template.permutations
    # Each permutation is a * h + b modulo 2**32 (uint32 arithmetic wraps); the signature keeps each one's minimum.
    values = np.minimum(template.hashvalues, (hv[:, None] * a + b).min(axis=0))
    return MinHash(seed=template.seed, hashfunc=template.hashfunc, hashvalues=values,
                   permutations=template.permutations, scheme=template.scheme)


def minhash(
    text: str, num_perm: int = NUM_PERM, template: MinHash | None = None, words: list[str] | None = None
) -> MinHash | None:
    """The MinHash signature of a body, or None when it is too short to compare. A `template` (empty_minhash)
    saves drawing the permutations again for every article; `words` is the text tokenized, when the caller has
    it."""
    words = tokenize(text) if words is None else words
    if len(words) < MIN_WORDS:
        return None
    return updated(template if template is not None else empty_minhash(num_perm), shingle_hashes(words))


def _key(published: str | None, article_id: str) -> tuple[int, str, str]:
    # Undated articles sort after dated ones: a dated report is the better claim to be the original.
    return (0 if published else 1, published or "", article_id)


@dataclass
class CopyIndex:
    """Incremental copy finder: add articles one by one; each answer names the group's original."""

    threshold: float = DEFAULT_THRESHOLD
    num_perm: int = NUM_PERM
    # LSH tables: one per band of the signature, the band's bytes -> the articles sharing it.
    _bands: list[dict[bytes, list[str]]] = field(init=False)
    _hashes: dict[str, MinHash] = field(default_factory=dict, init=False)
    _dates: dict[str, str | None] = field(default_factory=dict, init=False)
    # Union-find parent of each article in a copy group; the root is not necessarily the original.
    _parent: dict[str, str] = field(default_factory=dict, init=False)
    _members: dict[str, list[str]] = field(default_factory=dict, init=False)  # root -> its group, when 2 or more

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold < 1.0:
            raise ValueError(f"copy threshold must be between 0 and 1, not {self.threshold}")
        # The bands MinHashLSH would use (their number and width fitted to the threshold); their tables are kept
        # here, where a band is a slice of the signature's bytes: the same candidates as MinHashLSH.query, without
        # its calls per band.
        self._ranges = [(start, end) for start, end in MinHashLSH(threshold=self.threshold, num_perm=self.num_perm)
                        .hashranges]
        self._bands = [{} for _ in self._ranges]
        self._template = empty_minhash(self.num_perm)

    def _root(self, a: str) -> str:
        while self._parent[a] != a:
            self._parent[a] = self._parent[self._parent[a]]
            a = self._parent[a]
        return a

    def add(
        self, article_id: str, published: str | None, body: str | None, words: list[str] | None = None
    ) -> list[str]:
        """Index one article (`words`: its body tokenized, when the caller has it); returns the ids of the already
        indexed articles it is a copy of (or is copied by)."""
        if article_id in self._hashes:
            return []
        m = minhash(body or "", self.num_perm, self._template, words)
        self._parent[article_id] = article_id
        self._dates[article_id] = published
        if m is None:
            return []
        # LSH gives candidates; the estimated Jaccard decides, so a banding accident is not a copy.
        keys, candidates = self._candidates(m)
        matches = [c for c in candidates if m.jaccard(self._hashes[c]) >= self.threshold]
        for key, table in zip(keys, self._bands, strict=True):
            table.setdefault(key, []).append(article_id)
        self._hashes[article_id] = m
        for other in matches:
            a, b = self._root(other), self._root(article_id)
            if a != b:
                self._parent[a] = b
                self._members[b] = self._members.pop(b, [b]) + self._members.pop(a, [a])
        return sorted(matches)

    def _candidates(self, m: MinHash) -> tuple[list[bytes], set[str]]:
        """A signature's band keys, and the indexed articles sharing at least one band with it."""
        raw, width = m.hashvalues.tobytes(), m.hashvalues.itemsize
        keys = [raw[start * width : end * width] for start, end in self._ranges]
        candidates: set[str] = set()
        for key, table in zip(keys, self._bands, strict=True):
            if hit := table.get(key):
                candidates.update(hit)
        return keys, candidates

    def add_all(self, articles: Iterable[tuple[str, str | None, str | None]]) -> None:
        """Index (id, published, body) triples."""
        for article_id, published, body in articles:
            self.add(article_id, published, body)

    def groups(self) -> list[list[str]]:
        """Groups of two or more copies of one text, each original first, then the copies oldest first."""
        by_root: dict[str, list[str]] = {}
        for a in self._parent:
            by_root.setdefault(self._root(a), []).append(a)
        out = [sorted(g, key=lambda a: _key(self._dates[a], a)) for g in by_root.values() if len(g) > 1]
        return sorted(out, key=lambda g: g[0])

    def group_of(self, article_id: str) -> list[str]:
        """The copy group of an indexed article (itself alone when it has no copies), original first."""
        root = self._root(article_id)
        return sorted(self._members.get(root, [article_id]), key=lambda a: _key(self._dates[a], a))

    def links(self, article_ids: set[str]) -> dict[str, str]:
        """Copy id -> original id among the given articles' groups."""
        out: dict[str, str] = {}
        for root in {self._root(a) for a in article_ids}:
            group = self.group_of(root)
            out.update({c: group[0] for c in group[1:]})
        return out

    def copy_of(self) -> dict[str, str]:
        """Copy id -> original id (the earliest published of its group)."""
        return {c: g[0] for g in self.groups() for c in g[1:]}


def find_copies(
    articles: Iterable[tuple[str, str | None, str | None]], threshold: float = DEFAULT_THRESHOLD
) -> dict[str, str]:
    """Copy id -> original id among (id, published, body) triples."""
    index = CopyIndex(threshold=threshold)
    index.add_all(articles)
    return index.copy_of()


def one_per_text(article_ids: Iterable[str], copy_of: Mapping[str, str]) -> list[str]:
    """The articles with each text once, in the given order: a copy is left out when its original or an earlier
    copy of the same text is among them (a count "without copies")."""
    ids = list(article_ids)
    present = set(ids)
    seen: set[str] = set()
    out = []
    for a in ids:
        text = copy_of.get(a, a)
        if text in seen or (a != text and text in present):
            continue  # the original stands for its copies wherever it is in the list
        seen.add(text)
        out.append(a)
    return out
