"""Ingesting sources: each one read, stored in its own transaction and indexed at once.

One bad source fails alone with a reason; the rest go through.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from articles.catalog import ArticleFacts
from articles.changes import committed_version
from articles.errors import ArticlebotError
from articles.extracted import Extracted
from articles.search_index import DEFAULT_LANGUAGE, IndexedPassage, PassageIndex, passage_terms
from articles.sources.files import find_article_files, read_article_file
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


Progress = Callable[[int, int, IngestResult], None]


class IngestService:
    """Stores articles (the database is the truth) and keeps the index in step."""

    def __init__(self, sessions: sessionmaker[Session], index: PassageIndex) -> None:
        self._sessions = sessions
        self._index = index

    def ingest_paths(
        self,
        paths: Sequence[Path],
        progress: Progress | None = None,
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
        """Store one article in its own transaction and index it; never raises for bad input."""
        try:
            with self._sessions() as session:
                stored = store_article(session, extracted, url=url, kind=kind)
                article = stored.article
                if stored.status == "duplicate":
                    return IngestResult(
                        source, "duplicate", article.id, article.title, len(article.passages)
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
                return IngestResult(
                    source, "duplicate", existing.id, existing.title, len(existing.passages)
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
        return IngestResult(source, stored.status, article.id, article.title, len(fresh))
