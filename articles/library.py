"""The front both the CLI and the bot hold: one database, its index, and the services."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import httpx
from sqlalchemy import Engine, func, select

from articles.alerts import AlertService
from articles.answers import AnswerService
from articles.changes import log_changes_on_commit
from articles.db import migrate, open_engine, session_factory
from articles.digests import DigestService
from articles.extracted import Extracted
from articles.feeding import FeedService
from articles.ingestion import IngestResult, IngestService, Progress
from articles.models import Article, Passage
from articles.outbox import Outbox
from articles.search import Engine as RankingEngine
from articles.search import Hit, SearchResult, SearchService
from articles.search_index import PassageIndex
from articles.sources.web import FetchPolicy
from articles.subscriptions import SubscriptionService

__all__ = ["FetchPolicy", "Hit", "IngestResult", "Library", "LibraryStats", "SearchResult"]


@dataclass(frozen=True)
class Source:
    name: str
    articles: int
    newest: datetime


@dataclass(frozen=True)
class NewArticle:
    id: int
    title: str
    site: str | None
    url: str
    opening: str  # the first characters of its text


def _folder(url: str) -> str:
    """A file's folder name (for /sources), or the URL's host."""
    parts = urlsplit(url)
    if parts.scheme == "file":
        return PurePosixPath(unquote(parts.path)).parent.name or "files"
    return parts.hostname or "other"


@dataclass(frozen=True)
class LibraryStats:
    articles: int
    passages: int


class Library:
    """Articles in the database (the truth) plus the BM25 index derived from them."""

    def __init__(
        self,
        engine: Engine,
        index_dir: Path | None = None,
        fetch_policy: FetchPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._engine = engine
        self.sessions = session_factory(engine)
        log_changes_on_commit(self.sessions)
        self.index = PassageIndex(self.sessions, index_dir)
        self.ingest = IngestService(self.sessions, self.index, fetch_policy, transport)
        self.feeds = FeedService(self.sessions, self.ingest)
        self.searcher = SearchService(self.sessions, self.index)
        self.subscriptions = SubscriptionService(self.sessions)
        self.alerts = AlertService(self.sessions, self.index)
        self.digests = DigestService(self.sessions, self.index)
        self.outbox = Outbox(self.sessions)
        self.answers = AnswerService(self.sessions)

    @classmethod
    def open(
        cls,
        database_url: str,
        index_dir: Path | None = None,
        fetch_policy: FetchPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> Library:
        """Open (and migrate) the database, then load the index saved in `index_dir` and
        reconcile it (or build it from the passages when there is no usable save).
        `fetch_policy` bounds web fetches; `transport` replaces the network (tests)."""
        engine = open_engine(database_url)
        migrate(engine)
        library = cls(engine, index_dir, fetch_policy, transport)
        library.index.load()
        return library

    @property
    def dialect(self) -> str:
        """ "sqlite" or "postgresql": SQLite runs one sender, PostgreSQL several."""
        return self._engine.dialect.name

    @property
    def sqlite_file(self) -> Path | None:
        """The SQLite database's file (None on PostgreSQL or in memory)."""
        name = self._engine.url.database
        if self.dialect != "sqlite" or not name or name == ":memory:":
            return None
        return Path(name)

    def close(self) -> None:
        """Save the index if it changed, and release the database."""
        try:
            self.index.save()
        finally:
            self._engine.dispose()

    def ingest_paths(
        self,
        paths: Sequence[Path | str],
        progress: Progress | None = None,
        language: str | None = None,
    ) -> list[IngestResult]:
        return self.ingest.ingest_paths(paths, progress, language)

    def add_article(
        self, extracted: Extracted, *, url: str, kind: str, source: str
    ) -> IngestResult:
        return self.ingest.add_article(extracted, url=url, kind=kind, source=source)

    def search(
        self,
        query: str,
        k: int = 3,
        *,
        offset: int = 0,
        engine: RankingEngine = "bm25",
        within: Collection[int] | None = None,
        newest_first: bool = False,
    ) -> SearchResult:
        return self.searcher.search(
            query, k, offset=offset, engine=engine, within=within, newest_first=newest_first
        )

    def sources(self, limit: int = 30) -> list[Source]:
        """The sites the library holds (files without one: their folder), the most articles
        first: name, article count, newest article's storage time."""
        with self.sessions() as session:
            # Sites counted by the database; only articles without a site (files) one by one.
            by_site = session.execute(
                select(Article.site, func.count(), func.max(Article.ingested_at))
                .where(Article.site.is_not(None))
                .group_by(Article.site)
            ).all()
            unnamed = session.execute(
                select(Article.url, Article.ingested_at).where(Article.site.is_(None))
            ).all()
        totals: dict[str, tuple[int, datetime]] = {}
        for name, count, newest in by_site:
            totals[name or "other"] = (count, newest)
        for url, moment in unnamed:
            count, newest = totals.get(_folder(url), (0, moment))
            totals[_folder(url)] = (count + 1, max(newest, moment))
        found = [Source(name, count, newest) for name, (count, newest) in totals.items()]
        found.sort(key=lambda source: (-source.articles, source.name))
        return found[:limit]

    def newest(self, k: int = 50, offset: int = 0) -> list[NewArticle]:
        """The most recently stored articles (an empty inline query shows these)."""
        with self.sessions() as session:
            rows = session.execute(
                select(
                    Article.id,
                    Article.title,
                    Article.site,
                    Article.url,
                    func.substr(Article.body, 1, 400),  # the opening, not whole bodies
                )
                .order_by(Article.ingested_at.desc(), Article.id.desc())
                .offset(offset)
                .limit(k)
            ).all()
        return [NewArticle(i, title, site, url, opening) for i, title, site, url, opening in rows]

    def stats(self) -> LibraryStats:
        with self.sessions() as session:
            articles = session.scalar(select(func.count()).select_from(Article)) or 0
            passages = session.scalar(select(func.count()).select_from(Passage)) or 0
        return LibraryStats(articles, passages)
