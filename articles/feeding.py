"""Following feeds: adding one (its back catalogue indexed, never announced), polling them
politely (conditional GET, the feed's ttl, backoff on errors, a couple of connections per
host), and turning each new entry into a stored article, once.

Each entry is stored with its "seen" row in one transaction, so a poll killed halfway is
finished by the next one: nothing stored twice, nothing reported added and missing.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Literal
from urllib.parse import urlsplit

import lxml.etree
import lxml.html
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from articles.errors import ArticlebotError, FetchError
from articles.extract import extract
from articles.extracted import Extracted
from articles.ingestion import IngestResult, IngestService
from articles.models import Feed, FeedEntry
from articles.sources.feeds import (
    FEED_TYPES,
    Entry,
    FeedError,
    ParsedFeed,
    discover_feeds,
    looks_like_html_page,
    parse_feed,
)
from articles.sources.web import FetchedPage, WebClient

DEFAULT_INTERVAL_S = 30 * 60
MIN_INTERVAL_S = 5 * 60  # whatever a feed's ttl or Cache-Control says, within these bounds
MAX_INTERVAL_S = 24 * 3600
FAILURES_TO_REPORT = 3  # the admins hear of a feed failing this many polls in a row (once)
# An entry with fewer words than this is a teaser: its page is fetched for the article.
FULL_TEXT_WORDS = 150
MIN_ENTRY_WORDS = 8
MAX_NEW_ENTRIES = 200  # per poll (newest first); the rest come with the next polls
POLL_WORKERS = 4
PER_HOST = 2  # connections to one host at a time

log = logging.getLogger(__name__)

_WORD = re.compile(r"\w+")
_MAX_AGE = re.compile(r"max-age\s*=\s*(\d+)", re.IGNORECASE)
_BLOCKS = re.compile(r"</?(?:p|div|br|li|h[1-6]|blockquote|pre|tr|section|article)\b[^>]*>", re.I)

PollStatus = Literal["ok", "not-modified", "failed"]
Report = Literal["failing", "recovered"]


class FeedNotFound(ArticlebotError):
    """No feed with that id (or address) is followed."""


@dataclass(frozen=True)
class FeedInfo:
    id: int
    url: str
    title: str | None
    site_url: str | None
    interval_s: int
    added_at: datetime | None
    last_polled_at: datetime | None
    last_success_at: datetime | None
    last_error: str | None
    failures: int
    next_poll_at: datetime | None
    entries: int


@dataclass(frozen=True)
class PollResult:
    """One poll of one feed; `--json` prints these fields."""

    feed_id: int
    url: str
    status: PollStatus
    added: int = 0
    updated: int = 0
    duplicate: int = 0
    failed: int = 0
    # New entries left for the next poll: past MAX_NEW_ENTRIES, or whose page failed for now.
    pending: int = 0
    error: str | None = None
    report: Report | None = None  # what the admins should hear of (failing, recovered)
    entry_errors: tuple[str, ...] = ()


PollProgress = Callable[[int, int, PollResult], None]


@dataclass(frozen=True)
class _Retry:
    """An entry whose page failed for now: not noted as seen, so the next poll tries it."""

    error: str


class FeedService:
    def __init__(self, sessions: sessionmaker[Session], ingest: IngestService) -> None:
        self._sessions = sessions
        self._ingest = ingest
        self._hosts: dict[str, threading.Semaphore] = {}
        self._hosts_lock = threading.Lock()

    # -- following -----------------------------------------------------------------------

    def add(self, url: str) -> tuple[FeedInfo, PollResult]:
        """Follow the feed at `url` (or the one a page at `url` names) and index its current
        entries as back catalogue. FeedError (an ArticlebotError) says why not."""
        with self._ingest.web_client() as web:
            page = web.fetch(url, accept=FEED_TYPES)
            feed_url, parsed = page.url, None
            if looks_like_html_page(page.body):
                named = discover_feeds(page.body, page.url)
                if not named:
                    raise FeedError(
                        f"{url} is a web page that names no feed (no <link rel=alternate> "
                        "to RSS, Atom or JSON Feed); give the feed's own address"
                    )
                feed_url = named[0]
                page = web.fetch(feed_url, accept=FEED_TYPES)
            parsed = parse_feed(page.body, page.url, page.content_type)
            with self._sessions() as session:
                existing = session.scalars(select(Feed).where(Feed.url == feed_url)).first()
                if existing is not None:
                    raise FeedError(f"{feed_url} is followed already (feed {existing.id})")
                # Not due until its back catalogue is in: a scheduled poll running meanwhile
                # would store those entries as new, and alerts would announce them.
                feed = Feed(
                    url=feed_url,
                    interval_s=DEFAULT_INTERVAL_S,
                    next_poll_at=datetime.now(UTC) + timedelta(seconds=DEFAULT_INTERVAL_S),
                )
                session.add(feed)
                try:
                    session.commit()
                except IntegrityError:
                    raise FeedError(f"{feed_url} is followed already") from None
                feed_id = feed.id
            result = self._absorb(feed_id, feed_url, page, parsed, web, backlog=True)
        return self.info(feed_id), result

    def remove(self, feed_id: int) -> FeedInfo:
        """Stop following a feed; its articles stay in the library."""
        info = self.info(feed_id)
        with self._sessions() as session:
            feed = session.get(Feed, feed_id)
            if feed is not None:
                session.delete(feed)
                session.commit()
        return info

    def info(self, feed_id: int) -> FeedInfo:
        found = [f for f in self.feeds() if f.id == feed_id]
        if not found:
            raise FeedNotFound(f"there is no feed {feed_id}; `articlebot feeds list` shows them")
        return found[0]

    def feeds(self) -> list[FeedInfo]:
        with self._sessions() as session:
            counts = dict(
                session.execute(
                    select(FeedEntry.feed_id, func.count()).group_by(FeedEntry.feed_id)
                ).all()
            )
            return [
                _info(f, counts.get(f.id, 0))
                for f in session.scalars(select(Feed).order_by(Feed.id))
            ]

    # -- polling --------------------------------------------------------------------------

    def poll(
        self,
        *,
        due_only: bool = False,
        now: datetime | None = None,
        progress: PollProgress | None = None,
    ) -> list[PollResult]:
        """Poll every feed (or only those due), a few at a time, at most PER_HOST per host;
        one failing feed fails alone."""
        now = now or datetime.now(UTC)
        feeds = [
            f
            for f in self.feeds()
            if not due_only or f.next_poll_at is None or f.next_poll_at <= now
        ]
        results: list[PollResult] = []
        if not feeds:
            return results
        done = threading.Lock()
        with ThreadPoolExecutor(max_workers=min(POLL_WORKERS, len(feeds))) as pool:
            for result in pool.map(self._poll_guarded, feeds):
                with done:
                    results.append(result)
                    if progress is not None:
                        progress(len(results), len(feeds), result)
        return results

    def _poll_guarded(self, feed: FeedInfo) -> PollResult:
        try:
            with self._host(feed.url), self._ingest.web_client() as web:
                return self.poll_one(feed.id, web)
        except Exception as exc:  # one feed must never stop the others
            log.warning("polling feed %s failed", feed.url, exc_info=True)
            error = f"unexpected error ({type(exc).__name__}); the log has the details"
            try:
                return self._failed(feed.id, feed.url, error)
            except Exception:  # the database itself is failing: report, keep going
                return PollResult(feed.id, feed.url, "failed", error=error)

    def poll_one(self, feed_id: int, web: WebClient) -> PollResult:
        with self._sessions() as session:
            feed = session.get(Feed, feed_id)
            if feed is None:
                raise FeedNotFound(f"there is no feed {feed_id}")
            url, headers = feed.url, _validators(feed)
        try:
            page = web.fetch(url, accept=FEED_TYPES, headers=headers)
            if page.status == 304:
                unchanged = PollResult(feed_id, url, "not-modified")
                return self._succeeded(feed_id, url, page, None, unchanged)
            parsed = parse_feed(page.body, page.url, page.content_type)
        except ArticlebotError as exc:
            return self._failed(feed_id, url, str(exc))
        return self._absorb(feed_id, url, page, parsed, web, backlog=False)

    def _absorb(
        self,
        feed_id: int,
        url: str,
        page: FetchedPage,
        parsed: ParsedFeed,
        web: WebClient,
        *,
        backlog: bool,
    ) -> PollResult:
        """Store the feed's new entries, newest first, then note the poll's success."""
        with self._sessions() as session:
            seen = set(
                session.scalars(select(FeedEntry.entry_key).where(FeedEntry.feed_id == feed_id))
            )
        fresh = list({e.key: e for e in parsed.entries if e.key not in seen}.values())
        counts = {"added": 0, "updated": 0, "duplicate": 0, "failed": 0}
        errors: list[str] = []
        retry = 0
        for entry in fresh[:MAX_NEW_ENTRIES]:
            stored = self._store_entry(feed_id, entry, web, backlog)
            if isinstance(stored, _Retry):
                retry += 1
                errors.append(stored.error)
                continue
            counts[stored.status] += 1
            if stored.status == "failed" and stored.error:
                errors.append(stored.error)
        result = PollResult(
            feed_id,
            url,
            "ok",
            added=counts["added"],
            updated=counts["updated"],
            duplicate=counts["duplicate"],
            failed=counts["failed"],
            pending=max(0, len(fresh) - MAX_NEW_ENTRIES) + retry,
            entry_errors=tuple(errors[:20]),
        )
        return self._succeeded(feed_id, url, page, parsed, result)

    def _store_entry(
        self, feed_id: int, entry: Entry, web: WebClient, backlog: bool
    ) -> IngestResult | _Retry:
        source = entry.link or entry.key
        article, problem = self._article_of(entry, web)

        def seen(session: Session, article_id: int | None) -> None:
            if session.scalar(
                select(FeedEntry.id).where(
                    FeedEntry.feed_id == feed_id, FeedEntry.entry_key == entry.key
                )
            ):
                return  # another poll of this feed noted it first
            session.add(FeedEntry(feed_id=feed_id, entry_key=entry.key, article_id=article_id))

        if article is None:
            if problem is not None and not problem.permanent:
                # The page may come back (a 503, a timeout): the entry is tried next poll.
                return _Retry(f"{source}: {problem} (tried again next poll)")
            # Nothing to store, for good: noted as seen so that it is not fetched every poll.
            with self._sessions() as session:
                seen(session, None)
                try:
                    session.commit()
                except IntegrityError:  # another poll of the same feed noted it first
                    session.rollback()
            reason = str(problem) if problem else "the entry has no text and no page to read"
            return IngestResult(source, "failed", error=f"{source}: {reason}")
        return self._ingest.add_article(
            article,
            url=article.url or source,
            kind="feed",
            source=source,
            backlog=backlog,
            record=seen,
        )

    def _article_of(
        self, entry: Entry, web: WebClient
    ) -> tuple[Extracted | None, FetchError | None]:
        """The entry as an article: its own text when it is the article, else its page's
        (fetched), with the entry's title, date and author winning over the page's."""
        text = html_to_text(entry.html)
        words = len(_WORD.findall(text))
        page_article: Extracted | None = None
        problem: FetchError | None = None
        if words < FULL_TEXT_WORDS and entry.link:
            try:
                page = web.fetch(entry.link)
                page_article = extract(page.body, url=page.url, content_type=page.content_type)
            except FetchError as exc:
                problem = exc
            except ArticlebotError as exc:  # not text at all (binary): that will not change
                problem = FetchError(str(exc))
        page_words = len(_WORD.findall(page_article.text)) if page_article else 0
        if page_article is not None and page_words > words:
            return (
                replace(
                    page_article,
                    title=entry.title or page_article.title,
                    published=entry.published or page_article.published,
                    author=entry.author or page_article.author,
                    url=page_article.url or entry.link,
                ),
                None,
            )
        if words >= MIN_ENTRY_WORDS or (words and not entry.link):
            host = urlsplit(entry.link or "").hostname
            return (
                Extracted(
                    title=entry.title or text[:80],
                    text=text,
                    site=host.removeprefix("www.") if host else None,
                    language=None,
                    url=entry.link,
                    published=entry.published,
                    author=entry.author,
                ),
                None,
            )
        return None, problem

    # -- bookkeeping ----------------------------------------------------------------------

    def _succeeded(
        self,
        feed_id: int,
        url: str,
        page: FetchedPage,
        parsed: ParsedFeed | None,
        result: PollResult,
    ) -> PollResult:
        now = datetime.now(UTC)
        with self._sessions() as session:
            feed = session.get(Feed, feed_id)
            if feed is None:  # removed while it was polled
                return result
            recovered = feed.failures >= FAILURES_TO_REPORT
            headers = page.headers or {}
            if result.pending:
                # Entries are left for the next poll: it must get the feed again, not a 304.
                feed.etag = feed.last_modified = None
            else:
                # Over-long validators are a server's oddity, not worth a failing poll.
                feed.etag = _fits(headers.get("etag", feed.etag), 1024)
                feed.last_modified = _fits(headers.get("last-modified", feed.last_modified), 256)
            if parsed is not None:
                feed.title = parsed.title or feed.title
                feed.site_url = _fits(parsed.site_url, 2048) or feed.site_url
            feed.interval_s = _interval(parsed, headers, feed.interval_s)
            feed.failures = 0
            feed.last_error = None
            feed.last_polled_at = feed.last_success_at = now
            feed.next_poll_at = now + timedelta(seconds=feed.interval_s)
            session.commit()
        return replace(result, report="recovered") if recovered else result

    def _failed(self, feed_id: int, url: str, error: str) -> PollResult:
        now = datetime.now(UTC)
        report: Report | None = None
        with self._sessions() as session:
            feed = session.get(Feed, feed_id)
            if feed is not None:
                feed.failures += 1
                feed.last_error = error[:2000]
                feed.last_polled_at = now
                # Exponential backoff: a broken feed is asked less and less, never dropped.
                wait = min(feed.interval_s * 2 ** min(feed.failures, 10), MAX_INTERVAL_S)
                feed.next_poll_at = now + timedelta(seconds=wait)
                if feed.failures == FAILURES_TO_REPORT:
                    report = "failing"
                session.commit()
        return PollResult(feed_id, url, "failed", error=error, report=report)

    def _host(self, url: str) -> threading.Semaphore:
        host = urlsplit(url).hostname or ""
        with self._hosts_lock:
            return self._hosts.setdefault(host, threading.Semaphore(PER_HOST))

    # -- OPML -----------------------------------------------------------------------------

    def export_opml(self) -> str:
        """The followed feeds as OPML 2.0, for another reader."""
        root = lxml.etree.Element("opml", version="2.0")
        head = lxml.etree.SubElement(root, "head")
        lxml.etree.SubElement(head, "title").text = "articlebot feeds"
        body = lxml.etree.SubElement(root, "body")
        for feed in self.feeds():
            outline = lxml.etree.SubElement(body, "outline", type="rss", xmlUrl=feed.url)
            outline.set("text", feed.title or feed.url)
            if feed.site_url:
                outline.set("htmlUrl", feed.site_url)
        data: bytes = lxml.etree.tostring(
            root, pretty_print=True, xml_declaration=True, encoding="UTF-8"
        )
        return data.decode("utf-8")


def opml_feed_urls(data: bytes) -> list[str]:
    """The xmlUrl of every outline in an OPML file (nested folders included)."""
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, recover=True)
    try:
        root = lxml.etree.fromstring(data, parser)
    except lxml.etree.XMLSyntaxError as exc:
        raise FeedError(f"the file is not OPML ({exc})") from exc
    if root is None:
        raise FeedError("the file is not OPML (no XML in it)")
    urls = [str(o.get("xmlUrl")).strip() for o in root.iter("outline") if o.get("xmlUrl")]
    return list(dict.fromkeys(u for u in urls if u))


def html_to_text(html: str) -> str:
    """An entry's HTML as plain paragraphs separated by blank lines."""
    if not html.strip():
        return ""
    marked = _BLOCKS.sub("\n\n", html)
    try:
        text = lxml.html.fromstring(f"<div>{marked}</div>").text_content()
    except (ValueError, lxml.etree.ParserError):
        text = re.sub(r"<[^>]+>", " ", marked)
    paragraphs = (" ".join(p.split()) for p in re.split(r"\n\s*\n", text))
    return "\n\n".join(p for p in paragraphs if p)


