"""Storage and search through the real database (SQLite and PostgreSQL) and the real index."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from articles.errors import QueryError
from articles.library import Library
from articles.models import Article, Passage
from articles.sources.files import bundled_sample_files, bundled_samples_dir

SEED = "china-north-korea-treaty.txt"
QUESTION = "When was the China-North Korea treaty signed?"


@pytest.fixture
def library(database_url: str) -> Iterator[Library]:
    lib = Library.open(database_url)
    yield lib
    lib.close()


def test_the_seed_answers_the_treaty_question(library: Library) -> None:
    [result] = library.ingest_paths([bundled_samples_dir() / SEED])
    assert result.status == "added"
    assert (
        result.title
        == "China and North Korea pledge to cooperate “in the face of foreign hostility”"
    )
    hits = library.search(QUESTION).hits
    assert hits, "no passage found"
    assert "1961" in hits[0].excerpt
    assert hits[0].title == result.title
    assert hits[0].url.startswith("file://") and hits[0].url.endswith(SEED)
    bold = {hits[0].excerpt[s:e].lower() for s, e in hits[0].highlights}
    assert {"treaty", "signing", "china", "north", "korea"} <= bold


def test_the_same_file_twice_is_stored_once(library: Library, tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    shutil.copy(bundled_samples_dir() / SEED, copy)
    first = library.ingest_paths([bundled_samples_dir() / SEED])
    again = library.ingest_paths([bundled_samples_dir() / SEED, copy])
    assert [r.status for r in first] == ["added"]
    # The same path, and the same text under another name, are both duplicates.
    assert [r.status for r in again] == ["duplicate", "duplicate"]
    assert {r.article_id for r in first + again} == {first[0].article_id}
    assert library.stats().articles == 1


def test_passages_cover_the_stored_body(library: Library, database_url: str) -> None:
    library.ingest_paths(bundled_sample_files())
    from articles.db import open_engine, session_factory

    engine = open_engine(database_url)
    with session_factory(engine)() as session:
        articles = session.scalars(select(Article)).all()
        assert len(articles) >= 5
        for article in articles:
            for passage in article.passages:
                assert article.body[passage.start : passage.end] == passage.text
            covered = "".join(p.text for p in article.passages)
            assert "".join(covered.split()) == "".join(article.body.split())
        assert session.scalar(select(func.count()).select_from(Passage)) == library.stats().passages
    engine.dispose()


def test_chrome_is_never_an_answer(library: Library) -> None:
    library.ingest_paths(bundled_sample_files())
    for query in ("Related Articles", "Leave a Reply", "Back to top button", "email address"):
        for hit in library.search(query, k=10).hits:
            assert "Leave a Reply" not in hit.excerpt and "Back to top" not in hit.excerpt


def test_a_restart_rebuilds_the_same_index(database_url: str) -> None:
    first = Library.open(database_url)
    first.ingest_paths(bundled_sample_files())
    before = first.search("Super Bowl champion", k=5)
    first.close()
    second = Library.open(database_url)
    after = second.search("Super Bowl champion", k=5)
    second.close()
    assert [(h.passage_id, h.score) for h in after.hits] == [
        (h.passage_id, h.score) for h in before.hits
    ]
    assert before.hits


def test_unknown_words_find_nothing(library: Library) -> None:
    library.ingest_paths([bundled_samples_dir() / SEED])
    assert library.search("xylophonezzz qwertyuiop").hits == ()


def test_empty_library_answers_with_no_hits(library: Library) -> None:
    assert library.search("treaty").hits == ()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("   ", "The question is empty"),
        ("the of and", "only very common words"),
    ],
)
def test_unusable_queries_say_why(library: Library, query: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        library.search(query)


def test_k_out_of_range_names_the_value(library: Library) -> None:
    with pytest.raises(QueryError, match="k=0 is out of range"):
        library.search("treaty", k=0)


def test_a_huge_question_is_cut_and_says_so(library: Library) -> None:
    [ingested] = library.ingest_paths([bundled_samples_dir() / SEED])
    question = "treaty " + "word " * 5000
    result = library.search(question)
    assert result.truncated
    # Seen once in CI on PostgreSQL with no hits: say enough to tell why if it comes back.
    assert result.hits, (
        ingested,
        result.terms[:3],
        library.index.query_language(question),
        len(library.index),
        library.stats(),
    )


def test_failures_are_reported_not_dropped(library: Library, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("   \n")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    results = library.ingest_paths(
        [tmp_path / "empty.txt", tmp_path / "image.png", tmp_path / "missing.md"]
    )
    assert [r.status for r in results] == ["failed", "failed", "failed"]
    assert all(r.error for r in results)
    assert "unsupported file type" in (results[1].error or "")
    assert "does not exist" in (results[2].error or "")


def test_an_edited_file_replaces_its_old_version(library: Library, tmp_path: Path) -> None:
    article = tmp_path / "note.md"
    article.write_text("# Note\n\nThe meeting with the zebras is on Monday at the harbour.\n")
    [first] = library.ingest_paths([article])
    article.write_text("# Note\n\nThe meeting with the giraffes moved to Friday at the station.\n")
    [second] = library.ingest_paths([article])
    assert (first.status, second.status) == ("added", "updated")
    assert second.article_id == first.article_id
    assert library.stats().articles == 1
    assert library.search("zebras harbour").hits == ()
    [hit] = library.search("giraffes").hits
    assert "Friday" in hit.excerpt


@pytest.fixture
def samples(library: Library) -> Library:
    library.ingest_paths(bundled_sample_files())
    return library


def test_a_phrase_must_appear_in_order(samples: Library) -> None:
    hits = samples.search('"mutual assistance" treaty', k=5).hits
    assert hits and all("mutual assistance" in h.excerpt.lower() for h in hits)
    assert samples.search('"assistance mutual"').hits == ()


def test_an_excluded_word_removes_passages(samples: Library) -> None:
    with_word = samples.search("treaty", k=10).hits
    without = samples.search("treaty -Pyongyang", k=10).hits
    assert any("Pyongyang" in h.excerpt for h in with_word)
    assert without and not any("Pyongyang" in h.excerpt for h in without)


def test_site_filter_keeps_one_site(samples: Library) -> None:
    hits = samples.search('treaty site:"China News"', k=5).hits
    assert hits and {h.site for h in hits} == {"China News"}
    assert samples.search("treaty site:example.com").hits == ()


def test_date_filters_use_the_ingestion_date_when_unpublished(samples: Library) -> None:
    assert samples.search("treaty since:2000-01-01").hits
    assert samples.search("treaty before:2000-01-01").hits == ()


def test_a_bad_operator_is_ignored_and_said(samples: Library) -> None:
    result = samples.search("treaty since:banana")
    assert result.hits
    assert any("since:banana is not a date" in note for note in result.notes)


def test_stop_words_only_finds_the_words_together(samples: Library, tmp_path: Path) -> None:
    hamlet = tmp_path / "hamlet.md"
    hamlet.write_text("# Hamlet\n\nThe prince asks: to be, or not to be? That is the question.\n")
    samples.ingest_paths([hamlet])
    with pytest.raises(QueryError, match="no passage holds them together"):
        samples.search("what is the")
    [hit] = samples.search("to be or not to be").hits
    assert hit.title == "Hamlet"


def test_a_question_of_only_exclusions_says_to_add_words(library: Library) -> None:
    library.ingest_paths([bundled_samples_dir() / SEED])
    with pytest.raises(QueryError, match="-words and filters such as site:"):
        library.search("-oil -gas")
