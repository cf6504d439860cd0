"""A chat's topics and settings: subscriptions, the digest schedule, quiet hours.

Every call names the chat: a subscription is found only through its own chat, so no chat
can see or change another's. Who within a group may change them is the bot's question.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from articles.errors import ArticlebotError
from articles.models import ChatSettings, Subscription
from articles.outbox import now_utc, utc
from articles.schedule import (
    DigestSchedule,
    QuietHours,
    next_run,
    parse_quiet,
    parse_schedule,
    parse_zone,
)
from articles.topics import SENSITIVITIES, Sensitivity, parse_topic

Delivery = Literal["instant", "digest"]
DELIVERIES: tuple[Delivery, ...] = ("instant", "digest")
MAX_PER_CHAT = 50


class SubscriptionError(ArticlebotError):
    """A subscription that does not exist in this chat, or one too many."""


@dataclass(frozen=True)
class SubscriptionInfo:
    id: int
    chat_id: int
    query: str
    sensitivity: Sensitivity
    delivery: Delivery
    paused: str | None  # None: active; "user"; "blocked"
    created_at: datetime

    @property
    def active(self) -> bool:
        return self.paused is None


@dataclass(frozen=True)
class ChatInfo:
    chat_id: int
    schedule: DigestSchedule | None
    next_digest_at: datetime | None
    last_digest_at: datetime | None
    quiet: QuietHours | None
    quiet_zone: str | None
    subscriptions: tuple[SubscriptionInfo, ...]


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _info(row: Subscription) -> SubscriptionInfo:
    return SubscriptionInfo(
        row.id, row.chat_id, row.query, row.sensitivity,  # type: ignore[arg-type]
        row.delivery, row.paused, utc(row.created_at),  # type: ignore[arg-type]
    )  # fmt: skip


class SubscriptionService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    # -- subscriptions -------------------------------------------------------------------

    def subscribe(
        self,
        chat_id: int,
        query: str,
        *,
        sensitivity: Sensitivity = "best",
        delivery: Delivery = "instant",
        now: datetime | None = None,
    ) -> tuple[SubscriptionInfo, bool]:
        """The chat's subscription to `query` (a QueryError if it cannot be a topic) and
        whether it is new; subscribing again to the same words returns the one there is."""
        text = " ".join(query.replace("\x00", " ").split())
        parse_topic(text)
        if sensitivity not in SENSITIVITIES or delivery not in DELIVERIES:
            raise SubscriptionError(f"unknown setting {sensitivity!r}/{delivery!r}")
        with self._sessions.begin() as session:
            existing = self._by_query(session, chat_id, text)
            if existing is not None:
                return _info(existing), False
            count = session.scalar(
                select(func.count()).where(Subscription.chat_id == chat_id)
            ) or 0  # fmt: skip
            if count >= MAX_PER_CHAT:
                raise SubscriptionError(
                    f"This chat has {count} topics, the most it can have; remove one first "
                    "(/unsubscribe)"
                )
            row = Subscription(
                chat_id=chat_id, query=text, sensitivity=sensitivity, delivery=delivery,
                paused=None, created_at=now or now_utc(),
            )  # fmt: skip
            session.add(row)
            try:
                session.flush()
            except IntegrityError:  # the same topic, subscribed at the same moment
                session.rollback()
                with self._sessions() as again:
                    found = self._by_query(again, chat_id, text)
                    if found is None:
                        raise
                    return _info(found), False
            return _info(row), True

    def count(self) -> int:
        """Subscriptions in all chats (/stats)."""
        with self._sessions() as session:
            return session.scalar(select(func.count()).select_from(Subscription)) or 0

    def list(self, chat_id: int) -> list[SubscriptionInfo]:
        with self._sessions() as session:
            rows = session.scalars(
                select(Subscription)
                .where(Subscription.chat_id == chat_id)
                .order_by(Subscription.id)
            )
            return [_info(row) for row in rows]

    def get(self, chat_id: int, subscription_id: int) -> SubscriptionInfo:
        with self._sessions() as session:
            return _info(self._owned(session, chat_id, subscription_id))

    def update(
        self,
        chat_id: int,
        subscription_id: int,
        *,
        paused: bool | None = None,
        sensitivity: Sensitivity | None = None,
        delivery: Delivery | None = None,
    ) -> SubscriptionInfo:
        with self._sessions.begin() as session:
            row = self._owned(session, chat_id, subscription_id)
            if paused is not None:
                row.paused = "user" if paused else None
            if sensitivity is not None:
                row.sensitivity = sensitivity
            if delivery is not None:
                row.delivery = delivery
            session.flush()
            return _info(row)

    def remove(self, chat_id: int, subscription_id: int) -> SubscriptionInfo:
        with self._sessions.begin() as session:
            row = self._owned(session, chat_id, subscription_id)
            info = _info(row)
            session.delete(row)
            return info

    def find(self, chat_id: int, query: str) -> SubscriptionInfo:
        """The chat's subscription to these words (as /unsubscribe names it)."""
        text = " ".join(query.split())
        with self._sessions() as session:
            row = self._by_query(session, chat_id, text)
            if row is None:
                raise SubscriptionError(
                    f"This chat has no topic {_shorten(text)!r}; /subscriptions lists its topics"
                )
            return _info(row)

    def resume_blocked(self, chat_id: int, language: str | None = None) -> int:
        """The chat wrote again after blocking the bot: what the block paused resumes. Also
        notes the language its user writes in (for its alerts and digests), when known."""
        with self._sessions.begin() as session:
            settings = session.get(ChatSettings, chat_id)
            if language and (settings is None or settings.language != language[:16]):
                settings = settings or ChatSettings(chat_id=chat_id)
                settings.language = language[:16]
                session.add(settings)
            if settings is None or settings.blocked_at is None:
                return 0
            settings.blocked_at = None
            result = session.execute(
                update(Subscription)
                .where(Subscription.chat_id == chat_id, Subscription.paused == "blocked")
                .values(paused=None)
            )
            return int(getattr(result, "rowcount", 0) or 0)

    @staticmethod
    def _by_query(session: Session, chat_id: int, text: str) -> Subscription | None:
        return session.scalars(
            select(Subscription).where(
                Subscription.chat_id == chat_id, func.lower(Subscription.query) == text.lower()
            )
        ).first()

    @staticmethod
    def _owned(session: Session, chat_id: int, subscription_id: int) -> Subscription:
        # A forged id past the column's range is as unknown as any other.
        row = session.get(Subscription, subscription_id) if 0 < subscription_id < 2**31 else None
        if row is None or row.chat_id != chat_id:  # another chat's is as good as none
            raise SubscriptionError(
                "That topic is not in this chat any more; /subscriptions lists its topics"
            )
        return row

    # -- chat settings -------------------------------------------------------------------

    def chat(self, chat_id: int) -> ChatInfo:
        with self._sessions() as session:
            settings = session.get(ChatSettings, chat_id)
            subscriptions = tuple(self.list(chat_id))
            if settings is None:
                return ChatInfo(chat_id, None, None, None, None, None, subscriptions)
            return ChatInfo(
                chat_id,
                parse_schedule(settings.digest_schedule) if settings.digest_schedule else None,
                utc(settings.next_digest_at) if settings.next_digest_at else None,
                utc(settings.last_digest_at) if settings.last_digest_at else None,
                parse_quiet(settings.quiet_hours) if settings.quiet_hours else None,
                settings.quiet_zone,
                subscriptions,
            )

    def schedule_digest(
        self, chat_id: int, text: str, now: datetime | None = None
    ) -> tuple[DigestSchedule, datetime]:
        """Schedule the chat's digest ("08:00 Europe/Berlin weekdays"): the schedule and
        its next run (a ScheduleError, with the format, if the text is not one)."""
        schedule = parse_schedule(text)
        upcoming = next_run(schedule, now or now_utc())
        with self._sessions.begin() as session:
            settings = self._settings(session, chat_id)
            settings.digest_schedule = schedule.describe()
            settings.time_zone = schedule.zone
            settings.next_digest_at = upcoming
        return schedule, upcoming

    def digest_off(self, chat_id: int) -> bool:
        """Stop the scheduled digest; False if there was none."""
        with self._sessions.begin() as session:
            settings = session.get(ChatSettings, chat_id)
            if settings is None or settings.digest_schedule is None:
                return False
            settings.digest_schedule = None
            settings.next_digest_at = None
            return True

    def set_quiet(self, chat_id: int, text: str, zone: str | None = None) -> QuietHours | None:
        """Quiet hours ("22:00-07:00", or "off": None) in `zone`, else in the digest's zone,
        else UTC; the zone stays theirs (a later /digest_at does not move them)."""
        quiet = parse_quiet(text)
        named = parse_zone(zone) if zone is not None else None
        with self._sessions.begin() as session:
            settings = self._settings(session, chat_id)
            settings.quiet_hours = quiet.describe() if quiet else None
            settings.quiet_zone = (named or settings.time_zone or "UTC") if quiet else None
        return quiet

    @staticmethod
    def _settings(session: Session, chat_id: int) -> ChatSettings:
        settings = session.get(ChatSettings, chat_id)
        if settings is None:
            settings = ChatSettings(chat_id=chat_id)
            session.add(settings)
        return settings