def _info(f: Feed, entries: int) -> FeedInfo:
    return FeedInfo(
        f.id,
        f.url,
        f.title,
        f.site_url,
        f.interval_s,
        _utc(f.added_at),
        _utc(f.last_polled_at),
        _utc(f.last_success_at),
        f.last_error,
        f.failures,
        _utc(f.next_poll_at),
        entries,
    )


def _fits(value: str | None, limit: int) -> str | None:
    return value if value is None or len(value) <= limit else None


def _validators(feed: Feed) -> dict[str, str]:
    headers = {}
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.last_modified:
        headers["If-Modified-Since"] = feed.last_modified
    return headers


def _interval(parsed: ParsedFeed | None, headers: dict[str, str], current: int) -> int:
    """The default, or longer when the feed's ttl or the response's Cache-Control max-age
    asks to be left alone longer, up to MAX_INTERVAL_S. A 304 (no feed parsed) keeps the
    current interval unless the headers say more."""
    asked = [DEFAULT_INTERVAL_S if parsed is not None else current]
    if parsed is not None and parsed.ttl_s:
        asked.append(parsed.ttl_s)
    age = _MAX_AGE.search(headers.get("cache-control", ""))
    if age:
        asked.append(int(age.group(1)))
    return max(MIN_INTERVAL_S, min(MAX_INTERVAL_S, max(asked)))


def _utc(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; they were stored in UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


__all__ = [
    "FeedError",
    "FeedInfo",
    "FeedNotFound",
    "FeedService",
    "PollResult",
    "html_to_text",
    "opml_feed_urls",
]
