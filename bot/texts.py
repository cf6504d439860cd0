"""Every user-facing string of the bot, in one place (HTML where it is sent as HTML)."""

from __future__ import annotations

# (command, description) pairs: registered with set_my_commands and listed by /help.
COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", "What this bot does"),
    ("help", "How to ask, with examples"),
    ("ask", "Ask a question, e.g. /ask When was the treaty signed?"),
    ("add", "Add a web page to the library, e.g. /add https://example.com/story"),
    ("feeds", "The feeds the bot follows (admins)"),
    ("feed_add", "Follow a feed, e.g. /feed_add https://example.com/feed.xml (admins)"),
    ("feed_remove", "Stop following a feed, e.g. /feed_remove 3 (admins)"),
)

START = (
    "Hi! I answer questions from the articles in my library.\n\n"
    "Just type a question, for example:\n"
    "<i>When was the China-North Korea treaty signed?</i>\n\n"
    "I reply with the best passages, your words in <b>bold</b>, each with its article and "
    "source. In groups use /ask followed by the question. /help lists everything."
)

HELP_HEADER = "<b>How to ask</b>\nType a question in this chat, or use /ask in a group.\n"
HELP_EXAMPLES = (
    "\n<b>Examples</b>\n"
    "• When was the China-North Korea treaty signed?\n"
    "• /ask Who won Super Bowl 50?\n"
    "\nI search words, not meanings: names, places and numbers work best."
    "\n\n<b>Narrowing a search</b>\n"
    '<code>"exact phrase"</code> words in this order\n'
    "<code>-word</code> leave out passages with it\n"
    "<code>a OR b</code> either one\n"
    "<code>site:example.com</code> only that site\n"
    "<code>since:2024-01-31</code>, <code>since:7d</code>, <code>before:2025</code> by date"
)

ASK_USAGE = "Put your question after the command, e.g. <code>/ask Who signed the treaty?</code>"
ADD_MAX = 5  # links per /add: each is fetched while the user waits
ADD_USAGE = (
    "Put the link of an article page after the command, e.g. "
    f"<code>/add https://example.com/news/story.html</code> (up to {ADD_MAX} links)."
)
ADD_SKIPPED = "⏭ {skipped} more links were not added (up to {limit} per /add): send them again."
ADD_NOT_ALLOWED = (
    "Only the bot's admins can add pages here. Ask one of them, or send your question instead."
)
FEEDS_NOT_ALLOWED = "Only the bot's admins manage its feeds."
FEED_ADD_USAGE = (
    "Put the address of a feed (or of a site that names its feed) after the command, e.g. "
    "<code>/feed_add https://example.com/feed.xml</code>"
)
FEED_REMOVE_USAGE = (
    "Put the feed's number (from /feeds) after the command, e.g. <code>/feed_remove 3</code>"
)
NO_FEEDS = "No feeds yet. Follow one with <code>/feed_add URL</code>."
UNKNOWN_COMMAND = "I don't know that command. /help lists what I can do."
NON_TEXT = "I can only read text. Type your question as a message."
SOMETHING_WENT_WRONG = (
    "Sorry, something went wrong on my side while answering. It has been logged; "
    "please try again in a moment."
)

# The report each admin (ARTICLEBOT_ADMIN_IDS) gets when handling an update fails.
ERROR_REPORT_HEADER = "⚠️ <b>articlebot: error while handling an update</b>"
ERROR_REPORT_NO_UPDATE = "Not while handling a message (no update)."
ERROR_REPORT_FOOTER = "<i>The traceback is in the bot's log.</i>"
