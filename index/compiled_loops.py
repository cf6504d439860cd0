"""The compiled loops behind index/kernels.py: imported only from there, on the first search
(importing numba costs ~0.2 s, which every start of the CLI would otherwise pay).

Module-level functions: defined inside a function (calling each other as closures), numba's
on-disk cache did not spare a new process the compile (its first query took 1.7 s with a warm
cache, 0.3 s now).
"""

# mypy: disable-error-code="no-untyped-def"
from __future__ import annotations

import numpy as np
from numba import njit

jit = njit(cache=True, nogil=True)


@jit
def add_weights(acc, rows, tfs, k1_norm, numerators, idf):
    """acc[row] += idf * (numerators[tf] / (tf + k1_norm[row])) for each posting."""
    for i in range(rows.shape[0]):
        row = rows[i]
        tf = tfs[i]
        # numpy's order exactly: (k1*norm + tf), then numerator / that, then * idf.
        acc[row] += numerators[tf] / (k1_norm[row] + tf) * idf


@jit
def block_maxima(offsets, rows, tfs, k1_norm, numerators, block, block_offsets, terms, out):
    """For each term of `terms`: out[j] = max numerators[tf] / (k1_norm[row] + tf) over its
    block j of `block` postings (term t's blocks are out[block_offsets[t]:...[t + 1]])."""
    for term in terms:
        end = offsets[term + 1]
        j = block_offsets[term]
        start = offsets[term]
        while start < end:
            stop = min(start + block, end)
            best = 0.0
            for i in range(start, stop):
                tf = tfs[i]
                w = numerators[tf] / (k1_norm[rows[i]] + tf)
                if w > best:
                    best = w
            out[j] = best
            j += 1
            start = stop


@jit
def gallop(rows, lo, end, row):
    """The first position in rows[lo:end] (ascending) holding row or more, else end."""
    step = 1
    hi = lo
    while hi < end and rows[hi] < row:
        lo = hi + 1
        hi += step
        step <<= 1
    hi = min(hi, end)
    while lo < hi:
        mid = (lo + hi) >> 1
        if rows[mid] < row:
            lo = mid + 1
        else:
            hi = mid
    return lo


@jit
def worse(heap_score, heap_id, a, b):
    """Whether heap entry a ranks below entry b: a lower score, or the same and a larger id."""
    return heap_score[a] < heap_score[b] or (
        heap_score[a] == heap_score[b] and heap_id[a] > heap_id[b]
    )


@jit
def swap(heap_score, heap_id, a, b):
    heap_score[a], heap_score[b] = heap_score[b], heap_score[a]
    heap_id[a], heap_id[b] = heap_id[b], heap_id[a]


@jit
def offer(score, doc_id, heap_score, heap_id, state):
    """Put a document into the running top k, a binary heap with the worst entry first
    (better is a higher score, then a smaller doc id); state[0] = entries held. Returns the
    k-th score, or -inf while fewer than k are held. O(log k) a document: with many ties
    under descending ids every document enters, and a scan of all k per entry was
    quadratic (k=1,000 over 600,000 tied passages: 0.76 s)."""
    k = heap_score.shape[0]
    size = state[0]
    if size < k:
        heap_score[size] = score
        heap_id[size] = doc_id
        j = size
        while j > 0 and worse(heap_score, heap_id, j, (j - 1) >> 1):
            swap(heap_score, heap_id, j, (j - 1) >> 1)
            j = (j - 1) >> 1
        size += 1
        state[0] = size
        return heap_score[0] if size == k else -np.inf
    if score < heap_score[0] or (score == heap_score[0] and doc_id > heap_id[0]):
        return heap_score[0]
    heap_score[0] = score
    heap_id[0] = doc_id
    j = 0
    while True:
        child = 2 * j + 1
        if child >= k:
            break
        if child + 1 < k and worse(heap_score, heap_id, child + 1, child):
            child += 1
        if not worse(heap_score, heap_id, child, j):
            break
        swap(heap_score, heap_id, child, j)
        j = child
    return heap_score[0]


