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
from itertools import chain, pairwise
from typing import Literal, NamedTuple

from articles.errors import QueryError
from articles.search_index import K1
from index import (
    QUOTES,
    Percolator,
    Query,
    analyze_marked,
    date_matches,
    parse_query,
    site_key,
    site_key_matches,
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

    @cached_property
    def words(self) -> frozenset[str]:
        """The terms evidence is weighed on: the required ones, else every alternative's."""
        if self.required:
            return self.required
        return frozenset(t for group in self.alternatives for alt in group for t in alt)

    @cached_property
    def filtered(self) -> bool:
        """Whether matching checks more than words: phrases, exclusions, sites or dates."""
        q = self.query
        return bool(q.phrase_groups or q.excluded_terms or q.excluded_phrases or q.sites
                    or q.excluded_sites or q.since or q.before)  # fmt: skip


def parse_topic(text: str, language: str = "en", *, today: date | None = None) -> Query:
    """The topic's query, or a QueryError saying why it cannot be a topic. `today` anchors
    relative dates (since:7d; default: the local date)."""
    text = text.replace("\x00", " ").strip()
    if not text:
        raise QueryError("Name a topic, for example: /subscribe crude oil")
    if len(text) > MAX_TOPIC_CHARS:
        raise QueryError(
            f"The topic is {len(text)} characters long; keep it under {MAX_TOPIC_CHARS}, "
            'for example: /subscribe "interest rates" -mortgage'
        )
    query = parse_query(_words_as_phrases_around_or(text), language, today=today)
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


def compile_topic(
    key: int, text: str, language: str, *, best_only: bool, today: date | None = None
) -> Topic:
    query = parse_topic(text, language, today=today)
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
    """What matching needs of an article. Every text is analysed once (`_analysed`), not once
    per topic or per use: thousands of topics check the same few passages."""

    article_id: int
    title: str
    site: str | None
    url: str
    published_on: date | None
    language: str
    passages: tuple[str, ...]

    @cached_property
    def _analysed(self) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
        """Each passage's words and terms, then the title's."""
        analysed = []
        for text in (*self.passages, self.title):
            marked = analyze_marked(text, self.language)
            words = tuple(word for word, _, _, _ in marked)
            analysed.append((words, tuple(word for word, _, _, term in marked if term)))
        return tuple(analysed)

    @cached_property
    def passage_counts(self) -> tuple[Counter[str], ...]:
        return tuple(Counter(terms) for _, terms in self._analysed[:-1])

    @cached_property
    def title_terms(self) -> frozenset[str]:
        return frozenset(self._analysed[-1][1])

    @cached_property
    def counts(self) -> Counter[str]:
        """Each term's count in the article: its passages and its title once."""
        return Counter(chain.from_iterable(terms for _, terms in self._analysed))

    @cached_property
    def terms(self) -> frozenset[str]:
        return frozenset(self.counts)

    @cached_property
    def sequences(self) -> tuple[tuple[str, ...], ...]:
        """Each passage's words, then the title's, stop words kept (what phrases match)."""
        return tuple(words for words, _ in self._analysed)

    @cached_property
    def words(self) -> frozenset[str]:
        """Every word and term of the article (a term stands in for its word)."""
        return frozenset().union(*self.sequences)

    @cached_property
    def _pairs(self) -> frozenset[tuple[str, str]]:
        """Every two consecutive words of a text: most phrases are two words long."""
        return frozenset().union(*(pairwise(seq) for seq in self.sequences))

    def holds(self, words: tuple[str, ...]) -> bool:
        """Whether `words` occur consecutively in one text (an empty phrase never does)."""
        n = len(words)
        if n == 0 or words[0] not in self.words:
            return False
        if n == 1:
            return True
        pairs = self._pairs
        if not all(pair in pairs for pair in pairwise(words)):
            return False
        if n == 2:
            return True
        for sequence in self.sequences:
            at = -1
            try:
                while True:  # tuple.index finds each start in C
                    at = sequence.index(words[0], at + 1)
                    if sequence[at : at + n] == words:
                        return True
            except ValueError:
                continue
        return False

    @cached_property
    def site_key(self) -> tuple[str, str]:
        return site_key(self.site, self.url)

    @cached_property
    def _shown(self) -> dict[frozenset[str], int]:
        return {}

    @cached_property
    def _weighed(self) -> dict[str, tuple[float, float]]:
        return {}

    def evidence(self, words: frozenset[str], idf: Idf) -> float:
        """evidence(words, self.counts, idf), each word weighed once per article (hundreds of
        topics share its words); the same sums in the same order, so the same floats."""
        weighed, total, held = self._weighed, 0.0, 0.0
        for term in words:
            pair = weighed.get(term)
            if pair is None:
                weight = idf(term)
                pair = weighed[term] = (weight, weight * saturation(self.counts.get(term, 0)))
            total += pair[0]
            held += pair[1]
        best = total * (K1 + 1)
        return held / best if best > 0 else 0.0

    def showing(self, words: frozenset[str]) -> int:
        """The passage that shows why: the most topic words, then the most mentions, then
        first (remembered per word set: many topics share their words)."""
        found = self._shown.get(words)
        if found is None:
            found = self._shown[words] = _showing(words, self)
        return found


class TopicMatch(NamedTuple):  # thousands a second: a tuple is made fastest
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
    every = article.terms
    if not topic.required <= every:
        return None
    if topic.filtered and not _passes(topic.query, article):
        return None
    # Required words are all in the article (above); alternatives' words may not be.
    words = topic.words if topic.required else topic.words & every
    score = article.evidence(words, idf) if words else 0.0
    best = score >= BEST_FLOOR or bool(topic.required and topic.required <= article.title_terms)
    if topic.best_only and not best:
        return None
    return TopicMatch(topic.key, article.article_id, score, best, article.showing(words))


def _passes(query: Query, article: ArticleText) -> bool:
    """The checks beyond words: phrases, sites, dates and exclusions."""
    for group in query.phrase_groups:
        if not any(article.holds(p.words) for p in group):
            return False
    if not (site_key_matches(query, article.site_key)
            and date_matches(query, article.published_on)):  # fmt: skip
        return False
    return query.excluded_terms.isdisjoint(article.terms) and not any(
        article.holds(p.words) for p in query.excluded_phrases
    )


def _showing(words: frozenset[str], article: ArticleText) -> int:
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
    # The day relative dates (since:7d) count from: a matcher is for one day (AlertService
    # makes a new one when the date changes).
    today: date | None = None
    _compiled: dict[str, tuple[Percolator, dict[int, Topic]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.topics = dict(self.topics)  # the caller's dict may change: update() compares

    def _for(self, language: str) -> tuple[Percolator, dict[int, Topic]]:
        built = self._compiled.get(language)
        if built is None:
            built = self._compiled[language] = (Percolator(), {})
            self._compile(language, self.topics, *built)
        return built

    def _compile(
        self,
        language: str,
        topics: dict[int, tuple[str, bool]],
        percolator: Percolator,
        compiled: dict[int, Topic],
    ) -> None:
        for key, (text, best_only) in topics.items():
            try:
                topic = compile_topic(key, text, language, best_only=best_only, today=self.today)
            except QueryError:
                continue  # no word in this language (all stop words): never matches
            compiled[key] = topic
            # A phrase holds on words, stop words too ("the others" holds in "the other",
            # whose "other" is no term): alternatives are looked up by their first words.
            alternatives = next((g for g in topic.query.phrase_groups if len(g) > 1), ())
            percolator.add(key, topic.required, [p.words[0] for p in alternatives if p.words])

    def update(self, topics: dict[int, tuple[str, bool]]) -> None:
        """Bring the matcher to these topics, compiling only the new and changed ones (all
        10,000 take 0.6 s; a subscription made or removed should not cost that)."""
        changed = {key: topic for key, topic in topics.items() if self.topics.get(key) != topic}
        gone = [key for key, topic in self.topics.items() if topics.get(key) != topic]
        for language, (percolator, compiled) in self._compiled.items():
            for key in gone:
                compiled.pop(key, None)
                percolator.remove(key)
            self._compile(language, changed, percolator, compiled)
        self.topics = dict(topics)

    def matches(self, article: ArticleText, idf: Idf) -> list[TopicMatch]:
        percolator, compiled = self._for(article.language)
        found = []
        for key in percolator.candidates(article.words):
            result = match(compiled[key], article, idf)
            if result is not None:
                found.append(result)
        return found

    def match_all(self, articles: Sequence[ArticleText], idf: Idf) -> list[TopicMatch]:
        return [m for article in articles for m in self.matches(article, idf)]
