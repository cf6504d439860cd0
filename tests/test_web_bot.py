"""/add URL in the bot: admins (or everyone, when opened) add pages and are told what came of
it; the real Application polls the strict stand-in, pages come from a loopback server."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from articles.library import FetchPolicy, Library
from bot.texts import ADD_NOT_ALLOWED
from bot_harness import CHAT, Running, running
from tests.pages_server import PagesServer, article_page


@pytest.fixture
def library(sqlite_url: str, tmp_path: Path) -> Iterator[Library]:
    opened = Library.open(sqlite_url, tmp_path / "index", FetchPolicy(allow_private=True))
    yield opened
    opened.close()


@pytest.fixture
async def bot(library: Library, tmp_path: Path) -> AsyncIterator[Running]:
    async with running(library, tmp_path, admin_ids=[CHAT]) as bot:
        yield bot


async def test_an_admin_adds_a_page_and_can_ask_about_it_at_once(
    bot: Running, server: PagesServer
) -> None:
    server.page("/news/bridge", article_page())
    reply = await bot.reply(f"/add {server.url('/news/bridge')}")
    assert reply.text.startswith("✅ Added: Council approves river bridge (")
    assert "passages)" in reply.text
    links = [e["url"] for e in reply.entities if e["type"] == "text_link"]
    assert links == [server.url("/news/bridge")]
    answer = await bot.reply("Which tracks will the bridge carry?")
    assert "Council approves river bridge" in answer.text
    again = await bot.reply(f"/add {server.url('/news/bridge?utm_source=x')}")
    assert again.text.startswith("☑️ Already in the library")
    assert bot.failed_calls() == []


async def test_a_refused_page_says_why(bot: Running, server: PagesServer) -> None:
    reply = await bot.reply(f"/add {server.url('/missing')}")
    assert reply.text.startswith("❌ Not added:")
    assert "404" in reply.text


async def test_add_without_a_link_explains_itself(bot: Running) -> None:
    for text in ("/add", "/add not-a-link", "/add ftp://example.com/x"):
        reply = await bot.reply(text)
        assert "Put the link of an article page after the command" in reply.text


async def test_only_admins_add_unless_opened(
    library: Library, tmp_path: Path, server: PagesServer
) -> None:
    server.page("/a", article_page())
    async with running(library, tmp_path, admin_ids=[42]) as bot:
        reply = await bot.reply(f"/add {server.url('/a')}")
    assert reply.text == ADD_NOT_ALLOWED
    assert server.hits.get("/a") is None
    async with running(library, tmp_path, admin_ids=[42], open_add=True) as bot:
        reply = await bot.reply(f"/add {server.url('/a')}")
    assert reply.text.startswith("✅ Added")


async def test_admins_follow_list_and_remove_feeds_and_hear_of_failures(
    library: Library, tmp_path: Path, server: PagesServer
) -> None:
    from tests.pages_server import rss, story

    items = [{"guid": "s1", "link": server.url("/s/1"), "title": "Harbour story",
              "content": story(1)}]  # fmt: skip
    server.feed("/feed.xml", rss(items))
    async with running(library, tmp_path, admin_ids=[CHAT], feed_check_s=0.2) as bot:
        added = await bot.reply(f"/feed_add {server.url('/feed.xml')}")
        assert added.text.startswith("✅ Following feed 1: Example News")
        assert "1 articles indexed now" in added.text
        listing = await bot.reply("/feeds")
        assert listing.text.startswith("1. Example News: 1 entries")
        # The feed breaks; the job polls it when due: make it due at every check.
        del server.routes["/feed.xml"]
        with library.sessions() as session:
            from articles.models import Feed

            session.query(Feed).update({Feed.interval_s: 0, Feed.next_poll_at: None})
            session.commit()
        import articles.feeding as feeding

        feeding_min = feeding.MIN_INTERVAL_S
        feeding.MIN_INTERVAL_S = 0
        feeding.MAX_INTERVAL_S, max_before = 0, feeding.MAX_INTERVAL_S
        try:
            [report] = await bot.standin.wait_for_messages(CHAT, timeout=20)
        finally:
            feeding.MIN_INTERVAL_S, feeding.MAX_INTERVAL_S = feeding_min, max_before
        assert report.text.startswith("⚠️ Feed 1 failed several polls in a row")
        removed = await bot.reply("/feed_remove 1")
        assert removed.text == "Stopped following feed 1: Example News"
        missing = await bot.reply("/feed_remove 7")
        assert "there is no feed 7" in missing.text
    async with running(library, tmp_path, admin_ids=[42]) as bot:
        refused = await bot.reply("/feeds")
    assert refused.text == "Only the bot's admins manage its feeds."


async def test_questions_are_answered_while_a_slow_page_is_added(
    bot: Running, server: PagesServer, library: Library
) -> None:
    from articles.extracted import Extracted

    library.add_article(
        Extracted(title="Ferries", text="The ferry left the harbour at noon. " * 5, site=None,
                  language="en", url=None, published=None),
        url="https://example.org/ferries", kind="url", source="ferries",
    )  # fmt: skip
    server.page("/slow", article_page(), delay_s=4)
    bot.standin.send_message_from_user(f"/add {server.url('/slow')}", chat_id=CHAT)
    answer = await bot.reply("When did the ferry leave the harbour?", timeout=3)
    assert "Ferries" in answer.text  # answered before the slow page arrived
    [added] = await bot.standin.wait_for_messages(CHAT, timeout=15)
    assert added.text.startswith("✅ Added")


async def test_links_past_the_limit_are_named_not_dropped(
    bot: Running, server: PagesServer
) -> None:
    from bot.texts import ADD_MAX

    links = []
    for n in range(ADD_MAX + 2):
        server.page(f"/p/{n}", article_page(f"Story {n}", [f"Story number {n} is here. " * 6]))
        links.append(server.url(f"/p/{n}"))
    reply = await bot.reply("/add " + " ".join(links), timeout=30)
    assert reply.text.count("✅ Added") == ADD_MAX
    assert "2 more links were not added (up to 5 per /add)" in reply.text
    assert server.hits.get(f"/p/{ADD_MAX}") is None
