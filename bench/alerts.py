"""Speed of topic alerts: N subscriptions against ~1,000 new passages (the percolator).

The issue asks for 10,000 subscriptions against 1,000 new passages in under 1 s on this
machine, and how it grows to 100,000. Everything runs through the product:

1. A background library (`Library.open` on a temporary SQLite file, `Library.add_article`):
   the first --background Reuters-21578 stories, on a few invented sites, so the idf is real.
   Its pending articles are drained by `library.alerts.match_pending()` (no subscriptions yet).
2. Per size N, on a copy of that library: N subscriptions with realistic topic texts (below),
   across chats of 1 to MAX_PER_CHAT topics, made by `library.subscriptions.subscribe` (or,
   above --service-max, inserted in bulk as `articles.models.Subscription` rows with the
   fields the service writes, the text checked by the product's `parse_topic`).
3. New stories (not in the background) stored until they make --passages passages, then
   `library.alerts.match_pending()` timed end to end: "cold" (its first call compiles the
   matcher: every subscription's topic and the percolator); then a second batch of as many
   passages, "warm" (the matcher is kept while the subscriptions do not change).
4. The parts, on the warm batch: compiling a fresh `TopicMatcher` over the same
   subscriptions; analysing the articles (`ArticleText.counts`); `TopicMatcher.matches`
   (percolator candidates + `match`); the candidates per article. What match_pending spends
   beyond these is reading rows and writing the outbox (an alert's payload holds its excerpt).

Topic texts come from the Reuters headlines (all stories): words of 3+ letters that the
analyzer keeps, seen in 3+ headlines but not among the 40 most frequent there, drawn with
weight sqrt(headlines), a tenth of that for words in over 2% of the stories (so mostly
mid-frequency words: "copper", "icahn", "pakistan"; some "oil", "japan"): one word (40%),
two or three words of one headline (30%), a quoted pair of adjacent headline words (10%), two
such phrases joined by OR (5%), a word -another (8%), a word site:one-of-the-sites (7%); 80%
"best matches only", 20% "everything"; all instant.

Example:
    .venv/bin/python bench/alerts.py --profile 10000   # 1k, 10k, 100k and a profile: ~25 min
    .venv/bin/python bench/alerts.py --smoke --json    # CI size, seconds
    .venv/bin/python bench/alerts.py --sizes 10000 --passages 200 --profile 10000
"""

from __future__ import annotations

import argparse
import cProfile
import io
import itertools
import json
import math
import os
import pstats
import random
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere
sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus
from sqlalchemy import insert, select
from sqlalchemy.orm import selectinload

from articles.alerts import AlertService, article_text
from articles.errors import QueryError
from articles.extracted import Extracted
from articles.library import Library
from articles.models import Article, Subscription
from articles.subscriptions import MAX_PER_CHAT
from articles.topics import parse_topic
from index import analyze

SIZES = (1_000, 10_000, 100_000)
TARGET_SIZE, TARGET_SECONDS = 10_000, 1.0
SITES = ("reuters.com", "apnews.com", "ft.com", "wsj.com", "bbc.co.uk", "lemonde.fr")
SEED = 9
CHANGED_CHAT = 10**12  # a chat of its own for the topic added before the "changed" call
TOP_SKIPPED = 40  # the most frequent headline words ("says", "pct") are not topics
MIN_HEADLINES = 3
MID_SHARE, COMMON_WEIGHT = 0.02, 0.1  # words in more than 2% of the stories: drawn 10x less
PARTS_SAMPLE = 40  # articles the parts are timed on
PROFILE_PASSAGES = 300
SMOKE = {"background": 150, "passages": 60, "sizes": (100, 1_000)}


# ---------------------------------------------------------------- topics


@dataclass(frozen=True)
class Vocabulary:
    words: list[str]
    weights: list[float]
    headlines: list[list[str]]  # headlines' topic words (two or more), in order
    pairs: list[tuple[str, str]]  # adjacent topic words of a headline

    @cached_property
    def weight(self) -> dict[str, float]:
        return dict(zip(self.words, self.weights, strict=True))


