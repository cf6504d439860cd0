"""Fetching web pages politely and defensively: public addresses only, bounded in size, time
and redirects, with an honest User-Agent.

Every hop (the first request and each redirect) resolves its host, refuses non-public
addresses (see addresses.py) and connects to the checked address, sending the real host name
in the Host header and in TLS's SNI, so certificates are still verified against the name.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

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
        timeout = httpx.Timeout(
            self.policy.read_timeout_s,
            connect=self.policy.connect_timeout_s,
            pool=self.policy.connect_timeout_s,
        )
        self._client = httpx.Client(
            transport=transport,
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
        accepted = frozenset(accept)
        started = time.monotonic()
        current = _parsed(url)
        for _ in range(self.policy.max_redirects + 1):
            response = self._open(current, headers or {})
            try:
                if response.status_code in _REDIRECTS and "location" in response.headers:
                    current = _parsed(str(current.join(response.headers["location"])))
                    continue
                if response.status_code == 304:
                    return FetchedPage(str(current), b"", None, 304, _lower(response.headers))
                if response.status_code >= 400:
                    raise FetchError(
                        f"{current} answered {response.status_code} "
                        f"{response.reason_phrase or ''}".rstrip()
                        + "; check that the page exists and is public"
                    )
                content_type = response.headers.get("content-type")
                _check_type(str(current), content_type, accepted)
                body = self._read(response, str(current), started)
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
        except httpx.TimeoutException as exc:
            raise FetchError(f"{url} did not answer in time ({type(exc).__name__})") from exc
        except httpx.HTTPError as exc:
            raise FetchError(f"cannot fetch {url}: {exc or type(exc).__name__}") from exc

    def _read(self, response: httpx.Response, url: str, started: float) -> bytes:
        cap = self.policy.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise _too_big(url, cap)
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > cap:
                    raise _too_big(url, cap)
                if time.monotonic() - started > self.policy.deadline_s:
                    raise FetchError(
                        f"{url} took longer than {self.policy.deadline_s:g} s to send; "
                        "the server is too slow, try again later"
                    )
                chunks.append(chunk)
        except httpx.TimeoutException as exc:
            raise FetchError(f"{url} stopped sending ({type(exc).__name__})") from exc
        except httpx.HTTPError as exc:
            raise FetchError(f"cannot read {url}: {exc or type(exc).__name__}") from exc
        return b"".join(chunks)


def _lower(headers: httpx.Headers) -> dict[str, str]:
    return {name.lower(): value for name, value in headers.items()}


def is_web_address(text: str) -> bool:
    """Whether a source given on the command line or in chat is a link, not a file path."""
    return text.strip().lower().startswith(("http://", "https://"))


def _parsed(url: str) -> httpx.URL:
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
