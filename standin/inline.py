"""answerInlineQuery's rules, after botapi ``Client::get_inline_query_results`` and tdlib
``InlineQueriesManager::answer_inline_query``.

Telegram's own wording is kept where it is known (sources in shared TELEGRAM.md and below):
- botapi reads the results first and wraps what it finds wrong in a result as
  ``can't parse inline query result: <message>``, the message keeping its capital letter
  (``Can't find field "title"``, ``Can't parse entities: Unsupported start tag ...``);
- tdlib then checks the button's start parameter and each text (``Text must be non-empty``);
- the server last: the query id, next_offset, result ids and lengths, answered with its
  upper-case codes (``RESULT_ID_DUPLICATE``), except ``QUERY_ID_INVALID``, which botapi turns
  into the same "query is too old" text an expired callback query gets.
Beyond botapi, which ignores fields it does not know, every field of every result is checked
against the spec (``standin.spec.check_object``), with messages labelled ``stand-in:``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from standin.errors import ApiError
from standin.spec import ObjectError, check_object, concrete_type

__all__ = ["InlineQuery", "check_button", "check_ids", "content_kind", "read_result"]

RESULT = "Bad Request: can't parse inline query result: "
TOO_MANY_RESULTS = "Bad Request: too many inline query results specified"
NEXT_OFFSET_INVALID = "Bad Request: NEXT_OFFSET_INVALID"
RESULT_ID_INVALID = "Bad Request: RESULT_ID_INVALID"
RESULT_ID_DUPLICATE = "Bad Request: RESULT_ID_DUPLICATE"
MESSAGE_TOO_LONG = "Bad Request: MESSAGE_TOO_LONG"
CAPTION_TOO_LONG = "Bad Request: MEDIA_CAPTION_TOO_LONG"
NO_CONTENT = RESULT + "Input message content is not specified"
MAX_RESULTS = 50  # botapi MAX_INLINE_QUERY_RESULT_COUNT
MAX_OFFSET_BYTES = 64  # spec: "Offset length can't exceed 64 bytes"; also a result id's limit
MAX_QUERY_CHARS = 256  # spec InlineQuery.query: "up to 256 characters"
CHAT_TYPES = frozenset({"sender", "private", "group", "supergroup", "channel"})
_START_PARAMETER_RE = re.compile(r"^[A-Za-z0-9_-]*$")  # tdlib is_base64url_characters


@dataclass
class InlineQuery:
    """An inline query the stand-in sent; ``answer`` is what the bot answered, once it has."""

    query_id: str
    user_id: int
    query: str
    offset: str
    chat_type: str
    sent_at: float  # time.monotonic(): queries expire
    answer: dict[str, Any] | None = None


def _telegram_string(value: dict[str, Any], name: str) -> str:
    """botapi ``get_required_string_field``: a missing field or a non-string is refused with its
    wording. It would take a number as a string; the stand-in refuses that later (spec)."""
    if name not in value:
        raise ApiError(400, f'{RESULT}Can\'t find field "{name}"')
    if not isinstance(value[name], str | int | float) or isinstance(value[name], bool):
        raise ApiError(400, f'{RESULT}Field "{name}" must be of type String')
    return str(value[name])


def read_result(result: Any, where: str) -> str:
    """Read one InlineQueryResult as botapi does, then check it in depth; return its kind
    (the spec's type name, e.g. ``InlineQueryResultArticle``)."""
    if not isinstance(result, dict):
        raise ApiError(400, f"{RESULT}Inline query result must be an object")
    tag = _telegram_string(result, "type").lower()
    _telegram_string(result, "id")
    kind = concrete_type("InlineQueryResult", result)
    if kind is None:
        raise ApiError(400, f'{RESULT}type "{tag}" is unsupported for the inline query result')
    content = result.get("input_message_content")
    if "input_message_content" in result and not isinstance(content, dict):
        raise ApiError(400, f'{RESULT}Field "input_message_content" must be of type Object')
    if kind == "InlineQueryResultArticle":
        if content is None:
            # Without input_message_content botapi falls back to the legacy fields of 2016,
            # so the field it then misses is the old "message_text".
            raise ApiError(400, f'{RESULT}Can\'t find field "message_text"')
        if content_kind(content) is None:
            raise ApiError(400, NO_CONTENT)
        _telegram_string(result, "title")
    try:
        check_object("InlineQueryResult", result, where)
    except ObjectError as exc:
        raise ApiError(400, f"Bad Request: {exc.message}") from None
    return kind


def content_kind(content: dict[str, Any]) -> str | None:
    """Which InputMessageContent botapi reads ``content`` as (``get_input_message_content``):
    a non-empty message_text first; None when it finds nothing ("not specified")."""
    if content.get("message_text") not in (None, ""):  # a non-string is the spec check's
        return "InputTextMessageContent"
    kind = concrete_type("InputMessageContent", content)
    return None if kind == "InputTextMessageContent" else kind  # an empty message_text


def check_button(button: Any) -> None:
    """InlineQueryResultsButton: botapi's reading (exactly one of start_parameter, web_app),
    the spec, then tdlib's start_parameter rules."""
    if not isinstance(button, dict) or not ({"start_parameter", "web_app"} & set(button)):
        raise ApiError(
            400, "Bad Request: can't parse inline query results button: "
            "InlineQueryResultsButton must have exactly one optional field",
        )  # fmt: skip
    try:
        check_object("InlineQueryResultsButton", button, "button")
    except ObjectError as exc:
        raise ApiError(400, f"Bad Request: {exc.message}") from None
    if "start_parameter" in button:
        parameter = button["start_parameter"]
        if parameter == "":
            raise ApiError(400, "Bad Request: can't use empty start_parameter")
        if len(parameter.encode("utf-8")) > 64:
            raise ApiError(400, "Bad Request: too long start_parameter specified")
        if not _START_PARAMETER_RE.match(parameter):
            raise ApiError(400, "Bad Request: unallowed characters in start_parameter are used")


def check_ids(results: list[dict[str, Any]], next_offset: str) -> None:
    """The server's checks of the answer's identifiers (after the query id's)."""
    if len(next_offset.encode("utf-8")) > MAX_OFFSET_BYTES:
        raise ApiError(400, NEXT_OFFSET_INVALID)
    seen: set[str] = set()
    for result in results:
        result_id = result["id"]
        if not 1 <= len(result_id.encode("utf-8")) <= MAX_OFFSET_BYTES:
            raise ApiError(400, RESULT_ID_INVALID)
        if result_id in seen:
            raise ApiError(400, RESULT_ID_DUPLICATE)
        seen.add(result_id)
