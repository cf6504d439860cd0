"""The outbox: every alert and digest is written here before anyone tries to send it.

Rows are written in the transaction that decides them (`enqueue`), under a unique key, so a
second decision cannot make a second message. A sender claims due rows with a lease
(`claim`), sends them, and marks each part sent only after Telegram accepted it. What a
crash can repeat is therefore the one message in flight at that instant: its row is still
claimed, and it is sent again once the lease runs out (at once on SQLite, where one sender
runs and a new process releases every lease on start).

On PostgreSQL several senders may run: the claim reads rows with FOR UPDATE SKIP LOCKED and
leases them in that transaction, so no two senders ever hold one row.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal, NamedTuple

from sqlalchemy import Select, delete, func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from articles.alert_content import complete_alerts
from articles.db import dialect_insert
from articles.models import ChatSettings, DigestItem, OutboxMessage, Subscription
from articles.schedule import QuietHours, parse_quiet, quiet_until

log = logging.getLogger(__name__)

Kind = Literal["alert", "digest"]
LEASE = timedelta(minutes=10)
# Retries of a row Telegram did not take (5xx, network, a long 429): doubling up to an hour.
FIRST_RETRY = timedelta(seconds=30)
MAX_RETRY = timedelta(hours=1)
MAX_ATTEMPTS = 20  # then the row is given up as failed (about 15 hours of retries)


@dataclass(frozen=True)
class Delivery:
    """A claimed outbox row: what to send, and how much of it was sent already."""

    id: int
    key: str
    chat_id: int
    kind: Kind
    payload: dict[str, Any]
    parts_sent: int
    attempts: int


def now_utc() -> datetime:
    return datetime.now(UTC)


def utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; they were stored in UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def enqueue(
    session: Session,
    *,
    key: str,
    chat_id: int,
    kind: Kind,
    payload: Mapping[str, Any],
    now: datetime,
    subscription_id: int | None = None,
) -> bool:
    """Write a message to the outbox in the caller's transaction; False if `key` is there
    already (decided before: nothing new is written)."""
    values = {
        "key": key,
        "chat_id": chat_id,
        "kind": kind,
        "subscription_id": subscription_id,
        "payload": json.dumps(payload, ensure_ascii=False),
        "created_at": now,
        "due_at": now,
        "status": "pending",
    }
    insert = dialect_insert(session)
    inserted = session.execute(
        insert(OutboxMessage)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(OutboxMessage.id)
    ).scalar()
    return inserted is not None


class Message(NamedTuple):
    """One outbox row to write (enqueue_many; thousands at once: a tuple is made fastest)."""

    key: str
    chat_id: int
    kind: Kind
    payload: Mapping[str, Any]
    subscription_id: int | None = None


def enqueue_many(session: Session, messages: Sequence[Message], now: datetime) -> int:
    """enqueue() for many rows (thousands of alerts may be decided at once); how many were
    new. One Core executemany: SQLAlchemy batches it into multi-row INSERTs itself, while an
    ORM `insert().values([...])` compiles every value of every row (2.2 s for 18,000 rows
    against 0.3 s, bench/alerts.py)."""
    if not messages:
        return 0
    table = OutboxMessage.__table__
    statement = (
        dialect_insert(session)(table)
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(table.c.id)
    )
    values = [
        {"key": m.key, "chat_id": m.chat_id, "kind": m.kind, "subscription_id": m.subscription_id,
         "payload": json.dumps(m.payload, ensure_ascii=False), "created_at": now,
         "due_at": now, "status": "pending"}
        for m in messages
    ]  # fmt: skip
    return len(session.connection().execute(statement, values).all())


def unique_key(prefix: str) -> str:
    """A key no other decision shares (an on-demand digest: asking twice sends twice)."""
    return f"{prefix}:{uuid.uuid4().hex}"


class Outbox:
    """Claiming and settling outbox rows; `owner` names this sender in its leases."""

    def __init__(self, sessions: sessionmaker[Session], owner: str | None = None) -> None:
        self._sessions = sessions
        self.owner = owner or uuid.uuid4().hex[:16]

    def claim(
        self,
        now: datetime,
        limit: int = 30,
        per_chat: int = 5,
        exclude: Collection[int] = (),
    ) -> list[Delivery]:
        """Lease up to `limit` due rows, at most `per_chat` per chat (the oldest of each chat,
        so one busy chat cannot hold back the others), none of the chats in `exclude` (this
        sender is still busy with them).

        Alerts to a chat in its quiet hours are not claimed: their due time moves to the end
        of the quiet hours. Alerts of a topic removed or paused since, or of an article
        removed since, are cancelled. What an alert shows is read now (alert_content)."""
        claimed: list[Delivery] = []
        taken: list[tuple[OutboxMessage, Delivery]] = []
        with self._sessions.begin() as session:
            rows = list(session.scalars(self._due(session, now, limit, per_chat, exclude)))
            alerts = [row for row in rows if row.kind == "alert"]
            quiet = self._quiet_hours(session, {row.chat_id for row in alerts})
            live = self._live_topics(session, {row.subscription_id for row in alerts})
            for row in rows:
                if row.kind == "alert" and row.subscription_id not in live:
                    row.status, row.last_error = (
                        "failed",
                        "cancelled: the topic was removed or paused",
                    )
                    continue
                if row.kind == "alert" and row.chat_id in quiet:
                    hours, zone = quiet[row.chat_id]
                    until = quiet_until(hours, zone, now)
                    if until is not None:
                        row.due_at = until
                        continue
                try:
                    payload = json.loads(row.payload)
                except ValueError:  # one unreadable row must not stop every claim
                    row.status, row.last_error = "failed", "cancelled: its payload is not JSON"
                    continue
                taken.append((row, Delivery(row.id, row.key, row.chat_id, row.kind, payload,
                                            row.parts_sent, row.attempts)))  # fmt: skip
            alerts = [delivery for _, delivery in taken if delivery.kind == "alert"]
            reasons = complete_alerts(session, [delivery.payload for delivery in alerts])
            unshown = {d.id: why for d, why in zip(alerts, reasons, strict=True) if why}
            for row, delivery in taken:
                if delivery.id in unshown:
                    row.status, row.last_error = "failed", unshown[delivery.id]
                    continue
                row.claimed_by, row.claimed_until = self.owner, now + LEASE
                claimed.append(delivery)
        return claimed

    @staticmethod
    def _due(
        session: Session, now: datetime, limit: int, per_chat: int, exclude: Collection[int]
    ) -> Select[Any]:
        due = [
            OutboxMessage.status == "pending",
            OutboxMessage.due_at <= now,
            or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
        ]
        if exclude:
            due.append(OutboxMessage.chat_id.not_in(list(exclude)))
        # Each chat's oldest rows first (a window function: PostgreSQL cannot lock its rows,
        # so the rows it picks are locked by the outer query).
        place = (
            func.row_number()
            .over(partition_by=OutboxMessage.chat_id, order_by=OutboxMessage.id)
            .label("place")
        )
        ranked = select(OutboxMessage.id, place).where(*due).subquery()
        fair = (
            select(ranked.c.id)
            .where(ranked.c.place <= per_chat)
            .order_by(ranked.c.place, ranked.c.id)
            .limit(limit)
        )
        query = select(OutboxMessage).where(OutboxMessage.id.in_(fair), *due)
        query = query.order_by(OutboxMessage.id)
        if session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        return query

    @staticmethod
    def _live_topics(session: Session, ids: set[int | None]) -> set[int | None]:
        wanted = [i for i in ids if i is not None]
        if not wanted:
            return set()
        rows = session.scalars(
            select(Subscription.id).where(
                Subscription.id.in_(wanted), Subscription.paused.is_(None)
            )
        )
        return set(rows)

    @staticmethod
    def _quiet_hours(session: Session, chats: set[int]) -> dict[int, tuple[QuietHours, str]]:
        if not chats:
            return {}
        found = {}
        rows = session.execute(
            select(ChatSettings.chat_id, ChatSettings.quiet_hours, ChatSettings.quiet_zone).where(
                ChatSettings.chat_id.in_(chats), ChatSettings.quiet_hours.is_not(None)
            )
        )
        for chat_id, text, zone in rows:
            hours = parse_quiet(text or "off")
            if hours is not None:
                found[chat_id] = (hours, zone or "UTC")
        return found

    def part_sent(self, row_id: int, parts_sent: int, *, done: bool, now: datetime) -> None:
        """Telegram took part `parts_sent - 1` of the row (all of it when `done`)."""
        with self._sessions.begin() as session:
            values: dict[str, Any] = {"parts_sent": parts_sent}
            if done:
                values |= {"status": "sent", "sent_at": now, "claimed_until": None}
            session.execute(update(OutboxMessage).where(OutboxMessage.id == row_id).values(values))

    def retry_later(
        self, row_id: int, error: str, now: datetime, at_least: timedelta = timedelta(0)
    ) -> None:
        """Telegram did not take it for now: try again after a backoff (`at_least` that:
        a 429's retry_after), or give it up."""
        with self._sessions.begin() as session:
            row = session.get(OutboxMessage, row_id)
            if row is None:
                return
            row.attempts += 1
            row.last_error = error[:500]
            row.claimed_until = None
            if row.attempts >= MAX_ATTEMPTS:
                row.status = "failed"
                log.error(
                    "outbox row %s given up after %d attempts: %s", row_id, row.attempts, error
                )
                return
            backoff = min(MAX_RETRY, FIRST_RETRY * 2 ** (row.attempts - 1))
            row.due_at = now + max(backoff, at_least)

    def failed(self, row_id: int, error: str) -> None:
        """Never to be sent (Telegram refuses the message itself)."""
        with self._sessions.begin() as session:
            session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == row_id)
                .values(status="failed", last_error=error[:500], claimed_until=None)
            )

    def chat_blocked(self, chat_id: int, error: str, now: datetime) -> None:
        """The chat blocked the bot (or is gone): its subscriptions pause until it writes again,
        and what was waiting for it is settled as failed (kept, with the reason)."""
        with self._sessions.begin() as session:
            session.execute(
                update(Subscription)
                .where(Subscription.chat_id == chat_id, Subscription.paused.is_(None))
                .values(paused="blocked")
            )
            settings = session.get(ChatSettings, chat_id) or ChatSettings(chat_id=chat_id)
            settings.blocked_at = now
            session.add(settings)
            session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.chat_id == chat_id, OutboxMessage.status == "pending")
                .values(status="failed", last_error=error[:500], claimed_until=None)
            )
        log.info("chat %s blocked the bot: its subscriptions are paused", chat_id)

    def chat_moved(self, old: int, new: int) -> None:
        """A group became a supergroup: everything of the old chat id follows to the new one,
        merged with what the new id already has (its topic of the same words, its listed
        articles and its settings win)."""
        with self._sessions.begin() as session:
            theirs = {
                q.lower()
                for q in session.scalars(
                    select(Subscription.query).where(Subscription.chat_id == new)
                )
            }
            for sub in session.scalars(select(Subscription).where(Subscription.chat_id == old)):
                if sub.query.lower() in theirs:
                    session.delete(sub)
                else:
                    sub.chat_id = new
            listed = select(DigestItem.article_id).where(DigestItem.chat_id == new)
            session.execute(
                delete(DigestItem).where(
                    DigestItem.chat_id == old, DigestItem.article_id.in_(listed)
                )
            )
            session.execute(update(DigestItem).where(DigestItem.chat_id == old).values(chat_id=new))
            session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.chat_id == old)
                .values(chat_id=new, claimed_until=None)
            )
            if session.get(ChatSettings, new) is None:
                session.execute(
                    update(ChatSettings).where(ChatSettings.chat_id == old).values(chat_id=new)
                )
            else:
                session.execute(delete(ChatSettings).where(ChatSettings.chat_id == old))
        log.info("chat %s moved to %s (a supergroup): its topics follow", old, new)

    def release(self, *, everyone: bool = False, ids: Sequence[int] | None = None) -> int:
        """Give back this sender's leases (a clean stop; or only those of `ids`), or every
        lease (a new process on SQLite, where it is the only sender): the rows can be claimed
        again at once."""
        with self._sessions.begin() as session:
            query = update(OutboxMessage).where(
                OutboxMessage.status == "pending", OutboxMessage.claimed_until.is_not(None)
            )
            if not everyone:
                query = query.where(OutboxMessage.claimed_by == self.owner)
            if ids is not None:
                query = query.where(OutboxMessage.id.in_(ids))
            result = session.execute(query.values(claimed_until=None, claimed_by=None))
        return int(getattr(result, "rowcount", 0) or 0)

    def pending(self, chat_id: int | None = None) -> int:
        """Rows not yet sent (tests, `/settings`)."""
        with self._sessions() as session:
            query = select(OutboxMessage.id).where(OutboxMessage.status == "pending")
            if chat_id is not None:
                query = query.where(OutboxMessage.chat_id == chat_id)
            return len(session.scalars(query).all())
