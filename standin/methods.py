"""State of the fake Telegram world and the Bot API methods the stand-in implements.

Every rule and error text here is Telegram's (see shared TELEGRAM.md) unless the description
says ``stand-in:``; those mark checks whose real wording is unknown or cases the stand-in
deliberately refuses, so a test failure never passes off invented text as Telegram's.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from standin import inline
from standin.errors import ApiError
from standin.telegram_html import TelegramHTMLError, parse_telegram_html, utf16_len

__all__ = ["NOT_MODIFIED", "QUERY_TOO_OLD", "ApiError", "MethodsMixin", "SentMessage"]

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
THREAD_NOT_FOUND = "Bad Request: message thread not found"
# Inline queries are answerable for seconds only; Telegram does not document how long (users
# report 5-10 s), so the stand-in takes 10 s. Tests of expiry lower inline_query_ttl.
INLINE_QUERY_TTL = 10.0

_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")
_BUTTON_ACTIONS = frozenset(
    {
        "url", "callback_data", "web_app", "login_url", "switch_inline_query",
        "switch_inline_query_current_chat", "switch_inline_query_chosen_chat", "copy_text",
        "callback_game", "pay",
    }
)  # fmt: skip
_CHAT_ACTIONS = frozenset(
    {
        "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
        "upload_document", "choose_sticker", "find_location", "record_video_note",
        "upload_video_note",
    }
)  # fmt: skip


@dataclass(frozen=True)
class TextRules:
    """How Telegram words what is wrong with a formatted text: it depends on where the text is."""

    empty: str  # the raw text is ""
    raw_too_long: str  # over 32,768 bytes before parsing (botapi)
    unsupported_mode: str
    parse_error: Callable[[str], str]  # from tdlib's message ("Unsupported start tag ...")
    blank: str | None  # empty after parsing and trimming; None where that is allowed
    too_long: str
    limit: int  # code points after parsing


# sendMessage/editMessageText: botapi lower-cases the first letter of its whole message.
SEND_TEXT = TextRules(
    empty="Bad Request: message text is empty",
    raw_too_long="Bad Request: text is too long",
    unsupported_mode="Bad Request: unsupported parse_mode",
    parse_error=lambda m: f"Bad Request: can't parse entities: {m[:1].lower()}{m[1:]}",
    blank="Bad Request: text must be non-empty",
    too_long="Bad Request: message is too long",
    limit=4096,
)
# An inline result's message text: botapi's errors come wrapped (inline.RESULT), tdlib's
# "Text must be non-empty" does not, and the length is the server's MESSAGE_TOO_LONG.
INLINE_TEXT = TextRules(
    empty=inline.NO_CONTENT,  # botapi skips an empty message_text and finds no content
    raw_too_long=f"{inline.RESULT}Text is too long",
    unsupported_mode=f"{inline.RESULT}Unsupported parse_mode",
    parse_error=lambda m: f"{inline.RESULT}Can't parse entities: {m}",
    blank="Bad Request: text must be non-empty",
    too_long=inline.MESSAGE_TOO_LONG,
    limit=4096,
)
# A media result's caption may be empty; 1024 code points at most (spec).
INLINE_CAPTION = replace(INLINE_TEXT, blank=None, too_long=inline.CAPTION_TOO_LONG, limit=1024)


@dataclass(frozen=True)
class SentMessage:
    """A message as the bot sent it (or, from ``message()``, as it is after edits)."""

    chat_id: int
    message_id: int
    html: str | None  # the raw text when parse_mode was HTML, else None
    text: str  # the text Telegram shows: parsed and trimmed
    entities: list[dict[str, Any]]
    reply_markup: dict[str, Any] | None
    params: dict[str, Any]
    message_thread_id: int | None = None  # the forum topic it is in
    reply_to_message_id: int | None = None  # the message (same chat) it replies to


def _trim(text: str, entities: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """tdlib fix_formatted_text, simplified: drop blank entities, trim the ends, clip entities.

    Whitespace is every code point <= U+0020, as tdlib turns those control characters into
    spaces; unlike tdlib the stand-in keeps interior control characters and ``\\r`` unchanged.
    """
    units = [0]
    for ch in text:
        units.append(units[-1] + (2 if ord(ch) > 0xFFFF else 1))
    index = {u: i for i, u in enumerate(units)}

    def blank(s: str) -> bool:
        return all(ord(ch) <= 0x20 for ch in s)

    kept = [
        dict(e) for e in entities
        if e["offset"] in index and e["offset"] + e["length"] in index
        and not blank(text[index[e["offset"]] : index[e["offset"] + e["length"]]])
    ]  # fmt: skip
    end = len(text)
    while end > 0 and ord(text[end - 1]) <= 0x20:
        end -= 1
    if end == 0:
        return "", []
    for e in kept:
        e["length"] = min(e["offset"] + e["length"], units[end]) - e["offset"]
    kept = [e for e in kept if e["length"] > 0]
    first = min((index[e["offset"]] for e in kept), default=end)
    start = 0
    while start < first and text[start] in " \n":  # tdlib's ltrim stops at the first entity
        start += 1
    for e in kept:
        e["offset"] -= units[start]
    return text[start:end], kept


# ChatMemberAdministrator's required rights (api.json), all granted to a stand-in admin.
_ADMIN_RIGHTS = (
    "can_manage_chat", "can_delete_messages", "can_manage_video_chats", "can_restrict_members",
    "can_promote_members", "can_change_info", "can_invite_users", "can_post_stories",
    "can_edit_stories", "can_delete_stories",
)  # fmt: skip


class MethodsMixin:
    """The fake world (chats, messages, updates) and the implemented Bot API methods."""

    def __init__(self, token: str, bot_username: str) -> None:
        bot_id, sep, secret = token.partition(":")
        if not (bot_id.isdigit() and sep and secret):
            raise ValueError(f"token must look like '123456:SECRET', got {token!r}")
        self.token = token
        self.bot_user: dict[str, Any] = {
            "id": int(bot_id), "is_bot": True, "first_name": "Articlebot Demo",
            "username": bot_username,
        }  # fmt: skip
        self.chats: dict[int, dict[str, Any]] = {}
        self.users: dict[int, dict[str, Any]] = {}
        self._messages: dict[tuple[int, int], SentMessage] = {}
        self._from_bot: set[tuple[int, int]] = set()
        self._next_message_id: dict[int, int] = {}
        self._sent: list[SentMessage] = []
        self._queries: dict[str, bool] = {}  # callback query id -> answered
        self._inline: dict[str, inline.InlineQuery] = {}  # inline query id -> it
        self.inline_query_ttl = INLINE_QUERY_TTL  # seconds an inline query can be answered
        self._threads: dict[int, set[int]] = {}  # forum chat id -> its topics' thread ids
        self.admins: dict[int, set[int]] = {}  # group chat id -> its admins' user ids
        self._commands: dict[str, list[dict[str, Any]]] = {}
        self._last_commands: list[dict[str, Any]] = []
        self._updates: list[dict[str, Any]] = []
        self._next_update_id = 1

    # --- helpers -------------------------------------------------------------------------

    def _new_message_id(self, chat_id: int) -> int:
        self._next_message_id[chat_id] = self._next_message_id.get(chat_id, 0) + 1
        return self._next_message_id[chat_id]

    def _chat(self, chat_ref: int | str, *, sending: bool = True) -> int:
        """The id of a known chat; ``sending`` is False for calls that only refer to it."""
        if isinstance(chat_ref, str):
            name = chat_ref.removeprefix("@").lower()
            found = [c for c, o in self.chats.items() if o.get("username", "").lower() == name]
            if not found:
                raise ApiError(400, "Bad Request: chat not found")
            chat_ref = found[0]
        if chat_ref not in self.chats:
            raise ApiError(400, "Bad Request: chat not found")
        return chat_ref

    def _message_json(
        self, msg: SentMessage, *, edited: bool = False, nested: bool = False
    ) -> dict[str, Any]:
        """The Message object of ``msg``; ``nested`` for a reply_to_message, which Telegram
        sends without a reply_to_message of its own."""
        body: dict[str, Any] = {
            "message_id": msg.message_id, "date": int(time.time()),
            "chat": self.chats[msg.chat_id], "text": msg.text,
        }  # fmt: skip
        if (msg.chat_id, msg.message_id) in self._from_bot:
            body["from"] = self.bot_user
        else:
            body["from"] = self.users.get(msg.params.get("from_id", msg.chat_id))
        if msg.message_thread_id is not None:
            body["message_thread_id"] = msg.message_thread_id
            body["is_topic_message"] = True  # threads exist only in forums (see add_forum_topic)
        if msg.reply_to_message_id is not None and not nested:
            target = self._messages.get((msg.chat_id, msg.reply_to_message_id))
            if target is not None:  # a deleted target leaves the reply without it
                body["reply_to_message"] = self._message_json(target, nested=True)
        if msg.entities:
            body["entities"] = msg.entities
        if msg.reply_markup and "inline_keyboard" in msg.reply_markup:
            body["reply_markup"] = msg.reply_markup  # only inline keyboards come back
        if edited:
            body["edit_date"] = int(time.time())
        return body

    def _formatted(self, params: dict[str, Any]) -> tuple[str, list[dict[str, Any]], str | None]:
        """sendMessage's text/parse_mode/entities checked like botapi + tdlib."""
        return self._format_text(
            params.get("text", ""), params.get("parse_mode"), params.get("entities"), SEND_TEXT
        )

    def _format_text(
        self,
        raw: str,
        parse_mode: Any,
        given: list[Any] | None,
        rules: TextRules,
        *,
        check_length: bool = True,
    ) -> tuple[str, list[dict[str, Any]], str | None]:
        """Validate a text, its parse_mode or its entities; return (text, entities, html)
        with html the raw text when parse_mode was HTML. Errors are worded by ``rules``;
        ``check_length`` False leaves the length to the caller (a server-side check)."""
        if raw == "":
            if rules.blank is None:
                return "", [], None
            raise ApiError(400, rules.empty)
        if len(raw.encode("utf-8")) > 32768:
            raise ApiError(400, rules.raw_too_long)
        mode = str(parse_mode or "").lower()
        html: str | None = None
        if given is not None:
            text, entities = raw, [self._check_entity(e, raw) for e in given]
        elif mode == "":
            text, entities = raw, []
        elif mode == "html":
            try:
                text, entities = parse_telegram_html(raw)
            except TelegramHTMLError as exc:
                raise ApiError(400, rules.parse_error(exc.message)) from exc
            html = raw
        elif mode in ("markdown", "markdownv2"):
            raise ApiError(
                400, f"Bad Request: stand-in: parse_mode {parse_mode} is not "
                "implemented by the stand-in; use HTML",
            )  # fmt: skip
        else:
            raise ApiError(400, rules.unsupported_mode)
        text, entities = _trim(text, [self._with_user(e) for e in entities])
        if not text and rules.blank is not None:
            raise ApiError(400, rules.blank)
        if check_length and len(text) > rules.limit:  # code points, like tdlib utf8_length
            raise ApiError(400, rules.too_long)
        return text, entities, html

    def _check_entity(self, entity: Any, text: str) -> dict[str, Any]:
        ok = (
            isinstance(entity, dict) and isinstance(entity.get("type"), str)
            and isinstance(entity.get("offset"), int) and isinstance(entity.get("length"), int)
            and entity["offset"] >= 0 and entity["offset"] + entity["length"] <= utf16_len(text)
        )  # fmt: skip
        if not ok:
            raise ApiError(400, f"Bad Request: stand-in: invalid MessageEntity {entity!r}")
        return dict(entity)

    def _with_user(self, entity: dict[str, Any]) -> dict[str, Any]:
        if entity["type"] != "text_mention":
            return entity
        user_id = entity["user"]["id"]
        if user_id in self.users:
            return {**entity, "user": self.users[user_id]}
        # Unknown user: keep the link rather than invent a user object.
        base = {k: entity[k] for k in ("offset", "length")}
        return {"type": "text_link", **base, "url": f"tg://user?id={user_id}"}

    @staticmethod
    def _check_markup(markup: dict[str, Any] | None, *, inline_only: bool = False) -> None:
        if markup is None:
            return
        if "inline_keyboard" not in markup:
            if inline_only:
                raise ApiError(400, "Bad Request: stand-in: only InlineKeyboardMarkup allowed")
            return
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
            raise ApiError(400, "Bad Request: stand-in: inline_keyboard must be an array of arrays")
        for button in (b for row in rows for b in row):
            if not isinstance(button, dict) or not isinstance(button.get("text"), str):
                raise ApiError(400, f"Bad Request: stand-in: invalid button {button!r}")
            if not _BUTTON_ACTIONS & set(button):
                raise ApiError(
                    400, "Bad Request: can't parse inline keyboard button: Text buttons are "
                    "unallowed in the inline keyboard",
                )  # fmt: skip
            data = button.get("callback_data")
            if "callback_data" in button and (
                not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= 64
            ):
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")

    # --- Bot API methods --------------------------------------------------------------------

    def api_getMe(self, params: dict[str, Any]) -> Any:
        return {
            **self.bot_user, "can_join_groups": True, "can_read_all_group_messages": False,
            "supports_inline_queries": True, "can_connect_to_business": False,
            "has_main_web_app": False,
        }  # fmt: skip

    def api_deleteWebhook(self, params: dict[str, Any]) -> Any:
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def api_getWebhookInfo(self, params: dict[str, Any]) -> Any:
        return {"url": "", "has_custom_certificate": False, "pending_update_count": 0}

    def api_logOut(self, params: dict[str, Any]) -> Any:
        return True

    def api_close(self, params: dict[str, Any]) -> Any:
        return True

    def _thread(
        self, chat_id: int, params: dict[str, Any], reply_to: SentMessage | None
    ) -> int | None:
        """The forum topic a message goes to: ``message_thread_id``, which must be a topic of
        this chat; without it, a reply's target's topic (Telegram keeps a reply there)."""
        thread = params.get("message_thread_id")
        if thread is None:
            return reply_to.message_thread_id if reply_to is not None else None
        # Also for a chat that is no forum: a thread id there is refused the same way.
        if thread not in self._threads.get(chat_id, set()):
            raise ApiError(400, THREAD_NOT_FOUND)
        if reply_to is not None and reply_to.message_thread_id != thread:
            raise ApiError(
                400, f"Bad Request: stand-in: the message replied to ({reply_to.message_id}) "
                f"is not in message thread {thread}",
            )  # fmt: skip
        return int(thread)

    def _reply_target(self, chat_id: int, params: dict[str, Any]) -> SentMessage | None:
        """The message (in this chat) reply_parameters point at, checked like Telegram."""
        reply = params.get("reply_parameters")
        if reply is None:
            return None
        if not reply.get("allow_sending_without_reply"):
            target = self._chat(reply.get("chat_id", chat_id), sending=False)
            if (target, reply.get("message_id")) not in self._messages:
                raise ApiError(400, "Bad Request: message to be replied not found")
        if reply.get("chat_id", chat_id) != chat_id:
            return None  # a reply to another chat's message (external_reply): not modelled
        return self._messages.get((chat_id, reply.get("message_id")))

    def api_sendMessage(self, params: dict[str, Any]) -> Any:
        chat_id = self._chat(params["chat_id"])
        text, entities, html = self._formatted(params)
        markup = params.get("reply_markup")
        self._check_markup(markup)
        reply_to = self._reply_target(chat_id, params)
        thread = self._thread(chat_id, params, reply_to)
        msg = SentMessage(
            chat_id, self._new_message_id(chat_id), html, text, entities, markup, params,
            thread, reply_to.message_id if reply_to is not None else None,
        )  # fmt: skip
        self._messages[chat_id, msg.message_id] = msg
        self._from_bot.add((chat_id, msg.message_id))
        self._sent.append(msg)
        return self._message_json(msg)

    def _editable(self, params: dict[str, Any]) -> SentMessage:
        if "inline_message_id" in params:
            raise ApiError(400, "Bad Request: stand-in: inline messages are not implemented")
        if "chat_id" not in params or "message_id" not in params:
            raise ApiError(400, "Bad Request: stand-in: chat_id and message_id are required")
        chat_id = self._chat(params["chat_id"])
        key = (chat_id, params["message_id"])
        if key not in self._messages:
            raise ApiError(400, "Bad Request: message to edit not found")
        if key not in self._from_bot:
            raise ApiError(400, "Bad Request: message can't be edited")
        return self._messages[key]

    def _store_edit(self, old: SentMessage, new: SentMessage) -> Any:
        if (new.text, new.entities, new.reply_markup) == (
            old.text, old.entities, old.reply_markup,
        ):  # fmt: skip
            raise ApiError(400, NOT_MODIFIED)
        self._messages[old.chat_id, old.message_id] = new
        return self._message_json(new, edited=True)

    def api_editMessageText(self, params: dict[str, Any]) -> Any:
        old = self._editable(params)
        text, entities, html = self._formatted(params)
        markup = params.get("reply_markup")  # omitting it removes the keyboard, as in Telegram
        self._check_markup(markup, inline_only=True)
        new = replace(
            old, html=html, text=text, entities=entities, reply_markup=markup, params=params
        )
        return self._store_edit(old, new)

    def api_editMessageReplyMarkup(self, params: dict[str, Any]) -> Any:
        old = self._editable(params)
        markup = params.get("reply_markup")
        self._check_markup(markup, inline_only=True)
        return self._store_edit(old, replace(old, reply_markup=markup))

    def api_deleteMessage(self, params: dict[str, Any]) -> Any:
        chat_id = self._chat(params["chat_id"], sending=False)
        if self._messages.pop((chat_id, params["message_id"]), None) is None:
            raise ApiError(400, "Bad Request: message to delete not found")
        return True

    def api_sendChatAction(self, params: dict[str, Any]) -> Any:
        self._thread(self._chat(params["chat_id"]), params, None)
        if params["action"] not in _CHAT_ACTIONS:
            raise ApiError(400, "Bad Request: wrong parameter action in request")
        return True

    def api_getChatMember(self, params: dict[str, Any]) -> Any:
        chat_id = self._chat(params["chat_id"], sending=False)
        try:
            user_id = int(params["user_id"])
        except (KeyError, TypeError, ValueError):
            raise ApiError(400, "Bad Request: invalid user_id specified") from None
        user = self.users.get(user_id)
        if user is None:
            raise ApiError(400, "Bad Request: user not found")
        chat = self.chats[chat_id]
        if chat["type"] == "private":
            if user_id != chat_id:
                raise ApiError(400, "Bad Request: user not found")
            return {"status": "member", "user": user}
        if user_id in self.admins.get(chat_id, set()):
            rights = dict.fromkeys(_ADMIN_RIGHTS, True)
            return {"status": "administrator", "user": user, "can_be_edited": False,
                    "is_anonymous": False, **rights}  # fmt: skip
        return {"status": "member", "user": user}

    def api_answerCallbackQuery(self, params: dict[str, Any]) -> Any:
        query_id = params["callback_query_id"]
        if self._queries.get(query_id, True):  # unknown or already answered
            raise ApiError(400, QUERY_TOO_OLD)
        if len(params.get("text", "")) > 200:
            raise ApiError(400, "Bad Request: stand-in: callback answer text over 200 characters")
        self._queries[query_id] = True
        return True

    def _result_text(self, result: Any, where: str) -> tuple[str | None, TextRules]:
        """Check one inline result; return the text its message would show (a media result's
        caption when it sends no message of its own; None for none) and that text's rules."""
        inline.read_result(result, where)
        try:
            self._check_markup(result.get("reply_markup"), inline_only=True)
        except ApiError as exc:  # botapi's own complaint comes wrapped, as for any result
            wrapped = exc.description.removeprefix("Bad Request: can't parse inline keyboard")
            if wrapped == exc.description:
                raise  # the server's BUTTON_DATA_INVALID, or the stand-in's own
            raise ApiError(400, f"{inline.RESULT}Can't parse inline keyboard{wrapped}") from None
        caption: str | None = None
        if "caption" in result:  # botapi parses the caption even when it goes unused
            caption, _, _ = self._format_text(
                result["caption"], result.get("parse_mode"), result.get("caption_entities"),
                INLINE_CAPTION, check_length=False,
            )  # fmt: skip
        content = result.get("input_message_content")
        if content is not None and inline.content_kind(content) == "InputTextMessageContent":
            text, _, _ = self._format_text(
                content["message_text"], content.get("parse_mode"), content.get("entities"),
                INLINE_TEXT, check_length=False,
            )  # fmt: skip
            return text, INLINE_TEXT
        if content is None:  # the media itself is sent, under its caption
            return caption or None, INLINE_CAPTION
        return None, INLINE_CAPTION  # a location, venue, contact or invoice: no text

    def api_answerInlineQuery(self, params: dict[str, Any]) -> Any:
        # In Telegram's order: botapi reads the button and every result (so a malformed
        # answer is refused as such even when the query is gone), then the server checks
        # the query, the identifiers and the lengths.
        button = params.get("button")
        if button is not None:
            inline.check_button(button)
        results = params["results"]
        if len(results) > inline.MAX_RESULTS:
            raise ApiError(400, inline.TOO_MANY_RESULTS)
        texts = [self._result_text(r, f"results[{i}]") for i, r in enumerate(results)]
        query = self._inline.get(params["inline_query_id"])
        if (
            query is None or query.answer is not None
            or time.monotonic() - query.sent_at > self.inline_query_ttl
        ):  # fmt: skip
            raise ApiError(400, QUERY_TOO_OLD)  # botapi's text for the server's QUERY_ID_INVALID
        next_offset = params.get("next_offset", "")
        inline.check_ids(results, next_offset)
        for text, rules in texts:
            if text is not None and len(text) > rules.limit:
                raise ApiError(400, rules.too_long)
        query.answer = {
            "results": results, "next_offset": next_offset,
            # botapi: cache_time defaults to 300 and is clamped to 0..86400
            "cache_time": min(max(params.get("cache_time", 300), 0), 86400),
            "is_personal": params.get("is_personal", False), "button": button,
            "message_texts": [text for text, _ in texts],
        }  # fmt: skip
        return True

    @staticmethod
    def _commands_key(params: dict[str, Any]) -> str:
        scope = params.get("scope") or {"type": "default"}
        return json.dumps([scope, params.get("language_code", "")], sort_keys=True)

    def api_setMyCommands(self, params: dict[str, Any]) -> Any:
        commands = params["commands"]
        if len(commands) > 100:
            raise ApiError(400, "Bad Request: stand-in: more than 100 commands")
        for cmd in commands:
            command, description = cmd.get("command"), cmd.get("description")
            if not isinstance(command, str) or not _COMMAND_RE.match(command):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not isinstance(description, str) or not 1 <= len(description) <= 256:
                raise ApiError(
                    400, f"Bad Request: stand-in: description of /{command} must be 1-256 chars"
                )
        stored = [{"command": c["command"], "description": c["description"]} for c in commands]
        self._commands[self._commands_key(params)] = stored
        self._last_commands = stored
        return True

    def api_getMyCommands(self, params: dict[str, Any]) -> Any:
        return self._commands.get(self._commands_key(params), [])

    def api_deleteMyCommands(self, params: dict[str, Any]) -> Any:
        self._commands.pop(self._commands_key(params), None)
        return True
