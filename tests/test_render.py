"""Every rendered message is valid Telegram HTML of at most 4096 characters (checked by the
stand-in's parser, which follows tdlib), whatever the titles, excerpts and queries hold."""

from __future__ import annotations

import datetime as dtm

from hypothesis import given, settings
from hypothesis import strategies as st
from telegram import Chat, Message, Update, User

from articles.library import Hit, SearchResult
from bot.config import secret_values
from bot.render import (
    MAX_MESSAGE_CHARS,
    escape,
    highlight,
    pack_messages,
    render_error_report,
    shorten,
)
from bot.render_answer import ANSWER_CHARS, render_answer_message
from standin import parse_telegram_html

texts = st.text(max_size=2000)
nasty = st.sampled_from(["<b>", "</i>", "&", "&amp;", "<", ">", '"', "*_`[", "🙂", "שלום", "\x00"])


@st.composite
def hits(draw: st.DrawFn, rank: int) -> Hit:
    excerpt = draw(st.one_of(texts, st.lists(nasty, max_size=50).map("".join)))
    before, after = draw(texts), draw(st.one_of(texts, st.just("x " * 700)))
    spans = draw(
        st.lists(st.tuples(st.integers(0, len(excerpt)), st.integers(0, len(excerpt))), max_size=8)
    )
    return Hit(
        rank=rank,
        score=draw(st.floats(0, 100)),
        passage_id=rank,
        article_id=rank,
        title=draw(st.one_of(st.text(max_size=500), nasty)),
        site=draw(st.one_of(st.none(), st.text(max_size=300))),
        url=draw(st.sampled_from(["file:///tmp/a%20b.txt", "https://example.com/a?x=1&y=<2>"])),
        excerpt=excerpt,
        highlights=tuple((min(a, b), max(a, b)) for a, b in spans),
        published_on=draw(st.one_of(st.none(), st.dates())),
        text=before + excerpt + after,
        window=excerpt[:300],
        window_highlights=tuple((min(a, b, 300), min(max(a, b), 300)) for a, b in spans),
        window_start=len(before),
        window_end=len(before) + len(excerpt[:300]),
        link=draw(st.sampled_from(["", "https://example.com/a#:~:text=a%2Db,c&x=<y>"])),
    )


@st.composite
def results(draw: st.DrawFn) -> SearchResult:
    count = draw(st.integers(0, 3))
    return SearchResult(
        query=draw(st.one_of(st.text(min_size=1, max_size=10_000), nasty)),
        terms=("x",),
        hits=tuple(draw(hits(rank)) for rank in range(1, count + 1)),
        truncated=draw(st.booleans()),
        notes=tuple(draw(st.lists(st.text(max_size=400), max_size=7))),
    )


@settings(max_examples=200, deadline=None)
@given(results())
def test_every_answer_message_is_valid_html_under_the_limit(result: SearchResult) -> None:
    """One message, whatever the text holds; what shows without a tap (outside the
    expandable quotes) stays under ANSWER_CHARS."""
    message = render_answer_message(result)
    plain, entities = parse_telegram_html(message)
    assert 0 < len(plain.strip()) <= MAX_MESSAGE_CHARS
    units = plain.encode("utf-16-le")
    folded = sum(
        len(units[2 * e["offset"] : 2 * (e["offset"] + e["length"])].decode("utf-16-le"))
        for e in entities
        if e["type"] == "expandable_blockquote"
    )
    assert len(plain) - folded <= ANSWER_CHARS


@given(st.text(max_size=300), st.lists(st.tuples(st.integers(0, 300), st.integers(0, 300))))
def test_highlight_keeps_the_text_and_bolds_the_spans(
    text: str, raw: list[tuple[int, int]]
) -> None:
    spans = [(min(a, b, len(text)), min(max(a, b), len(text))) for a, b in raw]
    plain, entities = parse_telegram_html(highlight(text, spans))
    assert plain == text
    assert all(entity["type"] == "bold" for entity in entities)


def test_highlight_escapes_markup() -> None:
    assert highlight("a <b> & c", [(6, 7)]) == "a &lt;b&gt; <b>&amp;</b> c"


def test_shorten_cuts_at_a_word() -> None:
    assert shorten("one two three four", 12) == "one two…"
    assert shorten("  spaced\n out  ", 50) == "spaced out"


def test_long_answers_split_between_hits_not_inside() -> None:
    blocks = [f"<b>{i}</b> " + "x" * 1500 for i in range(5)]
    messages = pack_messages(blocks)
    assert len(messages) == 3
    assert "".join(messages).count("<b>") == 5


