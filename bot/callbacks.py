"""Button presses: the callback data's shape and the edit they end in, for every kind of button."""

from __future__ import annotations

from telegram import CallbackQuery, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.handlers import NO_PREVIEW


def parse_callback(data: str) -> tuple[str, int]:
    """`<kind>:<action>:<id>` as (action, id). Data is the user's to forge: an id that is not
    a small positive number is -1, which no row has."""
    _, action, number = [*data.split(":"), "", ""][:3]
    return action, int(number) if number.isdigit() and len(number) <= 10 else -1


async def edit(query: CallbackQuery, text: str, keyboard: InlineKeyboardMarkup | None) -> None:
    """Show `text` in the pressed button's message; a double tap that changes nothing is fine
    (Telegram answers "message is not modified")."""
    try:
        await query.edit_message_text(
            text, parse_mode=ParseMode.HTML, reply_markup=keyboard, link_preview_options=NO_PREVIEW
        )
    except BadRequest as exc:
        if "not modified" not in exc.message.lower():
            raise
