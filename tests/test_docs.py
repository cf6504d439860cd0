"""The README tells the truth: its commands are the ones CI runs, its tables match the code."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import build_parser

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")


def readme_commands() -> list[str]:
    return re.findall(r"```sh\n(.+?)\n```", README)


def test_readme_opens_with_the_demo_and_the_test_command() -> None:
    demo, tests = readme_commands()[:2]
    assert demo.endswith("articlebot demo")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert tests in ci.splitlines(), "the README's test command must be the one .ci/run runs"


def test_readme_lists_every_cli_command() -> None:
    subcommands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name in subcommands:
        assert f"`articlebot {name}" in README


@pytest.mark.parametrize("tool", ["ruff", "mypy"])
def test_code_is_clean(tool: str) -> None:
    # Lint and types are part of the test command, so CI fails on them too.
    executable = shutil.which(tool, path=str(Path(sys.executable).parent))
    assert executable, f"{tool} is not installed; install the test extras: pip install -e '.[test]'"
    args = ["check", "."] if tool == "ruff" else []
    done = subprocess.run(
        [executable, *args], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