def vocabulary(stories: Sequence[corpus.Story]) -> Vocabulary:
    """Topic words: in MIN_HEADLINES+ headlines, not the TOP_SKIPPED most frequent there, kept
    by the analyzer; weighted sqrt(headlines), times COMMON_WEIGHT when in more than
    MID_SHARE of the stories (title and text), so that mid-frequency words dominate."""
    keeps: dict[str, bool] = {}

    def words_of(text: str) -> list[str]:
        found = re.findall(r"[a-z]{3,}", text.lower())
        for w in found:
            if w not in keeps:
                keeps[w] = bool(analyze(w))
        return [w for w in found if keeps[w]]

    headlines = [words_of(story.title) for story in stories]
    hdf = Counter(w for words in headlines for w in set(words))
    sdf = Counter(w for story in stories for w in set(re.findall(r"[a-z]{3,}", story.text.lower())))
    common = {w for w, _ in hdf.most_common(TOP_SKIPPED)}
    band = {w: n for w, n in hdf.items() if n >= MIN_HEADLINES and w not in common}
    words = sorted(band)
    most = MID_SHARE * len(stories)
    weights = [math.sqrt(band[w]) * (1.0 if sdf[w] <= most else COMMON_WEIGHT) for w in words]
    kept = [[w for w in dict.fromkeys(h) if w in band] for h in headlines]
    pairs = sorted({
        (a, b) for h in headlines for a, b in itertools.pairwise(h)
        if a in band and b in band and a != b
    })  # fmt: skip
    return Vocabulary(words, weights, [h for h in kept if len(h) >= 2], pairs)


def topic_text(rng: random.Random, vocab: Vocabulary) -> str:
    def word() -> str:
        return rng.choices(vocab.words, vocab.weights)[0]

    def phrase() -> str:
        return '"{} {}"'.format(*rng.choice(vocab.pairs))

    roll = rng.random()
    if roll < 0.40:
        return word()
    if roll < 0.70:  # two or three words of one headline, the mid-frequency ones first
        headline = rng.choice(vocab.headlines)
        size = min(len(headline), 2 if rng.random() < 0.7 else 3)
        keyed = sorted(headline, key=lambda w: -rng.random() * vocab.weight[w])
        chosen = set(keyed[:size])
        return " ".join(w for w in headline if w in chosen)
    if roll < 0.80:
        return phrase() + (f" {word()}" if rng.random() < 0.3 else "")
    if roll < 0.85:
        return f"{phrase()} OR {phrase()}"
    if roll < 0.93:
        first, second = word(), word()
        return f"{first} -{second}" if first != second else first
    return f"{word()} site:{rng.choice(SITES)}"


def subscriptions(n: int, vocab: Vocabulary) -> Iterator[tuple[int, str, str]]:
    """(chat, topic text, sensitivity), the same sequence for every n (a prefix)."""
    rng = random.Random(SEED)
    chat, made = 0, 0
    while made < n:
        chat += 1
        wanted = min(MAX_PER_CHAT, 1 + int(rng.expovariate(1 / 8)))
        seen: set[str] = set()
        while len(seen) < wanted and made < n:
            text = topic_text(rng, vocab)
            if text.lower() in seen:
                continue
            try:
                parse_topic(text)
            except QueryError:
                continue
            seen.add(text.lower())
            made += 1
            yield 10_000_000 + chat, text, "best" if rng.random() < 0.8 else "all"


def subscribe(library: Library, rows: list[tuple[int, str, str]], bulk: bool) -> float:
    started = time.perf_counter()
    if bulk:
        now = datetime.now(UTC)
        with library.sessions.begin() as session:
            session.execute(insert(Subscription), [
                {"chat_id": chat, "query": " ".join(text.split()), "sensitivity": sensitivity,
                 "delivery": "instant", "paused": None, "created_at": now}
                for chat, text, sensitivity in rows
            ])  # fmt: skip
    else:
        for chat, text, sensitivity in rows:
            _, new = library.subscriptions.subscribe(chat, text, sensitivity=sensitivity)  # type: ignore[arg-type]
            assert new, (chat, text)
    return time.perf_counter() - started


# ---------------------------------------------------------------- articles


