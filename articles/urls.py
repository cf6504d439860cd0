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
    """The address's fingerprint; other schemes (file://) and addresses too odd to take
    apart (a port of 99999) are their own key."""
    try:
        if urlsplit(url).scheme.lower() not in ("http", "https"):
            return url
        # Not strict: strict mode drops every query parameter courlan does not know, and
        # article.php?story=1 and ?story=2 are two articles. Trackers go either way.
        normal = normalize_url(url, strict=False, trailing_slash=False)
        parts = urlsplit(normal)
        host = (parts.hostname or "").lower()
        bare = _HOST_PREFIX.sub("", host)
        host = bare if "." in bare else host  # amp.dev stays amp.dev
        netloc = host if parts.port in (None, 80, 443) else f"{host}:{parts.port}"
    except (ValueError, AttributeError):  # courlan or urlsplit refuse it: keep it whole
        return url
    path = _AMP_PATH.sub("", parts.path).rstrip("/")
    return urlunsplit(("https", netloc, path, parts.query, ""))
