"""A sender process that kills itself (SIGKILL: no cleanup at all) at one step of sending.

Run by tests/test_sender_crash.py: `python tests/kill_sender.py DATABASE_URL API_BASE TOKEN
STEP`, STEP being claimed (rows leased, nothing sent), sending (before the request leaves),
accepted (Telegram took the message, the row is not marked) or marked (after the first
row was marked sent). The product's Sender runs unchanged; the outbox and the bot are the
product's own, with the kill added after (or before) the step."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Collection
from datetime import datetime
from typing import Any

from telegram import Bot, Message

from articles.library import Library
from articles.outbox import Delivery, Outbox
from bot.delivery import Sender

STEP = sys.argv[4]


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


class DyingOutbox(Outbox):
    def claim(
        self, now: datetime, limit: int = 30, per_chat: int = 5, exclude: Collection[int] = ()
    ) -> list[Delivery]:
        rows = super().claim(now, limit, per_chat, exclude)
        if STEP == "claimed" and rows:
            die()
        return rows

    def part_sent(self, row_id: int, parts_sent: int, *, done: bool, now: datetime) -> None:
        super().part_sent(row_id, parts_sent, done=done, now=now)
        if STEP == "marked":
            die()


class DyingBot(Bot):
    async def send_message(self, *args: Any, **kwargs: Any) -> Message:  # type: ignore[override]
        if STEP == "sending":
            die()
        message = await super().send_message(*args, **kwargs)
        if STEP == "accepted":
            die()
        return message


async def main() -> None:
    database_url, api_base, token = sys.argv[1:4]
    library = Library.open(database_url)
    library.outbox = DyingOutbox(library.sessions)
    async with DyingBot(token, base_url=api_base) as bot:
        await Sender(library).deliver_due(bot)
    sys.exit("the sender finished without reaching its step")


if __name__ == "__main__":
    asyncio.run(main())
