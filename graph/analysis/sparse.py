"""Sparse rows (one per document position) and their postings (column -> rows) that grow one row at a time.

A compacted part sits in numpy CSR arrays (rows) and CSC arrays (postings); rows appended since the last compaction
sit in growable arrays, their postings in small per-column arrays. Appending a row costs the row's length, not the
collection's; `compacted` folds everything into the numpy arrays again (O(entries)), in a canonical order (rows and
columns in the order given), so that a grown-then-compacted collection is array for array the one built at once.
"""
from __future__ import annotations

from array import array
from dataclasses import dataclass

import numpy as np


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


class Growable:
    """A numpy array that grows along its first axis by doubling its capacity (amortised O(1) per appended row)."""

    def __init__(self, data: np.ndarray, fortran: bool = False) -> None:
        self.fortran = fortran
        self._data = np.asfortranarray(data) if fortran else np.ascontiguousarray(data)
        self.n = len(data)

    @property
    def view(self) -> np.ndarray:
        return self._data[: self.n]

    def append(self, value: object) -> None:
        if self.n == len(self._data):
            shape = (max(16, 2 * len(self._data)),) + self._data.shape[1:]
            bigger = np.zeros(shape, dtype=self._data.dtype, order="F" if self.fortran else "C")
            bigger[: self.n] = self._data
            self._data = bigger
        self._data[self.n] = value
        self.n += 1


@dataclass
class Flat:
    """Every entry of a Rows, as three parallel arrays."""

    rows: np.ndarray
    cols: np.ndarray
    vals: np.ndarray


