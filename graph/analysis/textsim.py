"""Text similarity between articles: TF-IDF cosine over article titles and bodies, as one signal among several.

Built for 100k articles in memory: every article is a sparse vector kept in CSR arrays (term ids and raw term
frequencies, int32/float32; graph/analysis/sparse.py), plus the transposed postings (term -> articles) so the
similarity of one article to all others is a handful of numpy gathers and one `bincount`, without touching articles
that share no distinctive term with it. Documents are added and removed one at a time (`add`, `remove`).

Weights: sublinear term frequency (1 + log tf), smoothed idf (log((1 + N) / (1 + df)) + 1) as in the usual
TF-IDF, and the headline counted twice because it names the story. Terms found in more than
`MAX_DF_SHARE` of all articles say nothing about a story ("the", "og", "said") and are dropped; no language's
stop-word list is needed.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

from graph.analysis.sparse import Growable, Rows, postings_sum

__all__ = ["TextIndex", "postings_sum", "term_counts", "tokenize"]

_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*", re.UNICODE)

# A term in more than this share of articles is treated as a stop word (only once the collection is large enough
# for the share to mean anything).
MAX_DF_SHARE = 0.4
MIN_DOCS_FOR_DF_CUT = 20
# A query uses at most this many of its own terms (the heaviest): enough to find similar stories, bounded cost.
MAX_QUERY_TERMS = 256
TITLE_REPEAT = 2


def tokenize(text: str) -> list[str]:
    """Lower-cased words of at least two characters; hyphenated words kept whole ("court-mandated")."""
    return [w for w in _WORD.findall(text.lower()) if len(w) > 1]


def term_counts(title: str | None, body: str | None, body_words: list[str] | None = None) -> Counter[str]:
    """Term counts of a title and body; `body_words` is the body already tokenized, when the caller has it."""
    counts: Counter[str] = Counter(tokenize(body or "") if body_words is None else body_words)
    title_words = tokenize(title or "")
    for _ in range(TITLE_REPEAT - 1 if body and title and body.lstrip().startswith(title.strip()) else TITLE_REPEAT):
        counts.update(title_words)
    return counts


class TextIndex:
    """TF-IDF vectors of documents at positions 0..N-1, with cosine similarity queries, growing one document at a
    time.

    The stored values are the raw sublinear term frequencies; idf is applied when a query runs, from the current
    document frequencies, so every term weight a query uses is exact however the collection has grown. What is
    kept from the past is each document's norm (it depends on the idf of all its terms): computed when the document
    is added and again by `refresh_norms`, which the related index runs once the collection has changed by a share
    of its size. A removed document stays in place, out of every answer and every count, until `compacted`.
    """

    def __init__(self, docs: Sequence[Counter[str]]) -> None:
        vocab = {t: i for i, t in enumerate(sorted({t for counts in docs for t in counts}))}
        rows_l, cols_l, vals_l = [], [], []
        for k, counts in enumerate(docs):
            ids = np.fromiter((vocab[t] for t in counts), dtype=np.int32, count=len(counts))
            cols_l.append(ids)
            vals_l.append(1.0 + np.log(np.fromiter(counts.values(), dtype=np.float32, count=len(counts))))
            rows_l.append(np.full(len(counts), k, dtype=np.int64))
        cat = np.concatenate
        rows = Rows.from_entries(
            cat(rows_l) if rows_l else np.zeros(0, np.int64),
            cat(cols_l) if cols_l else np.zeros(0, np.int32),
            cat(vals_l).astype(np.float32) if vals_l else np.zeros(0, np.float32),
            len(docs),
            len(vocab),
        )
        self._init(rows, list(vocab), np.ones(len(docs), dtype=bool))

    def _init(
        self,
        rows: Rows,
        terms: list[str],
        alive: np.ndarray,
        norms: np.ndarray | None = None,
        df: np.ndarray | None = None,
    ) -> None:
        """The state of a build, a compaction or a load (`norms` and `df` as saved, else computed)."""
        self.rows = rows
        self.terms = terms
        self._vocab: dict[str, int] | None = None  # term -> id, made when first needed (a load need not)
        self._alive = Growable(alive)
        self.live = int(alive.sum())
        if df is None:
            df = np.bincount(rows.base_cols[np.repeat(alive, np.diff(rows.base_ptr))], minlength=len(terms))
        self._df = Growable(df.astype(np.int64))
        self._norms = Growable(np.zeros(rows.n_rows, dtype=np.float32))
        if norms is None:
            self.refresh_norms()
        else:
            self._norms.view[:] = norms

    @property
    def vocab(self) -> dict[str, int]:
        if self._vocab is None:
            self._vocab = {t: i for i, t in enumerate(self.terms)}
        return self._vocab

    @property
    def n(self) -> int:
        """Positions, removed documents included (the length of every dense answer)."""
        return self.rows.n_rows

    @property
    def df(self) -> np.ndarray:
        return self._df.view

    @property
    def alive(self) -> np.ndarray:
        return self._alive.view

    @property
    def norms(self) -> np.ndarray:
        return self._norms.view

    def idf_of(self, ids: np.ndarray) -> np.ndarray:
        """Smoothed idf of some terms from the current counts; 0 for a term in over MAX_DF_SHARE of the documents."""
        df = self._df.view[ids].astype(np.float64)
        idf = np.log((1.0 + self.live) / (1.0 + df)) + 1.0
        if self.live >= MIN_DOCS_FOR_DF_CUT:
            idf[df > MAX_DF_SHARE * self.live] = 0.0
        return idf.astype(np.float32)

    @property
    def idf(self) -> np.ndarray:
        return self.idf_of(np.arange(len(self.terms)))

    def refresh_norms(self) -> None:
        """Every document's norm from the current idf: O(entries), vectorised."""
        f = self.rows.flat()
        w = (f.vals * self.idf[f.cols]).astype(np.float64)
        self._norms.view[:] = np.sqrt(np.bincount(f.rows, weights=w * w, minlength=self.n))

    def add(self, counts: Counter[str]) -> int:
        """Append a document and return its position: O(its terms)."""
        vocab = self.vocab
        new = [t for t in counts if t not in vocab]
        for t in new:
            vocab[t] = len(self.terms)
            self.terms.append(t)
            self._df.append(0)
        self.rows.add_cols(len(new))
        ids = np.fromiter((vocab[t] for t in counts), dtype=np.int32, count=len(counts))
        tf = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
        order = np.argsort(ids)
        ids, tfw = ids[order], (1.0 + np.log(tf[order])).astype(np.float32)
        self._df.view[ids] += 1
        self.live += 1
        pos = self.rows.append(ids, tfw)
        w = tfw * self.idf_of(ids)
        self._norms.append(float(np.sqrt(np.dot(w, w))))
        self._alive.append(True)
        return pos

    def remove(self, doc: int) -> None:
        """Take a document out of every answer and count: O(its terms)."""
        if not self._alive.view[doc]:
            return
        self._alive.view[doc] = False
        self._df.view[self.rows.row(doc)[0]] -= 1
        self.live -= 1

    def frozen(self) -> TextIndex:
        """The documents as they are now, for `compacted` while others add and remove (see Rows.frozen)."""
        out = object.__new__(TextIndex)
        out.__dict__.update(self.__dict__)
        out.rows = self.rows.frozen()
        out.terms = list(self.terms)
        out._vocab = None
        out._df = Growable(self.df.copy())
        out._alive = Growable(self.alive.copy())
        out._norms = Growable(self.norms.copy())
        return out

    def compacted(self, new_row: np.ndarray, n_rows: int) -> TextIndex:
        """The live documents in numpy arrays again, document r at new_row[r], terms in alphabetical order (the
        layout a build of the same documents has), norms exact."""
        used = np.flatnonzero(self.df > 0)
        terms = sorted(self.terms[int(c)] for c in used)
        rank = {t: i for i, t in enumerate(terms)}
        new_col = np.full(len(self.terms), -1, dtype=np.int32)
        new_col[used] = [rank[self.terms[int(c)]] for c in used]
        out = object.__new__(TextIndex)
        out._init(self.rows.compacted(new_row, n_rows, new_col, len(terms)), terms, np.ones(n_rows, dtype=bool))
        return out

    def vector(self, doc: int) -> tuple[np.ndarray, np.ndarray]:
        """(term ids, weights) of one document, heaviest terms first."""
        ids, tfw = self.rows.row(doc)
        norm = float(self._norms.view[doc])
        w = tfw * self.idf_of(ids) / (norm if norm > 0 else 1.0)
        keep = w > 0
        ids, w = ids[keep], w[keep]
        order = np.argsort(-w, kind="stable")
        return ids[order], w[order].astype(np.float32)

    def query_vector(self, counts: Counter[str]) -> tuple[np.ndarray, np.ndarray]:
        """A vector for text outside the index (unknown words are ignored)."""
        pairs = [(self.vocab[t], c) for t, c in counts.items() if t in self.vocab]
        if not pairs:
            return np.zeros(0, np.int32), np.zeros(0, np.float32)
        ids = np.array([p[0] for p in pairs], dtype=np.int32)
        w = (1.0 + np.log(np.array([p[1] for p in pairs], dtype=np.float32))) * self.idf_of(ids)
        norm = float(np.sqrt(np.dot(w, w)))
        if norm > 0:
            w = w / norm
        order = np.argsort(-w, kind="stable")
        return ids[order], w[order].astype(np.float32)

    def similarities(self, ids: np.ndarray, weights: np.ndarray, max_terms: int = MAX_QUERY_TERMS) -> np.ndarray:
        """Cosine similarity of a query vector to every document (dense, length N; 0 for removed documents), using
        its heaviest terms."""
        ids, weights = ids[:max_terms], weights[:max_terms]
        dots = self.rows.gather(ids, weights * self.idf_of(ids), self.n)
        norms = self._norms.view
        return np.where(self.alive & (norms > 0), dots / np.where(norms > 0, norms, 1.0), 0.0).astype(np.float32)

    def shared_terms(self, a: int, b: int, limit: int = 5) -> list[str]:
        """The terms contributing most to the similarity of two documents, for explaining a result."""
        ta, wa = self.vector(a)
        tb, wb = self.vector(b)
        common, ia, ib = np.intersect1d(ta, tb, assume_unique=True, return_indices=True)
        if len(common) == 0:
            return []
        contrib = wa[ia] * wb[ib]
        order = np.argsort(-contrib, kind="stable")[:limit]
        return [str(self.terms[common[i]]) for i in order]
