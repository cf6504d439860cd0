"""Storing articles and their passages inside the caller's transaction.

The store never commits: a caller (the ingest service today; the alert outbox and feed polls
next) adds its own rows to the same transaction, and the change log (articles.changes) is
written when that transaction commits.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Literal

from dateutil import parser as date_parser
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from articles.changes import note_added, note_removed
from articles.errors import ExtractionError
from articles.extracted import Extracted
from articles.language import detect_language
from articles.models import Article, Passage, PendingArticle
from articles.passages import split_passages
from articles.urls import url_key

StoreStatus = Literal["added", "updated", "duplicate"]


@dataclass(frozen=True)
class Stored:
    """What `store_article` did; `article` is attached to the caller's session."""

    status: StoreStatus
    article: Article
    removed_passages: tuple[int, ...] = ()
    removed_language: str | None = None


def store_article(
    session: Session, extracted: Extracted, *, url: str, kind: str, backlog: bool = False
) -> Stored:
    """Store an article once (by URL and by content) with its passages; flush, not commit.

    The same text again is a duplicate; new text at a known URL (an edited file, an updated
    page) replaces the old version, so nothing stale is left to answer from.
    """
    extracted = _without_nul(extracted)
    digest = content_hash(extracted.text)
    spans = split_passages(extracted.text)
    if not spans:
        raise ExtractionError("the article has no text")
    same_text = session.scalars(select(Article).where(Article.content_hash == digest)).first()
    if same_text is not None:
        return Stored("duplicate", same_text)
    key = url_key(url)
    article = session.scalars(
        select(Article).where(or_(Article.url_key == key, Article.url == url))
    ).first()
    removed: tuple[int, ...] = ()
    removed_language = None
    if article is None:
        article = Article(url=url, url_key=key, source_kind=kind, backlog=backlog)
        session.add(article)
    else:
        removed = tuple(p.id for p in article.passages)
        removed_language = article.language
        article.passages.clear()
        session.flush()  # delete the old passages before their positions are reused
        note_removed(session, removed)
    article.content_hash = digest
    article.title = extracted.title
    article.site = extracted.site
    article.author = extracted.author
    article.language = extracted.language or detect_language(extracted.text)
    article.published_on = parse_date(extracted.published)
    article.body = extracted.text
    article.passages.extend(
        Passage(position=p.index, start=p.start, end=p.end, text=p.text) for p in spans
    )
    session.flush()
    note_added(session, (p.id for p in article.passages))
    status: StoreStatus = "updated" if removed else "added"
    if status == "added" and not backlog:
        # New news for the topic alerts (an update or a feed's back catalogue is not).
        session.add(PendingArticle(article_id=article.id, queued_at=datetime.now(UTC)))
        session.flush()
    return Stored(status, article, removed, removed_language)


def _without_nul(extracted: Extracted) -> Extracted:
    """NUL is no text, and PostgreSQL refuses it in a string: never stored."""
    return replace(
        extracted,
        title=extracted.title.replace("\x00", ""),
        text=extracted.text.replace("\x00", ""),
        site=extracted.site.replace("\x00", "") if extracted.site else extracted.site,
        author=extracted.author.replace("\x00", "")[:512] if extracted.author else None,
    )


def delete_article(session: Session, article_id: int) -> bool:
    """Remove an article and its passages (noted for the index); False if there is none."""
    article = session.get(Article, article_id)
    if article is None:
        return False
    note_removed(session, [p.id for p in article.passages])
    session.delete(article)
    session.flush()
    return True


def find_existing(session: Session, url: str, text: str) -> Article | None:
    """The article stored under `url` or with the same text, if any."""
    return session.scalars(
        select(Article).where(
            or_(
                Article.url == url,
                Article.url_key == url_key(url),
                Article.content_hash == content_hash(text),
            )
        )
    ).first()


def content_hash(text: str) -> str:
    """A fingerprint of the body that ignores whitespace layout and letter case."""
    normalised = re.sub(r"\s+", " ", text).strip().casefold()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def parse_date(value: str | None) -> date | None:
    """A publication date as pages and feeds write it ("2024-03-15", RFC 822, ...), or None."""
    if not value or not value.strip():
        return None
    try:
        # Only the day is kept: a zone name dateutil does not know ("PST") must not warn.
        return date_parser.parse(value.strip(), ignoretz=True).date()
    except (ValueError, OverflowError):
        return None
