"""What a filter costs: the product's search with site:, -word, since: and "phrase" filters
against the same questions unfiltered, on a library of Reuters-21578 passages.

The library is built through the product's own ingest path (Library.add_article into a temp
SQLite database) and searched through Library.search, as the bot and `articlebot search` do;
only the articles' site names and dates are invented (20 sites, two years of days), so that
site: and date filters have something to select.

Example:
    python bench/filters.py --passages 100000 --queries 100
    python bench/filters.py --smoke --json      # 2,000 passages, 10 queries: what CI runs
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere
sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus

from articles.extracted import Extracted
from articles.library import Library

SITES = 20
PARAGRAPHS_PER_ARTICLE = 4
FIRST_DAY = date(2023, 1, 1)
DAYS = 730
K = 10
SMOKE_PASSAGES, SMOKE_QUERIES = 2_000, 10
# Each filter applied to every question; "{q}" is the question.
FILTERS: dict[str, str] = {
    "unfiltered": "{q}",
    "site: one of 20": "{q} site:site7.example",
    "site: no such site": "{q} site:nowhere.example",
    "-said (most passages)": "{q} -said",
    "-first word": "{q} -{first}",
    "since: last 3 months": "{q} since:2024-10-01",
    "before: + site:": "{q} before:2023-07-01 site:site3.example",
    '"phrase" of two words': '"{two}" {q}',
}


def build(
    library: Library, source: corpus.Source, passages: int, log: Callable[[str], None]
) -> None:
    """Articles of PARAGRAPHS_PER_ARTICLE Reuters passages each, until `passages` are stored
    (short paragraphs share a passage, so more paragraphs than passages are planned)."""
    plan = corpus.passage_plan(source, passages * 3 // 2)
    start = time.perf_counter()
    for n, first in enumerate(range(0, len(plan), PARAGRAPHS_PER_ARTICLE)):
        chunks = plan[first : first + PARAGRAPHS_PER_ARTICLE]
        text = "\n\n".join(" ".join(source.sentences[i] for i in chunk) for chunk in chunks)
        site = f"site{n % SITES}.example"
        day = FIRST_DAY + timedelta(days=(n * 37) % DAYS)
        url = f"https://{site}/{n}"
        article = Extracted(f"Story {n}", text, site, "en", None, day.isoformat())
        result = library.add_article(article, url=url, kind="url", source=url)
        if result.status == "failed":
            raise RuntimeError(result.error)
        if n % 100 == 0:
            stored = library.stats().passages
            if n % 2000 == 0:
                log(f"  {stored:,} of {passages:,} passages, {time.perf_counter() - start:.0f} s")
            if stored >= passages:
                return


def questions(source: corpus.Source, n: int) -> list[tuple[str, str, str]]:
    """(question, its first word, its first two words) for held-out headlines."""
    out = []
    for title in source.queries:
        words = [w for w in title.split() if w.isalpha() and len(w) > 3]
        if len(words) >= 2:
            out.append((title.lower(), words[0].lower(), f"{words[0]} {words[1]}".lower()))
        if len(out) == n:
            break
    return out


def measure(library: Library, qs: Sequence[tuple[str, str, str]]) -> dict[str, dict[str, float]]:
    rows: dict[str, dict[str, float]] = {}
    for name, pattern in FILTERS.items():
        times, found = [], 0
        for q, first, two in qs:
            query = pattern.format(q=q, first=first, two=two)
            start = time.perf_counter()
            try:
                hits = library.search(query, k=K).hits
            except Exception:  # a question of stop words only, say: no time to report
                continue
            times.append((time.perf_counter() - start) * 1000)
            found += len(hits)
        rows[name] = {
            "p50_ms": float(np.percentile(times, 50)),
            "p95_ms": float(np.percentile(times, 95)),
            "hits_per_query": found / max(len(times), 1),
        }
    base = rows["unfiltered"]
    for row in rows.values():
        row["p95_ratio"] = row["p95_ms"] / base["p95_ms"]
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--smoke", action="store_true", help="2,000 passages, 10 queries")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    parser.add_argument("--shared", type=Path, default=None, help="the shared/ directory")
    args = parser.parse_args(argv)
    if args.smoke:
        args.passages, args.queries = SMOKE_PASSAGES, SMOKE_QUERIES

    def log(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    source = corpus.load_source(corpus.shared_dir(args.shared) / "evaldata" / "news-reuters21578")
    with tempfile.TemporaryDirectory() as tmp:
        library = Library.open(f"sqlite:///{tmp}/filters.sqlite3")
        log(f"building a library of {args.passages:,} passages through Library.add_article")
        build(library, source, args.passages, log)
        stats = library.stats()
        log(f"library: {stats.articles:,} articles, {stats.passages:,} passages")
        rows = measure(library, questions(source, args.queries))
        library.close()
    if args.json:
        print(json.dumps({"passages": stats.passages, "rows": rows}))
        return 0
    print(f"{stats.passages:,} passages, {args.queries} questions, top {K}, one thread")
    print(f"{'filter':<24} {'p50 ms':>8} {'p95 ms':>8} {'p95 / unfiltered':>17} {'hits':>6}")
    for name, row in rows.items():
        print(
            f"{name:<24} {row['p50_ms']:8.2f} {row['p95_ms']:8.2f} "
            f"{row['p95_ratio']:17.2f} {row['hits_per_query']:6.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
