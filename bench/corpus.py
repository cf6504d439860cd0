"""Benchmark corpus: Reuters-21578 passages, scaled up by recombining real sentences.

The collection is research-use only and is never copied into the repository: it is read
from the shared directory at run time, and only token lists are cached (outside the repo).

Recipe (deterministic, so every run and every engine sees the same corpus):
1. Parse each <REUTERS> record's <TITLE> and <BODY> from the 22 .sgm files (Latin-1).
2. Hold out every article whose NEWID is a multiple of HOLDOUT_EVERY: its title is a query,
   its body is in no passage and no synthetic passage (queries are unseen headlines).
3. Split the other bodies into paragraphs, paragraphs into sentences, and pack sentences
   into passages of about 50–150 words (a body shorter than 50 words is one passage).
4. Shuffle the real passages with a seeded RNG; a corpus of n passages is the first n of an
   endless sequence: the shuffled real passages, then synthetic passages, each as many
   sentences as a randomly chosen real passage has, drawn uniformly from the real sentence
   pool with the same RNG. A smaller corpus is therefore a prefix of a larger one, and the
   "next 1,000" passages used for incremental adds are simply passages n..n+999.
Tokens of a passage are the concatenation of its sentences' `analyze` tokens (a sentence
boundary never joins two tokens), so each real sentence is analysed once.
"""

from __future__ import annotations

import html
import os
import pickle
import random
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from index import analyze

REPO = Path(__file__).resolve().parent.parent

HOLDOUT_EVERY = 90  # NEWID % 90 == 0: about 200 held-out articles with a title
SEED = 21578
MIN_WORDS, MAX_WORDS = 50, 150
CACHE_VERSION = 1

