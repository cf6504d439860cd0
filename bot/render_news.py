"""Rendering alerts, digests, topics and chat settings to Telegram HTML (pure, like render.py).

Alerts and digests are rendered from their outbox payload at send time, the same payload
always into the same messages: a digest sent in parts resumes at the part it stopped at.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from articles.subscriptions import ChatInfo, SubscriptionInfo
from bot.i18n import ENGLISH, Catalog
from bot.render import MAX_TITLE_CHARS, escape, highlight, pack_messages, shorten

MAX_SUMMARY_CHARS = 320
MAX_TOPIC_CHARS = 60  # on a button


def local_time(moment: datetime, zone: str | None) -> str:
    """A moment in the chat's zone ("2026-12-02 08:00 Europe/Berlin"), else in UTC."""
    name = zone or "UTC"
    return moment.astimezone(ZoneInfo(name)).strftime("%Y-%m-%d %H:%M ") + name


def _link(url: str, title: str) -> str:
    label = escape(shorten(title, MAX_TITLE_CHARS) or url)
    if url.startswith(("http://", "https://")):
        return f'<a href="{html.escape(url, quote=True)}">{label}</a>'
    return f"<b>{label}</b>"


def _source(site: str | None, published: str | None) -> str:
    parts = [escape(shorten(site, 80)) if site else None, published]
    return " · ".join(p for p in parts if p)


def render_alert(payload: dict[str, Any]) -> list[str]:
    """One message: the topic, the article (title as a link, site, date) and why it fired."""
    topic = escape(shorten(payload["topic"], 100))
    spans = [tuple(span) for span in payload.get("highlights", [])]
    source = _source(payload.get("site"), payload.get("published"))
    lines = [f"🔔 <b>{topic}</b>", _link(payload["url"], payload["title"])]
    if source:
        lines.append(f"<i>{source}</i>")
    if payload.get("excerpt"):
        lines.append(f"<blockquote>{highlight(payload['excerpt'], spans)}</blockquote>")
    return ["\n".join(lines)]


def render_digest(payload: dict[str, Any], t: Catalog = ENGLISH) -> list[str]:
    """The digest packed into messages; an article never straddles two."""
    zone = payload.get("zone")
    since = local_time(datetime.fromisoformat(payload["since"]), zone)
    groups: list[dict[str, Any]] = payload["groups"]
    if not groups:
        return [t.DIGEST_NOTHING.format(since=escape(since))]
    count = sum(len(g["entries"]) for g in groups)
    articles = "article" if count == 1 else "articles"
    blocks = [t.DIGEST_HEADER.format(count=count, articles=articles, since=escape(since))]
    for group in groups:
        for i, entry in enumerate(group["entries"]):
            block = _digest_entry(entry)
            if i == 0:  # the heading stays with its first article
                block = f"<b>{escape(shorten(group['heading'], 100))}</b>\n{block}"
            blocks.append(block)
    if payload.get("more"):
        blocks.append(t.DIGEST_MORE.format(more=payload["more"]))
    return pack_messages(blocks)


def _digest_entry(entry: dict[str, Any]) -> str:
    source = _source(entry.get("site"), entry.get("published"))
    line = f"• {_link(entry['url'], entry['title'])}"
    if source:
        line += f" <i>({source})</i>"
    summary = shorten(entry.get("summary") or "", MAX_SUMMARY_CHARS)
    return f"{line}\n{escape(summary)}" if summary else line


def describe(sub: SubscriptionInfo, t: Catalog = ENGLISH) -> str:
    sensitivity = t.SENSITIVITY[sub.sensitivity]
    delivery = t.DELIVERY[sub.delivery]
    state = t.PAUSED[sub.paused] if sub.paused else ""
    return f"<b>{escape(sub.query)}</b>\n{sensitivity} · {delivery}{state}"


def render_subscriptions(
    subs: Sequence[SubscriptionInfo], t: Catalog = ENGLISH
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The chat's topics as buttons: each opens the topic to pause, resume, change or remove."""
    if not subs:
        return t.NO_SUBSCRIPTIONS, None
    buttons = [
        [
            InlineKeyboardButton(
                f"{'⏸ ' if sub.paused else ''}{n}. {shorten(sub.query, MAX_TOPIC_CHARS)}",
                callback_data=f"sub:open:{sub.id}",
            )
        ]
        for n, sub in enumerate(subs, 1)
    ]
    return t.SUBSCRIPTIONS_HEADER.format(count=len(subs)), InlineKeyboardMarkup(buttons)


def render_subscription(
    sub: SubscriptionInfo, t: Catalog = ENGLISH
) -> tuple[str, InlineKeyboardMarkup]:
    """One topic with its buttons."""
    sid = sub.id
    toggle = (
        InlineKeyboardButton(t.BUTTON_RESUME, callback_data=f"sub:resume:{sid}")
        if sub.paused
        else InlineKeyboardButton(t.BUTTON_PAUSE, callback_data=f"sub:pause:{sid}")
    )
    sensitivity = "all" if sub.sensitivity == "best" else "best"
    delivery = "digest" if sub.delivery == "instant" else "instant"
    rows = [
        [toggle, InlineKeyboardButton(t.BUTTON_REMOVE, callback_data=f"sub:remove:{sid}")],
        [InlineKeyboardButton(t.BUTTON_SET[sensitivity], callback_data=f"sub:{sensitivity}:{sid}")],
        [InlineKeyboardButton(t.BUTTON_SET[delivery], callback_data=f"sub:{delivery}:{sid}")],
        [InlineKeyboardButton(t.BUTTON_BACK, callback_data="sub:list:0")],
    ]
    return describe(sub, t), InlineKeyboardMarkup(rows)


def render_settings(chat: ChatInfo, t: Catalog = ENGLISH) -> list[str]:
    lines = [t.SETTINGS_HEADER]
    if chat.schedule is not None:
        line = t.SETTINGS_DIGEST.format(schedule=escape(chat.schedule.describe()))
        if chat.next_digest_at is not None:
            line += t.SETTINGS_NEXT.format(
                when=escape(local_time(chat.next_digest_at, chat.schedule.zone))
            )
        lines.append(line)
    else:
        lines.append(t.SETTINGS_NO_DIGEST)
    if chat.quiet is not None:
        lines.append(
            t.SETTINGS_QUIET.format(
                quiet=escape(chat.quiet.describe()), zone=escape(chat.quiet_zone or "UTC")
            )
        )
    else:
        lines.append(t.SETTINGS_NO_QUIET)
    if chat.subscriptions:
        lines.append(t.SETTINGS_TOPICS)
        lines += [f"• {describe(sub, t)}" for sub in chat.subscriptions]
    else:
        lines.append(t.SETTINGS_NO_TOPICS)
    return pack_messages(lines, "\n")
