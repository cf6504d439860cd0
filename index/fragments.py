"""Links that scroll to an excerpt: URL text fragments (`#:~:text=...`).

The syntax, the percent-encoding and the matching rules are those of the WICG "URL Fragment
Text Directives" report, https://wicg.github.io/scroll-to-text-fragment/ (cited by section
below as [TF #anchor] for a section, [TF "name"] for an algorithm):

    #:~:text=[prefix-,]textStart[,textEnd][,-suffix]

A browser highlights the FIRST passage of the page that matches, so `text_fragment` grows the
directive (more words, then context terms) until `first_match`, our model of the browser's
search, resolves it to the excerpt itself in the article's text. The model errs on the side of
finding *more* matches than a browser would (see `_Folded`), so a directive it proves unique is
unique for a browser too, as far as the page's text is the article's text.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from urllib.parse import quote, unquote, urlsplit

__all__ = ["MAX_DIRECTIVE_CHARS", "encode_term", "first_match", "link_to_excerpt", "text_fragment"]

# The whole directive (":~:text=..."), so that links stay short enough to share.
MAX_DIRECTIVE_CHARS = 300
# textStart and textEnd of a range match begin with this many words (at most max_words) and
# grow only when the match is not unique.
_START_WORDS = 3
_DIRECTIVE = ":~:text="

_WORD = re.compile(r"\S+")
# A line break between two words ends a block (a paragraph: articles/extract.py joins them
# with blank lines). [TF "find a string in range"]: each term matches within one
# block only, so no term we write spans a line break.
_LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")
# [TF #fragment-directive-grammar]: TextDirectiveString ::= (TextDirectiveExplicitChar
# | PercentEncodedChar)+, TextDirectiveExplicitChar ::= [a-zA-Z0-9] | "!" | "$" | "'" | "(" |
# ")" | "*" | "+" | "." | "/" | ":" | ";" | "=" | "?" | "@" | "_" | "~"; PercentEncodedChar ::=
# "%" [a-zA-Z0-9]+. "&", "-" and "," delimit directives and terms, so they must be encoded.
_TERM = re.compile(r"(?:[A-Za-z0-9!$'()*+./:;=?@_~]|%[A-Za-z0-9]+)+")
# Scripts written without spaces between words: the browser finds word boundaries inside
# them with a dictionary [TF #word-boundaries], so we assume one between any two of
# their characters (ranges: Thai, Lao, Myanmar, Khmer, CJK radicals to Katakana, Bopomofo to
# CJK unified ideographs, compatibility ideographs, the supplementary ideographic planes).
_NO_SPACE_SCRIPTS = (
    (0x0E00, 0x0EFF),
    (0x1000, 0x109F),
    (0x1780, 0x17FF),
    (0x2E80, 0x30FF),
    (0x3100, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x3FFFF),
)


def encode_term(term: str) -> str:
    """`term` percent-encoded for a text directive.

    [TF #syntax]: "Dash (-), ampersand (&), and comma (,) characters in text
    parameters must be percent-encoded". We encode more than the grammar demands: every
    character but RFC 3986's unreserved letters, digits, ".", "_" and "~" (so spaces are
    %20, quotes and brackets are encoded and chat apps do not cut the link short), and "-"
    too, which RFC 3986 leaves unreserved but the directive reserves. Non-ASCII characters
    are percent-encoded UTF-8 [TF #bidi-considerations, its example]. Raises
    UnicodeEncodeError for a lone surrogate, which UTF-8 cannot hold.
    """
    return quote(term, safe="", encoding="utf-8", errors="strict").replace("-", "%2D")


def text_fragment(body: str, start: int, end: int, *, max_words: int = 5) -> str | None:
    """The fragment directive (no leading "#") that makes a browser highlight
    `body[start:end]`, e.g. ":~:text=Since%20the%20signing,only%20major%20ally".

    The excerpt is widened to whole words (split on whitespace; a text fragment can only
    start and end on word boundaries). An excerpt of at most `max_words` words within one
    line is written whole (textStart only); a longer one as its first and last few words
    (textStart,textEnd). While the article's first match of the directive is not the excerpt,
    textStart (then textEnd) grows by a word up to the whole excerpt, then a `prefix-` (the
    words before the excerpt) or `-suffix` (the words after it) grows by a word. None when
    the excerpt has no words, or no directive of at most MAX_DIRECTIVE_CHARS characters
    points at it first.
    """
    try:
        text = _Folded(body)
        return _Builder(text, start, end, max(1, max_words)).build()
    except (UnicodeEncodeError, RecursionError, MemoryError):
        return None


def link_to_excerpt(url: str, body: str, start: int, end: int) -> str:
    """`url` with its fragment replaced by the text fragment of `body[start:end]`; `url`
    unchanged when it is not http(s) or no text fragment points at the excerpt. Never raises.
    """
    try:
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            return url
        directive = text_fragment(body, start, end)
        if directive is None:
            return url
        # A URL holds one fragment: the directive replaces it, and with it any directive the
        # URL carried already ([TF #the-fragment-directive]: it is all after ":~:").
        return url.partition("#")[0] + "#" + directive
    except Exception:
        return url


def first_match(body: str, directive: str) -> tuple[int, int] | None:
    """Where a browser would highlight `directive` (":~:text=...", "#" optional) in `body`: the
    (start, end) span of `body`, or None when it matches nowhere or does not parse.

    A model of [TF "find a range from a text directive"] over the article's text as
    one block: whitespace runs count as one space, comparison ignores case and accents, and
    word boundaries are assumed anywhere but between two letters or digits of a
    space-separated script. Only the first text directive counts.
    """
    try:
        parsed = _parse(directive)
        if parsed is None:
            return None
        return _Folded(body).resolve(parsed)
    except (ValueError, UnicodeError, RecursionError, MemoryError):
        return None


@dataclass(frozen=True)
class _Directive:
    """A parsed text directive, its terms decoded and folded like the text they search."""

    prefix: str | None
    start: str
    end: str | None
    suffix: str | None


def _parse(directive: str) -> _Directive | None:
    """The first text directive of `directive` that parses [TF "parse a text
    directive"]; like a browser, we skip the ones that do not [TF "process a fragment
    directive"]."""
    _, delimiter, directives = directive.partition(":~:")
    if not delimiter:
        return None
    for item in directives.split("&"):
        if item.startswith("text="):
            parsed = _parse_text(item[len("text=") :])
            if parsed is not None:
                return parsed
    return None


def _parse_text(parameters: str) -> _Directive | None:
    tokens = parameters.split(",")
    if not 1 <= len(tokens) <= 4 or "" in tokens:
        return None
    prefix = suffix = None
    if tokens[0].endswith("-"):
        prefix = tokens.pop(0)[:-1]
    if tokens and tokens[-1].startswith("-"):
        suffix = tokens.pop()[1:]
    if len(tokens) not in (1, 2):
        return None
    terms = [prefix, tokens[0], tokens[1] if len(tokens) == 2 else None, suffix]
    if any(term is not None and not _TERM.fullmatch(term) for term in terms):
        return None
    try:
        folded = [None if term is None else _fold_query(term) for term in terms]
    except UnicodeDecodeError:  # not UTF-8
        return None
    first = folded[1]
    # An empty term is invalid [TF #parsing-the-fragment-directive]; ours may fold to nothing
    # (a soft hyphen alone).
    if first is None or "" in folded:
        return None
    return _Directive(folded[0], first, folded[2], folded[3])


def _fold_query(term: str) -> str:
    decoded = unquote(term, encoding="utf-8", errors="strict")
    return "".join(_fold_char(char) for char in " ".join(decoded.split()))


@lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    """What a character compares as: [TF "find a range from a node list"] compares at
    the primary level of the Unicode Collation Algorithm, ignoring case and accents. We
    approximate it with NFKD, dropping nonspacing marks (accents) and format characters (soft
    hyphens, zero-width joiners), and case folding; it may fold to nothing or to two."""
    kept = "".join(
        c
        for c in unicodedata.normalize("NFKD", char)
        if unicodedata.category(c) not in ("Mn", "Cf")
    ).casefold()
    return "".join(
        c
        for c in unicodedata.normalize("NFKD", kept)
        if unicodedata.category(c) not in ("Mn", "Cf")
    )


@lru_cache(maxsize=8192)
def _is_word_char(char: str) -> bool:
    """True when no word boundary can separate this character from another such (UAX #29:
    letters and digits join, WB5-WB13a); False errs towards more boundaries, so more
    matches."""
    if char == "_":
        return True
    category = unicodedata.category(char)
    if category[0] != "L" and category != "Nd":
        return False
    code = ord(char)
    return not any(low <= code <= high for low, high in _NO_SPACE_SCRIPTS)


class _Folded:
    """The article's text as the browser's search sees it: its words joined by one space
    and folded (`_fold_char`), each folded character knowing the span of `body` it stands for.
    """

    def __init__(self, body: str) -> None:
        self.body = body
        self.words = [m.span() for m in _WORD.finditer(body)]
        # For a word that is not ASCII (lower() folds ASCII one to one), per folded
        # character: the character of body it comes from, and the span of body it stands
        # for (a character folded to nothing joins the one before it in its word).
        self.maps: dict[int, tuple[list[int], list[int], list[int]]] = {}
        if body.isascii():
            folded_words = body.lower().split()  # the same words: \S and split() agree
        else:
            folded_words = [
                word.lower() if word.isascii() else self._fold_word(number)
                for number, word in enumerate(_WORD.findall(body))
            ]
        self.folded_words = folded_words
        self.offsets = list(accumulate((len(w) + 1 for w in folded_words[:-1]), initial=0))
        self.text = " ".join(folded_words)

    def _fold_word(self, number: int) -> str:
        word_start, word_end = self.words[number]
        chars: list[str] = []
        origin: list[int] = []
        lo: list[int] = []
        hi: list[int] = []
        pending = word_start
        for index in range(word_start, word_end):
            folded = _fold_char(self.body[index])
            if folded:
                chars.append(folded)
                origin.extend([index] * len(folded))
                lo.extend([pending] * len(folded))
                hi.extend([index + 1] * len(folded))
                pending = index + 1
            elif hi:  # an accent or a soft hyphen belongs to what it follows
                hi[-1] = pending = index + 1
        self.maps[number] = (origin, lo, hi)
        return "".join(chars)

    @property
    def starts(self) -> list[int]:
        return [start for start, _ in self.words]

    @property
    def ends(self) -> list[int]:
        return [end for _, end in self.words]

    def line_break_after(self, word: int) -> bool:
        """Whether a line break separates word `word` from the next."""
        gap = self.body[self.words[word][1] : self.words[word + 1][0]]
        return any(c in _LINE_BREAKS for c in gap)

    def span(self, first_word: int, last_word: int) -> tuple[int, int]:
        return self.words[first_word][0], self.words[last_word][1]

    def _where(self, position: int) -> tuple[int, int, int, int]:
        """Where the folded character at `position` comes from in body: (origin, span start,
        span end, word number); origin is the word's end for the space after a word."""
        number = bisect_right(self.offsets, position) - 1
        offset = position - self.offsets[number]
        word_start, word_end = self.words[number]
        if offset >= len(self.folded_words[number]):  # the space between two words
            return word_end, word_end, self.words[number + 1][0], -1
        if number not in self.maps:
            return word_start + offset, word_start + offset, word_start + offset + 1, number
        origin, lo, hi = self.maps[number]
        return origin[offset], lo[offset], hi[offset], number

    def is_boundary(self, position: int) -> bool:
        """[TF "is at a word boundary"], leniently (see `_is_word_char`)."""
        if position <= 0 or position >= len(self.text):
            return True
        before, after = self._where(position - 1)[0], self._where(position)[0]
        if before == after:  # inside what one character folded to ("ß" is "ss")
            return False
        return not (_is_word_char(self.body[before]) and _is_word_char(self.body[after]))

    def find(self, query: str, start: int, word_start: bool, word_end: bool) -> int | None:
        """[TF "find a range from a node list"]: the first `query` at or after `start`
        (with the word boundaries asked for), in the text as one block."""
        index = self.text.find(query, start)
        while index >= 0:
            if (not word_start or self.is_boundary(index)) and (
                not word_end or self.is_boundary(index + len(query))
            ):
                return index
            index = self.text.find(query, index + 1)
        return None

    def skip_whitespace(self, position: int) -> int:
        """[TF "advance range start to next non-whitespace position"]."""
        while position < len(self.text) and self.text[position].isspace():
            position += 1
        return position

    def resolve(self, directive: _Directive) -> tuple[int, int] | None:
        """[TF "find a range from a text directive"], step by step; the document's
        range is never collapsed before `find` runs out of text, so its loops end there."""
        found = self._match(directive)
        if found is None:
            return None
        begin, finish = found
        return self._where(begin)[1], self._where(finish - 1)[2]

    def _match(self, d: _Directive) -> tuple[int, int] | None:
        text_length = len(self.text)
        search_start = 0
        must_end_at_word = d.end is not None or d.suffix is None
        while True:
            if d.prefix is not None:
                prefix = self.find(d.prefix, search_start, True, False)
                if prefix is None:
                    return None
                search_start = prefix + 1
                match_start = self.skip_whitespace(prefix + len(d.prefix))
                if match_start >= text_length:
                    return None
                potential = self.find(d.start, match_start, False, must_end_at_word)
                if potential is None:
                    return None
                if potential != match_start:
                    continue
            else:
                potential = self.find(d.start, search_start, True, must_end_at_word)
                if potential is None:
                    return None
                search_start = potential + 1
            potential_end = potential + len(d.start)
            end_search_start = potential_end
            while True:
                if d.end is not None:
                    end = self.find(d.end, end_search_start, True, d.suffix is None)
                    if end is None:
                        return None
                    potential_end = end + len(d.end)
                if d.suffix is None:
                    return potential, potential_end
                suffix_start = self.skip_whitespace(potential_end)
                suffix = self.find(d.suffix, suffix_start, False, True)
                if suffix is None:
                    return None
                if suffix == suffix_start:
                    return potential, potential_end
                if d.end is None:
                    break  # an exact match: try the next textStart
                end_search_start = potential_end


@dataclass
class _Choice:
    """Words of the directive: textStart is `start` words from the excerpt's first, textEnd
    `end` words up to its last (0: no textEnd), and `prefix`/`suffix` words around it."""

    start: int
    end: int
    prefix: int = 0
    suffix: int = 0


class _Builder:
    """A directive, grown word by word, whose first match is the excerpt."""

    def __init__(self, text: _Folded, start: int, end: int, max_words: int) -> None:
        self.text = text
        self.max_words = max_words
        words = text.words
        start, end = max(0, start), min(len(text.body), end)
        # The words overlapping body[start:end].
        self.first = bisect_right(text.ends, start) if start < end else len(words)
        self.last = bisect_left(text.starts, end) - 1
        if self.first > self.last:
            self.first = self.last = -1
            return
        breaks = text.line_break_after
        self.count = self.last - self.first + 1
        self.first_line = next(
            (i - self.first + 1 for i in range(self.first, self.last) if breaks(i)), self.count
        )
        self.last_line = next(
            (self.last - i for i in range(self.last - 1, self.first - 1, -1) if breaks(i)),
            self.count,
        )
        # Words for a prefix (suffix): on the line before (after) the excerpt or its own,
        # no more than fit in a directive (each takes a character and a %20 at least).
        most = MAX_DIRECTIVE_CHARS // 4
        before = 0
        while (
            before < most
            and self.first - before - 1 >= 0
            and (before == 0 or not breaks(self.first - before - 1))
        ):
            before += 1
        after = 0
        while (
            after < most
            and self.last + after + 1 < len(words)
            and (after == 0 or not breaks(self.last + after))
        ):
            after += 1
        self.before, self.after = before, after
        self.target = text.span(self.first, self.last)

    def build(self) -> str | None:
        if self.first < 0:
            return None
        one_line = self.first_line == self.count
        if one_line and self.count <= self.max_words:
            found = self._grow(_Choice(self.count, 0), words_first=True)
            if found is not None:
                return found
        if self.count < 2:
            return None
        part = min(_START_WORDS, self.max_words)
        if one_line:
            part = min(part, self.count // 2)
        start_words, end_words = min(part, self.first_line), min(part, self.last_line)
        for words_first in (True, False):
            found = self._grow(_Choice(start_words, end_words), words_first)
            if found is not None:
                return found
        return None

    def _grow(self, choice: _Choice, words_first: bool) -> str | None:
        """Grow `choice` a word at a time until the directive's first match is the excerpt:
        textStart (textEnd) first when `words_first`, else the prefix (suffix) up to
        max_words words first. None once it is too long or nothing is left to grow."""
        while True:
            directive = self._directive(choice)
            if len(directive) > MAX_DIRECTIVE_CHARS:
                return None
            parsed = _parse(directive)
            found = None if parsed is None else self.text.resolve(parsed)
            if found == self.target:
                return directive
            start_ok = found is not None and found[0] == self.target[0]
            if not self._step(choice, start_ok, words_first):
                return None

    def _step(self, choice: _Choice, start_ok: bool, words_first: bool) -> bool:
        cap = self.max_words
        if choice.end == 0:  # the whole excerpt: only context can help
            options = [
                ("prefix", min(self.before, cap)),
                ("suffix", min(self.after, cap)),
                ("prefix", self.before),
                ("suffix", self.after),
            ]
        elif not start_ok:
            longest = self.first_line if self.first_line < self.count else self.count - choice.end
            words = ("start", longest)
            options = (
                [words, ("prefix", self.before)]
                if words_first
                else [("prefix", min(self.before, cap)), words, ("prefix", self.before)]
            )
        else:
            longest = self.last_line if self.last_line < self.count else self.count - choice.start
            words = ("end", longest)
            options = (
                [words, ("suffix", self.after)]
                if words_first
                else [("suffix", min(self.after, cap)), words, ("suffix", self.after)]
            )
        for name, limit in options:
            if getattr(choice, name) < limit:
                setattr(choice, name, getattr(choice, name) + 1)
                return True
        return False

    def _directive(self, choice: _Choice) -> str:
        first, last = self.first, self.last
        parts = []
        if choice.prefix:
            parts.append(self._term(first - choice.prefix, first - 1) + "-")
        parts.append(self._term(first, first + choice.start - 1))
        if choice.end:
            parts.append(self._term(last - choice.end + 1, last))
        if choice.suffix:
            parts.append("-" + self._term(last + 1, last + choice.suffix))
        return _DIRECTIVE + ",".join(parts)

    def _term(self, first_word: int, last_word: int) -> str:
        words = self.text.words[first_word : last_word + 1]
        return encode_term(" ".join(self.text.body[s:e] for s, e in words))
