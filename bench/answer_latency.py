"""Answer latency through the whole bot: a user's question in, the bot's answer out.

The real bot (`bot.app.build_application` with the real `Settings`, polling with
`bot.app.polling` as the demo and the tests run it) talks over HTTP on loopback to the local
Bot API stand-in (`standin.BotApiStandin`), in one process and one event loop, as
`articlebot demo` does. Each question is queued as a user's message in a chat of its own
(one question per user: the per-user limit of 20 a minute never answers "slow down"), and
timed from the moment the stand-in queues the update to the moment it receives the bot's
sendMessage (after the request body is read, before the stand-in checks the HTML). The
background jobs that are no part of answering (feed polls, alert matching, digests, the
outbox sender) are off. Questions are paced at most QUESTIONS_PER_S a second, under the
bot's own 30 messages/s pacing (Telegram's flood limit), so no reply waits for the limiter;
each is asked once the previous one's handler has finished.

Libraries (both through the product: `Library.open` on a SQLite file with an index folder,
as `articlebot run` opens its data dir):
- samples: the bundled sample articles (`Library.ingest_paths`); questions are XQuAD's
  questions about those six articles (shared data), or, without shared data and with
  --smoke, phrases taken from the samples' own paragraphs.
- reuters: ~100,000 passages of Reuters-21578 stories built as bench/filters.py builds
  them (`Library.add_article`, articles of four paragraphs); questions are the held-out
  headlines (their stories are in no passage). The built database and index are cached
  (see --cache-dir; ~8 min to build on 2 cores) and copied for each run, so reruns take
  seconds and the answers a run stores never reach the cache.

Besides the end-to-end figures, the bot's steps are timed in place (thin wrappers around
the library calls the answer makes, and around its renderer): resume_blocked (every update
passes it, handler group -1), search, storing the answer row, rendering, the no-answer
reply's suggestions and sources, and note_message (after the reply is sent: outside the
latency, inside the handler). The rest of "bot" is split by two more handlers, one before
every group and one after: PTB receiving the update, the time between the steps (thread
hops, handler code) and sending the reply (PTB, httpx, the stand-in's aiohttp). The
process's CPU time over the same span shows how much of the latency was waiting (fsync,
other processes on the CPUs). Then the same questions are asked of `Library.search(q, 3)`
directly ("search only"). With --profile (default in a full run) the slowest reply of the
last library, and its slowest answer if that reply was the no-answer one, are asked again
in new chats under cProfile (the event loop's thread, and each library call in its worker
thread).

Example:
    python bench/answer_latency.py                    # samples and 100,000 passages, 200 each
    python bench/answer_latency.py --smoke --json     # samples only, 20 questions: what CI runs
    python bench/answer_latency.py --libraries reuters --passages 20000 --questions 100
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import hashlib
import json
import os
import pstats
import re
import shutil
import sys
import tempfile
import threading
import time
import types
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere
sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus
import filters as filters_bench
from telegram import Update
from telegram.ext import ContextTypes, TypeHandler

import bot.answer_handlers as answer_handlers
from articles.library import Library
from articles.search import confident
from articles.sources.files import bundled_sample_files
from bot.app import build_application, polling
from bot.config import Settings
from bot.delivery import Intervals
from standin import BotApiStandin

REPO = Path(__file__).resolve().parent.parent
TARGET_MS = 50.0
TARGET_PASSAGES = 100_000
QUESTIONS, SMOKE_QUESTIONS = 200, 20
WARMUP = 5  # questions asked first, untimed: connections, threads, pages of the index
QUESTIONS_PER_S = 20.0
# Idle, a reply's wall time is its CPU time within ~0.2 ms (p50); more means a busy machine.
BUSY_WAITING_MS = 2.0
HITS = answer_handlers.HITS
REPLY_TIMEOUT_S = 60.0
# Runs before (after) every other handler group: the bot starts on (is done with) the update.
START_GROUP, DONE_GROUP = -1_000_000, 1_000_000
FIRST_CHAT = 5_000_000
XQUAD_SAMPLES = (
    "Super_Bowl_50", "Oxygen", "Black_Death", "Apollo_program", "Amazon_rainforest", "Doctor_Who",
)  # fmt: skip
# What decides the cached library's contents (with the migrations): a change to one of these
# rebuilds it.
CACHE_INPUTS = (
    "bench/corpus.py", "bench/filters.py", "articles/passages.py", "articles/ingestion.py",
    "index/analyze.py", "index/_stemmer.py",
)  # fmt: skip
CACHE_VERSION = 1
STAGES = ("resume", "search", "record", "render", "note", "suggest", "sources")
# The report's rows of Row.parts_ms (JSON keeps the short names), in the order of an answer.
PART_LABELS = {
    "cpu": "CPU time of the process (all threads) meanwhile",
    "waiting": "end to end minus that CPU time (fsync, waits)",
    "poll": "poll (queued -> getUpdates answered)",
    "bot": "bot (getUpdates answered -> sendMessage in)",
    "resume": "  resume_blocked (every update, group -1)",
    "search": "  Library.search(q, 3)",
    "record": "  answers.record (the answer row)",
    "render": "  render_answer_message",
    "suggest": "  no answer: searcher.suggest",
    "sources": "  no answer: Library.sources(5)",
    "rest": "  rest: PTB, thread hops, HTTP",
    "receive": "    getUpdates answered -> first handler",
    "glue": "    between steps (thread hops, handler code)",
    "send": "    last step -> sendMessage in (PTB, HTTP)",
    "note": "after the reply: note_message",
    "done": "handler done (queued -> last handler)",
}
T = TypeVar("T")


def log(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- the stand-in, timed


class TimedStandin(BotApiStandin):
    """The stand-in, noting per chat when the user's update was queued, when a getUpdates
    answer carried it to the bot, and when the bot's first sendMessage to it arrived."""

    def __init__(self) -> None:
        super().__init__()
        self.queued: dict[int, float] = {}
        self.delivered: dict[int, float] = {}
        self.replied: dict[int, float] = {}
        # CPU time of the whole process (every thread) at the same two moments.
        self.queued_cpu: dict[int, float] = {}
        self.replied_cpu: dict[int, float] = {}
        self._arrived = self._arrived_cpu = 0.0

    def ask(self, text: str, chat_id: int) -> None:
        self.queued[chat_id] = time.perf_counter()
        self.queued_cpu[chat_id] = time.process_time()
        self.send_message_from_user(text, chat_id=chat_id)

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        updates = await super()._get_updates(params)
        now = time.perf_counter()
        for update in updates:
            if "message" in update:
                self.delivered.setdefault(update["message"]["chat"]["id"], now)
        return updates

    async def _before_method(self, method: str) -> None:
        # The request is read and its token checked; nothing else of the stand-in's ran yet.
        if method == "sendMessage":
            self._arrived, self._arrived_cpu = time.perf_counter(), time.process_time()

    def api_sendMessage(self, params: dict[str, Any]) -> Any:
        with contextlib.suppress(TypeError, ValueError):
            chat_id = int(params["chat_id"])
            if chat_id not in self.replied:
                self.replied[chat_id], self.replied_cpu[chat_id] = self._arrived, self._arrived_cpu
        return super().api_sendMessage(params)


