"""Retrieval features on top of plain BM25: pure functions over tokens and score lists.

Nothing here touches the database; the search service passes in what it already has (the
index, analysed query terms, passage tokens, article titles, neighbouring passage ids).
Which of these the product uses, and the measurements behind it, are in bench/README.md
(## Quality). Every ranked list is `[(doc_id, score), ...]`, best first, ties by smaller id,
as `BM25Index.search` returns it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import combinations

from index import BM25Index

Ranked = list[tuple[int, float]]

# RM3 as in Anserini/Lavrenko & Croft: 10 feedback documents, 10 expansion terms, and the
# original query keeps half of the weight.
FB_DOCS = 10
FB_TERMS = 10
ORIGINAL_WEIGHT = 0.5


def ranked(scores: Mapping[int, float], k: int) -> Ranked:
    """The k best (doc_id, score) of a score map, best first, ties by smaller doc id."""
    if k <= 0:
        return []
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:k]


# ---------------------------------------------------------------- title context


def with_title(tokens: Sequence[str], title_tokens: Sequence[str]) -> list[str]:
    """Index terms of a passage plus those of its article's title: `tokens + title_tokens`.

    Every passage of an article then matches the words of its title, so a question naming
    the article's subject finds its passages even where the text says "it". An empty title
    leaves the tokens as they are.
    """
    return [*tokens, *title_tokens]


# ---------------------------------------------------------------- neighbouring passages


def neighbour_boost(
    scores: Mapping[int, float],
    neighbours: Callable[[int], Iterable[int]],
    weight: float,
) -> dict[int, float]:
    """s'(d) = s(d) + weight · max(s(n) for n in neighbours(d)), a missing s(n) counting 0.

    Only documents already in `scores` (those matching the query) are scored; a neighbour
    lends context but does not make a passage that matches nothing an answer.
    """
    boosted: dict[int, float] = {}
    for doc, score in scores.items():
        best = max((scores.get(n, 0.0) for n in neighbours(doc)), default=0.0)
        boosted[doc] = score + weight * max(best, 0.0)
    return boosted


# ---------------------------------------------------------------- RM3 feedback


def rm3_weights(
    query: Sequence[str],
    feedback: Sequence[tuple[Sequence[str], float]],
    fb_terms: int = FB_TERMS,
    original_weight: float = ORIGINAL_WEIGHT,
) -> dict[str, float]:
    """The RM3 query: w(t) = α·P(t|Q) + (1 − α)·P(t|R), with α = original_weight.

    P(t|Q) = count of t in the query / query length. The relevance model is
    P(t|R) ∝ Σ_D s(D) · tf(t, D) / |D| over the feedback documents `(tokens, score)` (the
    top results of the plain query), cut to its `fb_terms` largest terms (ties by term)
    and renormalised to sum 1. Feedback with no tokens or no positive score adds nothing,
    and the plain query comes back as P(t|Q).
    """
    if not 0.0 <= original_weight <= 1.0:
        raise ValueError(f"original_weight must be within 0..1, got {original_weight}")
    weights: dict[str, float] = {}
    if query:
        for term, count in Counter(query).items():
            weights[term] = original_weight * count / len(query)
    model: dict[str, float] = {}
    for tokens, score in feedback:
        if tokens and score > 0:
            for term, count in Counter(tokens).items():
                model[term] = model.get(term, 0.0) + score * count / len(tokens)
    top = sorted(model.items(), key=lambda item: (-item[1], item[0]))[: max(fb_terms, 0)]
    total = sum(value for _, value in top)
    if total <= 0:
        return {term: count / len(query) for term, count in Counter(query).items()}
    for term, value in top:
        weights[term] = weights.get(term, 0.0) + (1.0 - original_weight) * value / total
    return weights


def weighted_search(index: BM25Index, weights: Mapping[str, float], k: int) -> Ranked:
    """score(d) = Σ_t w(t) · BM25(t, d) over documents that contain at least one term.

    BM25(t, d) is the index's score of the one-term query t. For okapi and lucene (where a
    document without the term gets 0 from it) the weights 1, 1, … give exactly the scores
    of `index.search`; for plus a document only gets idf·δ for the terms it contains.
    """
    total: dict[int, float] = {}
    everything = len(index)
    for term, weight in weights.items():
        if weight == 0.0:
            continue
        for doc, score in index.search([term], k=everything):
            total[doc] = total.get(doc, 0.0) + weight * score
    return ranked(total, k)


def rm3_search(
    index: BM25Index,
    query: Sequence[str],
    tokens_of: Callable[[int], Sequence[str]],
    k: int,
    fb_docs: int = FB_DOCS,
    fb_terms: int = FB_TERMS,
    original_weight: float = ORIGINAL_WEIGHT,
) -> Ranked:
    """Search, take the top `fb_docs` as feedback, search again with `rm3_weights`.

    `tokens_of(doc_id)` gives the analysed terms a document was indexed with.
    """
    first = index.search(query, k=fb_docs)
    if not first:
        return []
    feedback = [(tokens_of(doc), score) for doc, score in first]
    return weighted_search(index, rm3_weights(query, feedback, fb_terms, original_weight), k)


# ---------------------------------------------------------------- term proximity


def proximity(query: Sequence[str], tokens: Sequence[str], window: int) -> float:
    """Share of the pairs of distinct query terms that occur within `window` tokens.

    Two terms are close when some occurrence of one is at most `window` positions from an
    occurrence of the other (positions count analysed tokens, so stop words do not count).
    The value is close pairs / all pairs, in 0..1; a query of fewer than two distinct
    terms has no pairs and gives 0.
    """
    distinct = sorted(set(query))
    if len(distinct) < 2:
        return 0.0
    wanted = set(distinct)
    positions: dict[str, list[int]] = {}
    for position, token in enumerate(tokens):
        if token in wanted:
            positions.setdefault(token, []).append(position)
    close = 0
    pairs = 0
    for a, b in combinations(distinct, 2):
        pairs += 1
        if a in positions and b in positions and _min_gap(positions[a], positions[b]) <= window:
            close += 1
    return close / pairs


def proximity_rerank(
    results: Sequence[tuple[int, float]],
    query: Sequence[str],
    tokens_of: Callable[[int], Sequence[str]],
    window: int,
    weight: float,
) -> Ranked:
    """s'(d) = s(d) · (1 + weight · proximity(query, tokens(d), window)), re-sorted."""
    scores = {
        doc: score * (1.0 + weight * proximity(query, tokens_of(doc), window))
        for doc, score in results
    }
    return ranked(scores, len(scores))


def _min_gap(first: Sequence[int], second: Sequence[int]) -> int:
    """Smallest |i − j| over two ascending position lists (a merge walk)."""
    i = j = 0
    best = abs(first[0] - second[0])
    while i < len(first) and j < len(second):
        best = min(best, abs(first[i] - second[j]))
        if first[i] < second[j]:
            i += 1
        else:
            j += 1
    return best
