"""The outbox on real SQLite and PostgreSQL: one row per decision, leases, settling, and
several senders on PostgreSQL never holding one row twice."""

from __future__ import annotations

import gc
import json
import threading
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from articles.alerts import cyclic_gc_paused
from articles.extracted import Extracted
from articles.library import Library
from articles.models import Article, OutboxMessage
from articles.outbox import FIRST_RETRY, LEASE, Outbox, enqueue
from articles.store import delete_article

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
OIL = "Crude oil prices jumped. Crude oil output was cut. Oil traders said crude oil is tight."


@pytest.fixture
def library(database_url: str, tmp_path: Path) -> Iterator[Library]:
    opened = Library.open(database_url, tmp_path / "index")
    yield opened
    opened.close()


def put(library: Library, key: str, chat_id: int = 1, kind: str = "digest") -> bool:
    with library.sessions.begin() as session:
        return enqueue(session, key=key, chat_id=chat_id, kind=kind,  # type: ignore[arg-type]
                       payload={"n": key}, now=NOW)  # fmt: skip


def add(library: Library, name: str, text: str) -> None:
    extracted = Extracted(title=name, text=text, site="example.com", language="en", url=None,
                          published=None)  # fmt: skip
    library.add_article(extracted, url=f"https://example.com/{name}", kind="url", source=name)


def test_a_second_decision_makes_no_second_message(library: Library) -> None:
    assert put(library, "alert:1:1") is True
    assert put(library, "alert:1:1") is False
    assert library.outbox.pending() == 1


def test_a_claim_leases_rows_until_settled_or_released(library: Library) -> None:
    for n in range(8):
        put(library, f"k{n}", chat_id=n % 2)
    mine = library.outbox.claim(NOW, limit=10, per_chat=3)
    assert [row.chat_id for row in mine] == [0, 1, 0, 1, 0, 1]  # oldest first, 3 per chat
    other = Outbox(library.sessions)
    assert [row.key for row in other.claim(NOW)] == ["k6", "k7"]  # the rest, not mine
    library.outbox.part_sent(mine[0].id, 1, done=True, now=NOW)
    library.outbox.retry_later(mine[1].id, "502 Bad Gateway", NOW)
    assert library.outbox.release() == 4  # mine, unsettled, back to the pool
    again = [row.key for row in other.claim(NOW, limit=20, per_chat=20)]
    assert again == ["k2", "k3", "k4", "k5"]
    later = other.claim(NOW + FIRST_RETRY + LEASE, limit=20, per_chat=20)
    assert [row.key for row in later] == ["k1", "k2", "k3", "k4", "k5", "k6", "k7"]
    assert later[0].attempts == 1


def test_a_blocked_chat_pauses_its_topics_and_a_moved_group_takes_them_along(
    library: Library,
) -> None:
    sub, _ = library.subscriptions.subscribe(-5, "crude oil", sensitivity="all", now=NOW)
    put(library, "a", chat_id=-5)
    library.outbox.chat_moved(-5, -1005)
    assert [s.chat_id for s in library.subscriptions.list(-1005)] == [-1005]
    assert [row.chat_id for row in library.outbox.claim(NOW)] == [-1005]
    library.outbox.chat_blocked(-1005, "Forbidden: bot was kicked", NOW)
    assert library.subscriptions.get(-1005, sub.id).paused == "blocked"
    assert library.outbox.pending() == 0  # settled as failed, with the reason kept
    assert library.subscriptions.resume_blocked(-1005) == 1
    assert library.subscriptions.get(-1005, sub.id).paused is None