# ---------------------------------------------------------------- the bot's steps, timed


class Stages:
    """Seconds each wrapped step took for the question being asked (one at a time); with
    `profiling`, each wrapped call also runs under a cProfile of its own thread."""

    def __init__(self) -> None:
        self.current: dict[str, float] = {}
        self.last_end = 0.0  # when the last step before the reply ended (perf_counter)
        self.profiling = False
        self.profiles: list[cProfile.Profile] = []
        self._lock = threading.Lock()

    def take(self) -> tuple[dict[str, float], float]:
        with self._lock:
            taken, self.current = self.current, {}
            last_end, self.last_end = self.last_end, 0.0
        return taken, last_end

    def wrap(self, name: str, function: Callable[..., T]) -> Callable[..., T]:
        def timed(*args: Any, **kwargs: Any) -> T:
            profile = cProfile.Profile() if self.profiling else None
            start = time.perf_counter()
            try:
                if profile is not None:
                    return profile.runcall(function, *args, **kwargs)
                return function(*args, **kwargs)
            finally:
                end = time.perf_counter()
                with self._lock:
                    self.current[name] = self.current.get(name, 0.0) + end - start
                    if name != "note":  # note_message comes after the reply
                        self.last_end = max(self.last_end, end)
                    if profile is not None:
                        self.profiles.append(profile)

        return timed


