"""What only tests do to the Bot API stand-in: inject errors and delays, block users, and send
messages the terminal demo never sends (photos, stickers, messages without text).

Kept out of the shipped ``standin`` package, which holds what ``articlebot demo`` needs plus
the strict checking.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from standin import BotApiStandin, SentMessage
from standin.methods import ApiError

BLOCKED = "Forbidden: bot was blocked by the user"
UPGRADED = "Bad Request: group chat was upgraded to a supergroup chat"
_INJECTED = {
    403: BLOCKED, 500: "Internal Server Error", 502: "Bad Gateway",
    400: "Bad Request: stand-in: injected error",
}  # fmt: skip


class FaultyStandin(BotApiStandin):
    """The stand-in plus fault injection and non-text user messages."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.blocked: set[int] = set()
        self.migrated: dict[int, int] = {}  # group id -> its supergroup's id
        self._failures: dict[str, list[ApiError]] = {}
        self._delays: dict[str, list[float]] = {}

    async def _before_method(self, method: str) -> None:
        if self._delays.get(method):
            await asyncio.sleep(self._delays[method].pop(0))
        if self._failures.get(method):
            raise self._failures[method].pop(0)

    def _chat(self, chat_ref: int | str, *, sending: bool = True) -> int:
        chat_id = super()._chat(chat_ref, sending=sending)
        if sending and chat_id in self.blocked:
            raise ApiError(403, BLOCKED)
        if sending and chat_id in self.migrated:
            raise ApiError(400, UPGRADED, migrate_to_chat_id=self.migrated[chat_id])
        return chat_id

    def block_user(self, chat_id: int) -> None:
        """The user blocks the bot: every later send to their chat gets 403."""
        self.blocked.add(chat_id)

    def fail_next(
        self,
        method: str,
        *,
        error_code: int = 429,
        description: str | None = None,
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        """Make the next ``times`` calls of ``method`` fail with this error."""
        if error_code == 429:
            retry_after = 1 if retry_after is None else retry_after
            description = description or f"Too Many Requests: retry after {retry_after}"
        text = description or _INJECTED.get(error_code, f"stand-in: injected error {error_code}")
        errors = [ApiError(error_code, text, retry_after) for _ in range(times)]
        self._failures.setdefault(method, []).extend(errors)

    def upgrade_group(self, old_chat_id: int, new_chat_id: int) -> None:
        """The group becomes a supergroup: sends to the old id fail with migrate_to_chat_id."""
        chat = self.chats.get(old_chat_id) or self.add_chat(old_chat_id, chat_type="group")
        self.add_chat(new_chat_id, chat_type="supergroup", title=chat.get("title"))
        self.migrated[old_chat_id] = new_chat_id

    def clear_faults(self) -> None:
        """Forget the errors and delays not yet used up (the Bot API is healthy again)."""
        self._failures.clear()
        self._delays.clear()

    def delay_next(self, method: str, seconds: float, *, times: int = 1) -> None:
        """Hold the next ``times`` responses of ``method`` (to provoke client timeouts)."""
        self._delays.setdefault(method, []).extend([seconds] * times)

    def send_content_from_user(
        self, content: dict[str, Any], *, chat_id: int = 1001, user_id: int | None = None
    ) -> int:
        """Queue a user's message whose content is ``content`` (e.g. ``{"photo": [...]}``)
        instead of text; ``{}`` is a message with no content PTB knows. Returns its id."""
        user_id = chat_id if user_id is None else user_id
        user = self.users.setdefault(user_id, {"id": user_id, "is_bot": False, "first_name": "Ada"})
        if chat_id not in self.chats:
            self.add_chat(chat_id)
        message_id = self._new_message_id(chat_id)
        self._messages[chat_id, message_id] = SentMessage(
            chat_id, message_id, None, "", [], None, {"from_id": user_id}
        )
        message = {
            "message_id": message_id, "date": int(time.time()), "chat": self.chats[chat_id],
            "from": user, **content,
        }  # fmt: skip
        self._enqueue("message", message)
        return message_id
