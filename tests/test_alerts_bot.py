"""Topic alerts end to end: the real Application polls the strict stand-in; articles come in
from a separate `articlebot ingest` process while the bot runs (issue 9's proof)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from articles.extracted import Extracted
from articles.library import Library
from bot.texts import ADMINS_ONLY_TOPICS
from bot_harness import CHAT, Running, entity_texts, running
from standin_faults import FaultyStandin

OIL = (
    "Crude oil prices jumped on Monday after the producers' group agreed to cut output. "
    "Brent crude rose four percent, and analysts expect crude oil to stay above eighty "
    "dollars while the cuts last. Refiners said the crude oil market was tight."
)
FOOTBALL = (
    "The home side won the cup final after extra time. The striker scored twice and the "
    "crowd of sixty thousand sang until the end. The coach praised the defence."
)


@pytest.fixture
def library(sqlite_url: str, tmp_path: Path) -> Iterator[Library]:
    opened = Library.open(sqlite_url, tmp_path / "index")
    yield opened
    opened.close()


def ingest_in_another_process(database_url: str, tmp_path: Path, *texts: tuple[str, str]) -> None:
    """`articlebot ingest` of Markdown files, as a user runs it beside the bot."""
    paths = []
    for name, body in texts:
        path = tmp_path / f"{name}.md"
        path.write_text(f"# {name}\n\n{body}\n", encoding="utf-8")
        paths.append(str(path))
    env = {**os.environ, "ARTICLEBOT_DATABASE_URL": database_url,
           "ARTICLEBOT_DATA_DIR": str(tmp_path / "cli-data")}  # fmt: skip
    env.pop("TELEGRAM_BOT_TOKEN", None)
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "ingest", *paths],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def add(library: Library, name: str, text: str) -> int | None:
    extracted = Extracted(title=name, text=text, site="example.com", language="en", url=None,
                          published="2026-12-01")  # fmt: skip
    return library.add_article(
        extracted, url=f"https://example.com/{name}", kind="url", source=name
    ).article_id


async def no_message(bot: Running, chat_id: int = CHAT, wait: float = 1.5) -> None:
    with pytest.raises(TimeoutError):
        await bot.standin.wait_for_messages(chat_id, timeout=wait)


async def test_an_article_from_another_process_alerts_once_and_a_restart_resends_nothing(
    library: Library, sqlite_url: str, tmp_path: Path
) -> None:
    async with FaultyStandin() as standin:
        async with running(library, tmp_path, standin=standin) as bot:
            reply = await bot.reply("/subscribe crude oil")
            assert reply.text.startswith("🔔 Subscribed to crude oil")
            await asyncio.to_thread(
                ingest_in_another_process, sqlite_url, tmp_path,
                ("Oil jumps as output is cut", OIL), ("Cup final", FOOTBALL),
            )  # fmt: skip
            [alert] = await bot.standin.wait_for_messages(CHAT, timeout=30)
            assert alert.text.startswith("🔔 crude oil\nOil jumps as output is cut")
            assert {"Crude", "oil"} <= set(entity_texts(alert, "bold"))
            assert "Cup final" not in alert.text
            await no_message(bot)
        sent = len(standin.sent_messages(CHAT))
        async with running(library, tmp_path, standin=standin) as bot:
            await asyncio.sleep(2)
            assert len(standin.sent_messages(CHAT)) == sent
            assert bot.failed_calls() == []
    assert library.outbox.pending() == 0


async def test_articles_stored_before_the_subscription_never_alert(
    library: Library, tmp_path: Path
) -> None:
    add(library, "Old oil news", OIL)
    async with running(library, tmp_path) as bot:
        await bot.reply("/subscribe crude oil")
        await no_message(bot, wait=2)
        # An update of that article is not news either.
        add(library, "Old oil news", OIL + " Prices fell back on Tuesday.")
        await no_message(bot, wait=2)


async def test_a_429_delays_the_alert_but_does_not_drop_it(
    library: Library, tmp_path: Path
) -> None:
    async with running(library, tmp_path) as bot:
        await bot.reply("/subscribe crude oil")
        bot.standin.fail_next("sendMessage", error_code=429, retry_after=2)
        add(library, "Oil jumps", OIL)
        [alert] = await bot.standin.wait_for_messages(CHAT, timeout=30)
        assert "Oil jumps" in alert.text
        assert bot.send_statuses()[-2:] == [429, 200]


async def test_a_user_who_blocked_the_bot_pauses_the_topic_until_writing_again(
    library: Library, tmp_path: Path
) -> None:
    async with running(library, tmp_path) as bot:
        await bot.reply("/subscribe crude oil")
        bot.standin.block_user(CHAT)
        add(library, "Oil jumps", OIL)
        for _ in range(100):
            await asyncio.sleep(0.1)
            if library.subscriptions.list(CHAT)[0].paused == "blocked":
                break
        assert library.subscriptions.list(CHAT)[0].paused == "blocked"
        add(library, "Oil again", OIL + " Oil again.")
        await asyncio.sleep(1)
        bot.standin.blocked.clear()
        reply = await bot.reply("/subscriptions")
        assert "crude oil" in str(reply.reply_markup)
        assert library.subscriptions.list(CHAT)[0].paused is None
        # What came while the chat was blocked is not piled onto the user now.
        add(library, "Oil a third time", OIL + " A third time.")
        [alert] = await bot.standin.wait_for_messages(CHAT, timeout=30)
        assert "Oil a third time" in alert.text


async def test_buttons_pause_change_and_remove_a_topic(library: Library, tmp_path: Path) -> None:
    async with running(library, tmp_path) as bot:
        await bot.reply("/subscribe crude oil")
        listing = await bot.reply("/subscriptions")
        [sub] = library.subscriptions.list(CHAT)
        standin = bot.standin

        async def press(data: str) -> str:
            query = standin.press_button(CHAT, listing.message_id, data)
            await standin.wait_for_call("answerCallbackQuery")
            for _ in range(50):
                if standin._queries.get(query):
                    break
                await asyncio.sleep(0.05)
            await asyncio.sleep(0.2)
            edited = standin.message(CHAT, listing.message_id)
            assert edited is not None
            listing_markup[:] = [edited]
            return edited.text

        listing_markup = [listing]
        text = await press(f"sub:open:{sub.id}")
        assert "best matches only · as they arrive" in text
        await press(f"sub:pause:{sub.id}")
        assert library.subscriptions.list(CHAT)[0].paused == "user"
        text = await press(f"sub:all:{sub.id}")
        assert "everything that matches" in text
        await press(f"sub:digest:{sub.id}")
        assert library.subscriptions.list(CHAT)[0].delivery == "digest"
        text = await press(f"sub:remove:{sub.id}")
        assert text.startswith("🔕 Removed crude oil")
        assert library.subscriptions.list(CHAT) == []
        assert bot.failed_calls() == []


async def test_a_topic_of_another_chat_cannot_be_changed(library: Library, tmp_path: Path) -> None:
    other, _ = library.subscriptions.subscribe(2002, "coffee")
    async with running(library, tmp_path) as bot:
        await bot.reply("/subscribe crude oil")
        listing = await bot.reply("/subscriptions")
        # A forged button press naming the other chat's topic.
        standin = bot.standin
        msg = standin.message(CHAT, listing.message_id)
        assert msg is not None and msg.reply_markup is not None
        msg.reply_markup["inline_keyboard"].append(
            [{"text": "x", "callback_data": f"sub:remove:{other.id}"}]
        )
        standin.press_button(CHAT, listing.message_id, f"sub:remove:{other.id}")
        await standin.wait_for_call("answerCallbackQuery")
        await asyncio.sleep(0.3)
    assert [s.query for s in library.subscriptions.list(2002)] == ["coffee"]


async def test_in_groups_only_admins_change_topics(library: Library, tmp_path: Path) -> None:
    group, admin, member = -500, 11, 12
    async with running(library, tmp_path) as bot:
        bot.standin.add_chat(group, chat_type="group", title="Newsroom")
        bot.standin.admins[group] = {admin}
        [reply] = await bot.ask("/subscribe coffee", group, user_id=member, chat_type="group")
        assert reply.text == ADMINS_ONLY_TOPICS
        [reply] = await bot.ask("/subscribe coffee", group, user_id=admin, chat_type="group")
        assert reply.text.startswith("🔔 Subscribed to coffee")
        [listing] = await bot.ask("/subscriptions", group, user_id=member, chat_type="group")
        assert "coffee" in str(listing.reply_markup)


async def test_a_group_upgraded_to_a_supergroup_keeps_its_topics(
    library: Library, tmp_path: Path
) -> None:
    group, supergroup, admin = -500, -1000000000500, 11
    async with running(library, tmp_path) as bot:
        bot.standin.add_chat(group, chat_type="group", title="Newsroom")
        bot.standin.admins[group] = {admin}
        await bot.ask("/subscribe crude oil", chat_id=group, user_id=admin, chat_type="group")
        bot.standin.upgrade_group(group, supergroup)
        add(library, "Oil jumps", OIL)
        [alert] = await bot.standin.wait_for_messages(supergroup, timeout=30)
        assert "Oil jumps" in alert.text
    assert [s.chat_id for s in library.subscriptions.list(supergroup)] == [supergroup]


async def test_a_failed_admin_check_refuses_with_an_answer(
    library: Library, tmp_path: Path
) -> None:
    group, user = -501, 13
    async with running(library, tmp_path) as bot:
        bot.standin.add_chat(group, chat_type="group", title="Newsroom")
        bot.standin.fail_next("getChatMember", error_code=400,
                              description="Bad Request: user not found")  # fmt: skip
        [reply] = await bot.ask("/subscribe coffee", group, user_id=user, chat_type="group")
        assert reply.text == ADMINS_ONLY_TOPICS
    assert library.subscriptions.list(group) == []
