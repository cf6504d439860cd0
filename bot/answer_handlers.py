"""Questions and answers in chat and inline: parse → search → render → reply.

Private chats: any text is a question. Groups: /ask, a message that mentions the bot, and a
reply to one of the bot's messages; the rest is left alone. A question asked in reply to a
message of the bot (an answer, an alert, a digest) is answered from that message's articles.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections import deque
from collections.abc import Iterable
from datetime import UTC

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    Message,
    Update,
)
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from articles.answers import AnswerGone, AnswerInfo
from articles.errors import ArticlebotError
from articles.library import Library
from articles.search import SearchResult, confident
from bot import render
from bot.callbacks import edit, parse_callback
from bot.handlers import NO_PREVIEW, reply
from bot.i18n import ENGLISH, Catalog, texts_of
from bot.render_answer import header, render_answer_message, render_hit_block

HITS = 3
INLINE_HITS = 50
INLINE_CACHE_S = 30
INLINE_REST_CHARS = 600  # of the passage around the window, in an inline result
_NOT_WORDS = re.compile(r"[^\w\s]+")


class RateLimit:
    """At most `per_minute` questions (and inline queries) per user in any 60 seconds."""

    def __init__(self, per_minute: int = 20) -> None:
        self.per_minute = per_minute
        self._seen: dict[int, deque[float]] = {}

    def allow(self, user_id: int) -> bool:
        now = time.monotonic()
        seen = self._seen.setdefault(user_id, deque())
        while seen and now - seen[0] > 60:
            seen.popleft()
        if len(seen) >= self.per_minute:
            return False
        seen.append(now)
        return True


def small_talk(text: str, t: Catalog = ENGLISH) -> str | None:
    """The reply to a greeting or a thank-you (not a question), or None."""
    words = " ".join(_NOT_WORDS.sub(" ", text.casefold()).split())
    if words in t.GREETINGS:
        return t.GREETING
    if words in t.THANK_YOUS:
        return t.THANKS
    return None


def answer_keyboard(
    answer: AnswerInfo, result: SearchResult, t: Catalog = ENGLISH
) -> InlineKeyboardMarkup:
    rows = []
    if result.has_more:
        rows.append([InlineKeyboardButton(t.BUTTON_MORE, callback_data=f"ans:more:{answer.id}")])
    order = (t.BUTTON_RELEVANT, "relevant") if answer.newest_first else (t.BUTTON_NEWEST, "newest")
    rows.append(
        [
            InlineKeyboardButton(order[0], callback_data=f"ans:{order[1]}:{answer.id}"),
            InlineKeyboardButton(t.BUTTON_HELPFUL, callback_data=f"ans:up:{answer.id}"),
            InlineKeyboardButton(t.BUTTON_UNHELPFUL, callback_data=f"ans:down:{answer.id}"),
        ]
    )
    return InlineKeyboardMarkup(rows)


class AnswerHandlers:
    def __init__(
        self, library: Library, admin_ids: Iterable[int] = (), rate_limit: RateLimit | None = None
    ) -> None:
        self.library = library
        self.admin_ids = frozenset(admin_ids)
        self.limit = rate_limit or RateLimit()
        self.started = time.monotonic()

    # -- questions ---------------------------------------------------------------------------

    async def private_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is not None and message.text:
            await self.answer(update, context, message.text)

    async def ask(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        t = texts_of(update)
        question = " ".join(context.args or [])
        if not question.strip():
            await reply(update, [t.ASK_USAGE])
            return
        await self.answer(update, context, question)

    async def group_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A group message: a question if it mentions the bot or replies to it, else nothing."""
        message, bot = update.effective_message, context.bot
        if message is None or not message.text:
            return
        mention = f"@{bot.username}".casefold()
        replied = message.reply_to_message
        to_bot = (
            replied is not None and replied.from_user is not None and replied.from_user.id == bot.id
        )
        if mention not in message.text.casefold() and not to_bot:
            return  # privacy: the group talks among itself
        question = re.sub(re.escape(mention), " ", message.text, flags=re.IGNORECASE)
        if question.strip():
            await self.answer(update, context, question)

    async def answer(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, question: str
    ) -> None:
        message, chat, user = update.effective_message, update.effective_chat, update.effective_user
        if message is None or chat is None:
            return
        t = texts_of(update)
        if user is not None and not self.limit.allow(user.id):
            await reply(update, [t.SLOW_DOWN])
            return
        if (chatter := small_talk(question, t)) is not None:
            await reply(update, [chatter])
            return
        within = await self._within(message, context)
        try:
            result = await asyncio.to_thread(self.library.search, question, HITS, within=within)
        except ArticlebotError as exc:
            await reply(update, [render.escape(exc.message)])
            return
        if not confident(result):
            await reply(update, [await self._no_answer(result, within is not None, t)])
            return
        answer = await asyncio.to_thread(
            self.library.answers.record,
            chat.id,
            user.id if user else None,
            result.query,
            within=within,
            found=len(result.hits),
        )
        sent = await message.reply_text(
            render_answer_message(result, within=within is not None, t=t),
            parse_mode=ParseMode.HTML,
            reply_markup=answer_keyboard(answer, result, t),
            link_preview_options=NO_PREVIEW,
            do_quote=False,
        )
        await asyncio.to_thread(
            self.library.answers.note_message,
            chat.id,
            sent.message_id,
            [hit.article_id for hit in result.hits],
        )

    async def _within(
        self, message: Message, context: ContextTypes.DEFAULT_TYPE
    ) -> tuple[int, ...] | None:
        replied = message.reply_to_message
        if replied is None or replied.from_user is None or replied.from_user.id != context.bot.id:
            return None
        return await asyncio.to_thread(
            self.library.answers.message_articles, message.chat_id, replied.message_id
        )

    async def _no_answer(self, result: SearchResult, within: bool, t: Catalog) -> str:
        query = render.escape(render.shorten(result.query, 60))
        lines = [(t.NO_ANSWER_WITHIN if within else t.NO_ANSWER).format(query=query)]
        suggestions = await asyncio.to_thread(self.library.searcher.suggest, result.query)
        if suggestions:
            words = render.escape(", ".join(render.shorten(w, 40) for w in suggestions))
            lines.append(t.NO_ANSWER_SPELLING.format(words=words))
        else:
            lines.append(t.NO_ANSWER_TRY)
            sources = await asyncio.to_thread(self.library.sources, 5)
            if sources:
                names = ", ".join(render.shorten(s.name, 40) for s in sources)
                lines.append(t.NO_ANSWER_SOURCES.format(sources=render.escape(names)))
        return "\n".join(lines)

    # -- the answer's buttons ------------------------------------------------------------------

    async def button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        t = texts_of(update)
        query, chat = update.callback_query, update.effective_chat
        if query is None or chat is None or query.data is None:
            return
        action, answer_id = parse_callback(query.data)
        answers = self.library.answers
        try:
            answer = await asyncio.to_thread(answers.get, chat.id, answer_id)
        except AnswerGone:
            await query.answer(t.ANSWER_GONE)
            return
        if answer.user_id is not None and query.from_user.id != answer.user_id:
            await query.answer(t.NOT_YOUR_ANSWER, show_alert=True)
            return
        if action in ("up", "down"):
            await asyncio.to_thread(
                answers.update, chat.id, answer.id, feedback=1 if action == "up" else -1
            )
            await query.answer(t.FEEDBACK_THANKS)
            return
        if action == "more":
            answer = await asyncio.to_thread(
                answers.update, chat.id, answer.id, offset=answer.offset + HITS
            )
        elif action in ("newest", "relevant"):
            answer = await asyncio.to_thread(
                answers.update, chat.id, answer.id, offset=0, newest_first=action == "newest"
            )
        else:
            await query.answer()
            return
        result = await asyncio.to_thread(
            self.library.search,
            answer.query,
            HITS,
            offset=answer.offset,
            within=answer.within,
            newest_first=answer.newest_first,
        )
        if not result.hits:
            await query.answer(t.NO_MORE)
            return
        await query.answer()
        text = render_answer_message(
            result, within=answer.within is not None, newest_first=answer.newest_first, t=t
        )
        await edit(query, text, answer_keyboard(answer, result, t))
        if query.message is not None:
            await asyncio.to_thread(
                answers.note_message,
                chat.id,
                query.message.message_id,
                [hit.article_id for hit in result.hits],
            )

    # -- inline mode -----------------------------------------------------------------------------

    async def inline(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        """`@bot query` anywhere: up to 50 results a page (next_offset pages on); an empty
        query shows the newest articles."""
        query = update.inline_query
        if query is None:
            return
        t = texts_of(update)
        if not self.limit.allow(query.from_user.id):  # said on the button above the results
            button = InlineQueryResultsButton(t.INLINE_SLOW_DOWN, start_parameter="slow_down")
            await query.answer([], cache_time=5, is_personal=True, button=button)
            return
        offset = int(query.offset) if query.offset.isdigit() and len(query.offset) < 6 else 0
        results: list[InlineQueryResultArticle] = []
        more = False
        if not query.query.strip():
            newest = await asyncio.to_thread(self.library.newest, INLINE_HITS + 1, offset)
            more = len(newest) > INLINE_HITS
            for article in newest[:INLINE_HITS]:
                title = render.escape(render.shorten(article.title, 200))
                opening = render.escape(render.shorten(article.opening, 500))
                content = f"<b>{title}</b>\n{opening}\n{render.escape(article.url)}"
                results.append(
                    InlineQueryResultArticle(
                        id=f"a{article.id}",
                        title=render.shorten(article.title, 100) or "…",
                        description=render.shorten(article.opening, 120),
                        input_message_content=InputTextMessageContent(
                            content, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW
                        ),
                    )
                )
        else:
            try:
                result = await asyncio.to_thread(
                    self.library.search, query.query, INLINE_HITS, offset=offset
                )
            except ArticlebotError:  # only common words, say: the button leads to the chat
                result = None
            if result is not None and result.hits:
                more = result.has_more
                head = header(result, t=t)
                for hit in result.hits:
                    block = render_hit_block(hit, INLINE_REST_CHARS)
                    results.append(
                        InlineQueryResultArticle(
                            id=f"p{hit.passage_id}",
                            title=render.shorten(hit.title, 100) or "…",
                            description=render.shorten(hit.window or hit.excerpt, 120),
                            input_message_content=InputTextMessageContent(
                                f"{head}\n\n{block}",
                                parse_mode=ParseMode.HTML,
                                link_preview_options=NO_PREVIEW,
                            ),
                        )
                    )
        next_offset = str(offset + len(results)) if more else ""
        nothing = None
        if not results and not offset:  # an empty list would say nothing at all
            nothing = InlineQueryResultsButton(t.INLINE_NOTHING, start_parameter="inline")
        await query.answer(
            results, cache_time=INLINE_CACHE_S, next_offset=next_offset, button=nothing
        )

    # -- what the bot knows ---------------------------------------------------------------------

    async def sources(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        t = texts_of(update)
        stats = await asyncio.to_thread(self.library.stats)
        found = await asyncio.to_thread(self.library.sources, 30)
        if not found:
            await reply(update, [t.NO_SOURCES])
            return
        lines = [t.SOURCES_HEADER.format(articles=stats.articles, passages=stats.passages)]
        lines += [
            t.SOURCES_LINE.format(
                name=render.escape(render.shorten(s.name, 80)),
                count=s.articles,
                newest=render.when(s.newest.replace(tzinfo=s.newest.tzinfo or UTC)),
            )
            for s in found
        ]
        await reply(update, render.pack_messages(lines, "\n"))

    async def stats(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        t = texts_of(update)
        user = update.effective_user
        if user is None or user.id not in self.admin_ids:
            await reply(update, [t.STATS_NOT_ALLOWED])
            return
        stats = await asyncio.to_thread(self.library.stats)
        answers = await asyncio.to_thread(self.library.answers.stats)
        topics = await asyncio.to_thread(self.library.subscriptions.count)
        uptime = int(time.monotonic() - self.started)
        text = t.STATS.format(
            articles=stats.articles,
            passages=stats.passages,
            indexed=len(self.library.index),
            answers=answers.answers,
            helpful=answers.helpful,
            unhelpful=answers.unhelpful,
            topics=topics,
            uptime=f"{uptime // 3600} h {uptime % 3600 // 60} min",
        )
        await reply(update, [text])
