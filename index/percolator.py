"""The reverse of a search: which saved queries could a new document match?

Matching every saved topic against every new article costs topics × articles. The
percolator indexes the topics by the terms they require instead, so a new article looks up
only the topics whose terms it holds: a topic is a candidate when the article holds all of
its required terms (or, for a topic of alternatives only, one of its alternatives' first
words). Candidates are then checked in full by the caller; the percolator never says yes to
a topic the full check would need terms the article lacks for.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable


class Percolator:
    """Topics (by integer key) indexed by the terms they need."""

    def __init__(self) -> None:
        self._by_term: defaultdict[str, list[int]] = defaultdict(list)
        self._needed: dict[int, int] = {}
        self._indexed: dict[int, set[str]] = {}  # the terms each topic is listed under
        self._always: list[int] = []  # topics with no term at all (filters only)

    def add(self, key: int, required: Collection[str], any_of: Iterable[str] = ()) -> None:
        """Index a topic: an article must hold every `required` term; with none required, at
        least one of `any_of`; with neither, every article is a candidate."""
        if key in self._needed:
            raise ValueError(f"topic {key} is already indexed")
        terms = set(required)
        if terms:
            needed = len(terms)
        else:
            terms = set(any_of)
            needed = 1 if terms else 0
        self._needed[key] = needed
        self._indexed[key] = terms
        if not needed:
            self._always.append(key)
        for term in terms:
            self._by_term[term].append(key)

    def remove(self, key: int) -> None:
        """Forget a topic (a subscription removed or changed); unknown keys are ignored."""
        if self._needed.pop(key, None) is None:
            return
        terms = self._indexed.pop(key)
        if not terms:
            self._always.remove(key)
        for term in terms:
            keys = self._by_term[term]
            keys.remove(key)
            if not keys:
                del self._by_term[term]

    def candidates(self, terms: Collection[str]) -> list[int]:
        """The topics a document holding `terms` may match, in key order."""
        hits: Counter[int] = Counter()
        for term in terms if isinstance(terms, set | frozenset) else set(terms):
            keys = self._by_term.get(term)
            if keys:
                hits.update(keys)
        found = [key for key, count in hits.items() if count >= self._needed[key]]
        return sorted([*found, *self._always])

    def __len__(self) -> int:
        return len(self._needed)
