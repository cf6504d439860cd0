"""The stand-in's inline mode, forum topics, mentions and replies: what works goes through a
real PTB ``Bot`` (or Application) over HTTP, and every refusal is checked word for word."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Message,
    ReplyParameters,
    TelegramObject,
    Update,
)
from telegram.constants import MessageEntityType
from telegram.error import BadRequest
from telegram.ext import (
    Application,
    ApplicationBuilder,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from standin import BotApiStandin
from standin.entities import find_mentions
from standin.spec import compact_types, render_types

REPO = Path(__file__).resolve().parents[1]
FORUM = -1001500  # a supergroup with topics
GROUP = -1001600  # a supergroup without
TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
RESULT = "Bad Request: can't parse inline query result: "


@pytest.fixture
async def standin() -> AsyncIterator[BotApiStandin]:
    async with BotApiStandin() as s:
        yield s


@pytest.fixture
async def bot(standin: BotApiStandin) -> AsyncIterator[Bot]:
    """A bare PTB Bot on the stand-in: it parses every JSON the stand-in answers."""
    async with Bot(standin.token, base_url=standin.base_url) as b:
        yield b


async def call(s: BotApiStandin, method: str, **params: Any) -> tuple[int, dict[str, Any]]:
    """POST like PTB does: form-urlencoded, objects JSON-encoded, everything a string."""
    form = {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{s.base_url}{s.token}/{method}", data=form) as resp,
    ):
        return resp.status, await resp.json()


async def refused(s: BotApiStandin, method: str, **params: Any) -> str:
    """The description of a refusal (which must be a 400)."""
    status, body = await call(s, method, **params)
    assert (status, body["ok"], body["error_code"]) == (400, False, 400), body
    return str(body["description"])


def unknown_fields(obj: object, path: str = "update") -> list[str]:
    """Fields PTB did not recognise (it keeps them in api_kwargs), anywhere in ``obj``: the
    stand-in must send only what the Bot API has."""
    if isinstance(obj, list | tuple):
        return [f for i, v in enumerate(obj) for f in unknown_fields(v, f"{path}[{i}]")]
    if not isinstance(obj, TelegramObject):
        return []
    found = [f"{path}.{name}" for name in obj.api_kwargs]
    # _get_attrs is PTB's own walk over an object's fields (private; nothing public does it).
    for name, value in obj._get_attrs(recursive=False).items():
        found += unknown_fields(value, f"{path}.{name}")
    return found


def test_the_unknown_field_check_bites() -> None:
    chat = {"id": 1, "type": "private"}
    raw = {
        "update_id": 1,
        "message": {
            "message_id": 2,
            "date": 0,
            "chat": {**chat, "hue": 1},
            "reply_to_message": {"message_id": 1, "date": 0, "chat": chat, "colour": 2},
        },
    }
    assert sorted(unknown_fields(Update.de_json(raw, None))) == [
        "update.message.chat.hue", "update.message.reply_to_message.colour",
    ]  # fmt: skip


async def updates(bot: Bot) -> list[Update]:
    got = list(await bot.get_updates(timeout=0))
    if got:  # confirm them, as a polling bot does
        await bot.get_updates(offset=got[-1].update_id + 1, timeout=0)
    for update in got:
        assert unknown_fields(update) == []
    return got


def article(
    result_id: str = "a", text: str = "hi", *, html: bool = False, **extra: Any
) -> dict[str, Any]:
    content = {"message_text": text, **({"parse_mode": "HTML"} if html else {})}
    return {
        "type": "article", "id": result_id, "title": "T", "input_message_content": content,
        **extra,
    }  # fmt: skip


# --- inline mode ---------------------------------------------------------------------------


async def test_ptb_bot_answers_an_inline_query(standin: BotApiStandin, bot: Bot) -> None:
    assert bot.supports_inline_queries  # getMe says inline mode is on, as it must be
    query_id = standin.send_inline_query("rust", user_id=77, chat_type="supergroup")
    [update] = await updates(bot)
    query = update.inline_query
    assert query is not None and query.id == query_id
    assert (query.query, query.offset, query.chat_type, query.from_user.id) == (
        "rust", "", "supergroup", 77,
    )  # fmt: skip
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Open", url="https://example.com")]])
    results = [
        InlineQueryResultArticle(
            "r1", "Rust", InputTextMessageContent("<b>Rust</b> &amp; friends", parse_mode="HTML"),
            reply_markup=keyboard, description="a language",
        ),
        InlineQueryResultArticle("r2", "Plain", InputTextMessageContent("  plain text ")),
    ]  # fmt: skip
    assert standin.inline_answer(query_id) is None
    assert await query.answer(results, cache_time=0, is_personal=True, next_offset="2")
    answer = await standin.wait_for_inline_answer(query_id, timeout=1)
    assert [r["id"] for r in answer["results"]] == ["r1", "r2"]
    assert answer["results"][0]["input_message_content"]["parse_mode"] == "HTML"
    assert answer["message_texts"] == ["Rust & friends", "plain text"]  # parsed and trimmed
    assert (answer["next_offset"], answer["cache_time"], answer["is_personal"]) == ("2", 0, True)
    assert answer["button"] is None
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):  # answered once only
        await query.answer(results)


async def test_application_pages_through_inline_results(standin: BotApiStandin) -> None:
    """The next page is a new query carrying the next_offset the bot gave."""
    words = [f"word{i}" for i in range(7)]

    async def on_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.inline_query
        assert query is not None
        start = int(query.offset or 0)
        page = [
            InlineQueryResultArticle(
                w, w, InputTextMessageContent(f"<i>{w}</i>", parse_mode="HTML")
            )
            for w in words[start : start + 5]
        ]
        more = str(start + 5) if start + 5 < len(words) else ""
        await query.answer(page, next_offset=more, cache_time=0)

    app = ApplicationBuilder().token(standin.token).base_url(standin.base_url).build()
    app.add_handler(InlineQueryHandler(on_query))
    async with running(standin, app):
        first = await standin.wait_for_inline_answer(standin.send_inline_query("w"), timeout=5)
        second_id = standin.send_inline_query("w", offset=first["next_offset"])
        second = await standin.wait_for_inline_answer(second_id, timeout=5)
    assert first["message_texts"] == words[:5] and first["next_offset"] == "5"
    assert second["message_texts"] == words[5:] and second["next_offset"] == ""


async def test_answer_defaults_and_limits(standin: BotApiStandin) -> None:
    plain = standin.send_inline_query("x")
    assert await call(standin, "answerInlineQuery", inline_query_id=plain, results=[]) == (
        200, {"ok": True, "result": True},
    )  # fmt: skip
    assert standin.inline_answer(plain) == {
        "results": [], "next_offset": "", "cache_time": 300, "is_personal": False,
        "button": None, "message_texts": [],
    }  # fmt: skip
    # At the limits: 50 results, ids and next_offset of 64 bytes, 4096 characters after
    # parsing (20,480 before), a day of caching (botapi clamps longer ones).
    edge = standin.send_inline_query("x")
    results = [article(f"{i:02d}" + "я" * 31) for i in range(49)]
    results.append(article("last", text="&amp;" * 4096, html=True))
    button = {"text": "Settings", "start_parameter": "from-inline_1"}
    status, _ = await call(
        standin, "answerInlineQuery", inline_query_id=edge, results=results, button=button,
        next_offset="ж" * 32, cache_time=10**6,
    )  # fmt: skip
    answer = standin.inline_answer(edge)
    assert status == 200 and answer is not None
    assert answer["cache_time"] == 86400 and answer["button"] == button
    assert answer["message_texts"][-1] == "&" * 4096


async def test_each_result_kind_is_read_by_the_spec(standin: BotApiStandin) -> None:
    photo = {
        "type": "photo",
        "id": "p",
        "photo_url": "https://e.com/a.jpg",
        "thumbnail_url": "https://e.com/t.jpg",
        "caption": "<b>cap</b>",
        "parse_mode": "HTML",
    }
    cached = {"type": "PHOTO", "id": "c", "photo_file_id": "AgAD"}  # botapi lowers the type
    venue = article("v", title="Cafe")
    venue["input_message_content"] = {"latitude": 1.5, "longitude": 2, "title": "C", "address": "A"}
    query_id = standin.send_inline_query("x")
    status, _ = await call(standin, "answerInlineQuery", inline_query_id=query_id,
                           results=[photo, cached, venue])  # fmt: skip
    answer = standin.inline_answer(query_id)
    assert status == 200 and answer is not None
    assert answer["message_texts"] == ["cap", None, None]  # a caption; no caption; a venue


RESULT_REFUSALS: list[tuple[list[Any], str]] = [
    ([article(str(i)) for i in range(51)], "Bad Request: too many inline query results specified"),
    ([article("a"), article("a")], "Bad Request: RESULT_ID_DUPLICATE"),
    ([article("")], "Bad Request: RESULT_ID_INVALID"),
    ([article("я" * 33)], "Bad Request: RESULT_ID_INVALID"),  # 66 bytes
    ([article(text="x" * 4097)], "Bad Request: MESSAGE_TOO_LONG"),
    ([article(text="")], RESULT + "Input message content is not specified"),
    ([article(text="<p>hi</p>", html=True)],  # botapi keeps tdlib's capital in its message
     RESULT + 'Can\'t parse entities: Unsupported start tag "p" at byte offset 0'),
    ([article(text="x" * 32769)], RESULT + "Text is too long"),
    ([article(input_message_content={"message_text": "<b> </b>", "parse_mode": "HTML"})],
     "Bad Request: text must be non-empty"),
    ([article(input_message_content={"message_text": "x", "parse_mode": "XML"})],
     RESULT + "Unsupported parse_mode"),
    ([{"type": "article", "id": "a", "title": "T"}], RESULT + 'Can\'t find field "message_text"'),
    ([{"type": "article", "id": "a", "input_message_content": {"message_text": "x"}}],
     RESULT + 'Can\'t find field "title"'),
    ([{"id": "a"}], RESULT + 'Can\'t find field "type"'),
    ([{"type": "article", "title": "T"}], RESULT + 'Can\'t find field "id"'),
    ([article(type="poll")], RESULT + 'type "poll" is unsupported for the inline query result'),
    ([article(input_message_content="hi")],
     RESULT + 'Field "input_message_content" must be of type Object'),
    ([article(descripton="typo")], 'Bad Request: stand-in: unknown field "descripton" in '
     "results[0] (InlineQueryResultArticle; not in the Bot API spec)"),
    ([article(title=5)], "Bad Request: stand-in: results[0].title must be String, got 5"),
    ([article(reply_markup={"inline_keyboard": [[{"text": "go", "callback": "x"}]]})],
     'Bad Request: stand-in: unknown field "callback" in results[0].reply_markup.'
     "inline_keyboard[0][0] (InlineKeyboardButton; not in the Bot API spec)"),
    ([article(reply_markup={"inline_keyboard": [[{"text": "go"}]]})],
     RESULT + "Can't parse inline keyboard button: Text buttons are unallowed in the inline "
     "keyboard"),
    ([article(reply_markup={"inline_keyboard": [[{"text": "go", "callback_data": "я" * 33}]]})],
     "Bad Request: BUTTON_DATA_INVALID"),
    ([{"type": "photo", "id": "p", "photo_url": "u", "thumbnail_url": "t", "caption": "x" * 1025}],
     "Bad Request: MEDIA_CAPTION_TOO_LONG"),
    ([{"type": "photo", "id": "p", "photo_file_id": "f", "caption": "<i>", "parse_mode": "HTML"}],
     RESULT + 'Can\'t parse entities: Can\'t find end tag corresponding to start tag "i"'),
    ([{"type": "photo", "id": "p", "photo_url": "u"}],
     'Bad Request: stand-in: results[0] (InlineQueryResultPhoto) needs field "thumbnail_url"'),
]  # fmt: skip


@pytest.mark.parametrize(("results", "description"), RESULT_REFUSALS)
async def test_bad_results_are_refused_like_telegram(
    standin: BotApiStandin, results: list[Any], description: str
) -> None:
    query_id = standin.send_inline_query("x")
    assert (
        await refused(standin, "answerInlineQuery", inline_query_id=query_id, results=results)
        == description
    )
    # A refused answer does not use the query up: a good one still goes through.
    assert (await call(standin, "answerInlineQuery", inline_query_id=query_id, results=[]))[
        0
    ] == 200


BUTTON_REFUSALS = [
    ({"text": "Go"}, "Bad Request: can't parse inline query results button: "
     "InlineQueryResultsButton must have exactly one optional field"),
    ({"text": "Go", "start_parameter": ""}, "Bad Request: can't use empty start_parameter"),
    ({"text": "Go", "start_parameter": "a" * 65},
     "Bad Request: too long start_parameter specified"),
    ({"text": "Go", "start_parameter": "a b"},
     "Bad Request: unallowed characters in start_parameter are used"),
    ({"text": "Go", "web_app": {"link": "https://e.com"}},
     'Bad Request: stand-in: unknown field "link" in button.web_app (WebAppInfo; not in the Bot '
     "API spec)"),
]  # fmt: skip


@pytest.mark.parametrize(("button", "description"), BUTTON_REFUSALS)
async def test_bad_buttons_are_refused(
    standin: BotApiStandin, button: dict[str, Any], description: str
) -> None:
    query_id = standin.send_inline_query("x")
    assert (
        await refused(
            standin, "answerInlineQuery", inline_query_id=query_id, results=[], button=button
        )
        == description
    )


async def test_query_ids_are_answered_once_and_in_time(standin: BotApiStandin, bot: Bot) -> None:
    # Telegram's QUERY_ID_INVALID reaches bots as botapi's "query is too old" text.
    assert await refused(standin, "answerInlineQuery", inline_query_id="42", results=[]) == TOO_OLD
    answered = standin.send_inline_query("x")
    await bot.answer_inline_query(answered, [])
    assert (
        await refused(standin, "answerInlineQuery", inline_query_id=answered, results=[]) == TOO_OLD
    )
    standin.inline_query_ttl = 0.05
    late = standin.send_inline_query("x")
    await asyncio.sleep(0.1)
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_inline_query(late, [])
    # botapi reads the results before the server sees the query id: a malformed answer to an
    # unknown query is refused for its results; the result ids are the server's to check.
    assert (
        await refused(
            standin,
            "answerInlineQuery",
            inline_query_id="42",
            results=[article(text="<p>", html=True)],
        )
        == RESULT + 'Can\'t parse entities: Unsupported start tag "p" at byte offset 0'
    )
    assert (
        await refused(standin, "answerInlineQuery", inline_query_id="42", results=[article("")])
        == TOO_OLD
    )


async def test_next_offset_is_limited_to_64_bytes(standin: BotApiStandin) -> None:
    query_id = standin.send_inline_query("x")
    assert (
        await refused(
            standin, "answerInlineQuery", inline_query_id=query_id, results=[], next_offset="ж" * 33
        )
        == "Bad Request: NEXT_OFFSET_INVALID"
    )


async def test_inline_controls_refuse_what_no_client_sends(standin: BotApiStandin) -> None:
    with pytest.raises(ValueError, match="256"):
        standin.send_inline_query("q" * 257)
    with pytest.raises(ValueError, match="64 bytes"):
        standin.send_inline_query("q", offset="ж" * 33)
    with pytest.raises(ValueError, match="chat_type"):
        standin.send_inline_query("q", chat_type="forum")
    with pytest.raises(ValueError, match="no inline query"):
        standin.inline_answer("123")
    query_id = standin.send_inline_query("q")
    with pytest.raises(TimeoutError, match=f"inline query {query_id}"):
        await standin.wait_for_inline_answer(query_id, timeout=0.05)


# --- forum topics --------------------------------------------------------------------------


async def test_a_reply_in_a_topic_stays_in_the_topic(standin: BotApiStandin, bot: Bot) -> None:
    standin.add_chat(FORUM, chat_type="supergroup", is_forum=True, title="Readers")
    asked = standin.send_message_from_user("news?", chat_id=FORUM, user_id=5, message_thread_id=7)
    [update] = await updates(bot)
    message = update.message
    assert message is not None and message.chat.is_forum
    assert (message.message_thread_id, message.is_topic_message) == (7, True)
    sent = await message.reply_text("here")  # PTB passes the topic on by itself
    assert (sent.message_thread_id, sent.is_topic_message) == (7, True)
    assert sent.reply_to_message is not None and sent.reply_to_message.message_id == asked
    assert unknown_fields(sent, "message") == []
    [stored] = standin.sent_messages(FORUM)
    assert stored.message_thread_id == 7 and stored.params["message_thread_id"] == 7
    # Without message_thread_id a reply still goes to its target's topic, as in Telegram.
    again = await bot.send_message(FORUM, "more", reply_parameters=ReplyParameters(asked))
    assert again.message_thread_id == 7 and standin.sent_messages(FORUM)[-1].message_thread_id == 7
    general = await bot.send_message(FORUM, "to all")  # the General topic has no thread id
    assert general.message_thread_id is None and not general.is_topic_message


async def test_unknown_threads_are_refused(standin: BotApiStandin, bot: Bot) -> None:
    standin.add_chat(FORUM, chat_type="supergroup", is_forum=True)
    standin.add_chat(GROUP, chat_type="supergroup")
    standin.add_forum_topic(FORUM, 8)
    assert (await bot.send_message(FORUM, "x", message_thread_id=8)).message_thread_id == 8
    for chat_id, thread in ((FORUM, 9), (FORUM, 1), (GROUP, 8)):
        with pytest.raises(BadRequest, match=r"^Message thread not found$"):
            await bot.send_message(chat_id, "x", message_thread_id=thread)
    assert (
        await refused(
            standin, "sendChatAction", chat_id=FORUM, action="typing", message_thread_id=9
        )
        == "Bad Request: message thread not found"
    )
    assert await bot.send_chat_action(FORUM, "typing", message_thread_id=8)
    in_general = standin.send_message_from_user("q", chat_id=FORUM, user_id=5)
    assert await refused(
        standin, "sendMessage", chat_id=FORUM, text="x", message_thread_id=8,
        reply_parameters={"message_id": in_general},
    ) == (f"Bad Request: stand-in: the message replied to ({in_general}) is not in message "
          "thread 8")  # fmt: skip
    assert [m.text for m in standin.sent_messages()] == ["x"]


async def test_topic_controls(standin: BotApiStandin) -> None:
    with pytest.raises(ValueError, match="only a supergroup"):
        standin.add_chat(-5, chat_type="group", is_forum=True)
    standin.add_chat(GROUP, chat_type="supergroup")
    with pytest.raises(ValueError, match="not a forum"):
        standin.send_message_from_user("x", chat_id=GROUP, user_id=5, message_thread_id=3)
    with pytest.raises(ValueError, match="not a forum"):
        standin.add_forum_topic(GROUP, 3)
    chat = standin.add_chat(FORUM, chat_type="supergroup", is_forum=True)
    assert chat == {"id": FORUM, "type": "supergroup", "title": f"Chat {FORUM}", "is_forum": True}
    standin.send_message_from_user("x", chat_id=FORUM, user_id=5)
    plain = standin.send_message_from_user("x", chat_id=FORUM, user_id=5)
    with pytest.raises(ValueError, match="ordinary message"):
        standin.add_forum_topic(FORUM, plain)
    with pytest.raises(ValueError, match="General"):
        standin.add_forum_topic(FORUM, 1)
    standin.add_forum_topic(FORUM, 40)
    # Later messages come after the topic's creation message.
    assert standin.send_message_from_user("y", chat_id=FORUM, user_id=5) == 41
    with pytest.raises(ValueError, match="not in topic 40"):
        standin.send_message_from_user("z", chat_id=FORUM, user_id=5, message_thread_id=40,
                                       reply_to_message_id=plain)  # fmt: skip


# --- mentions and replies ------------------------------------------------------------------


def mention(offset: int, length: int) -> dict[str, Any]:
    return {"type": "mention", "offset": offset, "length": length}


MENTIONS = [
    ("@articlebot_demo_bot python?", [mention(0, 20)]),
    ("hey @articlebot_demo_bot, and @ada_l!", [mention(4, 20), mention(30, 6)]),
    ("🏟 @ada_l", [mention(3, 6)]),  # UTF-16 offsets: the emoji is 2 units
    ("mail ada@example.com", []),  # after a word character
    ("@abc @gif @ab", [mention(5, 4)]),  # short names only from Telegram's list
    ("@" + "a" * 32, [mention(0, 33)]),
    ("@" + "a" * 33, []),  # over 32
    ("@adaé and @ada_3", [mention(10, 6)]),  # a word character right after the name
    ("@@abcd", [mention(1, 5)]),
]


@pytest.mark.parametrize(("text", "entities"), MENTIONS)
def test_mentions_are_found_like_tdlib(text: str, entities: list[dict[str, Any]]) -> None:
    assert find_mentions(text) == entities


async def test_group_mentions_reach_ptb_filters(standin: BotApiStandin) -> None:
    async def on_mention(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        assert message is not None
        names = message.parse_entities([MessageEntityType.MENTION]).values()
        if f"@{context.bot.username}" in names:
            await message.reply_text(f"you called, {len(names)} mention(s)")

    app = ApplicationBuilder().token(standin.token).base_url(standin.base_url).build()
    app.add_handler(MessageHandler(filters.Entity(MessageEntityType.MENTION), on_mention))
    standin.add_chat(GROUP, chat_type="supergroup")
    async with running(standin, app):
        standin.send_message_from_user("no mention here", chat_id=GROUP, user_id=5)
        standin.send_message_from_user("/find@articlebot_demo_bot x", chat_id=GROUP, user_id=5)
        standin.send_message_from_user("@ada_l and @articlebot_demo_bot: rust?", chat_id=GROUP,
                                       user_id=5)  # fmt: skip
        [reply] = await standin.wait_for_messages(GROUP, timeout=5)
    assert reply.text == "you called, 2 mention(s)"
    assert len(standin.sent_messages(GROUP)) == 1  # the command's @ is no mention


async def test_replies_carry_the_message_replied_to(standin: BotApiStandin, bot: Bot) -> None:
    standin.add_chat(GROUP, chat_type="supergroup")
    asked = standin.send_message_from_user("first", chat_id=GROUP, user_id=5)
    mine = (await bot.send_message(GROUP, "<b>bot</b> says", parse_mode="HTML")).message_id
    standin.send_message_from_user("to the bot", chat_id=GROUP, user_id=6, reply_to_message_id=mine)
    reply_of_reply = standin.send_message_from_user(
        "@articlebot_demo_bot to Ada", chat_id=GROUP, user_id=6, reply_to_message_id=asked
    )
    standin.send_message_from_user("deeper", chat_id=GROUP, user_id=5,
                                   reply_to_message_id=reply_of_reply)  # fmt: skip
    _, to_bot, to_user, deeper = [u.message for u in await updates(bot)]
    assert to_bot is not None and to_user is not None and deeper is not None
    target = to_bot.reply_to_message
    assert target is not None and target.from_user is not None and target.from_user.is_bot
    assert (target.message_id, target.text) == (mine, "bot says")
    assert target.entities[0].type == MessageEntityType.BOLD
    assert to_user.reply_to_message is not None
    assert to_user.reply_to_message.text == "first"
    assert [e.type for e in to_user.entities] == [MessageEntityType.MENTION]
    # Telegram does not nest: the message replied to comes without its own reply_to_message.
    nested = deeper.reply_to_message
    assert nested is not None and nested.message_id == reply_of_reply
    assert nested.reply_to_message is None
    with pytest.raises(ValueError, match="no message 99"):
        standin.send_message_from_user("x", chat_id=GROUP, user_id=5, reply_to_message_id=99)


async def test_a_replied_message_that_is_gone_is_left_out(standin: BotApiStandin, bot: Bot) -> None:
    standin.add_chat(GROUP, chat_type="supergroup")
    mine = await bot.send_message(GROUP, "soon gone")
    reply = await bot.send_message(GROUP, "re", reply_parameters=ReplyParameters(mine.message_id))
    assert reply.reply_to_message is not None
    await mine.delete()
    edited = await reply.edit_text("re, edited")
    assert isinstance(edited, Message) and edited.reply_to_message is None


# --- the compact spec of object types ------------------------------------------------------


def test_types_file_matches_the_spec() -> None:
    shared = Path(os.environ.get("ARTICLEBOT_SHARED_DIR") or REPO.parent / "shared")
    api = shared / "telegram-bot-api" / "api.json"
    if not api.is_file():
        pytest.skip(f"{api} not found: the full Bot API spec lives in ../shared")
    expected = render_types(compact_types(json.loads(api.read_text(encoding="utf-8"))))
    stored = (REPO / "standin" / "botapi_types.json").read_text(encoding="utf-8")
    assert stored == expected, (
        "standin/botapi_types.json is stale; rewrite it with standin.spec.render_types("
        "compact_types(api))"
    )


# --- helpers -------------------------------------------------------------------------------


@contextlib.asynccontextmanager
async def running(
    s: BotApiStandin, app: Application[Any, Any, Any, Any, Any, Any]
) -> AsyncIterator[None]:
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
