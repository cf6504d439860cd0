"""Alerts, digests and topic lists render to valid Telegram HTML within the limits, whatever
the titles, summaries, topics and sites hold (property tests, checked by the stand-in's
parser); callback data stays within 64 bytes."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from articles.subscriptions import SubscriptionInfo
from bot.render import MAX_MESSAGE_CHARS
from bot.render_news import (
    render_alert,
    render_digest,
    render_subscription,
    render_subscriptions,
)
from standin import parse_telegram_html

nasty = st.sampled_from(["<b>", "</i>", "&", "&amp;", "<", ">", '"', "🙂", "שלום", "\x00", "\n"])
words = st.one_of(st.text(max_size=600), st.lists(nasty, max_size=80).map("".join))
urls = st.sampled_from(["https://e.com/a?x=1&y=<2>", "file:///tmp/a%20b.txt", "https://e.com/"])


@st.composite
def alerts(draw: st.DrawFn) -> dict[str, object]:
    excerpt = draw(words)
    spans = draw(st.lists(st.tuples(st.integers(0, 700), st.integers(0, 700)), max_size=6))
    return {
        "topic": draw(words), "title": draw(words), "url": draw(urls), "site": draw(words),
        "published": draw(st.one_of(st.none(), st.just("2026-12-01"))), "excerpt": excerpt,
        "highlights": [[min(a, b, len(excerpt)), min(max(a, b), len(excerpt))] for a, b in spans],
    }  # fmt: skip


@st.composite
def digests(draw: st.DrawFn) -> dict[str, object]:
    entry = st.fixed_dictionaries(
        {
            "article_id": st.integers(1, 10**9),
            "title": words,
            "url": urls,
            "site": words,
            "published": st.none(),
            "summary": words,
        }
    )
    groups = draw(st.lists(st.fixed_dictionaries({"heading": words, "entries": st.lists(
        entry, min_size=1, max_size=25)}), max_size=4))  # fmt: skip
    return {"since": datetime(2026, 12, 1, tzinfo=UTC).isoformat(), "groups": groups,
            "more": draw(st.integers(0, 500)),
            "zone": draw(st.sampled_from([None, "Europe/Berlin"]))}  # fmt: skip


def valid(message: str) -> None:
    plain, _ = parse_telegram_html(message)
    assert 0 < len(plain.strip()) <= MAX_MESSAGE_CHARS


@settings(max_examples=150, deadline=None)
@given(alerts())
def test_an_alert_is_one_valid_message(payload: dict[str, object]) -> None:
    [message] = render_alert(payload)
    valid(message)


@settings(max_examples=60, deadline=None)
@given(digests())
def test_a_digest_is_valid_messages_and_never_splits_an_entry(payload: dict[str, object]) -> None:
    messages = render_digest(payload)
    assert messages
    for message in messages:
        valid(message)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(words, st.integers(1, 2**31 - 1)), max_size=50))
def test_topic_lists_and_buttons_stay_within_limits(topics: list[tuple[str, int]]) -> None:
    subs = [
        SubscriptionInfo(sid, -(10**12), query, "best", "instant", None, datetime.now(UTC))
        for query, sid in topics
    ]
    text, keyboard = render_subscriptions(subs)
    valid(text)
    for sub in subs:
        one, buttons = render_subscription(sub)
        valid(one)
        for row in [*buttons.inline_keyboard, *(keyboard.inline_keyboard if keyboard else ())]:
            for button in row:
                assert len((button.callback_data or "").encode()) <= 64  # type: ignore[union-attr]
                assert 0 < len(button.text) <= 120
