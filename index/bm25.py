"""An incremental BM25 index whose scores equal rank-bm25's bit for bit.

Postings live in a main segment plus a few delta segments of recent adds (see _compact);
removed documents are masked at once and purged when segments merge. Statistics (N, avgdl,
df, idf, length norms) are refreshed once per add or remove batch, so they stay exact.
"""

from __future__ import annotations

import difflib
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import chain
from typing import Any

import numpy as np
from numpy.typing import NDArray

from index import topk
from index.blockmax import BlockMaxCache
from index.kernels import compiled
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
    SegmentSet,
    build_segment,
    empty_segment,
    merge_segments,
)

MERGE_RATIO = 0.25  # deltas merge into main once they hold this fraction of main's postings
MAX_DELTAS = 8  # more delta segments than this are merged into one, so a query visits few
_NOWHERE = int(np.iinfo(np.int64).max)
_GroupStats = tuple[NDArray[np.int64], "Floats", int]
# A filter for search(): allowed[doc_id] says whether that document may be a hit.
DocMask = NDArray[np.bool_]


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


# Per-row and per-term arrays of an index; the last three are changed in place, not only
# appended to, so a restored index copies them out of the (read-only) files.
APPEND_ONLY_COLUMNS = ("doc_ids", "doc_len", "fwd_offsets", "fwd_terms")
IN_PLACE_COLUMNS = ("df", "first_pos", "live")


@dataclass(frozen=True)
class IndexState:
    """Everything an index is made of, as plain arrays (see index.persist)."""

    variant: str
    params: Params
    terms: list[str]  # term id → term
    columns: dict[str, NDArray[Any]]  # APPEND_ONLY_COLUMNS + IN_PLACE_COLUMNS
    segments: SegmentSet