SECRETS = secret_values("123456:AAH-SeCrEt_t0ken", "postgresql+psycopg://bot:p%40ss%3Cw0rd@db/x")


def text_update(text: str | None, chat_id: int = 1001) -> Update:
    chat = Chat(chat_id, "private", first_name="Ada")
    user = User(chat_id, "Ada", is_bot=False)
    when = dtm.datetime(2025, 1, 1, tzinfo=dtm.UTC)
    return Update(7, message=Message(3, when, chat, from_user=user, text=text))


def test_the_database_password_is_a_secret_as_written_and_decoded() -> None:
    assert SECRETS == ("123456:AAH-SeCrEt_t0ken", "AAH-SeCrEt_t0ken", "p%40ss%3Cw0rd", "p@ss<w0rd")
    assert secret_values(None, "sqlite:////tmp/a@b/db.sqlite3") == ()


def test_error_report_names_the_error_and_where_it_happened() -> None:
    error = RuntimeError("password p@ss<w0rd rejected for token 123456:aah-secret_t0ken")
    report = render_error_report(error, text_update("when <b>was</b> it?"), SECRETS)
    plain, _ = parse_telegram_html(report)
    assert plain.splitlines()[1:] == [
        "RuntimeError: password *** rejected for token ***",
        "update 7, chat 1001 (private), user 1001",
        "Text: when <b>was</b> it?",
        "The traceback is in the bot's log.",
    ]


def test_error_report_without_an_update_or_message() -> None:
    plain, _ = parse_telegram_html(render_error_report(ValueError(), None, ()))
    assert plain.splitlines()[1:] == [
        "ValueError",
        "Not while handling a message (no update).",
        "The traceback is in the bot's log.",
    ]
    plain, _ = parse_telegram_html(render_error_report(None, text_update(None), ()))
    assert "no exception" in plain and "Text:" not in plain


secret_case = st.sampled_from(SECRETS).flatmap(lambda s: st.sampled_from([s, s.lower(), s.upper()]))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.one_of(st.text(max_size=3000), nasty, secret_case), max_size=6).map("".join),
    st.one_of(st.none(), st.text(max_size=10_000), nasty),
)
def test_error_report_is_valid_html_under_the_limit_without_secrets(
    message: str, text: str | None
) -> None:
    report = render_error_report(KeyError(message), text_update(text), SECRETS)
    plain, _ = parse_telegram_html(report)
    assert 0 < len(plain) <= MAX_MESSAGE_CHARS
    for secret in SECRETS:
        assert secret.lower() not in plain.lower()


def test_a_lone_surrogate_is_escaped_to_something_utf8_can_carry() -> None:
    escaped = escape("Zürich \udcff <b>")
    assert escaped == "Zürich ? &lt;b&gt;"
    escaped.encode("utf-8")  # would raise on a lone surrogate


def test_a_long_feed_list_is_packed_into_messages_under_the_limit() -> None:
    from articles.feeding import FeedInfo
    from bot.render import render_feeds, visible_length

    now = dtm.datetime.now(dtm.UTC)
    feeds = [
        FeedInfo(
            n,
            f"https://feeds.example/{n}?" + "x" * 1500,
            "<b>Feed</b> " * 20,
            None,
            1800,
            now,
            now,
            None,
            "broken <xml> & " * 40,
            5,
            now,
            3,
        )
        for n in range(120)
    ]
    messages = render_feeds(feeds)
    assert len(messages) > 1
    assert all(visible_length(m) <= MAX_MESSAGE_CHARS for m in messages)
    text = "\n".join(messages)
    assert all(f"\n{n}. " in f"\n{text}" for n in range(120))  # every feed, none dropped
    assert "<xml>" not in text and "&lt;xml&gt;" in text  # escaped


@settings(max_examples=100, deadline=None)
@given(results())
def test_every_inline_result_message_is_valid_html_under_the_limit(result: SearchResult) -> None:
    """What an inline result sends: the header and one hit (bot/answer_handlers.py inline)."""
    from bot.answer_handlers import INLINE_REST_CHARS
    from bot.render_answer import header, render_hit_block

    for hit in result.hits:
        plain, _ = parse_telegram_html(
            f"{header(result)}\n\n{render_hit_block(hit, INLINE_REST_CHARS)}"
        )
        assert 0 < len(plain.strip()) <= MAX_MESSAGE_CHARS
