"""Tests of the Bot API stand-in itself: the HTML parser, the HTTP rules, and a real PTB bot."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dtm
import html
import json
import time
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Forbidden, RetryAfter
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
)

from standin import BotApiStandin, TelegramHTMLError, parse_telegram_html
from standin.spec import load_methods
from standin_faults import FaultyStandin

# --- the HTML parser (vectors from tdlib's test/message_entities.cpp) ---------------------

PARSE_ERRORS = [
    ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
    ("<p>hi</p>", 'Unsupported start tag "p" at byte offset 0'),
    ("é<P>", 'Unsupported start tag "p" at byte offset 2'),  # UTF-8 bytes, lower-cased
    ("🏟 🏟&lt;<abacaba", "Unclosed start tag at byte offset 13"),
    ("🏟 🏟&lt;<abac aba>", 'Unsupported start tag "abac" at byte offset 13'),
    ("🏟 🏟&lt;<i   =aba>", 'Empty attribute name in the tag "i" at byte offset 13'),
    ("🏟 🏟&lt;<i    aba>", 'Can\'t find end tag corresponding to start tag "i"'),
    ("🏟 🏟&lt;<i    aba  =  ", 'Unclosed start tag "i" at byte offset 13'),
    ("🏟 🏟&lt;<i    aba  =  190azAz-.,", "Unexpected end of name token at byte offset 27"),
    ('🏟 🏟&lt;<i    aba  =  "&lt;&gt;&quot;>', "Unclosed start tag at byte offset 13"),
    ("🏟 🏟&lt;</", "Unexpected end tag at byte offset 13"),
    ("🏟 🏟&lt;<b></b></", "Unexpected end tag at byte offset 20"),
    ("🏟 🏟&lt;<i>a</i   ", "Unclosed end tag at byte offset 17"),
    ("🏟 🏟&lt;<i>a</em   >", 'Unmatched end tag at byte offset 17, expected "</i>", found "</em>"'),
    ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
    ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
    ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
    ('<tg-emoji emoji-id="x">e</tg-emoji>', "Invalid custom emoji identifier specified"),
    ("&#xDFDF;", "Text contains invalid Unicode characters after decoding HTML entities, "
     "check for unmatched surrogate code units"),
]  # fmt: skip


@pytest.mark.parametrize(("markup", "message"), PARSE_ERRORS)
def test_parse_errors_match_tdlib(markup: str, message: str) -> None:
    with pytest.raises(TelegramHTMLError) as info:
        parse_telegram_html(markup)
    assert info.value.message == message


def e(kind: str, offset: int, length: int, **extra: Any) -> dict[str, Any]:
    return {"type": kind, "offset": offset, "length": length, **extra}


PARSE_OK = [
    ("AT&T &nbsp; a > b", "AT&T &nbsp; a > b", []),  # lenient: literal & and bare >
    ("&ge;&lt;&gt;&amp;&quot;&#12345678;", '&ge;<>&"&#12345678;', []),
    ("&#x1F600;<B>x</B>", "😀x", [e("bold", 2, 1)]),  # case-insensitive tags, UTF-16 offsets
    ("🏟 🏟<i>🏟 &gt;<b aba   =   caba>&lt🏟</b></i>", "🏟 🏟🏟 ><🏟",
     [e("italic", 5, 7), e("bold", 9, 3)]),
    ("🏟 🏟&lt;<i>🏟 🏟&lt;</>", "🏟 🏟<🏟 🏟<", [e("italic", 6, 6)]),
    ("<s>a</s><del>b</del><u>c</u><ins>d</ins><em>e</em><strong>f</strong>", "abcdef",
     [e("strikethrough", 0, 1), e("strikethrough", 1, 1), e("underline", 2, 1),
      e("underline", 3, 1), e("italic", 4, 1), e("bold", 5, 1)]),
    ('<span class="tg-spoiler">a</span><tg-spoiler>b</tg-spoiler>', "ab",
     [e("spoiler", 0, 1), e("spoiler", 1, 1)]),
    ('<pre><code class="language-fift">x</code></pre>', "x", [e("pre", 0, 1, language="fift")]),
    ('<code class="language-fift"><pre>x</pre></code>', "x", [e("pre", 0, 1, language="fift")]),
    ("<pre><code>x</code></pre>", "x", [e("pre", 0, 1), e("code", 0, 1)]),
    ('<code class="language-x">c</code>', "c", [e("code", 0, 1)]),  # no language on bare code
    ("<a   href=  'telegram.org?&lt;'   > </a>", " ",
     [e("text_link", 0, 1, url="http://telegram.org/?<")]),
    ("<a>telegram.org</a>", "telegram.org", [e("text_link", 0, 12, url="http://telegram.org/")]),
    ("<a>telegram.org </a>", "telegram.org ", []),
    ('<a href="tg://user?id=42">Ada</a>', "Ada", [e("text_mention", 0, 3, user={"id": 42})]),
    ("<blockquote expandable>q</blockquote><blockquote cite=x>r</blockquote>", "qr",
     [e("expandable_blockquote", 0, 1), e("blockquote", 1, 1)]),
    ('<tg-emoji emoji-id="5">e</tg-emoji>', "e", [e("custom_emoji", 0, 1, custom_emoji_id="5")]),
    ("🏟 🏟&lt;<b></b>", "🏟 🏟<", []),  # empty entities are dropped
]  # fmt: skip


@pytest.mark.parametrize(("markup", "text", "entities"), PARSE_OK)
def test_parse_success_matches_tdlib(
    markup: str, text: str, entities: list[dict[str, Any]]
) -> None:
    assert parse_telegram_html(markup) == (text, entities)


@given(st.text())
@settings(max_examples=300, deadline=None)
def test_escaped_text_always_parses_back_to_itself(text: str) -> None:
    assert parse_telegram_html(html.escape(text)) == (text, [])


@given(st.text(), st.text(min_size=1))
@settings(max_examples=200, deadline=None)
def test_entity_offsets_count_utf16_units(before: str, inner: str) -> None:
    plain, entities = parse_telegram_html(f"{html.escape(before)}<b>{html.escape(inner)}</b>")
    units = len(before.encode("utf-16-le")) // 2
    assert plain == before + inner
    assert entities == [e("bold", units, len(inner.encode("utf-16-le")) // 2)]


def test_compact_spec_matches_ptb_methods() -> None:
    methods = load_methods()
    assert len(methods) >= 170
    send = methods["sendmessage"]
    assert send.name == "sendMessage"
    assert send.fields["chat_id"].types == ("Integer", "String")
    assert send.fields["chat_id"].required and not send.fields["parse_mode"].required


# --- HTTP rules ----------------------------------------------------------------------------


@pytest.fixture
async def standin(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[BotApiStandin]:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    async with BotApiStandin() as s:
        yield s


@pytest.fixture
async def faulty(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FaultyStandin]:
    """The stand-in with the tests' fault injection (tests/standin_faults.py)."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    async with FaultyStandin() as s:
        yield s


