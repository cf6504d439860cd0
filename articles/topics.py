"""Whether an article matches a saved topic, and how strongly: the rule alerts and digests share.

A topic is a query in the question language. An article matches it when it holds every word
of the topic (a question ranks passages holding some of them; a topic asks for all), one
phrase of each group of "phrase" alternatives, none of the -exclusions, and passes its site:
and date filters. That is "everything that matches". "Best matches only" also needs the
article to be about the topic rather than mention it: its evidence (below) reaches
BEST_FLOOR, or its title holds every word of the topic.

Evidence is per article, not per passage: BM25's term saturation over the whole article
(tf (k1 + 1) / (tf + k1), no length penalty), weighted by each word's idf in the library and
divided by the most any article could reach, so that one floor serves topics of one word and
of three: 0.45 is one mention of each word, 0.63 two, 0.71 three.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Literal

from articles.errors import QueryError
from articles.search_index import K1
from index import (
    QUOTES,
    Percolator,
    Query,
    analyze,
    analyze_words,
    date_matches,
    find_phrase,
    parse_query,
    site_matches,
)

Sensitivity = Literal["best", "all"]
SENSITIVITIES: tuple[Sensitivity, ...] = ("best", "all")
# Chosen on bench/topic_relevance.py (Reuters TOPICS as subscriptions; bench/README.md).
BEST_FLOOR = 0.5
MAX_TOPIC_CHARS = 200

# term -> its idf in the library (the weight of each word of a topic).
Idf = Callable[[str], float]


@dataclass(frozen=True)
class Topic:
    """A topic compiled for one analyzer language."""

    key: int  # the subscription's id
    query: Query
    required: frozenset[str]
    # Groups of alternatives ("a b" OR "c d"): each alternative's terms.
    alternatives: tuple[tuple[frozenset[str], ...], ...]
    best_only: bool

    @property
    def words(self) -> frozenset[str]:
        """The terms evidence is weighed on: the required ones, else every alternative's."""
        if self.required:
            return self.required
        return frozenset(t for group in self.alternatives for alt in group for t in alt)


def parse_topic(text: str, language: str = "en") -> Query:
    """The topic's query, or a QueryError saying why it cannot be a topic."""
    text = text.replace("\x00", " ").strip()
    if not text:
        raise QueryError("Name a topic, for example: /subscribe crude oil")
    if len(text) > MAX_TOPIC_CHARS:
        raise QueryError(
            f"The topic is {len(text)} characters long; keep it under {MAX_TOPIC_CHARS}, "
            'for example: /subscribe "interest rates" -mortgage'
        )
    query = parse_query(_words_as_phrases_around_or(text), language)
    if not query.terms:
        raise QueryError(
            f"{text!r} has no word to look for (only operators or very common words); "
            "name a subject, for example: /subscribe coffee site:reuters.com"
        )
    return query


def _words_as_phrases_around_or(text: str) -> str:
    """`coffee OR tea` as `"coffee" OR "tea"`: in a question OR between plain words changes
    nothing (every word is optional), but a topic needs all its words, so OR must make
    alternatives of them, as it does of phrases."""
    tokens = text.split()
    plain = [
        not any(q in token for q in QUOTES) and not token.startswith("-") and ":" not in token
        for token in tokens
    ]
    for i, token in enumerate(tokens):
        if token == "OR" and 0 < i < len(tokens) - 1:
            for j in (i - 1, i + 1):
                if plain[j] and tokens[j] != "OR":
                    tokens[j], plain[j] = f'"{tokens[j]}"', False
    return " ".join(tokens)


def compile_topic(key: int, text: str, language: str, *, best_only: bool) -> Topic:
    query = parse_topic(text, language)
    optional: set[str] = set()
    alternatives: list[tuple[frozenset[str], ...]] = []
    required: set[str] = set()
    for group in query.phrase_groups:
        if len(group) == 1:
            required.update(group[0].terms)
        else:
            alternatives.append(tuple(frozenset(p.terms) for p in group))
            optional.update(t for p in group for t in p.terms)
    required.update(t for t in query.terms if t not in optional)
    return Topic(key, query, frozenset(required), tuple(alternatives), best_only)


