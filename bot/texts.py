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
    ("subscribe", "Get an alert for each new article on a topic, e.g. /subscribe crude oil"),
    ("subscriptions", "Your topics, with buttons to pause, change or remove them"),
    ("unsubscribe", "Stop a topic, e.g. /unsubscribe crude oil"),
    ("digest", "What is new since your last digest, e.g. /digest, /digest 7d, /digest coffee"),
    ("digest_at", "Schedule the digest, e.g. /digest_at 08:00 Europe/Berlin weekdays"),
    ("digest_off", "Stop the scheduled digest"),
    ("quiet", "Hold alerts during quiet hours, e.g. /quiet 22:00-07:00 (or /quiet off)"),
    ("settings", "This chat's digest schedule, quiet hours and topics"),
    ("sources", "The sites and folders the library holds"),
    ("stats", "Library and answer statistics (admins)"),
)

START = (
    "Hi! I answer questions from the articles in my library.\n\n"
    "Just type a question, for example:\n"
    "<i>When was the China-North Korea treaty signed?</i>\n\n"
    "I reply with the best passages, your words in <b>bold</b>, each with its article and "
    "source. In groups use /ask followed by the question.\n\n"
    "I can also tell you of new articles on a topic (<code>/subscribe crude oil</code>) and "
    "send a digest of what is new (<code>/digest</code>, or daily with "
    "<code>/digest_at 08:00 Europe/Berlin</code>). /help lists everything."
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
    "\n\n<b>Topics and digests</b>\n"
    "<code>/subscribe crude oil</code> an alert for each new article on it (best matches "
    "only; /subscriptions to change that, pause or remove it); topics take the same operators.\n"
    "<code>/digest</code> what is new since your last one; <code>/digest_at 08:00 "
    "Europe/Berlin weekdays</code> every weekday at 08:00 your time; <code>/quiet "
    "22:00-07:00</code> no alerts at night."
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

# Topic alerts and digests.
SUBSCRIBE_USAGE = (
    "Name the topic after the command, e.g. <code>/subscribe crude oil</code>. The same "
    "operators as questions work: "
    '<code>/subscribe "interest rates" -mortgage site:reuters.com</code>'
)
SUBSCRIBED = (
    "🔔 Subscribed to <b>{topic}</b>: best matches only, as they arrive. "
    "Articles stored from now on are matched; /subscriptions changes it."
)
ALREADY_SUBSCRIBED = "This chat already follows <b>{topic}</b>; /subscriptions changes it."
UNSUBSCRIBE_USAGE = (
    "Name the topic after the command, e.g. <code>/unsubscribe crude oil</code>, "
    "or remove it with its button in /subscriptions."
)
UNSUBSCRIBED = "🔕 Removed <b>{topic}</b>."
NO_SUBSCRIPTIONS = "No topics yet. Follow one with <code>/subscribe TOPIC</code>."
SUBSCRIPTIONS_HEADER = (
    "<b>Your topics ({count})</b>\nTap one to pause, resume, change or remove it."
)
ADMINS_ONLY_TOPICS = "In groups only the group's admins can change its topics and settings."
SENSITIVITY = {"best": "best matches only", "all": "everything that matches"}
DELIVERY = {"instant": "as they arrive", "digest": "in the digest"}
PAUSED = {"user": " · ⏸ paused", "blocked": " · ⏸ paused (the bot could not reach this chat)"}
BUTTON_PAUSE = "⏸ Pause"
BUTTON_RESUME = "▶️ Resume"
BUTTON_REMOVE = "🗑 Remove"
BUTTON_BACK = "« All topics"
BUTTON_SET = {
    "best": "Best matches only",
    "all": "Everything that matches",
    "instant": "Alert as they arrive",
    "digest": "Collect into the digest",
}
TOPIC_GONE = "That topic is gone."
DIGEST_HEADER = "📰 <b>Digest</b>: {count} new {articles} since {since}"
DIGEST_NOTHING = "📰 Nothing new since {since}."
DIGEST_MORE = "…and {more} more: /digest again for the next ones, or narrow it with a topic."
DIGEST_AT_USAGE = (
    "Say when, in your time zone: <code>/digest_at 08:00 Europe/Berlin</code>, "
    "optionally with days: <code>weekdays</code>, <code>weekends</code> or "
    "<code>mon,wed,fri</code>. /digest_off stops it."
)
DIGEST_SCHEDULED = "🗓 Digest scheduled: {schedule}. The next one: {next}."
DIGEST_NOT_SCHEDULED = "No digest is scheduled. " + DIGEST_AT_USAGE
DIGEST_SCHEDULE_IS = "🗓 Your digest: {schedule}. The next one: {next}."
DIGEST_OFF = "The scheduled digest is off. /digest still sends one when you ask."
DIGEST_WAS_OFF = "No digest was scheduled."
QUIET_USAGE = (
    "Give the hours, e.g. <code>/quiet 22:00-07:00</code> (in the digest's time zone, or add "
    "one: <code>/quiet 22:00-07:00 Europe/Berlin</code>); <code>/quiet off</code> ends them."
)
QUIET_SET = "🌙 Quiet hours {quiet} ({zone}): alerts wait until they end."
QUIET_OFF = "Quiet hours are off: alerts arrive as they come."
SETTINGS_HEADER = "<b>This chat's settings</b>"
SETTINGS_DIGEST = "Digest: {schedule}"
SETTINGS_NEXT = " (next: {when})"
SETTINGS_NO_DIGEST = "Digest: not scheduled (/digest_at)"
SETTINGS_QUIET = "Quiet hours: {quiet} {zone}"
SETTINGS_NO_QUIET = "Quiet hours: none (/quiet)"
SETTINGS_TOPICS = "Topics:"
SETTINGS_NO_TOPICS = "Topics: none (/subscribe)"

# Answers (bot/render_answer.py, bot/answer_handlers.py).
ANSWER_HEADER = "🔎 <i>{query}</i>"
ANSWER_WITHIN = "🔎 <i>{query}</i>, in the articles of the message you replied to"
ANSWER_NEWEST = " · newest first"
ANSWER_PAGE = " · from result {first}"
ANSWER_TRUNCATED = "<i>(Your message is long; I searched with its first {words} words.)</i>"
NO_ANSWER = "Nothing good matched <i>{query}</i>."
NO_ANSWER_WITHIN = "Nothing in the articles of that message matches <i>{query}</i>."
NO_ANSWER_SPELLING = "Did you mean <b>{words}</b>?"
NO_ANSWER_TRY = "Try other words (names, places, numbers), or fewer of them."
NO_ANSWER_SOURCES = "I know articles from: {sources}."
GREETING = "Hello! Ask me anything about the articles I know, e.g. <i>Who won Super Bowl 50?</i>"
THANKS = "You're welcome! Ask again any time."
SLOW_DOWN = "You are asking faster than I can answer well; please wait a few seconds."
BUTTON_MORE = "More results ›"
BUTTON_NEWEST = "🕒 Newest first"
BUTTON_RELEVANT = "⭐ Most relevant"
BUTTON_HELPFUL = "👍"
BUTTON_UNHELPFUL = "👎"
FEEDBACK_THANKS = "Thanks for the feedback!"
NOT_YOUR_ANSWER = "These buttons belong to whoever asked; ask your own question."
ANSWER_GONE = "That answer is gone; ask again."
NO_MORE = "No more results."
SOURCES_HEADER = "<b>What I know</b> ({articles} articles, {passages} passages)"
SOURCES_LINE = "• {name}: {count} (newest {newest})"
NO_SOURCES = "No articles yet."
STATS = (
    "<b>Statistics</b>\n"
    "Articles: {articles}\nPassages: {passages}\nIndexed passages: {indexed}\n"
    "Questions answered: {answers}\nFeedback: 👍 {helpful} · 👎 {unhelpful}\n"
    "Topics: {topics}\nUp for: {uptime}"
)
STATS_NOT_ALLOWED = "Only the bot's admins see its statistics."
INLINE_SLOW_DOWN = "Too many searches: wait a few seconds"
INLINE_NOTHING = "Nothing good matched: tap to ask me in chat"
# Words that greet or thank rather than ask (compared in lower case, without punctuation).
GREETINGS = frozenset(
    {"hi", "hello", "hey", "hiya", "good morning", "good evening", "good afternoon", "yo",
     "hallo", "привет", "здравствуйте", "добрый день"}
)  # fmt: skip
THANK_YOUS = frozenset(
    {"thanks", "thank you", "thank you very much", "thx", "ty", "cheers", "great thanks",
     "спасибо", "danke"}
)  # fmt: skip

# /add and the feeds (bot/render.py).
ADDED_STATUS = {
    "added": "✅ Added",
    "updated": "🔄 Updated",
    "duplicate": "☑️ Already in the library",
}
ADDED_LINE = "{status}: {link} ({passages} passages)"
ADD_FAILED = "❌ Not added: {error}"
UNKNOWN_ERROR = "unknown error"
FEED_LINE = "{id}. {link}: {entries} entries; last success {success}, next poll {next}"
FEED_FAILING = "; failing ({failures} in a row): {error}"
FEED_ADDED = (
    "✅ Following feed {id}: {link}\n{added} articles indexed now (searchable at once; they are "
    "not announced), {duplicate} already stored, {failed} entries failed."
)
FEED_RECOVERED = "✅ Feed {id} works again: {url}"
FEED_FAILING_REPORT = (
    "⚠️ Feed {id} failed several polls in a row: {url}\n{error}\n"
    "It is polled less often until it works again; nothing is removed."
)
