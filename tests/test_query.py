"""The query language: plain questions stay plain, operators parse, and no string breaks it."""

from __future__ import annotations

import random
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index import analyze
from index.query import (
    Query,
    analyze_words,
    date_matches,
    excluded,
    make_phrase,
    matches_phrases,
    normalise_site,
    parse_query,
    phrase_matches,
    site_matches,
)

TODAY = date(2024, 3, 31)


def parse(text: str) -> Query:
    return parse_query(text, today=TODAY)


@pytest.mark.parametrize(
    "question",
    [
        "When was the China-North Korea treaty signed?",
        "What's the U.S. GDP in 2023 - 5 % growth?",
        "Is -5 degrees cold? a - b",
        "Don't stop: what's next?",
        "北京大学在哪里？",
    ],
)
def test_natural_questions_are_plain_words(question: str) -> None:
    query = parse(question)
    assert query.terms == tuple(analyze(question))
    assert not query.has_filters
    assert query.problems == ()


def test_operators() -> None:
    query = parse(
        '"North Korea" treaty -missile -"South Korea" site:"China News" -site:bbc.co.uk '
        "since:2024-01-31 before:2024-02"
    )
    assert query.terms == ("north", "korea", "treati")
    assert [p.text for p in query.phrases] == ["North Korea"]
    assert query.phrases[0].terms == ("north", "korea")
    assert [[p.text for p in group] for group in query.phrase_groups] == [["North Korea"]]
    assert query.excluded_terms == {"missil"}
    assert [p.words for p in query.excluded_phrases] == [("south", "korea")]
    assert query.sites == ("china news",)
    assert query.excluded_sites == ("bbc.co.uk",)
    assert (query.since, query.before) == (date(2024, 1, 31), date(2024, 2, 1))
    assert query.problems == ()


def test_or_between_words_changes_nothing_and_between_phrases_makes_alternatives() -> None:
    assert parse("cats OR dogs").terms == parse("cats dogs").terms == ("cat", "dog")
    assert parse("cats OR dogs").phrase_groups == ()
    query = parse('"north korea" OR pyongyang OR "dprk" summit')
    assert query.terms == ("north", "korea", "pyongyang", "dprk", "summit")
    assert [[p.text for p in g] for g in query.phrase_groups] == [
        ["north korea", "pyongyang", "dprk"]
    ]
    # Not between two operands, or in lower case: a word (a stop word in English).
    assert parse("OR cats or").terms == ("cat",)
    assert parse('"a b" OR -c').phrase_groups == ((make_phrase("a b"),),)


def test_hyphen_is_an_exclusion_only_at_a_token_start_before_a_letter_or_quote() -> None:
    query = parse("China-North -Korea - 5 -5 --x")
    assert query.terms == ("china", "north", "5", "5", "x")
    assert query.excluded_terms == {"korea"}
    assert [p.words for p in parse("-China-North").excluded_phrases] == [("china", "north")]


def test_curly_and_guillemet_quotes_make_phrases_and_an_unclosed_quote_is_plain_text() -> None:
    assert [p.text for p in parse("“North Korea” «Beijing»").phrases] == ["North Korea", "Beijing"]
    query = parse('the "North Korea treaty')
    assert query.phrases == ()
    assert query.terms == ("north", "korea", "treati")
    assert query.problems == ('the quote " is never closed; read what follows as plain words',)


def test_stop_word_queries_keep_fallback_terms_and_phrases_match_with_stop_words() -> None:
    query = parse("to be or not to be")
    assert query.terms == ()
    assert query.fallback_terms == ("to", "be", "or", "not", "to", "be")
    assert not query.is_empty
    phrase = parse('"to be or not to be"').phrases[0]
    assert phrase.terms == ()
    assert phrase_matches(phrase, "Hamlet: “To be, or not to be, that is the question”")
    assert not phrase_matches(phrase, "to be or to be not")


def test_phrase_matching_uses_stems_and_order() -> None:
    assert phrase_matches("signed treaties", "China signing the treaty") is False
    assert phrase_matches("signing treaty", "they signed treaties")
    assert not phrase_matches("treaty signed", "they signed treaties")
    assert phrase_matches("北京大学", "他在北京大学读书")
    assert not phrase_matches("", "anything")


def test_filters_for_the_caller() -> None:
    query = parse('"north korea" -missile -"south korea"')
    text = "North Korea and China signed a treaty."
    assert matches_phrases(query, text)
    assert not matches_phrases(query, "Korea, north of China")
    assert not excluded(query, analyze(text), text)
    assert excluded(query, analyze("missiles"), "missiles")
    assert excluded(query, [], "talks with South Korea")
    either = parse('"north korea" OR pyongyang')
    assert matches_phrases(either, "in Pyongyang today")


def test_sites() -> None:
    assert normalise_site("https://www.BBC.co.uk/news?x=1") == "bbc.co.uk"
    query = parse('site:bbc.co.uk site:"China  News" -site:sport.bbc.co.uk')
    assert site_matches(query, None, "https://www.bbc.co.uk/news/1")
    assert site_matches(query, None, "https://news.bbc.co.uk/1")
    assert site_matches(query, "china news", "https://example.com/1")
    assert not site_matches(query, "Sport", "https://sport.bbc.co.uk/1")
    assert not site_matches(query, None, "http://[::1")
    assert site_matches(parse("x"), None, None)