@jit
def window_top_k(
    rows, tfs, offsets, block_offsets, maxima, terms, coefs, idfs, counts, query, k1_norm,
    numerators, live, check_live, allowed, check_allowed, doc_ids, window, block, slack,
    low_share, heap_score, heap_id, state,
):  # fmt: skip
    """Offer every document of one segment that may belong in the top k (see index/topk.py).

    The segment: term t's postings are rows[offsets[t]:offsets[t + 1]], the maxima of their
    blocks of `block` maxima[block_offsets[t]:block_offsets[t + 1]]. The query: distinct
    term ids `terms` (past the segment's terms: none here), per term idf, count and coef
    (a block maximum times coef bounds the term's weight), and `query`, each query term's
    index in `terms`. With check_allowed, only documents whose allowed[doc id] is true (ids
    past its end are not) may enter. The running top k is heap_* and state."""
    n = terms.shape[0]
    n_terms = offsets.shape[0] - 1
    starts = np.zeros(n, np.int64)
    ends = np.zeros(n, np.int64)
    first_block = np.zeros(n, np.int64)
    first_row = np.int64(1) << 62
    last_row = np.int64(-1)
    for i in range(n):
        t = terms[i]
        if t < n_terms and offsets[t + 1] > offsets[t]:
            starts[i] = offsets[t]
            ends[i] = offsets[t + 1]
            first_block[i] = block_offsets[t]
            first_row = min(first_row, np.int64(rows[starts[i]]))
            last_row = max(last_row, np.int64(rows[ends[i] - 1]))
    theta = -np.inf
    if state[0] == heap_score.shape[0]:
        theta = heap_score[0]
    cursor = starts.copy()
    p0 = np.empty(n, np.int64)
    p1 = np.empty(n, np.int64)
    top = np.empty(n)  # per term, the bound of its blocks in this window
    order = np.empty(n, np.int64)
    cum = np.empty(n)
    weight = np.empty(n)
    acc = np.zeros(window)
    marked = np.zeros(window, np.bool_)
    touched = np.empty(window, np.int64)
    cand = np.empty(window, np.int64)
    cand_value = np.empty(window)
    lo_row = first_row
    while lo_row <= last_row:
        hi_row = lo_row + window
        total = 0.0
        for i in range(n):
            p = gallop(rows, cursor[i], ends[i], lo_row)
            q = gallop(rows, p, ends[i], hi_row)
            p0[i] = p
            p1[i] = q
            cursor[i] = q
            best = 0.0
            if q > p:
                for b in range((p - starts[i]) // block, (q - 1 - starts[i]) // block + 1):
                    best = max(best, maxima[first_block[i] + b])
            top[i] = best * coefs[i]
            total += top[i]
        if total * (1.0 + slack) < theta:  # nothing in this window can make the top k
            lo_row = hi_row
            continue
        for i in range(n):  # terms by their bound here, smallest first (n is small)
            j = i
            while j > 0 and top[order[j - 1]] > top[i]:
                order[j] = order[j - 1]
                j -= 1
            order[j] = i
        running = 0.0
        n_low = 0  # terms order[:n_low] together cannot lift a document into the top k
        for j in range(n):
            running += top[order[j]]
            cum[j] = running * (1.0 + slack)
            if cum[j] < theta * low_share:
                n_low = j + 1
        n_touched = 0
        for j in range(n_low, n):
            i = order[j]
            scale = idfs[i] * counts[i]
            for p in range(p0[i], p1[i]):
                row = rows[p]
                tf = tfs[p]
                at = row - lo_row
                if not marked[at]:
                    marked[at] = True
                    touched[n_touched] = at
                    n_touched += 1
                acc[at] += numerators[tf] / (k1_norm[row] + tf) * scale
        low = cum[n_low - 1] if n_low > 0 else 0.0
        # The documents whose score so far plus the low terms' bounds may reach theta.
        n_cand = 0
        for t in range(n_touched):
            at = touched[t]
            value = acc[at]
            acc[at] = 0.0
            marked[at] = False
            if (value + low) * (1.0 + slack) >= theta:
                cand[n_cand] = at
                cand_value[n_cand] = value
                n_cand += 1
        for c in range(n_cand):
            at = cand[c]
            value = cand_value[c]
            row = lo_row + at
            if check_live and not live[row]:
                continue
            if check_allowed and not (
                0 <= doc_ids[row] < allowed.shape[0] and allowed[doc_ids[row]]
            ):
                continue
            dropped = False
            for j in range(n_low - 1, -1, -1):  # the terms with bounds too low, best first
                i = order[j]
                p = gallop(rows, p0[i], p1[i], row)
                if p < p1[i] and rows[p] == row:
                    tf = tfs[p]
                    value += numerators[tf] / (k1_norm[row] + tf) * idfs[i] * counts[i]
                rest = cum[j - 1] if j > 0 else 0.0
                if (value + rest) * (1.0 + slack) < theta:
                    dropped = True
                    break
            if dropped or value * (1.0 + slack) < theta:
                continue
            # The exact score: each term's weight, summed in query order as rank-bm25 does.
            for i in range(n):
                weight[i] = 0.0
                p = gallop(rows, p0[i], p1[i], row)
                if p < p1[i] and rows[p] == row:
                    tf = tfs[p]
                    weight[i] = numerators[tf] / (k1_norm[row] + tf) * idfs[i]
            score = 0.0
            for q in range(query.shape[0]):
                score += weight[query[q]]
            theta = offer(score, doc_ids[row], heap_score, heap_id, state)
        lo_row = hi_row