async def call(
    s: BotApiStandin, method: str, token: str | None = None, **params: Any
) -> tuple[int, dict[str, Any]]:
    """POST like PTB does: form-urlencoded, objects JSON-encoded, everything a string."""
    form = {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
    url = f"{s.base_url}{token or s.token}/{method}"
    async with aiohttp.ClientSession() as session, session.post(url, data=form) as resp:
        return resp.status, await resp.json()


def error(code: int, description: str) -> dict[str, Any]:
    return {"ok": False, "error_code": code, "description": description}


async def test_auth_unknown_method_and_unimplemented_method(standin: BotApiStandin) -> None:
    assert await call(standin, "getMe", token="1:WRONG") == (401, error(401, "Unauthorized"))
    assert await call(standin, "sendMesage", chat_id=1) == (404, error(404, "Not Found"))
    assert standin.calls[-1].method == "sendMesage" and standin.calls[-1].status == 404
    status, body = await call(standin, "setWebhook", url="https://example.com")
    assert status == 400 and "stand-in: method setWebhook" in body["description"]
    status, body = await call(standin, "GETME")  # method names are case-insensitive
    assert status == 200 and body["result"]["is_bot"] is True


async def test_params_are_checked_against_the_spec(standin: BotApiStandin) -> None:
    standin.add_chat(5)
    status, body = await call(standin, "sendChatAction", chat_id=5)
    assert (status, body["description"]) == (
        400, "Bad Request: stand-in: parameter 'action' is required",
    )  # fmt: skip
    status, body = await call(standin, "sendMessage", chat_id=5, text="hi", colour="red")
    assert status == 400 and "unknown parameter 'colour'" in body["description"]
    status, body = await call(standin, "sendMessage", chat_id=5, text="hi", message_thread_id="x")
    assert (
        status == 400
        and "'message_thread_id' of sendMessage must be Integer" in (body["description"])
    )
    status, body = await call(
        standin, "sendMessage", chat_id=5, text="hi", disable_notification=True
    )
    assert status == 200 and standin.calls[-1].params["disable_notification"] is True


async def test_send_message_text_rules(standin: BotApiStandin) -> None:
    standin.add_chat(5)
    cases: list[tuple[dict[str, Any], str]] = [
        ({"chat_id": 6, "text": "x"}, "Bad Request: chat not found"),
        ({"chat_id": 5, "text": ""}, "Bad Request: message text is empty"),
        ({"chat_id": 5}, "Bad Request: message text is empty"),
        ({"chat_id": 5, "text": "<b> \n</b>", "parse_mode": "HTML"},
         "Bad Request: text must be non-empty"),
        ({"chat_id": 5, "text": "x" * 4097}, "Bad Request: message is too long"),
        ({"chat_id": 5, "text": "x" * 32769}, "Bad Request: text is too long"),
        ({"chat_id": 5, "text": "x", "parse_mode": "HTMLX"}, "Bad Request: unsupported parse_mode"),
        ({"chat_id": 5, "text": "1 < 2", "parse_mode": "HTML"},
         "Bad Request: can't parse entities: unsupported start tag \"\" at byte offset 2"),
    ]  # fmt: skip
    for params, description in cases:
        assert await call(standin, "sendMessage", **params) == (400, error(400, description))
    assert standin.sent_messages() == []
    # 4096 code points after parsing are fine even though the input is 20,480 characters
    status, body = await call(
        standin, "sendMessage", chat_id=5, text="&amp;" * 4096, parse_mode="html"
    )
    assert status == 200 and body["result"]["text"] == "&" * 4096
    status, body = await call(
        standin, "sendMessage", chat_id=5, text="  <b>hi</b> ", parse_mode="HTML"
    )
    assert body["result"]["text"] == "hi"
    assert body["result"]["entities"] == [e("bold", 0, 2)]
    assert body["result"]["message_id"] == 2 and body["result"]["from"]["is_bot"] is True
    assert [m.text for m in standin.sent_messages(5)] == ["&" * 4096, "hi"]


async def test_callback_data_is_limited_to_64_bytes(standin: BotApiStandin) -> None:
    standin.add_chat(5)
    markup = {"inline_keyboard": [[{"text": "go", "callback_data": "я" * 33}]]}  # 66 bytes
    status, body = await call(standin, "sendMessage", chat_id=5, text="x", reply_markup=markup)
    assert (status, body["description"]) == (400, "Bad Request: BUTTON_DATA_INVALID")
    markup = {"inline_keyboard": [[{"text": "go", "callback_data": "я" * 32}]]}
    assert (await call(standin, "sendMessage", chat_id=5, text="x", reply_markup=markup))[0] == 200


async def test_edit_and_callback_rules(standin: BotApiStandin) -> None:
    standin.send_message_from_user("hello", chat_id=5)
    markup = {"inline_keyboard": [[{"text": "go", "callback_data": "go"}]]}
    _, sent = await call(standin, "sendMessage", chat_id=5, text="<b>x</b>", parse_mode="HTML",
                         reply_markup=markup)  # fmt: skip
    mid = sent["result"]["message_id"]
    assert mid == 2  # message ids are per chat and shared with the user's message
    same = {"chat_id": 5, "message_id": mid, "text": "<b>x</b>", "parse_mode": "HTML"}
    status, body = await call(standin, "editMessageText", **same, reply_markup=markup)
    assert status == 400 and body["description"].startswith("Bad Request: message is not modified")
    status, body = await call(standin, "editMessageText", **same)  # drops the keyboard
    assert status == 200 and "reply_markup" not in body["result"]
    status, body = await call(standin, "editMessageText", **{**same, "message_id": 99})
    assert body["description"] == "Bad Request: message to edit not found"
    status, body = await call(standin, "answerCallbackQuery", callback_query_id="nope")
    assert body["description"] == (
        "Bad Request: query is too old and response timeout expired or query ID is invalid"
    )


async def test_commands_are_validated_and_stored(standin: BotApiStandin) -> None:
    bad = [{"command": "Start", "description": "Begin"}]
    assert (await call(standin, "setMyCommands", commands=bad))[1]["description"] == (
        "Bad Request: BOT_COMMAND_INVALID"
    )
    long = [{"command": "start", "description": "d" * 257}]
    assert (await call(standin, "setMyCommands", commands=long))[0] == 400
    good = [{"command": "start", "description": "Begin"}, {"command": "ask_2", "description": "Q"}]
    assert (await call(standin, "setMyCommands", commands=good))[0] == 200
    assert standin.commands == good
    assert (await call(standin, "getMyCommands"))[1]["result"] == good


async def test_injected_429_and_blocked_user(faulty: FaultyStandin) -> None:
    faulty.add_chat(5)
    faulty.fail_next("sendMessage", retry_after=3)
    assert await call(faulty, "sendMessage", chat_id=5, text="x") == (
        429, {**error(429, "Too Many Requests: retry after 3"), "parameters": {"retry_after": 3}},
    )  # fmt: skip
    assert (await call(faulty, "sendMessage", chat_id=5, text="x"))[0] == 200  # only once
    faulty.block_user(5)
    assert await call(faulty, "sendMessage", chat_id=5, text="x") == (
        403, error(403, "Forbidden: bot was blocked by the user"),
    )  # fmt: skip
    assert len(faulty.sent_messages(5)) == 1


async def test_get_updates_long_polls(standin: BotApiStandin) -> None:
    started = time.monotonic()
    assert (await call(standin, "getUpdates", timeout=1))[1]["result"] == []
    assert time.monotonic() - started >= 0.9  # really waited, so PTB does not busy-loop

    async def later() -> None:
        await asyncio.sleep(0.2)
        standin.send_message_from_user("/start@articlebot_demo_bot now", chat_id=7)

    task = asyncio.create_task(later())
    started = time.monotonic()
    _, body = await call(standin, "getUpdates", timeout=5)
    await task
    assert time.monotonic() - started < 2  # returned as soon as the update was queued
    [update] = body["result"]
    assert update["message"]["entities"] == [e("bot_command", 0, 26)]
    offset = update["update_id"] + 1
    assert (await call(standin, "getUpdates", offset=offset, timeout=0))[1]["result"] == []


async def test_wait_for_messages_timeout_explains_why(standin: BotApiStandin) -> None:
    standin.add_chat(5)
    await call(standin, "sendMessage", chat_id=5, text="<p>", parse_mode="HTML")
    with pytest.raises(TimeoutError, match="unsupported start tag"):
        await standin.wait_for_messages(5, timeout=0.1)


# --- a real, unchanged PTB Application against the stand-in --------------------------------


@contextlib.asynccontextmanager
async def running_bot(s: BotApiStandin, app: Application[Any, Any, Any, Any, Any, Any]
                      ) -> AsyncIterator[None]:  # fmt: skip
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling()
    await s.wait_for_call("deleteWebhook", timeout=5)  # the "bot is up" signal
    try:
        yield
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()


def build_app(s: BotApiStandin) -> Application[Any, Any, Any, Any, Any, Any]:
    return ApplicationBuilder().token(s.token).base_url(s.base_url).build()


async def test_ptb_application_replies_to_start(standin: BotApiStandin) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("More", callback_data="more")]])
        await update.effective_message.reply_html(
            f"Hello, <b>{html.escape(update.effective_user.first_name)}</b> &lt;3",  # type: ignore[union-attr]
            reply_markup=keyboard,
        )

    app = build_app(standin)
    app.add_handler(CommandHandler("start", start))
    async with running_bot(standin, app):
        standin.send_message_from_user("/start", chat_id=42, first_name="Ada & Bob")
        [msg] = await standin.wait_for_messages(42, timeout=5)
    assert msg.text == "Hello, Ada & Bob <3"
    assert msg.entities == [e("bold", 7, 9)]
    assert msg.html == "Hello, <b>Ada &amp; Bob</b> &lt;3"
    assert msg.reply_markup == {"inline_keyboard": [[{"text": "More", "callback_data": "more"}]]}
    call = await standin.wait_for_call("sendMessage")
    assert call.params["chat_id"] == 42 and call.params["parse_mode"] == "HTML"


