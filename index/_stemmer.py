"""A typed wrapper around PyStemmer (which ships no type information)."""

from __future__ import annotations

import functools

import Stemmer as _pystemmer  # type: ignore[import-untyped, unused-ignore]


class Stemmer:
    """A Snowball stemmer for one algorithm ("english", "french", ...)."""

    def __init__(self, algorithm: str) -> None:
        self._stemmer = _pystemmer.Stemmer(algorithm)

    def stem_words(self, words: list[str]) -> list[str]:
        """The stem of each word, in order."""
        stems: list[str] = self._stemmer.stemWords(words)
        return stems


@functools.cache
def _algorithms() -> frozenset[str]:
    return frozenset(_pystemmer.algorithms())


def stemmer_algorithm(name: str) -> str | None:
    """`name` if PyStemmer has that algorithm, else None (no stemming)."""
    return name if name in _algorithms() else None
