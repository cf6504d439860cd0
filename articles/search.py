"""Searching the passages: ranking, the query's filters, paging, excerpts."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
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
from index import (
    Phrase,
    Query,
    analyze,
    analyze_words,
    best_snippet,
    link_to_excerpt,
    make_phrase,
    parse_query,
    phrase_matches,
)

# Past this many query terms a "question" is a pasted document; the first ones carry its topic.
MAX_QUERY_TERMS = 64
# Scripts and evaluations want deep lists (MAP over the top 1000); the bot asks for a few.
MAX_K = 1000
MAX_OFFSET = 10_000
VERBATIM_SCAN_LIMIT = 20_000
# Below this coverage (the share of the question's idf its best hit holds), nothing good
# matched: bench/no_answer.py's highest floor that keeps 99 % of the questions answered right
# (it refuses 29-39 % of questions whose article is absent; 0.5 lost 5-6 % of right answers).
# A hit that holds every word of the question is always an answer.
NO_ANSWER_FLOOR = 0.35
# "Newest first" orders this many of the most relevant passages by date.
NEWEST_POOL = 100
# A chat answer's window: whole sentences, the best-matching one always inside.
WINDOW_CHARS = 300
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
    # The ~300-character window of whole sentences a chat answer shows (the best-matching
    # sentence always inside) with its match spans, and where it is in `text`.
    window: str = ""
    window_highlights: tuple[tuple[int, int], ...] = ()
    window_start: int = 0
    window_end: int = 0
    # The share of the question's weight (idf) whose words the passage or its title holds:
    # below a floor, "nothing good matched".
    coverage: float = 1.0
    # `url` with a text fragment that opens the page at the window, where browsers can.
    link: str = ""


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
        self,
        query: str,
        k: int = 3,
        *,
        offset: int = 0,
        engine: Engine = "bm25",
        within: Collection[int] | None = None,
        newest_first: bool = False,
    ) -> SearchResult:
        """The best `k` passages after the first `offset` for a question (or a query with
        "phrases", -words, site:, since:, before:), with excerpts and highlight spans.

        `engine` other than "bm25" ranks with a plain BM25 reference (our okapi engine or
        rank_bm25.BM25Okapi over the same tokens): a slow check, not a mode. `within` keeps
        the passages of these articles only (a question asked in reply to an answer, an alert
        or a digest); `newest_first` orders the best NEWEST_POOL passages by date."""
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
            self._index.article_mask(within) if within is not None else None,
        )
        if newest_first:
            want = max(want, NEWEST_POOL)
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
        if newest_first:  # stable: equal dates keep their relevance order
            passing.sort(key=lambda row: row.published_on or date.min, reverse=True)
        page = self._page(passing, parsed, offset, k)
        truncated = len(parsed.terms) > MAX_QUERY_TERMS
        return SearchResult(
            text, terms, page, truncated, parsed.problems, offset, len(passing) > offset + k
        )

    def suggest(self, question: str) -> list[str]:
        """For the words of a question the library does not hold, how they are written in the
        library where a word is spelled almost alike ("Did you mean …?")."""
        text = question.replace("\x00", " ")
        language = self._index.query_language(text)
        found: list[str] = []
        for word, _, _ in analyze_words(text[:500], language)[:20]:
            close = self._index.suggestion(word)
            if close is None:
                continue
            shown = self._written(close, language)
            if shown and shown not in found:
                found.append(shown)
        return found[:3]

    def _written(self, term: str, language: str) -> str | None:
        passage_id = self._index.example_passage(term)
        if passage_id is None:
            return None
        with self._sessions() as session:
            text = session.scalar(select(Passage.text).where(Passage.id == passage_id))
        for analyzed, start, end in analyze_words(text or "", language):
            if analyzed == term:
                return (text or "")[start:end]
        return None

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

    def _page(
        self,
        passing: list[_Candidate],
        parsed: Query,
        offset: int,
        k: int,
        verbatim: Phrase | None = None,
    ) -> tuple[Hit, ...]:
        """The hits of one page, with excerpts (made for the shown hits only)."""
        highlight = set(parsed.terms) | set(parsed.fallback_terms if verbatim else ())
        phrases = (*parsed.phrases, verbatim) if verbatim else parsed.phrases
        shown = passing[offset : offset + k]
        bodies = self._bodies({row.article_id for row in shown})
        weights = question_weights(parsed.terms, self._index.idf, self._index.holds)
        hits = []
        for rank, row in enumerate(shown, start=offset + 1):
            snippet = best_snippet(row.text, highlight, row.language, phrases=phrases)
            window = best_snippet(row.text, highlight, row.language, WINDOW_CHARS, phrases)
            body = bodies.get(row.article_id, "")
            where = (row.start + window.start, row.start + window.end)
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
                    window=window.text,
                    window_highlights=window.highlights,
                    window_start=window.start,
                    window_end=window.end,
                    coverage=coverage(weights, row.text, row.title, row.language),
                    link=link_to_excerpt(row.url, body, *where) if body else row.url,
                )
            )
        return tuple(hits)

    def _bodies(self, article_ids: set[int]) -> dict[int, str]:
        if not article_ids:
            return {}
        with self._sessions() as session:
            rows = session.execute(
                select(Article.id, Article.body).where(Article.id.in_(article_ids))
            )
            return {article_id: body for article_id, body in rows}


def confident(result: SearchResult) -> bool:
    """Whether the hits answer the question rather than merely share a word with it."""
    if not result.hits:
        return False
    best = max(hit.coverage for hit in result.hits)
    return best >= NO_ANSWER_FLOOR or best >= 1.0


def question_weights(
    terms: Collection[str], idf: Callable[[str], float], held: Callable[[str], bool]
) -> dict[str, float]:
    """Each distinct word of the question weighted by its idf; a word no passage holds (a
    typo, a word the library never uses) weighs like the rarest word it does hold, not more:
    its own idf would be the largest of all and sink every answer of a small library."""
    known = {term: idf(term) for term in set(terms) if held(term)}
    unknown = set(terms) - known.keys()
    rarest = max(known.values(), default=1.0)
    return known | dict.fromkeys(unknown, rarest)


def coverage(weights: dict[str, float], text: str, title: str, language: str) -> float:
    """The share of the question's idf the passage (or its title) holds: 1 when it holds
    every word, near 0 when it holds only the commonest of them."""
    total = sum(weights.values())
    if total <= 0:
        return 1.0
    held = {*analyze(text, language), *analyze(title, language)}
    return sum(w for term, w in weights.items() if term in held) / total


_HIT_COLUMNS = (
    Passage.id,
    Passage.text,
    Passage.start,
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
    start: int  # in the article's body
    article_id: int
    title: str
    site: str | None
    url: str
    published_on: date | None
    language_or_none: str | None

    @property
    def language(self) -> str:
        return self.language_or_none or DEFAULT_LANGUAGE
