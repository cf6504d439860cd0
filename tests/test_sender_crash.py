"""The sender killed (SIGKILL) at each step of sending, then the bot restarted on the same
database: nothing is lost, and only the message in flight at the kill can arrive twice."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from articles.extracted import Extracted
from articles.library import Library
from bot_harness import CHAT, running
from standin_faults import FaultyStandin

REPO = Path(__file__).resolve().parent.parent
OIL = "Crude oil prices jumped. Crude oil output was cut. Oil traders said crude oil is tight."


@pytest.fixture
def library(sqlite_url: str, tmp_path: Path) -> Iterator[Library]:
    opened = Library.open(sqlite_url, tmp_path / "index")
    yield opened
    opened.close()


@pytest.mark.parametrize(
    ("step", "repeated"), [("claimed", 0), ("sending", 0), ("accepted", 1), ("marked", 0)]
)
async def test_a_killed_sender_loses_nothing_and_repeats_at_most_the_message_in_flight(
    library: Library, sqlite_url: str, tmp_path: Path, step: str, repeated: int
) -> None:
    library.subscriptions.subscribe(CHAT, "crude oil", now=datetime.now(UTC) - timedelta(days=1))
    titles = [f"Oil story {n}" for n in range(3)]
    for n, title in enumerate(titles):
        extracted = Extracted(title=title, text=f"{OIL} Number {n}.", site="example.com",
                              language="en", url=None, published=None)  # fmt: skip
        library.add_article(extracted, url=f"https://example.com/{n}", kind="url", source=title)
    assert library.alerts.match_pending().alerts == 3
    async with FaultyStandin() as standin:
        standin.add_chat(CHAT)
        process = await asyncio.create_subprocess_exec(
            sys.executable, str(REPO / "tests" / "kill_sender.py"), sqlite_url,
            standin.base_url, standin.token, step,
            env={**os.environ, "PYTHONPATH": str(REPO)}, cwd=tmp_path,
        )  # fmt: skip
        assert await asyncio.wait_for(process.wait(), 60) == -9  # killed, not finished
        before = len(standin.sent_messages(CHAT))
        async with running(library, tmp_path, standin=standin):
            for _ in range(200):
                if library.outbox.pending() == 0:
                    break
                await asyncio.sleep(0.1)
            await asyncio.sleep(0.5)
        texts = [m.text for m in standin.sent_messages(CHAT)]
    assert library.outbox.pending() == 0
    counts = [sum(title in text for text in texts) for title in titles]
    assert counts == [1 + repeated, 1, 1], (step, before, texts)


async def test_two_senders_on_postgresql_deliver_each_row_once(
    postgres_url: str, tmp_path: Path
) -> None:
    """Two bot processes' senders (each its own engine and bot) drain one PostgreSQL outbox
    at once through the stand-in: every message arrives exactly once."""
    from telegram import Bot

    from articles.outbox import enqueue
    from bot.delivery import Sender

    first, second = Library.open(postgres_url), Library.open(postgres_url)
    chats = [2000 + n for n in range(6)]
    try:
        topics = [first.subscriptions.subscribe(chat, "oil")[0].id for chat in chats]
        with first.sessions.begin() as session:
            for n in range(36):
                payload = {
                    "topic": "oil", "title": f"Story {n:02d}", "url": f"https://e.com/{n}",
                    "site": "e.com", "published": None, "excerpt": "", "highlights": [],
                }  # fmt: skip
                enqueue(session, key=f"alert:{n}", chat_id=chats[n % 6], kind="alert",
                        payload=payload, now=datetime.now(UTC),
                        subscription_id=topics[n % 6])  # fmt: skip
        async with FaultyStandin() as standin:
            for chat in chats:
                standin.add_chat(chat)
            async with (
                Bot(standin.token, base_url=standin.base_url) as one,
                Bot(standin.token, base_url=standin.base_url) as two,
            ):
                await asyncio.gather(
                    Sender(first).deliver_due(one), Sender(second).deliver_due(two)
                )
            texts = [m.text for m in standin.sent_messages()]
        assert sorted(texts) == sorted({t for t in texts}) and len(texts) == 36
        assert first.outbox.pending() == 0
    finally:
        first.close()
        second.close()
