"""The layering rule: index ← articles ← bot, the stand-in beside them (only the demo and the
tests use it), and nothing runs at import time."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FORBIDDEN = {
    "index": {"sqlalchemy", "httpx", "telegram", "trafilatura", "feedparser"}
    | {"articles", "bot", "standin"},
    "articles": {"telegram", "bot", "standin"},
    # The Bot API stand-in is a test double: it knows Telegram, never the bot it talks to.
    "standin": {"index", "articles", "bot"},
}
# The bot runs on Telegram; only the demo runs it against the stand-in.
MAY_IMPORT_STANDIN = {"bot/demo.py"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_only_lower_layers(package: str) -> None:
    offenders = {
        str(path.relative_to(REPO)): sorted(imported_modules(path) & FORBIDDEN[package])
        for path in (REPO / package).rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_only_the_demo_imports_the_standin() -> None:
    importers = {
        path.relative_to(REPO).as_posix()
        for path in (REPO / "bot").rglob("*.py")
        if "standin" in imported_modules(path)
    }
    assert importers <= MAY_IMPORT_STANDIN
    assert "standin" in imported_modules(REPO / "bot" / "demo.py")  # the rule still bites


def test_the_shipped_standin_has_no_test_only_knobs() -> None:
    from standin import BotApiStandin

    knobs = {"fail_next", "delay_next", "block_user", "blocked"}  # tests/standin_faults.py
    assert knobs.isdisjoint(dir(BotApiStandin))
    assert knobs.isdisjoint(vars(BotApiStandin()))


def test_the_checker_sees_a_forbidden_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("import os\nfrom telegram.ext import Application\nfrom . import x\n")
    assert imported_modules(module) == {"os", "telegram"}


def test_importing_every_module_does_nothing() -> None:
    # A fresh interpreter imports all modules; none may read settings, log, or touch disk/network.
    modules = sorted(
        ".".join(p.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")
        for pkg in ("index", "articles", "bot", "standin")
        for p in (REPO / pkg).rglob("*.py")
        if "migrations" not in p.parts
    )
    code = (
        "import importlib, logging, os, sys\n"
        "os.environ.pop('TELEGRAM_BOT_TOKEN', None)\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "assert not logging.getLogger().handlers, 'a module configured logging at import'\n"
        "print('ok')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO / "tests",
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def index_submodules_imported(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.startswith("index."):
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("index."))
    return found


def test_articles_and_bot_use_only_the_public_api_of_index(tmp_path: Path) -> None:
    """index/__init__.py is index's API: the layers above import names from it, never its
    modules, so index can be reorganised without touching them."""
    offenders = {
        path.relative_to(REPO).as_posix(): sorted(index_submodules_imported(path))
        for package in ("articles", "bot")
        for path in (REPO / package).rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}
    probe = tmp_path / "m.py"
    probe.write_text("from index import a\nfrom index.x import y\nimport index.z\n")
    assert index_submodules_imported(probe) == {"index.x", "index.z"}  # the check bites
