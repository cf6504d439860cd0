"""The `articlebot` command: a thin layer over the same services the bot uses."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TextIO

from articles.errors import ArticlebotError, QueryError
from articles.library import IngestResult, Library, SearchResult
from articles.sources.files import bundled_sample_files
from bot.config import Settings, SettingsError, load_settings

log = logging.getLogger("articlebot")

EPILOG_RUN = "example:\n  TELEGRAM_BOT_TOKEN=123456:ABC... articlebot run"
EPILOG_DEMO = (
    "examples:\n  articlebot demo\n"
    '  articlebot demo --say "/start" --say "When was the China-North Korea treaty signed?"'
)
EPILOG_INGEST = (
    "examples:\n  articlebot ingest ~/articles\n  articlebot ingest notes.md page.html --json"
)
EPILOG_SEARCH = (
    'examples:\n  articlebot search "treaty 1961" -k 5\n'
    '  articlebot search --json "Super Bowl"\n'
    "  printf 'treaty\\nsuper bowl\\n' | articlebot search --json -"
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="articlebot",
        description="A Telegram bot that answers questions from the articles you ingest.",
        epilog="Settings come from the environment or .env; see the README.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug details")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    fmt = argparse.RawDescriptionHelpFormatter

    commands.add_parser(
        "run",
        help="run the bot on Telegram (long polling)",
        epilog=EPILOG_RUN,
        formatter_class=fmt,
        description="Run the bot on Telegram with long polling until Ctrl+C. "
        "Needs TELEGRAM_BOT_TOKEN.",
    )
    demo = commands.add_parser(
        "demo",
        help="chat with the bot in this terminal (no token, no network)",
        epilog=EPILOG_DEMO,
        formatter_class=fmt,
        description="Run the real bot against a local stand-in of the Telegram Bot API over "
        "the bundled sample articles (and anything you ingested), and chat in the terminal.",
    )
    demo.add_argument(
        "--say",
        action="append",
        default=[],
        metavar="TEXT",
        help="send TEXT as the user, print the replies, and exit (repeatable)",
    )

    ingest = commands.add_parser(
        "ingest",
        help="add .txt, .md and .html article files",
        epilog=EPILOG_INGEST,
        formatter_class=fmt,
        description="Add article files, or every article file under a directory. "
        "An article already stored (same file or same text) is reported as a duplicate.",
    )
    ingest.add_argument("paths", nargs="+", type=Path, metavar="PATH_OR_DIR")
    ingest.add_argument("--json", action="store_true", help="print one JSON object per source")
    ingest.add_argument(
        "--language",
        metavar="CODE",
        help="the articles' language as an ISO 639-1 code (e.g. de); default: declared or detected",
    )

    search = commands.add_parser(
        "search",
        help="print the best passages for a query",
        epilog=EPILOG_SEARCH,
        formatter_class=fmt,
        description="Search the stored articles, best passages first.",
    )
    search.add_argument(
        "query", metavar="QUERY", help='the query; "-" reads one per line from stdin'
    )
    search.add_argument(
        "-k", type=int, default=5, metavar="N", help="how many passages (default 5)"
    )
    search.add_argument("--json", action="store_true", help="print a JSON array of hits")
    commands.add_parser(
        "reindex",
        help="rebuild the search index from the database and save it",
        epilog="example:\n  articlebot reindex",
        formatter_class=fmt,
        description="Rebuild the search index from the stored passages (the database is the "
        "truth), merge it into one segment and save it under the data dir. Not needed in "
        "normal use: a missing or damaged index is rebuilt on start.",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # Opt in to PTB's timedelta retry_after now; otherwise every 429 logs a deprecation warning.
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # httpx logs every request URL, and the bot token is part of each Bot API URL.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    try:
        settings = load_settings()
        command = {
            "run": _run,
            "demo": _demo,
            "ingest": _ingest,
            "search": _search,
            "reindex": _reindex,
        }[args.command]
        return command(settings, args)
    except (ArticlebotError, SettingsError) as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _run(settings: Settings, _args: argparse.Namespace) -> int:
    from bot.app import ALLOWED_UPDATES, build_application

    token = settings.require_token()
    library = _open_library(settings)
    log.info("library: %d articles, %d passages", *_counts(library))
    application = build_application(settings, library, token=token)
    application.run_polling(allowed_updates=ALLOWED_UPDATES)
    library.close()
    return 0


def _demo(settings: Settings, args: argparse.Namespace) -> int:
    from bot.demo import run_demo

    logging.getLogger().setLevel(logging.DEBUG if args.verbose else logging.WARNING)
    library = _open_library(settings)
    try:
        results = library.ingest_paths(bundled_sample_files())
        added = sum(r.status == "added" for r in results)
        articles, passages = _counts(library)
        print(
            f"Library: {articles} articles, {passages} passages "
            f"({added} sample articles added now). Database: {settings.database_url}",
            file=sys.stderr,
        )
        asyncio.run(run_demo(settings, library, say=args.say, interactive=not args.say))
    finally:
        library.close()
    return 0


def _ingest(settings: Settings, args: argparse.Namespace) -> int:
    if args.language is not None and not re.fullmatch(r"[a-z]{2,3}", args.language):
        raise SettingsError(
            f"--language {args.language!r} is not an ISO 639-1 code; use e.g. en, de, fr"
        )
    library = _open_library(settings)
    try:
        results = library.ingest_paths(
            args.paths,
            progress=lambda n, total, r: _progress(n, total, r, sys.stderr),
            language=args.language,
        )
    finally:
        library.close()
    for result in results:
        if args.json:
            print(json.dumps(asdict(result), ensure_ascii=False))
    counts = {
        s: sum(r.status == s for r in results) for s in ("added", "updated", "duplicate", "failed")
    }
    print(", ".join(f"{n} {s}" for s, n in counts.items()), file=sys.stderr)
    if not results:
        print("Error: no article files (.txt, .md, .html) found there", file=sys.stderr)
        return 1
    return 1 if counts["failed"] else 0


def _progress(number: int, total: int, result: IngestResult, out: TextIO) -> None:
    width = 20
    filled = width * number // max(total, 1)
    detail = (
        result.error
        if result.status == "failed"
        else f"{result.title} ({result.passages} passages)"
    )
    print(
        f"[{'#' * filled}{'.' * (width - filled)}] {number}/{total} {result.status}: "
        f"{result.source}: {detail}",
        file=out,
        flush=True,
    )


def _search(settings: Settings, args: argparse.Namespace) -> int:
    library = _open_library(settings)
    try:
        if args.query == "-":
            for line in sys.stdin:
                if not line.strip():
                    continue
                try:
                    result = library.search(line, k=args.k)
                except QueryError as exc:
                    # One bad line must not end a batch: answer it with no hits and say why.
                    print(f"Error: {line.strip()[:80]!r}: {exc}", file=sys.stderr)
                    result = SearchResult(line.strip(), (), ())
                _print_result(result, args.json)
        else:
            _print_result(library.search(args.query, k=args.k), args.json)
    finally:
        library.close()
    return 0


def _print_result(result: SearchResult, as_json: bool) -> None:
    for note in result.notes:
        print(f"Note: {note}", file=sys.stderr)
    if as_json:
        hits = [
            {
                "rank": h.rank,
                "score": h.score,
                "passage_id": h.passage_id,
                "article_id": h.article_id,
                "title": h.title,
                "site": h.site,
                "url": h.url,
                "excerpt": h.excerpt,
            }
            for h in result.hits
        ]
        print(json.dumps(hits, ensure_ascii=False), flush=True)
        return
    if not result.hits:
        print(f"No passage matches {result.query!r}.")
    for hit in result.hits:
        print(f"{hit.rank}. {hit.title}  (score {hit.score:.3f})")
        print(f"   {hit.site + ' · ' if hit.site else ''}{hit.url}")
        print("   " + hit.excerpt.replace("\n", "\n   ") + "\n")


def _reindex(settings: Settings, _args: argparse.Namespace) -> int:
    library = _open_library(settings)
    try:
        library.index.rebuild()
        articles, passages = _counts(library)
    finally:
        library.close()
    print(f"Index rebuilt and saved: {articles} articles, {passages} passages.", file=sys.stderr)
    return 0


def _open_library(settings: Settings) -> Library:
    return Library.open(settings.database_url, index_dir=settings.data_dir / "index")


def _counts(library: Library) -> tuple[int, int]:
    stats = library.stats()
    return stats.articles, stats.passages


if __name__ == "__main__":
    sys.exit(main())
