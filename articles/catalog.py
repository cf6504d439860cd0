"""What the query filters look at, held in memory beside the index: each passage's article,
each article's site and date. A filter becomes a mask over passage ids in a few numpy
operations, never a scan of the database."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
from numpy.typing import NDArray

from index import Query, site_key, site_key_matches

_NO_DATE = np.iinfo(np.int32).min


@dataclass(frozen=True)
class ArticleFacts:
    article_id: int
    site: str | None
    url: str
    published_on: date | None
    ingested_at: datetime | None
    content_hash: str = ""  # what the article's text was when its passages were made
    language: str | None = None

    @property
    def day(self) -> date | None:
        """When the article was published, or else when it was ingested."""
        if self.published_on is not None:
            return self.published_on
        return self.ingested_at.date() if self.ingested_at is not None else None


class Catalog:
    """passage id → article id, article id → (site, url) key and day; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._article_of = np.full(0, -1, np.int64)  # by passage id
        self._site_key = np.full(0, -1, np.int64)  # by article id → index into _sites
        self._day = np.full(0, _NO_DATE, np.int64)  # by article id: date ordinal
        self._tag = np.full(0, -1, np.int64)  # by passage id: passage_tag()
        self._language = np.full(0, -1, np.int64)  # by article id → index into _languages
        self._languages: list[str | None] = []
        self._sites: list[tuple[str, str]] = []  # distinct site_key()s
        self._site_index: dict[tuple[str, str], int] = {}

    @property
    def size(self) -> int:
        """Room for every passage id seen so far (masks over passage ids have this length)."""
        return len(self._article_of)

    def article_of(self) -> NDArray[np.int64]:
        """Per passage id, its article's id (-1: none)."""
        with self._lock:
            return self._article_of

    def tags(self, passage_ids: NDArray[np.int64]) -> NDArray[np.int64]:
        """Per passage, its passage_tag() (-1: unknown): a saved index keeps these
        to tell, on load, whether a passage id still means the same passage."""
        with self._lock:
            inside = passage_ids < len(self._tag)
            tags = np.full(len(passage_ids), -1, np.int64)
            tags[inside] = self._tag[passage_ids[inside]]
            return tags

    def languages(self, passage_ids: Iterable[int]) -> Counter[str | None]:
        """How many of these passages each article language has (for counts kept in step)."""
        with self._lock:
            ids = np.fromiter(passage_ids, np.int64)
            ids = ids[ids < len(self._article_of)]
            articles = self._article_of[ids]
            articles = articles[(articles >= 0) & (articles < len(self._language))]
            codes = self._language[articles]
            return Counter(self._languages[code] for code in codes[codes >= 0].tolist())

    def add(self, passages: Iterable[tuple[int, int, ArticleFacts]]) -> None:
        """Note passages (id, position in the article, the article's facts); an article's
        newest facts win."""
        with self._lock:
            for passage_id, position, facts in passages:
                self._note_article(facts)
                self._article_of = _grown(self._article_of, passage_id, -1)
                self._article_of[passage_id] = facts.article_id
                self._tag = _grown(self._tag, passage_id, -1)
                self._tag[passage_id] = passage_tag(facts.content_hash, position)

    def mask(self, query: Query) -> NDArray[np.bool_] | None:
        """allowed[passage_id] for the query's site: and date filters; None when it has none."""
        if not (query.sites or query.excluded_sites or query.since or query.before):
            return None
        with self._lock:
            site_ok = np.array(
                [site_key_matches(query, key) for key in self._sites] + [False],
                np.bool_,
            )
            article_ok = site_ok[self._site_key]  # -1 (no such article) reads the False
            if query.since or query.before:
                days = self._day
                known = days != _NO_DATE
                ok = known.copy()
                if query.since is not None:
                    ok &= days >= query.since.toordinal()
                if query.before is not None:
                    ok &= days < query.before.toordinal()
                article_ok &= ok
            article_ok = np.append(article_ok, False)  # index -1: a passage of no article
            return article_ok[self._article_of]

    def _note_article(self, facts: ArticleFacts) -> None:
        key = site_key(facts.site, facts.url)
        code = self._site_index.get(key)
        if code is None:
            code = self._site_index[key] = len(self._sites)
            self._sites.append(key)
        article_id = facts.article_id
        self._site_key = _grown(self._site_key, article_id, -1)
        self._day = _grown(self._day, article_id, _NO_DATE)
        self._site_key[article_id] = code
        day = facts.day
        self._day[article_id] = day.toordinal() if day is not None else _NO_DATE
        if facts.language not in self._languages:
            self._languages.append(facts.language)
        self._language = _grown(self._language, article_id, -1)
        self._language[article_id] = self._languages.index(facts.language)


def _grown(array: NDArray[np.int64], index: int, fill: int) -> NDArray[np.int64]:
    """`array` long enough to hold `index` (doubling, so adds stay amortised O(1))."""
    if index < len(array):
        return array
    size = max(index + 1, 2 * len(array), 1024)
    grown = np.full(size, fill, np.int64)
    grown[: len(array)] = array
    return grown


def passage_tag(content_hash: str, position: int) -> int:
    """What a passage id stands for, as a non-negative int64: 60 bits of its article's content
    hash (hex sha256) mixed with its position in the article (so two passages of one article
    differ)."""
    if not content_hash:
        return -1
    return (int(content_hash[:15], 16) ^ (position * _GOLDEN)) & _SIXTY_BITS


_GOLDEN = 0x9E3779B97F4A7C15  # spreads consecutive positions over all the bits
_SIXTY_BITS = (1 << 60) - 1
