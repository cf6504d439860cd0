"""The one sentence splitter: passages are packed from its sentences, excerpts cut on them."""

from __future__ import annotations

import re

Span = tuple[int, int]

# A sentence ends at . ! ? … (plus closing quotes or brackets) before whitespace, right after
# a full-width stop (which needs no space after it), or at a blank line (a paragraph break). A
# single line break is not an end: hard-wrapped text (news wires, e-mails) breaks lines
# mid-sentence.
_SENTENCE_END = re.compile(
    r"[.!?…]+[\"'”’»)\]]*(?=\s)|[。！？．]+[」』”’)）]*|\n[^\S\n]*\n",
)
_FULL_WIDTH_STOPS = "。！？．"
# A period after these is part of the word ("Mr. Smith", "e.g. this"), not a sentence end.
ABBREVIATIONS = frozenset(
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


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """(start, end) of each sentence of text[start:end], trimmed of whitespace, in order."""
    end = len(text) if end is None else end
    spans: list[Span] = []
    for match in _SENTENCE_END.finditer(text, start, end):
        if _is_sentence_end(text, match.start(), match.end(), end):
            spans.extend(trimmed(text, start, match.end()))
            start = match.end()
    spans.extend(trimmed(text, start, end))
    return spans


def _is_sentence_end(text: str, mark: int, after: int, end: int) -> bool:
    if text[mark] in _FULL_WIDTH_STOPS or text[mark] == "\n":
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
        or word.casefold() in ABBREVIATIONS
    )


def trimmed(text: str, start: int, end: int) -> list[Span]:
    """[(start, end)] moved inwards past whitespace, or [] if only whitespace is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return [(start, end)] if start < end else []
