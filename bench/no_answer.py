"""The no-answer floor: which coverage floor refuses unanswerable questions and keeps answers?

The bot refuses to answer when nothing good matched: `articles.search.confident` holds when
the best hit's `coverage` (the share of the question's idf mass its passage and title hold)
is at least `NO_ANSWER_FLOOR`, or when a hit holds every word of the question. This script
measures that floor on the product's own path: a real library (`Library.open` on a temporary
SQLite file, `add_article` as bench/quality.py ingests) holding Reuters stories as distractors
and HALF of the XQuAD articles (the even positions; each paragraph an article of its own,
titled by its Wikipedia article, as quality.py's set (i)), every question asked through
`Library.search(question, 3)`.

- Answerable: the questions of the ingested articles; "answered" = the gold answer is in one
  of the top 3 passages (quality.py's `answer_in_top_k`), i.e. the bot's answer is right.
- Unanswerable (held out): the questions of the other half, whose article is absent. A few
  are still answered by chance (the answer string is in a passage of another article, mostly
  short common answers: "United States", "5"); they are counted, and a column leaves them out.
- Unanswerable (chit-chat): CHIT_CHAT, off-topic small talk and keyboard noise. A few are
  greetings the bot's `small_talk` answers before searching; they are searched anyway.

A question is refused when the search raises a QueryError (stop words only, nothing holds
them), finds nothing, or `confident` is false. The current floor's row is the product's
decision (`confident` on every result); the sweep applies the same rule to the recorded best
coverages, and the script asserts the two agree at NO_ANSWER_FLOOR, question by question.

Recommended floor (RULE): the highest floor of the sweep that keeps at least KEEP_ANSWERED
of the answerable-and-answered questions. See bench/README.md (## No answer).

Example:
    .venv/bin/python bench/no_answer.py --smoke          # CI size, ~10 s
    .venv/bin/python bench/no_answer.py                  # 5,000 stories, ~1-2 min on 2 cores
    .venv/bin/python bench/no_answer.py --stories 0      # all 19,043 stories, ~3.5 min
    .venv/bin/python bench/no_answer.py --smoke --json | jq .rows
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere
sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus
from quality import NEWS_SITE, QA_K, WIKI_SITE, ProductLibrary, answer_in_top_k, load_xquad

from articles.errors import QueryError
from articles.search import NO_ANSWER_FLOOR, SearchResult, confident, question_weights
from bot.answer_handlers import small_talk

SWEEP = sorted({round(i * 0.05, 2) for i in range(19)} | {NO_ANSWER_FLOOR})  # 0.0 .. 0.9
KEEP_ANSWERED = 0.99
KEEP_TARGETS = (0.9, 0.95, 0.98, KEEP_ANSWERED)  # the same rule at looser targets, for context
RULE = (
    f"the highest floor of the sweep that keeps >= {KEEP_ANSWERED:.0%} of the "
    "answerable-and-answered questions"
)
DEFAULT_STORIES = 5000
SMOKE_STORIES, SMOKE_ARTICLES = 300, 6  # 3 ingested, 3 held out

# Off-topic questions a chat bot gets: none of them is about news or Wikipedia articles.
CHIT_CHAT = (
    "what's the weather like", "will it rain tomorrow", "what time is it", "tell me a joke",
    "who are you", "what is your name", "are you a robot", "who made you", "what can you do",
    "can you help me", "how are you doing today", "what's up", "hello", "good morning",
    "good night", "thanks", "see you later", "i love you", "you are stupid", "i'm bored",
    "knock knock", "what's your favourite colour", "do you like pizza", "where do you live",
    "how old are you", "what is the meaning of life", "what is love", "sing me a song",
    "play some music", "set an alarm for 7 am", "translate hello into french",
    "what is 2 plus 2", "how many legs does a spider have", "what should i eat for dinner",
    "how do i cook pasta", "recommend a good movie", "how do i fix my wifi",
    "which phone should i buy", "tell me something interesting", "bananas are yellow",
    "asdf qwerty", "qwertyuiop", "zxcvbnm asdfgh", "lorem ipsum dolor sit amet",
    "blah blah blah", "hmm", "lol", "ok", "test", "testing 1 2 3",
)  # fmt: skip

ANSWERABLE, HELD_OUT, CHAT = "answerable", "held-out", "chit-chat"


@dataclass(frozen=True)
class Asked:
    """One question and what the product made of it."""

    kind: str  # ANSWERABLE, HELD_OUT or CHAT
    text: str
    outcome: str  # "hits", "verbatim" (stop words only, found in order), "none", "error"
    best: float  # the best hit's coverage (0 without hits)
    full: bool  # a hit holds every word of the question (coverage 1)
    confident: bool  # the product's decision: articles.search.confident(result)
    answered: bool  # the gold answer is in one of the top QA_K passages
    score: float  # the top hit's BM25 score (0 without hits)
    mass: float  # the question's idf mass (question_weights summed)
    terms: int  # distinct words of the question the ranking uses
    small_talk: bool  # the bot answers it as a greeting or thanks before searching
    top_title: str

    def kept(self, floor: float) -> bool:
        """The product's rule at `floor` (articles.search.confident) on the recorded hits."""
        return self.outcome in ("hits", "verbatim") and (self.best >= floor or self.full)


