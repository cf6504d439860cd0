"""Pure rendering: domain results → Telegram HTML messages, each at most 4096 characters."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from datetime import datetime

from telegram import Update

from articles.feeding import FeedInfo, PollResult
from articles.library import IngestResult
from bot import texts
from bot.i18n import ENGLISH, Catalog

# Telegram counts the text after entity parsing, in code points (see shared/TELEGRAM.md).
MAX_MESSAGE_CHARS = 4096
MAX_TITLE_CHARS = 200
MAX_QUOTED_QUERY_CHARS = 200
MAX_ERROR_CHARS = 1500
MAX_REPORTED_TEXT_CHARS = 300
_TAG = re.compile(r"<[^>]*>")


def visible_length(message_html: str) -> int:
    """Characters Telegram will count: our tags removed, entities decoded, ends trimmed."""
    return len(html.unescape(_TAG.sub("", message_html)).strip())


def escape(text: str) -> str:
    """Text for Telegram HTML; a lone surrogate (undecodable input, or JSON's "\\ud800")
    becomes "?", as no UTF-8 request could carry it."""
    return html.escape(text.encode("utf-8", "replace").decode("utf-8"), quote=False)


def shorten(text: str, limit: int) -> str:
    """`text` cut at a word boundary to at most `limit` characters, with an ellipsis if cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit - 1].rstrip() + "…"


def highlight(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """Escape `text` and wrap each (start, end) span in <b>; spans may come in any order."""
    parts: list[str] = []
    cursor = 0
    for start, end in sorted(spans):
        if start < cursor or end <= start:  # overlapping or empty spans: keep the first
            continue
        parts.append(escape(text[cursor:start]))
        parts.append(f"<b>{escape(text[start:end])}</b>")
        cursor = end
    parts.append(escape(text[cursor:]))
    return "".join(parts)


def render_added(results: Sequence[IngestResult], skipped: int = 0, t: Catalog = ENGLISH) -> str:
    """What /add did: per link, the title as a link with its passages, or why not; and how
    many links past the limit were not looked at."""
    lines = []
    for result in results:
        if result.status == "failed":
            error = escape(shorten(result.error or t.UNKNOWN_ERROR, 400))
            lines.append(t.ADD_FAILED.format(error=error))
            continue
        title = escape(shorten(result.title or result.source, 200))
        link = f'<a href="{html.escape(result.url or result.source, quote=True)}">{title}</a>'
        status = t.ADDED_STATUS[result.status]
        lines.append(t.ADDED_LINE.format(status=status, link=link, passages=result.passages))
    if skipped:
        lines.append(t.ADD_SKIPPED.format(skipped=skipped, limit=t.ADD_MAX))
    return "\n".join(lines)


def render_feeds(feeds: Sequence[FeedInfo], t: Catalog = ENGLISH) -> list[str]:
    """The followed feeds, one line each, packed into messages under Telegram's limit."""
    if not feeds:
        return [t.NO_FEEDS]
    lines = []
    for feed in feeds:
        name = escape(shorten(feed.title or feed.url, 100))
        link = f'<a href="{html.escape(feed.url, quote=True)}">{name}</a>'
        line = t.FEED_LINE.format(
            id=feed.id, link=link, entries=feed.entries, success=when(feed.last_success_at),
            next=when(feed.next_poll_at),
        )  # fmt: skip
        if feed.last_error:
            error = escape(shorten(feed.last_error, 200))
            line += t.FEED_FAILING.format(failures=feed.failures, error=error)
        lines.append(line)
    return pack_messages(lines, "\n")


def render_feed_added(info: FeedInfo, result: PollResult, t: Catalog = ENGLISH) -> str:
    name = escape(shorten(info.title or info.url, 200))
    link = f'<a href="{html.escape(info.url, quote=True)}">{name}</a>'
    return t.FEED_ADDED.format(
        id=info.id, link=link, added=result.added, duplicate=result.duplicate,
        failed=result.failed,
    )  # fmt: skip


def render_feed_report(result: PollResult, t: Catalog = ENGLISH) -> str:
    """For the admins (no user's language: English unless given)."""
    url = escape(result.url)
    if result.report == "recovered":
        return t.FEED_RECOVERED.format(id=result.feed_id, url=url)
    error = escape(shorten(result.error or t.UNKNOWN_ERROR, 500))
    return t.FEED_FAILING_REPORT.format(id=result.feed_id, url=url, error=error)


def when(moment: datetime | None) -> str:
    """A moment as the CLI and the bot show it (UTC), or "never"."""
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else "never"


def pack_messages(blocks: Sequence[str], separator: str = "\n\n") -> list[str]:
    """Join blocks into messages under the limit; a block never straddles two messages."""
    messages: list[str] = []
    current = ""
    for block in blocks:
        candidate = f"{current}{separator}{block}" if current else block
        if current and visible_length(candidate) > MAX_MESSAGE_CHARS:
            messages.append(current)
            candidate = block
        if visible_length(candidate) > MAX_MESSAGE_CHARS:
            raise ValueError("a rendered block is longer than a Telegram message")
        current = candidate
    if current:
        messages.append(current)
    return messages


def redact(text: str, secrets: Iterable[str]) -> str:
    """`text` with every occurrence of each secret replaced by ***, ignoring case: PTB's
    errors lower-case Telegram's description, and a token in it with them."""
    for secret in sorted(filter(None, secrets), key=len, reverse=True):
        text = re.sub(re.escape(secret), "***", text, flags=re.IGNORECASE)
    return text


def render_error_report(error: BaseException | None, update: object, secrets: Iterable[str]) -> str:
    """The admins' short report: the error's type and message, where it happened (chat, user,
    the message text shortened), secrets redacted; one message, well under 4096 characters."""
    secrets = tuple(secrets)

    def clean(text: str, limit: int) -> str:
        # Redact before shortening, so a cut can never leave half a secret behind.
        return escape(shorten(redact(text, secrets), limit))

    kind = type(error).__name__ if error is not None else "no exception"
    lines = [texts.ERROR_REPORT_HEADER, f"<code>{escape(kind)}</code>"]
    if error is not None and str(error).strip():
        lines[-1] += f": {clean(str(error), MAX_ERROR_CHARS)}"
    if isinstance(update, Update):
        chat, user, message = update.effective_chat, update.effective_user, update.effective_message
        where = [f"update {update.update_id}"]
        if chat is not None:
            where.append(f"chat <code>{chat.id}</code> ({escape(chat.type)})")
        if user is not None:
            where.append(f"user <code>{user.id}</code>")
        lines.append(", ".join(where))
        said = (message.text or message.caption) if message is not None else None
        if said:
            lines.append(f"Text: <i>{clean(said, MAX_REPORTED_TEXT_CHARS)}</i>")
    else:
        lines.append(texts.ERROR_REPORT_NO_UPDATE)
    lines.append(texts.ERROR_REPORT_FOOTER)
    return "\n".join(lines)
