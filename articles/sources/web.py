"""Fetching web pages politely and defensively: public addresses only, bounded in size, time
and redirects, with an honest User-Agent.

Every hop (the first request and each redirect) resolves its host, refuses non-public
addresses (see addresses.py) and connects to the checked address, sending the real host name
in the Host header and in TLS's SNI, so certificates are still verified against the name.
"""

from __future__ import annotations

import threading
import time
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import httpx

from articles.errors import FetchError
from articles.sources.addresses import Resolver, public_address, resolve

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


def user_agent() -> str:
    """Names the project and what it does, so that site owners know who is asking."""
    try:
        release = version("articlebot")
    except PackageNotFoundError:  # running from a source tree that was never installed
        release = "dev"
    return (
        f"articlebot/{release} (a Telegram reading bot fetching a page a user sent it; "
        "+https://github.com/articlebot/articlebot)"
    )


@dataclass(frozen=True)
class FetchPolicy:
    """Limits of one fetch. allow_private lifts the public-address rule (local setups,
    tests on loopback); nothing else does."""

    allow_private: bool = False
    max_bytes: int = 5 * 1024 * 1024  # decoded: a gzip bomb stops here too
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 15.0  # between two chunks
    deadline_s: float = 30.0  # the whole fetch, redirects included: a drip-feed stops here
    max_redirects: int = 5


@dataclass(frozen=True)
class FetchedPage:
    url: str  # where the page was found, after redirects
    body: bytes
    content_type: str | None  # the header as sent, charset included
    status: int = 200  # 304: not modified since the validators sent (body empty)
    headers: dict[str, str] | None = None  # the response's, lower-case names


