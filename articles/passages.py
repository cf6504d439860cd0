"""Split an article body into passages that follow paragraph and sentence boundaries."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Passage:
    """``text == body[start:end]``; ``index`` counts passages from 0."""

    index: int
    start: int
    end: int
    text: str


Span = tuple[int, int]

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# A sentence ends at . ! ? … (plus closing quotes or brackets) before whitespace, or right
# after a full-width full stop, which needs no space after it.
_SENTENCE_END = re.compile(
    r"(?:[.!?…]+[\"'”’»)\]]*(?=\s)|[。！？．]+[」』”’)）]*)",
)
# A period after these is part of the word ("Mr. Smith", "e.g. this"), not a sentence end.
_ABBREVIATIONS = frozenset(
    [
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "ft", "vs", "etc", "eg", "ie",
        "cf", "al", "inc", "ltd", "co", "corp", "gen", "gov", "sen", "rep", "lt", "col", "capt",
        "sgt", "cmdr", "adm", "rev", "hon", "no", "nos", "vol", "vols", "fig", "figs", "p", "pp",
        "ch", "sec", "art", "approx", "est", "dept", "univ", "jan", "feb", "mar", "apr", "jun",
        "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "wed", "thu", "fri",
        "sat", "sun",
    ]
)  # fmt: skip
_DOTTED = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")  # "U.S", "e.g": letters, not "3.5"
# Cutting a too-long sentence, a break after a clause mark reads better than any space.
_CLAUSE_BREAK = re.compile(r"[,;:—–)]\s")


def split_passages(text: str, *, target_chars: int = 700, max_chars: int = 1200) -> list[Passage]:
    """Pack paragraphs (or, for long ones, sentences) into passages of about target_chars."""
    if not 0 < target_chars <= max_chars:
        raise ValueError(
            f"need 0 < target_chars <= max_chars, got target_chars={target_chars}, "
            f"max_chars={max_chars}; pass a smaller target_chars or a larger max_chars"
        )
    units: list[Span] = []
    for start, end in paragraph_spans(text):
        if end - start <= max_chars:
            units.append((start, end))
        else:
            for s_start, s_end in sentence_spans(text, start, end):
                units.extend(_cut_long(text, s_start, s_end, max_chars))
    return [
        Passage(index=i, start=start, end=end, text=text[start:end])
        for i, (start, end) in enumerate(_pack(units, target_chars))
    ]


def paragraph_spans(text: str) -> list[Span]:
    """Spans of the paragraphs (text between blank lines), trimmed of whitespace."""
    spans: list[Span] = []
    start = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        spans.extend(_trimmed(text, start, match.start()))
        start = match.end()
    spans.extend(_trimmed(text, start, len(text)))
    return spans


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Spans of the sentences of text[start:end], trimmed; together they cover it all."""
    end = len(text) if end is None else end
    spans: list[Span] = []
    for match in _SENTENCE_END.finditer(text, start, end):
        if _is_sentence_end(text, match.start(), match.end(), end):
            spans.extend(_trimmed(text, start, match.end()))
            start = match.end()
    spans.extend(_trimmed(text, start, end))
    return spans


def _is_sentence_end(text: str, mark: int, after: int, end: int) -> bool:
    if text[mark] in "。！？．":
        return True
    following = next((i for i in range(after, end) if not text[i].isspace()), end)
    # A lowercase continuation ("e.g. the", "3 p.m. on") is the same sentence.
    if following == end or text[following].islower():
        return False
    if text[mark:after].rstrip("\"'”’»)]") != ".":
        return True  # "!", "?", "…", "..." and "?!" end a sentence even after "Mr" or "U.S"
    word_start = mark
    while word_start > 0 and not text[word_start - 1].isspace():
        word_start -= 1
    word = text[word_start:mark].lstrip("\"'“‘([")
    # Initials ("J. K. Rowling"), dotted acronyms ("U.S.") and abbreviations keep going.
    return not (
        (len(word) == 1 and word.isupper())
        or _DOTTED.fullmatch(word) is not None
        or word.casefold() in _ABBREVIATIONS
    )


def _cut_long(text: str, start: int, end: int, max_chars: int) -> list[Span]:
    """Cut a sentence longer than max_chars at spaces; hard at max_chars if there is none."""
    spans: list[Span] = []
    while end - start > max_chars:
        window = text[start : start + max_chars + 1]
        clause = [m.end() - 1 for m in _CLAUSE_BREAK.finditer(window, max_chars // 2)]
        space = next((i for i in range(len(window) - 1, 0, -1) if window[i].isspace()), None)
        cut = start + (clause[-1] if clause else space or max_chars)
        spans.extend(_trimmed(text, start, cut))
        start = next((i for i in range(cut, end) if not text[i].isspace()), end)
    spans.extend(_trimmed(text, start, end))
    return spans


def _pack(units: list[Span], target_chars: int) -> list[Span]:
    """Greedily join consecutive units while the joined span stays within target_chars."""
    packed: list[Span] = []
    for start, end in units:
        if packed and end - packed[-1][0] <= target_chars:
            packed[-1] = (packed[-1][0], end)
        else:
            packed.append((start, end))
    return packed


def _trimmed(text: str, start: int, end: int) -> list[Span]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return [(start, end)] if start < end else []
