"""`articlebot feeds …`: follow, list, poll, import and export feeds from the command line."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn, TextIO

from tqdm import tqdm

from articles.errors import ArticlebotError
from articles.feeding import FeedInfo, PollResult, opml_feed_urls
from articles.library import Library
from bot.render import when

EPILOG = (
    "examples:\n"
    "  articlebot feeds add https://example.com/feed.xml\n"
    "  articlebot feeds add https://example.com/      (a page naming its feed)\n"
    "  articlebot feeds list --json\n"
    "  articlebot feeds poll\n"
    "  articlebot feeds import subscriptions.opml\n"
    "  articlebot feeds export > feeds.opml\n"
    "  articlebot feeds remove 3"
)


def add_parser(commands: Any, fmt: type[argparse.HelpFormatter]) -> None:
    feeds = commands.add_parser(
        "feeds",
        help="follow RSS, Atom and JSON feeds",
        epilog=EPILOG,
        formatter_class=fmt,
        description="Follow feeds: their entries become articles (the whole article: an "
        "entry that only teases is completed from its page). Adding a feed indexes its "
        "current entries at once; the running bot polls every feed on its own schedule.",
    )
    actions = feeds.add_subparsers(dest="feeds_command", metavar="ACTION", required=True)
    add = actions.add_parser(
        "add",
        help="follow a feed (or the feed a page names)",
        epilog="example:\n  articlebot feeds add https://example.com/feed.xml",
        formatter_class=fmt,
    )
    add.add_argument("url", metavar="URL")
    add.add_argument("--json", action="store_true", help="print the feed and the poll as JSON")
    listing = actions.add_parser(
        "list",
        help="the followed feeds: last success, last error, next poll",
        epilog="example:\n  articlebot feeds list --json",
        formatter_class=fmt,
    )
    listing.add_argument("--json", action="store_true", help="print one JSON object per feed")
    remove = actions.add_parser(
        "remove",
        help="stop following a feed (its articles stay)",
        epilog="example:\n  articlebot feeds remove 3",
        formatter_class=fmt,
    )
    remove.add_argument("feed_id", type=int, metavar="ID", help="the id `feeds list` shows")
    poll = actions.add_parser(
        "poll",
        help="poll every feed once, now (whatever its schedule; still conditional GET)",
        epilog="example:\n  articlebot feeds poll --json",
        formatter_class=fmt,
    )
    poll.add_argument("--json", action="store_true", help="print one JSON object per feed")
    opml_in = actions.add_parser(
        "import",
        help="follow every feed of an OPML file",
        epilog="example:\n  articlebot feeds import subscriptions.opml",
        formatter_class=fmt,
    )
    opml_in.add_argument("file", type=Path, metavar="FILE.opml")
    opml_in.add_argument("--json", action="store_true", help="print one JSON object per feed")
    actions.add_parser(
        "export",
        help="print the followed feeds as OPML",
        epilog="example:\n  articlebot feeds export > feeds.opml",
        formatter_class=fmt,
    )


def run(args: argparse.Namespace, open_library: Callable[[], Library]) -> int:
    library = open_library()
    try:
        action = {
            "add": _add,
            "list": _list,
            "remove": _remove,
            "poll": _poll,
            "import": _import,
            "export": _export,
        }[args.feeds_command]
        return action(library, args)
    finally:
        library.close()


def _add(library: Library, args: argparse.Namespace) -> int:
    info, result = library.feeds.add(args.url)
    if args.json:
        print(json.dumps({"feed": _info_json(info), "poll": asdict(result)}, ensure_ascii=False))
    print(
        f"Following feed {info.id}: {info.title or info.url} ({info.url}); {_counts(result)}",
        file=sys.stderr,
    )
    return 0


def _list(library: Library, args: argparse.Namespace) -> int:
    feeds = library.feeds.feeds()
    for info in feeds:
        if args.json:
            print(json.dumps(_info_json(info), ensure_ascii=False))
        else:
            print(
                f"{info.id}  {info.title or '(no title)'}  {info.url}\n"
                f"    {info.entries} entries · last success {when(info.last_success_at)}"
                f" · next poll {when(info.next_poll_at)}"
                + (
                    f"\n    last error ({info.failures} in a row): {info.last_error}"
                    if info.last_error
                    else ""
                )
            )
    if not feeds and not args.json:
        print("No feeds yet. Follow one with: articlebot feeds add URL", file=sys.stderr)
    return 0


def _remove(library: Library, args: argparse.Namespace) -> int:
    info = library.feeds.remove(args.feed_id)
    print(f"Stopped following feed {info.id}: {info.title or info.url}", file=sys.stderr)
    return 0


def _poll(library: Library, args: argparse.Namespace) -> int:
    progress = PollProgress(sys.stderr)
    try:
        results = library.feeds.poll(progress=progress)
    finally:
        progress.close()
    for result in results:
        if args.json:
            print(json.dumps(asdict(result), ensure_ascii=False))
    failed = sum(r.status == "failed" for r in results)
    added = sum(r.added for r in results)
    print(
        f"{len(results)} feeds polled: {added} articles added, {failed} feeds failed",
        file=sys.stderr,
    )
    return 1 if failed else 0


def _import(library: Library, args: argparse.Namespace) -> int:
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        raise ArticlebotError(f"cannot read {args.file}: {exc.strerror}") from exc
    urls = opml_feed_urls(data)
    if not urls:
        raise ArticlebotError(f"{args.file} names no feed (no <outline xmlUrl=…>)")
    failed = 0
    for url in urls:
        try:
            info, result = library.feeds.add(url)
            row: dict[str, object] = {"url": url, "status": "added", "feed_id": info.id,
                                      "articles": result.added}  # fmt: skip
        except ArticlebotError as exc:
            failed += 1
            row = {"url": url, "status": "failed", "error": str(exc)}
        if args.json:
            print(json.dumps(row, ensure_ascii=False))
        else:
            print(f"{row['status']}: {url}" + (f": {row['error']}" if "error" in row else ""))
    print(f"{len(urls) - failed} of {len(urls)} feeds followed", file=sys.stderr)
    return 1 if failed else 0


def _export(library: Library, _args: argparse.Namespace) -> int:
    sys.stdout.write(library.feeds.export_opml())
    return 0


def _info_json(info: FeedInfo) -> dict[str, object]:
    return {
        key: value.isoformat() if isinstance(value, datetime) else value
        for key, value in asdict(info).items()
    }


def _counts(result: PollResult) -> str:
    if result.status == "failed":
        return f"the poll failed: {result.error}"
    return (
        f"{result.added} articles added, {result.duplicate} already stored, "
        f"{result.failed} entries failed"
        + (f", {result.pending} for the next poll" if result.pending else "")
    )


class PollProgress:
    """A bar on a terminal (failures printed above it), else one line per feed."""

    def __init__(self, out: TextIO) -> None:
        self._out = out
        self._bar: tqdm[NoReturn] | None = None

    def __call__(self, number: int, total: int, result: PollResult) -> None:
        line = f"{number}/{total} {result.status}: {result.url}: " + _counts(result)
        if not self._out.isatty():
            print(line, file=self._out, flush=True)
            return
        if self._bar is None:
            self._bar = tqdm(total=total, file=self._out, unit="feed", dynamic_ncols=True)
        if result.status == "failed":
            self._bar.write(line, file=self._out)
        self._bar.update(1)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
