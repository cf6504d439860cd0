"""What extraction yields for any kind of source."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Extracted:
    """An extracted article; ``text`` is the body, paragraphs separated by a blank line."""

    title: str
    text: str
    site: str | None
    language: str | None
    url: str | None  # the page's canonical address, as it publishes it
    published: str | None
    author: str | None = None
