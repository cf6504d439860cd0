"""Shared fixtures: real databases (SQLite file, the machine's PostgreSQL) and ../shared data."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from tests.pages_server import PagesServer, serving

REPO = Path(__file__).resolve().parents[1]

# CI explores the same examples every run, so a red CI means the change, not the dice; local
# runs keep drawing new ones (and report what they find as tests, like the NFKC one).
hypothesis_settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _required(variable: str) -> bool:
    # .ci/run sets these so that a missing dependency fails CI instead of skipping quietly.
    return os.environ.get(variable, "") not in ("", "0")


def shared_dir() -> Path:
    """../shared beside the repo (or ARTICLEBOT_SHARED_DIR); skip, or fail in CI, without it."""
    path = Path(os.environ.get("ARTICLEBOT_SHARED_DIR") or REPO.parent / "shared")
    if not (path / "evaldata").is_dir():
        reason = (
            f"{path} not found: the evaluation data lives in ../shared beside the repo "
            "(set ARTICLEBOT_SHARED_DIR to use another place)"
        )
        if _required("ARTICLEBOT_REQUIRE_SHARED"):
            pytest.fail(reason)
        pytest.skip(reason)
    return path


@pytest.fixture
def shared() -> Path:
    return shared_dir()


def _postgres_base_url() -> str:
    return os.environ.get("ARTICLEBOT_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh schema on the real PostgreSQL, dropped afterwards."""
    base = _postgres_base_url()
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    except OperationalError as exc:
        admin.dispose()
        reason = (
            f"PostgreSQL at {base} is not reachable ({exc.orig}); set ARTICLEBOT_TEST_POSTGRES_URL"
        )
        if _required("ARTICLEBOT_REQUIRE_POSTGRES"):
            pytest.fail(reason)
        pytest.skip(reason)
    separator = "&" if "?" in base else "?"
    try:
        yield f"{base}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'articlebot.sqlite3'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest) -> str:
    """Each storage test runs on a real SQLite file and on the real PostgreSQL."""
    name = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    url: str = request.getfixturevalue(name)
    return url


@pytest.fixture(autouse=True)
def _process_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # A proxy variable on the machine would send loopback Bot API calls astray.
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    # As `articlebot` itself does: PTB 22 warns on every 429 until this opt-in is set.
    monkeypatch.setenv("PTB_TIMEDELTA", "1")


@pytest.fixture
def server() -> Iterator[PagesServer]:
    """A local HTTP server on loopback for pages and feeds (see tests/pages_server.py)."""
    with serving() as running:
        yield running


@pytest.fixture
def local_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[list[str]], int]:
    """`articlebot` in this process with its own data dir, allowed to fetch from loopback."""
    from bot.cli import main

    for name in ("TELEGRAM_BOT_TOKEN", "ARTICLEBOT_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ARTICLEBOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ARTICLEBOT_ALLOW_PRIVATE_URLS", "1")
    monkeypatch.chdir(tmp_path)
    return main
