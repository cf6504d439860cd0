"""The outbox on real SQLite and PostgreSQL: one row per decision, leases, settling, and
several senders on PostgreSQL never holding one row twice."""

from __future__ import annotations

import gc
import json
import threading
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

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


def test_relative_dates_in_topics_count_from_the_day_they_are_matched(library: Library) -> None:
    # A matcher kept across days must not keep the day its topics were compiled on: a week
    # later "since:1d" still meant the first day (the review of the kept matcher found it).
    library.subscriptions.subscribe(1, "coffee since:1d", sensitivity="all", now=NOW)
    with library.sessions() as session:
        topics = library.alerts._subscriptions(session)
    first = library.alerts._matcher_for(topics, date(2026, 12, 2))
    assert first._for("en")[1][topics[0].id].query.since == date(2026, 12, 1)
    later = library.alerts._matcher_for(topics, date(2026, 12, 9))
    assert later._for("en")[1][topics[0].id].query.since == date(2026, 12, 8)
    assert library.alerts._matcher_for(topics, date(2026, 12, 9)) is later  # kept that day


def test_overlapping_pauses_from_two_threads_leave_the_collector_on() -> None:
    # A in, B in, A out, B out: the collector stays off until the last one leaves, then on.
    a_in, b_in, a_out = threading.Event(), threading.Event(), threading.Event()
    seen: list[bool] = []

    def a() -> None:
        with cyclic_gc_paused():
            a_in.set()
            b_in.wait()
        a_out.set()

    def b() -> None:
        a_in.wait()
        with cyclic_gc_paused():
            b_in.set()
            a_out.wait()
            seen.append(gc.isenabled())  # A has left, B is still inside

    threads = [threading.Thread(target=a), threading.Thread(target=b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert seen == [False]
    assert gc.isenabled()


def test_rows_this_release_cannot_read_fail_alone(library: Library) -> None:
    sub, _ = library.subscriptions.subscribe(1, "crude oil", sensitivity="all", now=NOW)
    add(library, "good", OIL)
    with library.sessions() as session:
        article = session.scalars(select(Article.id)).one()
    bad = [
        {"subscription_id": sub.id, "article_id": "x"},
        ["not", "a", "dict"],
        {"subscription_id": sub.id, "article_id": [article]},
        {"subscription_id": sub.id},
    ]
    with library.sessions.begin() as session:
        for n, payload in enumerate(bad):
            enqueue(session, key=f"bad{n}", chat_id=1, kind="alert", now=NOW,
                    payload=payload, subscription_id=sub.id)  # type: ignore[arg-type]  # fmt: skip
        enqueue(session, key="good", chat_id=2, kind="alert", now=NOW, subscription_id=sub.id,
                payload={"subscription_id": sub.id, "article_id": article, "passage_id": None,
                         "best": True})  # fmt: skip
        enqueue(session, key="broken", chat_id=3, kind="digest", now=NOW, payload={})
        session.execute(
            update(OutboxMessage).where(OutboxMessage.key == "broken").values(payload="{oops")
        )
    claimed = library.outbox.claim(NOW, limit=20, per_chat=20)
    assert [d.key for d in claimed] == ["good"]
    assert claimed[0].payload["title"] == "good"
    with library.sessions() as session:
        failed = dict(session.execute(
            select(OutboxMessage.key, OutboxMessage.last_error)
            .where(OutboxMessage.status == "failed")
        ).all())  # fmt: skip
    assert failed == {**{f"bad{n}": "cancelled: its outbox row cannot be read" for n in range(4)},
                      "broken": "cancelled: its payload is not JSON"}  # fmt: skip


def test_an_updated_article_shows_its_one_passage_about_the_topic(library: Library) -> None:
    library.subscriptions.subscribe(1, "crude oil", sensitivity="all", now=NOW - timedelta(1))
    add(library, "long", OIL)
    assert library.alerts.match_pending().alerts == 1
    filler = "\n\n".join(f"Paragraph {n} is about the weather and nothing else at all. " * 12
                         for n in range(40))  # fmt: skip
    oil = "Crude oil stocks fell again, and crude oil traders said so twice."
    add(library, "long", f"{filler}\n\n{oil}\n\n{filler}")  # updated: a long article now
    (delivery,) = library.outbox.claim(NOW + timedelta(1))
    assert oil in delivery.payload["passage"]
    assert len(delivery.payload["passage"]) < 2_000  # one passage, not the whole article