class Rows:
    """Sparse rows of float32 values over int32 columns, with their postings, growing one row at a time."""

    def __init__(
        self,
        ptr: np.ndarray,
        cols: np.ndarray,
        vals: np.ndarray,
        n_cols: int,
        postings: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
    ) -> None:
        """Rows in CSR arrays; their postings (ptr, rows, values) are derived unless given (a saved index)."""
        self.base_ptr = ptr.astype(np.int64, copy=False)
        self.base_cols = cols.astype(np.int32, copy=False)
        self.base_vals = vals.astype(np.float32, copy=False)
        self.n_base = len(ptr) - 1
        self.n_base_cols = n_cols
        self.n_cols = n_cols
        if postings is not None:
            self.post_ptr, self.post_rows, self.post_vals = postings
        else:
            order = np.argsort(self.base_cols, kind="stable")  # within a column, rows stay in order
            row_of = np.repeat(np.arange(self.n_base, dtype=np.int32), np.diff(self.base_ptr))
            self.post_rows = row_of[order]
            self.post_vals = self.base_vals[order]
            self.post_ptr = np.zeros(n_cols + 1, dtype=np.int64)
            np.cumsum(np.bincount(self.base_cols, minlength=n_cols), out=self.post_ptr[1:])
        self._tail_ptr = array("q", [0])
        self._tail_cols = Growable(np.zeros(0, np.int32))
        self._tail_vals = Growable(np.zeros(0, np.float32))
        self._tail_post: dict[int, tuple[array, array]] = {}

    @classmethod
    def from_entries(cls, rows: np.ndarray, cols: np.ndarray, vals: np.ndarray, n_rows: int, n_cols: int) -> Rows:
        """Rows from (row, column, value) entries in any order; within a row, columns ascending."""
        order = np.lexsort((cols, rows))
        ptr = np.zeros(n_rows + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=n_rows), out=ptr[1:])
        return cls(ptr, cols[order], vals[order], n_cols)

    @property
    def n_rows(self) -> int:
        return self.n_base + len(self._tail_ptr) - 1

    @property
    def nnz(self) -> int:
        return len(self.base_cols) + self._tail_cols.n

    @property
    def tail_nnz(self) -> int:
        return self._tail_cols.n

    def add_cols(self, n: int) -> None:
        self.n_cols += n

    def append(self, cols: np.ndarray, vals: np.ndarray) -> int:
        """Add a row (columns ascending, each below n_cols) and return its position."""
        pos = self.n_rows
        for c, v in zip(cols.tolist(), vals.tolist(), strict=True):
            self._tail_cols.append(c)
            self._tail_vals.append(v)
            post = self._tail_post.get(c)
            if post is None:
                post = self._tail_post[c] = (array("i"), array("f"))
            post[0].append(pos)
            post[1].append(v)
        self._tail_ptr.append(self._tail_cols.n)
        return pos

    def row(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        if i < self.n_base:
            lo, hi = self.base_ptr[i], self.base_ptr[i + 1]
            return self.base_cols[lo:hi], self.base_vals[lo:hi]
        k = i - self.n_base
        lo, hi = self._tail_ptr[k], self._tail_ptr[k + 1]
        return self._tail_cols.view[lo:hi].copy(), self._tail_vals.view[lo:hi].copy()

    def column(self, c: int) -> tuple[np.ndarray, np.ndarray]:
        """The rows holding column c (ascending) and the values there."""
        rows, vals = np.zeros(0, np.int32), np.zeros(0, np.float32)
        if c < self.n_base_cols:
            lo, hi = self.post_ptr[c], self.post_ptr[c + 1]
            rows, vals = self.post_rows[lo:hi], self.post_vals[lo:hi]
        tail = self._tail_post.get(c)
        if tail is not None:
            rows = np.concatenate([rows, np.array(tail[0], dtype=np.int32)])
            vals = np.concatenate([vals, np.array(tail[1], dtype=np.float32)])
        return rows, vals

    def gather(self, cols: np.ndarray, weights: np.ndarray, n: int) -> np.ndarray:
        """Sum over columns c of weights[c] * column c, dense over n rows (n >= n_rows)."""
        base = cols < self.n_base_cols
        out = postings_sum(self.post_ptr, self.post_rows, self.post_vals, cols[base], weights[base], n)
        if self._tail_post:
            rows_l, vals_l = [], []
            for c, w in zip(cols.tolist(), weights.tolist(), strict=True):
                tail = self._tail_post.get(c)
                if tail is not None:
                    rows_l.append(np.array(tail[0], dtype=np.int64))
                    vals_l.append(np.array(tail[1], dtype=np.float64) * w)
            if rows_l:
                out = out + np.bincount(np.concatenate(rows_l), weights=np.concatenate(vals_l), minlength=n)
        return out

    def frozen(self) -> Rows:
        """The rows as they are now, for reading while others append: the compacted arrays are shared (nothing
        changes them), the appended part by views of its present length (appends write past them or elsewhere).
        Its postings cover the compacted part only: use it for `flat`, `row` and `compacted`."""
        out = object.__new__(Rows)
        out.__dict__.update(self.__dict__)
        out._tail_ptr = array("q", self._tail_ptr)
        out._tail_cols = Growable(self._tail_cols.view)
        out._tail_vals = Growable(self._tail_vals.view)
        out._tail_post = {}
        return out

    def flat(self) -> Flat:
        """Every entry, rows ascending."""
        base_rows = np.repeat(np.arange(self.n_base, dtype=np.int64), np.diff(self.base_ptr))
        tail_ptr = np.array(self._tail_ptr, dtype=np.int64)
        tail_len = tail_ptr[1:] - tail_ptr[:-1]
        tail_rows = np.repeat(np.arange(self.n_base, self.n_rows, dtype=np.int64), tail_len)
        return Flat(
            np.concatenate([base_rows, tail_rows]),
            np.concatenate([self.base_cols, self._tail_cols.view]).astype(np.int32),
            np.concatenate([self.base_vals, self._tail_vals.view]).astype(np.float32),
        )

    def compacted(self, new_row: np.ndarray, n_rows: int, new_col: np.ndarray, n_cols: int) -> Rows:
        """All in numpy arrays again: row r becomes new_row[r] (dropped where -1), column c new_col[c]."""
        f = self.flat()
        rows = new_row[f.rows]
        keep = rows >= 0
        return Rows.from_entries(rows[keep], new_col[f.cols[keep]], f.vals[keep], n_rows, n_cols)
