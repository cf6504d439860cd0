"""The layering rule: index ← articles ← bot, and nothing runs at import time."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FORBIDDEN = {
    "index": {"sqlalchemy", "httpx", "telegram", "trafilatura", "feedparser", "articles", "bot"},
    "articles": {"telegram", "bot"},
}


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


def test_the_checker_sees_a_forbidden_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("import os\nfrom telegram.ext import Application\nfrom . import x\n")
    assert imported_modules(module) == {"os", "telegram"}


def test_importing_every_module_does_nothing() -> None:
    # A fresh interpreter imports all modules; none may read settings, log, or touch disk/network.
    modules = sorted(
        ".".join(p.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")
        for pkg in ("index", "articles", "bot")
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
