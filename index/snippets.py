"""Snippets: the part of a passage worth showing, with the character spans of matched words."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from index.analyze import analyze_spans

ELLIPSIS = "…"
# Fits three answers and their titles in one Telegram message (4096 characters).
SNIPPET_CHARS = 700
_SENTENCE_END = re.compile(r"[.!?。！？][\"'”’)\]]*\s+")


@dataclass(frozen=True)
class Snippet:
    """`text` to show; `highlights` are (start, end) spans of query-term matches inside it."""

    text: str
    highlights: tuple[tuple[int, int], ...]


def match_spans(text: str, terms: Collection[str], language: str = "en") -> list[tuple[int, int]]:
    """Spans of the words in `text` whose analyzed form is one of the query `terms`."""
    return [(start, end) for term, start, end in analyze_spans(text, language) if term in terms]


def best_snippet(
    text: str, terms: Collection[str], language: str = "en", max_chars: int = SNIPPET_CHARS
) -> Snippet:
    """The window of at most `max_chars` that holds the most distinct query terms."""
    spans = [(t, s, e) for t, s, e in analyze_spans(text, language) if t in terms]
    if len(text) <= max_chars:
        return Snippet(text, tuple((s, e) for _, s, e in spans))
    start = _best_window_start(text, spans, max_chars)
    end = _word_boundary_before(text, start + max_chars)
    if end <= start:  # one enormous word: cut it hard rather than show nothing
        end = min(len(text), start + max_chars)
    body = text[start:end].strip()
    lead = len(text[start:end]) - len(text[start:end].lstrip())
    prefix = ELLIPSIS if start > 0 else ""
    suffix = ELLIPSIS if end < len(text) else ""
    shift = len(prefix) - start - lead
    inside = tuple(
        (s + shift, e + shift)
        for _, s, e in spans
        if s >= start + lead and e <= start + lead + len(body)
    )
    return Snippet(prefix + body + suffix, inside)


def _best_window_start(text: str, spans: list[tuple[str, int, int]], max_chars: int) -> int:
    best_start, best_key = 0, (-1, -1)
    for _, anchor, _ in spans:
        start = _sentence_start_before(text, anchor, max_chars // 2)
        inside = [t for t, s, e in spans if s >= start and e <= start + max_chars]
        key = (len(set(inside)), len(inside))
        if key > best_key:  # strict: ties keep the earlier window
            best_start, best_key = start, key
    return best_start


def _sentence_start_before(text: str, position: int, reach: int) -> int:
    """Where the sentence holding `position` starts, looking back at most `reach` characters."""
    floor = max(0, position - reach)
    last = None
    for match in _SENTENCE_END.finditer(text, floor, position):
        last = match.end()
    if last is not None:
        return last
    if floor == 0:
        return 0
    space = text.find(" ", floor, position)
    return space + 1 if space >= 0 else floor


def _word_boundary_before(text: str, position: int) -> int:
    if position >= len(text):
        return len(text)
    space = text.rfind(" ", 0, position + 1)
    return space if space > 0 else position
