"""State of the fake Telegram world and the Bot API methods the stand-in implements.

Every rule and error text here is Telegram's (see shared TELEGRAM.md) unless the description
says ``stand-in:``; those mark checks whose real wording is unknown or cases the stand-in
deliberately refuses, so a test failure never passes off invented text as Telegram's.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from typing import Any

from standin.telegram_html import TelegramHTMLError, parse_telegram_html, utf16_len

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
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


class ApiError(Exception):
    """A Bot API error response: ``{"ok": false, "error_code": code, "description": ...}``."""

    def __init__(
        self,
        code: int,
        description: str,
        retry_after: int | None = None,
        migrate_to_chat_id: int | None = None,
    ) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after
        self.migrate_to_chat_id = migrate_to_chat_id

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False, "error_code": self.code, "description": self.description,
        }  # fmt: skip
        parameters = {"retry_after": self.retry_after,
                      "migrate_to_chat_id": self.migrate_to_chat_id}  # fmt: skip
        if any(value is not None for value in parameters.values()):
            body["parameters"] = {k: v for k, v in parameters.items() if v is not None}
        return body


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

    def _message_json(self, msg: SentMessage, *, edited: bool = False) -> dict[str, Any]:
        body: dict[str, Any] = {
            "message_id": msg.message_id, "date": int(time.time()),
            "chat": self.chats[msg.chat_id], "text": msg.text,
        }  # fmt: skip
        if (msg.chat_id, msg.message_id) in self._from_bot:
            body["from"] = self.bot_user
        else:
            body["from"] = self.users.get(msg.params.get("from_id", msg.chat_id))
        if msg.entities:
            body["entities"] = msg.entities
        if msg.reply_markup and "inline_keyboard" in msg.reply_markup:
            body["reply_markup"] = msg.reply_markup  # only inline keyboards come back
        if edited:
            body["edit_date"] = int(time.time())
        return body

    def _formatted(self, params: dict[str, Any]) -> tuple[str, list[dict[str, Any]], str | None]:
        """Validate text/parse_mode/entities like botapi + tdlib; return (text, entities, html)."""
        raw = params.get("text", "")
        if raw == "":
            raise ApiError(400, "Bad Request: message text is empty")
        if len(raw.encode("utf-8")) > 32768:
            raise ApiError(400, "Bad Request: text is too long")
        mode = str(params.get("parse_mode", "")).lower()
        html: str | None = None
        if "entities" in params:
            text, entities = raw, [self._check_entity(e, raw) for e in params["entities"]]
        elif mode == "":
            text, entities = raw, []
        elif mode == "html":
            try:
                text, entities = parse_telegram_html(raw)
            except TelegramHTMLError as exc:
                msg = exc.message[:1].lower() + exc.message[1:]
                raise ApiError(400, f"Bad Request: can't parse entities: {msg}") from exc
            html = raw
        elif mode in ("markdown", "markdownv2"):
            raise ApiError(
                400, f"Bad Request: stand-in: parse_mode {params['parse_mode']} is not "
                "implemented by the stand-in; use HTML",
            )  # fmt: skip
        else:
            raise ApiError(400, "Bad Request: unsupported parse_mode")
        text, entities = _trim(text, [self._with_user(e) for e in entities])
        if not text:
            raise ApiError(400, "Bad Request: text must be non-empty")
        if len(text) > 4096:  # code points, like tdlib's utf8_length
            raise ApiError(400, "Bad Request: message is too long")
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
            "supports_inline_queries": False, "can_connect_to_business": False,
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

    def api_sendMessage(self, params: dict[str, Any]) -> Any:
        chat_id = self._chat(params["chat_id"])
        text, entities, html = self._formatted(params)
        markup = params.get("reply_markup")
        self._check_markup(markup)
        reply = params.get("reply_parameters")
        if reply is not None and not reply.get("allow_sending_without_reply"):
            target = self._chat(reply.get("chat_id", chat_id), sending=False)
            if (target, reply.get("message_id")) not in self._messages:
                raise ApiError(400, "Bad Request: message to be replied not found")
        msg = SentMessage(
            chat_id, self._new_message_id(chat_id), html, text, entities, markup, params
        )
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
        new = SentMessage(old.chat_id, old.message_id, html, text, entities, markup, params)
        return self._store_edit(old, new)

    def api_editMessageReplyMarkup(self, params: dict[str, Any]) -> Any:
        old = self._editable(params)
        markup = params.get("reply_markup")
        self._check_markup(markup, inline_only=True)
        new = SentMessage(
            old.chat_id, old.message_id, old.html, old.text, old.entities, markup, old.params
        )
        return self._store_edit(old, new)

    def api_deleteMessage(self, params: dict[str, Any]) -> Any:
        chat_id = self._chat(params["chat_id"], sending=False)
        if self._messages.pop((chat_id, params["message_id"]), None) is None:
            raise ApiError(400, "Bad Request: message to delete not found")
        return True

    def api_sendChatAction(self, params: dict[str, Any]) -> Any:
        self._chat(params["chat_id"])
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