def ask(library: ProductLibrary, kind: str, text: str, answer: str | None) -> Asked:
    try:
        result: SearchResult = library.library.search(text, QA_K)
    except QueryError:  # only stop words and nothing holds them: the bot says why, no answer
        return Asked(kind, text, "error", 0.0, False, False, False, 0.0, 0.0, 0,
                     small_talk(text) is not None, "")  # fmt: skip
    index = library.library.index
    hits = result.hits
    weights = question_weights(result.terms, index.idf, index.holds)
    if not hits:
        outcome = "none"
    elif not any(index.holds(term) for term in result.terms):
        outcome = "verbatim"  # the index holds no stop words: the phrase scan found these
    else:
        outcome = "hits"
    return Asked(
        kind=kind,
        text=text,
        outcome=outcome,
        best=max((hit.coverage for hit in hits), default=0.0),
        full=any(hit.coverage >= 1.0 for hit in hits),
        confident=confident(result),
        answered=answer is not None and answer_in_top_k([h.text for h in hits], answer, QA_K),
        score=hits[0].score if hits else 0.0,
        mass=sum(weights.values()),
        terms=len(weights),
        small_talk=small_talk(text) is not None,
        top_title=hits[0].title if hits else "",
    )


# ---------------------------------------------------------------- figures


def share(values: Sequence[bool]) -> float:
    return sum(values) / len(values) if values else 0.0


Row = dict[str, float]


def floor_row(asked: Sequence[Asked], floor: float, kept: Callable[[Asked], bool]) -> Row:
    answerable = [a for a in asked if a.kind == ANSWERABLE]
    held = [a for a in asked if a.kind == HELD_OUT]
    chat = [a for a in asked if a.kind == CHAT]
    return {
        "floor": floor,
        "kept_answerable": round(share([kept(a) for a in answerable]), 4),
        "kept_answered": round(share([kept(a) for a in answerable if a.answered]), 4),
        "rejected_held_out": round(share([not kept(a) for a in held]), 4),
        "rejected_held_out_unanswered": round(
            share([not kept(a) for a in held if not a.answered]), 4
        ),
        "rejected_chit_chat": round(share([not kept(a) for a in chat]), 4),
    }


def highest_floor(rows: Sequence[Row], keep: float) -> float:
    """RULE at target `keep`: the highest swept floor keeping that share of answered ones."""
    return max((r["floor"] for r in rows if r["kept_answered"] >= keep), default=0.0)