@dataclass(frozen=True)
class ArticleText:
    """What matching needs of an article."""

    article_id: int
    title: str
    site: str | None
    url: str
    published_on: date | None
    language: str
    passages: tuple[str, ...]

    @cached_property
    def passage_terms(self) -> tuple[frozenset[str], ...]:
        return tuple(frozenset(analyze(text, self.language)) for text in self.passages)

    @cached_property
    def title_terms(self) -> frozenset[str]:
        return frozenset(analyze(self.title, self.language))

    @cached_property
    def sequences(self) -> tuple[tuple[str, ...], ...]:
        """Each passage's words, then the title's, stop words kept (what phrases match)."""
        return tuple(
            tuple(term for term, _, _ in analyze_words(text, self.language))
            for text in (*self.passages, self.title)
        )

    @cached_property
    def passage_counts(self) -> tuple[Counter[str], ...]:
        return tuple(Counter(analyze(text, self.language)) for text in self.passages)

    @cached_property
    def counts(self) -> Counter[str]:
        """Each term's count in the article: its passages and its title once."""
        counts = Counter(analyze(self.title, self.language))
        for text in self.passages:
            counts.update(analyze(text, self.language))
        return counts


@dataclass(frozen=True)
class TopicMatch:
    key: int
    article_id: int
    evidence: float
    best: bool  # a best match (the floor or the title), whatever the topic asked for
    passage: int  # the passage that shows why: the most topic words, then the most mentions


def saturation(tf: float) -> float:
    return tf * (K1 + 1) / (tf + K1) if tf > 0 else 0.0


def evidence(words: Iterable[str], counts: Counter[str], idf: Idf) -> float:
    """How much the article is about these words, from 0 to 1 (see the module docstring)."""
    weights = {term: idf(term) for term in words}
    best = sum(weights.values()) * (K1 + 1)
    if best <= 0:
        return 0.0
    return sum(w * saturation(counts.get(t, 0)) for t, w in weights.items()) / best


def match(topic: Topic, article: ArticleText, idf: Idf) -> TopicMatch | None:
    """The match of one topic and one article, or None (see the module docstring)."""
    query = topic.query
    every = article.counts.keys()
    if not topic.required <= every:
        return None
    # Every text of the article is analyzed once (ArticleText's cached sequences), not once
    # per topic: thousands of topics check the same few passages.
    sequences = article.sequences
    for group in query.phrase_groups:
        if not any(_holds(p.words, seq) for p in group for seq in sequences):
            return None
    if not (site_matches(query, article.site, article.url)
            and date_matches(query, article.published_on)):  # fmt: skip
        return None
    if not query.excluded_terms.isdisjoint(every) or any(
        _holds(p.words, seq) for p in query.excluded_phrases for seq in sequences
    ):
        return None
    words = topic.words & every
    score = evidence(words, article.counts, idf) if words else 0.0
    best = score >= BEST_FLOOR or bool(topic.required and topic.required <= article.title_terms)
    if topic.best_only and not best:
        return None
    return TopicMatch(topic.key, article.article_id, score, best, _showing(words, article))


def _holds(words: tuple[str, ...], sequence: tuple[str, ...]) -> bool:
    """Whether `words` occur consecutively in `sequence` (an empty phrase never does)."""
    return bool(words) and bool(find_phrase(words, list(sequence)))


def _showing(words: frozenset[str], article: ArticleText) -> int:
    """The passage that shows why: the most topic words, then the most mentions, then first."""
    if not article.passages:
        return 0

    def weight(i: int) -> tuple[int, int, int]:
        counts = article.passage_counts[i]
        held = [t for t in words if counts.get(t)]
        return len(held), sum(counts[t] for t in held), -i

    return max(range(len(article.passages)), key=weight)


@dataclass
class TopicMatcher:
    """Many topics against new articles through a percolator, one per analyzer language."""

    # key -> (topic text, best only)
    topics: dict[int, tuple[str, bool]]
    _compiled: dict[str, tuple[Percolator, dict[int, Topic]]] = field(default_factory=dict)

    def _for(self, language: str) -> tuple[Percolator, dict[int, Topic]]:
        built = self._compiled.get(language)
        if built is None:
            percolator, compiled = Percolator(), {}
            for key, (text, best_only) in self.topics.items():
                try:
                    topic = compile_topic(key, text, language, best_only=best_only)
                except QueryError:
                    continue  # no word in this language (all stop words): never matches
                compiled[key] = topic
                first = (next(iter(alt), "") for g in topic.alternatives[:1] for alt in g)
                percolator.add(key, topic.required, [t for t in first if t])
            built = self._compiled[language] = (percolator, compiled)
        return built

    def matches(self, article: ArticleText, idf: Idf) -> list[TopicMatch]:
        percolator, compiled = self._for(article.language)
        found = []
        for key in percolator.candidates(set(article.counts)):
            result = match(compiled[key], article, idf)
            if result is not None:
                found.append(result)
        return found

    def match_all(self, articles: Sequence[ArticleText], idf: Idf) -> list[TopicMatch]:
        return [m for article in articles for m in self.matches(article, idf)]
