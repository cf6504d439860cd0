"""Searching the passages: ranking, the query's filters, paging, excerpts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from articles.errors import QueryError
from articles.filters import needs_text, text_passes
from articles.models import Article, Passage
from articles.reference import reference_ranking
from articles.search_index import DEFAULT_LANGUAGE, PassageIndex, combine
from index import Phrase, Query, best_snippet, make_phrase, parse_query, phrase_matches

# Past this many query terms a "question" is a pasted document; the first ones carry its topic.
MAX_QUERY_TERMS = 64
# Scripts and evaluations want deep lists (MAP over the top 1000); the bot asks for a few.
MAX_K = 1000
MAX_OFFSET = 10_000
VERBATIM_SCAN_LIMIT = 20_000
# Phrase filters are checked on the text of ranked passages; the pool grows by this factor
# until enough pass, up to the whole index.
_POOL_GROWTH = 4

Engine = Literal["bm25", "okapi", "rank-bm25"]
ENGINES: tuple[Engine, ...] = ("bm25", "okapi", "rank-bm25")


@dataclass(frozen=True)
class Hit:
    """One answer passage: where it comes from, the excerpt to show with its match spans, and
    the whole passage."""

    rank: int
    score: float
    passage_id: int
    article_id: int
    title: str
    site: str | None
    url: str
    published_on: date | None
    excerpt: str
    highlights: tuple[tuple[int, int], ...]
    text: str


@dataclass(frozen=True)
class SearchResult:
    query: str
    terms: tuple[str, ...]
    hits: tuple[Hit, ...]
    truncated: bool = False
    # What the query parser ignored, and why ("since:banana is not a date …").
    notes: tuple[str, ...] = ()
    offset: int = 0
    # Whether there are hits past these (for "more results").
    has_more: bool = False


class SearchService:
    """Questions in, ranked passages out; the index is caught up before every search."""

    def __init__(self, sessions: sessionmaker[Session], index: PassageIndex) -> None:
        self._sessions = sessions
        self._index = index

    def search(
        self, query: str, k: int = 3, *, offset: int = 0, engine: Engine = "bm25"
    ) -> SearchResult:
        """The best `k` passages after the first `offset` for a question (or a query with
        "phrases", -words, site:, since:, before:), with excerpts and highlight spans.

        `engine` other than "bm25" ranks with a plain BM25 reference (our okapi engine or
        rank_bm25.BM25Okapi over the same tokens): a slow check, not a mode."""
        if not 1 <= k <= MAX_K:
            raise QueryError(f"k={k} is out of range; ask for 1 to {MAX_K} results")
        if not 0 <= offset <= MAX_OFFSET:
            raise QueryError(f"offset={offset} is out of range; use 0 to {MAX_OFFSET}")
        if engine not in ENGINES:
            raise QueryError(f"engine={engine!r} is unknown; use one of {', '.join(ENGINES)}")
        # NUL and lone surrogates (undecodable input) are no words; they would only break
        # the database's or the reply's encoding.
        text = query.encode("utf-8", "replace").decode("utf-8").replace("\x00", " ").strip()
        if not text:
            raise QueryError("The question is empty. Type a few words about what you look for.")
        self._index.refresh()
        parsed = parse_query(text, self._index.query_language(text))
        terms = parsed.terms[:MAX_QUERY_TERMS]
        if not terms:
            return self._search_verbatim(parsed, k, offset)
        want = offset + k + 1  # one more tells whether there is a next page
        allowed = combine(
            self._index.filter_mask(parsed),
            self._index.required_mask([[p.terms for p in group] for group in parsed.phrase_groups]),
        )
        pool = want if not needs_text(parsed) else want * _POOL_GROWTH
        decided: dict[int, _Candidate | None] = {}
        while True:
            if engine == "bm25":
                ranked = self._index.search(terms, k=pool, allowed=allowed)
            else:
                ranked = reference_ranking(self._sessions, terms, pool, engine, allowed)
            passing = self._passing(ranked, parsed, want, decided)
            if len(passing) >= want or len(ranked) < pool:
                break
            pool *= _POOL_GROWTH
        page = self._page(passing, parsed, offset, k)
        truncated = len(parsed.terms) > MAX_QUERY_TERMS
        return SearchResult(
            text, terms, page, truncated, parsed.problems, offset, len(passing) > offset + k
        )

    def _search_verbatim(self, parsed: Query, k: int, offset: int) -> SearchResult:
        """Questions of stop words only ("to be or not to be"): the passages that hold them
        in order. The index has no stop words, so this scans the passages that contain every
        word (SQL LIKE), then checks the order, up to VERBATIM_SCAN_LIMIT passages."""
        words = parsed.fallback_terms
        if not words:
            raise QueryError(
                "Add words to search for: -words and filters such as site: or since: only "
                "narrow a search."
            )
        phrase = make_phrase(" ".join(words), parsed.language)
        want = offset + k + 1
        allowed = self._index.filter_mask(parsed)  # site:, since:, before:, -word
        found: list[int] = []
        with self._sessions() as session:
            candidates = session.execute(
                select(Passage.id, Passage.text, Article.language)
                .join(Article)
                .where(*(Passage.text.icontains(w, autoescape=True) for w in words))
                .order_by(Passage.id)
                .limit(VERBATIM_SCAN_LIMIT)
                .execution_options(yield_per=500)
            )
            for pid, text, language in candidates:
                if allowed is not None and not (pid < len(allowed) and allowed[pid]):
                    continue
                if phrase_matches(phrase, text, language or DEFAULT_LANGUAGE):
                    found.append(pid)
                    if len(found) == want * _POOL_GROWTH:
                        break
        passing = self._passing([(pid, 0.0) for pid in found], parsed, want)
        if not passing and allowed is not None:  # the filters left nothing: no hits
            return SearchResult(parsed.text, words, (), False, parsed.problems, offset)
        if not passing:
            raise QueryError(
                "Your question has only very common words, and no passage holds them together. "
                "Add a word that says what it is about, e.g. a name or a place."
            )
        page = self._page(passing, parsed, offset, k, verbatim=phrase)
        return SearchResult(
            parsed.text, words, page, False, parsed.problems, offset, len(passing) > offset + k
        )

    def _passing(
        self,
        ranked: Sequence[tuple[int, float]],
        parsed: Query,
        want: int,
        decided: dict[int, _Candidate | None] | None = None,
    ) -> list[_Candidate]:
        """Ranked passages that still exist and pass the checks masks cannot make (phrases),
        in order, at most `want`; only the columns a hit shows are read. `decided` keeps what
        an earlier, smaller pool of the same search already read and checked."""
        decided = {} if decided is None else decided
        unknown = [pid for pid, _ in ranked if pid not in decided]
        scores = dict(ranked)
        rows: dict[int, _Candidate] = {}
        with self._sessions() as session:
            for start in range(0, len(unknown), 1000):
                for found in session.execute(
                    select(*_HIT_COLUMNS)
                    .join(Article)
                    .where(Passage.id.in_(unknown[start : start + 1000]))
                ):
                    rows[found[0]] = _Candidate(scores[found[0]], *found)
        check = needs_text(parsed)
        passing: list[_Candidate] = []
        for pid, _ in ranked:
            if pid not in decided:
                row = rows.get(pid)  # None: deleted since the index saw it
                passes = row is not None and (
                    not check or text_passes(parsed, row.text, row.language)
                )
                decided[pid] = row if passes else None
            if (kept := decided[pid]) is not None:
                passing.append(kept)
                if len(passing) == want:
                    break
        return passing

    @staticmethod
    def _page(
        passing: list[_Candidate],
        parsed: Query,
        offset: int,
        k: int,
        verbatim: Phrase | None = None,
    ) -> tuple[Hit, ...]:
        """The hits of one page, with excerpts (made for the shown hits only)."""
        highlight = set(parsed.terms) | set(parsed.fallback_terms if verbatim else ())
        phrases = (*parsed.phrases, verbatim) if verbatim else parsed.phrases
        hits = []
        for rank, row in enumerate(passing[offset : offset + k], start=offset + 1):
            snippet = best_snippet(row.text, highlight, row.language, phrases=phrases)
            hits.append(
                Hit(
                    rank=rank,
                    score=row.score,
                    passage_id=row.passage_id,
                    article_id=row.article_id,
                    title=row.title,
                    site=row.site,
                    url=row.url,
                    published_on=row.published_on,
                    excerpt=snippet.text,
                    highlights=snippet.highlights,
                    text=row.text,
                )
            )
        return tuple(hits)


_HIT_COLUMNS = (
    Passage.id,
    Passage.text,
    Article.id,
    Article.title,
    Article.site,
    Article.url,
    Article.published_on,
    Article.language,
)


@dataclass(frozen=True)
class _Candidate:
    score: float
    passage_id: int
    text: str
    article_id: int
    title: str
    site: str | None
    url: str
    published_on: date | None
    language_or_none: str | None

    @property
    def language(self) -> str:
        return self.language_or_none or DEFAULT_LANGUAGE
