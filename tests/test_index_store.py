"""The saved index: loaded instead of rebuilt, caught up with other processes' writes, rebuilt
when damaged, and never shared between two databases."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest

from articles.library import Library
from articles.sources.files import bundled_sample_files

QUESTION = "When was the China-North Korea treaty signed?"


def ranking(library: Library) -> list[tuple[int, float]]:
    return [(h.passage_id, h.score) for h in library.search(QUESTION, k=5).hits]


def manifests(index_dir: Path) -> list[Path]:
    return sorted(index_dir.glob("*/manifest.json"))


def save_samples(database_url: str, index_dir: Path) -> list[tuple[int, float]]:
    """Ingest the samples in one library run; return its ranking for QUESTION."""
    library = Library.open(database_url, index_dir)
    library.ingest_paths(bundled_sample_files())
    before = ranking(library)
    library.close()
    return before


def test_a_restart_loads_the_saved_index(
    database_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    index_dir = tmp_path / "index"
    before = save_samples(database_url, index_dir)
    assert len(manifests(index_dir)) == 1
    caplog.set_level(logging.INFO)
    caplog.clear()  # only what the second start logs
    second = Library.open(database_url, index_dir)
    assert ranking(second) == before
    second.close()
    assert "building it from the database" not in caplog.text
    assert "index built" not in caplog.text


def test_a_damaged_index_is_rebuilt(
    sqlite_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    index_dir = tmp_path / "index"
    before = save_samples(sqlite_url, index_dir)
    [manifest] = manifests(index_dir)
    manifest.write_text("{ not json", encoding="utf-8")
    second = Library.open(sqlite_url, index_dir)
    assert ranking(second) == before
    assert "rebuilt from the database" in caplog.text
    second.close()
    third = Library.open(sqlite_url, index_dir)  # the rebuild was saved again
    assert ranking(third) == before
    third.close()


def test_a_running_bot_sees_what_another_process_ingested(
    database_url: str, tmp_path: Path
) -> None:
    index_dir = tmp_path / "index"
    bot_side = Library.open(database_url, index_dir)
    assert bot_side.search(QUESTION).hits == ()
    cli_side = Library.open(database_url, index_dir)
    cli_side.ingest_paths(bundled_sample_files())
    cli_side.close()
    hits = bot_side.search(QUESTION).hits
    assert hits and "1961" in hits[0].excerpt
    bot_side.close()


def test_two_databases_never_share_an_index(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    assert save_samples(f"sqlite:///{tmp_path / 'one.sqlite3'}", index_dir)
    other = Library.open(f"sqlite:///{tmp_path / 'other.sqlite3'}", index_dir)
    assert other.search(QUESTION).hits == ()
    other.close()
    assert len(manifests(index_dir)) == 2  # one saved index per database


def test_a_copied_database_never_answers_with_the_originals_passages(tmp_path: Path) -> None:
    """A copy shares the library id, and so the saved index: after each side stores its own
    articles under the same passage ids, the copy must answer from its own passages."""
    index_dir = tmp_path / "index"
    original_url = f"sqlite:///{tmp_path / 'original.sqlite3'}"
    assert save_samples(original_url, index_dir)
    shutil.copy(tmp_path / "original.sqlite3", tmp_path / "copy.sqlite3")
    copy_url = f"sqlite:///{tmp_path / 'copy.sqlite3'}"
    for url, word in ((copy_url, "tardis"), (original_url, "zorblax")):
        library = Library.open(url, index_dir)
        page = tmp_path / f"{word}.txt"
        page.write_text(f"{word.title()} notes\n\nThe {word} was seen by the crew at dawn.")
        assert [r.status for r in library.ingest_paths([page])] == ["added"]
        library.close()  # the original saves last: its view of the new passage ids wins
    copy = Library.open(copy_url, index_dir)
    assert copy.search("zorblax").hits == ()  # the original's word, under the copy's ids
    assert copy.search("tardis crew dawn").hits[0].title == "Tardis notes"
    copy.close()