def test_alerts_are_decided_once_even_by_two_matchers(library: Library) -> None:
    library.subscriptions.subscribe(1, "crude oil", sensitivity="all", now=NOW - timedelta(days=1))
    for n in range(30):
        add(library, f"oil-{n}", f"{OIL} Story {n}.")
    other = Library(library._engine)  # a second process's services on the same database
    threads = [threading.Thread(target=lib.alerts.match_pending) for lib in (library, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with library.sessions() as session:
        keys = session.scalars(select(OutboxMessage.key)).all()
    assert len(keys) == 30 == len(set(keys))


def test_two_senders_on_postgresql_never_hold_one_row(postgres_url: str, tmp_path: Path) -> None:
    """Several senders run on PostgreSQL only (SQLite runs one)."""
    library = Library.open(postgres_url, tmp_path / "pg-index")
    for n in range(300):
        put(library, f"r{n}", chat_id=n % 40)
    got: Counter[str] = Counter()
    lock = threading.Lock()

    def sender() -> None:
        outbox = Outbox(library.sessions)
        while rows := outbox.claim(NOW, limit=7, per_chat=2):
            for row in rows:
                outbox.part_sent(row.id, 1, done=True, now=NOW)
            with lock:
                got.update(row.key for row in rows)

    threads = [threading.Thread(target=sender) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    library.close()
    assert len(got) == 300 and set(got.values()) == {1}


def test_a_scheduled_digest_is_decided_once_by_two_processes(library: Library) -> None:
    soon = datetime.now(UTC) + timedelta(minutes=2)
    _, upcoming = library.subscriptions.schedule_digest(3, f"{soon:%H:%M} UTC")
    add(library, "oil", OIL)
    other = Library(library._engine)
    reports: list[object] = []
    threads = [
        threading.Thread(target=lambda lib=lib: reports.extend(lib.digests.run_due(upcoming)))
        for lib in (library, other)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(reports) == 1
    assert [row.kind for row in library.outbox.claim(upcoming)] == ["digest"]
    assert library.subscriptions.chat(3).next_digest_at == upcoming + timedelta(days=1)


def test_an_alert_names_its_passage_and_reads_the_text_when_claimed(library: Library) -> None:
    sub, _ = library.subscriptions.subscribe(
        1, "crude oil", sensitivity="all", now=NOW - timedelta(days=1)
    )
    for name in ("first", "second", "third"):
        add(library, name, f"{OIL} The {name} story.")
    assert library.alerts.match_pending().alerts == 3
    with library.sessions() as session:
        stored = [json.loads(row.payload) for row in session.scalars(select(OutboxMessage))]
        third = session.scalars(select(Article.id).where(Article.title == "third")).one()
    assert {tuple(sorted(p)) for p in stored} == {
        ("article_id", "best", "passage_id", "subscription_id")  # ids, not texts
    }
    # Before the alerts go out: the second article is updated (its passage is gone, and the
    # alert shows the article as it is now), the third is removed (its alert is cancelled).
    add(library, "second", "Crude oil was revised. Crude oil stocks fell, oil traders said.")
    with library.sessions.begin() as session:
        assert delete_article(session, third)
        # An alert decided by the previous release carries everything it shows.
        enqueue(session, key="old", chat_id=1, kind="alert", now=NOW, subscription_id=sub.id,
                payload={"topic": "crude oil", "subscription_id": sub.id, "article_id": 999,
                         "title": "Old", "url": "https://example.com/old", "site": "example.com",
                         "published": None, "passage": "Old crude oil text.", "language": "en",
                         "best": True, "chat_language": None})  # fmt: skip
    claimed = {d.payload["title"]: d.payload for d in library.outbox.claim(NOW + timedelta(1))}
    assert sorted(claimed) == ["Old", "first", "second"]
    assert claimed["first"]["passage"] == f"{OIL} The first story."
    assert claimed["first"]["topic"] == "crude oil"
    assert claimed["first"]["url"] == "https://example.com/first"
    assert claimed["second"]["passage"] == (
        "Crude oil was revised. Crude oil stocks fell, oil traders said."
    )
    assert claimed["Old"]["passage"] == "Old crude oil text."
    with library.sessions() as session:
        cancelled = session.scalars(
            select(OutboxMessage.last_error).where(OutboxMessage.status == "failed")
        ).all()
    assert cancelled == ["cancelled: the article was removed"]


def test_matching_pauses_the_cyclic_collector_and_restores_it(library: Library) -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError), cyclic_gc_paused():
        assert not gc.isenabled()
        raise RuntimeError("a failure inside")
    assert gc.isenabled()
    gc.disable()  # whoever turned it off keeps it off
    try:
        with cyclic_gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
    library.alerts.match_pending()
    assert gc.isenabled()
