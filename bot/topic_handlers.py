"""Topic subscriptions, digests and chat settings in chat: parse → service → render → reply.

Anyone in a chat may read its topics and settings; in groups only the group's admins may
change them (a topic belongs to its chat, and a group's belongs to the group).
"""

from __future__ import annotations

import asyncio
import logging
import re
from datetime import timedelta

from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType, ParseMode
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from articles.errors import ArticlebotError
from articles.library import Library
from articles.subscriptions import SubscriptionError
from bot import render
from bot.callbacks import edit, parse_callback
from bot.delivery import NewsJobs
from bot.handlers import reply
from bot.i18n import texts_of
from bot.render_news import local_time, render_settings, render_subscription, render_subscriptions

log = logging.getLogger(__name__)
_PERIOD = re.compile(r"([0-9]{1,3})([hdw])", re.IGNORECASE)
_UNITS = {"h": "hours", "d": "days", "w": "weeks"}
_ADMINS = (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)
_GONE = (ChatMemberStatus.BANNED, ChatMemberStatus.LEFT)  # "kicked": blocked, or removed
# sub:<action>:<subscription id>; what each action changes.
_ACTIONS = {
    "pause": {"paused": True},
    "resume": {"paused": False},
    "best": {"sensitivity": "best"},
    "all": {"sensitivity": "all"},
    "instant": {"delivery": "instant"},
    "digest": {"delivery": "digest"},
}


def parse_period(text: str) -> timedelta | None:
    """ "7d", "12h", "2w" as a period, else None (the words are a query)."""
    found = _PERIOD.fullmatch(text.strip())
    if not found:
        return None
    return timedelta(**{_UNITS[found.group(2).lower()]: int(found.group(1))})


async def may_change(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Private chats: their user. Groups: the group's admins (an anonymous admin writes as
    the group itself)."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or chat.type == ChatType.PRIVATE:
        return True
    message = update.effective_message
    if message is not None and message.sender_chat is not None:
        return message.sender_chat.id == chat.id
    if user is None:
        return False
    try:
        member = await context.bot.get_chat_member(chat.id, user.id)
    except TelegramError as exc:  # not known to Telegram as a member: not an admin either
        log.warning("cannot check whether user %s administers chat %s: %s", user.id, chat.id, exc)
        return False
    return member.status in _ADMINS


