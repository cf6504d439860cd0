"""The query language shared by questions, alerts and digests, and the filters it implies.

Grammar (tokens are separated by whitespace; anything that is not an operator is text):

    word            optional term, ranked by BM25 (questions are natural language)
    "a phrase"      its words are ranked like plain words, AND the passage must hold them in
                    this order (stop words included: "to be or not to be" works)
    -word -"phrase" the passage must not hold the word (or the phrase); "-" counts only at the
                    start of a token and before a letter or a quote: China-North, - 5, -5 are text
    a OR b          plain words are optional anyway, so OR between words changes nothing; OR
                    between phrases (or a phrase and a word) makes them alternatives: the
                    passage needs one of them. OR elsewhere, or in lower case, is a word
    site:bbc.co.uk  the article's host (or a subdomain) or its site name; site:"China News";
                    several site: are alternatives; -site:x excludes
    since:D         published on or after D; before:D published strictly before D, where D
                    is 2024-01-31, 2024-01 or 2024 (its first day), today, yesterday, or
                    7d 2w 3m 1y (days, weeks, months, years ago)

Quotes are " “ ” „ « » ＂ (any closes any), so phones' curly quotes work. An unclosed quote
is dropped and the rest read as plain words. Operator names ignore case (phones capitalise the
first word). `parse_query` never raises: what it cannot use is ignored and described in
`Query.problems`.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit

from dateutil.relativedelta import relativedelta

from index.analyze import Span, analyze_marked

QUOTES = '"“”„«»＂'
_OPERATOR = re.compile(r"(site|since|before):", re.IGNORECASE)
_ABSOLUTE_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_RELATIVE_DATE = re.compile(r"(\d{1,5})([dwmy])")
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*://")
_DATE_HELP = "use {key}:2024-01-31 or {key}:7d"
_UNITS = {
    "d": relativedelta(days=1),
    "w": relativedelta(weeks=1),
    "m": relativedelta(months=1),
    "y": relativedelta(years=1),
}


@dataclass(frozen=True)
class Phrase:
    """A quoted phrase: `terms` for BM25 (stop words dropped), `words` to match in order."""

    text: str
    terms: tuple[str, ...]
    words: tuple[str, ...]


@dataclass(frozen=True)
class Query:
    """A parsed query; `terms` (in order, duplicates kept) is what BM25 ranks with."""

    text: str
    language: str
    terms: tuple[str, ...]
    phrases: tuple[Phrase, ...]
    # Each group is required: a passage must match one of its phrases ("a b" OR "c d").
    phrase_groups: tuple[tuple[Phrase, ...], ...]
    excluded_terms: frozenset[str]
    excluded_phrases: tuple[Phrase, ...]
    sites: tuple[str, ...]
    excluded_sites: tuple[str, ...]
    since: date | None
    before: date | None
    # The positive words with stop words kept: what to look for when `terms` is empty.
    fallback_terms: tuple[str, ...]
    problems: tuple[str, ...]

    @property
    def has_filters(self) -> bool:
        """Whether anything beyond ranking applies: phrases, exclusions, sites or dates."""
        return bool(
            self.phrase_groups or self.excluded_terms or self.excluded_phrases or self.sites
            or self.excluded_sites or self.since or self.before
        )  # fmt: skip

    @property
    def is_empty(self) -> bool:
        """No word to search for (not even a stop word) and no filter."""
        return not (self.terms or self.fallback_terms or self.has_filters)


@dataclass(frozen=True)
class _Item:
    kind: str  # "word", "phrase", or "operator" (which only breaks OR chains)
    raw: str
    negated: bool = False

    @property
    def is_operand(self) -> bool:
        return not (self.kind == "operator" or self.negated or self.is_or)

    @property
    def is_or(self) -> bool:
        return self.kind == "word" and self.raw == "OR" and not self.negated


def parse_query(text: str, language: str = "en", *, today: date | None = None) -> Query:
    """Parse `text`; never raises. `today` anchors since:7d (default: the local date)."""
    return _Parser(text, language, today).parse()


def analyze_words(text: str, language: str = "en") -> list[Span]:
    """Every word of `text` as analyze_spans gives it, stop words kept (case-folded, unstemmed)."""
    return [(word, start, end) for word, start, end, _ in analyze_marked(text, language)]


def make_phrase(text: str, language: str = "en") -> Phrase:
    """The phrase `text` analyzed both ways."""
    marked = analyze_marked(text, language)  # both analyses in one pass
    words = tuple(word for word, _, _, _ in marked)
    return Phrase(text, tuple(word for word, _, _, term in marked if term), words)


def find_phrase(words: tuple[str, ...], sequence: list[str]) -> list[int]:
    """Indices in `sequence` where `words` start as consecutive items."""
    n = len(words)
    if n == 0:
        return []
    return [
        i for i in range(len(sequence) - n + 1)
        if sequence[i] == words[0] and tuple(sequence[i : i + n]) == words
    ]  # fmt: skip


def phrase_matches(phrase: Phrase | str, passage_text: str, language: str = "en") -> bool:
    """Whether the phrase's words occur consecutively in the passage; an empty phrase never does."""
    if isinstance(phrase, str):
        phrase = make_phrase(phrase, language)
    sequence = [term for term, _, _ in analyze_words(passage_text, language)]
    return bool(find_phrase(phrase.words, sequence))