def separation(asked: Sequence[Asked]) -> dict[str, dict[str, float]]:
    """How well each signal tells answered questions from held-out unanswered ones: AUC (the
    chance that an answered question scores above an unanswerable one, ties half) and the
    share of held-out questions refused at the threshold keeping KEEP_ANSWERED of answered."""
    signals: dict[str, Callable[[Asked], float]] = {
        "best coverage (the product's)": lambda a: a.best,
        "top BM25 score": lambda a: a.score,
        "top score / question idf mass": lambda a: a.score / a.mass if a.mass else 0.0,
        "held idf mass (coverage x mass)": lambda a: a.best * a.mass,
    }
    good = [a for a in asked if a.kind == ANSWERABLE and a.answered]
    bad = [a for a in asked if a.kind == HELD_OUT and not a.answered]
    out: dict[str, dict[str, float]] = {}
    for name, signal in signals.items():

        def value(a: Asked, signal: Callable[[Asked], float] = signal) -> float:
            return signal(a) if a.outcome in ("hits", "verbatim") else -math.inf

        pos = sorted(value(a) for a in good)
        neg = [value(a) for a in bad]
        out[name] = {
            "auc": round(auc(pos, neg), 3),
            "rejected_held_out_at_99": round(
                share([v < pos[int(len(pos) * (1 - KEEP_ANSWERED))] for v in neg]) if pos else 0.0,
                3,
            ),
        }
    return out


def auc(pos: Sequence[float], neg: Sequence[float]) -> float:
    if not pos or not neg:
        return 0.0
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


# ---------------------------------------------------------------- the run


