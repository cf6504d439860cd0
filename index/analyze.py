"""The analyzer: one pipeline for passages and queries.

normalise (NFKC) → tokenize → case fold → drop stop words → stem (Snowball via PyStemmer).

Spans point into the ORIGINAL text so the renderer can bold matched words; they may overlap
(CJK bigrams).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from index._stemmer import Stemmer, stemmer_algorithm

Span = tuple[str, int, int]


class _Token(NamedTuple):
    text: str
    start: int
    end: int
    is_cjk: bool
    parts: tuple[Span, ...] = ()  # a word's hyphen-separated parts, with their own offsets


# Han, kana and their marks have no spaces between words: such runs become character bigrams.
_CJK = "\u3005\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# Combining marks (Mn/Mc/Me) of the BMP, merged across letters; `\w` alone splits words of
# Devanagari, Arabic with vowel marks, Thai, ... at every mark.
_MARKS = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u05bf\u05c1-\u05c2\u05c4-\u05c5\u05c7"
    "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u0711-\u07f3"
    "\u07fd\u0816-\u082d\u0859-\u085b\u0898-\u08e1\u08e3-\u0963\u0981-\u09e3\u09fe-\u0a75"
    "\u0a81-\u0ae3\u0afa-\u0b63\u0b82-\u0bd7\u0c00-\u0c63\u0c81-\u0c83\u0cbc-\u0d4d"
    "\u0d57-\u0d63\u0d81-\u0df3\u0e31-\u0e3a\u0e47-\u0e4e\u0eb1-\u0ecd\u0f18-\u0f19\u0f35"
    "\u0f37\u0f39\u0f3e-\u0f84\u0f86-\u0fbc\u0fc6\u102b-\u103e\u1056-\u109d\u135d-\u135f"
    "\u1712-\u1734\u1752-\u17d3\u17dd\u180b-\u180d\u180f-\u193b\u1a17-\u1a1b\u1a55-\u1a7f"
    "\u1ab0-\u1b44\u1b6b-\u1b73\u1b80-\u1bf3\u1c24-\u1c37\u1cd0-\u1cd2\u1cd4-\u1dff"
    "\u20d0-\u20f0\u2cef-\u2cf1\u2d7f-\u2dff\u302a-\u302f\ua66f-\ua672\ua674-\ua67d"
    "\ua69e-\ua6f1\ua802-\ua827\ua82c\ua880-\ua8c5\ua8e0-\ua8f1\ua8ff-\ua92d\ua947-\ua953"
    "\ua980-\ua9c0\ua9e5-\uaa4d\uaa7b-\uaac1\uaaeb-\uaaef\uaaf5-\uaaf6\uabe3-\uabea"
    "\uabec-\uabed\ufb1e\ufe00-\ufe0f\ufe20-\ufe2f"
)
_W = rf"(?:[^\W_{_CJK}]|[{_MARKS}])"
# A part: word characters, joined by an apostrophe (don't, China's) or, between digits, by
# a decimal point or thousands separator (3.5, 1,000).
_PART = rf"{_W}+(?:(?:['\u2019]|(?<=\d)[.,](?=\d)){_W}+)*"
_HYPHENS = "-\u2010\u2011"
_TOKEN = re.compile(rf"(?P<cjk>[{_CJK}]+)|(?P<word>{_PART}(?:[{_HYPHENS}]{_PART})*)")
_PART_RE = re.compile(_PART)
_HYPHEN = re.compile(f"[{_HYPHENS}]")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_PIECE = re.compile(r"\S+")

# Snowball's English stop list (https://snowballstem.org/algorithms/english/stop.txt).
_ENGLISH_STOP_TEXT = """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his
    himself she her hers herself it its itself they them their theirs themselves what which
    who whom this that these those am is are was were be been being have has had having do
    does did doing would should could ought i'm you're he's she's it's we're they're i've
    you've we've they've i'd you'd he'd she'd we'd they'd i'll you'll he'll she'll we'll
    they'll isn't aren't wasn't weren't hasn't haven't hadn't doesn't don't didn't won't
    wouldn't shan't shouldn't can't cannot couldn't mustn't let's that's who's what's here's
    there's when's where's why's how's a an the and but if or because as until while of at
    by for with about against between into through during before after above below to from
    up down in out on off over under again further then once here there when where why how
    all any both each few more most other some such no nor not only own same so than too
    very
