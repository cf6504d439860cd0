"""Hostile storage: NUL bytes, refused rows, odd database URLs, concurrent migrations and
index folders that cannot be written. Each bad thing fails alone with a clear line."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import pytest
from sqlalchemy import select, text

from articles.db import migrate, open_engine
from articles.errors import StorageError
from articles.extracted import Extracted
from articles.library import Library
from articles.models import Article
from articles.sources.files import bundled_sample_files
from bot.cli import main


def story(title: str, body: str) -> Extracted:
    return Extracted(title, body, None, "en", None, None)


def test_nul_bytes_are_never_stored(database_url: str, tmp_path: Path) -> None:
    """On PostgreSQL one NUL stopped a whole ingest with a raw DataError; it is text noise."""
    library = Library.open(database_url)
    url = "https://example.com/nul"
    result = library.add_article(
        story("Null\x00 title", "A harbour\x00 report about the grain trade and its ships."),
        url=url,
        kind="url",
        source=url,
    )
    assert result.status == "added", result.error
    with library.sessions() as session:
        article = session.scalars(select(Article)).one()
    assert "\x00" not in article.title + article.body
    assert library.search("harbour grain").hits[0].title == "Null title"
    files = []
    for n in range(6):
        path = tmp_path / f"f{n}.txt"
        nul = "\x00" if n == 3 else ""
        body = f"The story{nul} number {n} of the river port. " + "Ships come and go. " * 20
        path.write_bytes(f"Story {n}\n\n{body}".encode())
        files.append(path)
    results = library.ingest_paths(files)
    assert [r.status for r in results] == ["added"] * 6, [r.error for r in results]
    library.close()


@pytest.mark.postgres
def test_a_row_the_database_refuses_fails_alone_without_sql(postgres_url: str) -> None:
    library = Library.open(postgres_url)
    too_long = "https://example.com/" + "a" * 3000  # the url column holds 2048
    refused = library.add_article(
        story("Long", "A long address for a short story."), url=too_long, kind="url", source="x"
    )
    fine = library.add_article(
        story("Fine", "A fine story about the harbour."), url="https://e.com/f", kind="url",
        source="y",
    )  # fmt: skip
    assert refused.status == "failed"
    assert refused.error and refused.error.startswith("x: the database refused it (")
    assert "INSERT" not in refused.error and "aaaa" not in refused.error
    assert fine.status == "added"
    assert [h.title for h in library.search("harbour").hits] == ["Fine"]
    library.close()


@pytest.mark.postgres
def test_processes_starting_at_once_migrate_one_after_the_other(postgres_url: str) -> None:
    """Concurrent first starts on a fresh PostgreSQL database crashed one of them in 3 of 4
    runs (UniqueViolation on pg_type); the advisory lock serialises the migrations."""
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def start() -> None:
        engine = open_engine(postgres_url)
        try:
            barrier.wait()
            migrate(engine)
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    engine = open_engine(postgres_url)
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM library_meta")) == 1
    engine.dispose()


@pytest.mark.postgres
def test_postgres_urls_as_hosts_print_them_use_psycopg(postgres_url: str) -> None:
    for scheme in ("postgres://", "postgresql://"):
        url = postgres_url.replace("postgresql+psycopg://", scheme)
        engine = open_engine(url)
        assert engine.dialect.driver == "psycopg"
        migrate(engine)
        engine.dispose()


def test_a_driver_that_is_not_installed_is_named_with_the_fix() -> None:
    with pytest.raises(StorageError) as caught:
        open_engine("postgresql+psycopg2://bob:s3cret@db.example/news")
    message = str(caught.value)
    assert "postgresql+psycopg2://bob:***@db.example/news" in message
    assert "postgresql://user@host/dbname" in message
    assert "s3cret" not in message


def test_an_sqlite_path_that_cannot_be_created_is_named(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StorageError, match=r"cannot create the folder .*file.* writable place"):
        open_engine(f"sqlite:///{blocker}/db.sqlite3")


def test_an_sqlite_file_that_is_not_a_database_is_named(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"this is no database" * 100)
    with pytest.raises(StorageError, match=r"cannot open the database .*junk\.sqlite3"):
        migrate(open_engine(f"sqlite:///{junk}"))


@pytest.mark.parametrize("damage", ["index is a file", "lock is a folder"])
def test_an_index_folder_that_cannot_be_used_keeps_the_index_in_memory(
    sqlite_url: str, tmp_path: Path, damage: str, caplog: pytest.LogCaptureFixture
) -> None:
    index_dir = tmp_path / "index"
    if damage == "index is a file":
        index_dir.write_text("in the way")
    else:
        first = Library.open(sqlite_url, index_dir)
        first.close()
        [saved] = [p for p in index_dir.iterdir() if p.is_dir()]
        (saved / ".lock").unlink(missing_ok=True)
        (saved / ".lock").mkdir()
    with caplog.at_level(logging.WARNING):
        library = Library.open(sqlite_url, index_dir)
        results = library.ingest_paths(bundled_sample_files())
        assert {r.status for r in results} == {"added"}
        assert library.search("treaty 1961").hits
        library.close()
    warnings = [r for r in caplog.records if "kept in memory" in r.getMessage()]
    assert len(warnings) == 1


def test_ingest_with_an_unusable_index_folder_reports_every_file(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """It used to crash after committing: no --json lines, no summary, exit 1."""
    monkeypatch.setenv("ARTICLEBOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("ARTICLEBOT_DATABASE_URL", raising=False)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "index").write_text("in the way")
    monkeypatch.chdir(tmp_path)
    page = tmp_path / "a.txt"
    page.write_text("Lighthouse\n\nThe lighthouse keeper wrote about the storm.")
    assert main(["ingest", "--json", str(page)]) == 0
    out, err = capsys.readouterr()
    assert '"status": "added"' in out
    assert "Traceback" not in err
    assert any("kept in memory" in r.getMessage() for r in caplog.records)
    assert main(["search", "lighthouse storm"]) == 0
    out, err = capsys.readouterr()
    assert "Lighthouse" in out and "Traceback" not in err
