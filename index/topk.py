"""Exact top k with dynamic pruning: MaxScore over block maxima, in windows of rows.

Every document's score is a sum of per-term weights, each at most the bound of the block of
postings it sits in (index/blockmax.py: the block's best tf part times idf, the term's count
in the query and a scale for the average length). Rows are taken in windows of WINDOW
(Lucene's MaxScoreBulkScorer works this way); in each window, per term, the largest bound of
its blocks there:
- a window whose terms' bounds sum to less than the k-th best score so far is skipped whole;
- the terms whose bounds together stay under that score (the common, low-idf ones, which
  hold most postings) cannot lift a document alone: only the other terms' postings are added
  (into a window-sized accumulator that stays in cache), and the low terms are looked up
  just for the few documents that may still reach the top k.
A document that may enter gets its exact score: each term's weight, summed in query order
(rank-bm25's order), so scores and ties are those of the exhaustive path, bit for bit.

Sums taken in another order may differ in the last bits, so every comparison that drops a
document leaves it a relative SLACK, far above any rounding error.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from index.blockmax import BlockMax
from index.kernels import compiled
from index.segments import Segment

SLACK = 1e-9
# An idf below this (okapi floors negative idfs at epsilon times the average: a tiny epsilon
# makes them subnormal) leaves weights where rounding is no longer relative, so no relative
# SLACK keeps a bound above a score: such queries score every match.
TINY_IDF = 1e-200
# The same for k1: past this, tf / (tf + k1*norm) itself becomes subnormal (or the numerator
# overflows), so such an index scores every match.
HUGE_K1 = 1e100
# Below this many rows every matching document is scored instead (BM25Index._search_fast):
# its accumulator then fits in cache and one pass costs less than the windows' bookkeeping.
# bench/pruning.py (results/pruning-*.txt), p95 pruned / every match: 100,000 passages
# 1.6-2.1x, 300,000 1.4x; 1,000,000 0.93-1.10x with p50 0.7-0.8x (two runs each).
MIN_ROWS = 500_000
WINDOW = 4096  # rows per window: its accumulator (32 KB) stays in the first-level cache
# Terms count as low while their bounds sum to under this share of the k-th best score: at 1
# (pure MaxScore) nearly every document an essential term touches must have the low terms
# looked up; at 0.8 fewer postings are skipped but far fewer lookups made (1,000,000 Reuters
# passages, 200 headlines: p95 20-35% lower than at 1, p50 within noise; 0.6 and 0.4 slower).
LOW_SHARE = 0.8
Floats = NDArray[np.float64]


@dataclass(frozen=True)
class RowState:
    """Per-row arrays of the index that scoring reads."""

    k1_norm: Floats
    numerators: Floats
    live: NDArray[np.bool_]
    check_live: bool  # some segment holds postings of removed rows
    doc_ids: NDArray[np.int64]
    allowed: NDArray[np.bool_] | None  # search's filter, by doc id


class TopK:
    """The best k documents over the segments offered, each exact; ties by smaller id."""

    def __init__(self, k: int) -> None:
        self.scores = np.empty(k)
        self.doc_ids = np.empty(k, np.int64)
        self.state = np.zeros(1, np.int64)  # documents held (a heap, the worst first)

    def best(self) -> list[tuple[int, float]]:
        n = int(self.state[0])
        scores, doc_ids = self.scores[:n], self.doc_ids[:n]
        order = np.lexsort((doc_ids, -scores))
        return list(zip(doc_ids[order].tolist(), scores[order].tolist(), strict=True))


def offer_segment(
    segment: Segment,
    maxima: BlockMax,
    terms: NDArray[np.int64],
    weights: tuple[Floats, Floats, Floats],
    query: NDArray[np.int64],
    rows: RowState,
    top: TopK,
) -> None:
    """Offer `top` the documents of `segment` that may be among the best. `terms` are the
    distinct query terms; `weights` per term: idf, count in the query, and the factor that
    turns a block maximum into a bound of the term's weight in this segment (idf times count
    times the scale BlockMax.prepare gives, times 1 + SLACK); `query` lists each query
    term's index in `terms`."""
    idfs, counts, coefs = weights
    allowed = rows.allowed
    compiled().window_top_k(
        segment.rows, segment.tfs, segment.offsets, maxima.offsets, maxima.maxima, terms,
        coefs, idfs, counts, query, rows.k1_norm, rows.numerators, rows.live, rows.check_live,
        np.zeros(0, np.bool_) if allowed is None else allowed, allowed is not None,
        rows.doc_ids, WINDOW, maxima.block, SLACK, LOW_SHARE,
        top.scores, top.doc_ids, top.state,
    )  # fmt: skip