class WebClient:
    """One HTTP client for many fetches (connections are reused per host)."""

    def __init__(
        self,
        policy: FetchPolicy | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        resolver: Resolver = resolve,
    ) -> None:
        self.policy = policy or FetchPolicy()
        self._resolver = resolver
        self._transport = transport
        self._client = self._new_client()
        # The deadline's watchdog: it closes the connections of a fetch that runs too long,
        # whatever it is waiting for (headers sent a byte at a time, a redirect chain).
        self._lock = threading.Lock()
        self._fetch_id = 0
        self._expired: int | None = None

    def _new_client(self) -> httpx.Client:
        timeout = httpx.Timeout(
            self.policy.read_timeout_s,
            connect=self.policy.connect_timeout_s,
            pool=self.policy.connect_timeout_s,
        )
        return httpx.Client(
            transport=self._transport,
            timeout=timeout,
            follow_redirects=False,  # each hop is checked here
            headers={"User-Agent": user_agent(), "Accept-Encoding": "gzip, deflate"},
            trust_env=False,  # a proxy would resolve names where we cannot check them
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> WebClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def fetch(
        self,
        url: str,
        accept: Iterable[str] = HTML_TYPES,
        headers: dict[str, str] | None = None,
    ) -> FetchedPage:
        """GET `url` and return its body; FetchError says why not (the address, the size,
        the time, the type, the status)."""
        with self._lock:
            self._fetch_id += 1
            fetch_id = self._fetch_id
        watchdog = threading.Timer(self.policy.deadline_s, self._expire, args=(fetch_id,))
        watchdog.daemon = True
        watchdog.start()
        try:
            return self._fetch(url, frozenset(accept), headers or {}, time.monotonic())
        except (FetchError, RuntimeError) as exc:  # RuntimeError: the watchdog closed it
            if self._expired == fetch_id:
                raise FetchError(
                    f"{url} took longer than {self.policy.deadline_s:g} s; the server is too "
                    "slow, try again later",
                    permanent=False,
                ) from exc
            raise
        finally:
            watchdog.cancel()
            with self._lock:
                self._fetch_id += 1  # a watchdog firing late finds a newer id: no effect
                if self._expired is not None:
                    self._client = self._new_client()
                    self._expired = None

    def _expire(self, fetch_id: int) -> None:
        with self._lock:
            if fetch_id != self._fetch_id:
                return
            self._expired = fetch_id
            self._client.close()  # the fetch's pending read fails at once

    def _fetch(
        self, url: str, accepted: frozenset[str], headers: dict[str, str], started: float
    ) -> FetchedPage:
        current = _parsed(url)
        for _ in range(self.policy.max_redirects + 1):
            response = self._open(current, headers)
            try:
                if response.status_code in _REDIRECTS:
                    location = response.headers.get("location", "").strip()
                    if not location:
                        raise FetchError(f"{current} redirects without saying where to")
                    current = _parsed(str(current.join(location)))
                    continue
                if response.status_code == 304:
                    return FetchedPage(str(current), b"", None, 304, _lower(response.headers))
                if response.status_code >= 400:
                    raise FetchError(
                        f"{current} answered {response.status_code} "
                        f"{response.reason_phrase or ''}".rstrip()
                        + "; check that the page exists and is public",
                        # A server error or rate limit may pass; a 4xx says the page is not.
                        permanent=response.status_code < 500 and response.status_code != 429,
                    )
                content_type = response.headers.get("content-type")
                _check_type(str(current), content_type, accepted)
                body = self._read(response, str(current))
                return FetchedPage(
                    str(current), body, content_type, response.status_code, _lower(response.headers)
                )
            finally:
                response.close()
        raise FetchError(
            f"{url} redirects more than {self.policy.max_redirects} times; "
            "open it in a browser and send the address it ends at"
        )

    def _open(self, url: httpx.URL, headers: dict[str, str]) -> httpx.Response:
        host = url.host
        port = url.port or (443 if url.scheme == "https" else 80)
        if self.policy.allow_private:
            target, pinned = url, False
        else:
            address = public_address(host, port, self._resolver)
            target, pinned = url.copy_with(host=address), True
        request = self._client.build_request("GET", target, headers=headers)
        if pinned:
            request.headers["Host"] = url.netloc.decode("ascii")
            request.extensions["sni_hostname"] = host
        try:
            return self._client.send(request, stream=True)
        except httpx.HTTPError as exc:
            raise _network_error(str(url), exc, reading=False) from exc

    def _read(self, response: httpx.Response, url: str) -> bytes:
        """The body, decompressed here (not by httpx) so that the cap counts what comes out
        of the decompressor as it comes: a gzip bomb stops at the cap, not in memory."""
        cap = self.policy.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise _too_big(url, cap)
        decoder = _decoder(url, response.headers.get("content-encoding", ""))
        chunks: list[bytes] = []
        size = 0
        try:
            # A response made in memory (a test's MockTransport) holds its bytes already.
            source = [response.content] if response.is_stream_consumed else response.iter_raw()
            for raw in source:
                pending = raw
                while pending:
                    out = decoder.decompress(pending, cap + 1 - size) if decoder else pending
                    pending = decoder.unconsumed_tail if decoder else b""
                    size += len(out)
                    if size > cap:
                        raise _too_big(url, cap)
                    chunks.append(out)
        except zlib.error as exc:
            raise FetchError(f"{url} sent a broken compressed body ({exc})") from exc
        except httpx.HTTPError as exc:
            raise _network_error(url, exc, reading=True) from exc
        return b"".join(chunks)


def _network_error(url: str, exc: httpx.HTTPError, *, reading: bool) -> FetchError:
    """What a timeout or a broken connection means to the user; it may pass (not permanent)."""
    kind = type(exc).__name__
    if isinstance(exc, httpx.TimeoutException):
        said = (
            f"{url} stopped sending ({kind})"
            if reading
            else f"{url} did not answer in time ({kind})"
        )
    else:
        said = f"cannot {'read' if reading else 'fetch'} {url}: {exc or kind}"
    return FetchError(said, permanent=False)


def _decoder(url: str, content_encoding: str) -> Any:
    """A zlib decompressor for the body's one content coding (None: not compressed)."""
    codings = [c.strip().lower() for c in content_encoding.split(",") if c.strip()]
    codings = [c for c in codings if c != "identity"]
    if not codings:
        return None
    if len(codings) > 1 or codings[0] not in ("gzip", "x-gzip", "deflate"):
        # We ask for gzip or deflate, once: layers of compression are how bombs hide.
        raise FetchError(f"{url} is sent with an encoding we did not ask for ({content_encoding})")
    # 32 + 15: zlib reads a gzip or a zlib header by itself ("deflate" is zlib-wrapped).
    return zlib.decompressobj(32 + zlib.MAX_WBITS)


def _lower(headers: httpx.Headers) -> dict[str, str]:
    return {name.lower(): value for name, value in headers.items()}


def is_web_address(text: str) -> bool:
    """Whether a source given on the command line or in chat is a link, not a file path."""
    return text.strip().lower().startswith(("http://", "https://"))


MAX_URL_CHARS = 2048  # what the database keeps of an address


def _parsed(url: str) -> httpx.URL:
    if len(url) > MAX_URL_CHARS:
        raise FetchError(f"a web address of {len(url)} characters is too long (at most 2048)")
    try:
        parsed = httpx.URL(url.strip())
    except (httpx.InvalidURL, ValueError) as exc:
        raise FetchError(f"{url!r} is not a valid web address ({exc})") from exc
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise FetchError(f"{url!r} is not a web address; send an http:// or https:// link")
    return parsed.copy_with(fragment=None)


def _check_type(url: str, content_type: str | None, accepted: frozenset[str]) -> None:
    if content_type is None:  # many servers omit it; the extractor decides
        return
    media = content_type.split(";", 1)[0].strip().lower()
    if media not in accepted:
        raise FetchError(
            f"{url} is {media or 'of no stated type'}, not a web page; "
            "send the link of an article page"
        )


def _too_big(url: str, cap: int) -> FetchError:
    return FetchError(
        f"{url} is larger than {cap // (1024 * 1024)} MB; that is no article page "
        "(send the link of the article itself)"
    )


__all__ = ["HTML_TYPES", "FetchPolicy", "FetchedPage", "WebClient", "is_web_address", "user_agent"]