async def test_ptb_sees_telegram_errors(
    faulty: FaultyStandin, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "1")  # opt in to timedelta: no PTBDeprecationWarning
    faulty.add_chat(5)
    app = build_app(faulty)
    await app.initialize()
    try:
        with pytest.raises(BadRequest, match=r"(?i)can't parse entities: unsupported start tag"):
            await app.bot.send_message(5, "1 < 2", parse_mode="HTML")
        faulty.fail_next("sendMessage", retry_after=2)
        with pytest.raises(RetryAfter) as info:
            await app.bot.send_message(5, "hi")
        assert info.value.retry_after == dtm.timedelta(seconds=2)
        faulty.block_user(5)
        with pytest.raises(Forbidden, match="bot was blocked by the user"):
            await app.bot.send_message(5, "hi")
    finally:
        await app.shutdown()
    assert faulty.sent_messages() == []


async def test_ptb_button_press_is_answered_once(standin: BotApiStandin) -> None:
    async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer()
        await query.edit_message_text(f"You chose <i>{query.data}</i>", parse_mode="HTML")

    standin.send_message_from_user("hi", chat_id=9)
    markup = {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}
    _, sent = await call(standin, "sendMessage", chat_id=9, text="Pick", reply_markup=markup)
    mid = sent["result"]["message_id"]
    with pytest.raises(ValueError, match="no button"):
        standin.press_button(9, mid, "b")  # users can only press buttons that exist
    app = build_app(standin)
    app.add_handler(CallbackQueryHandler(on_button))
    async with running_bot(standin, app):
        query_id = standin.press_button(9, mid, "a")
        edit = await standin.wait_for_call("editMessageText", timeout=5)
    assert edit.status == 200
    answer = await standin.wait_for_call("answerCallbackQuery", timeout=1)
    assert (answer.status, answer.params["callback_query_id"]) == (200, query_id)
    current = standin.message(9, mid)
    assert current is not None and current.text == "You chose a"
    assert current.entities == [e("italic", 10, 1)] and current.reply_markup is None
    status, body = await call(standin, "answerCallbackQuery", callback_query_id=query_id)
    assert status == 400 and body["description"].startswith("Bad Request: query is too old")


async def test_second_poller_gets_conflict(standin: BotApiStandin) -> None:
    first = asyncio.create_task(call(standin, "getUpdates", timeout=5))
    await asyncio.sleep(0.2)
    assert (await call(standin, "getUpdates", timeout=0))[1]["result"] == []
    assert await first == (409, error(409, (
        "Conflict: terminated by other getUpdates request; make sure that only one bot "
        "instance is running"
    )))  # fmt: skip
