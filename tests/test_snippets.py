"""Snippets: whole sentences around the matches, honest ellipses, highlights on whole words."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from index import analyze
from index.query import parse_query
from index.sentences import sentence_spans
from index.snippets import ELLIPSIS, Snippet, best_snippet


def bold(snippet: Snippet) -> list[str]:
    return [snippet.text[start:end] for start, end in snippet.highlights]


def terms(question: str) -> set[str]:
    return set(analyze(question))


FILLER = "Nothing of interest happened on that day in the capital. "
ANSWER = "China and North Korea signed the treaty of friendship on 11 July 1961. "


def test_short_text_is_returned_whole_with_its_matches() -> None:
    text = "  China-North Korea treaty.\n"
    snippet = best_snippet(text, terms("China North Korea treaty"))
    assert snippet.text == text
    assert bold(snippet) == ["China", "North", "Korea", "treaty"]


def test_the_window_of_whole_sentences_with_most_distinct_terms_wins() -> None:
    text = FILLER * 3 + "The treaty was signed. " + FILLER * 2 + ANSWER + FILLER * 5
    snippet = best_snippet(
        text, terms("When was the China-North Korea treaty signed?"), max_chars=150
    )
    assert ANSWER.strip() in snippet.text
    assert snippet.text.startswith(ELLIPSIS) and snippet.text.endswith(ELLIPSIS)
    assert len(snippet.text) <= 150
    body = snippet.text.strip(ELLIPSIS)
    assert body in text and body.endswith(".")  # whole sentences
    assert bold(snippet) == ["China", "North", "Korea", "signed", "treaty"]


def test_ties_go_to_the_earliest_window_and_no_match_shows_the_start() -> None:
    text = "Alpha beta. " + FILLER * 10 + "Alpha beta. " + FILLER * 10
    first = best_snippet(text, {"alpha"}, max_chars=100)
    assert first.text.startswith("Alpha beta.")
    plain = best_snippet(text, {"absent"}, max_chars=100)
    assert plain.text.startswith("Alpha beta.") and plain.highlights == ()


def test_phrase_matches_count_and_are_bolded_as_one_span() -> None:
    text = FILLER * 3 + "To be, or not to be. " + FILLER * 3 + "To be or not. " + FILLER * 3
    phrase = parse_query('"to be or not to be"').phrases[0]
    snippet = best_snippet(text, (), max_chars=120, phrases=[phrase])
    assert bold(snippet) == ["To be, or not to be"]
    assert bold(best_snippet(text, {"not"}, max_chars=120, phrases=["or not to"])) == ["or not to"]


def test_a_long_sentence_is_cut_around_its_densest_matches_at_word_boundaries() -> None:
    text = "word " * 200 + "China signed the treaty with North Korea " + "more " * 200 + "."
    snippet = best_snippet(text, terms("China North Korea treaty"), max_chars=100)
    assert len(snippet.text) <= 100
    assert snippet.text.startswith(ELLIPSIS + "word ") and snippet.text.endswith(" more" + ELLIPSIS)
    assert bold(snippet) == ["China", "treaty", "North", "Korea"]


def test_one_giant_word_is_cut_hard() -> None:
    snippet = best_snippet("x" * 1000, {"x"}, max_chars=50)
    # The cut reserves room for "…" on both sides.
    assert snippet.text == "x" * 48 + ELLIPSIS and snippet.highlights == ()


def test_cjk_bigram_spans_merge_into_one_highlight() -> None:
    text = "北京大学是中国的大学。" * 50
    snippet = best_snippet(text, terms("北京大学"), max_chars=30)
    assert snippet.text.startswith("北京大学是中国的大学。")
    assert bold(snippet)[:2] == ["北京大学", "大学"]


def test_sentence_spans() -> None:
    text = "First one. e.g. still first!  Second?\nThird。第四。 Fifth"
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "First one. e.g. still first!",
        "Second?",
        "Third。",
        "第四。",
        "Fifth",
    ]


def test_the_excerpt_holds_the_sentence_that_matches_best_on_its_own() -> None:
    # Three short sentences each name one question word (4 distinct terms in a window);
    # the answer sentence names three of them together and must not be dropped for them.
    answer = "The treaty was signed by China in July 1961. "
    scattered = "China grew. Korea grew. The friendship treaty grew. "
    text = answer + FILLER * 4 + scattered + FILLER * 2
    question = "When did China sign the friendship treaty with Korea?"
    snippet = best_snippet(text, terms(question), max_chars=120)
    assert answer.strip() in snippet.text
    assert best_snippet(text, terms(question), max_chars=70).text.startswith(answer.strip())


def test_repeating_a_word_breaks_no_tie_between_sentences() -> None:
    # Both sentences name Marconi and radio; the later one names Marconi twice. Repeating the
    # passage's subject is no evidence: the earlier sentence (here the answer) is the anchor.
    # (XQuAD: 2 questions won, 1 lost over 1,190; 300-character windows 17 won, 8 lost.)
    answer = "Marconi made the first transatlantic radio transmission in 1901. "
    repeat = "Radio patents went against Marconi in 1903 and for Marconi in 1904. "
    text = FILLER * 2 + answer + FILLER * 3 + repeat + FILLER * 2
    snippet = best_snippet(text, terms("When was Marconi's radio demonstration?"), max_chars=90)
    assert answer.strip() in snippet.text


def test_an_excerpt_never_opens_after_an_abbreviation() -> None:
    # A splitter that ends a sentence at "U.S." would show "…Army general at noon. The
    # general signed the treaty." (more distinct terms); the shared one knows "U.S.".
    text = (
        FILLER * 2
        + "The delegation met the U.S. Army general at noon. The general signed the treaty. "
        + FILLER * 2
    )
    snippet = best_snippet(text, terms("general noon signed treaty"), max_chars=60)
    assert snippet.text == "…The general signed the treaty.…"
    assert sentence_spans("He met the U.S. Army. Then he left.") == [(0, 21), (22, 35)]


passages = st.lists(
    st.one_of(
        st.text(max_size=30),
        st.sampled_from(
            ["China", "treaty", "North Korea", ". ", "? ", "。", "\n", " ", "北京大学", "x" * 60,
             "to be or not to be", "… ", "ﬁne", "e\u0301", "China-DPRK"]
        ),
    ),
    max_size=60,
).map("".join)  # fmt: skip


@settings(max_examples=300)
@given(
    text=passages,
    max_chars=st.integers(1, 400),
    query=st.sampled_from(["China treaty", "north korea 北京大学", "fine", "", "x" * 60]),
)
def test_snippet_invariants(text: str, max_chars: int, query: str) -> None:
    snippet = best_snippet(text, terms(query), "en", max_chars, phrases=["north korea", "or not"])
    if len(text) <= max_chars:
        assert snippet.text == text
    assert len(snippet.text) <= max_chars
    cores = {snippet.text, snippet.text.removeprefix(ELLIPSIS), snippet.text.removesuffix(ELLIPSIS)}
    cores.add(snippet.text.removeprefix(ELLIPSIS).removesuffix(ELLIPSIS))
    assert any(core in text for core in cores)
    # start:end names where the shown words are in the passage (a link points there).
    assert text[snippet.start : snippet.end] in cores or snippet.text == ELLIPSIS
    previous_end = -1
    for start, end in snippet.highlights:
        assert previous_end < start < end <= len(snippet.text)
        assert analyze(snippet.text[start:end], "xx")  # words, not bits of punctuation
        previous_end = end


def test_long_passages_of_one_repeated_word_are_cut_to_size() -> None:
    # Not timed (speed targets live in bench/): every sentence or word matches, still cut to size.
    text = "a. " * 3400
    assert len(best_snippet(text, {"a"}, max_chars=400).text) <= 400
    assert best_snippet("a " * 5000, {"a"}, max_chars=400).text.startswith("a a")
