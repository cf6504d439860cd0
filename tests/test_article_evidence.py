"""Topic queries rank passages with their article's evidence; questions rank by passage."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from articles import search_index
from articles.extracted import Extracted
from articles.library import Library

FILLER = "The committee met on Tuesday and the minutes were read aloud before the vote."


def article(title: str, paragraphs: list[str]) -> Extracted:
    return Extracted(title=title, text="\n\n".join(paragraphs), site="example.org",
                     language="en", url=None, published=None)  # fmt: skip


@pytest.fixture
def library(sqlite_url: str, tmp_path: Path) -> Iterator[Library]:
    lib = Library.open(sqlite_url, tmp_path / "index")
    # An article about coffee: every passage says it once, among other words.
    about = [f"Coffee growers in region {i} reported on the harvest. " + FILLER * 8
             for i in range(5)]  # fmt: skip
    lib.add_article(article("Growers report", about), url="https://a.example/coffee",
                    kind="url", source="a")  # fmt: skip
    # A passing mention: short, so its one passage scores high on plain BM25.
    lib.add_article(article("Market notes", ["Tea prices rose; coffee was flat. " + FILLER]),
                    url="https://b.example/notes", kind="url", source="b")  # fmt: skip
    for n in range(30):  # other articles, so that idf means something
        lib.add_article(article(f"Other {n}", [f"Story {n} about shipping and steel. " + FILLER]),
                        url=f"https://c.example/{n}", kind="url", source=str(n))  # fmt: skip
    yield lib
    lib.close()


def test_a_topic_query_puts_the_article_about_it_first(library: Library) -> None:
    plain = library.index._index.search(["coffe"], k=10)  # the passage scores alone
    result = library.search("coffee", k=10)
    notes = next(h for h in result.hits if h.title == "Market notes")
    growers = [h for h in result.hits if h.title == "Growers report"]
    assert plain[0][0] == notes.passage_id  # plain BM25 prefers the passing mention
    assert all(h.rank < notes.rank for h in growers)  # with its article's evidence: after


def test_scores_are_passage_plus_weighted_article_bm25(library: Library) -> None:
    index = library.index._index
    article_of = library.index._catalog.article_of()
    articles = index.group_scores(["coffe", "harvest"], article_of, b=search_index.ARTICLE_B)
    plain = dict(index.search(["coffe", "harvest"], k=100))
    result = library.search("coffee harvest", k=10)
    for hit in result.hits:
        expected = plain[hit.passage_id] + search_index.ARTICLE_WEIGHT * articles[hit.article_id]
        assert hit.score == pytest.approx(expected, rel=1e-12)
    scores = [h.score for h in result.hits]
    assert scores == sorted(scores, reverse=True)


def test_a_question_ranks_by_its_passages_alone(library: Library) -> None:
    question = "Which growers reported on the coffee harvest in region 3?"
    result = library.search(question, k=5)
    assert len(set(result.terms)) > search_index.TOPIC_TERMS
    plain = library.index._index.search(list(result.terms), k=5)
    assert [(h.passage_id, h.score) for h in result.hits] == plain
    assert np.isfinite([h.score for h in result.hits]).all()
