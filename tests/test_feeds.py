"""Feeds over real HTTP from a loopback server: followed, polled politely, each entry stored
once as a whole article, broken feeds failing alone and loudly enough, never silently."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

import articles.feeding as feeding
from articles.errors import ArticlebotError
from articles.library import FetchPolicy, Library
from articles.models import Article, Feed, FeedEntry
from articles.sources.feeds import FeedError, parse_feed
from tests.pages_server import PagesServer, article_page, rss, story


@pytest.fixture
def library(database_url: str, tmp_path: Path) -> Iterator[Library]:
    opened = Library.open(database_url, tmp_path / "index", FetchPolicy(allow_private=True))
    yield opened
    opened.close()


def full_items(numbers: range, server: PagesServer) -> list[dict[str, str]]:
    return [
        {"guid": f"story-{n}", "link": server.url(f"/story/{n}"), "title": f"Harbour story {n}",
         "content": story(n), "date": "Tue, 05 Mar 2024 10:00:00 GMT"}
        for n in numbers
    ]  # fmt: skip


def test_adding_a_feed_indexes_its_entries_as_backlog_and_polls_find_only_new_ones(
    library: Library, server: PagesServer
) -> None:
    server.feed("/feed.xml", rss(full_items(range(3), server)))
    info, first = library.feeds.add(server.url("/feed.xml"))
    assert (first.status, first.added, first.failed) == ("ok", 3, 0)
    assert info.title == "Example News" and info.entries == 3
    hit = library.search("harbour committee number 1 met").hits[0]
    assert hit.title == "Harbour story 1" and hit.url == server.url("/story/1")
    assert str(hit.published_on) == "2024-03-05"

    [unchanged] = library.feeds.poll()
    assert unchanged.status == "not-modified"  # ETag sent back, 304

    server.feed("/feed.xml", rss(full_items(range(5), server)))
    [second] = library.feeds.poll()
    assert (second.status, second.added, second.duplicate) == ("ok", 2, 0)
    with library.sessions() as session:
        backlog = dict(session.execute(select(Article.title, Article.backlog)).all())
    assert backlog["Harbour story 0"] is True  # came with the feed: never announced
    assert backlog["Harbour story 4"] is False  # new since: alerts will announce it
    [listed] = library.feeds.feeds()
    assert listed.entries == 5 and listed.last_error is None
    assert listed.last_success_at is not None and listed.next_poll_at is not None


def test_a_teaser_entry_is_completed_from_its_page_and_the_entry_title_wins(
    library: Library, server: PagesServer
) -> None:
    server.page("/news/bridge", article_page("Page headline | Daily Example"))
    items = [{"guid": "b", "link": server.url("/news/bridge"), "title": "Bridge approved",
              "description": "The council approved the bridge. Read more…",
              "author": "Ada Reporter"}]  # fmt: skip
    server.feed("/feed.xml", rss(items))
    _, result = library.feeds.add(server.url("/feed.xml"))
    assert result.added == 1
    hit = library.search("tram tracks bicycles pedestrians").hits[0]
    assert hit.title == "Bridge approved"
    assert server.hits["/news/bridge"] == 1
    library.feeds.poll()
    assert server.hits["/news/bridge"] == 1  # a seen entry is never fetched again


def test_a_page_finds_its_feed_and_atom_and_json_feed_are_read(
    library: Library, server: PagesServer
) -> None:
    atom = (
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom News</title>'
        f'<entry><id>tag:a,1</id><title>Atom story</title><link href="{server.url("/a/1")}"/>'
        f"<updated>2024-04-01T00:00:00Z</updated><content type='html'><![CDATA[{story(11)}]]>"
        "</content></entry></feed>"
    )
    server.feed("/atom.xml", atom, "application/atom+xml")
    alternate = (
        f"<link rel='alternate' type='application/atom+xml' href='{server.url('/atom.xml')}'>"
    )
    server.page("/", article_page(head=alternate))
    info, result = library.feeds.add(server.url("/"))
    assert info.url == server.url("/atom.xml") and result.added == 1
    json_feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "JSON News",
        "items": [{"id": "j1", "url": server.url("/j/1"), "title": "JSON story",
                   "content_html": story(12), "date_published": "2024-05-01T00:00:00Z"}],
    }  # fmt: skip
    server.feed("/feed.json", json.dumps(json_feed), "application/feed+json")
    info, result = library.feeds.add(server.url("/feed.json"))
    assert info.title == "JSON News" and result.added == 1
    assert library.search("harbour committee number 12").hits[0].title == "JSON story"


def test_the_same_story_in_two_feeds_is_stored_once(library: Library, server: PagesServer) -> None:
    items = full_items(range(2), server)
    server.feed("/one.xml", rss(items))
    elsewhere = [
        {**item, "guid": "other-" + item["guid"], "link": item["link"] + "?utm_source=two"}
        for item in items
    ]
    server.feed("/two.xml", rss(elsewhere))
    library.feeds.add(server.url("/one.xml"))
    _, second = library.feeds.add(server.url("/two.xml"))
    assert (second.added, second.duplicate) == (0, 2)
    assert library.stats().articles == 2


def test_a_failing_feed_backs_off_reports_once_and_recovers(
    library: Library, server: PagesServer
) -> None:
    server.feed("/feed.xml", rss(full_items(range(1), server)))
    info, _ = library.feeds.add(server.url("/feed.xml"))
    del server.routes["/feed.xml"]  # the feed now answers 404
    reports, waits = [], []
    for _ in range(feeding.FAILURES_TO_REPORT + 1):
        [result] = library.feeds.poll()
        reports.append(result.report)
        [state] = library.feeds.feeds()
        assert state.last_polled_at is not None and state.next_poll_at is not None
        waits.append(state.next_poll_at - state.last_polled_at)
        assert result.status == "failed" and "404" in (result.error or "")
    assert reports == [None, None, "failing", None]  # one message, not a stream
    assert waits == sorted(waits) and waits[0] < waits[-1]  # exponential backoff
    [state] = library.feeds.feeds()
    assert state.failures == feeding.FAILURES_TO_REPORT + 1 and "404" in (state.last_error or "")
    assert not library.feeds.poll(due_only=True)  # not due again yet
    server.feed("/feed.xml", rss(full_items(range(2), server)))
    [recovered] = library.feeds.poll()
    assert (recovered.status, recovered.report, recovered.added) == ("ok", "recovered", 1)
    assert library.feeds.info(info.id).failures == 0


def test_ttl_and_cache_control_stretch_the_interval_within_bounds(
    library: Library, server: PagesServer
) -> None:
    server.feed("/slow.xml", rss(full_items(range(1), server), ttl=180))
    info, _ = library.feeds.add(server.url("/slow.xml"))
    assert info.interval_s == 180 * 60
    server.feed("/cached.xml", rss(full_items(range(1, 2), server)),
                headers={"Cache-Control": "max-age=999999"})  # fmt: skip
    info, _ = library.feeds.add(server.url("/cached.xml"))
    assert info.interval_s == feeding.MAX_INTERVAL_S


def test_a_feed_of_ten_thousand_entries_is_taken_in_bounded_steps(
    library: Library, server: PagesServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(feeding, "MAX_NEW_ENTRIES", 40)
    items = [{"guid": f"e{n}", "title": f"Entry {n}",
              "description": f"Entry {n} says the ferry number {n} left the harbour at noon today."}
             for n in range(10_000)]  # fmt: skip
    server.feed("/big.xml", rss(items))
    _, first = library.feeds.add(server.url("/big.xml"))
    assert (first.added, first.pending) == (40, 10_000 - 40)
    [second] = library.feeds.poll()
    assert (second.added, second.pending) == (40, 10_000 - 80)


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("<html><body><p>No feed here.</p></body></html>", "text/html"),
        ("just some text", "text/plain"),
        ('{"not": "a feed"}', "application/json"),
        ("\x00\x01\x02 binary", "application/octet-stream"),
    ],
)
def test_what_is_no_feed_is_refused_clearly(
    library: Library, server: PagesServer, body: str, content_type: str
) -> None:
    server.page("/x", body, content_type)
    with pytest.raises(ArticlebotError) as refused:
        library.feeds.add(server.url("/x"))
    assert "feed" in str(refused.value)
    assert library.feeds.feeds() == []


def test_a_broken_feed_fails_alone_and_the_others_are_polled(
    library: Library, server: PagesServer
) -> None:
    server.feed("/good.xml", rss(full_items(range(1), server)))
    server.feed("/other.xml", rss(full_items(range(5, 6), server)))
    library.feeds.add(server.url("/good.xml"))
    library.feeds.add(server.url("/other.xml"))
    server.page("/other.xml", "<rss><channel><item><title>half", "application/rss+xml")
    server.feed("/good.xml", rss(full_items(range(2), server)))
    results = {r.url: r for r in library.feeds.poll()}
    assert results[server.url("/good.xml")].added == 1
    assert results[server.url("/other.xml")].status in ("ok", "failed")  # recovered or refused


def test_an_interrupted_poll_is_finished_by_the_next_without_doubles(
    library: Library, server: PagesServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.feed("/feed.xml", rss(full_items(range(2), server)))
    library.feeds.add(server.url("/feed.xml"))
    server.feed("/feed.xml", rss(full_items(range(8), server)))
    real = library.feeds._store_entry
    calls = 0

    def dying(*args: object, **kwargs: object) -> object:
        nonlocal calls
        calls += 1
        if calls == 4:
            raise SystemExit("killed")  # as if the process died between two entries
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(library.feeds, "_store_entry", dying)
    with pytest.raises(SystemExit), library.ingest.web_client() as web:
        library.feeds.poll_one(library.feeds.feeds()[0].id, web)
    monkeypatch.setattr(library.feeds, "_store_entry", real)
    [result] = library.feeds.poll()
    assert result.added == 3  # 3 stored before the "crash", the other 3 now
    assert library.stats().articles == 8
    with library.sessions() as session:
        keys = session.scalars(select(FeedEntry.entry_key)).all()
        assert sorted(keys) == sorted(f"story-{n}" for n in range(8))
        assert session.scalar(select(Feed.failures)) == 0


def test_opml_round_trip(library: Library, server: PagesServer, tmp_path: Path) -> None:
    server.feed("/one.xml", rss(full_items(range(1), server), title="One"))
    server.feed("/two.xml", rss(full_items(range(1, 2), server), title="Two"))
    library.feeds.add(server.url("/one.xml"))
    library.feeds.add(server.url("/two.xml"))
    exported = library.feeds.export_opml()
    assert "xmlUrl" in exported and "One" in exported
    urls = feeding.opml_feed_urls(exported.encode())
    assert urls == [server.url("/one.xml"), server.url("/two.xml")]
    with pytest.raises(FeedError):
        feeding.opml_feed_urls(b"")


def test_parse_feed_keeps_what_feedparser_recovers_from_ill_formed_xml() -> None:
    broken = rss([{"guid": "1", "title": "One", "description": "The first entry & more"}])
    parsed = parse_feed(broken.replace("</channel></rss>", "").encode(), "https://x.example/f")
    assert [e.title for e in parsed.entries] == ["One"]


def test_the_next_poll_is_scheduled_from_the_interval(
    library: Library, server: PagesServer
) -> None:
    server.feed("/feed.xml", rss(full_items(range(1), server)))
    info, _ = library.feeds.add(server.url("/feed.xml"))
    assert info.next_poll_at is not None and info.last_success_at is not None
    assert info.next_poll_at - info.last_success_at == timedelta(seconds=info.interval_s)
    assert not library.feeds.poll(due_only=True)
    later = datetime.now(UTC) + timedelta(seconds=info.interval_s + 1)
    assert len(library.feeds.poll(due_only=True, now=later)) == 1


def test_the_feeds_commands(
    server: PagesServer,
    tmp_path: Path,
    local_cli: Callable[[list[str]], int],
    capsys: pytest.CaptureFixture[str],
) -> None:
    main = local_cli
    server.feed("/feed.xml", rss(full_items(range(2), server)))
    assert main(["feeds", "add", "--json", server.url("/feed.xml")]) == 0
    added = json.loads(capsys.readouterr().out)
    assert added["feed"]["id"] == 1 and added["poll"]["added"] == 2
    assert main(["feeds", "list", "--json"]) == 0
    [listed] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert listed["url"] == server.url("/feed.xml") and listed["entries"] == 2
    assert main(["feeds", "poll", "--json"]) == 0
    [polled] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert polled["status"] == "not-modified"
    assert main(["feeds", "export"]) == 0
    opml = tmp_path / "feeds.opml"
    opml.write_text(capsys.readouterr().out)
    assert main(["feeds", "remove", "1"]) == 0
    assert main(["feeds", "import", "--json", str(opml)]) == 0
    [imported] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert imported["status"] == "added" and imported["articles"] == 0  # stored already
    assert main(["feeds", "remove", "9"]) == 1
    assert "there is no feed 9" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:
        main(["feeds", "remove", "nine"])
    assert usage.value.code == 2
    assert main(["search", "harbour committee", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["title"].startswith("Harbour story")


@pytest.mark.parametrize("command", ["feeds", "ingest"])
def test_kill_9_in_the_middle_then_a_rerun_finishes_with_nothing_twice(
    server: PagesServer, tmp_path: Path, command: str
) -> None:
    """A real `articlebot` process killed with SIGKILL while it stores articles one by one;
    the rerun stores the rest: every article once, and the saved index agrees."""
    import os
    import signal
    import subprocess
    import sys
    import time as clock

    env = {k: v for k, v in os.environ.items() if not k.startswith(("ARTICLEBOT_", "TELEGRAM_"))}
    env |= {"ARTICLEBOT_DATA_DIR": str(tmp_path / "data"), "ARTICLEBOT_ALLOW_PRIVATE_URLS": "1"}
    n = 12
    for i in range(n):
        server.page(f"/p/{i}", article_page(f"Story {i}", [story(i)]), delay_s=0.25)
    items = [{"guid": f"g{i}", "link": server.url(f"/p/{i}"), "title": f"Story {i}",
              "description": "A teaser."} for i in range(n)]  # fmt: skip
    server.feed("/feed.xml", rss(items))

    def articlebot(*args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "bot.cli", *args],
            env=env,
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    urls = [server.url(f"/p/{i}") for i in range(n)]
    if command == "feeds":
        first = articlebot("feeds", "add", server.url("/feed.xml"))
    else:
        first = articlebot("ingest", *urls)
    deadline = clock.monotonic() + 60
    while server.hits.get("/p/5", 0) == 0 and clock.monotonic() < deadline:
        clock.sleep(0.05)
    first.send_signal(signal.SIGKILL)
    first.communicate()  # reaps it and closes its pipes
    assert 0 < _articles(tmp_path) < n  # killed in the middle, not before or after
    again = (
        articlebot("feeds", "poll")
        if command == "feeds" and _feed_exists(tmp_path)
        else articlebot("feeds", "add", server.url("/feed.xml"))
        if command == "feeds"
        else articlebot("ingest", *urls)
    )
    _, err = again.communicate(timeout=120)
    assert again.returncode == 0, err
    library = Library.open(f"sqlite:///{tmp_path / 'data' / 'articlebot.sqlite3'}",
                           tmp_path / "data" / "index")  # fmt: skip
    try:
        assert library.stats().articles == n
        with library.sessions() as session:
            titles = session.scalars(select(Article.title)).all()
        assert sorted(titles) == sorted(f"Story {i}" for i in range(n))
        for i in range(n):
            assert library.search(f"harbour committee number {i} met").hits
        assert len(library.index) == library.stats().passages
    finally:
        library.close()


def _articles(tmp_path: Path) -> int:
    import sqlite3

    with sqlite3.connect(tmp_path / "data" / "articlebot.sqlite3") as db:
        return int(db.execute("SELECT count(*) FROM articles").fetchone()[0])


def _feed_exists(tmp_path: Path) -> bool:
    import sqlite3

    with sqlite3.connect(tmp_path / "data" / "articlebot.sqlite3") as db:
        return bool(db.execute("SELECT count(*) FROM feeds").fetchone()[0])


def test_an_unexpected_failure_fails_that_feed_alone(
    library: Library, server: PagesServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.feed("/one.xml", rss(full_items(range(1), server)))
    server.feed("/two.xml", rss(full_items(range(1, 2), server)))
    library.feeds.add(server.url("/one.xml"))
    library.feeds.add(server.url("/two.xml"))
    server.feed("/one.xml", rss(full_items(range(3), server)))
    server.feed("/two.xml", rss(full_items(range(1, 4), server)))
    real = feeding.parse_feed

    def broken_for_one(body: bytes, url: str, content_type: str | None = None) -> object:
        if url.endswith("/one.xml"):
            raise RuntimeError("a bug")
        return real(body, url, content_type)

    monkeypatch.setattr(feeding, "parse_feed", broken_for_one)
    results = {r.url: r for r in library.feeds.poll()}
    one, two = results[server.url("/one.xml")], results[server.url("/two.xml")]
    assert one.status == "failed" and "RuntimeError" in (one.error or "")
    assert "a bug" not in (one.error or "")  # details go to the log, not to users
    assert (two.status, two.added) == ("ok", 2)
    assert library.feeds.info(one.feed_id).failures == 1


def test_a_feed_body_naming_a_local_file_is_not_read_from_disk(tmp_path: Path) -> None:
    secret = tmp_path / "secret.xml"
    secret.write_text(rss([{"guid": "s", "title": "Secret", "description": "private words"}]))
    with pytest.raises(FeedError):
        parse_feed(str(secret).encode(), "https://x.example/feed")
    with pytest.raises(FeedError):
        parse_feed(b"/dev/zero", "https://x.example/feed")


def test_a_teaser_whose_page_fails_for_now_is_tried_again_next_poll(
    library: Library, server: PagesServer
) -> None:
    items = [{"guid": "t", "link": server.url("/later"), "title": "Later",
              "description": "A teaser."}]  # fmt: skip
    server.feed("/feed.xml", rss(items))
    server.page("/later", "busy", status=503)
    _, first = library.feeds.add(server.url("/feed.xml"))
    assert (first.added, first.failed, first.pending) == (0, 0, 1)
    server.page("/later", article_page("Later page"))
    [second] = library.feeds.poll()
    assert second.added == 1
    assert library.search("tram tracks").hits[0].title == "Later"
    server.page("/gone", "missing", status=404)
    items.append({"guid": "g", "link": server.url("/gone"), "title": "Gone",
                  "description": "A teaser."})  # fmt: skip
    server.feed("/feed.xml", rss(items))
    [third] = library.feeds.poll()
    assert third.failed == 1
    [fourth] = library.feeds.poll()
    assert fourth.status == "not-modified"  # a 404 is for good: noted, not fetched again
