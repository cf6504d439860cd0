"""A database made by an earlier release opens, migrates on start and answers as before."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select
from sqlalchemy.engine import make_url

from articles.db import migrate, open_engine
from articles.library import Library
from articles.models import Article, Base

DATA = Path(__file__).with_name("data")
SEED_TITLE = "China and North Korea pledge to cooperate “in the face of foreign hostility”"


def release_010_sqlite(tmp_path: Path) -> str:
    copy = tmp_path / "old.sqlite3"
    shutil.copy(DATA / "release-0.1.0.sqlite3", copy)
    return f"sqlite:///{copy}"


def release_010_postgres(postgres_url: str) -> str:
    """The 0.1.0 dump loaded into the test's fresh schema."""
    return load_dump(postgres_url, "release-0.1.0.postgres.sql", "release_010")


def load_dump(postgres_url: str, name: str, dumped_schema: str) -> str:
    """A pg_dump of one schema loaded into the test's fresh schema."""
    url = make_url(postgres_url)
    schema = url.query["options"].split("=")[-1]  # -csearch_path=<schema>
    dump = (DATA / name).read_text(encoding="utf-8")
    statements = "\n".join(
        line
        for line in dump.replace(dumped_schema, schema).splitlines()
        if not line.startswith("\\") and not line.startswith(f"CREATE SCHEMA {schema}")
    )
    conninfo = url.set(drivername="postgresql", query={}).render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute(statements.encode())
        connection.execute("SELECT pg_catalog.set_config('search_path', '', false)")
    return postgres_url


@pytest.fixture(params=["sqlite", "postgresql"])
def old_database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return release_010_sqlite(tmp_path)
    return release_010_postgres(request.getfixturevalue("postgres_url"))


def test_a_release_010_database_migrates_and_answers_as_before(old_database: str) -> None:
    library = Library.open(old_database)
    stats = library.stats()
    assert (stats.articles, stats.passages) == (10, 68)  # nothing lost
    hits = library.search("When was the China-North Korea treaty signed?").hits
    assert hits[0].title == SEED_TITLE and "1961" in hits[0].excerpt
    # The text publication date became a date, and date filters use it.
    with library.sessions() as session:
        harbour = session.scalars(select(Article).where(Article.site == "Harbour Times")).one()
    assert harbour.published_on == date(2024, 3, 15)
    assert [h.title for h in library.search("harbour bridge before:2024-04-01").hits] == [
        harbour.title
    ]
    assert library.search("harbour bridge since:2024-03-16").hits == ()
    library.close()


def test_a_migrated_database_takes_new_articles(old_database: str, tmp_path: Path) -> None:
    library = Library.open(old_database)
    page = tmp_path / "new.txt"
    page.write_text("Lighthouse\n\nThe old lighthouse was restored by volunteers in 2025.")
    [result] = library.ingest_paths([page])
    assert result.status == "added"
    assert library.search("lighthouse volunteers").hits[0].title == "Lighthouse"
    library.close()


def test_the_models_match_the_migrations(database_url: str) -> None:
    engine = open_engine(database_url)
    migrate(engine)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert differences == []


def test_url_keys_of_two_rows_for_one_page_stay_apart_on_upgrade(database_url: str) -> None:
    """An earlier release stored http:// and https:// of one page as two articles: the
    migration that adds the URL key must keep both (and start), not stop on a duplicate."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    from articles.db import MIGRATIONS_DIR

    engine = open_engine(database_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0002")
    with engine.begin() as connection:
        for n, url in enumerate(["http://example.com/a", "https://example.com/a"], start=1):
            connection.execute(
                text(
                    "INSERT INTO articles (url, content_hash, title, site, language, "
                    "source_kind, body) VALUES (:url, :hash, 'A', NULL, 'en', 'url', 'Body')"
                ),
                {"url": url, "hash": f"{n:064d}"},
            )
    migrate(engine)
    with engine.connect() as connection:
        keys = connection.execute(text("SELECT url_key FROM articles ORDER BY id")).scalars()
        first, second = list(keys)
    engine.dispose()
    assert first == "https://example.com/a" and second not in (None, first)


@pytest.fixture(params=["sqlite", "postgresql"])
def release_0004(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database made by the release before topic alerts (schema 0004): the samples, a dated
    page and a feed of three entries (its back catalogue); see tests/data/README.md."""
    if request.param == "sqlite":
        copy = tmp_path / "old.sqlite3"
        shutil.copy(DATA / "release-0004.sqlite3", copy)
        return f"sqlite:///{copy}"
    postgres_url: str = request.getfixturevalue("postgres_url")
    return load_dump(postgres_url, "release-0004.postgres.sql", "release_020")


def test_the_release_before_alerts_migrates_and_answers_as_before(release_0004: str) -> None:
    library = Library.open(release_0004)
    stats = library.stats()
    assert (stats.articles, stats.passages) == (13, 76)  # nothing lost
    hits = library.search("When was the China-North Korea treaty signed?").hits
    assert hits[0].title == SEED_TITLE and "1961" in hits[0].excerpt
    assert library.search("coffee harvest").hits[0].title == "Story about coffee harvest"
    [feed] = library.feeds.feeds()
    assert feed.title == "Test Wire"
    library.close()


def test_articles_stored_before_the_upgrade_never_alert(release_0004: str) -> None:
    """The migration queues no existing article: a topic made after the upgrade is told only
    of what comes after it."""
    library = Library.open(release_0004)
    library.subscriptions.subscribe(7, "coffee harvest", sensitivity="all")
    assert library.alerts.match_pending().alerts == 0
    assert library.outbox.pending() == 0
    library.close()
