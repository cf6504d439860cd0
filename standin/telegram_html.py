"""Telegram's parse_mode=HTML, re-implemented after tdlib's ``parse_html``.

The walk mirrors tdlib (``td/telegram/MessageEntity.cpp``) byte for byte, because what matters
here is failing exactly where Telegram fails, with the same text: it runs over the UTF-8 bytes
(error offsets are UTF-8 byte offsets) and treats the end of input like C's terminating NUL.
Entity offsets and lengths are counted in UTF-16 code units, like the Bot API.

Known approximations (documented so nobody mistakes them for Telegram's behaviour):
- ``<tg-time>`` is newer than the tdlib source read; it is accepted with ``unix``/``format``
  attributes and yields a ``date_time`` entity, and a missing/invalid ``unix`` is reported with a
  message labelled ``stand-in:``.
- ``<a href>`` URLs are checked loosely (tdlib's ``LinkManager::get_checked_link`` is bigger):
  a bare host gets ``http://`` and an http(s) URL without a path gets ``/``; a URL with spaces
  or without a dotted host drops the entity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

__all__ = ["TelegramHTMLError", "parse_telegram_html", "utf16_len"]

_ALLOWED_TAGS = frozenset(
    {
        "a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins", "tg-spoiler",
        "tg-emoji", "tg-time", "span", "pre", "code", "blockquote",
    }
)  # fmt: skip
_SIMPLE_TYPES = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline",
    "ins": "underline", "s": "strikethrough", "strike": "strikethrough",
    "del": "strikethrough", "tg-spoiler": "spoiler", "span": "spoiler",
}  # fmt: skip
# tdlib's MessageEntity::get_type_priority: ties (same offset and length) sort by it.
_PRIORITY = {
    "bold": 90, "italic": 91, "code": 20, "pre": 11, "text_link": 49, "text_mention": 49,
    "underline": 92, "strikethrough": 93, "blockquote": 0, "spoiler": 94, "custom_emoji": 99,
    "expandable_blockquote": 0, "date_time": 50,
}  # fmt: skip
_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_TG_USER_RE = re.compile(r"^tg://user\?id=(\d{1,19})$", re.IGNORECASE)
_SPACE = frozenset(b" \t\r\n\v\f\0")  # td::is_space, which also counts the terminating NUL


class TelegramHTMLError(ValueError):
    """An HTML parse error; ``message`` is tdlib's text without "Can't parse entities: "."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class _Open:
    tag: str
    argument: str
    utf16_offset: int
    result_pos: int  # index into the decoded output, for <a> without href
    attrs: dict[str, str]


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units (what Telegram's entity offsets count)."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def _decode_entity(data: bytes, pos: int) -> tuple[int, int]:
    """tdlib ``decode_html_entity``: (code point, new position) or (0, pos) if not an entity."""
    n = len(data)

    def at(k: int) -> int:
        return data[k] if k < n else 0

    end = pos + 1
    code = 0
    if at(pos + 1) == ord("#"):
        end += 1
        if at(pos + 2) == ord("x"):  # only lower-case x, as in tdlib
            end += 1
            while chr(at(end)) in "0123456789abcdefABCDEF" and at(end):
                code = code * 16 + int(chr(at(end)), 16)
                end += 1
        else:
            while ord("0") <= at(end) <= ord("9"):
                code = code * 10 + at(end) - ord("0")
                end += 1
        if code == 0 or code >= 0x10FFFF or end - pos >= 10:
            return 0, pos
    else:
        while chr(at(end)).isascii() and chr(at(end)).isalpha():
            end += 1
        code = {b"lt": 0x3C, b"gt": 0x3E, b"amp": 0x26, b"quot": 0x22}.get(data[pos + 1 : end], 0)
        if code == 0:
            return 0, pos
    return code, end + 1 if at(end) == ord(";") else end


def _checked_link(url: str) -> str | None:
    """Loose stand-in for tdlib's get_checked_link: None means "drop the entity"."""
    if not url or any(ch.isspace() for ch in url):
        return None
    if not _SCHEME_RE.match(url):
        if "." not in url.split("/", 1)[0].split("?", 1)[0]:
            return None
        url = "http://" + url
    parts = urlsplit(url)
    if parts.scheme.lower() in ("http", "https") and not parts.path:
        # tdlib normalises "telegram.org?x" to "http://telegram.org/?x"
        url = urlunsplit(parts._replace(path="/"))
    return url


def parse_telegram_html(text: str) -> tuple[str, list[dict[str, Any]]]:
    """Parse Telegram HTML into (plain text, Bot API entities) or raise TelegramHTMLError."""
    data = text.encode("utf-8", "surrogatepass")
    n = len(data)

    def at(k: int) -> int:
        return data[k] if k < n else 0

    out: list[str] = []
    utf16 = 0
    bad_surrogate = False
    entities: list[dict[str, Any]] = []
    stack: list[_Open] = []
    i = 0
    plain_start = 0  # start of the pending run of literal bytes, decoded in one go

    def flush(upto: int) -> None:
        if upto > plain_start:
            out.append(data[plain_start:upto].decode("utf-8", "surrogatepass"))

    while i < n:
        c = data[i]
        if c == ord("&"):
            code, new_i = _decode_entity(data, i)
            if code:
                flush(i)
                utf16 += 2 if code > 0xFFFF else 1
                bad_surrogate |= 0xD800 <= code <= 0xDFFF
                out.append(chr(code))
                i = plain_start = new_i
                continue
        if c != ord("<"):
            if c & 0xC0 != 0x80:  # first byte of a UTF-8 character
                utf16 += 2 if c >= 0xF0 else 1
            i += 1
            continue
        flush(i)
        begin = i
        i += 1
        if at(i) != ord("/"):
            i = _parse_start_tag(data, begin, i, stack, utf16, sum(map(len, out)))
        else:
            i = _parse_end_tag(data, begin, i, stack, entities, utf16, out)
        plain_start = i
    flush(n)
    if stack:
        raise TelegramHTMLError(f'Can\'t find end tag corresponding to start tag "{stack[-1].tag}"')
    if bad_surrogate:
        raise TelegramHTMLError(
            "Text contains invalid Unicode characters after decoding HTML entities, "
            "check for unmatched surrogate code units"
        )
    for entity in entities:  # a language is only kept on pre>code
        if entity["type"] == "code":
            entity.pop("language", None)
    entities.sort(key=lambda e: (e["offset"], -e["length"], _PRIORITY.get(e["type"], 50)))
    return "".join(out), entities


def _parse_start_tag(
    data: bytes, begin: int, i: int, stack: list[_Open], utf16: int, out_len: int
) -> int:
    """Parse ``<name attr=value ...>`` from ``data[begin]``; return the index after ``>``."""
    n = len(data)

    def at(k: int) -> int:
        return data[k] if k < n else 0

    while at(i) not in _SPACE and at(i) != ord(">"):
        i += 1
    if at(i) == 0:
        raise TelegramHTMLError(f"Unclosed start tag at byte offset {begin}")
    # bytes.lower() is ASCII-only, like td::to_lower, so "<Ä>" reports "Ä" unchanged.
    tag = data[begin + 1 : i].lower().decode("utf-8", "surrogatepass")
    if tag not in _ALLOWED_TAGS:
        raise TelegramHTMLError(f'Unsupported start tag "{tag}" at byte offset {begin}')
    argument = ""
    attrs: dict[str, str] = {}
    while at(i) != ord(">"):
        while at(i) != 0 and at(i) in _SPACE:
            i += 1
        if at(i) == ord(">"):
            break
        name_begin = i
        while at(i) not in _SPACE and at(i) not in b"='\"/>":
            i += 1
        name = data[name_begin:i].decode("utf-8", "surrogatepass")
        if not name:
            raise TelegramHTMLError(
                f'Empty attribute name in the tag "{tag}" at byte offset {begin}'
            )
        while at(i) != 0 and at(i) in _SPACE:
            i += 1
        if at(i) != ord("="):
            if at(i) == 0:
                raise TelegramHTMLError(f'Unclosed start tag "{tag}" at byte offset {begin}')
            if tag == "blockquote" and name == "expandable":
                argument = "1"
            continue
        i += 1
        while at(i) != 0 and at(i) in _SPACE:
            i += 1
        if at(i) == 0:
            raise TelegramHTMLError(f'Unclosed start tag "{tag}" at byte offset {begin}')
        if at(i) not in b"'\"":
            # An unquoted value is an SGML name token: letters, digits, '.', '-'; lower-cased.
            token_begin = i
            while chr(at(i)).isascii() and (chr(at(i)).isalnum() or at(i) in b".-") and at(i):
                i += 1
            value = data[token_begin:i].decode("ascii").lower()
            if at(i) not in _SPACE and at(i) != ord(">"):
                raise TelegramHTMLError(
                    f"Unexpected end of name token at byte offset {token_begin}"
                )
        else:
            quote = at(i)
            i += 1
            parts: list[str] = []
            run = i
            while at(i) != quote and at(i) != 0:
                if at(i) == ord("&"):
                    code, new_i = _decode_entity(data, i)
                    if code:
                        parts.append(data[run:i].decode("utf-8", "surrogatepass") + chr(code))
                        i = run = new_i
                        continue
                i += 1
            parts.append(data[run:i].decode("utf-8", "surrogatepass"))
            value = "".join(parts)
            if at(i) == quote:
                i += 1
        if at(i) == 0:
            raise TelegramHTMLError(f"Unclosed start tag at byte offset {begin}")
        attrs[name] = value
        if tag == "a" and name == "href":
            argument = value
        elif tag == "code" and name == "class" and value.startswith("language-"):
            argument = value[len("language-") :]
        elif tag == "span" and name == "class" and value.startswith("tg-"):
            argument = value[len("tg-") :]
        elif tag == "tg-emoji" and name == "emoji-id":
            argument = value
        elif tag == "blockquote" and name == "expandable":
            argument = "1"
    if tag == "span" and argument != "spoiler":
        raise TelegramHTMLError(f'Tag "span" must have class "tg-spoiler" at byte offset {begin}')
    stack.append(_Open(tag, argument, utf16, out_len, attrs))
    return i + 1


def _parse_end_tag(
    data: bytes,
    begin: int,
    i: int,
    stack: list[_Open],
    entities: list[dict[str, Any]],
    utf16: int,
    out: list[str],
) -> int:
    """Parse ``</name>`` at ``data[begin]``, closing the innermost tag; return index after it."""
    n = len(data)

    def at(k: int) -> int:
        return data[k] if k < n else 0

    if not stack:
        raise TelegramHTMLError(f"Unexpected end tag at byte offset {begin}")
    while at(i) not in _SPACE and at(i) != ord(">"):
        i += 1
    end_name = data[begin + 2 : i].lower().decode("utf-8", "surrogatepass")
    while at(i) in _SPACE and at(i) != 0:
        i += 1
    if at(i) != ord(">"):
        raise TelegramHTMLError(f"Unclosed end tag at byte offset {begin}")
    top = stack[-1]
    if end_name and end_name != top.tag:
        raise TelegramHTMLError(
            f'Unmatched end tag at byte offset {begin}, expected "</{top.tag}>", '
            f'found "</{end_name}>"'
        )
    if utf16 > top.utf16_offset:  # empty entities are dropped
        entity = _make_entity(top, utf16 - top.utf16_offset, entities, out)
        if entity is not None:
            entities.append(entity)
    stack.pop()
    return i + 1


def _make_entity(
    top: _Open, length: int, entities: list[dict[str, Any]], out: list[str]
) -> dict[str, Any] | None:
    offset = top.utf16_offset
    base: dict[str, Any] = {"offset": offset, "length": length}
    last = entities[-1] if entities else None
    same_span = last is not None and last["offset"] == offset and last["length"] == length
    if top.tag in _SIMPLE_TYPES:
        return {"type": _SIMPLE_TYPES[top.tag], **base}
    if top.tag == "tg-emoji":
        if not top.argument.isdigit() or int(top.argument) == 0 or int(top.argument) >= 2**63:
            raise TelegramHTMLError("Invalid custom emoji identifier specified")
        return {"type": "custom_emoji", **base, "custom_emoji_id": top.argument}
    if top.tag == "tg-time":
        unix = top.attrs.get("unix", "")
        if not unix.isdigit():
            raise TelegramHTMLError('stand-in: tag "tg-time" needs an integer "unix" attribute')
        fmt = top.attrs.get("format")
        extra = {"date_time_format": fmt} if fmt else {}
        return {"type": "date_time", **base, "unix_time": int(unix), **extra}
    if top.tag == "a":
        # Joined only here: doing it for every end tag would be quadratic on long texts.
        url = top.argument or "".join(out)[top.result_pos :]
        user = _TG_USER_RE.match(url)
        if user:
            return {"type": "text_mention", **base, "user": {"id": int(user.group(1))}}
        checked = _checked_link(url)
        return None if checked is None else {"type": "text_link", **base, "url": checked}
    if top.tag == "pre":
        if last is not None and same_span and last["type"] == "code" and last.get("language"):
            last["type"] = "pre"  # <pre><code class="language-x"> closes code first
            return None
        return {"type": "pre", **base}
    if top.tag == "code":
        if last is not None and same_span and last["type"] == "pre" and top.argument:
            last["language"] = top.argument
            return None
        return {"type": "code", **base, **({"language": top.argument} if top.argument else {})}
    if top.tag == "blockquote":
        return {"type": "expandable_blockquote" if top.argument else "blockquote", **base}
    raise AssertionError(f"unhandled tag {top.tag!r}")  # _ALLOWED_TAGS and this must agree