class TopicHandlers:
    def __init__(self, library: Library, jobs: NewsJobs) -> None:
        self.library = library
        self.jobs = jobs

    async def subscribe(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        t = texts_of(update)
        topic, chat = " ".join(context.args or []), update.effective_chat
        if chat is None or not topic.strip():
            await reply(update, [t.SUBSCRIBE_USAGE])
            return
        if not await may_change(update, context):
            await reply(update, [t.ADMINS_ONLY_TOPICS])
            return
        try:
            info, new = await asyncio.to_thread(
                self.library.subscriptions.subscribe, chat.id, topic
            )
        except ArticlebotError as exc:
            await reply(update, [render.escape(exc.message)])
            return
        text = t.SUBSCRIBED if new else t.ALREADY_SUBSCRIBED
        await reply(update, [text.format(topic=render.escape(info.query))])

    async def subscriptions(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        chat, message = update.effective_chat, update.effective_message
        if chat is None or message is None:
            return
        subs = await asyncio.to_thread(self.library.subscriptions.list, chat.id)
        text, keyboard = render_subscriptions(subs, texts_of(update))
        await message.reply_text(text, parse_mode=ParseMode.HTML, reply_markup=keyboard,
                                 do_quote=False)  # fmt: skip

    async def unsubscribe(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        t = texts_of(update)
        topic, chat = " ".join(context.args or []), update.effective_chat
        if chat is None or not topic.strip():
            await reply(update, [t.UNSUBSCRIBE_USAGE])
            return
        if not await may_change(update, context):
            await reply(update, [t.ADMINS_ONLY_TOPICS])
            return
        service = self.library.subscriptions
        try:
            found = await asyncio.to_thread(service.find, chat.id, topic)
            await asyncio.to_thread(service.remove, chat.id, found.id)
        except SubscriptionError as exc:
            await reply(update, [render.escape(exc.message)])
            return
        await reply(update, [t.UNSUBSCRIBED.format(topic=render.escape(found.query))])

    async def button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A topic's buttons: open it, change it, remove it, back to the list."""
        t = texts_of(update)
        query, chat = update.callback_query, update.effective_chat
        if query is None or chat is None or query.data is None:
            return
        action, sid = parse_callback(query.data)
        service = self.library.subscriptions
        if action not in ("open", "list") and not await may_change(update, context):
            await query.answer(t.ADMINS_ONLY_TOPICS, show_alert=True)
            return
        try:
            if action == "list":
                text, keyboard = render_subscriptions(
                    await asyncio.to_thread(service.list, chat.id), t
                )
            elif action == "remove":
                gone = await asyncio.to_thread(service.remove, chat.id, sid)
                text = t.UNSUBSCRIBED.format(topic=render.escape(gone.query))
                keyboard = render_subscriptions(await asyncio.to_thread(service.list, chat.id), t)[
                    1
                ]
            else:
                change = _ACTIONS.get(action, {})
                info = await asyncio.to_thread(service.update, chat.id, sid, **change)  # type: ignore[arg-type]
                text, keyboard = render_subscription(info, t)
        except (SubscriptionError, ValueError):
            await query.answer(t.TOPIC_GONE)
            return
        await query.answer()
        await edit(query, text, keyboard)

    async def resume_if_blocked(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        """A chat that blocked the bot writes again (or unblocks it): what the block paused
        resumes. Telegram's notice that the bot was blocked or removed pauses it at once."""
        chat = update.effective_chat
        if chat is None:
            return
        change = update.my_chat_member
        if change is not None and change.new_chat_member.status in _GONE:
            outbox = self.library.outbox
            reason = f"the bot was {change.new_chat_member.status} from the chat"
            await asyncio.to_thread(outbox.chat_blocked, chat.id, reason, self.jobs.clock())
            return
        user = update.effective_user
        language = user.language_code if user is not None else None
        await asyncio.to_thread(self.library.subscriptions.resume_blocked, chat.id, language)

    # -- digests and settings ------------------------------------------------------------

    async def digest(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat, words = update.effective_chat, " ".join(context.args or [])
        if chat is None:
            return
        first, _, rest = words.strip().partition(" ")
        period = parse_period(first)
        query = (rest if period is not None else words).strip() or None
        try:
            await asyncio.to_thread(
                self.library.digests.prepare, chat.id, now=self.jobs.clock(), period=period,
                query=query,
            )  # fmt: skip
        except ArticlebotError as exc:
            await reply(update, [render.escape(exc.message)])
            return
        self.jobs.wake(context)  # the digest is in the outbox: send it now

    async def digest_at(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        t = texts_of(update)
        chat, words = update.effective_chat, " ".join(context.args or [])
        if chat is None:
            return
        service = self.library.subscriptions
        if not words.strip():
            info = await asyncio.to_thread(service.chat, chat.id)
            if info.schedule is None or info.next_digest_at is None:
                await reply(update, [t.DIGEST_NOT_SCHEDULED])
                return
            when = local_time(info.next_digest_at, info.schedule.zone)
            text = t.DIGEST_SCHEDULE_IS.format(
                schedule=render.escape(info.schedule.describe()), next=render.escape(when)
            )
            await reply(update, [text])
            return
        if not await may_change(update, context):
            await reply(update, [t.ADMINS_ONLY_TOPICS])
            return
        try:
            schedule, upcoming = await asyncio.to_thread(
                service.schedule_digest, chat.id, words, self.jobs.clock()
            )
        except ArticlebotError as exc:
            await reply(update, [render.escape(exc.message)])
            return
        when = local_time(upcoming, schedule.zone)
        text = t.DIGEST_SCHEDULED.format(
            schedule=render.escape(schedule.describe()), next=render.escape(when)
        )
        await reply(update, [text])

    async def digest_off(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        t = texts_of(update)
        chat = update.effective_chat
        if chat is None:
            return
        if not await may_change(update, context):
            await reply(update, [t.ADMINS_ONLY_TOPICS])
            return
        was = await asyncio.to_thread(self.library.subscriptions.digest_off, chat.id)
        await reply(update, [t.DIGEST_OFF if was else t.DIGEST_WAS_OFF])

    async def quiet(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        t = texts_of(update)
        chat, args = update.effective_chat, context.args or []
        if chat is None or not args:
            await reply(update, [t.QUIET_USAGE])
            return
        if not await may_change(update, context):
            await reply(update, [t.ADMINS_ONLY_TOPICS])
            return
        last = args[-1]
        zone = last if len(args) > 1 and ("/" in last or last.upper() == "UTC") else None
        hours = " ".join(args[:-1] if zone else args)
        try:
            quiet = await asyncio.to_thread(
                self.library.subscriptions.set_quiet, chat.id, hours, zone
            )
            info = await asyncio.to_thread(self.library.subscriptions.chat, chat.id)
        except ArticlebotError as exc:
            await reply(update, [render.escape(exc.message)])
            return
        if quiet is None:
            await reply(update, [t.QUIET_OFF])
            return
        zone_name = render.escape(info.quiet_zone or "UTC")
        text = t.QUIET_SET.format(quiet=render.escape(quiet.describe()), zone=zone_name)
        await reply(update, [text])

    async def settings(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        chat = update.effective_chat
        if chat is None:
            return
        info = await asyncio.to_thread(self.library.subscriptions.chat, chat.id)
        await reply(update, render_settings(info, texts_of(update)))
