"""BM25 formulas, written in rank-bm25's exact order of operations.

Every function mirrors one expression of rank_bm25 0.2.2 (or, for "lucene", Lucene's
BM25Similarity without length quantisation), so that scores are equal bit for bit: idf with
`math.log` (numpy's log may differ in the last bit), float64 throughout, same operand order.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Floats = NDArray[np.float64]


@dataclass(frozen=True)
class Params:
    """Free parameters of the BM25 family."""

    k1: float
    b: float
    epsilon: float  # okapi only: floor of negative idfs, as a fraction of the average idf
    delta: float  # l and plus only: the lower bound on a term's contribution


def idf_okapi(n_docs: int, df: int) -> float:
    """Robertson-Spärck Jones idf; negative for terms in more than half of the documents."""
    return math.log(n_docs - df + 0.5) - math.log(df + 0.5)


def idf_l(n_docs: int, df: int) -> float:
    return math.log(n_docs + 1) - math.log(df + 0.5)


def idf_plus(n_docs: int, df: int) -> float:
    return math.log((n_docs + 1) / df)


def idf_lucene(n_docs: int, df: int) -> float:
    """Lucene's idf: the okapi idf shifted so that it is never negative."""
    return math.log(1 + (n_docs - df + 0.5) / (df + 0.5))


def idf_table(idf: Callable[[int, int], float], n_docs: int, df: NDArray[np.int64]) -> Floats:
    """idf of every term id; `math.log` runs once per distinct df, not once per term."""
    values, inverse = np.unique(df, return_inverse=True)
    per_value = np.array([idf(n_docs, int(v)) if v > 0 else 0.0 for v in values.tolist()])
    return per_value[inverse].astype(np.float64, copy=False)


def average_idf(idf_in_corpus_order: Floats) -> float:
    """Mean idf, summed one term after the other as rank-bm25 does (not pairwise)."""
    if len(idf_in_corpus_order) == 0:
        return 0.0
    total = float(np.add.accumulate(idf_in_corpus_order)[-1])
    return total / len(idf_in_corpus_order)


def epsilon_floor(idf: Floats, known: NDArray[np.bool_], average: float, epsilon: float) -> Floats:
    """BM25Okapi: every negative idf of a corpus term becomes epsilon * average idf."""
    floored = idf.copy()
    floored[known & (idf < 0)] = epsilon * average
    return floored


def length_norm(doc_len: NDArray[np.int64] | Floats, avgdl: float, b: float) -> Floats:
    """1 - b + b*|d|/avgdl: how much longer than average a document is, damped by b."""
    if avgdl == 0:  # every document is empty: no document has a posting to normalise
        return np.full(len(doc_len), 1 - b, dtype=np.float64)
    return (1 - b + b * doc_len / avgdl).astype(np.float64, copy=False)


def term_okapi(idf: float, tf: Floats, norm: Floats, p: Params) -> Floats:
    result: Floats = idf * (tf * (p.k1 + 1) / (tf + p.k1 * norm))
    return result


def term_l(idf: float, tf: Floats, norm: Floats, p: Params) -> Floats:
    ctd = tf / norm  # the length-normalised term frequency c'(t, d)
    result: Floats = idf * tf * (p.k1 + 1) * (ctd + p.delta) / (p.k1 + ctd + p.delta)
    return result


def term_plus(idf: float, tf: Floats, norm: Floats, p: Params) -> Floats:
    result: Floats = idf * (p.delta + (tf * (p.k1 + 1)) / (p.k1 * norm + tf))
    return result


def term_lucene(idf: float, tf: Floats, norm: Floats, p: Params) -> Floats:
    # Lucene 8+ dropped the constant (k1 + 1) factor: it changes no ranking.
    result: Floats = idf * (tf / (tf + p.k1 * norm))
    return result


def numerator_okapi(tf: Floats, p: Params) -> Floats:
    """The tf part above the fraction bar of term_okapi: the same expression, so that a
    table of it indexed by tf holds the same bits as computing it per posting."""
    result: Floats = tf * (p.k1 + 1)
    return result


def numerator_lucene(tf: Floats, p: Params) -> Floats:
    return tf


def absent_zero(idf: float, p: Params) -> float:
    """What a document without the term gets from it: nothing, in most variants."""
    return 0.0


def absent_plus(idf: float, p: Params) -> float:
    """BM25+ gives idf·δ even to documents without the term (its tf part is 0)."""
    return idf * (p.delta + 0.0)


@dataclass(frozen=True)
class Variant:
    """One member of the BM25 family: its idf, its per-posting score, its absent-term score."""

    name: str
    idf: Callable[[int, int], float]
    term_score: Callable[[float, Floats, Floats, Params], Floats]
    absent_score: Callable[[float, Params], float]
    epsilon_floor: bool = False
    default_delta: float = 0.0
    # Set when term_score is exactly idf * (numerator(tf) / (tf + k1*norm)) and absent
    # terms score 0: such variants take the fast search path (same bits, fewer passes).
    numerator: Callable[[Floats, Params], Floats] | None = None


VARIANTS = {
    "okapi": Variant(
        "okapi", idf_okapi, term_okapi, absent_zero, epsilon_floor=True, numerator=numerator_okapi
    ),
    "l": Variant("l", idf_l, term_l, absent_zero, default_delta=0.5),
    "plus": Variant("plus", idf_plus, term_plus, absent_plus, default_delta=1.0),
    "lucene": Variant("lucene", idf_lucene, term_lucene, absent_zero, numerator=numerator_lucene),
}
