"""The outbox sender and the jobs that fill the outbox: alert matching and scheduled digests.

Each job runs again a moment after it finishes (never two at once; no "skipped" warnings
while a long run goes on). The sender claims due outbox rows, renders each from its payload
and sends it through the bot, whose rate limiter paces every request (30/s overall, 20/min
per group) and retries 5xx, network errors and 429s for a bounded time; here a private chat
also gets at most a message a second. A row is marked sent only after Telegram took it; what
Telegram did not take is retried later with backoff. A chat that blocked the bot pauses its
subscriptions; a group that became a supergroup takes its topics to the new chat id.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from filelock import FileLock, Timeout
from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, TelegramError
from telegram.ext import ContextTypes, JobQueue

from articles.alerts import alert_excerpt
from articles.library import Library
from articles.outbox import Delivery, now_utc
from bot.handlers import NO_PREVIEW
from bot.i18n import texts_for
from bot.render_news import render_alert, render_digest

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
PRIVATE_CHAT_INTERVAL_S = 1.0  # Telegram: about one message a second to one chat


@dataclass(frozen=True)
class Intervals:
    """Seconds between runs of each job (0 turns a job off: tests drive it by hand)."""

    deliver: float = 1.0
    match: float = 5.0  # alerts arrive well within 30 s of the article being stored
    digests: float = 30.0


def _articles_of(row: Delivery) -> list[int]:
    """The articles an alert or digest message is about."""
    if row.kind == "alert":
        return [row.payload["article_id"]] if "article_id" in row.payload else []
    return [e["article_id"] for g in row.payload.get("groups", []) for e in g["entries"]]


def _by_chat(rows: list[Delivery]) -> dict[int, list[Delivery]]:
    grouped: dict[int, list[Delivery]] = {}
    for row in rows:
        grouped.setdefault(row.chat_id, []).append(row)
    return grouped


def render(delivery: Delivery) -> list[str]:
    if delivery.kind == "alert":
        excerpt, spans = alert_excerpt(delivery.payload)
        return render_alert(delivery.payload | {"excerpt": excerpt, "highlights": spans})
    return render_digest(delivery.payload, texts_for(delivery.payload.get("language")))


class Sender:
    """Drains the outbox (see the module docstring)."""

    def __init__(self, library: Library, clock: Clock = now_utc) -> None:
        self.library = library
        self.outbox = library.outbox
        self.clock = clock
        self.enabled = True  # False: another process sends from this SQLite database
        self._running = asyncio.Lock()
        self._last_sent: dict[int, float] = {}
        self._paused_until = 0.0  # a 429 longer than the rate limiter waits out

    async def deliver_due(self, bot: Bot, keep_going: Callable[[], bool] = lambda: True) -> int:
        """Send what is due, until nothing is; the number of outbox rows settled.

        Each chat's rows go out in order in a task of their own, and while some chats are
        busy (a group paced at 20 a minute) the others' new rows are claimed every second.
        When `keep_going` turns False (the bot stops), nothing more is claimed and the
        messages under way are finished. A run already going on makes this call a no-op."""
        if not self.enabled or self._running.locked():
            return 0
        settled = 0
        busy: dict[int, asyncio.Task[int]] = {}
        async with self._running:
            while True:
                if keep_going() and time.monotonic() >= self._paused_until:
                    claimed = await asyncio.to_thread(
                        self.outbox.claim, self.clock(), exclude=list(busy)
                    )
                    for chat_id, rows in _by_chat(claimed).items():
                        busy[chat_id] = asyncio.create_task(self._send_chat(bot, rows))
                if not busy:
                    return settled
                done, _ = await asyncio.wait(
                    busy.values(), timeout=1.0, return_when=asyncio.FIRST_COMPLETED
                )
                for chat_id, task in list(busy.items()):
                    if task in done:
                        settled += task.result()
                        del busy[chat_id]

    async def _send_chat(self, bot: Bot, rows: list[Delivery]) -> int:
        settled = 0
        for position, row in enumerate(rows):
            try:
                sent = await self._send_row(bot, row)
            except Exception as exc:  # the database, a bug: this row waits, the rest goes on
                log.exception("outbox row %s could not be handled", row.id)
                with contextlib.suppress(Exception):
                    await asyncio.to_thread(
                        self.outbox.retry_later, row.id, repr(exc), self.clock()
                    )
                sent = False
            if not sent:
                # Not sent: the rest waits (keeps the chat's order); release their leases.
                await asyncio.to_thread(self._release, rows[position + 1 :])
                break
            settled += 1
        return settled

    def _release(self, rows: list[Delivery]) -> None:
        self.outbox.release(ids=[row.id for row in rows])

    async def _send_row(self, bot: Bot, row: Delivery) -> bool:
        """Send the parts of one row not yet sent; True when the row is settled."""
        try:
            messages = render(row)
        except (KeyError, TypeError, ValueError) as exc:  # a payload this release cannot read
            log.error("outbox row %s cannot be rendered: %r", row.id, exc)
            await asyncio.to_thread(self.outbox.failed, row.id, f"cannot be rendered: {exc!r}")
            return True
        for part in range(row.parts_sent, len(messages)):
            await self._pace(row.chat_id)
            sent_message = None
            try:
                sent_message = await bot.send_message(
                    row.chat_id, messages[part], parse_mode=ParseMode.HTML,
                    link_preview_options=NO_PREVIEW,
                )  # fmt: skip
            except ChatMigrated as exc:
                await asyncio.to_thread(self.outbox.chat_moved, row.chat_id, exc.new_chat_id)
                return False
            except Forbidden as exc:  # blocked by the user, kicked from the group
                await asyncio.to_thread(
                    self.outbox.chat_blocked, row.chat_id, str(exc), self.clock()
                )
                return False
            except BadRequest as exc:
                if "chat not found" in exc.message.lower():  # a deleted chat
                    await asyncio.to_thread(
                        self.outbox.chat_blocked, row.chat_id, str(exc), self.clock()
                    )
                    return False
                log.error("Telegram refused outbox row %s: %s", row.id, exc)
                await asyncio.to_thread(self.outbox.failed, row.id, str(exc))
                return True
            except (NetworkError, TelegramError) as exc:  # 5xx, 429 or no answer, past retries
                log.warning("outbox row %s to chat %s not sent yet: %s", row.id, row.chat_id, exc)
                wait = getattr(exc, "retry_after", None) or 0.0
                if wait:  # Telegram asked the bot to hold off: nothing is claimed meanwhile
                    self._paused_until = max(self._paused_until, time.monotonic() + wait)
                await asyncio.to_thread(
                    self.outbox.retry_later, row.id, str(exc), self.clock(), timedelta(seconds=wait)
                )
                return False
            finally:
                self._last_sent[row.chat_id] = time.monotonic()
            done = part + 1 == len(messages)
            await asyncio.to_thread(
                self.outbox.part_sent, row.id, part + 1, done=done, now=self.clock()
            )
            if sent_message is not None:
                await self._note(row, sent_message.message_id)
        return True

    async def _note(self, row: Delivery, message_id: int) -> None:
        """Remember what the message is about (a question in reply to it asks about its
        articles); after it is marked sent, and never at the cost of sending it again."""
        try:
            await asyncio.to_thread(
                self.library.answers.note_message, row.chat_id, message_id, _articles_of(row)
            )
        except Exception:
            log.exception("could not note the articles of message %s", message_id)

    async def _pace(self, chat_id: int) -> None:
        if chat_id < 0:
            return  # groups: the rate limiter's 20 a minute
        last = self._last_sent.get(chat_id)
        if last is not None:
            wait = last + PRIVATE_CHAT_INTERVAL_S - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)


class NewsJobs:
    """Alert matching, scheduled digests and the sender on PTB's job queue."""

    def __init__(self, library: Library, intervals: Intervals, clock: Clock = now_utc) -> None:
        self.library = library
        self.intervals = intervals
        self.clock = clock
        self.sender = Sender(library, clock)
        self._lock: FileLock | None = None

    def start(self, job_queue: JobQueue[Any]) -> None:
        for name, interval, job in (
            ("deliver", self.intervals.deliver, self.deliver),
            ("match alerts", self.intervals.match, self.match),
            ("scheduled digests", self.intervals.digests, self.digests),
        ):
            if interval > 0:
                job_queue.run_once(_again(job, interval), 0, name=name)

    async def deliver(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self.sender.deliver_due(context.bot, lambda: context.application.running)

    async def match(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        report = await asyncio.to_thread(self.library.alerts.match_pending, self.clock())
        if report.alerts:
            self.wake(context)

    async def digests(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        reports = await asyncio.to_thread(self.library.digests.run_due, self.clock())
        if reports:
            self.wake(context)

    def take_over(self) -> None:
        """At start: become this database's sender. On SQLite only one process may send (a
        file lock beside the database says which); it then takes over every lease, left by a
        process that died. On PostgreSQL every process sends, and leases run out by time."""
        path = self.library.sqlite_file
        if self.library.dialect != "sqlite":
            return
        if path is not None:
            lock = FileLock(f"{path}.sender.lock")
            try:
                lock.acquire(timeout=0)
            except Timeout:
                log.warning(
                    "another articlebot process sends the alerts and digests of %s: this one "
                    "answers questions but leaves sending to it",
                    path,
                )
                self.sender.enabled = False
                return
            self._lock = lock
        self.sender.enabled = True
        self.library.outbox.release(everyone=True)

    def release_leases(self) -> None:
        """At a clean stop: give back what this sender claimed, and the SQLite sender lock."""
        self.library.outbox.release()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def wake(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Send what was just decided now rather than at the sender's next run."""
        if context.job_queue is not None:
            context.job_queue.run_once(self.deliver, 0, name="deliver now")


Job = Callable[[ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]


def _again(job: Job, interval: float) -> Job:
    """`job`, which schedules itself again `interval` seconds after each run, failed or not."""

    async def run(context: ContextTypes.DEFAULT_TYPE) -> None:
        try:
            await job(context)
        except Exception:  # a database hiccup must not end the job for good
            log.exception("the %s job failed; it runs again in %g s", job.__name__, interval)
        finally:
            if context.job_queue is not None and context.application.running:
                context.job_queue.run_once(run, interval, name=job.__name__)

    return run
