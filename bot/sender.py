"""The path every Bot API request takes: paced to Telegram's flood limits, and a message to a
chat that meets a 5xx, a network error or a 429 retried for a bounded time instead of lost.

Why not PTB's AIORateLimiter: its `max_retries` counts 429s only (a 5xx or a refused
connection fails at once), a count is no time bound (four 429s with retry_after=1 beat
max_retries=3, while one retry_after=3600 is waited out), and a 429 it gives up on is logged
with a traceback. A wrapper around our own sends would miss PTB's and the error handler's; a
rate limiter sees every request, so the policy lives here, once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.constants import FloodLimit
from telegram.error import BadRequest, NetworkError, RetryAfter
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)

ApiResult = bool | dict[str, Any] | list[dict[str, Any]]


@dataclass(frozen=True)
class RetryBounds:
    """How long one message to a chat is retried, in seconds from its first attempt: after 5xx
    answers and network errors (with doubling waits from `first_backoff` to `max_backoff`),
    and while Telegram's 429s ask to wait (every retry_after is honoured within the bound)."""

    failing: float = 30.0
    rate_limited: float = 60.0
    first_backoff: float = 0.5
    max_backoff: float = 8.0


class MessageLost(NetworkError):
    """Telegram did not take a message within the RetryBounds; logged where it was given up.
    `retry_after`: the wait Telegram's last 429 asked for (the outbox waits at least that)."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class RetryingRateLimiter(BaseRateLimiter[None]):
    """AIORateLimiter's pacing (30 messages/s overall, 20/min per group; a 429 pauses all
    messages), plus bounded retries of each message to a chat.

    Requests without a chat_id pass straight through: getUpdates is retried by PTB's polling
    loop, getMe, deleteWebhook and setMyCommands by `serve()`'s start-up loop. A 400 (the
    message itself is wrong) and a 403 (the user blocked the bot) are never retried."""

    def __init__(self, bounds: RetryBounds | None = None) -> None:
        self.bounds = bounds or RetryBounds()
        self._overall = AsyncLimiter(FloodLimit.MESSAGES_PER_SECOND, 1)
        self._groups: dict[int | str, AsyncLimiter] = {}
        self._not_paused = asyncio.Event()
        self._not_paused.set()

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, ApiResult]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> ApiResult:
        """Send one request; see the class docstring for what is retried and how long."""
        chat_id = data.get("chat_id")
        if chat_id is None:
            return await callback(*args, **kwargs)
        loop = asyncio.get_running_loop()
        started = loop.time()
        backoff = self.bounds.first_backoff
        while True:
            try:
                return await self._paced(chat_id, callback, args, kwargs)
            except BadRequest:
                raise  # a NetworkError in PTB's hierarchy, but sending it again fails again
            except RetryAfter as exc:
                wait = seconds(exc.retry_after) + 0.1
                if loop.time() - started + wait > self.bounds.rate_limited:
                    raise _lost(endpoint, chat_id, exc, loop.time() - started) from exc
                _retrying(endpoint, chat_id, exc, wait)
                await self._pause(wait)
            except NetworkError as exc:  # a 5xx answer, or no answer at all
                if loop.time() - started + backoff > self.bounds.failing:
                    raise _lost(endpoint, chat_id, exc, loop.time() - started) from exc
                _retrying(endpoint, chat_id, exc, backoff)
                await asyncio.sleep(backoff)
                backoff = min(2 * backoff, self.bounds.max_backoff)

    async def _paced(
        self,
        chat_id: int | str,
        callback: Callable[..., Coroutine[Any, Any, ApiResult]],
        args: Any,
        kwargs: dict[str, Any],
    ) -> ApiResult:
        group: contextlib.AbstractAsyncContextManager[Any] = contextlib.nullcontext()
        with contextlib.suppress(ValueError):
            chat_id = int(chat_id)  # PTB may pass it as a string
        if isinstance(chat_id, str) or chat_id < 0:  # a group or channel (@name or -id)
            group = self._groups.setdefault(
                chat_id, AsyncLimiter(FloodLimit.MESSAGES_PER_MINUTE_PER_GROUP, 60)
            )
        async with group, self._overall:
            await self._not_paused.wait()
            return await callback(*args, **kwargs)

    async def _pause(self, seconds: float) -> None:
        # Telegram's 429 is about the bot, not this one message: hold every message meanwhile.
        self._not_paused.clear()
        try:
            await asyncio.sleep(seconds)
        finally:
            self._not_paused.set()


def seconds(retry_after: int | timedelta) -> float:
    """RetryAfter.retry_after in seconds: a timedelta with PTB_TIMEDELTA=1, else an int."""
    return retry_after.total_seconds() if isinstance(retry_after, timedelta) else retry_after


def _retrying(endpoint: str, chat_id: object, exc: Exception, wait: float) -> None:
    log.warning(
        "%s to chat %s: %s: %s; retrying in %.1f s",
        endpoint, chat_id, type(exc).__name__, exc, wait,
    )  # fmt: skip


def _lost(endpoint: str, chat_id: object, exc: Exception, elapsed: float) -> MessageLost:
    # The chat id, never the text: the log must not collect what users were told.
    log.error(
        "gave up on %s to chat %s after %.1f s (%s: %s): the message is lost",
        endpoint, chat_id, elapsed, type(exc).__name__, exc,
    )  # fmt: skip
    wait = seconds(exc.retry_after) if isinstance(exc, RetryAfter) else None
    return MessageLost(f"{endpoint} to chat {chat_id} lost: {exc}", wait)
