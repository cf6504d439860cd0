"""Answers in Telegram end to end (issue 10): the real Application polls the strict stand-in."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from articles.extracted import Extracted
from articles.library import Library
from bot import texts
from bot.render_answer import ANSWER_CHARS, outside_quotes
from bot_harness import CHAT, Running, entity_texts, running
from standin import SentMessage

SAMPLES = Path(__file__).resolve().parent.parent / "articles" / "samples"
QUESTION = "When was the China-North Korea treaty signed?"


@pytest.fixture
def library(sqlite_url: str, tmp_path: Path) -> Iterator[Library]:
    opened = Library.open(sqlite_url, tmp_path / "index")
    opened.ingest_paths([SAMPLES])
    for n in range(8):  # web articles (with links) on one subject, of different dates
        extracted = Extracted(
            title=f"Harbour ferry report {n}", site="example.com", language="en", url=None,
            text=f"The harbour ferry ran {n} extra trips on the weekend. Ferry crews said "
            f"the harbour was calm. Report number {n} of the ferry series.",
            published=f"2024-0{n + 1}-15",
        )  # fmt: skip
        opened.add_article(extracted, url=f"https://example.com/ferry/{n}", kind="url",
                           source=str(n))  # fmt: skip
    yield opened
    opened.close()


@pytest.fixture
async def bot(library: Library, tmp_path: Path) -> AsyncIterator[Running]:
    async with running(library, tmp_path, admin_ids=[CHAT]) as bot:
        yield bot


def buttons(message: SentMessage) -> dict[str, str]:
    rows = (message.reply_markup or {}).get("inline_keyboard", [])
    return {b["text"]: b["callback_data"] for row in rows for b in row}


async def press(bot: Running, message: SentMessage, data: str, user_id: int = CHAT) -> None:
    """Press a button and wait until the bot answered the callback query."""
    query_id = bot.standin.press_button(message.chat_id, message.message_id, data, user_id=user_id)
    for _ in range(100):
        if bot.standin._queries.get(query_id):
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"callback {data} was never answered")


def now(bot: Running, message: SentMessage) -> SentMessage:
    current = bot.standin.message(message.chat_id, message.message_id)
    assert current is not None
    return current


async def test_the_answer_is_one_message_with_links_to_the_place_and_buttons(bot: Running) -> None:
    [answer] = await bot.ask("harbour ferry trips")
    assert answer.text.startswith("🔎 harbour ferry trips")
    assert outside_quotes(answer.html or "") <= ANSWER_CHARS
    links = [e["url"] for e in answer.entities if e["type"] == "text_link"]
    assert len(links) == 3 and all("#:~:text=" in link for link in links)
    assert {"ferry", "harbour", "trips"} <= {w.lower() for w in entity_texts(answer, "bold")}
    assert set(buttons(answer)) == {
        texts.BUTTON_MORE,
        texts.BUTTON_NEWEST,
        texts.BUTTON_HELPFUL,
        texts.BUTTON_UNHELPFUL,
    }
    assert all(len(data.encode()) <= 64 for data in buttons(answer).values())
    [file_answer] = await bot.ask(QUESTION)
    assert "china-north-korea-treaty.txt" in file_answer.text  # a file shows its name
    assert "1961" in file_answer.text
    assert any(e["type"] == "expandable_blockquote" for e in file_answer.entities)
    assert bot.failed_calls() == []


async def test_more_results_newest_first_and_feedback_edit_the_same_message(
    bot: Running, library: Library
) -> None:
    [answer] = await bot.ask("harbour ferry report")
    first = answer.text
    await press(bot, answer, buttons(answer)[texts.BUTTON_MORE])
    paged = now(bot, answer)
    assert paged.text != first and "from result 4" in paged.text
    await press(bot, answer, buttons(paged)[texts.BUTTON_NEWEST])
    newest = now(bot, answer)
    assert "newest first" in newest.text
    assert "2024-08-15" in newest.text.split("\n\n")[1]  # the newest report comes first
    await press(bot, answer, buttons(newest)[texts.BUTTON_HELPFUL])
    assert library.answers.stats().helpful == 1
    stats = await bot.reply("/stats")
    assert "👍 1" in stats.text
    assert len(bot.standin.sent_messages(CHAT)) == 2  # the answer (edited) and /stats


async def test_a_stale_or_foreign_button_is_answered_politely(bot: Running) -> None:
    [answer] = await bot.ask("harbour ferry report")
    more = buttons(answer)[texts.BUTTON_MORE]
    await press(bot, answer, more, user_id=4242)  # another user: refused, answered
    assert now(bot, answer).text == answer.text
    for forged in ("ans:more:99999", "ans:more:" + "9" * 40, "ans:up:-3", "ans:"):
        current = bot.standin.message(CHAT, answer.message_id)
        assert current is not None and current.reply_markup is not None
        current.reply_markup["inline_keyboard"].append([{"text": "x", "callback_data": forged}])
        await press(bot, answer, forged)
    assert now(bot, answer).text == answer.text
    assert "Sorry" not in " ".join(m.text for m in bot.standin.sent_messages(CHAT))


async def test_nothing_good_matched_greetings_and_spelling(bot: Running) -> None:
    reply = await bot.reply("zebra giraffe xylophone")
    assert reply.text.startswith("Nothing good matched")
    assert "samples" in reply.text or "China News" in reply.text  # what the bot knows
    typo = await bot.reply("zebra harbur xylophone")
    assert "Did you mean harbour" in typo.text
    hello = await bot.reply("Hello!")
    assert hello.text.startswith("Hello! Ask me")
    thanks = await bot.reply("thanks")
    assert thanks.text.startswith("You're welcome")


async def test_a_question_in_reply_to_an_answer_asks_its_articles(bot: Running) -> None:
    [answer] = await bot.ask(QUESTION)
    bot.standin.send_message_from_user("harbour ferry", chat_id=CHAT,
                                       reply_to_message_id=answer.message_id)  # fmt: skip
    [inside] = await bot.standin.wait_for_messages(CHAT)
    assert inside.text.startswith("Nothing in the articles of that message")  # no ferries
    bot.standin.send_message_from_user("treaty renewed", chat_id=CHAT,
                                       reply_to_message_id=answer.message_id)  # fmt: skip
    [inside] = await bot.standin.wait_for_messages(CHAT)
    assert "in the articles of the message you replied to" in inside.text
    assert "Harbour" not in inside.text


async def test_groups_answer_mentions_replies_and_threads_and_ignore_the_rest(
    bot: Running,
) -> None:
    group = -1000000000777
    name = bot.standin.bot_user["username"]
    bot.standin.add_chat(group, chat_type="supergroup", title="Harbour club", is_forum=True)
    bot.standin.add_forum_topic(group, 50)
    bot.standin.send_message_from_user("harbour ferry", chat_id=group, user_id=7,
                                       chat_type="supergroup", message_thread_id=50)  # fmt: skip
    await asyncio.sleep(1)
    assert bot.standin.sent_messages(group) == []  # not addressed to the bot: quiet
    bot.standin.send_message_from_user(f"@{name} harbour ferry", chat_id=group, user_id=7,
                                       chat_type="supergroup", message_thread_id=50)  # fmt: skip
    [answer] = await bot.standin.wait_for_messages(group)
    assert answer.text.startswith("🔎")
    assert answer.message_thread_id == 50
    bot.standin.send_message_from_user("harbour calm", chat_id=group, user_id=7,
                                       chat_type="supergroup", message_thread_id=50,
                                       reply_to_message_id=answer.message_id)  # fmt: skip
    [again] = await bot.standin.wait_for_messages(group)
    assert again.message_thread_id == 50
    assert bot.failed_calls() == []


async def test_inline_queries_page_through_results_and_an_empty_one_shows_the_newest(
    bot: Running,
) -> None:
    first_id = bot.standin.send_inline_query("harbour ferry")
    first = await bot.standin.wait_for_inline_answer(first_id)
    assert 0 < len(first["results"]) <= 50
    assert all(text and "Harbour ferry report" in text for text in first["message_texts"])
    newest_id = bot.standin.send_inline_query("")
    newest = await bot.standin.wait_for_inline_answer(newest_id)
    assert newest["results"][0]["title"].startswith("Harbour ferry report 7")
    assert newest["cache_time"] == 30
    assert bot.failed_calls() == []


async def test_inline_paging_with_next_offset(library: Library, tmp_path: Path) -> None:
    for n in range(60):
        text = f"The lighthouse keeper logged entry {n}. Lighthouse lamps."
        extracted = Extracted(title=f"Lighthouse note {n}", site="example.org", language="en",
                              url=None, published=None, text=text)  # fmt: skip
        library.add_article(extracted, url=f"https://example.org/l/{n}", kind="url", source=str(n))
    async with running(library, tmp_path) as bot:
        first = await bot.standin.wait_for_inline_answer(
            bot.standin.send_inline_query("lighthouse")
        )
        assert len(first["results"]) == 50 and first["next_offset"] == "50"
        second_id = bot.standin.send_inline_query("lighthouse", offset=first["next_offset"])
        second = await bot.standin.wait_for_inline_answer(second_id)
        assert len(second["results"]) == 10 and second["next_offset"] == ""
        ids = {r["id"] for r in first["results"]} | {r["id"] for r in second["results"]}
        assert len(ids) == 60


async def test_sources_and_stats(bot: Running) -> None:
    sources = await bot.reply("/sources")
    assert "example.com: 8" in sources.text and "samples" in sources.text
    other = await bot.ask("/stats", chat_id=555)
    assert other[0].text == texts.STATS_NOT_ALLOWED


async def test_asking_too_fast_gets_a_clear_answer(bot: Running) -> None:
    for n in range(20):
        bot.standin.send_message_from_user(f"harbour ferry {n}", chat_id=CHAT)
    replies = await bot.standin.wait_for_messages(CHAT, count=20, timeout=60)
    assert not any(r.text == texts.SLOW_DOWN for r in replies)  # 20 a minute are fine
    slow = await bot.reply("harbour ferry again")
    assert slow.text == texts.SLOW_DOWN


async def test_a_question_in_reply_to_an_alert_asks_its_article(
    bot: Running, library: Library
) -> None:
    await bot.reply("/subscribe lighthouse")
    text = (
        "Volunteers restored the lighthouse. The lighthouse lamp was lit again in May after "
        "the harbour ferry brought new glass."
    )
    extracted = Extracted(title="Lighthouse restored", site="example.net", language="en",
                          url=None, published=None, text=text)  # fmt: skip
    library.add_article(extracted, url="https://example.net/light", kind="url", source="l")
    [alert] = await bot.standin.wait_for_messages(CHAT, timeout=20)
    assert "Lighthouse restored" in alert.text
    for _ in range(50):  # the sender notes what the alert is about just after sending it
        if library.answers.message_articles(CHAT, alert.message_id):
            break
        await asyncio.sleep(0.05)
    bot.standin.send_message_from_user("harbour ferry", chat_id=CHAT,
                                       reply_to_message_id=alert.message_id)  # fmt: skip
    [inside] = await bot.standin.wait_for_messages(CHAT)
    assert "in the articles of the message you replied to" in inside.text
    assert "Lighthouse restored" in inside.text and "Harbour ferry report" not in inside.text


async def test_a_russian_speaker_is_answered_in_russian(bot: Running) -> None:
    from bot import texts_ru

    bot.standin.send_message_from_user("/start", chat_id=CHAT, language_code="ru")
    [start] = await bot.standin.wait_for_messages(CHAT)
    assert start.html == texts_ru.START
    bot.standin.send_message_from_user("zebra giraffe xylophone", chat_id=CHAT,
                                       language_code="ru-RU")  # fmt: skip
    [nothing] = await bot.standin.wait_for_messages(CHAT)
    assert nothing.text.startswith(texts_ru.NO_ANSWER.split("<")[0])
    bot.standin.send_message_from_user("/digest", chat_id=CHAT, language_code="ru")
    [digest] = await bot.standin.wait_for_messages(CHAT, timeout=20)
    assert digest.text.startswith(texts_ru.DIGEST_HEADER.split("<")[0].split("{")[0][:6])
    assert bot.failed_calls() == []


@pytest.mark.parametrize(
    ("question", "present", "absent"),
    [
        ('"harbour ferry ran 3"', "Harbour ferry report 3", "Harbour ferry report 4"),
        ("harbour ferry -weekend", None, "Harbour ferry report"),
        ('"ferry ran 2" OR "ferry ran 5"', "Harbour ferry report 2", "Harbour ferry report 1"),
        ("harbour ferry site:example.com", "Harbour ferry report", "China"),
        ("harbour ferry since:2024-08-01", "Harbour ferry report 7", "Harbour ferry report 6"),
        ("harbour ferry before:2024-02-01", "Harbour ferry report 0", "Harbour ferry report 1"),
    ],
)
async def test_each_filter_works_through_the_bot(
    bot: Running, question: str, present: str | None, absent: str
) -> None:
    reply = await bot.reply(question)
    if present is not None:
        assert present in reply.text
    assert absent not in reply.text


async def test_an_inline_query_with_nothing_or_too_many_says_so_on_its_button(
    bot: Running,
) -> None:
    empty = await bot.standin.wait_for_inline_answer(bot.standin.send_inline_query("zzqxv"))
    assert empty["results"] == [] and empty["button"]["text"] == texts.INLINE_NOTHING
    for n in range(20):
        await bot.standin.wait_for_inline_answer(bot.standin.send_inline_query(f"ferry {n}"))
    limited = await bot.standin.wait_for_inline_answer(bot.standin.send_inline_query("ferry"))
    assert limited["results"] == [] and limited["button"]["text"] == texts.INLINE_SLOW_DOWN
    assert bot.failed_calls() == []
