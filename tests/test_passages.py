"""split_passages: invariants as hypothesis properties, plus pinned examples."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.passages import Passage, split_passages
from index.sentences import sentence_spans


def assert_invariants(text: str, passages: list[Passage], max_chars: int) -> None:
    ends = [0]
    for i, passage in enumerate(passages):
        assert passage.index == i
        assert passage.text == text[passage.start : passage.end]
        assert passage.text, "empty passage"
        assert not passage.text[0].isspace() and not passage.text[-1].isspace()
        assert len(passage.text) <= max_chars
        assert passage.start >= ends[-1], "passages overlap or are out of order"
        ends.append(passage.end)
    # Ordered and disjoint, so "each non-space character in exactly one passage" means that
    # everything between passages is whitespace.
    starts = [p.start for p in passages] + [len(text)]
    for gap_start, gap_end in zip(ends, starts, strict=True):
        assert text[gap_start:gap_end].strip() == "", "text lost between passages"


WORDS = st.sampled_from(
    [
        "the", "council", "approved", "a", "new", "bridge", "over", "river", "after", "long",
        "debate", "Mr.", "Smith", "U.S.", "Army", "e.g.", "3.5", "per", "cent", "J.", "K.",
        "Rowling", "said", "“quoted", "words”", "(in", "brackets)", "2021", "naïve", "Ελλάδα",
        "Москва", "p.m.", "vs.", "etc.", "Dr.", "Who",
    ]
)  # fmt: skip
ENDINGS = st.sampled_from([".", "!", "?", ".”", "…", ".)"])


@st.composite
def latin_sentence(draw: st.DrawFn) -> str:
    words = draw(st.lists(WORDS, min_size=1, max_size=40))
    first = words[0][:1].upper() + words[0][1:]
    return " ".join([first, *words[1:]]) + draw(ENDINGS)


CJK_SENTENCE = st.builds(
    lambda chars, stop: chars + stop,
    st.text(alphabet="北京上海天气很好我们去公园吧", min_size=1, max_size=60),
    st.sampled_from(["。", "！", "？", "。」"]),
)


@st.composite
def article(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    """A text of paragraphs of sentences, with the span of every sentence."""
    text, spans = "", []
    for p in range(draw(st.integers(1, 8))):
        if p:
            text += draw(st.sampled_from(["\n\n", "\n \n", "\n\n\n"]))
        for s in range(draw(st.integers(1, 12))):
            sentence = draw(st.one_of(latin_sentence(), CJK_SENTENCE))
            if s:
                text += draw(st.sampled_from([" ", "  ", "\n"]))
            spans.append((len(text), len(text) + len(sentence)))
            text += sentence
    return text, spans


@st.composite
def sizes(draw: st.DrawFn) -> tuple[int, int]:
    max_chars = draw(st.integers(60, 1500))
    return draw(st.integers(1, max_chars)), max_chars


@settings(max_examples=300, deadline=None)
@given(article(), sizes())
def test_passages_never_cut_a_sentence_that_fits(
    doc: tuple[str, list[tuple[int, int]]], size: tuple[int, int]
) -> None:
    text, sentences = doc
    target_chars, max_chars = size
    passages = split_passages(text, target_chars=target_chars, max_chars=max_chars)
    assert_invariants(text, passages, max_chars)
    for start, end in sentences:
        if end - start <= max_chars:
            assert any(p.start <= start and end <= p.end for p in passages), text[start:end]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab .!?。\n\t\u3000\u00a0”Mr")) | st.text(), sizes())
def test_passages_cover_any_text(text: str, size: tuple[int, int]) -> None:
    target_chars, max_chars = size
    passages = split_passages(text, target_chars=target_chars, max_chars=max_chars)
    assert_invariants(text, passages, max_chars)
    assert passages == split_passages(text, target_chars=target_chars, max_chars=max_chars)


@pytest.mark.parametrize("text", ["", " ", "\n\n\t \u3000"])
def test_blank_text_has_no_passages(text: str) -> None:
    assert split_passages(text) == []


def test_short_paragraphs_are_packed_up_to_target() -> None:
    text = "First paragraph.\n\nSecond one.\n\n" + "Third is long. " * 10
    passages = split_passages(text, target_chars=40, max_chars=200)
    assert [p.text for p in passages] == ["First paragraph.\n\nSecond one.", text[30:].strip()]


def test_long_paragraph_is_split_between_sentences() -> None:
    sentence = "Mr. Smith paid $3.5 million to the U.S. Army on Tuesday. "
    text = (sentence * 6).strip()
    passages = split_passages(text, target_chars=120, max_chars=150)
    assert [p.text for p in passages] == [(sentence * 2).strip()] * 3


def test_sentence_longer_than_max_is_cut_at_spaces_then_hard() -> None:
    text = "word " * 30 + "x" * 25
    passages = split_passages(text, target_chars=10, max_chars=12)
    assert [p.text for p in passages] == ["word word"] * 15 + ["x" * 12, "x" * 12, "x"]


def test_sentence_splitter_handles_abbreviations_quotes_and_cjk() -> None:
    text = (
        "Mr. Smith went to the U.S. Army base at 3 p.m. on Friday. It cost $3.5 million. "
        "“Stop.” He left! J. K. Rowling wrote e.g. this. 北京很大。你好！ Done"
    )
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "Mr. Smith went to the U.S. Army base at 3 p.m. on Friday.",
        "It cost $3.5 million.",
        "“Stop.”",
        "He left!",
        "J. K. Rowling wrote e.g. this.",
        "北京很大。",
        "你好！",
        "Done",
    ]


def test_bad_sizes_are_rejected_with_the_values() -> None:
    with pytest.raises(ValueError) as raised:
        split_passages("text", target_chars=800, max_chars=500)
    assert str(raised.value) == (
        "need 0 < target_chars <= max_chars, got target_chars=800, max_chars=500; "
        "pass a smaller target_chars or a larger max_chars"
    )
