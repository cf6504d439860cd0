"""Engine, sessions and schema migrations for SQLite (default) and PostgreSQL."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from articles.errors import StorageError

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# pg_advisory_xact_lock key for migrations: any constant of ours ("abot" in ASCII).
_LOCK_KEY = 0x61626F74


def open_engine(database_url: str) -> Engine:
    """An engine for `database_url`; SQLite gets WAL, foreign keys and its folder created.

    PostgreSQL URLs as hosts print them (`postgres://`, `postgresql://`) mean psycopg 3, the
    driver articlebot ships; any problem is a StorageError naming the value and the fix."""
    try:
        url = make_url(database_url)
    except ArgumentError:
        raise StorageError(
            f"ARTICLEBOT_DATABASE_URL={database_url!r} is not a database URL; use e.g. "
            "sqlite:///path/to/articlebot.sqlite3 or postgresql://user@host/dbname"
        ) from None
    shown = url.render_as_string(hide_password=True)
    if url.drivername in ("postgres", "postgresql"):
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url, shown)
    try:
        return create_engine(url, pool_pre_ping=True)
    except (NoSuchModuleError, ModuleNotFoundError) as exc:
        raise StorageError(
            f"ARTICLEBOT_DATABASE_URL={shown!r} needs a database driver that is not installed "
            f"({exc}); articlebot ships SQLite and psycopg 3: use sqlite:///path or "
            "postgresql://user@host/dbname"
        ) from None


def _sqlite_engine(url: URL, shown: str) -> Engine:
    if url.database and url.database != ":memory:":
        folder = Path(url.database).expanduser().parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(
                f"cannot create the folder {str(folder)!r} for the SQLite database {shown!r}: "
                f"{exc.strerror}; set ARTICLEBOT_DATA_DIR or ARTICLEBOT_DATABASE_URL to a "
                "writable place"
            ) from None
    engine = create_engine(url, connect_args={"timeout": 30})
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    # WAL lets the bot read while an ingest writes; foreign keys make cascades real.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def migrate(engine: Engine) -> None:
    """Bring the schema up to the newest Alembic revision (run on every start).

    On PostgreSQL an advisory lock, held until the migration commits, makes processes that
    start at once migrate one after the other (SQLite's write lock already does)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except (OperationalError, DatabaseError) as exc:
        raise StorageError(
            f"cannot open the database {engine.url.render_as_string(hide_password=True)}: "
            f"{_first_line(exc.orig)}. Check ARTICLEBOT_DATABASE_URL, that the server is "
            "running and that the file or database is writable."
        ) from exc


def _first_line(error: BaseException | None) -> str:
    return str(error).strip().splitlines()[0] if error is not None and str(error).strip() else ""


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def dialect_insert(session: Session) -> Any:
    """The session's dialect's INSERT construct (PostgreSQL's or SQLite's), which has
    `on_conflict_do_nothing`: a row that is there already is no error."""
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
