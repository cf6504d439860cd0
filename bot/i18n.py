"""The user's catalogue of texts: Russian for Russian speakers, English for everyone else.

The rule: a Telegram `language_code` (an IETF tag such as "ru", "ru-RU", "en-GB") whose primary
subtag is "ru" gets bot/texts_ru.py; any other code, or none (channels, some clients), gets
bot/texts.py. Ukrainian, Belarusian and Kazakh users are not assumed to prefer Russian: they
read the English one. A catalogue is a module; `Catalog` types it, so mypy checks that both
modules hold every name with its type and that callers only use names that exist.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Protocol

from bot import texts, texts_ru

DEFAULT_LANGUAGE = "en"


class Catalog(Protocol):
    """What bot/texts.py and bot/texts_ru.py both hold (tests/test_i18n.py keeps it whole)."""

    COMMANDS: tuple[tuple[str, str], ...]
    START: str
    HELP_HEADER: str
    HELP_EXAMPLES: str
    ASK_USAGE: str
    ADD_MAX: int
    ADD_USAGE: str
    ADD_SKIPPED: str
    ADD_NOT_ALLOWED: str
    FEEDS_NOT_ALLOWED: str
    FEED_ADD_USAGE: str
    FEED_REMOVE_USAGE: str
    NO_FEEDS: str
    UNKNOWN_COMMAND: str
    NON_TEXT: str
    SOMETHING_WENT_WRONG: str
    ERROR_REPORT_HEADER: str
    ERROR_REPORT_NO_UPDATE: str
    ERROR_REPORT_FOOTER: str
    SUBSCRIBE_USAGE: str
    SUBSCRIBED: str
    ALREADY_SUBSCRIBED: str
    UNSUBSCRIBE_USAGE: str
    UNSUBSCRIBED: str
    NO_SUBSCRIPTIONS: str
    SUBSCRIPTIONS_HEADER: str
    ADMINS_ONLY_TOPICS: str
    SENSITIVITY: dict[str, str]
    DELIVERY: dict[str, str]
    PAUSED: dict[str, str]
    BUTTON_PAUSE: str
    BUTTON_RESUME: str
    BUTTON_REMOVE: str
    BUTTON_BACK: str
    BUTTON_SET: dict[str, str]
    TOPIC_GONE: str
    DIGEST_HEADER: str
    DIGEST_NOTHING: str
    DIGEST_MORE: str
    DIGEST_AT_USAGE: str
    DIGEST_SCHEDULED: str
    DIGEST_NOT_SCHEDULED: str
    DIGEST_SCHEDULE_IS: str
    DIGEST_OFF: str
    DIGEST_WAS_OFF: str
    QUIET_USAGE: str
    QUIET_SET: str
    QUIET_OFF: str
    SETTINGS_HEADER: str
    SETTINGS_DIGEST: str
    SETTINGS_NEXT: str
    SETTINGS_NO_DIGEST: str
    SETTINGS_QUIET: str
    SETTINGS_NO_QUIET: str
    SETTINGS_TOPICS: str
    SETTINGS_NO_TOPICS: str
    ANSWER_HEADER: str
    ANSWER_WITHIN: str
    ANSWER_NEWEST: str
    ANSWER_PAGE: str
    ANSWER_TRUNCATED: str
    NO_ANSWER: str
    NO_ANSWER_WITHIN: str
    NO_ANSWER_SPELLING: str
    NO_ANSWER_TRY: str
    NO_ANSWER_SOURCES: str
    GREETING: str
    THANKS: str
    SLOW_DOWN: str
    BUTTON_MORE: str
    BUTTON_NEWEST: str
    BUTTON_RELEVANT: str
    BUTTON_HELPFUL: str
    BUTTON_UNHELPFUL: str
    FEEDBACK_THANKS: str
    NOT_YOUR_ANSWER: str
    ANSWER_GONE: str
    NO_MORE: str
    SOURCES_HEADER: str
    SOURCES_LINE: str
    NO_SOURCES: str
    STATS: str
    STATS_NOT_ALLOWED: str
    INLINE_SLOW_DOWN: str
    ADDED_STATUS: dict[str, str]
    ADDED_LINE: str
    ADD_FAILED: str
    UNKNOWN_ERROR: str
    FEED_LINE: str
    FEED_FAILING: str
    FEED_ADDED: str
    FEED_RECOVERED: str
    FEED_FAILING_REPORT: str
    INLINE_NOTHING: str
    GREETINGS: frozenset[str]
    THANK_YOUS: frozenset[str]


# Language (primary subtag) → catalogue; also what set_my_commands registers per language.
CATALOGS: Mapping[str, Catalog] = MappingProxyType({"en": texts, "ru": texts_ru})
ENGLISH: Catalog = texts


def language_of(language_code: str | None) -> str:
    """The catalogue language for a Telegram language_code: "ru" for ru and ru-*, else "en"."""
    primary = (language_code or "").strip().lower().replace("_", "-").split("-")[0]
    return primary if primary in CATALOGS else DEFAULT_LANGUAGE


def texts_for(language_code: str | None) -> Catalog:
    """The catalogue for a user's Telegram language_code (None and unknown codes: English)."""
    return CATALOGS[language_of(language_code)]


def texts_of(update: object) -> Catalog:
    """The catalogue of the user an update comes from (English when it has none)."""
    user = getattr(update, "effective_user", None)
    return texts_for(getattr(user, "language_code", None))
