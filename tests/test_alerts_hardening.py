"""Alerts, digests and the outbox at their edges: what a second reader of the first version
found (each test failed then), kept as regression tests."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from articles.extracted import Extracted
from articles.library import Library
from articles.models import Article
from articles.outbox import Outbox, enqueue
from articles.topics import ArticleText, compile_topic, match

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


@pytest.fixture
def library(database_url: str, tmp_path: Path) -> Iterator[Library]:
    opened = Library.open(database_url, tmp_path / "index")
    yield opened
    opened.close()


def add(library: Library, name: str, text: str) -> int:
    extracted = Extracted(title=name, text=text, site="example.com", language="en", url=None,
                          published=None)  # fmt: skip
    result = library.add_article(
        extracted, url=f"https://example.com/{name}", kind="url", source=name
    )
    assert result.article_id is not None
    return result.article_id


# 1. Was: `/subscribe coffee OR tea` silently means coffee AND tea.
def test_or_between_words_in_a_topic_is_an_alternative() -> None:
    topic = compile_topic(1, "coffee OR tea", "en", best_only=False)
    article = ArticleText(
        1,
        "Coffee prices",
        "example.com",
        "https://example.com/c",
        None,
        "en",
        ("Coffee prices fell after a large harvest in Brazil.",),
    )
    assert match(topic, article, lambda _t: 1.0) is not None, (
        f"'coffee OR tea' requires {sorted(topic.required)}: OR between words is ignored"
    )


# 2. Was: A group upgraded to a supergroup whose new chat already has the same topic (or listed
#    the same article in a digest): chat_moved raises IntegrityError, the alert is stuck.
def test_chat_moved_when_the_supergroup_already_has_the_topic(library: Library) -> None:
    old, new = -100, -1001234
    library.subscriptions.subscribe(old, "crude oil")
    library.subscriptions.subscribe(new, "crude oil")  # an admin subscribed again after upgrade
    library.outbox.chat_moved(old, new)  # raises IntegrityError today
    assert [s.query for s in library.subscriptions.list(new)] == ["crude oil"]


# 3. Was: "…and N more: /digest again for the next ones" was false: the next /digest
#    never listed them.
def test_digest_more_are_listed_by_the_next_digest(library: Library) -> None:
    for n in range(65):
        add(library, f"Story {n}", f"Story number {n} happened today. It was notable {n}.")
    with library.sessions.begin() as session:  # stored an hour ago
        session.execute(update(Article).values(ingested_at=datetime.now(UTC) - timedelta(hours=1)))
    now = datetime.now(UTC)
    first = library.digests.prepare(1, now=now)
    assert first is not None and first.articles == 60
    second = library.digests.prepare(1, now=now + timedelta(minutes=1))
    assert second is not None
    assert second.articles == 5, "the 5 articles the first digest promised are never listed"


# 4. Was: /quiet 22:00-07:00 America/New_York, then /digest_at ... Europe/Berlin: quiet hours now
#    silently run on Berlin time (6 hours off), though the user named New York for them.
def test_quiet_hours_keep_the_zone_they_were_given(library: Library) -> None:
    subs = library.subscriptions
    subs.set_quiet(7, "22:00-07:00", "America/New_York")
    subs.schedule_digest(7, "08:00 Europe/Berlin")
    assert subs.chat(7).quiet_zone == "America/New_York"


# 5. Was: SQLite: "one sender runs" is not enforced; a second bot process starting on the same
#    database releases every lease, including the row the first sender is sending right now.
def test_sqlite_second_process_takes_a_row_in_flight(sqlite_url: str, tmp_path: Path) -> None:
    from bot.delivery import Intervals, NewsJobs

    a = Library.open(sqlite_url, tmp_path / "a")
    b = Library.open(sqlite_url, tmp_path / "b")
    first, second = NewsJobs(a, Intervals()), NewsJobs(b, Intervals())
    try:
        with a.sessions.begin() as session:
            enqueue(session, key="d:1", chat_id=1, kind="digest", payload={}, now=NOW)
        first.take_over()
        in_flight = a.outbox.claim(NOW)  # process A is sending it
        assert len(in_flight) == 1
        second.take_over()  # process B starts on the same file: it must not send
        assert second.sender.enabled is False
        assert Outbox(b.sessions).claim(NOW) == [], "process B claims the row A is sending"
        first.release_leases()  # A stops: B may take over at its next start
        second.take_over()
        assert second.sender.enabled is True
        assert len(Outbox(b.sessions).claim(NOW)) == 1
    finally:
        second.release_leases()
        a.close()
        b.close()


# 6. Was: "/digest asked twice is never suppressed": two plain digests of one chat decided at the
#    same time (a double-sent command; a scheduled digest at the moment of /digest; two bot
#    processes) collide on UNIQUE(digest_items.chat_id, article_id): one fails with an error.
def test_two_digests_at_once_both_answer(postgres_url: str, tmp_path: Path) -> None:
    import threading

    from articles.models import DigestItem

    library = Library.open(postgres_url, tmp_path / "index")
    try:
        add(library, "Bridge", "The council approved the bridge. Work starts in spring.")
        errors: list[BaseException] = []
        reports: list[object] = []

        def ask() -> None:
            try:
                reports.append(
                    library.digests.prepare(1, now=datetime.now(UTC) + timedelta(seconds=5))
                )
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=ask) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == [], f"a digest failed: {errors[0]!r}"
        assert sorted(r.articles for r in reports) == [0, 0, 0, 1]  # type: ignore[attr-defined]
        with library.sessions() as session:
            assert len(session.scalars(select(DigestItem)).all()) == 1
    finally:
        library.close()


# 7. Was: A topic removed (or paused) by the user still gets the alerts already decided for it,
#    e.g. held by quiet hours overnight: "Unsubscribe" does not stop them.
def test_a_removed_topic_sends_no_held_alerts(sqlite_url: str, tmp_path: Path) -> None:
    library = Library.open(sqlite_url, tmp_path / "index")
    try:
        sub, _ = library.subscriptions.subscribe(
            5, "crude oil", now=datetime.now(UTC) - timedelta(hours=1)
        )
        add(library, "Oil", "Crude oil prices jumped. Crude oil output was cut. Crude oil!")
        assert library.alerts.match_pending().alerts == 1
        library.subscriptions.remove(5, sub.id)
        assert library.outbox.claim(datetime.now(UTC)) == [], "the removed topic's alert is sent"
    finally:
        library.close()


# 8. Was: A forged callback id too big for the column raises instead of "that topic is gone".
def test_a_huge_subscription_id_is_not_found(sqlite_url: str, tmp_path: Path) -> None:
    from articles.subscriptions import SubscriptionError

    library = Library.open(sqlite_url, tmp_path / "index")
    try:
        with pytest.raises(SubscriptionError):
            library.subscriptions.get(5, 10**30)
    finally:
        library.close()


# 9. Was: One busy chat starves every other chat: claim() looks only at the oldest 4 × limit due
#    rows, so a group with 120+ waiting alerts (20 a minute: 6+ minutes of sending) holds back
#    a private chat's alert far beyond "within 30 seconds".
def test_a_busy_group_does_not_starve_other_chats(library: Library) -> None:
    with library.sessions.begin() as session:
        for n in range(130):
            enqueue(session, key=f"d:1:{n}", chat_id=-100, kind="digest", payload={}, now=NOW)
        enqueue(session, key="d:2:1", chat_id=2, kind="digest", payload={}, now=NOW)
    claimed = library.outbox.claim(NOW)
    assert 2 in {row.chat_id for row in claimed}, "chat 2 waits until the group's backlog drains"
