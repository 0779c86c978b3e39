"""Text similarity between articles: TF-IDF cosine over article titles and bodies, as one signal among several.

Built for 100k articles in memory: every article is a sparse L2-normalised vector kept in CSR arrays
(term ids and weights, int32/float32), plus the transposed postings (term -> articles) so the similarity of one
article to all others is a handful of numpy gathers and one `bincount`, without touching articles that share no
distinctive term with it.

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
    for _ in range(TITLE_REPEAT - 1 if body and title and body.lstrip().startswith(title.strip()) else TITLE_REPEAT):
        counts.update(tokenize(title or ""))
    return counts


def postings_sum(
    ptr: np.ndarray, docs: np.ndarray, weights: np.ndarray, cols: np.ndarray, vals: np.ndarray, n: int
) -> np.ndarray:
    """Sum over query columns c of vals[c] * postings of c, as a dense vector over the n documents. Postings are
    compressed rows: column c's documents are docs[ptr[c]:ptr[c+1]], with weights[...] alike. Every posting of every
    column is gathered at once and summed by one bincount."""
    starts = ptr[cols]
    lengths = ptr[cols + 1] - starts
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(n, dtype=np.float64)
    offsets = np.repeat(starts - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
    positions = np.arange(total, dtype=np.int64) + offsets
    return np.bincount(docs[positions], weights=weights[positions] * np.repeat(vals, lengths), minlength=n)


class TextIndex:
    """TF-IDF vectors of a fixed list of documents (positions 0..N-1), with cosine similarity queries."""

    def __init__(self, docs: Sequence[Counter[str]]) -> None:
        self.n = len(docs)
        vocab: dict[str, int] = {}
        doc_terms: list[np.ndarray] = []
        doc_tfs: list[np.ndarray] = []
        for counts in docs:
            ids = np.fromiter((vocab.setdefault(t, len(vocab)) for t in counts), dtype=np.int32, count=len(counts))
            doc_terms.append(ids)
            doc_tfs.append(np.fromiter(counts.values(), dtype=np.float32, count=len(counts)))
        self.vocab = vocab
        self.terms = np.array(list(vocab), dtype=object) if vocab else np.array([], dtype=object)
        all_ids = np.concatenate(doc_terms) if doc_terms else np.zeros(0, np.int32)
        df_arr = np.bincount(all_ids, minlength=len(vocab)).astype(np.float32)
        self.df = df_arr
        idf = np.log((1.0 + self.n) / (1.0 + df_arr)) + 1.0
        if self.n >= MIN_DOCS_FOR_DF_CUT:
            idf[df_arr > MAX_DF_SHARE * self.n] = 0.0
        self.idf = idf.astype(np.float32)
        # CSR rows: one L2-normalised vector per document, terms sorted by weight, heaviest first.
        indptr = np.zeros(self.n + 1, dtype=np.int64)
        rows_t: list[np.ndarray] = []
        rows_w: list[np.ndarray] = []
        for i, (ids, tf) in enumerate(zip(doc_terms, doc_tfs, strict=True)):
            w = (1.0 + np.log(tf)) * self.idf[ids]
            keep = w > 0
            ids, w = ids[keep], w[keep]
            norm = float(np.sqrt(np.dot(w, w)))
            if norm > 0:
                w = w / norm
            order = np.argsort(-w, kind="stable")
            rows_t.append(ids[order])
            rows_w.append(w[order].astype(np.float32))
            indptr[i + 1] = indptr[i] + len(ids)
        self.indptr = indptr
        self.indices = np.concatenate(rows_t) if rows_t else np.zeros(0, np.int32)
        self.data = np.concatenate(rows_w) if rows_w else np.zeros(0, np.float32)
        # Postings (CSC): for each term, the documents holding it and the weight there.
        doc_of = np.repeat(np.arange(self.n, dtype=np.int32), np.diff(indptr))
        order = np.argsort(self.indices, kind="stable")
        self.post_docs = doc_of[order]
        self.post_data = self.data[order]
        self.post_ptr = np.zeros(len(vocab) + 1, dtype=np.int64)
        np.cumsum(np.bincount(self.indices, minlength=len(vocab)), out=self.post_ptr[1:])

    def vector(self, doc: int) -> tuple[np.ndarray, np.ndarray]:
        """(term ids, weights) of one document, heaviest terms first."""
        lo, hi = self.indptr[doc], self.indptr[doc + 1]
        return self.indices[lo:hi], self.data[lo:hi]

    def query_vector(self, counts: Counter[str]) -> tuple[np.ndarray, np.ndarray]:
        """A vector for text outside the index (unknown words are ignored)."""
        pairs = [(self.vocab[t], c) for t, c in counts.items() if t in self.vocab]
        if not pairs:
            return np.zeros(0, np.int32), np.zeros(0, np.float32)
        ids = np.array([p[0] for p in pairs], dtype=np.int32)
        w = (1.0 + np.log(np.array([p[1] for p in pairs], dtype=np.float32))) * self.idf[ids]
        norm = float(np.sqrt(np.dot(w, w)))
        if norm > 0:
            w = w / norm
        order = np.argsort(-w, kind="stable")
        return ids[order], w[order].astype(np.float32)

    def similarities(self, ids: np.ndarray, weights: np.ndarray, max_terms: int = MAX_QUERY_TERMS) -> np.ndarray:
        """Cosine similarity of a query vector to every document (dense, length N), using its heaviest terms."""
        ids, weights = ids[:max_terms], weights[:max_terms]
        return postings_sum(self.post_ptr, self.post_docs, self.post_data, ids, weights, self.n).astype(np.float32)

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
