"""The analyzer: terms, offsets into the original text, and no string that breaks it."""

from __future__ import annotations

import random
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index import ENGLISH_STOP_WORDS, analyze, analyze_marked, analyze_spans


def marked(text: str, language: str = "en") -> list[tuple[str, str]]:
    """Each term with the slice of the original text its span covers."""
    return [(term, text[start:end]) for term, start, end in analyze_spans(text, language)]


def test_english_pipeline_folds_drops_stop_words_and_stems() -> None:
    assert analyze("The Runners were RUNNING to the Stations") == ["runner", "run", "station"]


def test_hyphenated_words_give_their_parts() -> None:
    assert marked("China-DPRK talks") == [
        ("china", "China"),
        ("dprk", "DPRK"),
        ("talk", "talks"),
    ]
    assert analyze("COVID-19") == ["covid", "19"]
    assert analyze("state-of-the-art") == ["state", "art"]


def test_numbers_stay_whole() -> None:
    assert analyze("In 1961 it grew 3.5% to 1,000,000 people.") == [
        "1961",
        "grew",
        "3.5",
        "1000000",
        "peopl",
    ]
    assert analyze("1961-1965") == ["1961", "1965"]  # a range is not one number
    assert analyze("1961.") == ["1961"]


def test_apostrophes_typographic_or_plain() -> None:
    assert analyze("China’s") == analyze("China's") == ["china"]
    assert analyze("don’t stop") == ["stop"]


def test_languages() -> None:
    assert analyze("les chevaux", "fr") == ["le", "cheval"]  # stop words are English only
    assert analyze("the runs", "xx") == ["the", "runs"]  # unknown: no stemming, no stop words
    assert analyze("the runs", "en-US") == analyze("the runs", "EN_gb") == ["run"]
    assert analyze("the runs", "english") == ["run"]
    assert analyze("Häuser", "de") == ["haus"]


def test_cjk_runs_become_overlapping_bigrams() -> None:
    assert marked("東京タワー") == [
        ("東京", "東京"),
        ("京タ", "京タ"),
        ("タワ", "タワ"),
        ("ワー", "ワー"),
    ]
    assert analyze("iPhone用") == ["iphon", "用"]
    assert analyze("北京 and 上海") == ["北京", "上海"]


def test_scripts_with_combining_marks_stay_whole_words() -> None:
    assert analyze("हिन्दी भाषा", "xx") == ["हिन्दी", "भाषा"]
    assert analyze("مَرْحَبًا بِكُمْ", "xx") == ["مَرْحَبًا", "بِكُمْ"]


def test_offsets_point_into_the_original_text_when_nfkc_changes_lengths() -> None:
    assert marked("Ｃｈｉｎａ－ＤＰＲＫ") == [
        ("china", "Ｃｈｉｎａ"),
        ("dprk", "ＤＰＲＫ"),
    ]
    assert marked("the ﬁnancial crisis") == [("financi", "ﬁnancial"), ("crisi", "crisis")]
    assert marked("cafe\u0301\u00a0au lait ½") == [
        ("café", "cafe\u0301"),
        ("au", "au"),
        ("lait", "lait"),
        ("1", "½"),
        ("2", "½"),
    ]
    assert marked("ＡＢＣ 東京") == [("abc", "ＡＢＣ"), ("東京", "東京")]


def test_stop_words_are_folded_forms() -> None:
    assert {"the", "don't", "it's"} <= ENGLISH_STOP_WORDS
    assert all(word == word.casefold() for word in ENGLISH_STOP_WORDS)
    assert analyze("The THE the") == []


def test_empty_and_blank_text() -> None:
    assert analyze("") == []
    assert analyze_spans(" \n\t\u00a0") == []


def test_stemmers_work_from_many_threads() -> None:
    results: list[list[str]] = []

    def work() -> None:
        results.extend(analyze("running stations", language) for language in ("en", "fr") * 50)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 400
    assert results.count(["run", "station"]) == 200


# -- properties ----------------------------------------------------------------------------

any_text = st.text(st.characters(codec="utf-8"), max_size=300)
# Text made of the pieces the analyzer treats specially, to hit their boundaries often.
tricky_text = st.lists(
    st.sampled_from(
        ["a", "Z", "é", "e\u0301", "ﬁ", "Ｃ", "½", "1", "９", ",", ".", "-", "－", "'", "’", " ",
         "\u00a0", "東", "京", "タ", "ー", "\u3099", "ह", "ि", "ا", "َ", "\u200d", "😀", "ß", "İ",
         "\x00", "\n", "_", "가", "\u1161"]
    ),
    max_size=60,
).map("".join)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(any_text, tricky_text), language=st.sampled_from(["en", "fr", "xx", "ru"]))
def test_terms_equal_the_terms_of_the_spans_and_spans_are_in_bounds(
    text: str, language: str
) -> None:
    spans = analyze_spans(text, language)
    assert analyze(text, language) == [term for term, _, _ in spans]
    for term, start, end in spans:
        assert term
        assert 0 <= start < end <= len(text)


@settings(max_examples=400, deadline=None)
@given(text=tricky_text)
def test_a_span_analyzed_alone_yields_its_term(text: str) -> None:
    for term, start, end in analyze_spans(text):
        assert term in analyze(text[start:end])


@pytest.mark.parametrize("seed", range(3))
def test_ten_thousand_random_code_points_do_not_break_it(seed: int) -> None:
    rng = random.Random(seed)
    points = [rng.randrange(0x110000) for _ in range(10_000)]
    text = "".join(chr(p) for p in points if not 0xD800 <= p <= 0xDFFF)
    spans = analyze_spans(text)
    assert analyze(text) == [term for term, _, _ in spans]
    assert all(0 <= s < e <= len(text) for _, s, e in spans)


def test_lone_surrogates_and_control_characters() -> None:
    assert analyze("ok\ud800fine\x00\x1b[0m") == ["ok", "fine", "0m"]


# Pieces that exercise every path of the tokenizer: stop words, stems, hyphens (ASCII and
# Unicode), apostrophes, numbers with separators, a ligature NFKC splits, combining marks,
# CJK runs, dotted capital I.
PIECES = [
    "the",
    "The",
    "and",
    "of",
    "running",
    "Ran",
    "-",
    "\u2011",
    "'",
    "\u2019",
    "1,000",
    "3.5",
    "ﬁ",
    "e\u0301",
    "日本語",
    "の",
    " ",
    " ",
    ".",
    "İ",
    "Ω",
    "others",
    "ß",
]


@settings(max_examples=2000, deadline=None)
@given(
    st.lists(st.sampled_from(PIECES), max_size=30).map("".join),
    st.sampled_from(["en", "de", "ru", "zh", "xx"]),
)
def test_analyze_marked_marks_exactly_the_terms_analyze_gives(text: str, language: str) -> None:
    marked = analyze_marked(text, language)
    assert [(t, s, e) for t, s, e, term in marked if term] == analyze_spans(text, language)
    # Without a stemmer or stop words every word is a term: the words are the tokens.
    assert [(w, s, e) for w, s, e, _ in analyze_marked(text, "xx")] == analyze_spans(text, "xx")
    verbatim = {(s, e): w for w, s, e in analyze_spans(text, "xx")}
    for word, start, end, term in marked:
        if not term:  # a stop word (or a word that stems to nothing): its folded form
            assert verbatim[start, end] == word
