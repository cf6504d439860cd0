"""Split an article body into passages that follow paragraph and sentence boundaries."""

from __future__ import annotations

import re
from dataclasses import dataclass

from index import sentence_spans, trimmed


@dataclass(frozen=True)
class Passage:
    """``text == body[start:end]``; ``index`` counts passages from 0."""

    index: int
    start: int
    end: int
    text: str


Span = tuple[int, int]

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
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
        spans.extend(trimmed(text, start, match.start()))
        start = match.end()
    spans.extend(trimmed(text, start, len(text)))
    return spans


def _cut_long(text: str, start: int, end: int, max_chars: int) -> list[Span]:
    """Cut a sentence longer than max_chars at spaces; hard at max_chars if there is none."""
    spans: list[Span] = []
    while end - start > max_chars:
        window = text[start : start + max_chars + 1]
        clause = [m.end() - 1 for m in _CLAUSE_BREAK.finditer(window, max_chars // 2)]
        space = next((i for i in range(len(window) - 1, 0, -1) if window[i].isspace()), None)
        cut = start + (clause[-1] if clause else space or max_chars)
        spans.extend(trimmed(text, start, cut))
        start = next((i for i in range(cut, end) if not text[i].isspace()), end)
    spans.extend(trimmed(text, start, end))
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
