"""Digests, schedules and quiet hours end to end: the real Application polls the strict
stand-in, with a clock the test moves (articles keep their real storage time)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from articles.extracted import Extracted
from articles.library import Library
from bot.render import MAX_MESSAGE_CHARS
from bot_harness import CHAT, Running, running
from standin_faults import FaultyStandin


@dataclass
class Clock:
    now: datetime = field(default_factory=lambda: datetime.now(UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


@pytest.fixture
def library(sqlite_url: str, tmp_path: Path) -> Iterator[Library]:
    opened = Library.open(sqlite_url, tmp_path / "index")
    yield opened
    opened.close()


def add(library: Library, name: str, text: str, site: str = "example.com") -> None:
    extracted = Extracted(title=name, text=text, site=site, language="en", url=None,
                          published="2026-12-01")  # fmt: skip
    library.add_article(extracted, url=f"https://{site}/{name}", kind="url", source=name)


STORY = "The council approved the new bridge on Monday. Work starts in spring. It costs a lot."


async def no_message(bot: Running, wait: float = 1.5) -> None:
    with pytest.raises(TimeoutError):
        await bot.standin.wait_for_messages(CHAT, timeout=wait)


async def test_digest_on_demand_lists_what_is_new_once_and_answers_every_time(
    library: Library, tmp_path: Path
) -> None:
    async with running(library, tmp_path) as bot:
        first = await bot.reply("/digest")
        assert first.text.startswith("📰 Nothing new since ")
        add(library, "Bridge approved", STORY)
        add(library, "Coffee prices", "Coffee prices fell. Brazil had a large harvest.", "news.org")
        digest = await bot.reply("/digest")
        assert digest.text.startswith("📰 Digest: 2 new articles since ")
        assert "Bridge approved" in digest.text and "Coffee prices" in digest.text
        assert "example.com" in digest.text and "news.org" in digest.text  # grouped by site
        assert "The council approved the new bridge on Monday." in digest.text  # the summary
        again = await bot.reply("/digest")  # asked twice: answered twice, nothing repeated
        assert again.text.startswith("📰 Nothing new since ")
        week = await bot.reply("/digest 7d")  # a period is a view: it lists again
        assert "Bridge approved" in week.text
        narrowed = await bot.reply("/digest coffee")
        assert "Coffee prices" in narrowed.text and "Bridge approved" not in narrowed.text
        assert bot.failed_calls() == []


async def test_digest_groups_by_the_chats_topics(library: Library, tmp_path: Path) -> None:
    async with running(library, tmp_path) as bot:
        await bot.reply("/subscribe bridge")
        add(library, "Bridge approved", STORY)
        add(library, "Unrelated", "The orchestra played Brahms. The hall was full.")
        [alert] = await bot.standin.wait_for_messages(CHAT, timeout=20)
        assert "Bridge approved" in alert.text
        digest = await bot.reply("/digest")
        assert digest.text.startswith("📰 Digest: 1 new article ")
        assert "bridge\n• Bridge approved" in digest.text
        assert "Unrelated" not in digest.text


async def test_a_long_digest_is_paged_and_never_splits_an_article(
    library: Library, tmp_path: Path
) -> None:
    long = " ".join(["The committee discussed the budget at length and in detail."] * 6)
    for n in range(45):
        add(library, f"Budget story number {n:02d} with a long title " + "x" * 80, f"{long} {n}")
    async with running(library, tmp_path) as bot:
        bot.standin.send_message_from_user("/digest", chat_id=CHAT)
        messages = await bot.standin.wait_for_messages(CHAT, count=2, timeout=30)
        with contextlib.suppress(TimeoutError):
            while True:  # the rest, a second apart (one chat's pace)
                messages += await bot.standin.wait_for_messages(CHAT, timeout=3)
        assert len(messages) >= 3
        assert all(len(m.text) <= MAX_MESSAGE_CHARS for m in messages)
        for n in range(45):
            holding = [m for m in messages if f"number {n:02d}" in m.text]
            assert len(holding) == 1  # whole, in exactly one message
        assert bot.failed_calls() == []


async def test_a_scheduled_digest_fires_at_the_readers_local_time(
    library: Library, tmp_path: Path
) -> None:
    clock = Clock()
    at = (clock.now + timedelta(minutes=5)).astimezone(ZoneInfo("Europe/Berlin"))
    async with FaultyStandin() as standin:
        async with running(library, tmp_path, clock=clock, standin=standin) as bot:
            reply = await bot.reply(f"/digest_at {at:%H:%M} Europe/Berlin")
            assert reply.text == (
                f"🗓 Digest scheduled: {at:%H:%M} Europe/Berlin. "
                f"The next one: {at:%Y-%m-%d %H:%M} Europe/Berlin."
            )
            shown = await bot.reply("/digest_at")
            assert f"{at:%H:%M} Europe/Berlin" in shown.text
            settings = await bot.reply("/settings")
            assert f"Digest: {at:%H:%M} Europe/Berlin" in settings.text
            add(library, "Bridge approved", STORY)
            await no_message(bot)  # not yet: 08:00 has not come
            clock.advance(timedelta(minutes=6))
            [digest] = await bot.standin.wait_for_messages(CHAT, timeout=20)
            assert "Bridge approved" in digest.text
        # Down for three days: the missed digests come as one, on start.
        add(library, "Tunnel planned", "A tunnel under the river is planned. It opens in 2030.")
        clock.advance(timedelta(days=3))
        async with running(library, tmp_path, clock=clock, standin=standin) as bot:
            [digest] = await bot.standin.wait_for_messages(CHAT, timeout=20)
            assert "Tunnel planned" in digest.text and "Bridge approved" not in digest.text
            await no_message(bot, wait=2)
            off = await bot.reply("/digest_off")
            assert off.text.startswith("The scheduled digest is off")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/digest_at 25:00 Europe/Berlin", '"25:00" is not a time of day'),
        ("/digest_at 08:00 Mars/Olympus", '"Mars/Olympus" is not a time zone'),
        ("/digest_at 08:00", "needs your time zone"),
        ("/quiet 22:00", "/quiet 22:00-07:00"),
    ],
)
async def test_a_time_or_zone_that_does_not_exist_is_answered_with_an_example(
    library: Library, tmp_path: Path, text: str, expected: str
) -> None:
    async with running(library, tmp_path) as bot:
        reply = await bot.reply(text)
        assert expected in reply.text
        assert "for example" in reply.text


async def test_quiet_hours_hold_alerts_until_they_end(library: Library, tmp_path: Path) -> None:
    clock = Clock()
    start = clock.now - timedelta(minutes=30)
    end = clock.now + timedelta(minutes=30)
    async with running(library, tmp_path, clock=clock) as bot:
        reply = await bot.reply(f"/quiet {start:%H:%M}-{end:%H:%M} UTC")
        assert reply.text.startswith(f"🌙 Quiet hours {start:%H:%M}-{end:%H:%M} (UTC)")
        await bot.reply("/subscribe bridge")
        add(library, "Bridge approved", STORY)
        await no_message(bot, wait=2)
        clock.advance(timedelta(minutes=31))
        [alert] = await bot.standin.wait_for_messages(CHAT, timeout=20)
        assert "Bridge approved" in alert.text
        off = await bot.reply("/quiet off")
        assert off.text.startswith("Quiet hours are off")