def matches_phrases(query: Query, passage_text: str, language: str | None = None) -> bool:
    """Whether the passage satisfies every required phrase group of the query."""
    if not query.phrase_groups:
        return True
    sequence = [term for term, _, _ in analyze_words(passage_text, language or query.language)]
    return all(
        any(find_phrase(phrase.words, sequence) for phrase in group)
        for group in query.phrase_groups
    )


def excluded(
    query: Query, passage_terms: Collection[str], passage_text: str, language: str | None = None
) -> bool:
    """Whether the passage holds an excluded term (among `passage_terms`) or excluded phrase."""
    if not query.excluded_terms.isdisjoint(passage_terms):
        return True
    if not query.excluded_phrases:
        return False
    sequence = [term for term, _, _ in analyze_words(passage_text, language or query.language)]
    return any(find_phrase(phrase.words, sequence) for phrase in query.excluded_phrases)


def site_matches(query: Query, site: str | None, url: str | None) -> bool:
    """Whether an article (its site name and URL) passes the query's site: and -site: filters."""
    return site_key_matches(query, site_key(site, url))


def site_key(site: str | None, url: str | None) -> tuple[str, str]:
    """What site: looks at: the site name (case-folded) and the URL's host, without www."""
    name = " ".join((site or "").casefold().split()).removeprefix("www.")
    try:
        host = (urlsplit(url or "").hostname or "").removeprefix("www.")
    except ValueError:  # "http://[::1" and other broken URLs
        host = ""
    return name, host


def site_key_matches(query: Query, key: tuple[str, str]) -> bool:
    """site_matches() for a site_key(): articles of one site share one key."""
    name, host = key

    def is_site(wanted: str) -> bool:
        return wanted in (name, host) or host.endswith("." + wanted)

    if query.sites and not any(is_site(wanted) for wanted in query.sites):
        return False
    return not any(is_site(unwanted) for unwanted in query.excluded_sites)


def date_matches(query: Query, published: date | None) -> bool:
    """Whether a publication date passes since: (inclusive) and before: (exclusive).

    An unknown date passes only when the query has no date filter.
    """
    if query.since is None and query.before is None:
        return True
    if published is None:
        return False
    day = published.date() if isinstance(published, datetime) else published
    return (query.since is None or day >= query.since) and (
        query.before is None or day < query.before
    )


def normalise_site(value: str) -> str:
    """`https://www.BBC.co.uk/news` → `bbc.co.uk`; a site name is case-folded."""
    site = " ".join(value.casefold().split())
    if " " in site:
        return site
    site = _SCHEME.sub("", site, count=1).split("/")[0].split("?")[0]
    return site.strip(".,;").removeprefix("www.")


