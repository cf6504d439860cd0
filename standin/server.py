"""A strict local Telegram Bot API server (aiohttp) plus the driver API tests and the demo use.

It runs on the caller's event loop, so in-process bots and tests share one loop: a handler that
blocks the loop stalls the stand-in too, which is the bug it should reveal.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from aiohttp import web

from standin import inline
from standin.entities import find_mentions
from standin.errors import ApiError
from standin.methods import MethodsMixin, SentMessage
from standin.spec import ParamError, decode_params, load_methods

__all__ = ["ApiCall", "BotApiStandin", "SentMessage"]

_COMMAND_RE = re.compile(r"^/[A-Za-z0-9_]{1,64}(@[A-Za-z0-9_]{3,32})?(?![A-Za-z0-9_])")
_DEFAULT_UPDATES = frozenset(
    {
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "callback_query",
        "inline_query",
        "chosen_inline_result",
        "my_chat_member",
    }
)  # what Telegram sends when allowed_updates is empty: all but chat_member and reactions
_CONFLICT = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance "
    "is running"
)


@dataclass(frozen=True)
class ApiCall:
    """One request as the stand-in answered it."""

    method: str
    params: dict[str, Any]
    status: int
    response: dict[str, Any]

    @property
    def description(self) -> str:
        return str(self.response.get("description", ""))


class BotApiStandin(MethodsMixin):
    def __init__(
        self, token: str = "123456:TEST-TOKEN", bot_username: str = "articlebot_demo_bot"
    ) -> None:
        super().__init__(token, bot_username)
        self.calls: list[ApiCall] = []
        self._consumed_calls: set[int] = set()
        self._consumed_msgs: dict[int, int] = {}
        self._changed = asyncio.Event()
        self._allowed = _DEFAULT_UPDATES
        self._poll_generation = 0
        self._closing = False
        self._next_query_id = 7_000_000_000
        self._runner: web.AppRunner | None = None
        self._port = 0

    # --- lifecycle ------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        # handler_cancellation: PTB's stop cancels its in-flight long poll; without it the
        # server would keep that handler alive until the poll timeout ran out.
        self._runner = web.AppRunner(
            app, handler_cancellation=True, access_log=None, shutdown_timeout=1.0
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        self._closing = True
        self._notify()  # wake pending long polls so shutdown does not wait for them
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> BotApiStandin:
        await self.start()
        return self

    async def __aexit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self._port}/file/bot"

    # --- HTTP -----------------------------------------------------------------------------

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def _wait_changed(self, deadline: float) -> bool:
        """Wait for any state change until ``deadline`` (loop time); False on timeout."""
        event = self._changed
        remaining = deadline - asyncio.get_running_loop().time()
        if remaining <= 0:
            return False
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), remaining)
            return True
        return False

    async def _read_params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        if request.method != "POST" or not request.can_read_body:
            return params
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except ValueError as exc:
                raise ApiError(400, "Bad Request: stand-in: invalid JSON body") from exc
            if not isinstance(body, dict):
                raise ApiError(400, "Bad Request: stand-in: JSON body must be an object")
            params.update(body)
        elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            params.update((await request.post()).items())
        else:
            raise ApiError(400, f"Bad Request: stand-in: content type {request.content_type}")
        return params

    async def _handle(self, request: web.Request) -> web.Response:
        name = request.match_info["method"]
        raw: dict[str, Any] = {}
        params: dict[str, Any] | None = None
        try:
            raw = await self._read_params(request)
            if request.match_info["token"] != self.token:
                raise ApiError(401, "Unauthorized")
            spec = load_methods().get(name.lower())
            if spec is None:
                raise ApiError(404, "Not Found")
            name = spec.name
            await self._before_method(name)
            if name in ("sendMessage", "editMessageText") and "text" not in raw:
                raise ApiError(400, "Bad Request: message text is empty")
            params = decode_params(spec, raw)
            if name == "getUpdates":
                result = await self._get_updates(params)
            else:
                handler: Callable[[dict[str, Any]], Any] | None = getattr(self, f"api_{name}", None)
                if handler is None:
                    raise ApiError(
                        400, f"Bad Request: stand-in: method {name} is in the Bot API but not "
                        "implemented by the stand-in",
                    )  # fmt: skip
                result = handler(params)
            status, body = 200, {"ok": True, "result": result}
        except ParamError as exc:
            status, body = 400, ApiError(400, exc.description).body()
        except ApiError as exc:
            status, body = exc.code, exc.body()
        shown = params if params is not None else {k: _shown(v) for k, v in raw.items()}
        self.calls.append(ApiCall(name, shown, status, body))
        self._notify()
        return web.json_response(body, status=status)

    async def _before_method(self, method: str) -> None:
        """Runs before each known method; a subclass may delay here or raise ApiError."""

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = params.get("offset", 0)
        limit = min(max(params.get("limit", 100), 1), 100)
        timeout = min(max(params.get("timeout", 0), 0), 50)
        if "allowed_updates" in params:  # remembered across calls, as Telegram does
            self._allowed = frozenset(params["allowed_updates"]) or _DEFAULT_UPDATES
        self._poll_generation += 1
        generation = self._poll_generation
        self._notify()  # a poll still waiting must now end with 409, as on Telegram
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            if offset > 0:  # confirms every update before offset
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            elif offset < 0:
                self._updates = self._updates[offset:]
            self._updates = [u for u in self._updates if _kind(u) in self._allowed]
            if self._updates or self._closing:
                return self._updates[:limit]
            if not await self._wait_changed(deadline):
                return []
            if generation != self._poll_generation:
                raise ApiError(409, _CONFLICT)

    # --- driver API -----------------------------------------------------------------------

    def _enqueue(self, kind: str, payload: dict[str, Any]) -> None:
        self._updates.append({"update_id": self._next_update_id, kind: payload})
        self._next_update_id += 1
        self._notify()

    def add_chat(
        self,
        chat_id: int,
        *,
        chat_type: str = "private",
        first_name: str = "Ada",
        title: str | None = None,
        username: str | None = None,
        is_forum: bool = False,
    ) -> dict[str, Any]:
        """Make a chat known (Telegram answers "chat not found" for chats the bot never saw).
        A forum (``is_forum``, supergroups only) has topics: see add_forum_topic."""
        if is_forum and chat_type != "supergroup":
            raise ValueError(f"only a supergroup can be a forum, not a {chat_type}")
        chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
        if chat_type == "private":
            chat["first_name"] = first_name
        else:
            chat["title"] = title or f"Chat {chat_id}"
        if username:
            chat["username"] = username
        if is_forum:
            chat["is_forum"] = True
        else:
            self._threads.pop(chat_id, None)  # a chat made again without topics loses them
        self.chats[chat_id] = chat
        return chat

    def add_forum_topic(self, chat_id: int, thread_id: int) -> None:
        """Make ``thread_id`` a topic of the forum ``chat_id``, as if a user had created it:
        messages may then be sent there with message_thread_id. (A user's message in a topic
        makes it known too.)"""
        chat = self.chats.get(chat_id)
        if chat is None or not chat.get("is_forum"):
            raise ValueError(
                f"chat {chat_id} is not a forum: "
                f"add_chat({chat_id}, chat_type='supergroup', is_forum=True) first"
            )
        if thread_id <= 1:
            raise ValueError(
                "a topic's id is above 1: the General topic (1) takes no message_thread_id"
            )
        if thread_id in self._threads.get(chat_id, set()):
            return
        if (chat_id, thread_id) in self._messages:
            raise ValueError(
                f"message {thread_id} of chat {chat_id} is an ordinary message: a topic's id "
                "is the id of the message that created it"
            )
        self._threads.setdefault(chat_id, set()).add(thread_id)
        # Messages after the topic's creation get later ids, as in Telegram.
        self._next_message_id[chat_id] = max(self._next_message_id.get(chat_id, 0), thread_id)

    def send_message_from_user(
        self,
        text: str,
        *,
        chat_id: int = 1001,
        user_id: int | None = None,
        first_name: str = "Ada",
        chat_type: str = "private",
        username: str | None = None,
        message_thread_id: int | None = None,
        reply_to_message_id: int | None = None,
        language_code: str | None = None,
    ) -> int:
        """Queue an Update with a user's text message; return its message_id.

        Telegram marks a leading /command and every @username in it (entities).
        ``message_thread_id`` posts it in that topic of a forum, which becomes known.
        ``reply_to_message_id`` makes it a reply to that message of the chat (the bot's or a
        user's), sent along whole as reply_to_message; a reply goes to its target's topic.
        """
        if user_id is None:
            if chat_type != "private":
                raise ValueError("user_id is required for messages in groups and channels")
            user_id = chat_id
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        if username:
            user["username"] = username
        if language_code:  # the user's app language, as Telegram reports it
            user["language_code"] = language_code
        self.users[user_id] = user
        if chat_id not in self.chats:
            self.add_chat(chat_id, chat_type=chat_type, first_name=first_name, username=username)
        if reply_to_message_id is not None:
            target = self._messages.get((chat_id, reply_to_message_id))
            if target is None:
                raise ValueError(f"no message {reply_to_message_id} in chat {chat_id} to reply to")
            if message_thread_id is None:
                message_thread_id = target.message_thread_id
            elif target.message_thread_id != message_thread_id:
                raise ValueError(
                    f"message {reply_to_message_id} is not in topic {message_thread_id}: "
                    "a reply goes to its target's topic"
                )
        if message_thread_id is not None:
            self.add_forum_topic(chat_id, message_thread_id)
        message_id = self._new_message_id(chat_id)
        entities: list[dict[str, Any]] = []
        command = _COMMAND_RE.match(text)
        if command:  # Telegram marks commands; PTB's CommandHandler relies on this entity
            entities.append({"type": "bot_command", "offset": 0, "length": command.end()})
        entities += find_mentions(text)  # filters.Entity("mention") relies on these
        stored = SentMessage(
            chat_id, message_id, None, text, entities, None, {"from_id": user_id},
            message_thread_id, reply_to_message_id,
        )  # fmt: skip
        self._messages[chat_id, message_id] = stored
        self._enqueue("message", self._message_json(stored))
        return message_id

    def press_button(
        self, chat_id: int, message_id: int, data: str, *, user_id: int | None = None
    ) -> str:
        """Queue a callback_query for a button of a message the bot sent; return the query id."""
        msg = self._messages.get((chat_id, message_id))
        if msg is None or (chat_id, message_id) not in self._from_bot:
            raise ValueError(f"no bot message {message_id} in chat {chat_id}")
        rows = (msg.reply_markup or {}).get("inline_keyboard", [])
        if data not in [b.get("callback_data") for row in rows for b in row]:
            raise ValueError(f"message {message_id} has no button with callback_data {data!r}")
        user_id = chat_id if user_id is None else user_id
        user = self.users.get(user_id, {"id": user_id, "is_bot": False, "first_name": "Ada"})
        self.users[user_id] = user
        self._next_query_id += 1
        query_id = str(self._next_query_id)
        self._queries[query_id] = False
        self._enqueue(
            "callback_query",
            {
                "id": query_id, "from": user, "message": self._message_json(msg),
                "chat_instance": str(chat_id), "data": data,
            },
        )  # fmt: skip
        return query_id

    def send_inline_query(
        self, query: str, *, user_id: int = 1001, offset: str = "", chat_type: str = "private"
    ) -> str:
        """Queue an inline_query, as when a user types "@bot query" in a chat of ``chat_type``;
        return its id (for inline_answer). ``offset`` is a next_offset the bot gave before,
        asking for the next page. The bot has inline_query_ttl seconds to answer it."""
        if len(query) > inline.MAX_QUERY_CHARS:
            raise ValueError(f"an inline query is at most {inline.MAX_QUERY_CHARS} characters")
        if len(offset.encode("utf-8")) > inline.MAX_OFFSET_BYTES:
            raise ValueError("an offset is a next_offset of the bot's, at most 64 bytes")
        if chat_type not in inline.CHAT_TYPES:
            raise ValueError(f"chat_type must be one of {sorted(inline.CHAT_TYPES)}")
        user = self.users.get(user_id, {"id": user_id, "is_bot": False, "first_name": "Ada"})
        self.users[user_id] = user
        self._next_query_id += 1
        query_id = str(self._next_query_id)
        self._inline[query_id] = inline.InlineQuery(
            query_id, user_id, query, offset, chat_type, time.monotonic()
        )
        self._enqueue(
            "inline_query",
            {"id": query_id, "from": user, "query": query, "offset": offset,
             "chat_type": chat_type},
        )  # fmt: skip
        return query_id

    def inline_answer(self, query_id: str) -> dict[str, Any] | None:
        """What the bot answered the inline query: results (as sent), next_offset, cache_time,
        is_personal, button, and message_texts (per result, the text its message would show
        after parsing, or None); None while unanswered."""
        query = self._inline.get(query_id)
        if query is None:
            raise ValueError(f"no inline query {query_id!r} was sent")
        return query.answer

    async def wait_for_inline_answer(self, query_id: str, timeout: float = 10.0) -> dict[str, Any]:
        """Wait until the bot has answered the inline query; return inline_answer's dict."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            answer = self.inline_answer(query_id)
            if answer is not None:
                return answer
            if not await self._wait_changed(deadline):
                raise TimeoutError(
                    f"waited {timeout}s for an answer to inline query {query_id}; recent "
                    f"calls:\n{self.describe_calls()}"
                )

    def sent_messages(self, chat_id: int | None = None) -> list[SentMessage]:
        return [m for m in self._sent if chat_id is None or m.chat_id == chat_id]

    def message(self, chat_id: int, message_id: int) -> SentMessage | None:
        """The message as it is now (after edits); None if deleted or unknown."""
        return self._messages.get((chat_id, message_id))

    @property
    def commands(self) -> list[dict[str, Any]]:
        return list(self._last_commands)

    async def wait_for_messages(
        self, chat_id: int, count: int = 1, timeout: float = 10.0
    ) -> list[SentMessage]:
        """Wait for ``count`` new messages to ``chat_id``; they are then consumed."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            fresh = self.sent_messages(chat_id)[self._consumed_msgs.get(chat_id, 0) :]
            if len(fresh) >= count:
                self._consumed_msgs[chat_id] = self._consumed_msgs.get(chat_id, 0) + count
                return fresh[:count]
            if not await self._wait_changed(deadline):
                raise TimeoutError(
                    f"waited {timeout}s for {count} message(s) to chat {chat_id}, got "
                    f"{len(fresh)}; recent calls:\n{self.describe_calls()}"
                )

    async def wait_for_call(
        self,
        method: str,
        timeout: float = 10.0,
        predicate: Callable[[ApiCall], bool] | None = None,
    ) -> ApiCall:
        """Wait for the next not yet consumed call of ``method`` (matching ``predicate``)."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            for i, call in enumerate(self.calls):
                if i in self._consumed_calls or call.method != method:
                    continue
                if predicate is None or predicate(call):
                    self._consumed_calls.add(i)
                    return call
            if not await self._wait_changed(deadline):
                raise TimeoutError(
                    f"waited {timeout}s for a {method} call; recent calls:\n{self.describe_calls()}"
                )

    def describe_calls(self, last: int = 15) -> str:
        """Recent calls, one a line, skipping empty polls; errors show their description."""
        shown = [c for c in self.calls if not (c.method == "getUpdates" and c.status == 200)]
        lines = [
            f"  {c.method} -> {c.status} {c.description} {_shown(c.params)}".rstrip()
            for c in shown[-last:]
        ]
        return "\n".join(lines) or "  (no calls besides getUpdates)"


def _kind(update: dict[str, Any]) -> str:
    return next(k for k in update if k != "update_id")


def _shown(value: Any) -> Any:
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    return text if len(text) <= 120 else text[:117] + "..."