def test_dates() -> None:
    assert parse("since:7d").since == date(2024, 3, 24)
    assert parse("since:2w").since == date(2024, 3, 17)
    assert parse("since:1m").since == date(2024, 2, 29)  # March 31 → the end of February
    assert parse("Since:1y before:today").before == TODAY
    assert parse("since:1y").since == date(2023, 3, 31)
    assert parse("since:13m").since == date(2023, 2, 28)  # not a leap year
    assert parse_query("since:1y", today=date(2024, 2, 29)).since == date(2023, 2, 28)
    assert parse_query("since:2m", today=date(2024, 4, 30)).since == date(2024, 2, 29)
    assert parse("since:yesterday").since == date(2024, 3, 30)
    assert parse("before:2024").before == date(2024, 1, 1)
    query = parse("since:2024-01-31 before:2024-02-01")
    assert date_matches(query, date(2024, 1, 31))
    assert date_matches(query, datetime(2024, 1, 31, 23, 59))
    assert not date_matches(query, date(2024, 2, 1))
    assert not date_matches(query, None)
    assert date_matches(parse("x"), None)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("since:banana", "since:banana is not a date (use since:2024-01-31 or since:7d); ignored"),
        ("before:2024-02-30", "before:2024-02-30 is not a date (use before:2024-01-31 or "
         "before:7d); ignored"),
        ("site:", "site: needs a value after the colon, e.g. site:example.com; ignored"),
        ("since: x", "since: needs a value after the colon, e.g. since:2024-01-31; ignored"),
        ("-since:7d", "-since:7d cannot be negated (use before:7d); ignored"),
        ("-the", "-the would exclude almost everything; ignored"),
        ('x ""', "empty quotes; ignored"),
        ('"!!"', '"!!" holds no words; ignored'),
        ("since:99999y", "since:99999y is not a date (use since:2024-01-31 or since:7d); ignored"),
        ("since:2024-02-01 before:2024-01-01",
         "since:2024-02-01 is not before before:2024-01-01; nothing can match"),
    ],
)  # fmt: skip
def test_what_cannot_be_used_is_ignored_and_explained(text: str, problem: str) -> None:
    assert problem in parse(text).problems


def test_empty_queries() -> None:
    for text in ("", "   ", "?!", '""', "site:", "-the"):
        assert parse(text).is_empty, text
    assert not parse("site:example.com").is_empty
    assert not parse("the").is_empty  # a stop word is still something to look for


queries = st.lists(
    st.one_of(
        st.text(max_size=20),
        st.sampled_from(
            ['"', "“", "«", "-", "- ", "-\"", "OR", " OR ", "site:", "since:", "before:",
             "site:\"", "7d", "2024-01-31", ":", " ", "\n", "the", "北京", "-x", "ﬁ", "\u0301"]
        ),
    ),
    max_size=30,
).map("".join)  # fmt: skip


def assert_parts_agree(query: Query, text: str, language: str) -> None:
    """Every ranked or excluded term, and every phrase word, comes from the text itself."""
    words = {term for term, _, _ in analyze_words(text, language)}
    assert all(term for term in query.terms)
    assert set(query.terms) <= set(analyze(text, language))
    assert query.excluded_terms <= set(analyze(text, language))
    assert all(phrase.words for phrase in query.phrases + query.excluded_phrases)
    assert {w for p in query.phrases + query.excluded_phrases for w in p.words} <= words
    assert all(group for group in query.phrase_groups)
    assert set(query.fallback_terms) <= words


@settings(max_examples=300)
@given(text=queries, language=st.sampled_from(["en", "fr", "xx"]))
def test_parse_query_never_raises_and_its_parts_agree(text: str, language: str) -> None:
    query = parse_query(text, language, today=TODAY)
    assert_parts_agree(query, text, language)
    matches_phrases(query, text)
    excluded(query, query.terms, text)
    site_matches(query, text, text)


def test_long_query_parses() -> None:
    text = ('word "a phrase -x site:y since:7d ' * 400)[:10_000]
    assert len(parse(text).terms) > 1000


@pytest.mark.parametrize("seed", range(5))
def test_ten_thousand_arbitrary_characters(seed: int) -> None:
    rng = random.Random(seed)
    pool = [chr(rng.randrange(0x110000)) for _ in range(200)] + list('"“-: ORsite:since:')
    text = "".join(rng.choice(pool) for _ in range(10_000))
    assert_parts_agree(parse_query(text), text, "en")


def test_words_of_one_source_cluster_keep_their_own_terms() -> None:
    """NFKC turns "¯" into a space and a combining macron, and a base with its mark into
    characters sharing the cluster's span: each word keeps its own term (hypothesis found
    '¯ \\U0002fa1e\\u0300', where the ideograph took the mark's term)."""
    words = analyze_words("¯ \U0002fa1e\u0300", "en")
    assert [term for term, _, _ in words] == ["\u0304", "\U0002fa1e", "\u0300"]
    assert set(parse_query("¯ \U0002fa1e\u0300").fallback_terms) <= {t for t, _, _ in words}
