"""A strict local stand-in for the Telegram Bot API, for tests and ``articlebot demo``."""

from standin.methods import SentMessage
from standin.server import ApiCall, BotApiStandin
from standin.telegram_html import TelegramHTMLError, parse_telegram_html

__all__ = ["ApiCall", "BotApiStandin", "SentMessage", "TelegramHTMLError", "parse_telegram_html"]
