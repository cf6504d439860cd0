"""Snippets: the sentences of a passage worth showing, with the spans of matched words."""

from __future__ import annotations

import math
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from index.analyze import Span
from index.query import Phrase, analyze_words, find_phrase, make_phrase
from index.sentences import sentence_spans, trimmed

ELLIPSIS = "…"
# Fits three answers and their titles in one Telegram message (4096 characters).
SNIPPET_CHARS = 700
Key = tuple[int, int, int]  # distinct terms matched, phrase matches, all term matches


@dataclass(frozen=True)
class Snippet:
    """`text` to show; `highlights` are sorted, disjoint (start, end) spans of matches in it;
    `start`:`end` is where the shown words come from in the passage (without the "…" marks),
    so a link can point at them."""

    text: str
    highlights: tuple[tuple[int, int], ...]
    start: int = 0
    end: int = 0


def best_snippet(
    text: str,
    terms: Collection[str],
    language: str = "en",
    max_chars: int = SNIPPET_CHARS,
    phrases: Iterable[Phrase | str] = (),
) -> Snippet:
    """The window of whole sentences (at most `max_chars`) that best matches the query.

    Best means most distinct terms, then most phrase matches, then most matches, then
    earliest. A sentence too long on its own is cut around its densest matches, and "…"
    marks every cut. Words match when their analyzed form (stop words kept) is in `terms`.
    """
    if max_chars < 1:
        raise ValueError(f"max_chars={max_chars} leaves no room; pass max_chars >= 1")
    words = analyze_words(text, language)
    wanted = set(terms)
    hits = [(term, start, end) for term, start, end in words if term in wanted]
    matches = _phrase_spans(words, phrases, language)
    if len(text) <= max_chars:
        return Snippet(text, _highlights(hits, matches, 0, len(text), 0), 0, len(text))
    sentences = sentence_spans(text)
    if not sentences:  # only whitespace
        return Snippet("", ())
    start, end = _Chooser(text, sentences, hits, matches, max_chars).choose()
    if start >= end:  # no room at all
        return Snippet(ELLIPSIS, ())
    prefix = ELLIPSIS if start > sentences[0][0] else ""
    suffix = ELLIPSIS if end < sentences[-1][1] else ""
    shift = len(prefix) - start
    highlights = _highlights(hits, matches, start, end, shift)
    return Snippet(prefix + text[start:end] + suffix, highlights, start, end)