def store(library: Library, stories: Sequence[corpus.Story]) -> tuple[list[int], int]:
    """Stories stored as articles: their ids and passages."""
    ids, passages = [], 0
    for story in stories:
        extracted = Extracted(title=story.title, text=story.text,
                              site=SITES[story.newid % len(SITES)], language="en", url=None,
                              published=None)  # fmt: skip
        result = library.add_article(extracted, url=f"https://{extracted.site}/{story.newid}",
                                     kind="url", source=str(story.newid))  # fmt: skip
        if result.article_id is not None:
            ids.append(result.article_id)
            passages += result.passages
    return ids, passages


def store_passages(
    library: Library, stories: Sequence[corpus.Story], start: int, passages: int
) -> tuple[list[int], int, int]:
    """Stories from `start` on stored until they make `passages` passages: their article
    ids, the passages, and where the next batch starts."""
    ids, stored, i = [], 0, start
    while stored < passages and i < len(stories):
        more_ids, more = store(library, stories[i : i + 1])
        ids += more_ids
        stored += more
        i += 1
    return ids, stored, i


def load_articles(library: Library, ids: list[int]) -> list[Article]:
    with library.sessions() as session:
        return list(
            session.scalars(
                select(Article).where(Article.id.in_(ids)).options(selectinload(Article.passages))
            ).all()
        )


# ---------------------------------------------------------------- one size


def timed_match(
    library: Library, profile: cProfile.Profile | None = None
) -> tuple[float, float, Any]:
    """match_pending(): wall seconds, this process's CPU seconds, its report."""
    started, cpu = time.perf_counter(), time.process_time()
    if profile is not None:
        profile.enable()
    report = library.alerts.match_pending()
    if profile is not None:
        profile.disable()
    return time.perf_counter() - started, time.process_time() - cpu, report


def parts(library: Library, ids: list[int]) -> dict[str, float]:
    """Compile, analysis and matching timed apart (the product's TopicMatcher over the
    subscriptions AlertService reads), on up to PARTS_SAMPLE of these stored articles."""
    with library.sessions() as session:
        subs = AlertService._subscriptions(session)
    fresh = AlertService(library.sessions, library.index)
    started = time.perf_counter()
    matcher = fresh._matcher_for(subs)
    percolator, _ = matcher._for("en")  # compiles every topic and fills the percolator
    compile_s = time.perf_counter() - started
    texts = [article_text(a) for a in load_articles(library, ids[:PARTS_SAMPLE])]
    started = time.perf_counter()
    for text in texts:
        _ = text.counts, text.title_terms, text.words
    analyse_s = time.perf_counter() - started
    started, cpu = time.perf_counter(), time.process_time()
    found = sum(len(matcher.matches(text, library.index.idf)) for text in texts)
    match_s, match_cpu = time.perf_counter() - started, time.process_time() - cpu
    candidates = sum(len(percolator.candidates(text.words)) for text in texts)
    n = max(1, len(texts))
    return {
        "sample_articles": len(texts),
        "compile_s": round(compile_s, 3),
        "analyse_ms_per_article": round(1000 * analyse_s / n, 2),
        "match_ms_per_article": round(1000 * match_s / n, 2),
        "match_cpu_ms_per_article": round(1000 * match_cpu / n, 2),
        "candidates_per_article": round(candidates / n, 1),
        "matches_per_article": round(found / n, 2),
    }


# What the profile summary adds up (cumulative seconds): label -> (file, function).
PROFILED = {
    "read subscriptions (once per call)": ("articles/alerts.py", "_subscriptions"),
    "read articles and passages": ("articles/alerts.py", "_articles"),
    "TopicMatcher.matches (incl. compile)": ("articles/topics.py", "matches"),
    "  compile topics + percolator (_for)": ("articles/topics.py", "_for"),
    "  analyse articles (ArticleText._analysed)": ("articles/topics.py", "_analysed"),
    "  match() on candidates": ("articles/topics.py", "match"),
    "    phrases, sites, dates (_passes)": ("articles/topics.py", "_passes"),
    "    the passage that shows why (_showing)": ("articles/topics.py", "_showing"),
    "alert_payload": ("articles/alerts.py", "alert_payload"),
    "write the outbox rows (enqueue_many)": ("articles/outbox.py", "enqueue_many"),
}


