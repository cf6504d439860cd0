"""Feeds in the bot: /feeds, /feed_add, /feed_remove (admins), and the polling job that tells
the admins once when a feed keeps failing and once when it recovers."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from articles.errors import ArticlebotError
from articles.library import Library
from articles.sources.web import is_web_address
from bot import render
from bot.handlers import NO_PREVIEW, reply
from bot.i18n import texts_of

log = logging.getLogger(__name__)


class FeedHandlers:
    def __init__(self, library: Library, admin_ids: Iterable[int]) -> None:
        self.library = library
        self.admin_ids = tuple(sorted(admin_ids))

    async def feeds(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        if await self._refused(update):
            return
        feeds = await asyncio.to_thread(self.library.feeds.feeds)
        await reply(update, render.render_feeds(feeds, texts_of(update)))

    async def feed_add(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        t = texts_of(update)
        if await self._refused(update):
            return
        args = context.args or []
        if len(args) != 1 or not is_web_address(args[0]):
            await reply(update, [t.FEED_ADD_USAGE])
            return
        try:
            info, result = await asyncio.to_thread(self.library.feeds.add, args[0])
        except ArticlebotError as exc:
            await reply(update, [f"❌ Not followed: {render.escape(str(exc))}"])
            return
        await reply(update, [render.render_feed_added(info, result, texts_of(update))])

    async def feed_remove(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        t = texts_of(update)
        if await self._refused(update):
            return
        args = context.args or []
        if len(args) != 1 or not args[0].isdigit():
            await reply(update, [t.FEED_REMOVE_USAGE])
            return
        try:
            info = await asyncio.to_thread(self.library.feeds.remove, int(args[0]))
        except ArticlebotError as exc:
            await reply(update, [render.escape(str(exc))])
            return
        name = render.escape(info.title or info.url)
        await reply(update, [f"Stopped following feed {info.id}: {name}"])

    async def poll_job(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Poll the feeds that are due; admins hear of a feed failing (once) and recovering."""
        results = await asyncio.to_thread(self.library.feeds.poll, due_only=True)
        for result in results:
            if result.report is None:
                continue
            message = render.render_feed_report(result)
            for admin_id in self.admin_ids:
                try:
                    await context.bot.send_message(
                        admin_id,
                        message,
                        parse_mode=ParseMode.HTML,
                        link_preview_options=NO_PREVIEW,
                    )
                except TelegramError as exc:
                    log.warning("could not tell admin %s about feed %s: %s", admin_id,
                                result.feed_id, exc)  # fmt: skip

    async def _refused(self, update: Update) -> bool:
        t = texts_of(update)
        user = update.effective_user
        if user is not None and user.id in self.admin_ids:
            return False
        await reply(update, [t.FEEDS_NOT_ALLOWED])
        return True