class BM25Index:
    """Documents (id → terms) searchable with okapi, l, plus (as rank-bm25) or lucene BM25."""

    def __init__(
        self,
        variant: str = "okapi",
        k1: float = 1.5,
        b: float = 0.75,
        epsilon: float = 0.25,
        delta: float | None = None,
        *,
        auto_merge: bool = True,
    ) -> None:
        """auto_merge=False leaves merging deltas into main to the caller: see merge()."""
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
        self.auto_merge = auto_merge
        # Postings: swapped in one assignment, so a search never sees half a merge.
        self._segs = SegmentSet(empty_segment(), (), holds_dead=False)
        self._norm: Floats = np.zeros(0)  # derived: 1 - b + b*|d|/avgdl per row
        self._k1_norm: Floats = np.zeros(0)  # derived: k1 * norm, as the formulas have it
        # derived: (avgdl, k1_norm) in one tuple, so that a search running during an add
        # never pairs one with the other's successor (index/blockmax.py relies on the pair)
        self._lengths: tuple[float, Floats] = (0.0, self._k1_norm)
        self._block_max = BlockMaxCache()  # derived: per segment, for the pruned top k
        numerator = self._variant.numerator
        self._numerators = (  # numerator(tf) for every uint16 tf, looked up per posting
            None
            if numerator is None
            else numerator(np.arange(1 << 16, dtype=np.float64), self._params)
        )
        self._scratch = _Scratch()
        self._idf: Floats = np.zeros(0)  # derived: idf per term id (0 when df = 0)
        self._generation = 0  # bumped by every add and remove (see _group_stats)
        # (generation, the grouping array itself, its length) -> per-row group, lengths, count
        self._groups: tuple[int, NDArray[np.int64], int, _GroupStats] | None = None

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

    def doc_ids(self) -> list[int]:
        """The ids of the live documents (for a caller reconciling the index with its store)."""
        return list(self._row_of)

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
        segs = self._segs
        self._segs = replace(segs, deltas=(*segs.deltas, build_segment(rows, terms, tfs)))
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
        self._segs = replace(self._segs, holds_dead=True)
        self._refresh()

    def search(
        self,
        tokens: Sequence[str],
        k: int = 10,
        *,
        allowed: DocMask | None = None,
        bonus: Floats | None = None,
    ) -> list[tuple[int, float]]:
        """The best k (doc_id, score), best first, ties by smaller id.

        Only documents containing at least one query term are hits: under BM25+ every
        document has a score (idf·δ per query term), but a document matching nothing is no
        answer to the query. `allowed` (indexed by doc id; ids past its end are not allowed)
        keeps only some documents: filtered before the top k is taken, so a filter that
        leaves few documents costs what an unfiltered search does, and scores are unchanged.
        `bonus` (indexed by doc id; 0 past its end) is added to the score of every matching
        document before the top k is taken: evidence from outside the document, such as
        its article's (see group_scores).
        """
        if k <= 0:
            return []
        query = self._query(tokens)
        if self._numerators is not None:
            return self._search_fast(query, k, allowed, bonus)
        rows, scores = self._score_matching(query)
        doc_ids = self._doc_ids.view[rows]
        if allowed is not None:
            keep = _allowed(allowed, doc_ids)
            rows, scores, doc_ids = rows[keep], scores[keep], doc_ids[keep]
        if bonus is not None:
            scores += _bonus_of(bonus, doc_ids)
        return self._top_k(rows, scores, k)

    def group_scores(
        self, tokens: Sequence[str], group_of: NDArray[np.int64], *, b: float | None = None
    ) -> Floats:
        """BM25 of groups of documents, each group taken as one document: term counts and
        lengths summed over the group's live documents, idf and average length taken over the
        groups; this index's variant and parameters (but neither okapi's epsilon floor nor
        BM25+'s score for absent terms). `group_of[doc_id]` is a document's group (< 0 or
        past its end: none); the result is indexed by group (every group in `group_of`),
        0 where nothing matched. `b` replaces the index's length normalisation (0: a long
        group is not scored down for its length; its term counts still saturate).

        Passages are the documents and articles their groups: an article about the query's
        subject scores high even where each of its passages says it once."""
        query = self._query(tokens)
        row_group, lengths, n_groups = self._group_stats(group_of)
        scores = np.zeros(len(lengths))
        if not query or not n_groups:
            return scores
        params, variant = self._params, self._variant
        if b is not None and not 0 <= b <= 1:
            raise InvalidParameterError(f"b={b!r} is out of range; use 0 to 1")
        norms = length_norm(lengths, float(lengths.sum()) / n_groups, params.b if b is None else b)
        for term_id in query:  # a repeated query term counts again, as in search()
            rows, tfs = self._live_postings(term_id)
            groups = row_group[rows]
            mine = groups >= 0
            tf = np.bincount(groups[mine], weights=tfs[mine], minlength=len(lengths)).astype(
                np.float64, copy=False
            )
            hit = np.flatnonzero(tf)
            idf = variant.idf(n_groups, len(hit))
            scores[hit] += variant.term_score(idf, tf[hit], norms[hit], params)
        return scores

    def _group_stats(self, group_of: NDArray[np.int64]) -> tuple[NDArray[np.int64], Floats, int]:
        """Per row its group (-1: none or dead), per group its length, the number of groups:
        kept until the next add or remove (or another grouping)."""
        # Compared by identity while holding a reference: an id() alone can be reused by a
        # new array once the old one is freed (as SQLAlchemy's registry was fooled, see
        # articles/changes.py).
        cached = self._groups
        if (
            cached is not None
            and cached[0] == self._generation
            and cached[1] is group_of
            and cached[2] == len(group_of)
        ):
            return cached[3]
        doc_ids = self._doc_ids.view
        row_group = np.full(len(doc_ids), -1, np.int64)
        inside = (doc_ids >= 0) & (doc_ids < len(group_of))  # a negative id would wrap
        row_group[inside] = group_of[doc_ids[inside]]
        row_group[~self._live.view] = -1
        row_group[row_group < 0] = -1
        mine = row_group >= 0
        size = int(group_of.max()) + 1 if len(group_of) else 0
        lengths = np.bincount(
            row_group[mine], weights=self._doc_len.view[mine], minlength=size
        ).astype(np.float64, copy=False)
        n_groups = int(np.count_nonzero(np.bincount(row_group[mine], minlength=size)))
        stats = (row_group, lengths, n_groups)
        self._groups = (self._generation, group_of, len(group_of), stats)
        return stats

    def close_terms(self, term: str, limit: int = 1, cutoff: float = 0.8) -> list[str]:
        """Terms of the index (held by a live document) spelled like `term`: a suggestion for
        a word it does not have. Only terms of about its length and first letter are tried."""
        if not term:
            return []
        df = self._df.view
        candidates = [
            known
            for known, term_id in self._vocab.items()
            if known[:1] == term[:1] and abs(len(known) - len(term)) <= 2 and df[term_id] > 0
        ]
        return difflib.get_close_matches(term, candidates, n=limit, cutoff=cutoff)

    def doc_frequency(self, term: str) -> int:
        """How many live documents hold `term` (0 for a term the index has never seen)."""
        term_id = self._vocab.get(term)
        return 0 if term_id is None else int(self._df.view[term_id])

    def docs_with(self, term: str) -> NDArray[np.int64]:
        """The ids of the live documents holding `term` (to build an `allowed` mask)."""
        term_id = self._vocab.get(term)
        if term_id is None:
            return np.zeros(0, np.int64)
        rows, _ = self._live_postings(term_id)
        return self._doc_ids.view[rows]

    def _search_fast(
        self, query: list[int], k: int, allowed: DocMask | None, bonus: Floats | None
    ) -> list[tuple[int, float]]:
        """search() for variants with a numerator: per posting idf * (numerator(tf) / (tf +
        k1*norm)), summed into a reused dense accumulator by a compiled loop
        (index/kernels.py). Without a bonus, on an index of topk.MIN_ROWS rows or more, the
        top k is found with dynamic pruning (index/topk.py); otherwise every matching
        document is scored term by term in query order (rank-bm25's order of sums, so the
        same bits) and then only documents that may be in the top k are looked at."""
        if not query:
            return []
        segs, k1_norm, numerators = self._segs, self._k1_norm, self._numerators
        assert numerators is not None
        if bonus is None:
            pruned = self._search_pruned(query, k, allowed)
            if pruned is not None:
                return pruned
        acc = self._scratch.take(len(k1_norm))
        lists: list[Rows] = []
        try:
            add = compiled().add_weights
            for term_id in query:  # a repeated query term adds its weights again
                idf = float(self._idf[term_id])
                for segment in segs.all():
                    rows, tfs = segment.postings(term_id)
                    if not len(rows):
                        continue
                    if tfs.dtype == np.uint16:  # the numerator table covers every uint16
                        add(acc, rows, tfs, k1_norm, numerators, idf)
                    else:
                        np.add.at(acc, rows, self._weights(idf, rows, tfs, numerators))
                    lists.append(rows)
            if allowed is not None or bonus is not None:
                return self._top_filtered(acc, lists, segs.holds_dead, k, allowed, bonus)
            return self._top_of(acc, lists, segs.holds_dead, k)
        finally:
            if sum(len(rows) for rows in lists) > len(acc) // 8:
                acc.fill(0.0)  # a memset beats scattered stores past this size
            else:
                for rows in lists:
                    acc[rows] = 0.0
            self._scratch.give(acc)

    def _search_pruned(
        self, query: list[int], k: int, allowed: DocMask | None
    ) -> list[tuple[int, float]] | None:
        """The top k by dynamic pruning over block maxima (index/topk.py), or None where its
        bounds do not hold: a negative idf (okapi's floor with a negative epsilon or average)
        or one too small for relative rounding (topk.TINY_IDF, likewise topk.HUGE_K1), or term
        frequencies past uint16 (outside the numerator table); or None for an index smaller than
        topk.MIN_ROWS, where scoring every matching document is as fast. A bonus (evidence
        from outside the document, any size) would need its own bound per window: such
        searches score every matching document too."""
        segs, (avgdl, k1_norm), numerators = self._segs, self._lengths, self._numerators
        assert numerators is not None
        if len(k1_norm) < topk.MIN_ROWS or self._params.k1 > topk.HUGE_K1:
            return None
        segments = [segment for segment in segs.all() if segment.n_postings]
        distinct = list(dict.fromkeys(query))
        terms = np.array(distinct, np.int64)
        idfs = self._idf[terms]
        tiny = (idfs < 0) | ((idfs > 0) & (idfs < topk.TINY_IDF))
        if bool(tiny.any()) or any(s.tfs.dtype != np.uint16 for s in segments):
            return None
        counts = np.array([query.count(t) for t in distinct], np.float64)
        position = {term_id: i for i, term_id in enumerate(distinct)}
        positions = np.array([position[t] for t in query], np.int64)
        live, doc_ids = self._live.view, self._doc_ids.view
        rows = topk.RowState(k1_norm, numerators, live, segs.holds_dead, doc_ids, allowed)
        self._block_max.retain(segments)
        # A huge k allocates no more than the live documents (at least one holds a query term).
        top = topk.TopK(min(k, len(self._row_of)))
        for segment in segments:
            maxima = self._block_max.get(segment)
            scales = maxima.prepare(terms, k1_norm, numerators, avgdl)
            coefs = idfs * counts * scales * (1 + topk.SLACK)
            topk.offer_segment(segment, maxima, terms, (idfs, counts, coefs), positions, rows, top)
        return top.best()

    def _weights(self, idf: float, rows: Rows, tfs: Counts, numerators: Floats) -> Floats:
        """idf * (numerator(tf) / (tf + k1*norm)) per posting, without temporaries."""
        params = self._params
        denominator = self._k1_norm[rows]
        denominator += tfs  # tf + k1*norm (float addition commutes)
        if tfs.dtype == np.uint16:
            w: Floats = numerators[tfs]
        else:
            assert self._variant.numerator is not None
            w = self._variant.numerator(tfs.astype(np.float64), params)
        np.divide(w, denominator, out=w)
        np.multiply(w, idf, out=w)
        return w

    def _top_of(
        self, acc: Floats, lists: list[Rows], holds_dead: bool, k: int
    ) -> list[tuple[int, float]]:
        """The k best rows among `lists` (final scores in `acc`), ties by smaller doc id.

        A threshold from a few short lists (k real scores, so a lower bound of the k-th
        best) leaves, from every list, only the rows scoring at least that much."""
        live = self._live.view
        threshold = -math.inf
        for seed in sorted(lists, key=len):  # the shortest list with k live rows
            if holds_dead:
                seed = seed[live[seed]]
            if len(seed) >= k:  # rows of one list are distinct: k real documents
                scores = acc[seed]
                threshold = float(np.partition(scores, len(scores) - k)[len(scores) - k])
                break
        found: NDArray[np.signedinteger[Any]]
        if threshold == -math.inf:
            found = np.unique(np.concatenate(lists))
        elif threshold > 0 and sum(len(rows) for rows in lists) > len(acc) // 8:
            found = np.flatnonzero(acc >= threshold)  # one pass beats many gathers here
        else:
            found = np.unique(np.concatenate([rows[acc[rows] >= threshold] for rows in lists]))
        if holds_dead:
            found = found[live[found]]
        return self._top_k(found.astype(np.int64), acc[found], k)

    def _top_filtered(
        self,
        acc: Floats,
        lists: list[Rows],
        holds_dead: bool,
        k: int,
        allowed: DocMask | None,
        bonus: Floats | None,
    ) -> list[tuple[int, float]]:
        """The k best rows among `lists` whose documents `allowed` keeps, `bonus` added."""
        if not lists:
            return []
        if sum(len(rows) for rows in lists) > len(acc) // 8:
            touched = np.zeros(len(acc), np.bool_)  # a pass over all rows beats sorting many
            for rows in lists:
                touched[rows] = True
            found = np.flatnonzero(touched)
        else:
            found = np.unique(np.concatenate(lists)).astype(np.int64)
        if holds_dead:
            found = found[self._live.view[found]]
        doc_ids = self._doc_ids.view[found]
        if allowed is not None:
            keep = _allowed(allowed, doc_ids)
            found, doc_ids = found[keep], doc_ids[keep]
        scores = acc[found]
        if bonus is not None:
            scores += _bonus_of(bonus, doc_ids)
        return self._top_k(found, scores, k)

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

    def export_state(self) -> IndexState:
        """The index's arrays as they are (views, no copies): for index.persist."""
        columns: dict[str, NDArray[Any]] = {
            name: getattr(self, f"_{name}").view
            for name in (*APPEND_ONLY_COLUMNS, *IN_PLACE_COLUMNS)
        }
        return IndexState(self.variant, self._params, list(self._vocab), columns, self._segs)

    @classmethod
    def from_state(cls, state: IndexState) -> BM25Index:
        """An index over `state`'s arrays, which may be read-only (memory-mapped): they are
        never written; adds and merges build new arrays. Statistics are recomputed."""
        p = state.params
        index = cls(state.variant, p.k1, p.b, p.epsilon, p.delta)
        index._vocab = {term: i for i, term in enumerate(state.terms)}
        fills = {"first_pos": _NOWHERE}
        for name in APPEND_ONLY_COLUMNS:
            setattr(index, f"_{name}", Column.wrap(state.columns[name]))
        for name in IN_PLACE_COLUMNS:
            data = np.array(state.columns[name])  # a private, writable copy
            setattr(index, f"_{name}", Column.wrap(data, fills.get(name, 0)))
        rows = np.flatnonzero(index._live.view)
        index._row_of = dict(zip(index._doc_ids.view[rows].tolist(), rows.tolist(), strict=True))
        index._total_len = int(index._doc_len.view[rows].sum())
        index._segs = state.segments
        index._refresh()
        return index

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
        return self._segs.all()  # in ascending row order

    def _live_postings(self, term_id: int) -> tuple[Rows, Counts]:
        parts = [s.postings(term_id) for s in self._segments()]
        parts = [(rows, tfs) for rows, tfs in parts if len(rows)] or parts[:1]
        if len(parts) == 1:
            rows, tfs = parts[0]
        else:
            rows = np.concatenate([r for r, _ in parts])
            tfs = np.concatenate([t for _, t in parts])
        if self._segs.holds_dead:
            alive = self._live.view[rows]
            rows, tfs = rows[alive], tfs[alive]
        return rows, tfs

    def needs_merge(self) -> bool:
        """Whether the deltas have outgrown MERGE_RATIO of main (or are too many): time to
        call merge(). With auto_merge (the default) adds merge by themselves."""
        segs = self._segs
        delta_postings = sum(s.n_postings for s in segs.deltas)
        return delta_postings > MERGE_RATIO * segs.main.n_postings or (
            len(segs.deltas) > MAX_DELTAS
        )

    def merge(self) -> None:
        """Merge every delta into main now, purging removed documents' postings.

        The merged segment is built off to the side and swapped in with one assignment,
        so a search running meanwhile (in another thread) sees either the old segments or
        the new ones, never a mix; the caller must still keep adds and removes out (hold
        its lock around this call). Scores do not change, bit for bit.
        """
        segs = self._segs
        if not segs.deltas and not segs.holds_dead:
            return
        merged = merge_segments(segs.all(), self._live.view)
        self._segs = SegmentSet(merged, (), holds_dead=False)

    def _compact(self) -> None:
        """Merge deltas into main past MERGE_RATIO of its size; cap the number of deltas."""
        segs = self._segs
        if not self.auto_merge:
            return
        delta_postings = sum(s.n_postings for s in segs.deltas)
        if delta_postings > MERGE_RATIO * segs.main.n_postings:
            self.merge()
        elif len(segs.deltas) > MAX_DELTAS:
            merged = merge_segments(segs.deltas, self._live.view)
            self._segs = replace(segs, deltas=(merged,))

    def _refresh(self) -> None:
        """Recompute avgdl, length norms and idfs: they change with every add and remove."""
        self._generation += 1
        n_docs = len(self._row_of)
        avgdl = self._total_len / n_docs if n_docs else 0.0
        self._norm = length_norm(self._doc_len.view, avgdl, self._params.b)
        self._k1_norm = self._params.k1 * self._norm
        self._lengths = (avgdl, self._k1_norm)
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


