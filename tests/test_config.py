from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import DEFAULT_API_BASE_URL, SETTINGS, Settings, SettingsError, load_settings

REPO = Path(__file__).resolve().parents[1]


def test_defaults_put_sqlite_in_the_data_dir(tmp_path: Path) -> None:
    settings = load_settings({"HOME": str(tmp_path)}, env_file=None)
    assert settings.telegram_bot_token is None
    assert settings.telegram_api_base_url == DEFAULT_API_BASE_URL
    assert settings.data_dir == tmp_path / ".local" / "share" / "articlebot"
    assert settings.database_url == f"sqlite:///{settings.data_dir / 'articlebot.sqlite3'}"
    assert settings.admin_ids == frozenset()


def test_environment_wins_over_env_file(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("TELEGRAM_BOT_TOKEN=from-file\nARTICLEBOT_ADMIN_IDS=1, 2\n")
    settings = load_settings({"TELEGRAM_BOT_TOKEN": "from-env", "HOME": "/h"}, env_file=env_file)
    assert settings.telegram_bot_token == "from-env"
    assert settings.admin_ids == frozenset({1, 2})


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql+psycopg://u:SECRET@h/db", "postgresql+psycopg://u:***@h/db"),
        ("postgresql+psycopg://u@h/db?password=SECRET&sslmode=require",
         "postgresql+psycopg://u@h/db?password=%2A%2A%2A&sslmode=require"),
        ("postgresql://u:p%40SECRET@h:5432/db", "postgresql://u:***@h:5432/db"),
        ("sqlite:////data/articlebot.sqlite3", "sqlite:////data/articlebot.sqlite3"),
        ("u:SECRET@h/db", "(unparsable URL)"),
        ("host=h password=SECRET", "(unparsable URL)"),
    ],
)  # fmt: skip
def test_secrets_never_show_in_repr_or_str(url: str, shown: str) -> None:
    settings = Settings(telegram_bot_token="123:SECRET", database_url=url)
    for text in (repr(settings), str(settings), f"{settings}"):
        assert "SECRET" not in text
        assert f"database_url={shown!r}" in text
        assert "telegram_bot_token='***'" in text


def test_bad_admin_ids_name_the_value_and_the_fix() -> None:
    with pytest.raises(SettingsError, match=r"ARTICLEBOT_ADMIN_IDS contains 'bob'.*12345,67890"):
        load_settings({"ARTICLEBOT_ADMIN_IDS": "1,bob"}, env_file=None)


def test_missing_token_says_how_to_get_one() -> None:
    with pytest.raises(SettingsError, match=r"TELEGRAM_BOT_TOKEN is not set.*@BotFather.*demo"):
        Settings().require_token()


def test_every_setting_is_in_the_readme_table() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for setting in SETTINGS:
        assert f"| `{setting.name}` |" in readme, f"{setting.name} is not documented in README.md"