class _Chooser:
    """Picks the best window: whole sentences that fit, or a cut of one too-long sentence."""

    def __init__(
        self,
        text: str,
        sentences: list[tuple[int, int]],
        hits: list[Span],
        matches: list[tuple[int, int]],
        max_chars: int,
    ) -> None:
        self.text, self.sentences, self.hits, self.matches = text, sentences, hits, matches
        self.max_chars = max_chars
        self.first, self.last = sentences[0][0], sentences[-1][1]
        self.best: tuple[Key, int, int, int] | None = None  # key, -start, start, end

    def choose(self) -> tuple[int, int]:
        sentences, n = self.sentences, len(self.sentences)
        starts = [start for start, _ in sentences]

        def sentence_of(position: int) -> int:
            return bisect_right(starts, position) - 1

        terms_in: list[list[str]] = [[] for _ in sentences]
        for term, start, _ in self.hits:
            terms_in[sentence_of(start)].append(term)
        phrases_ending: list[list[int]] = [[] for _ in sentences]  # first sentence of each
        phrases_starting: list[list[int]] = [[] for _ in sentences]  # last sentence of each
        for start, end in self.matches:
            first, last = sentence_of(start), sentence_of(end - 1)
            phrases_ending[last].append(first)
            phrases_starting[first].append(last)
        # The window must hold the sentence that matches best on its own (most distinct terms,
        # then phrases, then the earliest): the answer to a question is usually in one
        # sentence, and a wider window scoring more from scattered matches can drop it. Among
        # equals, repeating a term is no evidence (it is the passage's topic), so it breaks no tie.
        spread = Counter(term for terms in terms_in for term in set(terms))
        anchor = max(
            range(n),
            key=lambda s: (
                sum(math.log(1 + n / spread[term]) for term in set(terms_in[s])),
                sum(first == s for first in phrases_ending[s]),
                -s,
            ),
        )
        counts: Counter[str] = Counter()
        total = phrases = j = 0
        for i in range(n):  # two pointers: the longest window of whole sentences from i
            j = max(j, i)
            while j < n and self._cost(sentences[i][0], sentences[j][1]) <= self.max_chars:
                counts.update(terms_in[j])
                total += len(terms_in[j])
                phrases += sum(first >= i for first in phrases_ending[j])
                j += 1
            if j == i:  # sentence i alone is too long
                if i == anchor:
                    self._consider(*self._cut(*sentences[i]))
                continue
            if i <= anchor < j:
                key = (len(counts), phrases, total)
                self._consider(sentences[i][0], sentences[j - 1][1], key)
            for term in terms_in[i]:
                counts[term] -= 1
                if not counts[term]:
                    del counts[term]
            total -= len(terms_in[i])
            phrases -= sum(last < j for last in phrases_starting[i])
        assert self.best is not None  # the anchor was considered, whole or cut
        return self.best[2], self.best[3]

    def _cost(self, start: int, end: int) -> int:
        """Characters of the snippet text[start:end], ellipses included."""
        return end - start + (start > self.first) + (end < self.last)

    def _consider(self, start: int, end: int, key: Key | None = None) -> None:
        if key is None:
            key = self._key(start, end)
        candidate = (key, -start, start, end)
        if self.best is None or candidate[:2] > self.best[:2]:
            self.best = candidate

    def _key(self, start: int, end: int) -> Key:
        inside = [term for term, s, e in self.hits if start <= s and e <= end]
        phrases = sum(start <= s and e <= end for s, e in self.matches)
        return len(set(inside)), phrases, len(inside)

    def _cut(self, a: int, b: int) -> tuple[int, int]:
        """A piece of the sentence text[a:b] around its densest matches, cut at word ends."""
        budget = max(0, self.max_chars - 2)  # room for "…" on both sides
        hits = [(term, s, e) for term, s, e in self.hits if a <= s and e <= b]
        lo = hi = a
        best: tuple[Key, int] | None = None
        counts: Counter[str] = Counter()
        r = 0
        for left in range(len(hits)):  # two pointers over the matches, by start
            r = max(r, left)
            while r < len(hits) and hits[r][2] - hits[left][1] <= budget:
                counts[hits[r][0]] += 1
                r += 1
            if r == left:  # this one match is longer than the budget
                continue
            s, e = hits[left][1], hits[r - 1][2]
            phrases = sum(s <= ps and pe <= e for ps, pe in self.matches)
            key = ((len(counts), phrases, r - left), -s)
            if best is None or key > best:
                best, lo, hi = key, s, e
            counts[hits[left][0]] -= 1
            if not counts[hits[left][0]]:
                del counts[hits[left][0]]
        room = budget - (hi - lo)
        after = min(b - hi, room - min(lo - a, room // 2))  # context: half before, rest after
        before = min(lo - a, room - after)
        start = next((p for p in range(lo - before, lo) if _is_cut(self.text, p)), lo)
        end = next((p for p in range(hi + after, hi, -1) if _is_cut(self.text, p)), hi)
        if end == start:  # one word longer than the budget: cut it anywhere
            end = min(b, start + budget)
        piece = trimmed(self.text, start, end)
        return piece[0] if piece else (start, start)


def _is_cut(text: str, position: int) -> bool:
    """Whether text may be cut at `position`: next to a space or a wide (CJK) character."""
    if position <= 0 or position >= len(text):
        return True
    left, right = text[position - 1], text[position]
    if unicodedata.combining(right):
        return False
    return left.isspace() or right.isspace() or _is_wide(left) or _is_wide(right)


def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


def _phrase_spans(
    words: list[Span], phrases: Iterable[Phrase | str], language: str
) -> list[tuple[int, int]]:
    """(start, end) of every occurrence of each phrase: first word's start to last word's end."""
    sequence = [term for term, _, _ in words]
    spans: list[tuple[int, int]] = []
    for phrase in phrases:
        wanted = make_phrase(phrase, language).words if isinstance(phrase, str) else phrase.words
        for i in find_phrase(wanted, sequence):
            spans.append((words[i][1], words[i + len(wanted) - 1][2]))
    return spans


def _highlights(
    hits: list[Span], matches: list[tuple[int, int]], start: int, end: int, shift: int
) -> tuple[tuple[int, int], ...]:
    """Spans inside text[start:end], merged where they overlap or touch, moved by `shift`."""
    spans = sorted(
        [(s, e) for _, s, e in hits if start <= s and e <= end]
        + [(s, e) for s, e in matches if start <= s and e <= end]
    )
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return tuple((s + shift, e + shift) for s, e in merged)
