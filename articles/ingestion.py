"""Ingesting sources: each one read, stored in its own transaction and indexed at once.

One bad source fails alone with a reason; the rest go through.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

import httpx
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from articles.catalog import ArticleFacts
from articles.changes import committed_version
from articles.errors import ArticlebotError
from articles.extract import extract, require_text
from articles.extracted import Extracted
from articles.search_index import DEFAULT_LANGUAGE, IndexedPassage, PassageIndex, passage_terms
from articles.sources.files import SourceFile, find_article_files, read_article_file
from articles.sources.web import FetchPolicy, WebClient, is_web_address
from articles.store import find_existing, store_article

log = logging.getLogger(__name__)

IngestStatus = Literal["added", "updated", "duplicate", "failed"]


@dataclass(frozen=True)
class IngestResult:
    """What happened to one source; `--json` prints these fields."""

    source: str
    status: IngestStatus
    article_id: int | None = None
    title: str | None = None
    passages: int = 0
    error: str | None = None
    url: str | None = None  # the stored article's address (a page's canonical URL)


Progress = Callable[[int, int, IngestResult], None]
Record = Callable[[Session, int], None]


class IngestService:
    """Stores articles (the database is the truth) and keeps the index in step."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        index: PassageIndex,
        fetch_policy: FetchPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._sessions = sessions
        self._index = index
        self._fetch_policy = fetch_policy or FetchPolicy()
        self._transport = transport  # tests: a fake network edge

    def web_client(self) -> WebClient:
        return WebClient(self._fetch_policy, transport=self._transport)

    def ingest_paths(
        self,
        paths: Sequence[Path | str],
        progress: Progress | None = None,
        language: str | None = None,
    ) -> list[IngestResult]:
        """Ingest files, directories and web pages (http:// and https:// links), in the order
        given; every source gets a result, failures included.

        `language` (an ISO 639-1 code) overrides what the sources declare or what is detected.
        """
        work: list[SourceFile | str] = []
        for given in paths:
            if is_web_address(str(given)):
                work.append(str(given))
            else:
                work.extend(find_article_files([Path(given)]))
        results: list[IngestResult] = []
        with self.web_client() as web:
            for number, source in enumerate(work, start=1):
                if isinstance(source, str):
                    result = self.ingest_url(source, language, web)
                elif source.problem is not None:
                    result = IngestResult(str(source.path), "failed", error=source.problem)
                else:
                    result = self._ingest_file(source.path, language)
                results.append(result)
                if progress is not None:
                    progress(number, len(work), result)
        return results

    def ingest_url(
        self, url: str, language: str | None = None, web: WebClient | None = None
    ) -> IngestResult:
        """Fetch one page, extract its article and store it under the page's own address
        (its canonical link, else where the fetch ended); never raises for bad input."""
        try:
            if web is None:
                with self.web_client() as own:
                    page = own.fetch(url)
            else:
                page = web.fetch(url)
            extracted = require_text(
                extract(page.body, url=page.url, content_type=page.content_type), url
            )
        except ArticlebotError as exc:
            return IngestResult(url, "failed", error=str(exc))
        if language:
            extracted = replace(extracted, language=language)
        return self.add_article(extracted, url=extracted.url or page.url, kind="url", source=url)

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
        self,
        extracted: Extracted,
        *,
        url: str,
        kind: str,
        source: str,
        backlog: bool = False,
        record: Record | None = None,
    ) -> IngestResult:
        """Store one article in its own transaction and index it; never raises for bad input.

        `record(session, article_id)` adds the caller's rows (a feed entry seen) to the same
        transaction, for a duplicate too: they commit with the article or not at all.
        `backlog` marks a new article as back catalogue (searchable, never announced)."""
        try:
            with self._sessions() as session:
                stored = store_article(session, extracted, url=url, kind=kind, backlog=backlog)
                article = stored.article
                if record is not None:
                    record(session, article.id)
                if stored.status == "duplicate":
                    session.commit()
                    return IngestResult(
                        source,
                        "duplicate",
                        article.id,
                        article.title,
                        len(article.passages),
                        url=article.url,
                    )
                language = article.language or DEFAULT_LANGUAGE
                facts = ArticleFacts(
                    article.id,
                    article.site,
                    article.url,
                    article.published_on,
                    None,
                    article.content_hash,
                    article.language,
                )
                fresh = [
                    IndexedPassage(
                        p.id,
                        p.position,
                        passage_terms(p.text, article.title, language),
                        language,
                        facts,
                    )
                    for p in article.passages
                ]
                session.commit()
                version = committed_version(session)
                facts = replace(facts, ingested_at=article.ingested_at)
        except IntegrityError:
            # Another process stored the same article between our check and our write.
            with self._sessions() as session:
                existing = find_existing(session, url, extracted.text)
                if existing is None:
                    raise
                if record is not None:
                    record(session, existing.id)
                    session.commit()
                return IngestResult(
                    source,
                    "duplicate",
                    existing.id,
                    existing.title,
                    len(existing.passages),
                    url=existing.url,
                )
        except ArticlebotError as exc:
            return IngestResult(source, "failed", error=f"{source}: {exc}")
        except SQLAlchemyError as exc:
            # One article the database refuses fails alone; its SQL and values stay in the log.
            log.debug("storing %s failed", source, exc_info=True)
            reason = str(getattr(exc, "orig", None) or type(exc).__name__).strip().splitlines()
            return IngestResult(
                source, "failed", error=f"{source}: the database refused it ({reason[0]})"
            )
        self._index.apply(
            stored.removed_passages, [replace(p, facts=facts) for p in fresh], version
        )
        return IngestResult(
            source, stored.status, article.id, article.title, len(fresh), url=article.url
        )
