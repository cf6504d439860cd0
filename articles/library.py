"""The services both front ends call: store articles, keep the index in step, search."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Literal

from sqlalchemy import Engine, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from articles.db import migrate, open_engine, session_factory
from articles.errors import ArticlebotError, QueryError
from articles.extract import Extracted
from articles.ingest import find_article_files, read_article_file
from articles.language import detect_language
from articles.models import Article, Passage
from articles.passages import split_passages
from articles.search_index import DEFAULT_LANGUAGE, PassageIndex, passage_terms
from index import analyze
from index.query import (
    Phrase,
    Query,
    date_matches,
    excluded,
    make_phrase,
    matches_phrases,
    parse_query,
    phrase_matches,
    site_matches,
)
from index.snippets import best_snippet

log = logging.getLogger(__name__)

IngestStatus = Literal["added", "updated", "duplicate", "failed"]
# Past this many query terms a "question" is a pasted document; the first ones carry its topic.
MAX_QUERY_TERMS = 64
MAX_K = 1000
VERBATIM_SCAN_LIMIT = 20_000


@dataclass(frozen=True)
class IngestResult:
    """What happened to one source; `--json` prints these fields."""

    source: str
    status: IngestStatus
    article_id: int | None = None
    title: str | None = None
    passages: int = 0
    error: str | None = None


@dataclass(frozen=True)
class Hit:
    """One answer passage: where it comes from, and the excerpt to show with its match spans."""

    rank: int
    score: float
    passage_id: int
    article_id: int
    title: str
    site: str | None
    url: str
    excerpt: str
    highlights: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class SearchResult:
    query: str
    terms: tuple[str, ...]
    hits: tuple[Hit, ...]
    truncated: bool = False
    # What the query parser ignored, and why ("since:banana is not a date …").
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class LibraryStats:
    articles: int
    passages: int


class Library:
    """Articles in the database (the truth) plus the BM25 index derived from them."""

    def __init__(self, engine: Engine, index_dir: Path | None = None) -> None:
        self._engine = engine
        self._sessions: sessionmaker[Session] = session_factory(engine)
        self.index = PassageIndex(self._sessions, index_dir)

    @classmethod
    def open(cls, database_url: str, index_dir: Path | None = None) -> Library:
        """Open (and migrate) the database, then load the index saved in `index_dir` and
        catch it up (or build it from the passages when there is no usable save)."""
        engine = open_engine(database_url)
        migrate(engine)
        library = cls(engine, index_dir)
        library.index.load()
        return library

    def close(self) -> None:
        """Save the index if it changed, and release the database."""
        try:
            self.index.save()
        finally:
            self._engine.dispose()

    # -- ingestion ---------------------------------------------------------------------------

    def ingest_paths(
        self,
        paths: Sequence[Path],
        progress: Callable[[int, int, IngestResult], None] | None = None,
        language: str | None = None,
    ) -> list[IngestResult]:
        """Ingest files and directories; every source gets a result, failures included.

        `language` (an ISO 639-1 code) overrides what the files declare or what is detected.
        """
        sources = list(find_article_files(paths))
        results: list[IngestResult] = []
        for number, source in enumerate(sources, start=1):
            if source.problem is not None:
                result = IngestResult(str(source.path), "failed", error=source.problem)
            else:
                result = self._ingest_file(source.path, language)
            results.append(result)
            if progress is not None:
                progress(number, len(sources), result)
        return results

    def _ingest_file(self, path: Path, language: str | None) -> IngestResult:
        try:
            extracted = read_article_file(path)
        except ArticlebotError as exc:
            return IngestResult(str(path), "failed", error=str(exc))
        except OSError as exc:
            return IngestResult(str(path), "failed", error=f"cannot read {path}: {exc.strerror}")
        if language:
            extracted = replace(extracted, language=language)
        return self.add_article(
            extracted, url=path.resolve().as_uri(), kind="file", source=str(path)
        )

    def add_article(
        self, extracted: Extracted, *, url: str, kind: str, source: str
    ) -> IngestResult:
        """Store an article once (by URL and by content) and index its passages.

        The same text again is a duplicate; new text at a known URL (an edited file, an
        updated page) replaces the old version, so nothing stale is left to answer from.
        """
        digest = content_hash(extracted.text)
        spans = split_passages(extracted.text)
        if not spans:
            return IngestResult(source, "failed", error=f"{source}: the article has no text")
        with self._sessions() as session:
            same_text = session.scalars(
                select(Article).where(Article.content_hash == digest)
            ).first()
            if same_text is not None:
                return _duplicate(source, same_text)
            article = session.scalars(select(Article).where(Article.url == url)).first()
            status: IngestStatus = "added" if article is None else "updated"
            stale: list[int] = []
            stale_language = article.language if article is not None else None
            if article is None:
                article = Article(url=url, source_kind=kind)
                session.add(article)
            else:
                stale = [p.id for p in article.passages]
                article.passages.clear()
                session.flush()  # delete the old passages before their positions are reused
            article.content_hash = digest
            article.title = extracted.title
            article.site = extracted.site
            article.language = extracted.language or detect_language(extracted.text)
            article.published = extracted.published
            article.body = extracted.text
            article.passages.extend(
                Passage(position=p.index, start=p.start, end=p.end, text=p.text) for p in spans
            )
            try:
                session.commit()
            except IntegrityError:
                # Another process stored the same article between our check and our write.
                session.rollback()
                existing = self._find_existing(session, url, digest)
                if existing is None:
                    raise
                return _duplicate(source, existing)
            language = article.language or DEFAULT_LANGUAGE
            indexed = [
                (p.id, passage_terms(p.text, article.title, language)) for p in article.passages
            ]
        self.index.replace(stale, indexed, language, stale_language or DEFAULT_LANGUAGE)
        return IngestResult(source, status, article.id, article.title, len(indexed))

    @staticmethod
    def _find_existing(session: Session, url: str, digest: str) -> Article | None:
        return session.scalars(
            select(Article).where(or_(Article.url == url, Article.content_hash == digest))
        ).first()

    # -- search ------------------------------------------------------------------------------

    def search(self, query: str, k: int = 3) -> SearchResult:
        """The best `k` passages for a question (or a query with "phrases", -words, site:,
        since:, before:), with excerpts and the spans to highlight."""
        if not 1 <= k <= MAX_K:
            raise QueryError(f"k={k} is out of range; ask for 1 to {MAX_K} results")
        text = query.strip()
        if not text:
            raise QueryError("The question is empty. Type a few words about what you look for.")
        self.index.refresh_if_changed()
        parsed = parse_query(text, self.index.query_language(text))
        terms = parsed.terms[:MAX_QUERY_TERMS]
        if not terms:
            return self._search_verbatim(parsed, k)
        # Filters are applied after ranking, so rank a wider pool when there are any.
        pool = max(k * 20, 200) if parsed.has_filters else k
        ranked = self.index.search(terms, k=pool)
        hits = self._hits(ranked, parsed, k)
        if parsed.has_filters and len(hits) < k and len(ranked) == pool:
            hits = self._hits(self.index.search(terms, k=len(self.index)), parsed, k)
        truncated = len(parsed.terms) > MAX_QUERY_TERMS
        return SearchResult(text, terms, tuple(hits), truncated, parsed.problems)

    def _search_verbatim(self, parsed: Query, k: int) -> SearchResult:
        """Questions of stop words only ("to be or not to be"): the passages that hold them
        in order. The index has no stop words, so this scans the passages that contain every
        word (SQL LIKE), then checks the order, up to VERBATIM_SCAN_LIMIT passages."""
        words = parsed.fallback_terms
        if not words:
            raise QueryError(
                "Add words to search for: filters such as site: or since: only narrow a search."
            )
        phrase = make_phrase(" ".join(words), parsed.language)
        found: list[int] = []
        with self._sessions() as session:
            candidates = session.execute(
                select(Passage.id, Passage.text, Article.language)
                .join(Article)
                .where(*(Passage.text.ilike(f"%{_like_escape(w)}%", escape="\\") for w in words))
                .order_by(Passage.id)
                .limit(VERBATIM_SCAN_LIMIT)
                .execution_options(yield_per=500)
            )
            for pid, text, language in candidates:
                if phrase_matches(phrase, text, language or DEFAULT_LANGUAGE):
                    found.append(pid)
                    if len(found) == k * 20:
                        break
        hits = self._hits([(pid, 0.0) for pid in found], parsed, k, verbatim=phrase)
        if not hits:
            raise QueryError(
                "Your question has only very common words, and no passage holds them together. "
                "Add a word that says what it is about, e.g. a name or a place."
            )
        return SearchResult(parsed.text, words, tuple(hits), False, parsed.problems)

    def _hits(
        self,
        ranked: Sequence[tuple[int, float]],
        parsed: Query,
        k: int,
        verbatim: Phrase | None = None,
    ) -> list[Hit]:
        """Hits in ranked order, the query's filters applied, at most `k`."""
        if not ranked:
            return []
        ids = [pid for pid, _ in ranked]
        with self._sessions() as session:
            rows = session.execute(
                select(Passage, Article).join(Article).where(Passage.id.in_(ids))
            ).all()
        by_id = {passage.id: (passage, article) for passage, article in rows}
        highlight = set(parsed.terms) | set(parsed.fallback_terms if verbatim else ())
        hits: list[Hit] = []
        for pid, score in ranked:
            if pid not in by_id:  # deleted since the index saw it
                continue
            passage, article = by_id[pid]
            language = article.language or DEFAULT_LANGUAGE
            if parsed.has_filters and not _passes(parsed, passage, article, language):
                continue
            phrases = (*parsed.phrases, verbatim) if verbatim else parsed.phrases
            snippet = best_snippet(passage.text, highlight, language, phrases=phrases)
            hits.append(
                Hit(
                    rank=len(hits) + 1,
                    score=score,
                    passage_id=pid,
                    article_id=article.id,
                    title=article.title,
                    site=article.site,
                    url=article.url,
                    excerpt=snippet.text,
                    highlights=snippet.highlights,
                )
            )
            if len(hits) == k:
                break
        return hits

    def stats(self) -> LibraryStats:
        with self._sessions() as session:
            articles = session.scalar(select(func.count()).select_from(Article)) or 0
            passages = session.scalar(select(func.count()).select_from(Passage)) or 0
        return LibraryStats(articles, passages)


def _passes(parsed: Query, passage: Passage, article: Article, language: str) -> bool:
    """Whether a ranked passage survives the query's phrases, exclusions, sites and dates."""
    return (
        site_matches(parsed, article.site, article.url)
        and date_matches(parsed, _article_date(article))
        and matches_phrases(parsed, passage.text, language)
        and not excluded(parsed, set(analyze(passage.text, language)), passage.text, language)
    )


def _article_date(article: Article) -> date | None:
    """When the article was published, or else when it was ingested."""
    if article.published:
        try:
            return date.fromisoformat(article.published[:10])
        except ValueError:
            pass
    return article.ingested_at.date() if article.ingested_at else None


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _duplicate(source: str, existing: Article) -> IngestResult:
    return IngestResult(source, "duplicate", existing.id, existing.title, len(existing.passages))


def content_hash(text: str) -> str:
    """A fingerprint of the body that ignores whitespace layout and letter case."""
    normalised = re.sub(r"\s+", " ", text).strip().casefold()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()
