"""A local HTTP server on loopback serving article pages and hostile answers, for the web
ingestion tests (the network edge is real: sockets, HTTP, gzip; only the sites are ours)."""

from __future__ import annotations

import gzip
import hashlib
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PARAGRAPHS = [
    "The city council approved the new river bridge on Tuesday after a long debate about its "
    "cost, its design and the years of traffic detours that building it will bring.",
    "Engineers expect construction to start in the spring; the bridge will carry two tram "
    "tracks, four lanes for cars and a wide path for bicycles and pedestrians.",
    "Opponents said the money would be better spent on repairing the old bridge, which has "
    "served the town for more than a century and which many residents love.",
]


def article_page(
    title: str = "Council approves river bridge",
    paragraphs: list[str] | None = None,
    head: str = "",
) -> str:
    body = "".join(f"<p>{p}</p>" for p in (paragraphs or PARAGRAPHS))
    return (
        f"<!doctype html><html lang='en'><head><title>{title}</title>{head}</head><body>"
        "<nav><a href='/'>Home</a><a href='/news'>News</a></nav>"
        f"<main><article><h1>{title}</h1>{body}</article></main>"
        "<footer>Contact us · Privacy · Terms</footer></body></html>"
    )


Handler = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class PagesServer:
    host: str
    port: int
    routes: dict[str, Handler] = field(default_factory=dict)
    hits: dict[str, int] = field(default_factory=dict)

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def page(self, path: str, html: str | bytes, content_type: str = "text/html; charset=utf-8",
             status: int = 200, delay_s: float = 0.0) -> None:  # fmt: skip
        data = html.encode("utf-8") if isinstance(html, str) else html

        def answer(handler: BaseHTTPRequestHandler) -> None:
            time.sleep(delay_s)
            handler.send_response(status)
            if content_type:
                handler.send_header("Content-Type", content_type)
            handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            handler.wfile.write(data)

        self.routes[path] = answer

    def feed(self, path: str, xml: str, content_type: str = "application/rss+xml",
             headers: dict[str, str] | None = None) -> None:  # fmt: skip
        """A feed with an ETag, answering 304 to a request that sends it back."""
        data = xml.encode("utf-8")
        etag = f'"{hashlib.sha256(data).hexdigest()[:16]}"'

        def answer(handler: BaseHTTPRequestHandler) -> None:
            if handler.headers.get("If-None-Match") == etag:
                handler.send_response(304)
                handler.send_header("ETag", etag)
                handler.send_header("Content-Length", "0")
                handler.end_headers()
                return
            handler.send_response(200)
            handler.send_header("Content-Type", content_type)
            handler.send_header("ETag", etag)
            for name, value in (headers or {}).items():
                handler.send_header(name, value)
            handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            handler.wfile.write(data)

        self.routes[path] = answer

    def redirect(self, path: str, to: str, status: int = 302) -> None:
        def answer(handler: BaseHTTPRequestHandler) -> None:
            handler.send_response(status)
            handler.send_header("Location", to)
            handler.send_header("Content-Length", "0")
            handler.end_headers()

        self.routes[path] = answer

    def endless(self, path: str) -> None:
        """A page that never ends (no Content-Length, chunks forever)."""

        def answer(handler: BaseHTTPRequestHandler) -> None:
            handler.send_response(200)
            handler.send_header("Content-Type", "text/html")
            handler.end_headers()
            chunk = b"<p>" + b"more words " * 1000 + b"</p>"
            try:
                while True:
                    handler.wfile.write(chunk)
            except OSError:
                return

        self.routes[path] = answer

    def drip(self, path: str, interval_s: float = 0.1) -> None:
        """A page sent one byte at a time, slowly: each read is quick, the whole is not."""

        def answer(handler: BaseHTTPRequestHandler) -> None:
            handler.send_response(200)
            handler.send_header("Content-Type", "text/html")
            handler.end_headers()
            try:
                for byte in article_page().encode():
                    handler.wfile.write(bytes([byte]))
                    handler.wfile.flush()
                    time.sleep(interval_s)
            except OSError:
                return

        self.routes[path] = answer

    def gzip_bomb(self, path: str, size: int = 64 * 1024 * 1024) -> None:
        """A small gzip body that inflates to `size` bytes."""
        bomb = gzip.compress(b"<p>" + b" " * size + b"</p>", compresslevel=9)

        def answer(handler: BaseHTTPRequestHandler) -> None:
            handler.send_response(200)
            handler.send_header("Content-Type", "text/html")
            handler.send_header("Content-Encoding", "gzip")
            handler.send_header("Content-Length", str(len(bomb)))
            handler.end_headers()
            handler.wfile.write(bomb)

        self.routes[path] = answer


@contextmanager
def serving() -> Iterator[PagesServer]:
    server_state = PagesServer("127.0.0.1", 0)

    class RequestHandler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # else each answer waits 40 ms for a delayed ACK

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            server_state.hits[path] = server_state.hits.get(path, 0) + 1
            route = server_state.routes.get(path)
            if route is None:
                self.send_error(404, "Not Found")
                return
            route(self)

        def log_message(self, *_: object) -> None:
            pass

    class QuietServer(ThreadingHTTPServer):
        def handle_error(self, request: object, client_address: object) -> None:
            pass  # a client that hangs up early (a size cap, a deadline) is expected here

    httpd = QuietServer(("127.0.0.1", 0), RequestHandler)
    httpd.daemon_threads = True
    server_state.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server_state
    finally:
        httpd.shutdown()
        httpd.server_close()


def rss(items: list[dict[str, str]], title: str = "Example News", ttl: int | None = None) -> str:
    """An RSS 2.0 feed; each item: guid, link, title, and description or content."""
    parts = []
    for item in items:
        fields = "".join(
            f"<{tag}><![CDATA[{item[key]}]]></{tag}>"
            for key, tag in (
                ("title", "title"),
                ("link", "link"),
                ("guid", "guid"),
                ("description", "description"),
                ("content", "content:encoded"),
                ("date", "pubDate"),
                ("author", "dc:creator"),
            )
            if key in item
        )
        parts.append(f"<item>{fields}</item>")
    ttl_tag = f"<ttl>{ttl}</ttl>" if ttl else ""
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
        f"<title>{title}</title><link>https://news.example/</link>{ttl_tag}"
        + "".join(parts)
        + "</channel></rss>"
    )


def story(n: int, words: int = 200) -> str:
    """A distinct article body of about `words` words, as HTML paragraphs."""
    sentence = f"Story {n} reports that the harbour committee number {n} met again today."
    count = max(1, words // len(sentence.split()))
    return "".join(
        f"<p>{sentence} Paragraph {i} adds detail {n * 100 + i}.</p>" for i in range(count)
    )