def profile_summary(prof: cProfile.Profile) -> dict[str, float]:
    stats: dict[tuple[str, int, str], tuple[Any, ...]] = pstats.Stats(prof).stats  # type: ignore[attr-defined]
    summary = {"match_pending total": 0.0}
    for (filename, _, function), (_, _, _, cumulative, _) in stats.items():
        if function == "match_pending" and filename.endswith("articles/alerts.py"):
            summary["match_pending total"] += cumulative
    for label, (suffix, name) in PROFILED.items():
        summary[label] = sum(
            cumulative
            for (filename, _, function), (_, _, _, cumulative, _) in stats.items()
            if function == name and filename.endswith(suffix)
        )
    return {k: round(v, 3) for k, v in summary.items()}


def per_1000(row: dict[str, Any], name: str, key: str = "seconds") -> float:
    """The call's seconds for 1,000 passages (linear in passages; compiling is not)."""
    seconds, passages = float(row[name][key]), int(row[name]["passages"])
    fixed = min(float(row["parts"]["compile_s"]), seconds) if name == "cold" else 0.0
    return round(fixed + (seconds - fixed) * 1000 / max(1, passages), 3)


def run_size(
    background: Path, workdir: Path, n: int, subs: list[tuple[int, str, str]],
    new: Sequence[corpus.Story], per_batch: int, bulk: bool, profile: int,
) -> dict[str, Any]:  # fmt: skip
    db = workdir / f"n{n}.sqlite3"
    shutil.copy(background, db)
    library = Library.open(f"sqlite:///{db}")
    try:
        subscribe_s = subscribe(library, subs[:n], bulk)
        row: dict[str, Any] = {
            "subscriptions": n,
            "inserted": "bulk rows" if bulk else "subscribe()",
            "subscribe_s": round(subscribe_s, 2),
        }
        start = 0
        for name in ("cold", "warm", "changed"):
            if name == "changed":  # one topic more: only it is compiled, not all N again
                library.subscriptions.subscribe(CHANGED_CHAT, "copper prices", sensitivity="best")
            ids, passages, start = store_passages(library, new, start, per_batch)
            if name == "warm":
                warm_ids = ids
            load = os.getloadavg()[0]
            seconds, cpu, report = timed_match(library)
            row[name] = {
                "articles": report.articles, "passages": passages, "alerts": report.alerts,
                "seconds": round(seconds, 3), "cpu_seconds": round(cpu, 3),
                "alerts_per_article": round(report.alerts / max(1, report.articles), 2),
                "load_before": round(load, 2),
            }  # fmt: skip
        row["parts"] = parts(library, warm_ids)
        calls = ("cold", "warm", "changed")
        row["per_1000_passages"] = {name: per_1000(row, name) for name in calls}
        row["per_1000_passages_cpu"] = {name: per_1000(row, name, "cpu_seconds") for name in calls}
        row["extrapolated"] = per_batch < 1000
        if profile:
            row["profile"] = {"passages": profile}
            for name in ("cold", "warm"):
                if name == "cold":  # a new service: the matcher is compiled again
                    library.alerts = AlertService(library.sessions, library.index)
                _, _, start = store_passages(library, new, start, profile)
                prof = cProfile.Profile()
                timed_match(library, prof)
                row["profile"][name] = profile_summary(prof)
                if name == "warm":
                    out = io.StringIO()
                    pstats.Stats(prof, stream=out).sort_stats(
                        os.environ.get("ALERTS_SORT", "tottime")
                    ).print_stats(int(os.environ.get("ALERTS_TOP", "15")))
                    row["profile"]["warm_top"] = out.getvalue()
        return row
    finally:
        library.close()


def background_library(
    stories: Sequence[corpus.Story], workdir: Path
) -> tuple[Path, dict[str, float]]:
    path = workdir / "background.sqlite3"
    library = Library.open(f"sqlite:///{path}")
    try:
        started = time.perf_counter()
        ids, passages = store(library, stories)
        store_s = time.perf_counter() - started
        started = time.perf_counter()
        drained = library.alerts.match_pending()
        drain_s = time.perf_counter() - started
        assert drained.articles == len(set(ids)) and drained.alerts == 0, (drained, len(ids))
    finally:
        library.close()
    return path, {
        "articles": len(ids), "passages": passages, "store_s": round(store_s, 1),
        "drain_s": round(drain_s, 2),
    }  # fmt: skip


