"""The one factory that builds the PTB Application from settings and services."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from telegram import BotCommand, Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CommandHandler,
    MessageHandler,
    filters,
)

from articles.library import Library
from bot import texts
from bot.config import Settings, secret_values
from bot.handlers import Handlers

BotApplication = Application[Any, Any, Any, Any, Any, Any]


def build_application(
    settings: Settings,
    library: Library,
    *,
    token: str | None = None,
    base_url: str | None = None,
) -> BotApplication:
    """The bot: handlers, commands and the error handler, talking to `base_url`'s Bot API."""
    api_base = base_url or settings.telegram_api_base_url
    bot_token = token or settings.require_token()
    application: BotApplication = (
        ApplicationBuilder()
        .token(bot_token)
        .base_url(api_base)
        .base_file_url(_file_url(api_base))
        # Retries a 429 after its retry_after instead of losing the reply.
        .rate_limiter(AIORateLimiter(max_retries=3))
        .post_init(_register_commands)
        .build()
    )
    handlers = Handlers(
        library,
        admin_ids=settings.admin_ids,
        secrets=secret_values(bot_token, settings.database_url),
    )
    private = filters.ChatType.PRIVATE
    application.add_handler(CommandHandler("start", handlers.start))
    application.add_handler(CommandHandler("help", handlers.help))
    application.add_handler(CommandHandler("ask", handlers.ask))
    application.add_handler(MessageHandler(private & filters.COMMAND, handlers.unknown_command))
    application.add_handler(MessageHandler(private & filters.TEXT, handlers.question))
    application.add_handler(
        MessageHandler(private & ~filters.TEXT & ~filters.StatusUpdate.ALL, handlers.non_text)
    )
    application.add_error_handler(handlers.on_error)
    return application


async def _register_commands(application: BotApplication) -> None:
    await application.bot.set_my_commands(
        [BotCommand(name, about) for name, about in texts.COMMANDS]
    )


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