def run(evaldata: Path, stories_limit: int | None, articles_limit: int | None,
        log: Callable[[str], None]) -> dict[str, Any]:  # fmt: skip
    xquad = load_xquad(evaldata / "qa-xquad-en", articles_limit)
    stories = corpus.load_stories(evaldata / "news-reuters21578", stories_limit)
    ingested = {n for n in range(len(xquad.articles)) if n % 2 == 0}
    with tempfile.TemporaryDirectory(prefix="articlebot-no-answer-") as tmp:
        library = ProductLibrary(Path(tmp) / "no-answer.sqlite3")
        try:
            started = time.perf_counter()
            for story in stories:
                library.add(story.title, story.text, f"https://{NEWS_SITE}/{story.newid}",
                            NEWS_SITE)  # fmt: skip
            news_passages = library.library.stats().passages
            paragraphs = 0
            for n, article in enumerate(xquad.articles):
                if n not in ingested:
                    continue
                for p, text in enumerate(article.paragraphs):
                    url = f"https://{WIKI_SITE}/wiki/{article.title}/paragraph-{p}"
                    library.add(article.title, text, url, WIKI_SITE)
                    paragraphs += 1
            stats = library.library.stats()
            ingest_s = time.perf_counter() - started
            log(f"ingested {len(stories)} stories and {paragraphs} paragraphs in {ingest_s:.0f} s")

            started = time.perf_counter()
            asked = [
                ask(library, ANSWERABLE if q.article in ingested else HELD_OUT, q.text, q.answer)
                for q in xquad.questions
            ]
            asked += [ask(library, CHAT, text, None) for text in CHIT_CHAT]
            search_s = time.perf_counter() - started
            log(f"asked {len(asked)} questions in {search_s:.0f} s")
        finally:
            library.close()

    # The product's decision and the sweep's rule must be one rule.
    for a in asked:
        assert a.confident == a.kept(NO_ANSWER_FLOOR), ("sweep != confident()", a)
        assert a.kept(NO_ANSWER_FLOOR) or not a.full, ("refused a full match", a)
    rows = [floor_row(asked, floor, partial(Asked.kept, floor=floor)) for floor in SWEEP]
    current = floor_row(asked, NO_ANSWER_FLOOR, lambda a: a.confident)
    assert current == next(r for r in rows if r["floor"] == NO_ANSWER_FLOOR), current
    recommended = highest_floor(rows, KEEP_ANSWERED)

    answerable = [a for a in asked if a.kind == ANSWERABLE]
    held = [a for a in asked if a.kind == HELD_OUT]
    chat = [a for a in asked if a.kind == CHAT]
    answered_cov = sorted(a.best for a in answerable if a.answered)
    return {
        "library": {
            "stories": len(stories),
            "news_passages": news_passages,
            "xquad_articles": len(xquad.articles),
            "ingested_articles": len(ingested),
            "ingested_paragraphs": paragraphs,
            "passages": stats.passages,
        },
        "counts": {
            "answerable": len(answerable),
            "answered": sum(a.answered for a in answerable),
            "held_out": len(held),
            "held_out_answered_by_chance": sum(a.answered for a in held),
            "chit_chat": len(chat),
            "chit_chat_small_talk": sum(a.small_talk for a in chat),
            "chit_chat_outcomes": {
                o: sum(a.outcome == o for a in chat) for o in ("hits", "verbatim", "none", "error")
            },
            "full_match": {
                kind: sum(a.full for a in asked if a.kind == kind)
                for kind in (ANSWERABLE, HELD_OUT, CHAT)
            },
        },
        "answered_coverage_percentiles": {
            f"p{p}": round(answered_cov[int(len(answered_cov) * p / 100)], 3)
            for p in (1, 5, 10, 25, 50)
        }
        if answered_cov
        else {},
        "current_floor": NO_ANSWER_FLOOR,
        "current": current,
        "recommended_floor": recommended,
        "rule": RULE,
        "floor_for_keep": {f"{t:g}": highest_floor(rows, t) for t in KEEP_TARGETS},
        "rows": rows,
        "separation": separation(asked),
        "chit_chat_kept_at_current": [
            {
                "question": a.text,
                "best": round(a.best, 3),
                "full": a.full,
                "terms": a.terms,
                "outcome": a.outcome,
                "top_title": a.top_title,
            }
            for a in chat
            if a.confident
        ],
        "held_out_kept_at_current": sum(a.confident for a in held),
        "seconds": {"ingest": round(ingest_s, 1), "search": round(search_s, 1)},
        "questions": [asdict(a) for a in asked],
    }


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def print_report(report: dict[str, Any], mode: str) -> None:
    lib, counts = report["library"], report["counts"]
    print(f"articlebot no-answer floor ({mode}), measured through Library.search + confident()")
    print(
        f"library: {lib['stories']} Reuters stories ({lib['news_passages']} passages) + "
        f"{lib['ingested_articles']} of {lib['xquad_articles']} XQuAD articles as "
        f"{lib['ingested_paragraphs']} paragraph articles: {lib['passages']} passages"
    )
    print(
        f"answerable: {counts['answerable']} questions of the ingested articles, "
        f"{counts['answered']} answered (gold answer in the top {QA_K} passages)"
    )
    print(
        f"held out: {counts['held_out']} questions of the absent articles, "
        f"{counts['held_out_answered_by_chance']} answered by chance (gold answer in a top-{QA_K} "
        f"passage of another article)"
    )
    outcomes = ", ".join(f"{n} {o}" for o, n in counts["chit_chat_outcomes"].items())
    print(
        f"chit-chat: {counts['chit_chat']} queries ({outcomes}); "
        f"{counts['chit_chat_small_talk']} of them the bot answers as small talk before searching"
    )
    full = counts["full_match"]
    print(
        f"a hit holds every question word (never refused): {full[ANSWERABLE]} answerable, "
        f"{full[HELD_OUT]} held out, {full[CHAT]} chit-chat"
    )
    print()
    header = (
        f"{'floor':>5}  {'kept answerable':>15}  {'kept answered':>13}  "
        f"{'rejected held-out':>17}  {'(unanswered)':>12}  {'rejected chit-chat':>18}"
    )
    print(header)
    print("-" * len(header))
    for row in report["rows"]:
        mark = ""
        if row["floor"] == report["current_floor"]:
            mark += "  <- NO_ANSWER_FLOOR (confident())"
        if row["floor"] == report["recommended_floor"]:
            mark += "  <- recommended"
        print(
            f"{row['floor']:5.2f}  {row['kept_answerable']:15.3f}  {row['kept_answered']:13.3f}  "
            f"{row['rejected_held_out']:17.3f}  {row['rejected_held_out_unanswered']:12.3f}  "
            f"{row['rejected_chit_chat']:18.3f}{mark}"
        )
    print()
    print(f"recommended floor: {report['recommended_floor']:g} (rule: {report['rule']})")
    cur = report["current"]
    print(
        f"current NO_ANSWER_FLOOR = {report['current_floor']:g} (articles.search.confident): "
        f"keeps {cur['kept_answerable']:.3f} of answerable, {cur['kept_answered']:.3f} of "
        f"answered; refuses {cur['rejected_held_out']:.3f} of held-out, "
        f"{cur['rejected_chit_chat']:.3f} of chit-chat"
    )
    targets = ", ".join(f">= {float(t):.0%}: {f:g}" for t, f in report["floor_for_keep"].items())
    print(f"the same rule at other targets (share of answered kept): {targets}")
    pct = ", ".join(f"{k} {v:.3f}" for k, v in report["answered_coverage_percentiles"].items())
    print(f"best coverage of the answered questions: {pct}")
    print()
    print(f"separation, answered vs held-out unanswered ({KEEP_ANSWERED:.0%} of answered kept):")
    for name, figures in report["separation"].items():
        print(
            f"  {name:<34} AUC {figures['auc']:.3f}  refuses "
            f"{figures['rejected_held_out_at_99']:.3f} of held-out"
        )
    kept = report["chit_chat_kept_at_current"]
    print()
    full = sum(item["full"] for item in kept)
    print(
        f"chit-chat answered at the current floor ({len(kept)}; {full} hold every word of the "
        "question, which no floor refuses):"
    )
    for item in kept:
        print(
            f"  {item['question']!r}: coverage {item['best']:.3f} "
            f"({plural(item['terms'], 'word')}), top hit {item['top_title'][:60]!r}"
        )
    seconds = report["seconds"]
    print(f"\ningest {seconds['ingest']:.0f} s, search {seconds['search']:.0f} s, "
          f"elapsed {report['elapsed']:.0f} s on {os.cpu_count()} CPUs")  # fmt: skip


