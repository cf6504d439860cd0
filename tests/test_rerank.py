"""articles.rerank on tiny hand-made corpora whose right answers can be worked out by hand."""

from __future__ import annotations

import math

import pytest

from articles.rerank import (
    neighbour_boost,
    proximity,
    proximity_rerank,
    ranked,
    rm3_search,
    rm3_weights,
    weighted_search,
    with_title,
)
from index import BM25Index, analyze


def build(docs: dict[int, list[str]], variant: str = "lucene") -> BM25Index:
    index = BM25Index(variant=variant)
    index.add_many(docs.items())
    return index


# ---------------------------------------------------------------- ranked, with_title


def test_ranked_sorts_by_score_then_smaller_id_and_cuts_at_k() -> None:
    assert ranked({3: 1.0, 1: 2.0, 2: 1.0}, 10) == [(1, 2.0), (2, 1.0), (3, 1.0)]
    assert ranked({3: 1.0, 1: 2.0, 2: 1.0}, 2) == [(1, 2.0), (2, 1.0)]
    assert ranked({1: 1.0}, 0) == []


def test_with_title_appends_the_title_terms() -> None:
    assert with_title(["rain", "forest"], ["amazon"]) == ["rain", "forest", "amazon"]
    assert with_title(["rain"], []) == ["rain"]


def test_title_terms_lift_the_passage_of_the_article_the_question_names() -> None:
    # Both passages say "founded"; only the article titled "Warsaw" is about the question.
    passages = {1: "The city was founded in 1300.", 2: "The club was founded in 1300 too."}
    titles = {1: "Kraków", 2: "Warsaw"}
    question = analyze("When was Warsaw founded?")
    plain = build({pid: analyze(text) for pid, text in passages.items()})
    assert plain.search(question, 2)[0][0] == 1  # the shorter passage wins without titles
    titled = build(
        {pid: with_title(analyze(text), analyze(titles[pid])) for pid, text in passages.items()}
    )
    assert [doc for doc, _ in titled.search(question, 2)] == [2, 1]


# ---------------------------------------------------------------- neighbours


def test_neighbour_boost_adds_lambda_times_the_best_neighbour() -> None:
    scores = {1: 1.0, 2: 0.5, 3: 2.0}
    chain = {1: [2], 2: [1, 3], 3: [2, 4]}  # 4 did not match: it counts 0
    boosted = neighbour_boost(scores, chain.__getitem__, 0.5)
    assert boosted == {1: 1.0 + 0.25, 2: 0.5 + 1.0, 3: 2.0 + 0.25}
    assert 4 not in boosted  # a neighbour lends context but is not made an answer
    assert neighbour_boost(scores, chain.__getitem__, 0.0) == scores


# ---------------------------------------------------------------- RM3


def test_rm3_weights_by_hand() -> None:
    # Feedback: doc A (score 2) = [x, y], doc B (score 1) = [x, z, z, z].
    # P(t|R) ∝ 2·tf/|A| + 1·tf/|B|: x = 2·1/2 + 1·1/4 = 1.25, y = 1, z = 0.75; sum 3.
    feedback = [(["x", "y"], 2.0), (["x", "z", "z", "z"], 1.0)]
    weights = rm3_weights(["q"], feedback, fb_terms=10, original_weight=0.5)
    expected = {"q": 0.5, "x": 0.5 * 1.25 / 3, "y": 0.5 * 1 / 3, "z": 0.5 * 0.75 / 3}
    assert weights.keys() == expected.keys()
    for term, value in expected.items():
        assert math.isclose(weights[term], value), term
    assert math.isclose(sum(weights.values()), 1.0)


def test_rm3_keeps_only_the_top_feedback_terms_and_merges_query_terms() -> None:
    feedback = [(["x", "y"], 2.0), (["x", "z", "z", "z"], 1.0)]
    # Top 1 is x (1.25); renormalised it takes all of the feedback half.
    assert rm3_weights(["x", "q"], feedback, fb_terms=1) == {"x": 0.25 + 0.5, "q": 0.25}


def test_rm3_without_usable_feedback_is_the_plain_query() -> None:
    assert rm3_weights(["a", "a", "b"], []) == {"a": 2 / 3, "b": 1 / 3}
    assert rm3_weights(["a"], [(["x"], 0.0), ([], 3.0)]) == {"a": 1.0}
    with pytest.raises(ValueError, match="original_weight"):
        rm3_weights(["a"], [], original_weight=1.5)


def test_weighted_search_with_unit_weights_equals_search() -> None:
    docs = {1: ["a", "b", "c"], 2: ["a", "a", "d"], 3: ["b", "e"], 4: ["f"]}
    for variant in ("okapi", "lucene"):
        index = build(docs, variant)
        plain = index.search(["a", "b"], 10)
        weighted = weighted_search(index, {"a": 1.0, "b": 1.0}, 10)
        assert [d for d, _ in weighted] == [d for d, _ in plain]
        for (_, s1), (_, s2) in zip(weighted, plain, strict=True):
            assert math.isclose(s1, s2)


def test_weighted_search_scales_each_terms_contribution() -> None:
    index = build({1: ["a", "x"], 2: ["b", "x"], 3: ["c", "x"]})
    # Same idf and length: the heavier term's document comes first.
    assert [d for d, _ in weighted_search(index, {"a": 0.2, "b": 0.7}, 10)] == [2, 1]
    assert weighted_search(index, {"a": 0.0}, 10) == []


def test_rm3_search_finds_a_document_through_an_expansion_term() -> None:
    # Doc 3 never says "jaguar" but shares "cat" and "spots" with the jaguar documents.
    docs = {
        1: ["jaguar", "cat", "spots"],
        2: ["jaguar", "cat", "spots", "jungle"],
        3: ["cat", "spots", "leopard"],
        4: ["car", "engine"],
        5: ["tree", "river"],
    }
    index = build(docs)
    assert [d for d, _ in index.search(["jaguar"], 10)] == [1, 2]
    expanded = rm3_search(index, ["jaguar"], docs.__getitem__, 10, fb_docs=2, fb_terms=3)
    assert [d for d, _ in expanded][:3] == [1, 2, 3]
    assert 4 not in dict(expanded) and 5 not in dict(expanded)
    assert rm3_search(index, ["unknown"], docs.__getitem__, 10) == []


# ---------------------------------------------------------------- proximity


def test_proximity_is_the_share_of_close_query_term_pairs() -> None:
    tokens = ["a", "x", "b", "x", "x", "x", "x", "x", "c"]
    assert proximity(["a", "b"], tokens, window=2) == 1.0  # a at 0, b at 2
    assert proximity(["a", "b"], tokens, window=1) == 0.0
    # Pairs ab (gap 2), ac (8), bc (6); within 6: ab and bc.
    assert proximity(["a", "b", "c"], tokens, window=6) == pytest.approx(2 / 3)
    assert proximity(["a", "a"], tokens, window=5) == 0.0  # one distinct term: no pair
    assert proximity(["a", "z"], tokens, window=5) == 0.0  # z is missing


def test_proximity_rerank_lifts_the_document_where_the_terms_stand_together() -> None:
    tokens = {1: ["a", "x", "x", "x", "x", "x", "b"], 2: ["a", "b", "x", "x", "x", "x", "x"]}
    results = [(1, 1.0), (2, 1.0)]
    assert proximity_rerank(results, ["a", "b"], tokens.__getitem__, 2, 0.5) == [
        (2, 1.5),
        (1, 1.0),
    ]