class _Parser:
    def __init__(self, text: str, language: str, today: date | None) -> None:
        self.text, self.language, self.today = text, language, today
        self.items: list[_Item] = []
        self.sites: list[str] = []
        self.excluded_sites: list[str] = []
        self.dates: dict[str, date] = {}
        self.problems: list[str] = []

    def parse(self) -> Query:
        self._lex()
        since, before = self.dates.get("since"), self.dates.get("before")
        if since and before and since >= before:
            self.problems.append(f"since:{since} is not before before:{before}; nothing can match")
        items = self.items
        # OR is an operator only between two positive operands: items[k] links k-1 and k+1.
        links = {
            k for k in range(1, len(items) - 1)
            if items[k].is_or and items[k - 1].is_operand and items[k + 1].is_operand
        }  # fmt: skip
        terms: list[str] = []
        fallback: list[str] = []
        phrases: list[Phrase] = []
        groups: list[tuple[Phrase, ...]] = []
        chain: list[tuple[_Item, Phrase]] = []
        excluded_terms: set[str] = set()
        excluded_phrases: list[Phrase] = []
        for k, item in enumerate(items):
            if item.kind == "operator":
                continue
            if item.negated:
                self._exclude(item, excluded_terms, excluded_phrases)
                continue
            phrase = make_phrase(item.raw, self.language)
            fallback.extend(phrase.words)  # OR included: when all is stop words, it is a word
            if k in links:
                continue
            terms.extend(phrase.terms)
            if item.kind == "phrase":
                if phrase.words:
                    phrases.append(phrase)
                else:
                    self.problems.append(f'"{item.raw}" holds no words; ignored')
            chain.append((item, phrase))
            if k + 1 not in links:  # the chain of OR-ed operands ends here
                group = tuple(p for link, p in chain if p.words)
                if group and any(link.kind == "phrase" and p.words for link, p in chain):
                    groups.append(group)
                chain = []
        return Query(
            text=self.text,
            language=self.language,
            terms=tuple(terms),
            phrases=tuple(phrases),
            phrase_groups=tuple(groups),
            excluded_terms=frozenset(excluded_terms),
            excluded_phrases=tuple(excluded_phrases),
            sites=tuple(dict.fromkeys(self.sites)),
            excluded_sites=tuple(dict.fromkeys(self.excluded_sites)),
            since=since,
            before=before,
            fallback_terms=tuple(fallback),
            problems=tuple(self.problems),
        )

    def _lex(self) -> None:
        text, n, i = self.text, len(self.text), 0
        while i < n:
            if text[i].isspace():
                i += 1
                continue
            negated = (
                text[i] == "-" and i + 1 < n and (text[i + 1].isalpha() or text[i + 1] in QUOTES)
            )
            start = i + negated
            if text[start] in QUOTES:
                close = _find_quote(text, start + 1)
                if close < 0:
                    self.problems.append(
                        f"the quote {text[start]} is never closed; read what follows as plain words"
                    )
                    i = start + 1
                    continue
                if text[start + 1 : close].strip():
                    self.items.append(_Item("phrase", text[start + 1 : close], negated))
                else:
                    self.problems.append("empty quotes; ignored")
                i = close + 1
                continue
            end = _token_end(text, start)
            operator = _OPERATOR.match(text, start, end)
            if operator:
                i = self._operator(operator.group(1).lower(), operator.end(), end, negated)
                continue
            self.items.append(_Item("word", text[start:end], negated))
            i = end

    def _operator(self, key: str, value_start: int, end: int, negated: bool) -> int:
        """Read key:value (value maybe quoted); return where lexing resumes."""
        text, resume = self.text, end
        if value_start < len(text) and text[value_start] in QUOTES:
            close = _find_quote(text, value_start + 1)
            if close < 0:
                value = text[value_start + 1 : end]
            else:
                value, resume = text[value_start + 1 : close], close + 1
        else:
            value = text[value_start:end]
        self.items.append(_Item("operator", key))
        shown = f"{'-' * negated}{key}:{value}"
        value = value.strip()
        if not value:
            example = "site:example.com" if key == "site" else f"{key}:2024-01-31"
            self.problems.append(f"{key}: needs a value after the colon, e.g. {example}; ignored")
        elif key == "site":
            site = normalise_site(value)
            if site:
                (self.excluded_sites if negated else self.sites).append(site)
            else:
                self.problems.append(f"{shown} names no site; ignored")
        elif negated:
            other = "before" if key == "since" else "since"
            self.problems.append(f"{shown} cannot be negated (use {other}:{value}); ignored")
        else:
            day = self._date(value)
            if day is None:
                help_ = _DATE_HELP.format(key=key)
                self.problems.append(f"{shown} is not a date ({help_}); ignored")
            else:
                if key in self.dates:
                    self.problems.append(f"{key}: given twice; using {key}:{value}")
                self.dates[key] = day
        return resume

    def _date(self, value: str) -> date | None:
        value = value.casefold()
        if value in ("today", "yesterday"):
            return self._today() - timedelta(days=1 if value == "yesterday" else 0)
        if relative := _RELATIVE_DATE.fullmatch(value):
            return _ago(self._today(), int(relative.group(1)), relative.group(2))
        absolute = _ABSOLUTE_DATE.fullmatch(value)
        if absolute is None:
            return None
        year, month, day = (int(part or 1) for part in absolute.groups())
        try:
            return date(year, month, day)
        except ValueError:  # 2024-02-30, month 13, year 0
            return None

    def _today(self) -> date:
        if self.today is None:
            self.today = date.today()
        return self.today

    def _exclude(self, item: _Item, terms: set[str], phrases: list[Phrase]) -> None:
        phrase = make_phrase(item.raw, self.language)
        shown = f'-"{item.raw}"' if item.kind == "phrase" else f"-{item.raw}"
        if len(phrase.words) == 1 and len(phrase.terms) == 1:
            terms.add(phrase.terms[0])
        elif len(phrase.words) > 1:
            phrases.append(phrase)
        else:  # nothing, or one stop word that nearly every passage holds
            self.problems.append(f"{shown} would exclude almost everything; ignored")


def _find_quote(text: str, start: int) -> int:
    return next((i for i in range(start, len(text)) if text[i] in QUOTES), -1)


def _token_end(text: str, start: int) -> int:
    return next((i for i in range(start, len(text)) if text[i].isspace()), len(text))


def _ago(today: date, count: int, unit: str) -> date | None:
    """`count` days, weeks, months or years before `today`; None if before year 1.

    A month back from the 31st is the last day of the shorter month (relativedelta's rule).
    """
    try:
        day: date = today - _UNITS[unit] * count
    except (OverflowError, ValueError):
        return None
    return day
