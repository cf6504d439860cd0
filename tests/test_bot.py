"""The real PTB Application over HTTP against the strict local Bot API stand-in."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from articles.library import Library
from articles.sources.files import bundled_sample_files, bundled_samples_dir
from bot.texts import COMMANDS, NON_TEXT, SOMETHING_WENT_WRONG
from bot_harness import CHAT, Running, entity_texts, running

TITLE = "China and North Korea pledge to cooperate “in the face of foreign hostility”"


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    path = tmp_path_factory.mktemp("db") / "bot.sqlite3"
    lib = Library.open(f"sqlite:///{path}")
    lib.ingest_paths(bundled_sample_files())
    yield lib
    lib.close()


@pytest.fixture
async def bot(library: Library, tmp_path: Path) -> AsyncIterator[Running]:
    async with running(library, tmp_path) as bot:
        yield bot


async def test_start_explains_and_commands_are_registered(bot: Running) -> None:
    [reply] = await bot.ask("/start")
    assert "I answer questions from the articles" in reply.text
    assert [c["command"] for c in bot.standin.commands] == [name for name, _ in COMMANDS]


async def test_help_lists_every_command(bot: Running) -> None:
    [reply] = await bot.ask("/help")
    for name, _about in COMMANDS:
        assert f"/{name}" in reply.text


async def test_a_question_is_answered_from_the_seed(bot: Running) -> None:
    [reply] = await bot.ask("When was the China-North Korea treaty signed?")
    first = reply.text.split("\n2. ")[0]
    assert "1961" in first
    assert TITLE in first
    assert "China News" in first
    bold = {text.lower() for text in entity_texts(reply, "bold")}
    assert {"treaty", "signing", "china", "korea"} <= bold
    assert bot.failed_calls() == []


async def test_ask_command_works_in_groups(bot: Running) -> None:
    [reply] = await bot.ask(
        "/ask Who won Super Bowl 50?", chat_id=-100, chat_type="group", user_id=9
    )
    assert "Super Bowl" in reply.text


async def test_plain_text_in_a_group_is_not_a_question(bot: Running) -> None:
    bot.standin.send_message_from_user("treaty", chat_id=-200, chat_type="group", user_id=5)
    [reply] = await bot.ask("/ask", chat_id=-200, chat_type="group", user_id=5)
    assert "Put your question after the command" in reply.text
    assert len(bot.standin.sent_messages(-200)) == 1


async def test_no_match_says_so(bot: Running) -> None:
    [reply] = await bot.ask("xylophonezzz quuxblorp")
    assert reply.text.startswith("Nothing good matched xylophonezzz quuxblorp.")


async def test_stop_words_only_gets_a_reason(bot: Running) -> None:
    [reply] = await bot.ask("what is the")
    assert "only very common words" in reply.text


@pytest.mark.parametrize(
    "text",
    [
        "<b>treaty</b> & <i>1961",
        "AT&T &amp; &lt; </b> <script>alert(1)</script>",
        "treaty " * 1430,  # 10,010 characters
        "🙂🇰🇵 treaty 🤝 1961 👍🏽",
        "מתי נחתם האמנה? متى تم توقيع المعاهدة؟ treaty",
        "*_`[markdown](chars)` ~~ || \\",
    ],
)
async def test_hostile_text_gets_a_valid_reply(bot: Running, text: str) -> None:
    replies = await bot.ask(text)
    assert replies and all(0 < len(r.text) <= 4096 for r in replies)
    assert bot.failed_calls() == []


async def test_a_user_who_blocked_the_bot_does_not_stop_it(bot: Running) -> None:
    bot.standin.block_user(2002)
    bot.standin.send_message_from_user("treaty", chat_id=2002)
    await bot.standin.wait_for_call(
        "sendMessage", predicate=lambda c: c.params.get("chat_id") == 2002
    )
    [reply] = await bot.ask("treaty 1961")
    assert "1961" in reply.text
    # The error handler does not try to tell a user who blocked us about the error.
    assert [c.status for c in bot.standin.calls if c.params.get("chat_id") == 2002] == [403]


async def test_a_429_is_retried_and_the_reply_arrives(bot: Running) -> None:
    bot.standin.fail_next("sendMessage", error_code=429, retry_after=1)
    [reply] = await bot.ask("treaty 1961")
    assert "1961" in reply.text
    statuses = [c.status for c in bot.standin.calls if c.method == "sendMessage"]
    assert statuses[-2:] == [429, 200]


async def test_a_refused_reply_is_logged_and_the_user_told(
    bot: Running, caplog: pytest.LogCaptureFixture
) -> None:
    # A 400 is not retried (a 500 is: tests/test_telegram_errors.py).
    bot.standin.fail_next("sendMessage", error_code=400)
    [reply] = await bot.ask("treaty 1961")
    assert reply.text == SOMETHING_WENT_WRONG
    assert "error while handling an update" in caplog.text
    # The bot is still alive afterwards.
    [again] = await bot.ask("treaty 1961")
    assert "1961" in again.text


async def test_an_unknown_command_gets_a_hint(bot: Running) -> None:
    [reply] = await bot.ask("/unknowncommand")
    assert "don't know that command" in reply.text


PHOTO = [{"file_id": "AgADphoto", "file_unique_id": "p1", "width": 90, "height": 60}]
STICKER = {
    "file_id": "CAADsticker", "file_unique_id": "s1", "type": "regular", "width": 512,
    "height": 512, "is_animated": False, "is_video": False, "emoji": "👍",
}  # fmt: skip


@pytest.mark.parametrize(
    "content",
    [
        {"photo": PHOTO},
        {"photo": PHOTO, "caption": "When was the treaty signed?"},
        {"sticker": STICKER},
        {"location": {"latitude": 39.03, "longitude": 125.75}},
        {},  # no content PTB knows: a newer message type, say
    ],
    ids=["photo", "photo-with-caption", "sticker", "location", "no-content"],
)
async def test_non_text_messages_get_a_short_reply(
    bot: Running, content: dict[str, object]
) -> None:
    """A photo, sticker or other message without text in a private chat gets one short reply
    saying the bot reads text. Not ignored: in a private chat everything is addressed to the
    bot, and silence would look like a broken bot. A caption is not taken as a question (it
    usually describes the picture); the reply tells the user to type the question instead."""
    bot.standin.send_content_from_user(content, chat_id=CHAT)
    [reply] = await bot.standin.wait_for_messages(CHAT)
    assert reply.text == NON_TEXT
    assert bot.failed_calls() == []


async def test_non_text_messages_in_a_group_are_ignored(bot: Running) -> None:
    """In a group a photo is people talking to each other, not to the bot."""
    bot.standin.add_chat(-300, chat_type="group")
    bot.standin.send_content_from_user({"photo": PHOTO}, chat_id=-300, user_id=5)
    [reply] = await bot.ask("/ask", chat_id=-300, chat_type="group", user_id=5)
    assert "Put your question after the command" in reply.text
    assert len(bot.standin.sent_messages(-300)) == 1


# --- errors reach the admins (ARTICLEBOT_ADMIN_IDS) ----------------------------------------

ADMIN, OTHER_ADMIN, BYSTANDER = 42, 43, 555


async def test_an_error_is_reported_to_the_admins_and_no_one_else(
    library: Library, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async with running(library, tmp_path, admin_ids=[ADMIN, OTHER_ADMIN]) as bot:
        for chat_id in (ADMIN, OTHER_ADMIN, BYSTANDER):  # each has started a chat with the bot
            bot.standin.add_chat(chat_id)
        bot.standin.fail_next("sendMessage", error_code=400)
        [apology] = await bot.ask("treaty <1961> & " + "words " * 200)
        assert apology.text == SOMETHING_WENT_WRONG
        reports = [(await bot.standin.wait_for_messages(a))[0] for a in (ADMIN, OTHER_ADMIN)]
    assert reports[0].text == reports[1].text
    report = reports[0].text
    assert "BadRequest: Stand-in: injected error" in report
    assert f"chat {CHAT} (private), user {CHAT}" in report
    assert "Text: treaty <1961> & words words" in report  # escaped for HTML, then shortened
    assert len(report) < 1000
    assert "error while handling an update" in caplog.text
    # The user who hit the error got the apology only; a bystander got nothing.
    assert len(bot.standin.sent_messages(CHAT)) == 1
    assert bot.standin.sent_messages(BYSTANDER) == []


async def test_an_admin_who_blocked_the_bot_does_not_break_the_error_handler(
    library: Library, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async with running(library, tmp_path, admin_ids=[ADMIN, OTHER_ADMIN]) as bot:
        bot.standin.add_chat(ADMIN)
        bot.standin.block_user(ADMIN)
        bot.standin.add_chat(OTHER_ADMIN)
        bot.standin.fail_next("sendMessage", error_code=400)
        [apology] = await bot.ask("treaty 1961")
        [report] = await bot.standin.wait_for_messages(OTHER_ADMIN)
        [again] = await bot.ask("treaty 1961")  # the bot is still answering
    assert apology.text == SOMETHING_WENT_WRONG
    assert "injected error" in report.text
    assert "1961" in again.text
    assert [c.status for c in bot.standin.calls if c.params.get("chat_id") == ADMIN] == [403]
    assert "could not send the error report to admin 42: Forbidden: bot was blocked" in caplog.text


async def test_a_broken_database_is_reported_without_the_token(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "broken.sqlite3"
    library = Library.open(f"sqlite:///{path}")
    try:
        library.ingest_paths([bundled_samples_dir() / "china-north-korea-treaty.txt"])
        with contextlib.closing(sqlite3.connect(path)) as db:  # made unusable behind its back
            db.execute("DROP TABLE passages")
        async with running(library, tmp_path / "data", admin_ids=[ADMIN]) as bot:
            bot.standin.add_chat(ADMIN)
            [apology] = await bot.ask("treaty 1961")
            [report] = await bot.standin.wait_for_messages(ADMIN)
    finally:
        library.close()
    assert apology.text == SOMETHING_WENT_WRONG
    assert "OperationalError: (sqlite3.OperationalError) no such table: passages" in report.text
    assert bot.standin.token not in report.text
    assert bot.standin.token.partition(":")[2] not in report.text


async def test_a_token_in_an_error_message_is_redacted(library: Library, tmp_path: Path) -> None:
    async with running(library, tmp_path, admin_ids=[ADMIN]) as bot:
        bot.standin.add_chat(ADMIN)
        token = bot.standin.token
        bot.standin.fail_next(
            "sendMessage",
            error_code=400,
            description=f"Bad Request: stand-in: bad URL /bot{token}/x",
        )
        [apology] = await bot.ask("treaty 1961")
        [report] = await bot.standin.wait_for_messages(ADMIN)
    assert apology.text == SOMETHING_WENT_WRONG
    assert "/bot***/x" in report.text  # PTB lower-cased the token: redacted all the same
    assert token.partition(":")[2].lower() not in report.text.lower()