# ---------------------------------------------------------------- command line


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Choose the no-answer floor on the product's search: XQuAD questions whose\n"
        "article is in the library (answerable) or held out, and chit-chat (unanswerable),\n"
        "among Reuters stories; a sweep of coverage floors and the product's confident().",
        epilog="examples:\n"
        "  .venv/bin/python bench/no_answer.py --smoke\n"
        "  .venv/bin/python bench/no_answer.py --stories 2000 --json\n"
        "  .venv/bin/python bench/no_answer.py --shared /work/shared\n"
        f"recommended floor: {RULE}\n"
        "data: DIR/evaldata/{qa-xquad-en,news-reuters21578}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--shared",
        type=Path,
        default=None,
        help="the shared/ directory holding evaldata/ "
        "(default: $ARTICLEBOT_SHARED_DIR, else ../shared beside the repo)",
    )
    parser.add_argument(
        "--stories",
        type=int,
        default=DEFAULT_STORIES,
        help=f"Reuters stories ingested as distractors, 0 = all (default {DEFAULT_STORIES})",
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help=f"CI size: {SMOKE_ARTICLES} XQuAD articles (half ingested), {SMOKE_STORIES} stories",
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--questions", action="store_true", help="with --json: every question's record too"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    evaldata = corpus.shared_dir(args.shared) / "evaldata"
    missing = [
        str(evaldata / d)
        for d in ("qa-xquad-en", "news-reuters21578")
        if not (evaldata / d).is_dir()
    ]
    if missing:
        print(
            f"error: evaluation data not found: {', '.join(missing)}\n"
            "pass --shared DIR or set ARTICLEBOT_SHARED_DIR to the shared/ directory "
            "that contains evaldata/",
            file=sys.stderr,
        )
        return 2

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    started = time.perf_counter()
    if args.smoke:
        report = run(evaldata, SMOKE_STORIES, SMOKE_ARTICLES, log)
    else:
        report = run(evaldata, args.stories or None, None, log)
    report["elapsed"] = round(time.perf_counter() - started, 1)
    if args.json:
        if not args.questions:
            del report["questions"]
        print(json.dumps(report, indent=2))
        return 0
    print_report(report, "smoke" if args.smoke else f"{report['library']['stories']} stories")
    return 0


if __name__ == "__main__":
    sys.exit(main())
