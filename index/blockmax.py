"""Block maxima of a segment's postings: upper bounds of term scores for the pruned top k.

Each term's postings are cut into blocks of BLOCK; per block the largest
numerator(tf) / (tf + k1*norm) of its postings (idf left out: it changes with every add).
These bounds are exact for the average length they were computed with, and stay bounds as it
changes: with A the new average and A0 the old one, a posting's tf + k1*(1 - b + b*len/A) is at
least A0/A times what it was (when A > A0), so its score is at most A/A0 times the block's
maximum (when A ≤ A0 no score grows). `scales` gives that factor.

A term's maxima are computed on the first search that needs them (one pass over its postings,
about what scoring it once costs) and kept with the segment until it is replaced: computing
every term's at once took 2.9 s at 1,000,000 passages, all of it on the first query after a
start.
"""

from __future__ import annotations

import threading

import numpy as np
from numpy.typing import NDArray

from index.kernels import compiled
from index.segments import Segment

BLOCK = 128  # postings per block, as Lucene and tantivy use
Floats = NDArray[np.float64]


class BlockMax:
    """Per block of `block` postings of one segment the best tf part of a score; term t's
    blocks are maxima[offsets[t]:offsets[t + 1]], in posting order, once prepared."""

    def __init__(self, segment: Segment) -> None:
        self.segment = segment
        self.block = BLOCK
        counts = np.diff(segment.offsets)
        self.offsets = np.zeros(len(segment.offsets), np.int64)
        np.cumsum((counts + self.block - 1) // self.block, out=self.offsets[1:])
        self.maxima = np.zeros(int(self.offsets[-1]))
        # Per term the average length its maxima were computed with; 0: not computed yet.
        self._avgdl = np.zeros(len(counts))

    def prepare(
        self, terms: NDArray[np.int64], k1_norm: Floats, numerators: Floats, avgdl: float
    ) -> Floats:
        """Compute the maxima of `terms` not done yet; return, per term, the factor that
        keeps its maxima bounds at average length `avgdl` (1 for a term not in here)."""
        known = terms[terms < len(self._avgdl)]
        missing = known[self._avgdl[known] == 0]
        if len(missing):
            s = self.segment
            compiled().block_maxima(
                s.offsets, s.rows, s.tfs, k1_norm, numerators, self.block, self.offsets,
                missing, self.maxima,
            )  # fmt: skip
            # Set after the maxima are written: a search in another thread that sees the
            # average set finds them complete (one that does not computes them again).
            self._avgdl[missing] = avgdl
        scales = np.ones(len(terms))
        inside = terms < len(self._avgdl)
        computed_with = self._avgdl[terms[inside]]
        scales[inside] = np.maximum(1.0, avgdl / np.where(computed_with > 0, computed_with, avgdl))
        return scales


class BlockMaxCache:
    """The block maxima of the segments in use, each kept with its segment (compared by
    identity, so a replaced segment never meets the maxima of its predecessor). Searches in
    several threads share it: the lock covers the dict, not the computing of maxima."""

    def __init__(self) -> None:
        self._kept: dict[int, BlockMax] = {}
        self._lock = threading.Lock()

    def get(self, segment: Segment) -> BlockMax:
        with self._lock:
            kept = self._kept.get(id(segment))
            if kept is None or kept.segment is not segment:
                kept = self._kept[id(segment)] = BlockMax(segment)
            return kept

    def retain(self, segments: list[Segment]) -> None:
        """Forget the maxima of segments no longer in use (after a merge)."""
        ids = {id(s) for s in segments}
        with self._lock:
            for key in [key for key in self._kept if key not in ids]:
                del self._kept[key]

    def __reduce__(self) -> tuple[type[BlockMaxCache], tuple[()]]:
        return (BlockMaxCache, ())  # derived data: a copy recomputes it
