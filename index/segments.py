"""Postings storage: immutable term-major segments and growable per-document columns."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import numpy as np
from numpy.typing import NDArray

Rows = NDArray[np.int32]
Counts = NDArray[np.unsignedinteger[Any]]
Offsets = NDArray[np.int64]
ScalarT = TypeVar("ScalarT", bound=np.generic)


@dataclass(frozen=True)
class Segment:
    """Postings of a run of documents: term t occurs in rows[offsets[t]:offsets[t + 1]].

    Rows ascend within each term; term frequencies are stored raw (uint16 when they fit),
    not as BM25 weights, because avgdl and idf change with every add.
    """

    offsets: Offsets  # length n_terms + 1; term ids past the end have no postings here
    rows: Rows
    tfs: Counts

    @property
    def n_postings(self) -> int:
        return len(self.rows)

    def postings(self, term_id: int) -> tuple[Rows, Counts]:
        """The rows containing `term_id` and its frequency in each (views, not copies)."""
        if term_id + 1 >= len(self.offsets):
            return self.rows[:0], self.tfs[:0]
        start, end = int(self.offsets[term_id]), int(self.offsets[term_id + 1])
        return self.rows[start:end], self.tfs[start:end]

    def term_of_posting(self) -> NDArray[np.int64]:
        return np.repeat(np.arange(len(self.offsets) - 1), np.diff(self.offsets))


@dataclass(frozen=True)
class SegmentSet:
    """Main segment plus deltas of later rows: replaced whole, never changed in place."""

    main: Segment
    deltas: tuple[Segment, ...]
    holds_dead: bool  # some segment still has postings of removed documents

    def all(self) -> list[Segment]:
        return [self.main, *self.deltas]  # in ascending row order


def empty_segment() -> Segment:
    return Segment(np.zeros(1, np.int64), np.zeros(0, np.int32), np.zeros(0, np.uint16))


def tf_dtype(max_tf: int) -> type[np.unsignedinteger[Any]]:
    return np.uint16 if max_tf <= np.iinfo(np.uint16).max else np.uint32


def build_segment(rows: Rows, terms: NDArray[np.int32], tfs: NDArray[np.int64]) -> Segment:
    """A segment from (row, term, tf) triples listed in ascending row order."""
    order = np.argsort(terms, kind="stable")  # stable: rows stay ascending within a term
    n_terms = int(terms.max()) + 1 if len(terms) else 0
    offsets = np.zeros(n_terms + 1, np.int64)
    np.cumsum(np.bincount(terms, minlength=n_terms), out=offsets[1:])
    max_tf = int(tfs.max()) if len(tfs) else 0
    return Segment(offsets, rows[order], tfs[order].astype(tf_dtype(max_tf)))


def merge_segments(segments: Sequence[Segment], live: NDArray[np.bool_]) -> Segment:
    """One segment holding the live postings of `segments`, given in ascending row order.

    Each posting moves to a position computed from the per-term counts (no sort): its
    term's new start, plus the postings of that term in earlier segments, plus its rank.
    """
    n_terms = max(len(s.offsets) - 1 for s in segments)
    counts = [_padded(np.diff(s.offsets), n_terms) for s in segments]
    offsets = np.zeros(n_terms + 1, np.int64)
    np.cumsum(np.sum(counts, axis=0, dtype=np.int64), out=offsets[1:])
    total = int(offsets[-1])
    rows = np.empty(total, np.int32)
    tfs = np.empty(total, np.result_type(*(s.tfs.dtype for s in segments)))
    before = np.zeros(n_terms, np.int64)  # postings of each term in earlier segments
    for segment, count in zip(segments, counts, strict=True):
        own_start = _padded(segment.offsets[:-1], n_terms)
        shift = offsets[:-1] + before - own_start
        target = np.arange(segment.n_postings) + shift[segment.term_of_posting()]
        rows[target] = segment.rows
        tfs[target] = segment.tfs
        before += count
    merged = Segment(offsets, rows, tfs)
    keep = live[rows]
    if keep.all():
        return merged
    kept_terms = merged.term_of_posting()[keep]
    np.cumsum(np.bincount(kept_terms, minlength=n_terms), out=offsets[1:])
    return Segment(offsets, rows[keep], tfs[keep])


def _padded(values: NDArray[np.int64], length: int) -> NDArray[np.int64]:
    # A segment built earlier knows fewer terms: it has no postings of the later ones.
    if len(values) >= length:
        return values[:length]
    return np.concatenate([values, np.zeros(length - len(values), np.int64)])


class Column(Generic[ScalarT]):
    """An append-only numpy array with amortised O(1) appends (capacity doubles)."""

    def __init__(self, dtype: type[ScalarT], fill: int | float | bool = 0) -> None:
        self._data: NDArray[ScalarT] = np.full(16, fill, dtype)
        self._fill = fill
        self._size = 0

    @classmethod
    def wrap(cls, data: NDArray[ScalarT], fill: int | float | bool = 0) -> Column[ScalarT]:
        """A column over `data` as it is (e.g. read-only, memory-mapped): the first extend
        copies it into a new, larger array, so `data` itself is never written."""
        column = cls(data.dtype.type, fill)
        column._data = data
        column._size = len(data)
        return column

    def __len__(self) -> int:
        return self._size

    @property
    def view(self) -> NDArray[ScalarT]:
        """The filled part, writable in place (no copy)."""
        return self._data[: self._size]

    def extend(self, values: NDArray[Any] | Sequence[int | float | bool]) -> None:
        values = np.asarray(values)
        needed = self._size + len(values)
        if needed > len(self._data):
            grown = np.full(max(needed, 2 * len(self._data)), self._fill, self._data.dtype)
            grown[: self._size] = self.view
            self._data = grown
        self._data[self._size : needed] = values
        self._size = needed

    def grow_to(self, size: int) -> None:
        """Pad with the fill value up to `size` entries."""
        if size > self._size:
            self.extend(np.full(size - self._size, self._fill, self._data.dtype))
