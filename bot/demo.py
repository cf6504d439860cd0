"""`articlebot demo`: the real bot, in-process, against the local Bot API stand-in."""

from __future__ import annotations

import asyncio
import io
import sys
from collections.abc import Sequence
from typing import TextIO

from telegram import Update
from telegram.ext import ContextTypes, TypeHandler

from articles.library import Library
from bot.app import build_application, polling
from bot.config import Settings
from standin import BotApiStandin, SentMessage

DEMO_CHAT_ID = 1001
# Runs after every other handler group, so when it fires the bot has sent all its replies.
DONE_GROUP = 1_000_000
REPLY_TIMEOUT = 60.0
EXIT_WORDS = frozenset({"/quit", "/exit", "quit", "exit"})


class DemoChat:
    """One private chat between a terminal user and the bot, message by message."""

    def __init__(self, standin: BotApiStandin, out: TextIO) -> None:
        self.standin = standin
        self.out = out
        self._handled: asyncio.Queue[int] = asyncio.Queue()
        self._seen = 0

    async def mark_handled(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.effective_message is not None:
            await self._handled.put(update.effective_message.message_id)

    async def say(self, text: str) -> list[SentMessage]:
        """Send `text` as the user; return every message the bot sent in reply."""
        message_id = self.standin.send_message_from_user(text, chat_id=DEMO_CHAT_ID)
        while (await asyncio.wait_for(self._handled.get(), REPLY_TIMEOUT)) != message_id:
            pass
        sent = self.standin.sent_messages(DEMO_CHAT_ID)
        replies, self._seen = sent[self._seen :], len(sent)
        return replies

    def show(self, text: str, replies: Sequence[SentMessage], echo: bool = True) -> None:
        if echo:
            print(f"you> {text}", file=self.out)
        if not replies:
            print("bot> (no reply)", file=self.out)
        for reply in replies:
            print("bot> " + reply.text.replace("\n", "\n     "), file=self.out)
        print(file=self.out, flush=True)


async def run_demo(
    settings: Settings,
    library: Library,
    say: Sequence[str] = (),
    out: TextIO | None = None,
    interactive: bool = True,
) -> None:
    """Chat with the bot: the `say` messages, then (if interactive) lines typed on stdin."""
    async with BotApiStandin() as standin:
        application = build_application(
            settings, library, token=standin.token, base_url=standin.base_url
        )
        # sys.stdout as it is now (not at import: tests and callers may have replaced it).
        chat = DemoChat(standin, out or sys.stdout)
        application.add_handler(TypeHandler(Update, chat.mark_handled), group=DONE_GROUP)
        async with polling(application):
            for text in say:
                chat.show(text, await chat.say(text))
            if interactive:
                await _interactive(chat)


async def _interactive(chat: DemoChat) -> None:
    print("Chat with articlebot. Type a question, /help, or /quit to leave.", file=chat.out)
    # Piped input (a script, a test) is echoed so the transcript reads like a chat.
    typed = sys.stdin.isatty()
    if isinstance(sys.stdin, io.TextIOWrapper):
        # Bytes that are not UTF-8 (a terminal in another charset) become "�", not a crash.
        sys.stdin.reconfigure(errors="replace")
    while True:
        try:
            line = await asyncio.to_thread(input, "you> " if typed else "")
        except EOFError:
            return
        text = line.strip()
        if text.lower() in EXIT_WORDS:
            return
        if not text:
            continue
        chat.show(text, await chat.say(text), echo=not typed)