class _Scratch:
    """Zeroed float64 accumulators reused across searches: one per concurrent search,
    handed back zeroed. Not state: pickles (and compares) as an empty pool."""

    def __init__(self) -> None:
        self._free: list[Floats] = []

    def take(self, size: int) -> Floats:
        try:
            acc = self._free.pop()  # atomic under the GIL: threads never share one
        except IndexError:
            return np.zeros(size + size // 4)
        return acc if len(acc) >= size else np.zeros(size + size // 4)

    def give(self, acc: Floats) -> None:
        self._free.append(acc)

    def __reduce__(self) -> tuple[type[_Scratch], tuple[()]]:
        return (_Scratch, ())


def _allowed(allowed: DocMask, doc_ids: NDArray[np.int64]) -> NDArray[np.bool_]:
    """allowed[doc_id] per document, False for ids past the mask's end (or below 0: a
    negative index would wrap around to the end)."""
    inside = (doc_ids >= 0) & (doc_ids < len(allowed))
    keep = np.zeros(len(doc_ids), np.bool_)
    keep[inside] = allowed[doc_ids[inside]]
    return keep


def _bonus_of(bonus: Floats, doc_ids: NDArray[np.int64]) -> Floats:
    """bonus[doc_id] per document, 0 for ids past its end (or below 0)."""
    out = np.zeros(len(doc_ids))
    inside = (doc_ids >= 0) & (doc_ids < len(bonus))
    out[inside] = bonus[doc_ids[inside]]
    return out


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
