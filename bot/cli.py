"""The `articlebot` command: a thin layer over the same services the bot uses."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import NoReturn, TextIO

from tqdm import tqdm

from articles.errors import ArticlebotError, QueryError
from articles.library import FetchPolicy, Hit, IngestResult, Library, SearchResult
from articles.search import ENGINES, MAX_K
from articles.sources.files import bundled_sample_files
from bot import cli_feeds
from bot.config import Settings, load_settings
from bot.logs import setup_logging
from index import SUPPORTED_LANGUAGES

log = logging.getLogger("articlebot")

EPILOG_RUN = "example:\n  TELEGRAM_BOT_TOKEN=123456:ABC... articlebot run"
EPILOG_DEMO = (
    "examples:\n  articlebot demo\n"
    '  articlebot demo --say "/start" --say "When was the China-North Korea treaty signed?"'
)
EPILOG_INGEST = (
    "examples:\n  articlebot ingest ~/articles\n  articlebot ingest notes.md page.html --json\n"
    "  articlebot ingest https://example.com/news/story.html ~/articles"
)
EPILOG_SEARCH = (
    'examples:\n  articlebot search "treaty 1961" -k 5\n'
    '  articlebot search --json "Super Bowl"\n'
    '  articlebot search -- "-korea treaty"   (a query that starts like an option)\n'
    "  printf 'treaty\\nsuper bowl\\n' | articlebot search --json -\n"
    '  articlebot search --engine rank-bm25 --json "treaty"'
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="articlebot",
        description="A Telegram bot that answers questions from the articles you ingest.",
        epilog="Settings come from the environment or .env; see the README.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug details")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
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
        help="add article files (.txt, .md, .html) and web pages by URL",
        epilog=EPILOG_INGEST,
        formatter_class=fmt,
        description="Add article files, every article file under a directory, and web pages "
        "(http:// or https:// links: fetched, their main text extracted). An article already "
        "stored (same address or same text) is reported as a duplicate; new text at a known "
        "address replaces the old (updated).",
    )
    ingest.add_argument("paths", nargs="+", metavar="PATH_DIR_OR_URL")
    ingest.add_argument("--json", action="store_true", help="print one JSON object per source")
    ingest.add_argument(
        "--language",
        metavar="CODE",
        type=_language,
        help="the articles' language as an ISO 639-1 code (e.g. de); default: declared or detected",
    )

    search = commands.add_parser(
        "search",
        help="print the best passages for a query",
        epilog=EPILOG_SEARCH,
        formatter_class=fmt,
        description="Search the stored articles, best passages first. A query may start with "
        '"-" (-word leaves out passages with the word): articlebot search "-china treaty". '
        'When it starts like an option (-k..., -h..., --...), put it after "--": '
        'articlebot search -- "-korea treaty".',
    )
    # Optional to argparse only so that a query like "-oil" can be taken from the unknown
    # arguments (see _parse_args); a missing query is still an error.
    search.add_argument(
        "query",
        nargs="?",
        metavar="QUERY",
        help='the query; "-" reads one per line from stdin (one result line per input line)',
    )
    search.add_argument(
        "-k",
        type=_k_argument,
        default=5,
        metavar="N",
        help=f"how many passages, 1 to {MAX_K} (default 5)",
    )
    search.add_argument(
        "--json",
        action="store_true",
        help="print a JSON array of hits (or an error object) per query",
    )
    search.add_argument(
        "--engine",
        choices=ENGINES,
        default="bm25",
        help="bm25 (default) is the tuned ranking; okapi and rank-bm25 rank every stored "
        "passage with plain BM25, ours and the rank_bm25 package's, which must agree: "
        "a slow check, not a mode",
    )
    search.set_defaults(command_parser=search)
    cli_feeds.add_parser(commands, fmt)
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


def _version() -> str:
    try:
        return version("articlebot")
    except PackageNotFoundError:
        return "(not installed: pip install -e .)"


def _k_argument(text: str) -> int:
    """`-k`: a whole number of passages from 1 to MAX_K, else a usage error."""
    try:
        k = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a number; use a whole number from 1 to {MAX_K} "
            '(to search for a word that starts with "-k", put the query after --)'
        ) from None
    if not 1 <= k <= MAX_K:
        raise argparse.ArgumentTypeError(f"{k} is out of range; use 1 to {MAX_K}")
    return k


def _parse_args(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace:
    """Parse `argv`, letting the query syntax's -word through: `search -oil` searches "-oil"
    when it is no option, and `demo --say -oil` says "-oil"."""
    args, unknown = parser.parse_known_args(_say_verbatim(argv))
    if args.command != "search":
        if unknown:
            parser.error(f"unrecognized arguments: {' '.join(unknown)}")
        return args
    search: argparse.ArgumentParser = args.command_parser
    if args.query is None and len(unknown) == 1 and not unknown[0].startswith("--"):
        args.query, unknown = unknown[0], []
    if unknown:
        search.error(
            f"unrecognized arguments: {' '.join(unknown)} (a query that starts with "
            f'"-" goes in quotes after --: articlebot search -- "-word other words")'
        )
    if args.query is None:
        search.error("the following arguments are required: QUERY")
    return args


def _say_verbatim(argv: list[str]) -> list[str]:
    """`demo --say TEXT` as `--say=TEXT`, so that a TEXT starting with "-" is no option."""
    out: list[str] = []
    command: str | None = None
    words = iter(argv)
    for word in words:
        if word == "--":
            out += [word, *words]
            break
        if command is None and not word.startswith("-"):
            command = word
        elif command == "demo" and word == "--say":
            text = next(words, None)
            out.append(word if text is None else f"--say={text}")
            continue
        out.append(word)
    return out


def _language(value: str) -> str:
    """An ISO 639-1 code the analyzer knows (a stemmer, or CJK bigrams): a usage error else."""
    code = value.strip().lower()
    if code not in SUPPORTED_LANGUAGES:
        raise argparse.ArgumentTypeError(
            f"unknown language {value!r}; use one of {', '.join(sorted(SUPPORTED_LANGUAGES))}"
        )
    return code


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(build_parser(), list(sys.argv[1:] if argv is None else argv))
    # Opt in to PTB's timedelta retry_after now; otherwise every 429 logs a deprecation warning.
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    redact = setup_logging(args.verbose)
    try:
        settings = load_settings()
        redact.set_secrets(settings.secrets())
        command = {
            "run": _run,
            "demo": _demo,
            "ingest": _ingest,
            "search": _search,
            "reindex": _reindex,
            "feeds": _feeds,
        }[args.command]
        return command(settings, args)
    except ArticlebotError as exc:  # SettingsError is one too
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _run(settings: Settings, _args: argparse.Namespace) -> int:
    from bot.app import build_application, serve

    token = settings.require_token()
    library = _open_library(settings)
    try:
        log.info("library: %d articles, %d passages", *_counts(library))
        application = build_application(settings, library, token=token)
        # Until Ctrl+C or SIGTERM, however long the Bot API stays unreachable.
        asyncio.run(serve(application, settings.telegram_api_base_url))
    finally:
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
            f"({added} sample articles added now). Database: {settings.shown_database_url}",
            file=sys.stderr,
        )
        asyncio.run(run_demo(settings, library, say=args.say, interactive=not args.say))
    finally:
        library.close()
    return 0


def _ingest(settings: Settings, args: argparse.Namespace) -> int:
    library = _open_library(settings)
    progress = IngestProgress(sys.stderr)
    try:
        results = library.ingest_paths(args.paths, progress=progress, language=args.language)
    finally:
        progress.close()
        library.close()
    for result in results:
        if args.json:
            print(json.dumps(asdict(result), ensure_ascii=False))
    counts = {
        s: sum(r.status == s for r in results) for s in ("added", "updated", "duplicate", "failed")
    }
    print(", ".join(f"{n} {s}" for s, n in counts.items()), file=sys.stderr)
    if not results:
        print(
            "Error: no article files (.txt, .md, .html) found there; give files, folders "
            "or http(s):// links",
            file=sys.stderr,
        )
        return 1
    return 1 if counts["failed"] else 0


class IngestProgress:
    """Ingest progress on `out`: a tqdm bar on a terminal (failures printed above it), else
    one plain line per file for scripts to read."""

    def __init__(self, out: TextIO) -> None:
        self._out = out
        self._terminal = out.isatty()
        self._bar: tqdm[NoReturn] | None = None

    def __call__(self, number: int, total: int, result: IngestResult) -> None:
        detail = (
            (result.error or "")
            if result.status == "failed"
            else f"{result.title} ({result.passages} passages)"
        )
        line = f"{number}/{total} {result.status}: {escaped(result.source)}: {escaped(detail)}"
        if not self._terminal:
            print(line, file=self._out, flush=True)
            return
        if self._bar is None:
            self._bar = tqdm(total=total, file=self._out, unit="file", dynamic_ncols=True)
        if result.status == "failed":
            self._bar.write(line, file=self._out)
        self._bar.set_postfix_str(escaped(Path(result.source).name or result.source), refresh=False)
        self._bar.update(1)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


# Bidi controls reorder the text around them on a terminal (a name could hide its extension).
_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# Control characters, line and paragraph separators, and the lone surrogates that stand for
# undecodable bytes in file names (printing them raises UnicodeEncodeError).
_ESCAPED_CATEGORIES = frozenset({"Cc", "Zl", "Zp", "Cs"})


def escaped(text: str) -> str:
    """`text` with control, separator and bidi characters escaped as repr() writes them, so
    a file name or title stays on its line and reads in its order."""
    return "".join(
        repr(ch)[1:-1]
        if ch in _BIDI_CONTROLS or unicodedata.category(ch) in _ESCAPED_CATEGORIES
        else ch
        for ch in text
    )


def _search(settings: Settings, args: argparse.Namespace) -> int:
    library = _open_library(settings)
    failures = 0
    try:
        if args.query == "-":
            for line in sys.stdin:
                query = line.rstrip("\r\n")
                if not any(ch.isalnum() for ch in query):
                    # Nothing to search (blank, or no letter or digit): still one line out.
                    if args.json:
                        print("[]", flush=True)
                    continue
                failures += not _search_one(library, query, args)
        else:
            failures += not _search_one(library, args.query, args)
    finally:
        library.close()
    return 1 if failures else 0


def _search_one(library: Library, query: str, args: argparse.Namespace) -> bool:
    """Print the hits for one query, or its error (as JSON with --json); False if it failed."""
    try:
        result = library.search(query, k=args.k, engine=args.engine)
    except QueryError as exc:
        # repr() escapes the query's control and bidi characters; the JSON keeps it whole.
        print(f"Error: {query.strip()[:80]!r}: {exc}", file=sys.stderr, flush=True)
        if args.json:
            error = {"error": exc.message, "query": query}
            print(json.dumps(error, ensure_ascii=False), flush=True)
        return False
    _print_result(result, args.json)
    return True


def _print_result(result: SearchResult, as_json: bool) -> None:
    for note in result.notes:
        print(f"Note: {note}", file=sys.stderr)
    if as_json:
        print(json.dumps([_hit_json(h) for h in result.hits], ensure_ascii=False), flush=True)
        return
    if not result.hits:
        print(f"No passage matches {result.query!r}.")
    for hit in result.hits:
        print(f"{hit.rank}. {escaped(hit.title)}  (score {hit.score:.3f})")
        print(f"   {escaped(hit.site) + ' · ' if hit.site else ''}{escaped(hit.url)}")
        print("   " + hit.excerpt.replace("\n", "\n   ") + "\n")


def _hit_json(hit: Hit) -> dict[str, object]:
    return {
        "rank": hit.rank,
        "score": hit.score,
        "passage_id": hit.passage_id,
        "article_id": hit.article_id,
        "title": hit.title,
        "site": hit.site,
        "url": hit.url,
        "published": hit.published_on.isoformat() if hit.published_on else None,
        "excerpt": hit.excerpt,
        "text": hit.text,
        "link": hit.link or hit.url,
        "coverage": round(hit.coverage, 4),
    }


def _reindex(settings: Settings, _args: argparse.Namespace) -> int:
    library = _open_library(settings)
    try:
        library.index.rebuild()
        articles, passages = _counts(library)
    finally:
        library.close()
    print(f"Index rebuilt and saved: {articles} articles, {passages} passages.", file=sys.stderr)
    return 0


def _feeds(settings: Settings, args: argparse.Namespace) -> int:
    return cli_feeds.run(args, lambda: _open_library(settings))


def _open_library(settings: Settings) -> Library:
    return Library.open(
        settings.database_url,
        index_dir=settings.data_dir / "index",
        fetch_policy=FetchPolicy(allow_private=settings.allow_private_urls),
    )


def _counts(library: Library) -> tuple[int, int]:
    stats = library.stats()
    return stats.articles, stats.passages


if __name__ == "__main__":
    sys.exit(main())
