"""The front both the CLI and the bot hold: one database, its index, and the services."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy import Engine, func, select

from articles.alerts import AlertService
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
        self, query: str, k: int = 3, *, offset: int = 0, engine: RankingEngine = "bm25"
    ) -> SearchResult:
        return self.searcher.search(query, k, offset=offset, engine=engine)

    def stats(self) -> LibraryStats:
        with self.sessions() as session:
            articles = session.scalar(select(func.count()).select_from(Article)) or 0
            passages = session.scalar(select(func.count()).select_from(Passage)) or 0
        return LibraryStats(articles, passages)
