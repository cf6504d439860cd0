"""Block maxima of a segment's postings: upper bounds of term scores for the pruned top k.

Each term's postings are cut into blocks of BLOCK; per block the largest
numerator(tf) / (tf + k1*norm) of its postings (idf left out: it changes with every add).
These bounds are exact for the average length they were computed with, and stay bounds as it
changes: with A the new average and A0 the old one, a posting's tf + k1*(1 - b + b*len/A) is at
least A0/A times what it was (when A > A0), so its score is at most A/A0 times the block's
maximum (when A ≤ A0 no score grows). `scale` gives that factor; a segment's maxima are
computed once, on the first search that needs them (after a build, a merge or a load), and
kept until the segment is replaced.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from index.kernels import compiled
from index.segments import Segment

BLOCK = 128  # postings per block, as Lucene and tantivy use
Floats = NDArray[np.float64]


@dataclass(frozen=True)
class BlockMax:
    """Per block of BLOCK postings the best tf part of a score; term t's blocks are
    maxima[offsets[t]:offsets[t + 1]], in posting order."""

    offsets: NDArray[np.int64]
    maxima: Floats
    block: int  # postings per block
    avgdl: float  # the average document length the maxima were computed with

    def scale(self, avgdl: float) -> float:
        """The factor that keeps these maxima bounds at average length `avgdl`."""
        return max(1.0, avgdl / self.avgdl) if self.avgdl > 0 else 1.0


def block_max(segment: Segment, k1_norm: Floats, numerators: Floats, avgdl: float) -> BlockMax:
    """The block maxima of `segment` under the index's current length norms."""
    block = BLOCK
    counts = np.diff(segment.offsets)
    offsets = np.zeros(len(segment.offsets), np.int64)
    np.cumsum((counts + block - 1) // block, out=offsets[1:])
    maxima = np.empty(int(offsets[-1]))
    compiled().block_maxima(
        segment.offsets, segment.rows, segment.tfs, k1_norm, numerators, block, offsets, maxima
    )
    return BlockMax(offsets, maxima, block, avgdl)


class BlockMaxCache:
    """The block maxima of the segments in use, each kept with its segment (compared by
    identity, so a replaced segment never meets the maxima of its predecessor)."""

    def __init__(self) -> None:
        self._kept: dict[int, tuple[Segment, BlockMax]] = {}

    def get(self, segment: Segment, k1_norm: Floats, numerators: Floats, avgdl: float) -> BlockMax:
        kept = self._kept.get(id(segment))
        if kept is not None and kept[0] is segment:
            return kept[1]
        found = block_max(segment, k1_norm, numerators, avgdl)
        self._kept[id(segment)] = (segment, found)
        return found

    def retain(self, segments: list[Segment]) -> None:
        """Forget the maxima of segments no longer in use (after a merge)."""
        ids = {id(s) for s in segments}
        if any(key not in ids for key in self._kept):
            self._kept = {key: kept for key, kept in self._kept.items() if key in ids}

    def __reduce__(self) -> tuple[type[BlockMaxCache], tuple[()]]:
        return (BlockMaxCache, ())  # derived data: a copy recomputes it
