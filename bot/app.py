"""The one factory that builds the PTB Application from settings and services."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from typing import Any

from telegram import BotCommand, Update
from telegram.error import InvalidToken, RetryAfter, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from articles.library import Library
from bot import texts
from bot.answer_handlers import AnswerHandlers
from bot.config import Settings, SettingsError, secret_values
from bot.delivery import Clock, Intervals, NewsJobs
from bot.feed_handlers import FeedHandlers
from bot.handlers import Handlers
from bot.i18n import CATALOGS, DEFAULT_LANGUAGE
from bot.sender import RetryBounds, RetryingRateLimiter, seconds
from bot.topic_handlers import TopicHandlers

log = logging.getLogger(__name__)

BotApplication = Application[Any, Any, Any, Any, Any, Any]
# How often the bot looks for feeds that are due (each has its own interval).
FEED_CHECK_S = 60.0


def build_application(
    settings: Settings,
    library: Library,
    *,
    token: str | None = None,
    base_url: str | None = None,
    retry_bounds: RetryBounds | None = None,
    feed_check_s: float = FEED_CHECK_S,
    intervals: Intervals | None = None,
    clock: Clock | None = None,
) -> BotApplication:
    """The bot: handlers, commands and the error handler, talking to `base_url`'s Bot API;
    `retry_bounds` says how long a message is retried before it counts as lost."""
    api_base = base_url or settings.telegram_api_base_url
    bot_token = token or settings.require_token()
    application: BotApplication = (
        ApplicationBuilder()
        .token(bot_token)
        .base_url(api_base)
        .base_file_url(_file_url(api_base))
        # Paces messages; retries 5xx, network errors and 429s instead of losing the reply.
        .rate_limiter(RetryingRateLimiter(retry_bounds))
        .post_init(_register_commands)
        .build()
    )
    handlers = Handlers(
        library,
        admin_ids=settings.admin_ids,
        secrets=secret_values(bot_token, settings.database_url),
        open_add=settings.open_add,
    )
    private = filters.ChatType.PRIVATE
    application.add_handler(CommandHandler("start", handlers.start))
    application.add_handler(CommandHandler("help", handlers.help))
    answers = AnswerHandlers(library, settings.admin_ids)
    application.add_handler(CommandHandler("ask", answers.ask))
    application.add_handler(CommandHandler("sources", answers.sources))
    application.add_handler(CommandHandler("stats", answers.stats))
    application.add_handler(CallbackQueryHandler(answers.button, pattern=r"^ans:"))
    application.add_handler(InlineQueryHandler(answers.inline))
    # Fetching pages can take a while: others' questions are answered meanwhile.
    application.add_handler(CommandHandler("add", handlers.add, block=False))
    feeds = FeedHandlers(library, settings.admin_ids)
    application.add_handler(CommandHandler("feeds", feeds.feeds))
    application.add_handler(CommandHandler("feed_add", feeds.feed_add, block=False))
    application.add_handler(CommandHandler("feed_remove", feeds.feed_remove))
    if application.job_queue is not None and feed_check_s > 0:
        application.job_queue.run_repeating(
            feeds.poll_job, interval=feed_check_s, first=feed_check_s, name="poll feeds"
        )
    _add_news(application, library, intervals or Intervals(), clock)
    application.add_handler(MessageHandler(private & filters.COMMAND, handlers.unknown_command))
    application.add_handler(MessageHandler(private & filters.TEXT, answers.private_text))
    # Groups: a mention of the bot or a reply to it is a question (privacy mode: nothing else).
    application.add_handler(
        MessageHandler(
            filters.ChatType.GROUPS & filters.TEXT & ~filters.COMMAND, answers.group_text
        )
    )
    application.add_handler(
        MessageHandler(private & ~filters.TEXT & ~filters.StatusUpdate.ALL, handlers.non_text)
    )
    application.add_error_handler(handlers.on_error)
    return application


_NEWS = "articlebot.news"


def _add_news(
    application: BotApplication, library: Library, intervals: Intervals, clock: Clock | None
) -> None:
    """Topic alerts, digests and the outbox sender: commands, buttons and jobs."""
    news = NewsJobs(library, intervals, clock) if clock else NewsJobs(library, intervals)
    application.bot_data[_NEWS] = news
    topics = TopicHandlers(library, news)
    # Any update from a chat that had blocked the bot resumes its paused topics first.
    application.add_handler(TypeHandler(Update, topics.resume_if_blocked), group=-1)
    for name, callback in (
        ("subscribe", topics.subscribe),
        ("subscriptions", topics.subscriptions),
        ("unsubscribe", topics.unsubscribe),
        ("digest", topics.digest),
        ("digest_at", topics.digest_at),
        ("digest_off", topics.digest_off),
        ("quiet", topics.quiet),
        ("settings", topics.settings),
    ):
        application.add_handler(CommandHandler(name, callback))
    application.add_handler(CallbackQueryHandler(topics.button, pattern=r"^sub:"))
    if application.job_queue is not None:
        news.start(application.job_queue)


async def _register_commands(application: BotApplication) -> None:
    await application.bot.set_my_commands(
        [BotCommand(name, about) for name, about in texts.COMMANDS]
    )
    for language, catalog in CATALOGS.items():  # each user sees them in their language
        if language != DEFAULT_LANGUAGE:
            await application.bot.set_my_commands(
                [BotCommand(name, about) for name, about in catalog.COMMANDS],
                language_code=language,
            )
    news: NewsJobs | None = application.bot_data.get(_NEWS)
    if news is not None:
        await asyncio.to_thread(news.take_over)


async def release_leases(application: BotApplication) -> None:
    """On a clean stop: give back this sender's claimed outbox rows for the next start."""
    news: NewsJobs | None = application.bot_data.get(_NEWS)
    if news is not None:
        await asyncio.to_thread(news.release_leases)


