"""Article evidence: the formula on hand-made rankings, and the order inside an article kept."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from articles.evidence import ArticleEvidence, others_pooled, with_article_evidence

# Passages 1, 2 of article 10; 3 of article 20; 4 of article 30 (4 is unknown to article_of).
RANKED = [(3, 5.0), (1, 4.0), (2, 3.0), (4, 1.0)]
ARTICLE_OF = {1: 10, 2: 10, 3: 20}


def test_others_pooled_sums_or_takes_the_best_of_the_other_passages() -> None:
    assert others_pooled(RANKED, ARTICLE_OF, "sum") == {3: 0.0, 1: 3.0, 2: 4.0, 4: 0.0}
    assert others_pooled(RANKED, ARTICLE_OF, "max") == {3: 0.0, 1: 3.0, 2: 4.0, 4: 0.0}
    three = [(1, 4.0), (2, 3.0), (5, 2.0)]
    assert others_pooled(three, {1: 10, 2: 10, 5: 10}, "max") == {1: 3.0, 2: 4.0, 5: 4.0}
    assert others_pooled(three, {1: 10, 2: 10, 5: 10}, "sum") == {1: 5.0, 2: 6.0, 5: 7.0}


def test_a_passage_backed_by_its_article_overtakes_a_lone_match() -> None:
    # s' = s + 0.5 * others: 1 → 4 + 1.5 = 5.5, 2 → 3 + 2 = 5.0, 3 stays 5.0 (ties: smaller id).
    fused = with_article_evidence(RANKED, ARTICLE_OF, ArticleEvidence(0.5, 100, "sum"))
    assert fused == [(1, 5.5), (2, 5.0), (3, 5.0), (4, 1.0)]


def test_weight_zero_or_a_single_passage_changes_nothing() -> None:
    assert with_article_evidence(RANKED, ARTICLE_OF, ArticleEvidence(0.0)) == RANKED
    assert with_article_evidence(RANKED[:1], ARTICLE_OF, ArticleEvidence(0.9)) == RANKED[:1]
    assert with_article_evidence([], {}, ArticleEvidence(0.9)) == []


def test_only_the_top_depth_take_part_and_the_rest_follows() -> None:
    fused = with_article_evidence(RANKED, ARTICLE_OF, ArticleEvidence(0.5, 2, "sum"))
    # Only 3 and 1 are pooled (different articles): no bonus; 2 and 4 follow unchanged.
    assert fused == RANKED


def test_bad_settings_are_refused_with_the_values() -> None:
    with pytest.raises(ValueError, match=r"weight=-1.*need 0 <= weight < 1"):
        ArticleEvidence(-1.0)
    with pytest.raises(ValueError, match=r"weight=1\.0"):
        ArticleEvidence(1.0)


scores = st.integers(0, 40).map(lambda n: n / 4)  # exact in binary: no rounding ties


@given(st.lists(st.tuples(scores, st.integers(0, 3)), max_size=12), st.floats(0.0, 0.95),
       st.sampled_from(["sum", "max"]))  # fmt: skip
def test_order_inside_an_article_never_changes(
    rows: list[tuple[float, int]], weight: float, pool: str
) -> None:
    ranked = sorted(((i, s) for i, (s, _) in enumerate(rows)), key=lambda x: (-x[1], x[0]))
    article_of = {i: a for i, (_, a) in enumerate(rows)}
    fused = with_article_evidence(ranked, article_of, ArticleEvidence(weight, 100, pool))  # type: ignore[arg-type]
    assert {p for p, _ in fused} == {p for p, _ in ranked}
    for article in set(article_of.values()):
        before = [p for p, _ in ranked if article_of[p] == article]
        after = [p for p, _ in fused if article_of[p] == article]
        assert after == before
