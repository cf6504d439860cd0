"""Telegram errors at the network edge (issue #7): a rejected or leaked token, an unreachable
Bot API, 5xx and 429 answers, and the 400/403 answers that must not be retried.

`articlebot run` runs as a subprocess, as a user runs it; the bot itself is the real PTB
Application over HTTP against the stand-in, with faults injected by the stand-in only.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from aiohttp import web
from telegram.error import InvalidToken

from articles.library import Library
from articles.sources.files import bundled_samples_dir
from bot.config import secret_values
from bot.logs import RedactSecrets
from bot.sender import RetryBounds
from bot.texts import SOMETHING_WENT_WRONG
from bot_harness import CHAT, Running, running
from standin_faults import FaultyStandin

TOKEN = "123:SECRETabc"
SECRET = TOKEN.partition(":")[2]

# --- `articlebot run` as a subprocess --------------------------------------------------------


def _environment(tmp_path: Path, base_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ARTICLEBOT_"))}
    env.update(
        ARTICLEBOT_DATA_DIR=str(tmp_path / "data"),
        NO_PROXY="127.0.0.1,localhost",
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=base_url,
    )
    return env


async def _articlebot(tmp_path: Path, base_url: str, *args: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        *args,
        env=_environment(tmp_path, base_url),
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


async def _finish(process: asyncio.subprocess.Process, timeout: float = 60) -> tuple[int, str]:
    try:
        _out, err = await asyncio.wait_for(process.communicate(), timeout)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.returncode is not None
    return process.returncode, err.decode()


@contextlib.asynccontextmanager
async def _bot_api_answering(status: int, description: str) -> AsyncIterator[str]:
    """A loopback server that answers every Bot API call as Telegram answers a bad token."""

    async def reject(_request: web.Request) -> web.Response:
        body = {"ok": False, "error_code": status, "description": description}
        return web.json_response(body, status=status)

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", reject)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}/bot"
    finally:
        await runner.cleanup()


@pytest.mark.parametrize("verbose", [False, True], ids=["quiet", "verbose"])
async def test_a_token_telegram_rejects_is_one_line_without_the_token(
    tmp_path: Path, verbose: bool
) -> None:
    """401 from a Bot API (the stand-in knows another token): exit 1, one line, no token."""
    async with FaultyStandin() as standin:  # its token is not ours: it answers 401
        flags = ["-v"] if verbose else []
        code, err = await _finish(await _articlebot(tmp_path, standin.base_url, *flags, "run"))
    assert SECRET not in err, "the token leaked"
    assert "Traceback" not in err
    assert code == 1
    assert err.splitlines()[-1] == (
        "Error: Telegram rejected the bot token (401 Unauthorized); check TELEGRAM_BOT_TOKEN "
        "(a token from @BotFather looks like 123456:ABC-DEF...)"
    )
    if verbose:  # the debug log ran, with the URLs it names redacted
        assert "Set Bot API URL" in err


@pytest.mark.parametrize("verbose", [False, True], ids=["quiet", "verbose"])
async def test_a_malformed_token_404_is_rejected_without_the_token(
    tmp_path: Path, verbose: bool
) -> None:
    """Telegram answers 404 Not Found for a malformed token."""
    async with _bot_api_answering(404, "Not Found") as base_url:
        flags = ["-v"] if verbose else []
        code, err = await _finish(await _articlebot(tmp_path, base_url, *flags, "run"))
    assert SECRET not in err, "the token leaked"
    assert "Traceback" not in err
    assert code == 1
    assert "Error: Telegram rejected the bot token (404 Not Found)" in err.splitlines()[-1]


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A loopback port bound but not listening: every connection is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
async def test_an_unreachable_bot_api_is_retried_one_line_at_a_time_until_stopped(
    tmp_path: Path, closed_port: int, stop: signal.Signals
) -> None:
    base_url = f"http://127.0.0.1:{closed_port}/bot"
    process = await _articlebot(tmp_path, base_url, "-v", "run")
    assert process.stderr is not None
    lines: list[str] = []
    retries = 0
    deadline = time.monotonic() + 30
    while retries < 2 and time.monotonic() < deadline:  # the first attempt and one retry
        line = await asyncio.wait_for(process.stderr.readline(), deadline - time.monotonic())
        lines.append(line.decode())
        retries += "retrying in" in lines[-1]
    process.send_signal(stop)
    code, rest = await _finish(process, timeout=30)
    err = "".join(lines) + rest
    assert code in (0, 130), err
    assert "Traceback" not in err
    assert SECRET not in err
    failures = [line for line in err.splitlines() if "retrying in" in line]
    assert len(failures) >= 2, err
    assert f"cannot reach the Bot API at {base_url}" in failures[0]
    assert "All connection attempts failed" in failures[0]


async def test_a_429_at_start_up_is_waited_out(tmp_path: Path) -> None:
    """getMe answered 429 retry_after=3: the next start waits those 3 s, not the 1 s backoff."""
    async with FaultyStandin(token=TOKEN) as standin:
        standin.fail_next("getMe", error_code=429, retry_after=3)
        process = await _articlebot(tmp_path, standin.base_url, "run")
        try:
            await standin.wait_for_call("getMe", timeout=30)
            refused = time.monotonic()
            await standin.wait_for_call("getMe", timeout=30)
            waited = time.monotonic() - refused
            await standin.wait_for_call("deleteWebhook", timeout=30)  # then it starts
        finally:
            if process.returncode is None:
                process.send_signal(signal.SIGINT)
            code, err = await _finish(process)
    assert waited >= 2.9, err
    assert code == 0, err
    assert "retrying in 3.1 s" in err


def test_the_log_filter_redacts_arguments_tracebacks_and_stacks() -> None:
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.addFilter(RedactSecrets(secret_values(TOKEN, "postgresql://u:pa%40ss@db/x")))
    logger = logging.Logger("redaction-test")
    logger.addHandler(handler)
    try:
        raise InvalidToken(f"The token `{TOKEN}` was rejected by the server.")
    except InvalidToken:
        logger.exception("GET %s/getMe failed", f"http://x/bot{TOKEN}", stack_info=True)
    logger.warning("password pa@ss, bot id %s", TOKEN.partition(":")[0])
    text = out.getvalue()
    assert "Traceback" in text and "Stack (most recent call last)" in text
    assert SECRET not in text and "pa@ss" not in text and "pa%40ss" not in text
    assert "http://x/bot***/getMe failed" in text
    assert "The token `***` was rejected" in text
    assert "password ***, bot id 123" in text


# --- the bot in-process against the stand-in ---------------------------------------------------


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    path = tmp_path_factory.mktemp("db") / "bot.sqlite3"
    lib = Library.open(f"sqlite:///{path}")
    lib.ingest_paths([bundled_samples_dir() / "china-north-korea-treaty.txt"])
    yield lib
    lib.close()


@pytest.fixture
async def bot(library: Library, tmp_path: Path) -> AsyncIterator[Running]:
    async with running(library, tmp_path) as bot:
        yield bot


@pytest.mark.parametrize("status", [500, 502])
async def test_one_server_error_is_retried_and_the_answer_arrives(
    bot: Running, status: int
) -> None:
    bot.standin.fail_next("sendMessage", error_code=status)
    reply = await bot.reply("treaty 1961")
    assert "1961" in reply.text
    assert bot.send_statuses() == [status, 200]


async def test_every_429_is_waited_out_and_the_answer_arrives(bot: Running) -> None:
    bot.standin.fail_next("sendMessage", error_code=429, retry_after=1, times=4)
    started = time.monotonic()
    reply = await bot.reply("treaty 1961", timeout=30)
    assert "1961" in reply.text
    assert bot.send_statuses() == [429, 429, 429, 429, 200]
    assert time.monotonic() - started >= 4.0  # each retry_after was honoured


async def test_a_permanent_server_error_loses_the_reply_after_the_bound_and_logs_it(
    library: Library, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    bounds = RetryBounds(failing=1.5, first_backoff=0.2)
    async with running(library, tmp_path, bounds=bounds) as bot:
        bot.standin.fail_next("sendMessage", error_code=500, times=1000)
        bot.standin.send_message_from_user("treaty 1961", chat_id=CHAT)
        deadline = time.monotonic() + 15
        while "lost" not in caplog.text and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        await asyncio.sleep(0.5)  # time for any (wrong) apology to be attempted
        attempts = bot.send_statuses()
        bot.standin.clear_faults()
        reply = await bot.reply("treaty 1961")  # the bot is still answering
    assert "1961" in reply.text
    assert len(attempts) >= 3 and set(attempts) == {500}  # retried, then given up: no apology
    assert bot.standin.sent_messages(CHAT) == [reply]
    [lost] = [r for r in caplog.records if "lost" in r.getMessage()]
    assert lost.levelno == logging.ERROR
    assert f"sendMessage to chat {CHAT}" in lost.getMessage()
    assert "1961" not in lost.getMessage()  # the chat id, not the text
    assert "Traceback" not in caplog.text


@pytest.mark.parametrize(
    "description",
    [
        "Bad Request: message is too long",
        'Bad Request: can\'t parse entities: Unsupported start tag "p" at byte offset 39',
    ],
)
async def test_a_bad_request_is_logged_with_the_chat_not_retried(
    bot: Running, caplog: pytest.LogCaptureFixture, description: str
) -> None:
    bot.standin.fail_next("sendMessage", error_code=400, description=description)
    apology = await bot.reply("treaty 1961")
    assert apology.text == SOMETHING_WENT_WRONG
    assert bot.send_statuses() == [400, 200]  # once, not retried; then the apology
    [logged] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert f"chat {CHAT}" in logged.getMessage()


async def test_a_user_who_blocked_the_bot_is_logged_with_the_chat_not_retried(
    bot: Running, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    bot.standin.block_user(2002)
    bot.standin.send_message_from_user("treaty", chat_id=2002)
    await bot.standin.wait_for_call(
        "sendMessage", predicate=lambda c: c.params.get("chat_id") == 2002
    )
    assert "1961" in (await bot.reply("treaty 1961")).text
    assert bot.send_statuses(2002) == [403]
    assert "chat 2002" in caplog.text
    assert "blocked" in caplog.text
