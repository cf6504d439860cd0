"""The README tells the truth: its commands are the ones CI runs, its tables match the code."""

from __future__ import annotations

import re
from pathlib import Path

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


def test_readme_lint_command_is_what_ci_runs() -> None:
    # Lint and types run as their own CI steps, after the tests, not inside pytest.
    lint = readme_commands()[2]
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert [step for step in lint.split(" && ") if step not in ci] == []


def test_readme_lists_every_cli_command() -> None:
    subcommands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name in subcommands:
        assert f"`articlebot {name}" in README


def test_the_image_copies_every_package_and_ignores_the_rest() -> None:
    """No container engine on this machine kind: what can be checked is checked here."""
    dockerfile = (REPO / "Dockerfile").read_text(encoding="utf-8")
    packages = {
        path.parent.name
        for path in REPO.glob("*/__init__.py")
        if path.parent.name not in {"tests", "bench", "tools"}
    }
    assert packages == {"articles", "bot", "index", "standin"}
    for package in packages:
        assert f"COPY {package} ./{package}" in dockerfile, package
    ignored = (REPO / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".git", ".venv", ".env", "**/__pycache__"} <= set(ignored)
