"""The compiled inner loop of search: BM25 weights of a term's postings added into the scores.

numpy did this as gather, add, lookup, divide, multiply (each a temporary the length of the
postings) and then `np.add.at`, which is unbuffered and slow: at 1,000,000 passages that
was three quarters of a query. One compiled loop (numba, from wheels: no compiler on the
user's machine) does the same arithmetic on each posting in the same order, so the scores
are the same bits (tests/test_bm25.py checks them against rank-bm25).

numba is imported on the first search, not at import time (it adds ~0.2 s to every start of
the CLI), and compiled code is cached on disk (numba's cache: beside this file, or the
user's cache directory when that is read-only), so only the first query of a new install
compiles (bench/speed.py reports both).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

AddWeights = Callable[
    [NDArray[np.float64], NDArray[np.int32], NDArray[Any], NDArray[np.float64],
     NDArray[np.float64], float],
    None,
]  # fmt: skip


@cache
def add_weights() -> AddWeights:
    """acc[row] += idf * (numerators[tf] / (tf + k1_norm[row])) for each posting, in order."""
    from numba import njit  # lazily: see the module docstring

    @njit(cache=True, nogil=True)
    def kernel(
        acc: NDArray[np.float64],
        rows: NDArray[np.int32],
        tfs: NDArray[Any],
        k1_norm: NDArray[np.float64],
        numerators: NDArray[np.float64],
        idf: float,
    ) -> None:
        for i in range(rows.shape[0]):
            row = rows[i]
            tf = tfs[i]
            # numpy's order exactly: (k1*norm + tf), then numerator / that, then * idf.
            acc[row] += numerators[tf] / (k1_norm[row] + tf) * idf

    return kernel
