"""The compiled inner loops of search (numba, from wheels: no compiler on the user's machine).

numpy did the scoring as gather, add, lookup, divide, multiply (each a temporary the length of
the postings) and then `np.add.at`, which is unbuffered and slow: at 1,000,000 passages that
was three quarters of a query. `add_weights` does the same arithmetic on each posting in the
same order, so the scores are the same bits (tests/test_bm25.py checks them against
rank-bm25). The others serve the pruned top k (index/topk.py) and its block maxima
(index/blockmax.py); they live in index/compiled_loops.py.

numba is imported on the first search, not at import time (it adds ~0.2 s to every start of
the CLI), and compiled code is cached on disk (numba's cache: beside this file, or the
user's cache directory when that is read-only), so only the first query of a new install
compiles (bench/speed.py reports both).
"""

from __future__ import annotations

from functools import cache
from typing import Any, NamedTuple


class Kernels(NamedTuple):
    """The compiled functions (index/compiled_loops.py documents each)."""

    add_weights: Any
    block_maxima: Any
    window_top_k: Any


@cache
def compiled() -> Kernels:
    """Import (compile, or load from numba's cache) the kernels, once per process."""
    from index import compiled_loops as loops  # lazily: see the module docstring

    return Kernels(loops.add_weights, loops.block_maxima, loops.window_top_k)
