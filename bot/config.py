"""Settings: read once, from the environment, then an optional `.env`, then defaults."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from dotenv import dotenv_values
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from articles.errors import ArticlebotError

DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"


class SettingsError(ArticlebotError):
    """A setting is missing or malformed; the message names it and the fix."""


@dataclass(frozen=True)
class Setting:
    """One documented environment variable (the README table is checked against these)."""

    name: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "TELEGRAM_BOT_TOKEN", "(none)", "Bot token from @BotFather; needed by `articlebot run`."
    ),
    Setting(
        "TELEGRAM_API_BASE_URL",
        DEFAULT_API_BASE_URL,
        "Bot API base URL (the token is appended); point it at a self-hosted Bot API server.",
    ),
    Setting(
        "ARTICLEBOT_DATABASE_URL",
        "sqlite:///<data dir>/articlebot.sqlite3",
        "SQLAlchemy URL, e.g. `postgresql+psycopg://user@host/db`.",
    ),
    Setting(
        "ARTICLEBOT_DATA_DIR",
        "$XDG_DATA_HOME/articlebot or ~/.local/share/articlebot",
        "Where the SQLite database and other local state live.",
    ),
    Setting(
        "ARTICLEBOT_ADMIN_IDS",
        "(empty)",
        "Comma-separated Telegram user ids that get a short report of every error "
        "(each must have started a chat with the bot); they may also /add pages.",
    ),
    Setting(
        "ARTICLEBOT_OPEN_ADD",
        "0",
        "1 lets everyone who chats with the bot /add pages, not only the admins.",
    ),
    Setting(
        "ARTICLEBOT_ALLOW_PRIVATE_URLS",
        "0",
        "1 lets the bot fetch pages from private and local addresses (127.0.0.1, 10.x, ...); "
        "only for a private setup: otherwise anyone could make it read the host's services.",
    ),
)


# Hand-written rather than pydantic-settings, measured (python -X importtime, 2-core box):
# pydantic_settings adds 0.2-0.4 s to every `articlebot` start on top of bot.cli's own
# imports, and pydantic plus pydantic-core (~10 MB installed) for five string settings.
# What it would give is here: env > .env > defaults read once, errors that name the
# variable, the token and the database password hidden in repr and str.
@dataclass(frozen=True)
class Settings:
    """Everything configurable, passed down from `main()`; nothing else reads the environment."""

    telegram_bot_token: str | None = field(default=None, repr=False)
    telegram_api_base_url: str = DEFAULT_API_BASE_URL
    database_url: str = ""
    data_dir: Path = Path()
    admin_ids: frozenset[int] = frozenset()
    open_add: bool = False
    allow_private_urls: bool = False

    def __repr__(self) -> str:
        # The token is a credential: it must never reach a log or a traceback.
        token = "'***'" if self.telegram_bot_token else "None"
        return (
            f"Settings(telegram_bot_token={token}, "
            f"telegram_api_base_url={self.telegram_api_base_url!r}, "
            f"database_url={_hide_password(self.database_url)!r}, data_dir={self.data_dir!r}, "
            f"admin_ids={sorted(self.admin_ids)!r}, open_add={self.open_add!r}, "
            f"allow_private_urls={self.allow_private_urls!r})"
        )

    @property
    def shown_database_url(self) -> str:
        """The database URL as it may be printed: the password as ***."""
        return _hide_password(self.database_url)

    def require_token(self) -> str:
        """The bot token, or a SettingsError that says how to provide one."""
        if not self.telegram_bot_token:
            raise SettingsError(
                "TELEGRAM_BOT_TOKEN is not set. Get a token from @BotFather and set it in the "
                "environment or in a .env file (TELEGRAM_BOT_TOKEN=123456:ABC...). "
                "To try the bot without Telegram, run `articlebot demo`."
            )
        return self.telegram_bot_token

    def secrets(self) -> tuple[str, ...]:
        """The values that must never reach a log or a message: token and database password."""
        return secret_values(self.telegram_bot_token, self.database_url)


def secret_values(token: str | None, database_url: str) -> tuple[str, ...]:
    """A bot token (and its secret half) and the database URL's password, as written in the
    URL and percent-decoded: every form in which they might show up in an error message."""
    found: list[str] = []
    if token:
        found += [token, token.partition(":")[2]]
    password = _url_password(database_url)
    if password:
        found += [password, unquote(password)]
    return tuple(dict.fromkeys(s for s in found if s))


def load_settings(
    environ: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")
) -> Settings:
    """Read the settings: the environment wins over `.env`, which wins over the defaults."""
    env = dict(os.environ if environ is None else environ)
    file_values: dict[str, str] = {}
    if env_file is not None and env_file.is_file():
        file_values = {k: v for k, v in dotenv_values(env_file).items() if v is not None}

    def get(name: str) -> str | None:
        value = env.get(name, file_values.get(name))
        return value.strip() if value is not None and value.strip() else None

    data_dir = Path(get("ARTICLEBOT_DATA_DIR") or _default_data_dir(env)).expanduser()
    database_url = get("ARTICLEBOT_DATABASE_URL") or f"sqlite:///{data_dir / 'articlebot.sqlite3'}"
    base_url = get("TELEGRAM_API_BASE_URL") or DEFAULT_API_BASE_URL
    if not base_url.startswith(("http://", "https://")):
        raise SettingsError(
            f"TELEGRAM_API_BASE_URL={base_url!r} is not an http(s) URL; "
            f"use e.g. {DEFAULT_API_BASE_URL!r} or http://127.0.0.1:8081/bot"
        )
    return Settings(
        telegram_bot_token=get("TELEGRAM_BOT_TOKEN"),
        telegram_api_base_url=base_url,
        database_url=database_url,
        data_dir=data_dir,
        admin_ids=_parse_admin_ids(get("ARTICLEBOT_ADMIN_IDS")),
        open_add=_flag("ARTICLEBOT_OPEN_ADD", get("ARTICLEBOT_OPEN_ADD")),
        allow_private_urls=_flag(
            "ARTICLEBOT_ALLOW_PRIVATE_URLS", get("ARTICLEBOT_ALLOW_PRIVATE_URLS")
        ),
    )


_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


def _flag(name: str, raw: str | None) -> bool:
    if raw is None or raw.lower() in _FALSE:
        return False
    if raw.lower() in _TRUE:
        return True
    raise SettingsError(f"{name}={raw!r} is not a yes/no value; use {name}=1 or {name}=0")


def _default_data_dir(env: Mapping[str, str]) -> Path:
    xdg = env.get("XDG_DATA_HOME")
    base = Path(xdg) if xdg else Path(env.get("HOME", "~")) / ".local" / "share"
    return base / "articlebot"


def _parse_admin_ids(raw: str | None) -> frozenset[int]:
    if not raw:
        return frozenset()
    ids: set[int] = set()
    for part in raw.split(","):
        part = part.strip()
        if not part:
            continue
        try:
            ids.add(int(part))
        except ValueError:
            raise SettingsError(
                f"ARTICLEBOT_ADMIN_IDS contains {part!r}, which is not a Telegram user id; "
                "use comma-separated numbers, e.g. ARTICLEBOT_ADMIN_IDS=12345,67890"
            ) from None
    return frozenset(ids)


def _hide_password(url: str) -> str:
    """The database URL as SQLAlchemy reads it, with the password (also ?password=) as ***."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return url if "@" not in url and "password" not in url.lower() else "(unparsable URL)"
    query = {k: "***" if k.lower() == "password" else v for k, v in parsed.query.items()}
    return parsed.set(query=query).render_as_string(hide_password=True)


def _url_password(url: str) -> str | None:
    """The password in ``scheme://user:password@host/...`` as written (percent-encoded)."""
    _, sep, rest = url.partition("://")
    if not sep or "@" not in rest:
        return None
    credentials = rest.rpartition("@")[0]
    _, colon, password = credentials.partition(":")
    return password if colon else None
