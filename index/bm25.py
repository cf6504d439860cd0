"""An incremental BM25 index whose scores equal rank-bm25's bit for bit.

Postings live in a main segment plus a few delta segments of recent adds (see _compact);
removed documents are masked at once and purged when segments merge. Statistics (N, avgdl,
df, idf, length norms) are refreshed once per add or remove batch, so they stay exact.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import chain

import numpy as np
from numpy.typing import NDArray

from index.scoring import (
    VARIANTS,
    Floats,
    Params,
    average_idf,
    epsilon_floor,
    idf_table,
    length_norm,
)
from index.segments import (
    Column,
    Counts,
    Rows,
    Segment,
    build_segment,
    empty_segment,
    merge_segments,
)

MERGE_RATIO = 0.25  # deltas merge into main once they hold this fraction of main's postings
MAX_DELTAS = 8  # more delta segments than this are merged into one, so a query visits few
_NOWHERE = int(np.iinfo(np.int64).max)


class BM25Error(Exception):
    """Base of the errors the index raises, each with a message fit for a user."""


class UnknownVariantError(BM25Error, ValueError):
    pass


class InvalidParameterError(BM25Error, ValueError):
    pass


class DuplicateDocumentError(BM25Error, ValueError):
    pass


class UnknownDocumentError(BM25Error, LookupError):
    pass


class BM25Index:
    """Documents (id → terms) searchable with okapi, l, plus (as rank-bm25) or lucene BM25."""

    def __init__(
        self,
        variant: str = "okapi",
        k1: float = 1.5,
        b: float = 0.75,
        epsilon: float = 0.25,
        delta: float | None = None,
    ) -> None:
        if variant not in VARIANTS:
            raise UnknownVariantError(
                f"unknown BM25 variant {variant!r}; use one of {', '.join(VARIANTS)}"
            )
        self._variant = VARIANTS[variant]
        self._params = _checked_params(
            k1, b, epsilon, self._variant.default_delta if delta is None else delta
        )
        self._vocab: dict[str, int] = {}
        self._df = Column(np.int64)  # live documents containing each term id
        self._first_pos = Column(np.int64, _NOWHERE)  # see _corpus_order
        self._doc_ids = Column(np.int64)  # per row (a row is one add of one document)
        self._doc_len = Column(np.int64)
        self._live = Column(np.bool_)
        self._fwd_offsets = Column(np.int64)  # row r's distinct terms, in order of first
        self._fwd_offsets.extend([0])  # occurrence: fwd_terms[fwd_offsets[r]:...[r + 1]]
        self._fwd_terms = Column(np.int32)
        self._row_of: dict[int, int] = {}  # live documents only
        self._total_len = 0
        self._main = empty_segment()
        self._deltas: list[Segment] = []
        self._holds_dead = False  # some segment still has postings of removed documents
        self._norm: Floats = np.zeros(0)  # derived: 1 - b + b*|d|/avgdl per row
        self._idf: Floats = np.zeros(0)  # derived: idf per term id (0 when df = 0)

    @property
    def variant(self) -> str:
        return self._variant.name

    @property
    def params(self) -> Params:
        return self._params

    def __len__(self) -> int:
        return len(self._row_of)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._row_of

    def add(self, doc_id: int, tokens: Sequence[str]) -> None:
        """Index one document; its id must not be in the index already."""
        self.add_many([(doc_id, tokens)])

    def add_many(self, items: Iterable[tuple[int, Sequence[str]]]) -> None:
        """Index a batch of documents (all or none); statistics are refreshed once."""
        batch = [(int(doc_id), tokens) for doc_id, tokens in items]
        _check_new(self._row_of, batch)
        if not batch:
            return
        first_row, first_pos = len(self._doc_ids), len(self._fwd_terms)
        counts = [Counter(tokens) for _, tokens in batch]  # first-occurrence order, as rank-bm25
        term_ids = [[self._vocab.setdefault(t, len(self._vocab)) for t in c] for c in counts]
        distinct = [len(ids) for ids in term_ids]
        terms = np.fromiter(chain.from_iterable(term_ids), np.int32, sum(distinct))
        tfs = np.fromiter(chain.from_iterable(c.values() for c in counts), np.int64, len(terms))
        rows = np.repeat(np.arange(first_row, first_row + len(batch), dtype=np.int32), distinct)
        lengths = [len(tokens) for _, tokens in batch]

        self._doc_ids.extend([doc_id for doc_id, _ in batch])
        self._doc_len.extend(lengths)
        self._live.extend(np.ones(len(batch), np.bool_))
        self._fwd_terms.extend(terms)
        self._fwd_offsets.extend(first_pos + np.cumsum(distinct))
        self._row_of.update((doc_id, first_row + i) for i, (doc_id, _) in enumerate(batch))
        self._total_len += sum(lengths)
        self._df.grow_to(len(self._vocab))
        self._df.view[:] += np.bincount(terms, minlength=len(self._vocab))  # once per document
        self._first_pos.grow_to(len(self._vocab))
        seen, where = np.unique(terms, return_index=True)
        positions = self._first_pos.view
        positions[seen] = np.minimum(positions[seen], first_pos + where)
        self._deltas.append(build_segment(rows, terms, tfs))
        self._compact()
        self._refresh()

    def remove(self, doc_id: int) -> None:
        """Drop a document: it leaves results at once and statistics as if never added."""
        self.remove_many([doc_id])

    def remove_many(self, doc_ids: Iterable[int]) -> None:
        """Drop a batch of documents (all or none); statistics are refreshed once."""
        ids = [int(doc_id) for doc_id in doc_ids]
        seen: set[int] = set()
        for doc_id in ids:
            if doc_id not in self._row_of or doc_id in seen:
                raise UnknownDocumentError(
                    f"document {doc_id} is not in the index (never added, or removed already)"
                )
            seen.add(doc_id)
        if not ids:
            return
        rows = np.array([self._row_of.pop(doc_id) for doc_id in ids], np.int64)
        self._live.view[rows] = False
        self._total_len -= int(self._doc_len.view[rows].sum())
        starts, ends = self._fwd_offsets.view[rows], self._fwd_offsets.view[rows + 1]
        spans = [np.arange(s, e) for s, e in zip(starts.tolist(), ends.tolist(), strict=True)]
        entries = np.concatenate(spans)
        terms = self._fwd_terms.view[entries]
        self._df.view[:] -= np.bincount(terms, minlength=len(self._vocab))
        # Terms whose first occurrence was removed now first occur later in the corpus.
        moved = np.unique(terms[self._first_pos.view[terms] == entries])
        for term_id in moved.tolist():
            self._first_pos.view[term_id] = self._first_live_position(term_id)
        self._holds_dead = True
        self._refresh()

    def search(self, tokens: Sequence[str], k: int = 10) -> list[tuple[int, float]]:
        """The best k (doc_id, score), best first, ties by smaller id.

        Only documents containing at least one query term are hits: under BM25+ every
        document has a score (idf·δ per query term), but a document matching nothing is no
        answer to the query.
        """
        if k <= 0:
            return []
        rows, scores = self._score_matching(self._query(tokens))
        return self._top_k(rows, scores, k)

    def get_scores(self, tokens: Sequence[str]) -> dict[int, float]:
        """Score of every live document, as rank-bm25's get_scores (in the order added)."""
        query = self._query(tokens)
        rows, scores = self._score_matching(query)
        baseline = 0.0  # what a document containing none of the terms gets, summed in order
        for term_id in query:
            baseline += self._variant.absent_score(float(self._idf[term_id]), self._params)
        live_ids = self._doc_ids.view[self._live.view]
        result = dict.fromkeys(live_ids.tolist(), baseline)
        result.update(zip(self._doc_ids.view[rows].tolist(), scores.tolist(), strict=True))
        return result

    def _query(self, tokens: Sequence[str]) -> list[int]:
        """Term ids of the tokens in the corpus, in query order, repeats kept (rank-bm25 adds
        a repeated token again); a term absent from the corpus adds 0 there, so it is dropped."""
        df = self._df.view
        ids = (self._vocab.get(token) for token in tokens)
        return [term_id for term_id in ids if term_id is not None and df[term_id] > 0]

    def _score_matching(self, query: list[int]) -> tuple[NDArray[np.int64], Floats]:
        """Rows containing any query term, and their scores in rank-bm25's order of sums."""
        postings = {term_id: self._live_postings(term_id) for term_id in query}
        matched = np.zeros(len(self._doc_ids), np.bool_)
        for rows, _ in postings.values():
            matched[rows] = True
        hits = np.flatnonzero(matched)
        scores = np.zeros(len(hits))
        for term_id in query:
            rows, tfs = postings[term_id]
            idf = float(self._idf[term_id])
            weights = self._variant.term_score(
                idf, tfs.astype(np.float64), self._norm[rows], self._params
            )
            where = np.searchsorted(hits, rows)
            absent = self._variant.absent_score(idf, self._params)
            if absent == 0.0:
                scores[where] += weights
            else:  # add per document exactly once per term, as rank-bm25 does
                per_doc = np.full(len(hits), absent)
                per_doc[where] = weights
                scores += per_doc
        return hits, scores

    def _top_k(self, rows: NDArray[np.int64], scores: Floats, k: int) -> list[tuple[int, float]]:
        doc_ids = self._doc_ids.view[rows]
        if k < len(scores):  # keep the k best (and any tied with the k-th), then sort those
            kth = np.partition(scores, len(scores) - k)[len(scores) - k]
            keep = scores >= kth
            doc_ids, scores = doc_ids[keep], scores[keep]
        order = np.lexsort((doc_ids, -scores))[:k]
        return list(zip(doc_ids[order].tolist(), scores[order].tolist(), strict=True))

    def _segments(self) -> list[Segment]:
        return [self._main, *self._deltas]  # in ascending row order

    def _live_postings(self, term_id: int) -> tuple[Rows, Counts]:
        parts = [s.postings(term_id) for s in self._segments()]
        parts = [(rows, tfs) for rows, tfs in parts if len(rows)] or parts[:1]
        if len(parts) == 1:
            rows, tfs = parts[0]
        else:
            rows = np.concatenate([r for r, _ in parts])
            tfs = np.concatenate([t for _, t in parts])
        if self._holds_dead:
            alive = self._live.view[rows]
            rows, tfs = rows[alive], tfs[alive]
        return rows, tfs

    def _compact(self) -> None:
        """Merge deltas into main past MERGE_RATIO of its size; cap the number of deltas."""
        delta_postings = sum(s.n_postings for s in self._deltas)
        if delta_postings > MERGE_RATIO * self._main.n_postings:
            self._main = merge_segments(self._segments(), self._live.view)
            self._deltas = []
            self._holds_dead = False
        elif len(self._deltas) > MAX_DELTAS:
            self._deltas = [merge_segments(self._deltas, self._live.view)]

    def _refresh(self) -> None:
        """Recompute avgdl, length norms and idfs: they change with every add and remove."""
        n_docs = len(self._row_of)
        avgdl = self._total_len / n_docs if n_docs else 0.0
        self._norm = length_norm(self._doc_len.view, avgdl, self._params.b)
        df = self._df.view
        idf = idf_table(self._variant.idf, n_docs, df)
        known = df > 0
        if self._variant.epsilon_floor and bool((idf[known] < 0).any()):
            average = average_idf(idf[self._corpus_order(known)])
            idf = epsilon_floor(idf, known, average, self._params.epsilon)
        self._idf = idf

    def _corpus_order(self, known: NDArray[np.bool_]) -> NDArray[np.int64]:
        """Corpus term ids in order of first occurrence over the live documents: the order
        in which rank-bm25 sums idfs for their average (float sums depend on order)."""
        term_ids = np.flatnonzero(known)
        first = self._first_pos.view[term_ids]
        if bool(np.all(first[1:] > first[:-1])):  # always so until a remove
            return term_ids
        return term_ids[np.argsort(first, kind="stable")]

    def _first_live_position(self, term_id: int) -> int:
        """Forward-index position of the term in the first live document containing it."""
        for segment in self._segments():
            rows, _ = segment.postings(term_id)
            alive = self._live.view[rows]
            if alive.any():
                row = int(rows[int(np.argmax(alive))])
                start, end = self._fwd_offsets.view[row : row + 2].tolist()
                own = self._fwd_terms.view[start:end]
                return int(start + int(np.flatnonzero(own == term_id)[0]))
        return _NOWHERE


def _checked_params(k1: float, b: float, epsilon: float, delta: float) -> Params:
    if not (math.isfinite(k1) and k1 >= 0):
        raise InvalidParameterError(f"k1={k1} is out of range; use a finite k1 ≥ 0 (e.g. 1.5)")
    if not 0 <= b <= 1:
        raise InvalidParameterError(f"b={b} is out of range; use 0 ≤ b ≤ 1 (e.g. 0.75)")
    if not math.isfinite(epsilon):
        raise InvalidParameterError(f"epsilon={epsilon} is not finite; use e.g. 0.25")
    if not (math.isfinite(delta) and delta >= 0):
        raise InvalidParameterError(f"delta={delta} is out of range; use a finite delta ≥ 0")
    return Params(k1, b, epsilon, delta)


def _check_new(existing: dict[int, int], batch: list[tuple[int, Sequence[str]]]) -> None:
    seen: set[int] = set()
    for doc_id, tokens in batch:
        if doc_id in existing or doc_id in seen:
            raise DuplicateDocumentError(
                f"document {doc_id} is already in the index; remove it first to replace it"
            )
        if isinstance(tokens, str):
            raise TypeError(f"document {doc_id}: tokens must be a list of terms, not a str")
        seen.add(doc_id)
