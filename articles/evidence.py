"""Article-level evidence for passage ranking: pure functions over ranked passage lists.

A passage is ranked on its own BM25 score plus a weighted share of what the other passages
of its article score for the same query: a question whose words are spread over an article
(its topic in one paragraph, its detail in the next) then favours that article's passages
over a passage of another article that matches the detail alone. With a weight below 1 the
order of the passages inside one article never changes: s + w·(Σ − s) = (1 − w)·s + w·Σ.

Every ranked list is `[(passage_id, score), ...]`, best first, ties by smaller id, as
`BM25Index.search` returns it. Measurements: bench/README.md (## Quality).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

Ranked = list[tuple[int, float]]
Pool = Literal["sum", "max"]


@dataclass(frozen=True)
class ArticleEvidence:
    """s'(p) = s(p) + weight · pool(s(q) for the other passages q of p's article).

    Only the top `depth` passages of the plain ranking take part (a passage further down
    counts 0); `pool` is "sum" or "max" of the other passages' scores.
    """

    weight: float = 0.0
    depth: int = 100
    pool: Pool = "sum"

    def __post_init__(self) -> None:
        if not 0 <= self.weight < 1 or self.depth < 1 or self.pool not in ("sum", "max"):
            raise ValueError(
                f"ArticleEvidence(weight={self.weight}, depth={self.depth}, pool={self.pool!r}):"
                " need 0 <= weight < 1 (at 1 an article's passages tie), depth >= 1 and pool"
                " 'sum' or 'max'"
            )


# The product's setting, chosen on bench/quality.py's sets (bench/README.md).
PRODUCT_EVIDENCE = ArticleEvidence(weight=0.0)


def others_pooled(
    ranked: Sequence[tuple[int, float]], article_of: Mapping[int, int], pool: Pool
) -> dict[int, float]:
    """Per passage: the sum (or max) of the scores of the other ranked passages of its article.

    A passage whose article is unknown (`article_of` lacks it) stands alone and gets 0.
    """
    by_article: dict[int, list[tuple[int, float]]] = {}
    for passage, score in ranked:
        article = article_of.get(passage)
        if article is not None:
            by_article.setdefault(article, []).append((passage, score))
    pooled = dict.fromkeys((passage for passage, _ in ranked), 0.0)
    for members in by_article.values():
        if len(members) < 2:
            continue
        if pool == "sum":
            total = sum(score for _, score in members)
            for passage, score in members:
                pooled[passage] = total - score
        else:
            ordered = sorted((score for _, score in members), reverse=True)
            for passage, score in members:
                # The best other one: the top score, unless this passage is the top.
                pooled[passage] = ordered[1] if score == ordered[0] else ordered[0]
    return pooled


def with_article_evidence(
    ranked: Sequence[tuple[int, float]], article_of: Mapping[int, int], evidence: ArticleEvidence
) -> Ranked:
    """`ranked` with its top `evidence.depth` rescored s + weight · pooled others, re-sorted.

    The rest follows unchanged: a bonus is never negative, so every rescored passage still
    ranks above them. With weight 0 this is `ranked` as it came.
    """
    head, tail = list(ranked[: evidence.depth]), list(ranked[evidence.depth :])
    if evidence.weight == 0 or len(head) < 2:
        return head + tail
    others = others_pooled(head, article_of, evidence.pool)
    scored = [(passage, score + evidence.weight * others[passage]) for passage, score in head]
    return sorted(scored, key=lambda item: (-item[1], item[0])) + tail