_RECORD = re.compile(r"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.S)
_NEWID = re.compile(r'NEWID="(\d+)"')
_TITLE = re.compile(r"<TITLE>(.*?)</TITLE>", re.S)
_BODY = re.compile(r"<BODY>(.*?)</BODY>", re.S)
_TOPICS = re.compile(r"<TOPICS>(.*?)</TOPICS>", re.S)
_LABEL = re.compile(r"<D>(.*?)</D>")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_PARAGRAPH = re.compile(r"\n\s{2,}")  # bodies indent each new paragraph
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[\"'(]?[A-Z0-9])")
_RAW_WORD = re.compile(r"\w+")
_TRAILER = re.compile(r"\s*\bReuter\s*$", re.I)  # the feed's sign-off, not article text


@dataclass
class Source:
    """Sentences of the real passages and the held-out headlines; tokens analysed lazily."""

    sentences: list[str]
    passages: list[tuple[int, ...]]  # real passages as sentence indices, already shuffled
    queries: list[str]
    _tokens: dict[int, list[str]] = field(default_factory=dict)
    # "analyzed": index.analyze (the product's terms); "raw": lower-cased words, stop words
    # kept, as a user's words reach an engine that has no analyzer.
    tokenizer: str = "analyzed"

    def tokens(self, text: str) -> list[str]:
        return _RAW_WORD.findall(text.lower()) if self.tokenizer == "raw" else analyze(text)

    def sentence_tokens(self, i: int) -> list[str]:
        tokens = self._tokens.get(i)
        if tokens is None:
            tokens = self._tokens[i] = self.tokens(self.sentences[i])
        return tokens

    def tokenize_all(self, cache_dir: Path | None) -> None:
        """Analyse every sentence once, from a pickle cache when one matches."""
        name = f"reuters-tokens-v{CACHE_VERSION}{'-raw' if self.tokenizer == 'raw' else ''}.pkl"
        path = cache_dir / name if cache_dir else None
        if path and path.exists():
            with path.open("rb") as f:
                cached: list[list[str]] = pickle.load(f)
            if len(cached) == len(self.sentences):
                self._tokens = dict(enumerate(cached))
                return
        every = [self.sentence_tokens(i) for i in range(len(self.sentences))]
        if path:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("wb") as f:
                pickle.dump(every, f, protocol=pickle.HIGHEST_PROTOCOL)


def shared_dir(given: Path | None = None) -> Path:
    """The shared/ directory holding evaldata/: `given` (--shared), $ARTICLEBOT_SHARED_DIR,
    else ../shared beside the repo. The one default of the bench scripts; under pytest they
    are always given --shared by tests/conftest.py's shared_dir, which skips or fails."""
    if given is not None:
        return given
    return Path(os.environ.get("ARTICLEBOT_SHARED_DIR") or REPO.parent / "shared")


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or tempfile.gettempdir()
    return Path(base) / "articlebot-bench"


def load_source(reuters_dir: Path) -> Source:
    files = sorted(reuters_dir.glob("reut2-*.sgm"))
    if not files:
        raise FileNotFoundError(f"no reut2-*.sgm files in {reuters_dir}")
    sentences: list[str] = []
    passages: list[tuple[int, ...]] = []
    queries: list[str] = []
    for path in files:
        for newid, title, body in _records(path.read_text(encoding="latin-1")):
            if newid % HOLDOUT_EVERY == 0:
                if title and body and analyze(title) and title not in queries:
                    queries.append(title)
                continue
            for chunk in _passages(body):
                passages.append(tuple(range(len(sentences), len(sentences) + len(chunk))))
                sentences.extend(chunk)
    random.Random(SEED).shuffle(passages)
    return Source(sentences, passages, queries)


def _records(text: str) -> list[tuple[int, str, str]]:
    out = []
    for match in _RECORD.finditer(text):
        newid = _NEWID.search(match.group(1))
        title = _TITLE.search(match.group(2))
        body = _BODY.search(match.group(2))
        out.append(
            (
                int(newid.group(1)) if newid else 0,
                _clean(title.group(1)) if title else "",
                _clean(body.group(1), keep_newlines=True) if body else "",
            )
        )
    return out


def _clean(raw: str, keep_newlines: bool = False) -> str:
    text = _CONTROL.sub(" ", html.unescape(raw))  # &#3; and friends are feed control codes
    text = _TRAILER.sub("", text)
    return text.strip() if keep_newlines else " ".join(text.split())


def _passages(body: str) -> list[list[str]]:
    """Sentences packed greedily into chunks of at most MAX_WORDS words; a chunk is closed
    once it has MIN_WORDS words and the next sentence would overflow it."""
    sentences = [
        " ".join(s.split())
        for paragraph in _PARAGRAPH.split(body)
        for s in _SENTENCE.split(" ".join(paragraph.split()))
        if s.strip()
    ]
    chunks: list[list[str]] = []
    current: list[str] = []
    words = 0
    for sentence in sentences:
        n = len(sentence.split())
        if current and words + n > MAX_WORDS and words >= MIN_WORDS:
            chunks.append(current)
            current, words = [], 0
        current.append(sentence)
        words += n
    if current:
        if chunks and words < MIN_WORDS and _words(chunks[-1]) + words <= MAX_WORDS:
            chunks[-1].extend(current)  # a short tail joins the passage before it
        else:
            chunks.append(current)
    return chunks


def _words(chunk: Sequence[str]) -> int:
    return sum(len(s.split()) for s in chunk)


def passage_plan(source: Source, n: int) -> list[tuple[int, ...]]:
    """The first n passages of the endless sequence (sentence indices per passage)."""
    real = source.passages[:n]
    if n <= len(real):
        return real
    rng = random.Random(SEED + 1)
    n_sentences = len(source.sentences)
    synthetic = []
    for _ in range(n - len(real)):
        template = source.passages[rng.randrange(len(source.passages))]
        synthetic.append(tuple(rng.randrange(n_sentences) for _ in template))
    return real + synthetic


def passage_tokens(source: Source, plan: Sequence[tuple[int, ...]]) -> list[list[str]]:
    tokens = source.sentence_tokens
    return [[t for i in sentence_ids for t in tokens(i)] for sentence_ids in plan]


@dataclass(frozen=True)
class Story:
    """One Reuters article as the product would ingest it: paragraphs between blank lines."""

    newid: int
    title: str
    text: str
    topics: tuple[str, ...] = ()  # the TOPICS labels (Reuters' editors'), possibly none


def load_stories(reuters_dir: Path, limit: int | None = None) -> list[Story]:
    """Every story with a title and a body, in file order (the first `limit` of them)."""
    stories: list[Story] = []
    for path in sorted(reuters_dir.glob("reut2-*.sgm")):
        text = path.read_text(encoding="latin-1")
        labels = [_LABEL.findall(m.group(1)) for m in _TOPICS.finditer(text)]
        for (newid, title, body), topics in zip(_records(text), labels, strict=True):
            if not (title and body):
                continue
            paragraphs = [" ".join(p.split()) for p in _PARAGRAPH.split(body) if p.strip()]
            stories.append(Story(newid, title, "\n\n".join(paragraphs), tuple(topics)))
            if limit is not None and len(stories) == limit:
                return stories
    if not stories:
        raise FileNotFoundError(f"no reut2-*.sgm stories in {reuters_dir}")
    return stories