def run(args: argparse.Namespace, stories: list[corpus.Story]) -> dict[str, Any]:
    back, rest = stories[: args.background], stories[args.background :]
    vocab = vocabulary(stories)
    largest = max(args.sizes)
    subs = list(subscriptions(largest, vocab))
    forms = Counter(
        "OR" if " OR " in t else "site:" if "site:" in t else "-word" if " -" in t
        else "phrase" if '"' in t else f"{len(t.split())} word(s)"
        for _, t, _ in subs
    )  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="articlebot-alerts-") as tmp:
        workdir = Path(tmp)
        background, built = background_library(back, workdir)
        rows = []
        for n in args.sizes:
            per_batch = args.passages if n <= args.large_above else args.large_passages
            profile = min(per_batch, PROFILE_PASSAGES) if n in args.profile else 0
            bulk = n > args.service_max
            rows.append(run_size(background, workdir, n, subs, rest, per_batch, bulk, profile))
            print(f"  {n} subscriptions done", file=sys.stderr, flush=True)
    target = next((r for r in rows if r["subscriptions"] == TARGET_SIZE), None)
    verdict = {
        name: target["per_1000_passages"][name] < TARGET_SECONDS if target else None
        for name in ("cold", "warm", "changed")
    }
    return {
        "background": built,
        "vocabulary": len(vocab.words),
        "chats": len({chat for chat, _, _ in subs}),
        "forms": dict(sorted(forms.items())),
        "best_share": round(sum(s == "best" for _, _, s in subs) / len(subs), 2),
        "examples": [t for _, t, _ in subs[:12]],
        "rows": rows,
        "target": {
            "subscriptions": TARGET_SIZE,
            "seconds": TARGET_SECONDS,
            "cold_pass": verdict["cold"],
            "warm_pass": verdict["warm"],
            "changed_pass": verdict["changed"],
        },
    }


