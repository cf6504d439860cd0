"""Update handlers: parse → call a service → render → reply."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable

from telegram import Bot, LinkPreviewOptions, Message, Update
from telegram.constants import ParseMode
from telegram.error import Forbidden, TelegramError
from telegram.ext import ContextTypes

from articles.errors import ArticlebotError
from articles.library import Library
from articles.sources.web import is_web_address
from bot import render, texts
from bot.i18n import texts_of
from bot.sender import MessageLost

log = logging.getLogger(__name__)
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


class Handlers:
    """The bot's callbacks, bound to the services they call."""

    def __init__(
        self,
        library: Library,
        answers: int = 3,
        admin_ids: Iterable[int] = (),
        secrets: Iterable[str] = (),
        open_add: bool = False,
    ) -> None:
        self.library = library
        self.answers = answers
        self.admin_ids = tuple(sorted(admin_ids))
        self.secrets = tuple(secrets)  # redacted from error reports
        self.open_add = open_add  # everyone may /add pages, not only the admins

    async def start(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        t = texts_of(update)
        await reply(update, [t.START])

    async def help(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        t = texts_of(update)
        commands = "".join(f"/{name}: {render.escape(about)}\n" for name, about in t.COMMANDS)
        await reply(update, [t.HELP_HEADER + "\n" + commands + t.HELP_EXAMPLES])

    async def add(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/add URL: fetch the page, store its article, say what was added or why not."""
        t = texts_of(update)
        user = update.effective_user
        if not self.open_add and (user is None or user.id not in self.admin_ids):
            await reply(update, [t.ADD_NOT_ALLOWED])
            return
        urls = [arg for arg in context.args or [] if is_web_address(arg)]
        if not urls or len(urls) != len(context.args or []):
            await reply(update, [t.ADD_USAGE])
            return
        results = await asyncio.to_thread(self.library.ingest_paths, urls[: t.ADD_MAX])
        skipped = len(urls) - len(results)
        await reply(update, [render.render_added(results, skipped, texts_of(update))])

    async def unknown_command(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        t = texts_of(update)
        await reply(update, [t.UNKNOWN_COMMAND])

    async def non_text(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        t = texts_of(update)
        await reply(update, [t.NON_TEXT])

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The one global error handler: log first, tell the user if we still can, then send
        each admin a short report (as PTB's examples/errorhandlerbot.py does)."""
        error = context.error
        chat = update.effective_chat if isinstance(update, Update) else None
        chat_id = chat.id if chat is not None else None
        if isinstance(error, MessageLost):
            # Telegram took no message for the whole retry time and the sender logged it: an
            # apology or a report would be lost the same way.
            return
        if isinstance(error, Forbidden):
            # The user blocked the bot or left the chat: nothing to tell them, nothing to retry.
            log.info("cannot reach chat %s: %s", chat_id, error)
            return
        log.error("error while handling an update in chat %s", chat_id, exc_info=error)
        if chat_id is not None:
            await _tell_user(context.bot, chat_id, error)
        # A user-safe ArticlebotError is an answer for the user, not a fault for the admins.
        if self.admin_ids and not isinstance(error, ArticlebotError):
            await self._report_to_admins(context.bot, error, update)

    async def _report_to_admins(
        self, bot: Bot, error: BaseException | None, update: object
    ) -> None:
        report = render.render_error_report(error, update, (bot.token, *self.secrets))
        for admin_id in self.admin_ids:
            try:
                await bot.send_message(
                    admin_id, report, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW
                )
            except TelegramError as exc:
                # Blocked the bot, never started it, Telegram down: the log has the error.
                log.warning("could not send the error report to admin %s: %s", admin_id, exc)


async def _tell_user(bot: Bot, chat_id: int, error: BaseException | None) -> None:
    message = (
        render.escape(str(error))
        if isinstance(error, ArticlebotError)
        else texts.SOMETHING_WENT_WRONG
    )
    try:
        await bot.send_message(chat_id, message, parse_mode=ParseMode.HTML)
    except TelegramError as exc:
        log.warning("could not tell chat %s about the error: %s", chat_id, exc)


async def reply(update: Update, messages: list[str]) -> None:
    message: Message | None = update.effective_message
    if message is None:
        return
    for text in messages:
        await message.reply_text(
            text, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW, do_quote=False
        )
