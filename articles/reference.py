"""Plain BM25 over the stored passages, to check the engine: `search --engine okapi` (ours,
okapi formula) and `--engine rank-bm25` (rank_bm25.BM25Okapi) rank the same tokens and must
agree. Built from the database on every call: slow, a check rather than a mode."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
from rank_bm25 import BM25Okapi
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from articles.models import Article, Passage
from articles.search_index import DEFAULT_LANGUAGE, passage_terms
from index import BM25Index, DocMask

# rank-bm25's defaults, which our okapi variant reproduces bit for bit.
K1, B, EPSILON = 1.5, 0.75, 0.25


def reference_ranking(
    sessions: sessionmaker[Session],
    terms: Sequence[str],
    k: int,
    engine: Literal["okapi", "rank-bm25"],
    allowed: DocMask | None = None,
) -> list[tuple[int, float]]:
    """The best k (passage id, score) by plain BM25, ties by smaller passage id; only
    passages holding a query term count, as in the product's search."""
    ids, corpus = _corpus(sessions)
    if not ids:
        return []
    if engine == "okapi":
        index = BM25Index("okapi", k1=K1, b=B, epsilon=EPSILON)
        index.add_many(zip(ids, corpus, strict=True))
        return index.search(terms, k=k, allowed=allowed)
    scores = BM25Okapi(corpus, k1=K1, b=B, epsilon=EPSILON).get_scores(list(terms))
    wanted = set(terms)
    ranked = [
        (pid, float(score))
        for pid, tokens, score in zip(ids, corpus, scores, strict=True)
        if not wanted.isdisjoint(tokens) and _is_allowed(allowed, pid)
    ]
    ranked.sort(key=lambda item: (-item[1], item[0]))
    return ranked[:k]


def _corpus(sessions: sessionmaker[Session]) -> tuple[list[int], list[list[str]]]:
    """Every stored passage's index terms, in passage id order (the corpus order both share)."""
    ids: list[int] = []
    corpus: list[list[str]] = []
    with sessions() as session:
        rows = session.execute(
            select(Passage.id, Passage.text, Article.title, Article.language)
            .join(Article)
            .order_by(Passage.id)
        )
        for pid, text, title, language in rows:
            ids.append(pid)
            corpus.append(passage_terms(text, title, language or DEFAULT_LANGUAGE))
    return ids, corpus


def _is_allowed(allowed: DocMask | None, pid: int) -> bool:
    return allowed is None or (pid < len(allowed) and bool(np.bool_(allowed[pid])))
