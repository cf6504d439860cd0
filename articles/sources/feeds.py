"""Reading feeds: RSS 0.9x/1.0/2.0 and Atom through feedparser, JSON Feed by its spec, and
finding a site's feed from one of its pages (<link rel="alternate">)."""

from __future__ import annotations

import hashlib
import io
import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser
import lxml.html

from articles.errors import FetchError
from articles.urls import url_key

# Servers label feeds every which way (text/xml, text/plain, application/octet-stream);
# the parser decides what the bytes are.
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
        "application/feed+json",
        "application/json",
        "text/html",
        "application/xhtml+xml",
        "text/plain",
        "application/octet-stream",
    }
)
_ALTERNATE_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/json",
    "application/rdf+xml",
)
_MAX_TTL_S = 24 * 3600


class FeedError(FetchError):
    """What was fetched is no feed (nor a page naming one), or holds nothing usable."""


@dataclass(frozen=True)
class Entry:
    key: str  # stable across polls: the entry's id, else its link, else title and date
    link: str | None
    title: str
    html: str  # the richest body the entry carries: content, else summary (may be "")
    published: str | None
    author: str | None


@dataclass(frozen=True)
class ParsedFeed:
    title: str | None
    site_url: str | None
    entries: list[Entry]
    ttl_s: int | None  # how long the feed asks to be left alone (RSS <ttl>), if it says
    problem: str | None = None  # what the parser had to recover from, if anything


def looks_like_html_page(body: bytes) -> bool:
    head = body[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:512]


def parse_feed(body: bytes, url: str, content_type: str | None = None) -> ParsedFeed:
    """The feed's entries; FeedError when the bytes hold no feed at all."""
    stripped = body.lstrip()
    if stripped.startswith(b"{"):
        return _json_feed(stripped, url)
    # A stream, never the bytes themselves: feedparser takes a bytes or str argument that
    # names an existing file for that file's path and reads it (a feed whose body is
    # "/etc/passwd" or "/dev/zero" would read the bot's own files).
    parsed = feedparser.parse(
        io.BytesIO(body), response_headers={"content-type": content_type or "application/xml"}
    )
    version = parsed.get("version") or ""
    raw_entries = parsed.get("entries") or []
    if not version and not raw_entries:
        reason = _bozo(parsed) or "no RSS, Atom or JSON Feed markup"
        raise FeedError(f"{url} is not a feed ({reason}); give the feed's own address")
    feed = parsed.get("feed", {})
    entries = [e for e in (_rss_entry(raw, url) for raw in raw_entries) if e is not None]
    return ParsedFeed(
        title=_clean(feed.get("title")),
        site_url=_absolute(url, feed.get("link")),
        entries=entries,
        ttl_s=_ttl(feed.get("ttl")),
        problem=_bozo(parsed) if parsed.get("bozo") else None,
    )


def discover_feeds(body: bytes, url: str) -> list[str]:
    """The feed addresses a page names in <link rel="alternate" type="…feed type…">."""
    try:
        tree = lxml.html.fromstring(body)
    except (ValueError, lxml.etree.ParserError):
        return []
    found: list[str] = []
    for link in tree.xpath("//link[@href]"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower().split(";")[0].strip()
        if "alternate" in rel and kind in _ALTERNATE_TYPES:
            absolute = _absolute(url, link.get("href"))
            if absolute:
                found.append(absolute)
    return list(dict.fromkeys(found))


def _rss_entry(raw: Any, feed_url: str) -> Entry | None:
    link = _absolute(feed_url, raw.get("link"))
    title = _clean(raw.get("title")) or ""
    contents = [c.get("value") or "" for c in raw.get("content") or []]
    html = max([*contents, raw.get("summary") or ""], key=len)
    published = raw.get("published") or raw.get("updated") or None
    key = _entry_key(raw.get("id"), link, title, published)
    if key is None:
        return None
    return Entry(key, link, title, html, published, _clean(raw.get("author")))


def _json_feed(body: bytes, url: str) -> ParsedFeed:
    """JSON Feed 1.0/1.1 (https://jsonfeed.org/version/1.1), which feedparser does not read."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise FeedError(f"{url} is not a feed (broken JSON: {exc})") from exc
    if not isinstance(data, dict) or "jsonfeed.org" not in str(data.get("version", "")):
        raise FeedError(f"{url} is JSON but not a JSON Feed; give the feed's own address")
    entries = []
    for item in data.get("items") or []:
        if not isinstance(item, dict):
            continue
        link = _absolute(url, item.get("url") or item.get("external_url"))
        title = _clean(item.get("title")) or ""
        html = str(item.get("content_html") or "") or _escaped(item.get("content_text"))
        html = html or str(item.get("summary") or "")
        published = item.get("date_published") or item.get("date_modified")
        authors = item.get("authors") or ([item["author"]] if item.get("author") else [])
        author = next((_clean(a.get("name")) for a in authors if isinstance(a, dict)), None)
        key = _entry_key(item.get("id"), link, title, published)
        if key is not None:
            entries.append(Entry(key, link, title, html, _str(published), author))
    return ParsedFeed(
        _clean(data.get("title")), _absolute(url, data.get("home_page_url")), entries, None
    )


def _entry_key(guid: object, link: str | None, title: str, published: object) -> str | None:
    if isinstance(guid, str | int) and str(guid).strip():
        return str(guid).strip()[:2000]
    if link:
        return url_key(link)[:2000]
    if title:
        digest = hashlib.sha256(f"{title}\n{published}".encode()).hexdigest()
        return f"sha256:{digest}"
    return None  # nothing to know it by: it cannot be told apart from the next one


def _bozo(parsed: Any) -> str | None:
    error = parsed.get("bozo_exception")
    return " ".join(str(error).split())[:300] if error else None


def _ttl(value: object) -> int | None:
    try:
        minutes = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return min(max(minutes, 0) * 60, _MAX_TTL_S) if minutes > 0 else None


def _absolute(base: str, link: object) -> str | None:
    if not isinstance(link, str) or not link.strip():
        return None
    try:
        absolute = urljoin(base, link.strip())
        urlsplit(absolute).port  # noqa: B018 (raises ValueError for a port out of range)
    except ValueError:  # a broken address in one entry must not sink the feed
        return None
    return absolute if absolute.lower().startswith(("http://", "https://")) else None


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(re.sub(r"<[^>]+>", " ", value).split())
    return text or None


def _escaped(text: object) -> str:
    if not isinstance(text, str):
        return ""
    from html import escape

    return "".join(f"<p>{escape(p)}</p>" for p in text.split("\n\n") if p.strip())


def _str(value: object) -> str | None:
    return str(value) if value else None