@contextlib.contextmanager
def timed_steps(library: Library, stages: Stages) -> Iterator[None]:
    """Wrap the calls an answer makes (instance attributes shadow the methods; the renderer
    is a name in bot.answer_handlers); undone on exit."""
    targets: list[tuple[object, str, str]] = [
        (library.subscriptions, "resume_blocked", "resume"),  # every update, group -1
        (library, "search", "search"),
        (library.answers, "record", "record"),
        (answer_handlers, "render_answer_message", "render"),
        (library.answers, "note_message", "note"),
        (library.searcher, "suggest", "suggest"),
        (library, "sources", "sources"),
    ]
    originals = [getattr(owner, attribute) for owner, attribute, _ in targets]
    for owner, attribute, name in targets:
        setattr(owner, attribute, stages.wrap(name, getattr(owner, attribute)))
    try:
        yield
    finally:
        for (owner, attribute, _), original in zip(targets, originals, strict=True):
            if isinstance(owner, types.ModuleType):
                setattr(owner, attribute, original)
            else:
                delattr(owner, attribute)  # the method shows through again


# ---------------------------------------------------------------- asking


@dataclass
class Asked:
    question: str  # never printed: the Reuters headlines are research-use data
    number: int  # its place among the questions asked (from 1), what reports show
    outcome: str  # "answer" (an answer row stored) or "no answer" (the no-answer reply)
    total_ms: float  # update queued -> sendMessage received
    cpu_ms: float  # the process's CPU time (all threads) meanwhile: the rest is waiting
    poll_ms: float  # update queued -> getUpdates answered with it
    bot_ms: float  # getUpdates answered -> sendMessage received
    done_ms: float  # update queued -> the bot's handlers finished (after message_articles)
    stages_ms: dict[str, float]
    rest_ms: float  # bot_ms minus the timed steps before the reply: PTB, threads, HTTP
    receive_ms: float  # getUpdates answered -> the first handler starts (PTB receiving)
    send_ms: float  # the last step before the reply ended -> sendMessage received


