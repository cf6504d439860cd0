"""One article, one address: the key under which a URL is stored once.

Tracking parameters (utm_*, fbclid, ...), letter case of the host, default ports and the
fragment are dropped by courlan (trafilatura's URL library); on top of that the key ignores
what publishers vary for the same article: http or https, a leading www. or amp., an AMP
path segment, a trailing slash. The key is only a fingerprint: readers are shown the URL as
the page publishes it.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from courlan import normalize_url

_AMP_PATH = re.compile(r"(^/amp(?=/)|/amp/?$|\.amp$|\.amp(?=\.html?$))", re.IGNORECASE)
_HOST_PREFIX = re.compile(r"^(?:www\d?|amp|m)\.", re.IGNORECASE)


def url_key(url: str) -> str:
    """The address's fingerprint; other schemes (file://) are their own key."""
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        return url
    try:
        normal = normalize_url(url, strict=True, trailing_slash=False)
    except (ValueError, AttributeError):  # courlan refuses some odd hosts: keep what we have
        normal = url
    parts = urlsplit(normal)
    host = _HOST_PREFIX.sub("", (parts.hostname or "").lower())
    netloc = host if parts.port in (None, 80, 443) else f"{host}:{parts.port}"
    path = _AMP_PATH.sub("", parts.path).rstrip("/")
    return urlunsplit(("https", netloc, path, parts.query, ""))
