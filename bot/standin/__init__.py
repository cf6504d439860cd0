"""A strict local stand-in for the Telegram Bot API, for tests and ``articlebot demo``."""

from bot.standin.methods import SentMessage
from bot.standin.server import ApiCall, BotApiStandin
from bot.standin.telegram_html import TelegramHTMLError, parse_telegram_html

__all__ = ["ApiCall", "BotApiStandin", "SentMessage", "TelegramHTMLError", "parse_telegram_html"]
