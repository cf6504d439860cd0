"""The saved index: loaded instead of rebuilt, caught up with other processes' writes, rebuilt
when damaged, and never shared between two databases."""

from __future__ import annotations

import contextlib
import logging
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

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


@contextlib.contextmanager
def copied(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple[str, str]]:
    """(original, copy) URLs: a copied SQLite file, or a PostgreSQL schema restored into
    another (every row, the same library id), as a dump restored elsewhere would be."""
    if kind == "sqlite":
        original = f"sqlite:///{tmp_path / 'original.sqlite3'}"
        yield original, f"sqlite:///{tmp_path / 'copy.sqlite3'}"
        return
    original = request.getfixturevalue("postgres_url")
    copy_schema = f"c_{uuid.uuid4().hex[:12]}"
    admin = create_engine(original.split("?")[0], isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{copy_schema}"'))
    try:
        yield original, original.rsplit("%3D", 1)[0] + f"%3D{copy_schema}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{copy_schema}" CASCADE'))
        admin.dispose()


def make_copy(kind: str, original: str, copy: str, tmp_path: Path) -> None:
    if kind == "sqlite":
        shutil.copy(tmp_path / "original.sqlite3", tmp_path / "copy.sqlite3")
        return
    Library.open(copy).close()  # the schema, then every row of the original over it
    source = original.rsplit("%3D", 1)[1]
    engine = create_engine(copy)
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM library_meta; DELETE FROM library_version"))
        for table in ("library_meta", "library_version", "articles", "passages",
                      "passage_changes"):  # fmt: skip
            connection.execute(text(f'INSERT INTO {table} SELECT * FROM "{source}".{table}'))
        for table in ("articles", "passages", "passage_changes"):
            connection.execute(
                text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                     f"(SELECT max(id) FROM {table}))")
            )  # fmt: skip
    engine.dispose()


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_a_copied_database_never_answers_with_the_originals_passages(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """A copy shares the library id, and so the saved index: after each side stores its own
    articles under the same passage ids, the copy must answer from its own passages."""
    index_dir = tmp_path / "index"
    with copied(kind, tmp_path, request) as (original_url, copy_url):
        assert save_samples(original_url, index_dir)
        make_copy(kind, original_url, copy_url, tmp_path)
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


def test_a_copy_holding_the_same_article_at_other_ids_answers_from_its_own(
    tmp_path: Path,
) -> None:
    """Passage ids are checked one by one: the original and its copy store one article under
    different ids, and a saved id that means another passage of it here is re-indexed."""
    index_dir = tmp_path / "index"
    original = f"sqlite:///{tmp_path / 'original.sqlite3'}"
    copy = f"sqlite:///{tmp_path / 'copy.sqlite3'}"
    assert save_samples(original, index_dir)
    shutil.copy(tmp_path / "original.sqlite3", tmp_path / "copy.sqlite3")
    animals = tmp_path / "animals.txt"
    animals.write_text(
        "Animals\n\n"
        + "\n\n".join(
            " ".join([f"This paragraph is about {w}."] * 40)
            for w in ("aardvarks", "bumblebees", "capybaras")
        )
    )
    yaks = tmp_path / "yaks.txt"
    yaks.write_text("Yaks\n\nSomething about yaks only, grazing high in the mountains.")
    library = Library.open(original, index_dir)  # saves its view: the animals at ids n..n+2
    library.ingest_paths([animals])
    library.close()
    library = Library.open(copy)  # no saved index: the copy stores yaks first, then the animals
    library.ingest_paths([yaks, animals])
    library.close()
    library = Library.open(copy, index_dir)
    for word in ("aardvarks", "bumblebees", "capybaras"):
        hits = library.search(word, k=3).hits
        assert hits and all(word in hit.text for hit in hits), word
    library.close()