class Asker:
    """Questions through the running bot, one at a time, each in a new private chat."""

    def __init__(self, standin: TimedStandin, stages: Stages) -> None:
        self.standin = standin
        self.stages = stages
        self.next_chat = FIRST_CHAT
        self.started: dict[int, float] = {}
        self.finished: dict[int, float] = {}
        self._done: dict[int, asyncio.Event] = {}

    async def mark_start(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        chat = update.effective_chat
        if chat is not None and chat.id in self._done:
            self.started[chat.id] = time.perf_counter()

    async def mark_done(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        chat = update.effective_chat
        if chat is not None and chat.id in self._done:
            self.finished[chat.id] = time.perf_counter()
            self._done[chat.id].set()

    async def ask(self, question: str, number: int = 0) -> Asked:
        chat = self.next_chat
        self.next_chat += 1
        done = self._done[chat] = asyncio.Event()
        self.stages.take()
        self.standin.ask(question, chat)
        await asyncio.wait_for(done.wait(), REPLY_TIMEOUT_S)
        started, finished = self.started.pop(chat), self.finished.pop(chat)
        del self._done[chat]
        steps, last_end = self.stages.take()
        s = self.standin
        if chat not in s.replied:
            raise RuntimeError(f"no reply to question #{number}: {s.describe_calls()}")
        queued, delivered, replied = s.queued[chat], s.delivered[chat], s.replied[chat]
        ms = {k: v * 1000 for k, v in steps.items()}
        before_reply = sum(v for k, v in ms.items() if k != "note")
        return Asked(
            question=question,
            number=number,
            outcome="answer" if "record" in ms else "no answer",
            total_ms=(replied - queued) * 1000,
            cpu_ms=(s.replied_cpu[chat] - s.queued_cpu[chat]) * 1000,
            poll_ms=(delivered - queued) * 1000,
            bot_ms=(replied - delivered) * 1000,
            done_ms=(finished - queued) * 1000,
            stages_ms=ms,
            rest_ms=(replied - delivered) * 1000 - before_reply,
            receive_ms=(started - delivered) * 1000,
            send_ms=(replied - max(last_end, started)) * 1000,
        )

    async def ask_all(self, questions: Sequence[str], per_s: float) -> list[Asked]:
        out = []
        loop = asyncio.get_running_loop()
        for number, question in enumerate(questions, start=1):
            start = loop.time()
            out.append(await self.ask(question, number))
            await asyncio.sleep(max(0.0, start + 1 / per_s - loop.time()))
        return out


async def with_bot(
    library: Library,
    data_dir: Path,
    database_url: str,
    work: Callable[[Asker], Awaitable[T]],
) -> T:
    """The bot as `articlebot run` builds it (jobs that are no part of answering off),
    polling a timed stand-in, with `work` asking it questions."""
    stages = Stages()
    standin = TimedStandin()
    async with standin:
        settings = Settings(
            telegram_bot_token=standin.token,
            telegram_api_base_url=standin.base_url,
            database_url=database_url,
            data_dir=data_dir,
        )
        application = build_application(
            settings,
            library,
            feed_check_s=0,
            intervals=Intervals(deliver=0, match=0, digests=0),
        )
        asker = Asker(standin, stages)
        application.add_handler(TypeHandler(Update, asker.mark_start), group=START_GROUP)
        application.add_handler(TypeHandler(Update, asker.mark_done), group=DONE_GROUP)
        with timed_steps(library, stages):
            async with polling(application):
                await standin.wait_for_call("deleteWebhook")
                return await work(asker)


# ---------------------------------------------------------------- libraries and questions


@dataclass
class Prepared:
    name: str
    library: Library
    data_dir: Path
    database_url: str
    warmup: list[str]  # asked first, untimed
    questions: list[str]
    note: str


def sample_phrases(n: int) -> list[str]:
    """Questions without shared data: words 2–8 of each paragraph's first sentence in the
    sample files, taken from each file in turn."""
    per_file: list[list[str]] = []
    for path in bundled_sample_files():
        phrases = []
        for paragraph in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
            words = re.findall(r"[A-Za-z][\w'-]*", re.split(r"(?<=[.!?])\s", paragraph)[0])
            if len(words) >= 10 and not paragraph.lstrip().startswith("#"):
                phrases.append(" ".join(words[2:8]).lower())
        per_file.append(phrases)
    return _round_robin(per_file, n)


def xquad_questions(shared: Path, n: int) -> list[str]:
    data = json.loads((shared / "evaldata/qa-xquad-en/xquad.en.json").read_text("utf-8"))
    by_title = {a["title"]: a for a in data["data"]}
    per_article = [
        [qa["question"].strip() for p in by_title[title]["paragraphs"] for qa in p["qas"]]
        for title in XQUAD_SAMPLES
    ]
    return _round_robin(per_article, n)


def _round_robin(lists: Sequence[Sequence[str]], n: int) -> list[str]:
    out: list[str] = []
    for i in range(max((len(x) for x in lists), default=0)):
        for items in lists:
            if i < len(items) and items[i] not in out:
                out.append(items[i])
    return out[:n]


def open_samples(tmp: Path, n: int, shared: Path | None, smoke: bool) -> Prepared:
    data_dir = tmp / "samples"
    url = f"sqlite:///{data_dir / 'articlebot.sqlite3'}"
    library = Library.open(url, index_dir=data_dir / "index")
    results = library.ingest_paths(bundled_sample_files())
    failed = [r for r in results if r.status == "failed"]
    if failed:
        raise RuntimeError(f"samples failed to ingest: {failed}")
    if shared is not None and not smoke:
        questions = xquad_questions(shared, n)
        warmup = sample_phrases(WARMUP)
        note = "XQuAD questions about the six sample Wikipedia articles"
    else:
        phrases = sample_phrases(n + WARMUP)
        warmup, questions = phrases[:WARMUP], phrases[WARMUP:]
        note = "phrases from the samples' paragraphs (no shared data in a smoke run)"
    return Prepared("samples", library, data_dir, url, warmup, questions, note)


def cache_key(passages: int) -> str:
    digest = hashlib.sha256(f"v{CACHE_VERSION} {passages}".encode())
    for name in CACHE_INPUTS:
        digest.update((REPO / name).read_bytes())
    for path in sorted((REPO / "articles/migrations/versions").glob("*.py")):
        digest.update(path.name.encode() + path.read_bytes())  # edited in place, too
    return digest.hexdigest()[:12]


def reuters_cache(cache_dir: Path, reuters: Path, passages: int, rebuild: bool) -> Path:
    """The folder holding the built library (articlebot.sqlite3 and index/), built first if
    missing (a build that did not finish leaves no `complete` mark and is started over)."""
    folder = cache_dir / f"answer-latency-reuters-{passages}-{cache_key(passages)}"
    if (folder / "complete").exists() and not rebuild:
        return folder
    for stale in cache_dir.glob(f"answer-latency-reuters-{passages}-*"):
        shutil.rmtree(stale, ignore_errors=True)  # older code's builds (~230 MB each), this one
    folder.mkdir(parents=True)
    log(f"building the cached library in {folder} (once; ~8 min for 100,000 passages)")
    source = corpus.load_source(reuters)
    library = Library.open(f"sqlite:///{folder / 'articlebot.sqlite3'}", index_dir=folder / "index")
    try:
        filters_bench.build(library, source, passages, log)
    finally:
        library.close()
    (folder / "complete").write_text(time.strftime("%Y-%m-%d %H:%M:%S\n"))
    return folder


def open_reuters(tmp: Path, cached: Path, reuters: Path, n: int) -> Prepared:
    data_dir = tmp / "reuters"
    data_dir.mkdir()
    shutil.copy(cached / "articlebot.sqlite3", data_dir / "articlebot.sqlite3")
    shutil.copytree(cached / "index", data_dir / "index")
    url = f"sqlite:///{data_dir / 'articlebot.sqlite3'}"
    library = Library.open(url, index_dir=data_dir / "index")
    source = corpus.load_source(reuters)
    headlines = list(dict.fromkeys(q.lower() for q in source.queries))[: n + WARMUP]
    note = "held-out Reuters headlines (their stories are in no passage)"
    warmup, questions = headlines[:WARMUP], headlines[WARMUP:]
    return Prepared("reuters", library, data_dir, url, warmup, questions, note)


# ---------------------------------------------------------------- measuring


def percentiles(values: Sequence[float]) -> dict[str, float]:
    if not values:
        return {"p50": 0.0, "p95": 0.0, "p99": 0.0, "max": 0.0}
    a = np.asarray(values, dtype=float)
    return {
        "p50": float(np.percentile(a, 50)),
        "p95": float(np.percentile(a, 95)),
        "p99": float(np.percentile(a, 99)),
        "max": float(a.max()),
    }


@dataclass
class Row:
    library: str
    articles: int
    passages: int
    questions: int
    note: str
    answered: int
    latency_ms: dict[str, float]  # update queued -> reply received by the stand-in
    search_only_ms: dict[str, float]  # Library.search(q, 3) on the same questions
    search_only_confident: int
    parts_ms: dict[str, dict[str, float]]  # each step's percentiles (0 where it did not run)
    by_outcome_ms: dict[str, dict[str, float]]
    load: tuple[float, float]  # 1-minute load average before and after (others' work too)
    slowest: list[dict[str, Any]] = field(default_factory=list)
    asked: list[Asked] = field(default_factory=list, repr=False)


def search_only(
    library: Library, warmup: Sequence[str], questions: Sequence[str]
) -> tuple[list[float], int]:
    for q in warmup:
        library.search(q, HITS)
    times, sure = [], 0
    for q in questions:
        start = time.perf_counter()
        result = library.search(q, HITS)
        times.append((time.perf_counter() - start) * 1000)
        sure += confident(result)
    return times, sure


def summarize(
    prepared: Prepared,
    asked: list[Asked],
    search_ms: list[float],
    sure: int,
    load: tuple[float, float],
) -> Row:
    stats = prepared.library.stats()
    parts: dict[str, list[float]] = {
        "cpu": [a.cpu_ms for a in asked],
        "waiting": [a.total_ms - a.cpu_ms for a in asked],
        "poll": [a.poll_ms for a in asked],
        "bot": [a.bot_ms for a in asked],
        **{s: [a.stages_ms.get(s, 0.0) for a in asked] for s in STAGES},
        "rest": [a.rest_ms for a in asked],
        "receive": [a.receive_ms for a in asked],
        "glue": [a.rest_ms - a.receive_ms - a.send_ms for a in asked],
        "send": [a.send_ms for a in asked],
        "done": [a.done_ms for a in asked],
    }
    outcomes: dict[str, list[float]] = {}
    for a in asked:
        outcomes.setdefault(a.outcome, []).append(a.total_ms)
    slowest = sorted(asked, key=lambda a: -a.total_ms)[:5]
    return Row(
        library=prepared.name,
        articles=stats.articles,
        passages=stats.passages,
        questions=len(asked),
        note=prepared.note,
        answered=sum(a.outcome == "answer" for a in asked),
        latency_ms=percentiles([a.total_ms for a in asked]),
        search_only_ms=percentiles(search_ms),
        search_only_confident=sure,
        parts_ms={k: percentiles(v) for k, v in parts.items()},
        by_outcome_ms={k: {"n": len(v), **percentiles(v)} for k, v in outcomes.items()},
        load=load,
        slowest=[
            {
                "question_number": a.number,
                "outcome": a.outcome,
                "total_ms": a.total_ms,
                "poll_ms": a.poll_ms,
                "rest_ms": a.rest_ms,
                **{f"{k}_ms": v for k, v in a.stages_ms.items()},
            }
            for a in slowest
        ],
        asked=asked,
    )


async def measure(prepared: Prepared, per_s: float, profile: bool) -> tuple[Row, str]:
    warm, timed = prepared.warmup, prepared.questions

    async def work(asker: Asker) -> tuple[list[Asked], str]:
        await asker.ask_all(warm, per_s)
        asked = await asker.ask_all(timed, per_s)
        shown = []
        if profile:  # the slowest reply, and the slowest answer if that was no answer
            worst = max(asked, key=lambda a: a.total_ms)
            shown.append(await profile_one(asker, worst))
            answers = [a for a in asked if a.outcome == "answer"]
            if worst.outcome != "answer" and answers:
                slowest = max(answers, key=lambda a: a.total_ms)
                shown.append(await profile_one(asker, slowest))
        return asked, "\n\n".join(shown)

    log(f"{prepared.name}: asking {len(timed)} questions through the bot")
    load_before = os.getloadavg()[0]
    asked, shown = await with_bot(prepared.library, prepared.data_dir, prepared.database_url, work)
    log(f"{prepared.name}: the same questions through Library.search directly")
    search_ms, sure = search_only(prepared.library, warm, timed)
    load = (load_before, os.getloadavg()[0])
    return summarize(prepared, asked, search_ms, sure, load), shown


# ---------------------------------------------------------------- profiling


async def profile_one(asker: Asker, worst: Asked) -> str:
    """Ask `worst`'s question again, in a new chat, under cProfile (the loop's thread, and
    each wrapped library call in its worker thread)."""
    asker.stages.profiling, asker.stages.profiles = True, []
    loop_profile = cProfile.Profile()
    loop_profile.enable()
    try:
        again = await asker.ask(worst.question, worst.number)
    finally:
        loop_profile.disable()
        asker.stages.profiling = False
    loop_stats = pstats.Stats(loop_profile)
    lines = [
        f"question #{worst.number} ({worst.outcome})",
        "  measured (no profiler): " + steps_line(worst),
        "  again under cProfile:    " + steps_line(again),
        "",
        "  event loop thread, own time by area (ms):",
        *areas(loop_stats),
        "  event loop thread, the functions with the most own time:",
        *top_functions(loop_stats, 12, own=True),
    ]
    if asker.stages.profiles:
        worker = pstats.Stats(asker.stages.profiles[0])
        for more in asker.stages.profiles[1:]:
            worker.add(more)
        lines += [
            "",
            "  worker threads (the handler's library calls), own time by area (ms):",
            *areas(worker),
            "  worker threads, by cumulative time:",
            *top_functions(worker, 25),
        ]
    return "\n".join(lines)


def steps_line(a: Asked) -> str:
    steps = ", ".join(f"{k} {v:.1f}" for k, v in a.stages_ms.items())
    return (
        f"total {a.total_ms:.1f} ms = poll {a.poll_ms:.1f} + bot {a.bot_ms:.1f} "
        f"[{steps}; rest {a.rest_ms:.1f}]"
    )


_PREFIXES = (str(REPO) + "/", "/site-packages/", "/lib/python3.11/")
# Own time is summed by the first of these its function's file path (or name) holds.
_AREAS = (
    ("idle: waiting for threads and sockets", ("poll' of 'select.epoll",)),
    ("the profiler itself", ("_lsprof",)),
    ("imports", ("importlib", "posix.stat")),
    ("sockets", ("_socket.socket",)),
    ("sqlite3 (C)", ("sqlite3.",)),
    ("SQLAlchemy", ("/sqlalchemy/",)),
    ("PTB (telegram)", ("/telegram/",)),
    ("HTTP client (httpx, httpcore, h11, anyio)", ("/httpx/", "/httpcore/", "/h11/", "/anyio/")),
    ("HTTP server (aiohttp, for the stand-in)", ("/aiohttp/", "/multidict/", "/yarl/")),
    ("the stand-in", ("/standin/",)),
    ("bot/", ("/main/bot/",)),
    ("articles/", ("/main/articles/",)),
    ("index/", ("/main/index/",)),
    ("json", ("json",)),
    ("asyncio, threads, selectors", ("/asyncio/", "threading", "selectors", "concurrent")),
    ("regular expressions", ("re.Pattern", "re.Match", "/re/")),
)


def _where(key: tuple[str, int, str]) -> str:
    filename, line, name = key
    return f"{_short(filename)}:{line}({name})" if line else name


def _short(filename: str) -> str:
    for prefix in _PREFIXES:
        if prefix in filename:
            return filename.split(prefix, 1)[1]
    return filename


def areas(stats: pstats.Stats) -> list[str]:
    totals: dict[str, float] = {}
    for (filename, line, name), (_, _, own, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        text = f"{filename}:{line}({name})" if line else f"{filename} {name}"
        area = next((a for a, needles in _AREAS if any(n in text for n in needles)), "other")
        totals[area] = totals.get(area, 0.0) + own
    ordered = sorted(totals.items(), key=lambda item: -item[1])
    return [f"    {ms * 1000:8.2f}  {area}" for area, ms in ordered if ms * 1000 >= 0.05]


def top_functions(stats: pstats.Stats, n: int, own: bool = False) -> list[str]:
    """The n functions with the most cumulative (or own) time: cum ms, own ms, calls, where;
    the loop's wait in epoll is left out."""
    entries = stats.stats  # type: ignore[attr-defined]
    rows = sorted(
        ((k, v) for k, v in entries.items() if "epoll" not in k[2] and "_lsprof" not in k[2]),
        key=lambda item: -item[1][2 if own else 3],
    )
    out = [f"    {'cum ms':>8} {'own ms':>8} {'calls':>6}  function"]
    for key, (_, calls, own_s, cum_s, _) in rows[:n]:
        out.append(f"    {cum_s * 1000:8.2f} {own_s * 1000:8.2f} {calls:6d}  {_where(key)}")
    return out


# ---------------------------------------------------------------- report


def verdict(rows: Sequence[Row], target_passages: int) -> str:
    big = [r for r in rows if r.library == "reuters"]
    if not big:
        return f"no library of {target_passages:,} passages in this run: no verdict"
    row = big[-1]
    p95 = row.latency_ms["p95"]
    ok = "MET" if p95 < TARGET_MS else "MISSED"
    answers = row.by_outcome_ms.get("answer")
    alone = (
        f"; answers alone (no-answer replies left out): p95 {answers['p95']:.1f} ms"
        if answers
        else ""
    )
    return (
        f"p95 {p95:.1f} ms over every reply at {row.passages:,} passages, search included "
        f"(target < {TARGET_MS:g} ms): {ok}{alone}"
    )


def report(rows: Sequence[Row], header: str, the_verdict: str, profile: str) -> str:
    out = [header, ""]
    out.append("end to end: update queued -> the bot's sendMessage received by the stand-in (ms)")
    out.append(
        f"{'library':<8} {'articles':>8} {'passages':>9} {'asked':>5} {'answered':>8} "
        f"{'p50':>7} {'p95':>7} {'p99':>7} {'max':>7} | search only "
        f"{'p50':>6} {'p95':>6} {'p99':>6} {'max':>6}"
    )
    for r in rows:
        e, s = r.latency_ms, r.search_only_ms
        out.append(
            f"{r.library:<8} {r.articles:>8,} {r.passages:>9,} {r.questions:>5} "
            f"{r.answered:>8} {e['p50']:7.1f} {e['p95']:7.1f} {e['p99']:7.1f} {e['max']:7.1f} "
            f"|             {s['p50']:6.1f} {s['p95']:6.1f} {s['p99']:6.1f} {s['max']:6.1f}"
        )
    out += ["", the_verdict]
    for r in rows:
        waiting = r.parts_ms["waiting"]["p50"]
        if waiting > BUSY_WAITING_MS:
            out.append(
                f"note: {r.library}: {waiting:.1f} ms of the median reply was not this "
                "process's CPU time: other processes shared the CPUs (see the load averages); "
                "rerun on an idle machine for the bot's own figures"
            )
    for r in rows:
        out += [
            "",
            f"{r.library}: {r.questions} questions, {r.note}; load average "
            f"{r.load[0]:.2f} before, {r.load[1]:.2f} after",
        ]
        for outcome, o in sorted(r.by_outcome_ms.items()):
            out.append(
                f"  {outcome}: {o['n']:.0f} questions, p50 {o['p50']:.1f} p95 {o['p95']:.1f} "
                f"max {o['max']:.1f} ms"
            )
        out.append(
            f"  search only: {r.search_only_confident} of {r.questions} confident "
            "(answered rather than the no-answer reply)"
        )
        out.append(f"  {'where the time goes (ms)':<46} {'p50':>7} {'p95':>7} {'max':>7}")
        for name, label in PART_LABELS.items():
            p = r.parts_ms[name]
            out.append(f"  {label:<46} {p['p50']:7.2f} {p['p95']:7.2f} {p['max']:7.2f}")
        out.append("  slowest:")
        for a in sorted(r.asked, key=lambda a: -a.total_ms)[:5]:
            out.append(f"    #{a.number:<4} {steps_line(a)}")
    if profile:
        out += ["", "profile of the slowest answer of the last library:", profile]
    return "\n".join(out)


def header_line(args: argparse.Namespace) -> str:
    return (
        f"answer latency through the whole bot (bench/answer_latency.py); one process, the "
        f"stand-in on loopback; {WARMUP} warm-up questions untimed; questions paced at most "
        f"{args.per_s:g}/s, one at a time; python {sys.version.split()[0]}, "
        f"{os.cpu_count()} cpus"
    )


# ---------------------------------------------------------------- CLI


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--libraries", default="samples,reuters", help="which: samples, reuters (comma-separated)"
    )
    parser.add_argument("--questions", type=int, default=QUESTIONS, help="timed, per library")
    parser.add_argument("--passages", type=int, default=TARGET_PASSAGES, help="reuters size")
    parser.add_argument(
        "--smoke", action="store_true", help=f"samples only, {SMOKE_QUESTIONS} questions (CI)"
    )
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    parser.add_argument("--shared", type=Path, default=None, help="the shared/ directory")
    parser.add_argument(
        "--cache-dir",
        type=Path,
        default=None,
        help="where the built reuters library is kept (default: $XDG_CACHE_HOME or the temp "
        "folder, /articlebot-bench)",
    )
    parser.add_argument("--rebuild", action="store_true", help="build the cached library anew")
    parser.add_argument(
        "--profile",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="profile the slowest answer of the last library (default: on, off with --smoke)",
    )
    parser.add_argument(
        "--per-s", type=float, default=QUESTIONS_PER_S, help="questions a second at most"
    )
    args = parser.parse_args(argv)
    if args.smoke:
        args.libraries, args.questions = "samples", SMOKE_QUESTIONS
    if args.profile is None:
        args.profile = not args.smoke
    args.libraries = [x.strip() for x in args.libraries.split(",") if x.strip()]
    unknown = set(args.libraries) - {"samples", "reuters"}
    if unknown:
        parser.error(f"unknown libraries {sorted(unknown)}; choose from samples, reuters")
    return args


async def run(args: argparse.Namespace, tmp: Path) -> tuple[list[Row], str]:
    shared = corpus.shared_dir(args.shared)
    have_shared = (shared / "evaldata").is_dir()
    reuters = shared / "evaldata" / "news-reuters21578"
    rows: list[Row] = []
    shown = ""
    for n, name in enumerate(args.libraries):
        last = n == len(args.libraries) - 1
        if name == "samples":
            prepared = open_samples(
                tmp, args.questions, shared if have_shared else None, args.smoke
            )
        else:
            cache_dir = args.cache_dir or corpus.default_cache_dir()
            cached = reuters_cache(cache_dir, reuters, args.passages, args.rebuild)
            prepared = open_reuters(tmp, cached, reuters, args.questions)
        try:
            row, profile = await measure(prepared, args.per_s, args.profile and last)
        finally:
            prepared.library.close()
        rows.append(row)
        shown = profile or shown
    return rows, shown


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    # Loopback only: a proxy set on the machine must not catch the bot's calls to the stand-in.
    for name in ("NO_PROXY", "no_proxy"):
        os.environ[name] = ",".join(filter(None, [os.environ.get(name), "127.0.0.1,localhost"]))
    os.environ.setdefault("PTB_TIMEDELTA", "1")  # as `articlebot` sets it
    if "reuters" in args.libraries:
        reuters = corpus.shared_dir(args.shared) / "evaldata" / "news-reuters21578"
        if not reuters.is_dir():
            log(
                f"error: {reuters} not found; pass --shared DIR or set ARTICLEBOT_SHARED_DIR to "
                "the directory holding evaldata/news-reuters21578 (or run --libraries samples)"
            )
            return 2
    with tempfile.TemporaryDirectory(prefix="answer-latency-") as tmp:
        rows, profile = asyncio.run(run(args, Path(tmp)))
    the_verdict = verdict(rows, args.passages)
    if args.json:
        out = {
            "target_ms": TARGET_MS,
            "verdict": the_verdict,
            "rows": [{k: v for k, v in asdict(r).items() if k != "asked"} for r in rows],
            "profile": profile,
        }
        print(json.dumps(out, indent=2))
    else:
        print(report(rows, header_line(args), the_verdict, profile))
    return 0


if __name__ == "__main__":
    sys.exit(main())
