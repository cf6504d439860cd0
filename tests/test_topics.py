"""The topic rule (articles.topics) and the percolator under it (index.percolator)."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.errors import QueryError
from articles.topics import (
    BEST_FLOOR,
    ArticleText,
    TopicMatcher,
    compile_topic,
    evidence,
    match,
    parse_topic,
)
from index import Percolator


def article(text: str, title: str = "A story", site: str = "example.com",
            day: date | None = date(2026, 12, 1)) -> ArticleText:  # fmt: skip
    passages = tuple(p for p in text.split("\n\n") if p)
    return ArticleText(1, title, site, f"https://{site}/a", day, "en", passages)


def flat_idf(_term: str) -> float:
    return 1.0


def matches(topic: str, doc: ArticleText, *, best_only: bool = False) -> bool:
    compiled = compile_topic(1, topic, "en", best_only=best_only)
    return match(compiled, doc, flat_idf) is not None


def test_every_word_of_the_topic_is_needed() -> None:
    doc = article("Crude prices rose on Monday.")
    assert not matches("crude oil", doc)
    assert matches("crude oil", article("Crude prices rose. Oil traders were calm."))


def test_phrases_exclusions_alternatives_and_sites() -> None:
    doc = article("Interest rates rose again.\n\nMortgage costs follow.", site="reuters.com")
    assert matches('"interest rates"', doc)
    assert not matches('"rates interest"', doc)
    assert not matches('"interest rates" -mortgage', doc)
    assert matches('"interest rates" site:reuters.com', doc)
    assert not matches('"interest rates" site:bbc.co.uk', doc)
    assert matches('"bond yields" OR "interest rates"', doc)
    assert not matches('"bond yields" OR "share prices"', doc)
    assert not matches("interest since:2027-01-01", doc)


def test_best_matches_need_evidence_or_the_title() -> None:
    once = article("The report mentions coffee once among many other things.")
    assert matches("coffee", once)
    assert not matches("coffee", once, best_only=True)
    often = article("Coffee prices fell. Coffee growers worry. Coffee exports slow.")
    assert matches("coffee", often, best_only=True)
    titled = article("The report mentions coffee once.", title="Coffee harvest in Brazil")
    assert matches("coffee", titled, best_only=True)  # every word of the topic in the title


def test_evidence_is_saturated_and_normalised() -> None:
    assert evidence(["coffee"], Counter(), flat_idf) == 0
    one = evidence(["coffee"], Counter(coffee=1), flat_idf)
    two = evidence(["coffee"], Counter(coffee=2), flat_idf)
    many = evidence(["coffee"], Counter(coffee=1000), flat_idf)
    assert one < BEST_FLOOR < two < many < 1
    assert one == pytest.approx(1 / 2.2)


@pytest.mark.parametrize("text", ["", "   ", "the of and", "-coffee", "site:bbc.co.uk", "x" * 300])
def test_what_cannot_be_a_topic_says_why(text: str) -> None:
    with pytest.raises(QueryError) as caught:
        parse_topic(text)
    assert "/subscribe" in caught.value.message


WORDS = ["oil", "crude", "gold", "coffee", "bank", "rates", "china", "trade"]


@settings(max_examples=150, deadline=None)
@given(
    topics=st.lists(
        st.lists(st.sampled_from(WORDS), min_size=1, max_size=3), min_size=1, max_size=12
    ),
    text=st.lists(st.sampled_from([*WORDS, "the", "market", "said"]), min_size=1, max_size=40),
)
def test_the_percolator_finds_every_topic_a_full_check_matches(
    topics: list[list[str]], text: list[str]
) -> None:
    doc = article(" ".join(text) + ".")
    texts = {key: (" ".join(words), False) for key, words in enumerate(topics)}
    found = {m.key for m in TopicMatcher(texts).matches(doc, flat_idf)}
    brute = {key for key, (topic, _) in texts.items() if matches(topic, doc)}
    assert found == brute


# Words whose stem is a stop word ("others" -> "other") hold a phrase through the stop word
# itself ("the other"), which analyze() drops from the article's terms.
RICH = ["oil", "crude", "gold", "others", "other", "alls", "all", "the", "place"]
ITEM = st.one_of(
    st.sampled_from(RICH),
    st.sampled_from(RICH).map(lambda w: f"-{w}"),
    st.tuples(st.sampled_from(RICH), st.sampled_from(RICH)).map(lambda p: f'"{p[0]} {p[1]}"'),
    st.lists(st.tuples(st.sampled_from(RICH), st.sampled_from(RICH)), min_size=2, max_size=3).map(
        lambda alts: " OR ".join(f'"{a} {b}"' for a, b in alts)
    ),
    st.lists(st.sampled_from(RICH), min_size=2, max_size=3).map(" OR ".join),
)


@settings(max_examples=300, deadline=None)
@given(
    topics=st.lists(st.lists(ITEM, min_size=1, max_size=3), min_size=1, max_size=10),
    text=st.lists(st.sampled_from([*RICH, "market", "said"]), min_size=1, max_size=40),
)
def test_the_percolator_agrees_with_the_full_check_on_phrases_and_alternatives(
    topics: list[list[str]], text: list[str]
) -> None:
    doc = article(" ".join(text) + ".")
    texts = {}
    for key, items in enumerate(topics):
        try:
            parse_topic(" ".join(items))
        except QueryError:
            continue
        texts[key] = (" ".join(items), False)
    found = {m.key for m in TopicMatcher(texts).matches(doc, flat_idf)}
    brute = {key for key, (topic, _) in texts.items() if matches(topic, doc)}
    assert found == brute


def test_a_phrase_held_through_a_stop_word_makes_its_topic_a_candidate() -> None:
    # "others" is analysed to "other", a stop word when it is written so: the article holds
    # the phrase "the others" (as "the other") without holding the term "other".
    doc = article("Unlike the other bidders, the fund kept its crude oil stake.")
    topics = {1: ('"the others" OR "newcomers"', False), 2: ('"place alls" OR "crude oil"', False)}
    found = {m.key for m in TopicMatcher(topics).matches(doc, flat_idf)}
    assert found == {key for key, (topic, _) in topics.items() if matches(topic, doc)} == {1, 2}


def test_the_percolator_looks_up_only_topics_whose_terms_occur() -> None:
    percolator = Percolator()
    percolator.add(1, ["crude", "oil"])
    percolator.add(2, ["gold"])
    percolator.add(3, [], any_of=["bond", "yield"])
    percolator.add(4, [])  # filters only: every article is a candidate
    assert percolator.candidates({"crude", "gold"}) == [2, 4]
    assert percolator.candidates({"crude", "oil", "yield"}) == [1, 3, 4]
    with pytest.raises(ValueError, match="already indexed"):
        percolator.add(1, ["x"])


@settings(max_examples=150, deadline=None)
@given(
    before=st.dictionaries(st.integers(0, 12), st.lists(ITEM, min_size=1, max_size=2)),
    after=st.dictionaries(st.integers(0, 12), st.lists(ITEM, min_size=1, max_size=2)),
    text=st.lists(st.sampled_from([*RICH, "market", "said"]), min_size=1, max_size=40),
)
def test_a_matcher_brought_up_to_date_matches_like_a_new_one(
    before: dict[int, list[str]], after: dict[int, list[str]], text: list[str]
) -> None:
    doc = article(" ".join(text) + ".")
    old = {key: (" ".join(items), key % 2 == 0) for key, items in before.items()}
    new = {key: (" ".join(items), key % 3 == 0) for key, items in after.items()}
    kept = TopicMatcher(old)
    kept.matches(doc, flat_idf)  # compiled for English before the change
    kept.update(new)
    assert kept.matches(doc, flat_idf) == TopicMatcher(new).matches(doc, flat_idf)


def test_the_percolator_forgets_a_removed_topic() -> None:
    percolator = Percolator()
    percolator.add(1, ["crude", "oil"])
    percolator.add(2, ["oil"])
    percolator.add(3, [])
    percolator.remove(1)
    percolator.remove(3)
    percolator.remove(99)  # unknown: nothing to do
    assert percolator.candidates({"crude", "oil"}) == [2]
    percolator.add(1, ["crude"])  # the same key again, changed
    assert percolator.candidates({"crude"}) == [1]
    assert len(percolator) == 2


def test_a_matcher_keeps_its_own_copy_of_the_topics() -> None:
    topics = {1: ("coffee", False)}
    matcher = TopicMatcher(topics)
    doc = article("Tea prices rose.")
    assert matcher.matches(doc, flat_idf) == []
    topics[1] = ("tea", False)  # the caller's dict changed in place, then handed back
    matcher.update(topics)
    assert [m.key for m in matcher.matches(doc, flat_idf)] == [1]