def print_report(report: dict[str, Any]) -> None:
    b = report["background"]
    print(
        f"background: {b['articles']} Reuters articles, {b['passages']} passages "
        f"(stored in {b['store_s']} s; pending drained in {b['drain_s']} s)"
    )
    print(
        f"topics: {report['vocabulary']} headline words; {report['chats']} chats for the "
        f"largest size; forms {report['forms']}; {report['best_share']:.0%} best matches only"
    )
    print(f"  first topics: {report['examples']}")
    print(
        "\nmatch_pending() end to end (cold: its first call, which compiles the matcher; warm: "
        "the next batch, matcher kept; changed: the batch after one topic more);\nwall and "
        "CPU seconds; per 1k: scaled to 1,000 "
        "passages (compiling counted once; ~: measured on fewer passages); load: the machine's "
        "1-min load average before the call (2 cores, shared)"
    )
    print(
        f"{'subs':>7} {'inserted':>11} {'ins s':>6} | {'art':>4} {'psg':>5} {'alerts':>6} "
        f"{'cold':>7} {'cpu':>7} {'load':>4} | {'art':>4} {'psg':>5} {'alerts':>6} {'warm':>7} "
        f"{'cpu':>7} {'load':>4} | {'cold/1k':>8} {'warm/1k':>8} {'cpu/1k':>8} {'changed/1k':>10}"
    )
    for r in report["rows"]:
        c, w, k, u = r["cold"], r["warm"], r["per_1000_passages"], r["per_1000_passages_cpu"]
        mark = "~" if r["extrapolated"] else " "
        print(
            f"{r['subscriptions']:>7} {r['inserted']:>11} {r['subscribe_s']:>6.1f} | "
            f"{c['articles']:>4} {c['passages']:>5} {c['alerts']:>6} {c['seconds']:>7.2f} "
            f"{c['cpu_seconds']:>7.2f} {c['load_before']:>4.1f} | {w['articles']:>4} "
            f"{w['passages']:>5} {w['alerts']:>6} {w['seconds']:>7.2f} {w['cpu_seconds']:>7.2f} "
            f"{w['load_before']:>4.1f} | {mark}{k['cold']:>7.2f} {mark}{k['warm']:>7.2f} "
            f"{mark}{u['warm']:>7.1f} {mark}{k['changed']:>9.2f}"
        )
    print(
        "\nparts, a fresh TopicMatcher over the same subscriptions on up to "
        f"{PARTS_SAMPLE} articles of the warm batch"
    )
    print(
        f"{'subs':>7} {'compile s':>9} {'analyse ms/art':>14} {'match ms/art':>12} "
        f"{'(cpu)':>7} {'candidates/art':>14} {'matches/art':>11} {'alerts/art':>10}"
    )
    for r in report["rows"]:
        p, w = r["parts"], r["warm"]
        print(
            f"{r['subscriptions']:>7} {p['compile_s']:>9.2f} {p['analyse_ms_per_article']:>14.1f} "
            f"{p['match_ms_per_article']:>12.1f} {p['match_cpu_ms_per_article']:>7.1f} "
            f"{p['candidates_per_article']:>14.1f} {p['matches_per_article']:>11.2f} "
            f"{w['alerts_per_article']:>10.2f}"
        )
    print(
        "  match: TopicMatcher.matches (percolator candidates, then match() on each); "
        "alerts/art: outbox rows written per article (warm batch)"
    )
    t = report["target"]
    if t["cold_pass"] is not None:
        verdict = {True: "PASS", False: "FAIL"}
        print(
            f"\ntarget: {t['subscriptions']} subscriptions against 1,000 passages in under "
            f"{t['seconds']:g} s (wall): warm {verdict[t['warm_pass']]}, after a change "
            f"{verdict[t['changed_pass']]}, cold {verdict[t['cold_pass']]}"
        )
    for r in report["rows"]:
        prof = r.get("profile")
        if not prof:
            continue
        print(
            f"\nwhere the time goes: {r['subscriptions']} subscriptions, {prof['passages']} "
            "passages per call, cProfile cumulative seconds\n(profiling inflates this "
            "call-heavy code ~3x: read the shares, not the seconds)"
        )
        print(f"  {'part':<46} {'cold':>8} {'warm':>8}")
        for label in prof["cold"]:
            print(f"  {label:<46} {prof['cold'][label]:>8.2f} {prof['warm'][label]:>8.2f}")
        print("  warm call, top functions by own time:")
        top = [line for line in prof["warm_top"].splitlines() if line.strip()][-16:]
        print("\n".join("    " + line for line in top))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Time topic alerts (AlertService.match_pending) for N subscriptions "
        "against ~1,000 new passages.",
        epilog="example:\n  .venv/bin/python bench/alerts.py --sizes 1000,10000,100000\n"
        "  .venv/bin/python bench/alerts.py --smoke --json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--shared", type=Path, default=None, help="the shared/ directory")
    parser.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",")],
                        default=list(SIZES), help="subscription counts (default 1000,10000,"
                        "100000)")  # fmt: skip
    parser.add_argument("--background", type=int, default=3000, help="background stories")
    parser.add_argument("--passages", type=int, default=1000, help="new passages per batch")
    parser.add_argument("--service-max", type=int, default=10_000,
                        help="above this many subscriptions, insert rows in bulk instead of "
                        "calling subscribe() (default 10000)")  # fmt: skip
    parser.add_argument("--large-above", type=int, default=10_000,
                        help="sizes above this run on --large-passages per call, scaled to "
                        "1,000 (default 10000)")  # fmt: skip
    parser.add_argument(
        "--large-passages",
        type=int,
        default=100,
        help="passages per call for the large sizes (default 100)",
    )
    parser.add_argument("--profile", type=lambda s: [int(x) for x in s.split(",")],
                        default=[], metavar="SIZES",
                        help=f"cProfile a cold and a warm call of {PROFILE_PASSAGES} passages "
                        "at these sizes (e.g. 10000)")  # fmt: skip
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, seconds (CI)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    if args.smoke:
        args.background, args.passages = SMOKE["background"], SMOKE["passages"]
        args.sizes = list(SMOKE["sizes"])  # type: ignore[call-overload]
    reuters = corpus.shared_dir(args.shared) / "evaldata" / "news-reuters21578"
    if not reuters.is_dir():
        print(f"error: {reuters} not found; pass --shared DIR", file=sys.stderr)
        return 2
    stories = corpus.load_stories(reuters)
    report = run(args, stories)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_report(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
