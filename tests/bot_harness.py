"""The bot as `articlebot run` builds it, polling the strict stand-in: shared by the bot tests."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from pathlib import Path

from articles.library import Library
from bot.app import BotApplication, build_application, polling
from bot.config import Settings
from bot.delivery import Clock, Intervals
from bot.sender import RetryBounds
from standin import SentMessage
from standin_faults import FaultyStandin

CHAT = 1001
# The alert, digest and sender jobs, quick enough for tests to wait on.
FAST = Intervals(deliver=0.2, match=0.2, digests=0.2)


def entity_texts(message: SentMessage, kind: str) -> list[str]:
    """The parts of a message that an entity of `kind` covers (offsets count UTF-16 units)."""
    units = message.text.encode("utf-16-le")
    return [
        units[2 * e["offset"] : 2 * (e["offset"] + e["length"])].decode("utf-16-le")
        for e in message.entities
        if e["type"] == kind
    ]


@dataclass
class Running:
    standin: FaultyStandin
    application: BotApplication

    async def ask(
        self, text: str, chat_id: int = CHAT, timeout: float = 15, **kwargs: object
    ) -> list[SentMessage]:
        """Send `text` as a user and wait for the bot's messages to that chat."""
        self.standin.send_message_from_user(text, chat_id=chat_id, **kwargs)  # type: ignore[arg-type]
        return await self.standin.wait_for_messages(chat_id, timeout=timeout)

    async def reply(self, text: str, chat_id: int = CHAT, timeout: float = 20) -> SentMessage:
        """The one message the bot answers `text` with."""
        [message] = await self.ask(text, chat_id, timeout)
        return message

    def failed_calls(self) -> list[str]:
        return [f"{c.method}: {c.response}" for c in self.standin.calls if c.status != 200]

    def send_statuses(self, chat_id: int = CHAT) -> list[int]:
        return [
            c.status
            for c in self.standin.calls
            # str(): a failure injected before decoding keeps the raw (string) parameters
            if c.method == "sendMessage" and str(c.params.get("chat_id")) == str(chat_id)
        ]


@contextlib.asynccontextmanager
async def running(
    library: Library,
    tmp_path: Path,
    *,
    admin_ids: Iterable[int] = (),
    bounds: RetryBounds | None = None,
    open_add: bool = False,
    feed_check_s: float = 0,
    intervals: Intervals | None = None,
    clock: Clock | None = None,
    standin: FaultyStandin | None = None,
) -> AsyncIterator[Running]:
    """The bot polling a fresh stand-in until the block ends."""
    async with contextlib.AsyncExitStack() as stack:
        if standin is None:  # a restarted bot may talk to the same stand-in as before
            standin = await stack.enter_async_context(FaultyStandin())
        settings = Settings(
            telegram_api_base_url=standin.base_url,
            data_dir=tmp_path,
            admin_ids=frozenset(admin_ids),
            open_add=open_add,
        )
        application = build_application(
            settings,
            library,
            token=standin.token,
            retry_bounds=bounds or RetryBounds(),
            feed_check_s=feed_check_s,
            intervals=intervals or FAST,
            clock=clock,
        )
        async with polling(application, timeout=1):
            await standin.wait_for_call("deleteWebhook")
            yield Running(standin, application)
