"""The `articlebot` command, run as a user runs it: a subprocess with its own environment."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from articles.sources.files import bundled_sample_files, bundled_samples_dir
from bot.cli import build_parser
from standin import BotApiStandin

SEED = bundled_samples_dir() / "china-north-korea-treaty.txt"
QUESTION = "When was the China-North Korea treaty signed?"


def environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ARTICLEBOT_"))}
    env.update(ARTICLEBOT_DATA_DIR=str(tmp_path / "data"), NO_PROXY="127.0.0.1,localhost", **extra)
    return env


def articlebot(
    tmp_path: Path, *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        env=environment(tmp_path),
        cwd=tmp_path,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_demo_say_answers_the_treaty_question(tmp_path: Path) -> None:
    done = articlebot(tmp_path, "demo", "--say", "/start", "--say", QUESTION)
    assert done.returncode == 0, done.stderr
    answer = done.stdout.split(f"you> {QUESTION}")[1]
    assert "1961" in answer.split("2. ")[0]
    assert "China and North Korea pledge to cooperate" in answer
    assert "I answer questions" in done.stdout


def test_ingest_then_search_json(tmp_path: Path) -> None:
    ingest = articlebot(tmp_path, "ingest", "--json", str(SEED), str(SEED))
    assert ingest.returncode == 0, ingest.stderr
    rows = [json.loads(line) for line in ingest.stdout.splitlines()]
    assert [r["status"] for r in rows] == ["added", "duplicate"]
    assert set(rows[0]) >= {"source", "status", "article_id", "title", "passages", "error"}
    assert "1/2" in ingest.stderr and "2/2" in ingest.stderr  # progress on stderr

    search = articlebot(tmp_path, "search", "--json", "-k", "2", QUESTION)
    assert search.returncode == 0, search.stderr
    hits = json.loads(search.stdout)
    assert [h["rank"] for h in hits] == [1, 2]
    assert hits[0]["score"] >= hits[1]["score"]
    assert "1961" in hits[0]["excerpt"]
    assert hits[0]["url"] == SEED.resolve().as_uri()
    assert set(hits[0]) >= {"rank", "score", "passage_id", "article_id", "title", "url", "excerpt"}


def test_search_reads_queries_from_stdin(tmp_path: Path) -> None:
    assert articlebot(tmp_path, "ingest", *map(str, bundled_sample_files())).returncode == 0
    done = articlebot(
        tmp_path, "search", "--json", "-", stdin="treaty 1961\n\nthe of\nSuper Bowl\n"
    )
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(lines) == 3
    assert lines[0] and lines[1] == [] and lines[2]
    assert "only very common words" in done.stderr


def test_ingest_reports_failures_and_exits_nonzero(tmp_path: Path) -> None:
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    done = articlebot(tmp_path, "ingest", "--json", str(tmp_path / "x.pdf"))
    assert done.returncode == 1
    [row] = [json.loads(line) for line in done.stdout.splitlines()]
    assert row["status"] == "failed" and "unsupported file type" in row["error"]


def test_run_without_a_token_says_how_to_get_one(tmp_path: Path) -> None:
    done = articlebot(tmp_path, "run")
    assert done.returncode == 1
    assert done.stderr.startswith("Error: TELEGRAM_BOT_TOKEN is not set")


def test_bad_database_url_is_named(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("ARTICLEBOT_DATABASE_URL=nonsense\n")
    done = articlebot(tmp_path, "search", "x")
    assert done.returncode == 1
    assert "ARTICLEBOT_DATABASE_URL='nonsense' is not a database URL" in done.stderr


def test_every_command_has_help_with_an_example(tmp_path: Path) -> None:
    # Taken from the parser itself, so a command added without an example fails here.
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert set(commands) >= {"run", "demo", "ingest", "search", "reindex"}
    for command in commands:
        done = articlebot(tmp_path, command, "--help")
        assert done.returncode == 0
        assert "example" in done.stdout and "articlebot " + command in done.stdout


async def test_run_polls_the_bot_api_and_stops_on_sigint(tmp_path: Path) -> None:
    async with BotApiStandin() as standin:
        env = environment(
            tmp_path, TELEGRAM_BOT_TOKEN=standin.token, TELEGRAM_API_BASE_URL=standin.base_url
        )
        ingest = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot.cli",
            "ingest",
            str(SEED),
            env=env,
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        assert await ingest.wait() == 0
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot.cli",
            "run",
            env=env,
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        try:
            await standin.wait_for_call("deleteWebhook", timeout=30)
            standin.send_message_from_user(QUESTION, chat_id=77)
            [reply] = await standin.wait_for_messages(77, timeout=30)
            assert "1961" in reply.text
            process.send_signal(signal.SIGINT)
            _out, err = await asyncio.wait_for(process.communicate(), 30)
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
        assert process.returncode == 0, err.decode()
        assert standin.token not in err.decode(), "the token leaked into the log"
