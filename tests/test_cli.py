"""The `articlebot` command: `main([...])` in-process for most checks, and a subprocess, as a
user runs it, for what needs a real process (the console script's exit code, SIGINT)."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import pytest

from articles.sources.files import bundled_sample_files, bundled_samples_dir
from bot.cli import build_parser, main
from standin import BotApiStandin

SEED = bundled_samples_dir() / "china-north-korea-treaty.txt"
QUESTION = "When was the China-North Korea treaty signed?"


@dataclass(frozen=True)
class Done:
    code: int
    out: str
    err: str


class Cli:
    """`articlebot ARGS` in this process, with its own environment, data dir and stdin."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
        self._monkeypatch = monkeypatch
        self._capsys = capsys

    def use_data_dir(self, data_dir: Path) -> None:
        self._monkeypatch.setenv("ARTICLEBOT_DATA_DIR", str(data_dir))

    def __call__(self, *args: str, stdin: str = "") -> Done:
        self._monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse: usage errors, --help, --version
            code = exc.code if isinstance(exc.code, int) else 1
        out, err = self._capsys.readouterr()
        return Done(code, out, err)


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    for name in list(os.environ):
        if name.startswith(("TELEGRAM_", "ARTICLEBOT_")):
            monkeypatch.delenv(name)
    # main() sets it with setdefault; registered here so that it is unset again afterwards.
    monkeypatch.delenv("PTB_TIMEDELTA", raising=False)
    monkeypatch.chdir(tmp_path)  # settings read ./.env
    runner = Cli(monkeypatch, capsys)
    runner.use_data_dir(tmp_path / "data")
    # main() configures logging for its process; put the root logger back for other tests.
    root = logging.getLogger()
    monkeypatch.setattr(root, "level", root.level)
    monkeypatch.setattr(root, "handlers", list(root.handlers))
    monkeypatch.setattr(root, "filters", list(root.filters))
    return runner


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir holding the bundled samples, shared by the searches (a search changes
    nothing); ingested once, in a process of its own as a user would."""
    data_dir = tmp_path_factory.mktemp("samples") / "data"
    env = {**environment(data_dir.parent), "ARTICLEBOT_DATA_DIR": str(data_dir)}
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "ingest", *map(str, bundled_sample_files())],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return data_dir


def environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ARTICLEBOT_"))}
    env.update(ARTICLEBOT_DATA_DIR=str(tmp_path / "data"), NO_PROXY="127.0.0.1,localhost", **extra)
    return env


def articlebot(
    tmp_path: Path, *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """The installed console script (or `python -m bot.cli` without one) in a new process."""
    script = shutil.which("articlebot", path=str(Path(sys.executable).parent))
    command = [script] if script else [sys.executable, "-m", "bot.cli"]
    return subprocess.run(
        [*command, *args],
        env=environment(tmp_path),
        cwd=tmp_path,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def hits_of(done: Done) -> list[dict[str, object]]:
    assert done.code == 0, done.err
    hits = json.loads(done.out)
    assert isinstance(hits, list)
    return hits


# The console script, as a user's shell sees it.


def test_demo_say_answers_the_treaty_question(tmp_path: Path) -> None:
    done = articlebot(tmp_path, "demo", "--say", "/start", "--say", QUESTION)
    assert done.returncode == 0, done.stderr
    answer = done.stdout.split(f"you> {QUESTION}")[1]
    assert "1961" in answer.split("2. ")[0]
    assert "China and North Korea pledge to cooperate" in answer
    assert "I answer questions" in done.stdout


def test_console_script_exit_codes(tmp_path: Path) -> None:
    usage = articlebot(tmp_path, "search", "-k", "1001", "treaty")
    assert usage.returncode == 2
    assert "argument -k: 1001 is out of range; use 1 to 1000" in usage.stderr
    failed = articlebot(tmp_path, "search", "--json", "-", stdin="the of\n")
    assert failed.returncode == 1
    assert json.loads(failed.stdout)["query"] == "the of"
    shown = articlebot(tmp_path, "--version")
    assert (shown.returncode, shown.stdout) == (0, f"articlebot {version('articlebot')}\n")


def test_run_without_a_token_says_how_to_get_one(tmp_path: Path) -> None:
    done = articlebot(tmp_path, "run")
    assert done.returncode == 1
    assert done.stderr.startswith("Error: TELEGRAM_BOT_TOKEN is not set")


# In-process: main([...]) with this test's environment.


def test_version(cli: Cli) -> None:
    done = cli("--version")
    assert (done.code, done.out) == (0, f"articlebot {version('articlebot')}\n")


def test_every_command_has_help_with_an_example(cli: Cli) -> None:
    # Taken from the parser itself, so a command added without an example fails here.
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert set(commands) >= {"run", "demo", "ingest", "search", "reindex"}
    for command in commands:
        done = cli(command, "--help")
        assert done.code == 0
        assert "example" in done.out and "articlebot " + command in done.out


def test_bad_database_url_is_named(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("ARTICLEBOT_DATABASE_URL=nonsense\n")
    done = cli("search", "x")
    assert done.code == 1
    assert "ARTICLEBOT_DATABASE_URL='nonsense' is not a database URL" in done.err


def test_ingest_then_search_json(cli: Cli) -> None:
    ingest = cli("ingest", "--json", str(SEED), str(SEED))
    assert ingest.code == 0, ingest.err
    rows = [json.loads(line) for line in ingest.out.splitlines()]
    assert [r["status"] for r in rows] == ["added", "duplicate"]
    assert set(rows[0]) >= {"source", "status", "article_id", "title", "passages", "error"}
    progress = ingest.err.splitlines()
    assert progress[0].startswith(f"1/2 added: {SEED}: China and North Korea pledge")
    assert progress[1].startswith(f"2/2 duplicate: {SEED}: ")
    assert progress[2] == "1 added, 0 updated, 1 duplicate, 0 failed"

    hits = hits_of(cli("search", "--json", "-k", "2", QUESTION))
    assert [h["rank"] for h in hits] == [1, 2]
    assert hits[0]["score"] >= hits[1]["score"]  # type: ignore[operator]
    assert "1961" in hits[0]["excerpt"]  # type: ignore[operator]
    assert hits[0]["url"] == SEED.resolve().as_uri()
    assert list(hits[0]) == [
        "rank",
        "score",
        "passage_id",
        "article_id",
        "title",
        "site",
        "url",
        "published",
        "excerpt",
        "text",
        "link",
        "coverage",
    ]
    assert hits[0]["link"] == hits[0]["url"]  # a file: no fragment to point at
    assert 0 < float(hits[0]["coverage"]) <= 1  # type: ignore[arg-type]
    # The whole passage beside its excerpt: every word of the excerpt is in it.
    text, excerpt = str(hits[0]["text"]), str(hits[0]["excerpt"])
    assert len(text) >= len(excerpt.strip("…"))
    assert all(word in text for word in excerpt.strip("… ").split())
    assert hits[0]["published"] is None  # a .txt file declares no date


def test_json_hit_carries_the_published_date(cli: Cli, tmp_path: Path) -> None:
    page = tmp_path / "pact.html"
    body = "The river treaty between the two towns was signed after a long winter. " * 8
    page.write_text(
        '<html><head><title>River pact</title><meta property="article:published_time" '
        f'content="2024-03-05"></head><body><article><h1>River pact</h1><p>{body}</p>'
        "<p>Both councils approved it.</p></article></body></html>",
        encoding="utf-8",
    )
    assert cli("ingest", str(page)).code == 0
    [hit] = hits_of(cli("search", "--json", "-k", "1", "river treaty"))
    assert hit["published"] == "2024-03-05"
    assert hit["url"] == page.resolve().as_uri()


def test_ingest_reports_failures_and_exits_nonzero(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    done = cli("ingest", "--json", str(tmp_path / "x.pdf"))
    assert done.code == 1
    [row] = [json.loads(line) for line in done.out.splitlines()]
    assert row["status"] == "failed" and "unsupported file type" in row["error"]
    assert done.err.splitlines()[0].startswith(f"1/1 failed: {tmp_path / 'x.pdf'}: ")


def test_ingest_progress_escapes_names_and_titles(cli: Cli, tmp_path: Path) -> None:
    # A newline would split the line; U+202E would show "evil\u202etxt.md" as "evildm.txt".
    name = "evil\n\u202etxt.md"
    (tmp_path / name).write_text(
        "Red \x1b[31mtitle\n\n" + "The harbour opened in spring. " * 5, encoding="utf-8"
    )
    done = cli("ingest", str(tmp_path / name))
    assert done.code == 0, done.err
    [line, summary] = done.err.splitlines()
    assert line.startswith("1/1 added: ") and "evil\\n\\u202etxt.md: Red \\x1b[31mtitle" in line
    assert "\u202e" not in done.err and "\x1b" not in done.err
    assert summary == "1 added, 0 updated, 0 duplicate, 0 failed"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_ingest_on_a_terminal_shows_a_progress_bar(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    done = cli("ingest", str(SEED), str(tmp_path / "x.pdf"))
    assert done.code == 1
    shown = terminal.getvalue()
    assert "100%" in shown and "2/2" in shown  # tqdm's bar
    assert f"2/2 failed: {tmp_path / 'x.pdf'}: " in shown  # failures stay above the bar
    assert f"1/2 added: {SEED}" not in shown  # the rest only moves the bar


def test_reindex_rebuilds_and_saves_the_index(cli: Cli, tmp_path: Path) -> None:
    assert cli("ingest", str(SEED)).code == 0
    assert cli("ingest", str(bundled_samples_dir() / "oxygen.md")).code == 0
    [manifest] = (tmp_path / "data" / "index").glob("*/manifest.json")
    before = json.loads(manifest.read_text(encoding="utf-8"))

    done = cli("reindex")
    assert done.code == 0, done.err
    assert done.err.startswith("Index rebuilt and saved: 2 articles, ")
    after = json.loads(manifest.read_text(encoding="utf-8"))
    assert after["generation"] > before["generation"]
    assert after["n_segments"] == 1 and after["n_docs"] == before["n_docs"]
    assert "1961" in str(hits_of(cli("search", "--json", "-k", "1", QUESTION))[0]["excerpt"])


# search, over the bundled samples.


@pytest.mark.parametrize("k", ["0", "1001", "-3", "2000"])
def test_k_out_of_range_is_a_usage_error(cli: Cli, samples: Path, k: str) -> None:
    cli.use_data_dir(samples)
    done = cli("search", "--json", "-k", k, "-", stdin="treaty\n")
    assert (done.code, done.out) == (2, "")
    assert f"argument -k: {int(k)} is out of range; use 1 to 1000" in done.err


def test_k_that_is_no_number_says_so(cli: Cli) -> None:
    done = cli("search", "-k", "five", "treaty")
    assert done.code == 2
    assert "argument -k: 'five' is not a number; use a whole number from 1 to 1000" in done.err


def test_k_bounds_are_allowed(cli: Cli, samples: Path) -> None:
    cli.use_data_dir(samples)
    assert len(hits_of(cli("search", "--json", "-k", "1", "treaty"))) == 1
    assert len(hits_of(cli("search", "--json", "-k", "1000", "the treaty"))) > 1


def test_batch_answers_every_line_and_exits_1_after_a_failure(cli: Cli, samples: Path) -> None:
    cli.use_data_dir(samples)
    lines = ["treaty 1961", "", "   ", "?!", "the of", "site:x", "Super Bowl"]
    done = cli("search", "--json", "-", stdin="\n".join(lines) + "\n")
    assert done.code == 1
    answers = [json.loads(line) for line in done.out.splitlines()]
    assert len(answers) == len(lines)
    assert answers[0] and answers[6]
    assert answers[1] == answers[2] == answers[3] == []
    assert answers[4] == {
        "error": "Your question has only very common words, and no passage holds them "
        "together. Add a word that says what it is about, e.g. a name or a place.",
        "query": "the of",
    }
    assert answers[5]["query"] == "site:x" and "Add words to search for" in answers[5]["error"]
    assert "Error: 'the of': Your question has only very common words" in done.err


def test_batch_without_failures_exits_0(cli: Cli, samples: Path) -> None:
    cli.use_data_dir(samples)
    done = cli("search", "--json", "-k", "2", "-", stdin="treaty\n\noxygen\n")
    assert done.code == 0, done.err
    assert [len(json.loads(line)) for line in done.out.splitlines()] == [2, 0, 2]


def test_a_failing_single_query_is_reported_as_in_a_batch(cli: Cli, samples: Path) -> None:
    cli.use_data_dir(samples)
    text = cli("search", "the of")
    assert (text.code, text.out) == (1, "")
    assert text.err == (
        "Error: 'the of': Your question has only very common words, and no passage holds "
        "them together. Add a word that says what it is about, e.g. a name or a place.\n"
    )
    as_json = cli("search", "--json", "the of")
    batch = cli("search", "--json", "-", stdin="the of\n")
    assert as_json.code == batch.code == 1
    assert as_json.out == batch.out and json.loads(as_json.out)["query"] == "the of"


SAMPLE_QUERIES = [
    "treaty korea",
    "super bowl",
    "oxygen",
    "black death plague",
    "apollo moon landing",
    "doctor who companions",
    "the treaty",
]


def test_okapi_and_rank_bm25_print_the_same_ranking(cli: Cli, samples: Path) -> None:
    cli.use_data_dir(samples)
    for query in SAMPLE_QUERIES:
        search = ("search", "--json", "-k", "1000", query)
        okapi = hits_of(cli(*search, "--engine", "okapi"))
        reference = hits_of(cli(*search, "--engine", "rank-bm25"))
        tuned = hits_of(cli(*search))
        assert okapi, query
        assert [h["passage_id"] for h in okapi] == [h["passage_id"] for h in reference], query
        scores = [h["score"] for h in okapi]
        assert scores == pytest.approx([h["score"] for h in reference], rel=1e-9), query
        # Best first, equal scores by passage id.
        order = [(-float(h["score"]), int(h["passage_id"])) for h in okapi]  # type: ignore[arg-type]
        assert order == sorted(order), query
        # The default is the tuned ranking, not plain okapi.
        assert [h["score"] for h in tuned] != pytest.approx(scores, rel=1e-6), query


def test_unknown_engine_is_a_usage_error(cli: Cli) -> None:
    done = cli("search", "--engine", "lucene", "treaty")
    assert done.code == 2
    assert "invalid choice: 'lucene' (choose from 'bm25', 'okapi', 'rank-bm25')" in done.err


def test_query_that_starts_with_a_dash(cli: Cli, samples: Path) -> None:
    cli.use_data_dir(samples)
    treaty = hits_of(cli("search", "--json", "-k", "20", "treaty"))
    for word in ("china", "korea"):
        without = hits_of(cli("search", "--json", "-k", "20", f"treaty -{word}"))
        assert without == hits_of(cli("search", "--json", "-k", "20", "--", f"-{word} treaty"))
        assert len(without) < len(treaty)
        assert not any(word in str(h["text"]).lower() for h in without)
    # Without "--" too, unless it starts like an option (-k, -h).
    assert hits_of(cli("search", "--json", "-china treaty")) == hits_of(
        cli("search", "--json", "treaty -china")
    )
    assert cli("search", "--json", "-korea treaty").code == 2
    # One word: searched (the service says a -word alone leaves nothing to rank), whether
    # after -- or not; exit 1 is the search's answer, not argparse's 2.
    for args in (["-oil"], ["--", "-oil"], ["-oil", "-k", "3"]):
        done = cli("search", "--json", *args)
        assert done.code == 1, args
        assert json.loads(done.out)["query"] == "-oil"


def test_dash_query_that_looks_like_an_option_needs_double_dash(cli: Cli, samples: Path) -> None:
    cli.use_data_dir(samples)
    looks_like_k = cli("search", "-kim")
    assert looks_like_k.code == 2
    assert 'starts with "-k", put the query after --' in looks_like_k.err
    after_dashes = cli("search", "--json", "--", "-kim")
    assert after_dashes.code == 1 and json.loads(after_dashes.out)["query"] == "-kim"
    second_word = cli("search", "treaty", "-oil")
    assert second_word.code == 2
    assert 'unrecognized arguments: -oil (a query that starts with "-" goes' in second_word.err
    assert cli("search").code == 2
    assert cli("search", "--jsno", "treaty").code == 2  # a mistyped option is no query


def test_demo_says_a_text_that_starts_with_a_dash(cli: Cli) -> None:
    done = cli("demo", "--say", "-oil", "--say", "-korea treaty")
    assert done.code == 0, done.err
    assert "you> -oil" in done.out and "you> -korea treaty" in done.out
    assert "Add words to search for" in done.out.split("you> -oil")[1]


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


def test_demo_reads_typed_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    """Invalid UTF-8 typed into the interactive demo printed a traceback; it is read as "�"
    and answered, and no reply is lost to an unencodable character."""
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "demo"],
        env=environment(tmp_path),
        cwd=tmp_path,
        input=b"treaty \xff\xfe 1961\n",
        capture_output=True,
        timeout=120,
        check=False,
    )
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 0, err
    assert "Traceback" not in err and "lost" not in err
    assert "China and North Korea" in done.stdout.decode("utf-8")


def test_an_unknown_language_is_a_usage_error_with_the_list(cli: Cli, tmp_path: Path) -> None:
    done = cli("ingest", "--language", "zz", str(tmp_path))
    assert done.code == 2
    assert "argument --language: unknown language 'zz'; use one of ar, ca," in done.err
    assert cli("ingest", "--language", "DE", str(SEED)).code == 0


@pytest.mark.postgres
def test_demo_never_prints_the_database_password(
    cli: Cli, tmp_path: Path, postgres_url: str
) -> None:
    # The server trusts local connections, so any password works: the point is not to print it.
    with_password = postgres_url.replace("postgres@", "postgres:s3cretPW@")
    (tmp_path / ".env").write_text(f"ARTICLEBOT_DATABASE_URL={with_password}\n")
    done = cli("-v", "demo", "--say", "treaty")
    assert done.code == 0, done.err
    assert "s3cretPW" not in done.out + done.err
    assert "Database: postgresql+psycopg://postgres:***@127.0.0.1" in done.err
