"""Web pages by URL: fetched over real HTTP from a loopback server (hostile ones included),
extracted, stored once under every address variant, refused clearly when not an article."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from articles.errors import FetchError
from articles.library import FetchPolicy, Library
from articles.sources.addresses import is_public, public_address
from articles.sources.web import WebClient, user_agent
from articles.urls import url_key
from tests.pages_server import PARAGRAPHS, PagesServer, article_page, serving

LOCAL = FetchPolicy(allow_private=True)


@pytest.fixture
def library(database_url: str, tmp_path: Path) -> Iterator[Library]:
    opened = Library.open(database_url, tmp_path / "index", fetch_policy=LOCAL)
    yield opened
    opened.close()


def test_a_page_by_url_is_stored_with_its_metadata_and_found(
    library: Library, server: PagesServer
) -> None:
    server.page(
        "/news/bridge",
        article_page(
            head="<meta name='author' content='Ada Reporter'>"
            "<meta property='og:site_name' content='Daily Example'>"
            "<meta property='article:published_time' content='2024-03-05T10:00:00Z'>"
        ),
    )
    [result] = library.ingest_paths([server.url("/news/bridge")])
    assert (result.status, result.title, result.error) == (
        "added",
        "Council approves river bridge",
        None,
    )
    hit = library.search("tram tracks bicycles").hits[0]
    assert hit.url == server.url("/news/bridge")
    assert hit.site == "Daily Example"
    assert str(hit.published_on) == "2024-03-05"
    with library.sessions() as session:
        from articles.models import Article

        article = session.get(Article, hit.article_id)
        assert article is not None and article.author == "Ada Reporter"


def test_a_short_article_of_three_sentences_is_an_article(
    library: Library, server: PagesServer
) -> None:
    server.page("/short", article_page("Short note", [" ".join(PARAGRAPHS[0].split()[:30])]))
    server.page(
        "/brief",
        article_page(
            "Brief",
            ["The ferry left at noon. It carried forty cars. Nobody was hurt in the storm."],
        ),
    )
    results = library.ingest_paths([server.url("/brief")])
    assert results[0].status == "added", results[0].error


def test_the_canonical_link_is_the_stored_url_and_variants_are_duplicates(
    library: Library, server: PagesServer
) -> None:
    canonical = server.url("/news/bridge")
    server.page("/news/bridge", article_page(head=f"<link rel='canonical' href='{canonical}'>"))
    for variant in ("/amp/news/bridge", "/news/bridge/"):
        server.page(variant, article_page(head=f"<link rel='canonical' href='{canonical}'>"))
    first = library.ingest_paths([server.url("/news/bridge?utm_source=feed&utm_medium=rss")])
    again = library.ingest_paths(
        [
            server.url("/news/bridge"),
            server.url("/news/bridge/?fbclid=abc#comments"),
            server.url("/amp/news/bridge"),
        ]
    )
    assert first[0].status == "added"
    assert [r.status for r in again] == ["duplicate"] * 3
    assert {r.article_id for r in again} == {first[0].article_id}
    assert library.search("tram tracks").hits[0].url == canonical
    assert library.stats().articles == 1


def test_changed_text_at_a_known_url_is_an_update(library: Library, server: PagesServer) -> None:
    server.page("/story", article_page())
    assert library.ingest_paths([server.url("/story")])[0].status == "added"
    server.page("/story", article_page(paragraphs=[*PARAGRAPHS, "A correction was appended."]))
    updated = library.ingest_paths([server.url("/story")])[0]
    assert updated.status == "updated"
    assert library.stats().articles == 1
    assert library.search("correction appended").hits


@pytest.mark.parametrize(
    ("setup", "path", "expected"),
    [
        (lambda s: s.page("/pdf", b"%PDF-1.4 ...", "application/pdf"), "/pdf", "not a web page"),
        (lambda s: None, "/missing", "answered 404"),
        (
            lambda s: s.page("/gone", article_page(), status=503),
            "/gone",
            "answered 503",
        ),
        (
            lambda s: s.page("/oops", "<html><body><h1>Sorry</h1><p>Error.</p></body></html>"),
            "/oops",
            "No article text found",
        ),
        (lambda s: s.redirect("/loop", "/loop"), "/loop", "redirects more than 5 times"),
        (lambda s: s.endless("/endless"), "/endless", "larger than"),
        (lambda s: s.gzip_bomb("/bomb"), "/bomb", "larger than"),
    ],
    ids=["pdf", "404", "503", "error-page-200", "redirect-loop", "endless", "gzip-bomb"],
)
def test_what_is_not_an_article_is_refused_with_the_reason(
    sqlite_url: str, tmp_path: Path, server: PagesServer, setup: object, path: str, expected: str
) -> None:
    setup(server)  # type: ignore[operator]
    policy = FetchPolicy(allow_private=True, max_bytes=1024 * 1024, deadline_s=10)
    library = Library.open(sqlite_url, tmp_path / "index", fetch_policy=policy)
    server.page("/good", article_page())
    try:
        results = library.ingest_paths([server.url(path), server.url("/good")])
    finally:
        library.close()
    assert results[0].status == "failed"
    assert expected in (results[0].error or ""), results[0].error
    assert results[1].status == "added"  # one bad source fails alone


def test_a_page_that_drips_is_cut_at_the_deadline(server: PagesServer) -> None:
    server.drip("/drip", interval_s=0.05)
    policy = FetchPolicy(allow_private=True, deadline_s=1.0, read_timeout_s=5)
    with WebClient(policy) as web, pytest.raises(FetchError, match="longer than 1 s"):
        web.fetch(server.url("/drip"))


def test_charset_from_the_meta_tag_when_the_header_has_none(
    library: Library, server: PagesServer
) -> None:
    words = "Le conseil a approuvé le pont après un débat très animé à la mairie"
    html = article_page(
        "Pont approuvé",
        [f"{words}, {i}. " * 3 for i in range(3)],
        head="<meta charset='iso-8859-1'>",
    )
    server.page("/fr", html.encode("latin-1"), "text/html")
    [result] = library.ingest_paths([server.url("/fr")])
    assert result.status == "added", result.error
    assert "débat" in library.search("débat animé").hits[0].text


def test_the_user_agent_names_the_project(server: PagesServer) -> None:
    seen: list[str] = []

    def answer(handler: object) -> None:
        seen.append(handler.headers["User-Agent"])  # type: ignore[attr-defined]
        server.routes["/ua"] = lambda h: None
        raise ConnectionAbortedError

    server.routes["/ua"] = answer
    with WebClient(LOCAL) as web, pytest.raises(FetchError):
        web.fetch(server.url("/ua"))
    assert seen and seen[0] == user_agent() and seen[0].startswith("articlebot/")


# -- private addresses: refused on the resolved address, at every hop -----------------------


def test_loopback_is_refused_unless_allowed(sqlite_url: str, tmp_path: Path) -> None:
    with serving() as server:
        server.page("/a", article_page())
        library = Library.open(sqlite_url, tmp_path / "index")  # the default policy
        try:
            [result] = library.ingest_paths([server.url("/a")])
        finally:
            library.close()
    assert result.status == "failed"
    assert "not a public internet address" in (result.error or "")
    assert "ARTICLEBOT_ALLOW_PRIVATE_URLS" in (result.error or "")
    assert server.hits.get("/a") is None  # never even asked


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1",
     "0.0.0.0", "224.0.0.1", "::1", "fe80::1", "fc00::1", "::ffff:127.0.0.1", "192.0.2.1"],
)  # fmt: skip
def test_non_public_addresses_are_not_public(address: str) -> None:
    assert not is_public(address)


def test_public_addresses_are() -> None:
    assert is_public("93.184.216.34") and is_public("2606:2800:220:1:248:1893:25c8:1946")


def test_one_private_answer_among_public_ones_refuses_the_host() -> None:
    def rebinding(host: str, port: int) -> list[str]:
        return ["93.184.216.34", "127.0.0.1"]

    with pytest.raises(FetchError, match=re.escape("127.0.0.1")):
        public_address("news.example", 443, rebinding)


def _public_resolver(host: str, port: int) -> list[str]:
    return {"news.example": ["93.184.216.34"], "intranet.example": ["10.0.0.7"]}[host]


def test_the_connection_goes_to_the_checked_address_with_the_real_host_name() -> None:
    seen: list[httpx.Request] = []

    def network(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, html=article_page())

    web = WebClient(
        FetchPolicy(), transport=httpx.MockTransport(network), resolver=_public_resolver
    )
    with web:
        page = web.fetch("https://news.example/story")
    assert page.url == "https://news.example/story"
    assert seen[0].url.host == "93.184.216.34"
    assert seen[0].headers["Host"] == "news.example"
    assert seen[0].extensions["sni_hostname"] == "news.example"


def test_a_redirect_to_a_private_address_is_refused() -> None:
    def network(request: httpx.Request) -> httpx.Response:
        if request.headers["Host"] == "news.example":
            return httpx.Response(302, headers={"Location": "http://intranet.example/admin"})
        raise AssertionError("the private host must never be contacted")

    web = WebClient(
        FetchPolicy(), transport=httpx.MockTransport(network), resolver=_public_resolver
    )
    with web, pytest.raises(FetchError, match=re.escape("10.0.0.7")):
        web.fetch("https://news.example/story")

    def to_literal(request: httpx.Request) -> httpx.Response:
        return httpx.Response(301, headers={"Location": "http://169.254.169.254/latest/meta-data"})

    web = WebClient(
        FetchPolicy(), transport=httpx.MockTransport(to_literal), resolver=_public_resolver
    )
    with web, pytest.raises(FetchError, match=re.escape("169.254.169.254")):
        web.fetch("https://news.example/story")


@pytest.mark.parametrize(
    "url", ["ftp://example.com/a", "file:///etc/passwd", "javascript:alert(1)", "http://"]
)
def test_what_is_no_web_address_is_refused(url: str) -> None:
    with WebClient(LOCAL) as web, pytest.raises(FetchError, match="web address"):
        web.fetch(url)


# -- the URL key ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "variant",
    [
        "http://example.com/news/story",
        "https://www.example.com/news/story",
        "https://EXAMPLE.com/news/story/",
        "https://example.com/news/story?utm_source=rss&utm_campaign=x",
        "https://example.com/news/story?fbclid=IwAR0",
        "https://example.com/news/story#comments",
        "https://example.com/amp/news/story",
        "https://example.com/news/story/amp",
        "https://amp.example.com/news/story",
        "https://example.com:443/news/story",
    ],
)
def test_address_variants_share_one_key(variant: str) -> None:
    assert url_key(variant) == url_key("https://example.com/news/story")


def test_different_articles_keep_different_keys() -> None:
    assert url_key("https://example.com/news/story?id=1") != url_key(
        "https://example.com/news/story?id=2"
    )
    assert url_key("https://example.com/a") != url_key("https://example.org/a")
    assert url_key("file:///tmp/a.txt") == "file:///tmp/a.txt"


# -- the command line -------------------------------------------------------------------------


def test_cli_ingests_urls_and_files_in_order_with_json_rows(
    server: PagesServer,
    tmp_path: Path,
    local_cli: Callable[[list[str]], int],
    capsys: pytest.CaptureFixture[str],
) -> None:
    main = local_cli
    server.page("/a", article_page())
    note = tmp_path / "note.txt"
    note.write_text("Ferries\n\n" + " ".join(["The ferry left the harbour at noon."] * 5))
    code = main(["ingest", "--json", server.url("/a"), str(note), server.url("/missing")])
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 1  # one failed
    assert [r["status"] for r in rows] == ["added", "added", "failed"]
    assert rows[0]["source"] == server.url("/a")
    assert "404" in rows[2]["error"]


def test_a_wrong_charset_in_the_header_is_overruled_by_the_bytes(
    library: Library, server: PagesServer
) -> None:
    words = "Городской совет одобрил новый мост через реку после долгих споров о его стоимости"
    html = article_page("Мост", [f"{words}. {i}" for i in range(4)])
    server.page("/ru", html.encode("windows-1251"), "text/html; charset=utf-8")
    [result] = library.ingest_paths([server.url("/ru")])
    assert result.status == "added", result.error
    assert "одобрил" in library.search("одобрил мост").hits[0].text


def test_a_server_that_never_answers_times_out(sqlite_url: str, tmp_path: Path) -> None:
    policy = FetchPolicy(allow_private=True, read_timeout_s=0.5)
    with serving() as server, WebClient(policy) as web:
        server.page("/slow", article_page(), delay_s=3)
        with pytest.raises(FetchError, match="did not answer in time"):
            web.fetch(server.url("/slow"))


# -- found by a second reader -------------------------------------------------------------


def _raw(server: PagesServer, path: str, head: bytes, body: bytes = b"") -> None:
    def answer(handler: Any) -> None:
        handler.wfile.write(head + body)

    server.routes[path] = answer


def test_layered_compression_is_refused_and_one_gzip_or_deflate_layer_is_read(
    server: PagesServer,
) -> None:
    import gzip
    import zlib

    html = article_page().encode()
    twice = gzip.compress(gzip.compress(html))
    _raw(server, "/twice", b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: "
         b"gzip, gzip\r\nContent-Length: %d\r\n\r\n" % len(twice), twice)  # fmt: skip
    deflated = zlib.compress(html)
    _raw(server, "/deflate", b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: "
         b"deflate\r\nContent-Length: %d\r\n\r\n" % len(deflated), deflated)  # fmt: skip
    with WebClient(LOCAL) as web:
        with pytest.raises(FetchError, match="encoding we did not ask for"):
            web.fetch(server.url("/twice"))
        assert web.fetch(server.url("/deflate")).body == html


def test_the_deadline_holds_for_headers_sent_a_byte_at_a_time_and_slow_redirects(
    server: PagesServer,
) -> None:
    import time

    def header_drip(handler: Any) -> None:
        handler.wfile.write(b"HTTP/1.1 200 OK\r\nX-Drip: ")
        try:
            for _ in range(60):
                time.sleep(0.1)
                handler.wfile.write(b"a")
                handler.wfile.flush()
        except OSError:
            return

    server.routes["/drip-headers"] = header_drip
    for n in range(5):
        server.page(f"/hop/{n}", "", status=302, delay_s=0.4)
        server.redirect(f"/hop/{n}", f"/hop/{n + 1}")
        inner = server.routes[f"/hop/{n}"]
        server.routes[f"/hop/{n}"] = lambda h, inner=inner: (time.sleep(0.4), inner(h))
    policy = FetchPolicy(allow_private=True, deadline_s=1.0, read_timeout_s=5)
    with WebClient(policy) as web:
        for path in ("/drip-headers", "/hop/0"):
            started = time.monotonic()
            with pytest.raises(FetchError, match="took longer than 1 s"):
                web.fetch(server.url(path))
            assert time.monotonic() - started < 3
        server.page("/fine", article_page())
        assert web.fetch(server.url("/fine")).status == 200  # the client works on after


def test_query_parameters_that_name_the_article_keep_articles_apart() -> None:
    assert url_key("https://x.example/article.php?story=1") != url_key(
        "https://x.example/article.php?story=2"
    )
    assert url_key("https://amp.dev/about") == "https://amp.dev/about"
    for odd in ("http://x.example:99999/a", "http://[::1", "http://x.example:abc/"):
        assert url_key(odd) == odd  # no exception, its own key


def test_a_canonical_link_to_another_site_does_not_take_over_its_article(
    library: Library, server: PagesServer
) -> None:
    server.page("/ours", article_page())
    [ours] = library.ingest_paths([server.url("/ours")])
    elsewhere = server.url("/ours").replace("127.0.0.1", "localhost")  # another host
    hostile = article_page(
        "Something else",
        ["Entirely different words about rockets and moons. " * 4],
        head=f"<link rel='canonical' href='{elsewhere}'>",
    )
    server.page("/theirs", hostile)
    [theirs] = library.ingest_paths([server.url("/theirs")])
    assert theirs.status == "added" and theirs.article_id != ours.article_id
    assert theirs.url == server.url("/theirs")
    assert library.search("tram tracks").hits[0].title == "Council approves river bridge"
    server.page("/odd", article_page(head="<link rel='canonical' href='http://x.example:99999/'>"))
    [odd] = library.ingest_paths([server.url("/odd")])
    assert odd.status in ("added", "duplicate") and odd.error is None


@pytest.mark.parametrize(
    "address", ["64:ff9b::a9fe:a9fe", "64:ff9b:1::a00:1", "2002:7f00:1::", "::127.0.0.1"]
)
def test_ipv6_forms_of_private_ipv4_are_not_public(address: str) -> None:
    assert not is_public(address)
