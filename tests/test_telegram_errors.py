"""Telegram errors at the network edge (issue #7): a rejected or leaked token, an unreachable
Bot API, 5xx and 429 answers, and the 400/403 answers that must not be retried.

`articlebot run` runs as a subprocess, as a user runs it; the bot itself is the real PTB
Application over HTTP against the stand-in, with faults injected by the stand-in only.
"""

from __future__ import annotations

import asyncio
import contextlib
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

from standin_faults import FaultyStandin

TOKEN = "123:SECRETabc"
SECRET = TOKEN.partition(":")[2]
CHAT = 1001

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