def _file_url(base_url: str) -> str:
    # https://api.telegram.org/bot → https://api.telegram.org/file/bot (Telegram's layout).
    head, sep, _ = base_url.rstrip("/").rpartition("/bot")
    return f"{head}/file/bot" if sep else base_url.rstrip("/") + "/file/bot"


ALLOWED_UPDATES = Update.ALL_TYPES


@asynccontextmanager
async def polling(application: BotApplication, timeout: int = 10) -> AsyncIterator[None]:
    """Run the bot inside an already running event loop, as `run_polling` does (demo, tests)."""
    async with application:
        # run_polling calls post_init itself; a hand-driven application must do it too.
        if application.post_init is not None:
            await application.post_init(application)
        assert application.updater is not None
        await application.updater.start_polling(
            poll_interval=0.0, timeout=timeout, allowed_updates=ALLOWED_UPDATES
        )
        await application.start()
        try:
            yield
        finally:
            await application.updater.stop()
            await application.stop()
            await release_leases(application)


async def serve(
    application: BotApplication, api_url: str, *, first_retry: float = 1.0, max_retry: float = 60.0
) -> None:
    """Poll until SIGINT or SIGTERM, as `articlebot run` does. While the Bot API at `api_url`
    (the base URL, without the token) cannot be reached, log one line per failed start and
    try again with backoff; a token Telegram rejects raises SettingsError instead."""
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    stop_signals = (signal.SIGINT, signal.SIGTERM)
    for sig in stop_signals:
        loop.add_signal_handler(sig, stopping.set)
    try:
        delay = first_retry
        while not stopping.is_set():
            try:
                if await _unless_stopping(_start(application, api_url), stopping):
                    await stopping.wait()
                break
            except InvalidToken as exc:
                raise SettingsError(_token_rejected(exc)) from None
            except TelegramError as exc:
                wait = max(delay, _retry_after(exc))
                log.warning(
                    "cannot reach the Bot API at %s (%s: %s); retrying in %g s",
                    api_url, type(exc).__name__, exc, wait,
                )  # fmt: skip
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), wait)
            delay = min(2 * delay, max_retry)
    finally:
        for sig in stop_signals:
            loop.remove_signal_handler(sig)
        await _stop(application)


async def _start(application: BotApplication, api_url: str) -> None:
    # What run_polling does, one step at a time so that a failed start can be tried again
    # (each step is a no-op or starts over when repeated after a failure).
    await application.initialize()  # getMe: checks the token
    if application.post_init is not None:
        await application.post_init(application)
    assert application.updater is not None

    def polling_failed(exc: TelegramError) -> None:
        # PTB retries getUpdates itself, with backoff; its default callback logs a traceback.
        log.warning(
            "polling the Bot API at %s failed (%s: %s); retrying", api_url, type(exc).__name__, exc
        )

    await application.updater.start_polling(
        allowed_updates=ALLOWED_UPDATES, error_callback=polling_failed
    )
    await application.start()


async def _unless_stopping(start: Awaitable[None], stopping: asyncio.Event) -> bool:
    """Await `start`, cancelled if `stopping` is set first; False if it was."""
    started = asyncio.ensure_future(start)
    stopped = asyncio.ensure_future(stopping.wait())
    await asyncio.wait({started, stopped}, return_when=asyncio.FIRST_COMPLETED)
    stopped.cancel()
    if not started.done():
        started.cancel()
        with contextlib.suppress(asyncio.CancelledError, TelegramError):
            await started
        return False
    started.result()
    return True


async def _stop(application: BotApplication) -> None:
    if application.updater is not None and application.updater.running:
        await application.updater.stop()
    if application.running:
        await application.stop()
        await release_leases(application)
    await application.shutdown()


def _retry_after(exc: TelegramError) -> float:
    """The wait a 429 asks for (plus a margin, as PTB adds), else 0."""
    return seconds(exc.retry_after) + 0.1 if isinstance(exc, RetryAfter) else 0.0


_REJECTIONS = {"unauthorized": "401 Unauthorized", "not found": "404 Not Found"}


def _token_rejected(exc: InvalidToken) -> str:
    # PTB's own message quotes the token; the server's answer is the error it was raised from.
    answer = exc.__cause__.message if isinstance(exc.__cause__, TelegramError) else "no reason"
    reason = _REJECTIONS.get(answer.lower(), answer)
    return (
        f"Telegram rejected the bot token ({reason}); check TELEGRAM_BOT_TOKEN "
        "(a token from @BotFather looks like 123456:ABC-DEF...)"
    )
