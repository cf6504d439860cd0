"""Feeds and pages through the product's own path, served from a local HTTP server.

robustness: every file of feeds-feedparser-tests (2,107) and feeds-rss-parser-realworld (31)
is served on loopback (with the `Header:` lines the feedparser cases declare) and followed
with `Library.feeds.add`, the path `articlebot feeds add` and the bot take: each one ends
followed (with entries or none) or refused with a reason; a crash is a bug and fails the run.

speed: N article pages by URL (`Library.ingest_paths`), then F feeds of E entries each whose
entries only tease (so each page is fetched), end to end: fetch → extract → passages →
stored → searchable; pages per second and where the time goes.

Links to other hosts never leave the machine: they get a 404 from the transport.

Example:
    .venv/bin/python bench/feeds.py                      # both parts, a few minutes
    .venv/bin/python bench/feeds.py --smoke --json       # CI size
    .venv/bin/python bench/feeds.py --part speed --pages 1000 --feeds 200 --entries 20
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere
sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus
import httpx

from articles.errors import ArticlebotError
from articles.library import FetchPolicy, Library
from tests.pages_server import PagesServer, article_page, rss, serving

_HEADER = re.compile(r"^Header:\s*([\w-]+):\s*(.*?)\s*$", re.MULTILINE)


class LoopbackOnly(httpx.BaseTransport):
    """The real network to 127.0.0.1, a 404 for every other host (no internet here)."""

    def __init__(self) -> None:
        self._real = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.host == "127.0.0.1":
            return self._real.handle_request(request)
        return httpx.Response(404, request=request)

    def close(self) -> None:
        pass  # shared by every client the library makes (one per poll worker): kept open

    def shutdown(self) -> None:
        self._real.close()


def serve_files(server: PagesServer, files: Sequence[Path], root: Path) -> list[str]:
    paths = []
    for number, file in enumerate(files):
        data = file.read_bytes()
        head = data[:2000].decode("latin-1")
        headers = dict(_HEADER.findall(head)) if head.lstrip().startswith("<!--") else {}
        kind = headers.pop("Content-type", headers.pop("Content-Type", "application/xml"))
        path = f"/{number}/{file.relative_to(root).as_posix()}"

        def answer(handler: Any, data: bytes = data, kind: str = kind,
                   extra: dict[str, str] = headers) -> None:  # fmt: skip
            handler.send_response(200)
            handler.send_header("Content-Type", kind)
            for name, value in extra.items():
                if name.lower() not in ("content-length", "content-encoding"):
                    handler.send_header(name, value)
            handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            handler.wfile.write(data)

        server.routes[path] = answer
        paths.append(path)
    return paths


def robustness(shared: Path, limit: int | None, workdir: Path) -> dict[str, Any]:
    sets = {
        "feedparser-tests": shared / "evaldata" / "feeds-feedparser-tests",
        "rss-parser-realworld": shared / "evaldata" / "feeds-rss-parser-realworld" / "input",
    }
    report: dict[str, Any] = {}
    for name, root in sets.items():
        files = sorted(
            p for p in root.rglob("*")
            if p.is_file() and p.name != "MANIFEST.json"
            and p.suffix.lower() in (".xml", ".rss", ".atom", ".rdf", ".json")
        )[:limit]  # fmt: skip
        counts: Counter[str] = Counter()
        errors: Counter[str] = Counter()
        crashes: list[str] = []
        started = time.perf_counter()
        transport = LoopbackOnly()
        library = Library.open(f"sqlite:///{workdir / (name + '.sqlite3')}", None,
                               FetchPolicy(allow_private=True), transport)  # fmt: skip
        try:
            with serving() as server:
                for file, path in zip(files, serve_files(server, files, root), strict=True):
                    try:
                        _, result = library.feeds.add(server.url(path))
                        counts["followed, with entries" if result.added + result.duplicate
                               else "followed, no entries"] += 1  # fmt: skip
                        counts["entries stored"] += result.added
                        counts["entries refused"] += result.failed
                    except ArticlebotError as exc:
                        counts["refused with a reason"] += 1
                        errors[re.sub(r"https?://\S+", "URL", str(exc))[:80]] += 1
                    except Exception as exc:  # the bug this part looks for
                        crashes.append(f"{file.relative_to(root)}: {type(exc).__name__}: {exc}")
                # and once more through the scheduled path: every feed polled again
                polled = library.feeds.poll()
                counts["polls failed"] = sum(r.status == "failed" for r in polled)
                poll_errors = Counter(
                    re.sub(r"https?://\S+", "URL", r.error or "")[:80]
                    for r in polled
                    if r.status == "failed"
                )
        finally:
            library.close()
            transport.shutdown()
        report[name] = {
            "files": len(files),
            "counts": dict(counts),
            "top_refusals": dict(errors.most_common(6)),
            "top_poll_errors": dict(poll_errors.most_common(6)),
            "crashes": crashes,
            "seconds": round(time.perf_counter() - started, 1),
        }
    return report


def speed(pages: int, feeds: int, entries: int, workdir: Path, profile: bool) -> dict[str, Any]:
    stories = corpus.load_stories(corpus.shared_dir(None) / "evaldata" / "news-reuters21578")
    stories = [s for s in stories if len(s.text.split()) > 120]
    library = Library.open(f"sqlite:///{workdir / 'speed.sqlite3'}", workdir / "index",
                           FetchPolicy(allow_private=True))  # fmt: skip
    report: dict[str, Any] = {}
    profiler = cProfile.Profile() if profile else None
    try:
        with serving() as server:
            for n in range(pages + feeds * entries):
                s = stories[n % len(stories)]
                body = [*s.text.split("\n\n"), f"Page {n}."]
                server.page(f"/p/{n}", article_page(f"{s.title} ({n})", body))
            urls = [server.url(f"/p/{n}") for n in range(pages)]
            if profiler:
                profiler.enable()
            started = time.perf_counter()
            results = library.ingest_paths(urls)
            elapsed = time.perf_counter() - started
            found = library.search(stories[0].title, k=3).hits
            report["pages by URL"] = {
                "pages": pages,
                "added": sum(r.status == "added" for r in results),
                "seconds": round(elapsed, 2),
                "pages_per_s": round(pages / elapsed, 1),
                "searchable": bool(found),
            }
            for f in range(feeds):
                items = [{"guid": f"{f}-{e}", "link": server.url(f"/p/{pages + f * entries + e}"),
                          "title": f"Feed {f} entry {e}", "description": "A teaser. Read more…"}
                         for e in range(entries)]  # fmt: skip
                server.feed(f"/feed/{f}.xml", rss(items, title=f"Feed {f}"))
            with library.sessions() as session:
                from articles.models import Feed

                for f in range(feeds):
                    session.add(Feed(url=server.url(f"/feed/{f}.xml"), interval_s=1800))
                session.commit()
            started = time.perf_counter()
            polled = library.feeds.poll()
            elapsed = time.perf_counter() - started
            stored = sum(r.added for r in polled)
            report["feeds polled"] = {
                "feeds": feeds,
                "entries": feeds * entries,
                "stored": stored,
                "seconds": round(elapsed, 2),
                "pages_per_s": round(stored / elapsed, 1),
            }
            if profiler:
                profiler.disable()
                stats = pstats.Stats(profiler).sort_stats("cumulative")
                report["profile_top"] = _top(stats)
    finally:
        library.close()
    return report


_PROFILED = ("articles/", "trafilatura", "httpx", "sqlalchemy", "index/")


def _top(stats: pstats.Stats) -> list[str]:
    """Where the time goes: cumulative seconds of the product's and the libraries' calls."""
    rows = []
    for (file, _, name), (_, _, _, cumulative, _) in stats.stats.items():  # type: ignore[attr-defined]
        if any(
            key in file for key in ("articles/", "trafilatura", "httpx", "sqlalchemy", "index/")
        ):
            rows.append((cumulative, f"{Path(file).name}:{name}"))
    return [f"{seconds:8.2f} s  {where}" for seconds, where in sorted(rows, reverse=True)[:25]]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Feeds and pages through the product's own path on a loopback server: "
        "robustness on the feed test sets, and end-to-end speed.",
        epilog="example:\n  .venv/bin/python bench/feeds.py --smoke --json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--shared", type=Path, default=None, help="the shared/ directory")
    parser.add_argument("--part", choices=("robustness", "speed", "both"), default="both")
    parser.add_argument("--smoke", action="store_true", help="a few files and pages (CI)")
    parser.add_argument("--pages", type=int, default=1000, help="pages by URL (speed)")
    parser.add_argument("--feeds", type=int, default=200, help="feeds (speed)")
    parser.add_argument("--entries", type=int, default=20, help="entries per feed (speed)")
    parser.add_argument("--profile", action="store_true", help="say where the time goes")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    shared = corpus.shared_dir(args.shared)
    if not (shared / "evaldata" / "feeds-feedparser-tests").is_dir():
        print(f"error: no feed test sets under {shared}/evaldata; pass --shared", file=sys.stderr)
        return 2
    report: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="articlebot-feeds-") as tmp:
        if args.part in ("robustness", "both"):
            report["robustness"] = robustness(shared, 30 if args.smoke else None, Path(tmp))
        if args.part in ("speed", "both"):
            pages, feeds, entries = (30, 3, 5) if args.smoke else (args.pages, args.feeds,
                                                                  args.entries)  # fmt: skip
            report["speed"] = speed(pages, feeds, entries, Path(tmp), args.profile)
    crashed = sum(len(r["crashes"]) for r in report.get("robustness", {}).values())
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main())
