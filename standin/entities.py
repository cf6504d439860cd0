"""Entities Telegram finds in a user's text by itself (tdlib ``find_entities``), as far as the
stand-in needs them: mentions. Offsets and lengths count UTF-16 code units, like the Bot API."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from standin.telegram_html import utf16_len

__all__ = ["find_mentions"]

_AT_RUN = re.compile(r"@([A-Za-z0-9_]*)")
# tdlib get_valid_short_usernames: the only usernames under 4 characters that still mention.
_SHORT_USERNAMES = frozenset({"gif", "vid", "pic"})


def _is_word(ch: str) -> bool:
    """tdlib is_word_character: a letter, a number or "_"."""
    return ch == "_" or unicodedata.category(ch)[0] in "LN"


def find_mentions(text: str) -> list[dict[str, Any]]:
    """``mention`` entities after tdlib's match_mentions + find_mentions: "@" not after a word
    character, then 2-32 of [A-Za-z0-9_] not followed by a word character; a name shorter
    than 4 only if it is one of Telegram's short bot usernames. So ``ada@example.com`` and
    ``/start@bot`` hold no mention, and ``@articlebot_demo_bot,`` does."""
    found: list[dict[str, Any]] = []
    for match in _AT_RUN.finditer(text):
        start, end, name = match.start(), match.end(), match.group(1)
        if start > 0 and _is_word(text[start - 1]):
            continue
        if not 2 <= len(name) <= 32 or (end < len(text) and _is_word(text[end])):
            continue
        if len(name) < 4 and name.lower() not in _SHORT_USERNAMES:
            continue
        found.append({"type": "mention", "offset": utf16_len(text[:start]), "length": end - start})
    return found