"""
ENGLISH_STOP_WORDS = frozenset(_ENGLISH_STOP_TEXT.split())
_STOP_WORDS = {"english": ENGLISH_STOP_WORDS}

# ISO 639-1 codes for the algorithms PyStemmer ships; full names are accepted too.
_ISO_TO_ALGORITHM = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "cs": "czech",
    "da": "danish", "nl": "dutch", "en": "english", "eo": "esperanto", "et": "estonian",
    "fi": "finnish", "fr": "french", "de": "german", "el": "greek", "hi": "hindi",
    "hu": "hungarian", "id": "indonesian", "ga": "irish", "it": "italian", "lt": "lithuanian",
    "ne": "nepali", "no": "norwegian", "nb": "norwegian", "nn": "norwegian", "fa": "persian",
    "pl": "polish", "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian",
    "st": "sesotho", "es": "spanish", "sv": "swedish", "ta": "tamil", "tr": "turkish",
    "yi": "yiddish",
}  # fmt: skip

# What a user may name (ingest --language): a Snowball stemmer, or CJK, split into bigrams.
SUPPORTED_LANGUAGES = frozenset(_ISO_TO_ALGORITHM) | {"zh", "ja", "ko"}

_local = threading.local()  # Snowball stemmer objects are not safe to share between threads


def analyze(text: str, language: str = "en") -> list[str]:
    """The terms of `text`, in order."""
    return [term for term, _, _ in analyze_spans(text, language)]


def analyze_spans(text: str, language: str = "en") -> list[Span]:
    """(term, start, end) for each term, with offsets into the original `text`."""
    algorithm = stemmer_algorithm(_algorithm_name(language))
    stop_words = _STOP_WORDS.get(algorithm or "", frozenset())
    spans: list[Span] = []
    words: list[int] = []  # indices in `spans` of the terms a stemmer should see
    for token in _tokens(text):
        if token.is_cjk:
            spans.append((token.text, token.start, token.end))
            continue
        for span in _word_terms(token, stop_words):
            if not _NUMBER.fullmatch(span[0]):
                words.append(len(spans))
            spans.append(span)
    if algorithm and words:
        stems = _stemmer(algorithm).stem_words([spans[i][0] for i in words])
        for i, stem in zip(words, stems, strict=True):
            _, start, end = spans[i]
            spans[i] = (stem, start, end)
    return [span for span in spans if span[0]]


def analyze_marked(text: str, language: str = "en") -> list[tuple[str, int, int, bool]]:
    """Every word of `text`, stop words kept, each marked whether it is a term: (term,
    start, end, True) as analyze_spans gives it, or (folded word, start, end, False) for a
    word analyze drops (a stop word). One pass for what phrases match (every word) and
    what is counted (the terms): matching thousands of topics needs both of every article."""
    algorithm = stemmer_algorithm(_algorithm_name(language))
    stop_words = _STOP_WORDS.get(algorithm or "", frozenset())
    spans: list[Span] = []
    is_term: list[bool] = []
    words: list[int] = []  # indices in `spans` of the terms a stemmer should see
    for piece, start, end, cjk in _pieces(text):
        if cjk:
            spans.append((piece, start, end))
            is_term.append(True)
            continue
        word = fold(piece)
        kept = word not in stop_words
        # \d is a kind of isdigit(): most words are spared the regex.
        if kept and not (word[0].isdigit() and _NUMBER.fullmatch(word)):
            words.append(len(spans))
        spans.append((word, start, end))
        is_term.append(kept)
    stems: dict[int, str] = {}
    if algorithm and words:
        stems = dict(zip(words, _stemmer(algorithm).stem_words([spans[i][0] for i in words]),
                         strict=True))  # fmt: skip
    marked: list[tuple[str, int, int, bool]] = []
    for i, (word, start, end) in enumerate(spans):
        term = stems.get(i, word)
        if is_term[i] and term:
            marked.append((term, start, end, True))
        elif word:
            marked.append((word, start, end, False))
    return marked


def _algorithm_name(language: str) -> str:
    code = language.strip().lower().replace("_", "-").split("-")[0]
    return _ISO_TO_ALGORITHM.get(code, code)


def _stemmer(algorithm: str) -> Stemmer:
    cache: dict[str, Stemmer] | None = getattr(_local, "stemmers", None)
    if cache is None:
        cache = _local.stemmers = {}
    if algorithm not in cache:
        cache[algorithm] = Stemmer(algorithm)
    return cache[algorithm]


def _word_terms(token: _Token, stop_words: frozenset[str]) -> list[Span]:
    """Terms of one word token: each hyphen-separated part (China-DPRK → china, dprk)."""
    # No joined compound ("chinadprk"): it let "China-North Korea" in a question favour the
    # passage that repeats that exact spelling over the one that answers (the seed's 1961
    # passage); parts alone are what Lucene's standard tokenizer gives, too.
    parts = [(fold(text), start, end) for text, start, end in token.parts]
    return [part for part in parts if part[0] not in stop_words]


def fold(word: str) -> str:
    """Case-folded word with a typographic apostrophe made plain and 1,000 made 1000."""
    term = word.casefold()
    if "\u2019" in term:
        term = term.replace("\u2019", "'")
    if "," in term and _THOUSANDS.fullmatch(term):  # the test spares most words a regex call
        term = term.replace(",", "")
    return term


def _tokens(text: str) -> Iterator[_Token]:
    """Raw tokens of the NFKC form of `text` (CJK runs as bigrams), offsets into `text`."""
    if text.isascii() or unicodedata.is_normalized("NFKC", text):
        yield from _matches(text, range(len(text)), range(1, len(text) + 1))
        return
    # NFKC can change lengths (the one-character ligature "fi" becomes two characters), so
    # each whitespace-separated piece is normalised cluster by cluster, with a map from
    # normalised positions back to the text.
    for piece in _PIECE.finditer(text):
        yield from _matches(*normalise_with_offsets(piece.group(), piece.start()))


def _pieces(text: str) -> list[tuple[str, int, int, bool]]:
    """What _tokens gives, flattened: each word part, and each CJK token (True). Text that
    NFKC leaves as it is (nearly all) is read straight off the regex: no token objects, no
    offset maps (half the time of analysing an article)."""
    if not (text.isascii() or unicodedata.is_normalized("NFKC", text)):
        return [
            piece
            for token in _tokens(text)
            for piece in (
                [(token.text, token.start, token.end, True)]
                if token.is_cjk
                else [(part, start, end, False) for part, start, end in token.parts]
            )
        ]
    pieces: list[tuple[str, int, int, bool]] = []
    append = pieces.append
    for match in _TOKEN.finditer(text):
        s, e = match.span()
        if match.lastgroup == "word":
            word = match.group()
            if _HYPHEN.search(word) is None:
                append((word, s, e, False))
            else:
                for part in _PART_RE.finditer(word):
                    append((part.group(), s + part.start(), s + part.end(), False))
        elif e - s == 1:
            append((match.group(), s, e, True))
        else:
            for i in range(s, e - 1):
                append((text[i : i + 2], i, i + 2, True))
    return pieces


def _matches(normal: str, starts: Sequence[int], ends: Sequence[int]) -> Iterator[_Token]:
    """Tokens of `normal`; `starts[i]`/`ends[i]` locate its character i in the original."""
    for match in _TOKEN.finditer(normal):
        s, e = match.start(), match.end()
        if match.lastgroup == "word":
            word, start, end = match.group(), starts[s], ends[e - 1]
            if not _HYPHEN.search(word):  # the common case, spared a second regex pass
                yield _Token(word, start, end, False, ((word, start, end),))
                continue
            parts = tuple(
                (part.group(), starts[s + part.start()], ends[s + part.end() - 1])
                for part in _PART_RE.finditer(word)
            )
            yield _Token(word, start, end, False, parts)
        elif e - s == 1:
            yield _Token(match.group(), starts[s], ends[s], True)
        else:
            for i in range(s, e - 1):
                yield _Token(normal[i : i + 2], starts[i], ends[i + 1], True)


def normalise_with_offsets(piece: str, base: int) -> tuple[str, list[int], list[int]]:
    """NFKC of `piece` per cluster, and for each output character its source cluster's span."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for cluster_start, cluster_end in _clusters(piece):
        normal = unicodedata.normalize("NFKC", piece[cluster_start:cluster_end])
        out.append(normal)
        starts.extend([base + cluster_start] * len(normal))
        ends.extend([base + cluster_end] * len(normal))
    return "".join(out), starts, ends


def _clusters(piece: str) -> Iterator[tuple[int, int]]:
    """A base character with the marks that follow it (they compose with it under NFKC)."""
    start = 0
    for i in range(1, len(piece)):
        char = piece[i]
        if unicodedata.combining(char) or unicodedata.category(char).startswith("M"):
            continue
        if "\u1160" <= char <= "\u11ff" or "\ud7b0" <= char <= "\ud7ff":
            continue  # Hangul medial and final jamo compose with the syllable before them
        yield start, i
        start = i
    if piece:
        yield start, len(piece)
