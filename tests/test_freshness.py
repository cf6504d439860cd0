"""A running library sees every committed write: late commits, other processes, deletions."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from articles.catalog import ArticleFacts
from articles.changes import (
    committed_version,
    current_version,
    log_changes_on_commit,
    note_added,
)
from articles.extracted import Extracted
from articles.library import Library
from articles.models import Passage
from articles.search_index import IndexedPassage, passage_terms
from articles.store import delete_article, store_article


def article(word: str, n: int = 0) -> Extracted:
    body = (
        f"The {word} report number {n} describes the harbour, the market and the {word} trade. "
        "It is long enough to be an article of its own, with a second sentence for good measure."
    )
    return Extracted(f"{word.title()} {n}", body, None, "en", None, None)


def stored_ids(library: Library) -> set[int]:
    with library.sessions() as session:
        return set(session.scalars(select(Passage.id)))


@pytest.mark.postgres
def test_a_late_commit_of_older_ids_is_seen(postgres_url: str) -> None:
    """PostgreSQL hands out ids at insert, not at commit: a transaction holding older passage
    ids that commits after a newer one must still reach a running index."""
    reader = Library.open(postgres_url)
    writer = Library.open(postgres_url)
    slow = writer.sessions()
    store_article(slow, article("walnut"), url="https://example.com/walnut", kind="url")
    with writer.sessions() as fast:  # newer ids, committed first
        store_article(fast, article("pistachio"), url="https://example.com/pistachio", kind="url")
        fast.commit()
    assert [h.title for h in reader.search("pistachio").hits] == ["Pistachio 0"]
    slow.commit()  # older ids, committed last
    slow.close()
    assert [h.title for h in reader.search("walnut").hits] == ["Walnut 0"]
    assert set(reader.index.doc_ids()) == stored_ids(reader)
    writer.close()
    reader.close()


def test_a_deletion_by_another_process_is_seen(database_url: str) -> None:
    reader = Library.open(database_url)
    writer = Library.open(database_url)
    result = writer.add_article(article("saffron"), url="https://e.com/s", kind="url", source="s")
    assert reader.search("saffron").hits
    with writer.sessions() as session:
        assert result.article_id is not None and delete_article(session, result.article_id)
        session.commit()
    assert reader.search("saffron").hits == ()
    assert set(reader.index.doc_ids()) == stored_ids(reader) == set()
    writer.close()
    reader.close()


def test_an_update_by_another_process_replaces_the_old_passages(database_url: str) -> None:
    reader = Library.open(database_url)
    writer = Library.open(database_url)
    url = "https://example.com/story"
    writer.add_article(article("almond"), url=url, kind="url", source=url)
    assert reader.search("almond").hits
    assert writer.add_article(article("cashew"), url=url, kind="url", source=url).status == (
        "updated"
    )
    assert reader.search("almond").hits == ()
    assert [h.title for h in reader.search("cashew").hits] == ["Cashew 0"]
    writer.close()
    reader.close()


def _ingest_process(database_url: str, data_dir: Path, folder: Path) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "ARTICLEBOT_DATABASE_URL": database_url,
        "ARTICLEBOT_DATA_DIR": str(data_dir),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "ingest", str(folder)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_concurrent_ingests_are_all_seen_by_a_searching_library(
    database_url: str, tmp_path: Path
) -> None:
    """Two `articlebot ingest` processes write while a long-lived library searches every few
    milliseconds: at the end it holds exactly the stored passages, with no restart."""
    folders = []
    for word in ("mango", "papaya"):
        folder = tmp_path / word
        folder.mkdir()
        for n in range(40):
            (folder / f"{word}-{n}.txt").write_text(
                f"{word.title()} {n}\n\n{article(word, n).text}", encoding="utf-8"
            )
        folders.append(folder)
    data_dir = tmp_path / "data"
    searching = Library.open(database_url, data_dir / "index")
    stop = threading.Event()
    errors: list[BaseException] = []

    def search_all_the_time() -> None:
        while not stop.is_set():
            try:
                searching.search("harbour market", k=5)
            except BaseException as exc:
                errors.append(exc)
                return
            time.sleep(0.005)

    thread = threading.Thread(target=search_all_the_time)
    thread.start()
    processes = [_ingest_process(database_url, data_dir, folder) for folder in folders]
    outputs = [p.communicate(timeout=300)[1] for p in processes]
    stop.set()
    thread.join()
    assert not errors, errors
    assert [p.returncode for p in processes] == [0, 0], outputs
    searching.search("harbour")  # one more catch-up after the last commit
    stored = stored_ids(searching)
    assert len(stored) == 80
    assert set(searching.index.doc_ids()) == stored
    assert searching.search("mango", k=100).hits[0].title.startswith("Mango")
    searching.close()
    # Each process saved the index on exit; the save that won holds every passage.
    again = Library.open(database_url, data_dir / "index")
    assert set(again.index.doc_ids()) == stored
    again.close()


def test_searches_while_ingests_merge_the_index(database_url: str) -> None:
    """The bot searches in threads while an ingest adds passages, which merges the index's
    segments again and again: no search fails or sees a passage twice."""
    library = Library.open(database_url)
    stop = threading.Event()
    problems: list[str] = []
    merges_seen = set()

    def search() -> None:
        while not stop.is_set():
            try:
                hits = library.search("harbour market", k=1000).hits
            except BaseException as exc:  # reported below
                problems.append(repr(exc))
                return
            ids = [h.passage_id for h in hits]
            if len(ids) != len(set(ids)):
                problems.append(f"a passage twice in {ids[:10]}")

    thread = threading.Thread(target=search)
    thread.start()
    for n in range(120):
        url = f"https://example.com/{n}"
        library.add_article(article("quince", n), url=url, kind="url", source=url)
        merges_seen.add(id(library.index._index._segs.main))  # what a merge swaps
    stop.set()
    thread.join()
    assert problems == []
    assert len(merges_seen) > 3, "the ingest never merged the index: the test tests nothing"
    assert len(library.search("harbour market", k=1000).hits) == 120
    library.close()


def test_a_late_apply_never_brings_back_a_deleted_passage(database_url: str) -> None:
    """Between this process's commit and its apply(), another process deletes the passages
    and a search here replays both: the apply must not resurrect them."""
    here = Library.open(database_url)
    other = Library.open(database_url)
    with here.sessions() as session:
        stored = store_article(session, article("zebra"), url="https://e.com/z", kind="url")
        session.commit()
        version = committed_version(session)
        added = [
            IndexedPassage(p.id, p.position, passage_terms(p.text, p.article.title, "en"), "en",
                           ArticleFacts(stored.article.id, None, stored.article.url, None, None))
            for p in stored.article.passages
        ]  # fmt: skip
    assert version is not None
    with other.sessions() as session:
        delete_article(session, stored.article.id)
        session.commit()
    here.search("harbour")  # the catch-up replays the add and the delete
    here.index.apply([], added, version)
    assert here.index.doc_ids() == [] and here.search("zebra").hits == ()
    here.close()
    other.close()


def test_stop_word_questions_obey_the_filters(database_url: str) -> None:
    library = Library.open(database_url)
    for site in ("alpha", "beta"):
        url = f"https://{site}.example/a"
        text = f"To be or not to be, asked the {site} actor on the stage."
        library.add_article(
            Extracted(site.title(), text, None, "en", None, None), url=url, kind="url", source=url
        )
    assert {h.title for h in library.search("to be or not to be").hits} == {"Alpha", "Beta"}
    assert [h.title for h in library.search("to be or not to be site:beta.example").hits] == [
        "Beta"
    ]
    assert library.search("to be or not to be site:gamma.example").hits == ()
    assert library.search("to be or not to be -alpha -beta").hits == ()
    library.close()


def test_a_session_factory_at_the_address_of_a_dead_one_still_logs_its_changes(
    sqlite_url: str,
) -> None:
    """The cause of the rare "searched right after an ingest, found nothing" in full test
    runs: SQLAlchemy keys its listener registry by id(target), and a sessionmaker's class
    outlives it until the cycle collector runs. A new sessionmaker allocated at the freed
    address looked registered already, so its commits logged nothing and other processes
    (and libraries) never saw them."""
    library = Library.open(sqlite_url)
    engine = library.sessions.kw["bind"]
    gc.disable()  # keeps the dead factory's class (and its registry entry) alive, as it was
    try:
        first = sessionmaker(bind=engine)
        log_changes_on_commit(first)
        address = id(first)
        del first
        second = None
        for _ in range(10_000):
            candidate = sessionmaker(bind=engine)
            if id(candidate) == address:
                second = candidate
                break
        assert second is not None, "no address reuse to test with"
        log_changes_on_commit(second)
        with second() as session:
            before = current_version(session)
            note_added(session, [123_456])
            session.commit()
            assert current_version(session) == before + 1
    finally:
        gc.enable()
        library.close()


def test_a_rolled_back_savepoint_takes_back_only_its_own_changes(database_url: str) -> None:
    """Callers share the store's transaction (alerts, feeds): a savepoint that rolls back
    must not drop what was noted before it, nor log what it undid."""
    writer = Library.open(database_url)
    reader = Library.open(database_url)
    with writer.sessions() as session:
        store_article(session, article("giraffe"), url="https://e.com/g", kind="url")
        savepoint = session.begin_nested()
        store_article(session, article("okapi"), url="https://e.com/o", kind="url")
        savepoint.rollback()
        session.commit()
    assert [h.title for h in reader.search("giraffe").hits] == ["Giraffe 0"]
    assert reader.search("okapi").hits == ()
    assert set(reader.index.doc_ids()) == stored_ids(reader)
    with writer.sessions() as session:  # noted, never committed: forgotten with the session
        store_article(session, article("tapir"), url="https://e.com/t", kind="url")
    with writer.sessions() as session:
        store_article(session, article("ibex"), url="https://e.com/i", kind="url")
        session.commit()
    assert reader.search("tapir").hits == ()
    assert set(reader.index.doc_ids()) == stored_ids(reader)
    writer.close()
    reader.close()
