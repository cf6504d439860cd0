"""The query's filters applied to one passage: the reference for the masks the search service
builds from the index, and what topic alerts check a new article's passages against."""

from __future__ import annotations

from datetime import date

from index import Query, analyze, date_matches, excluded, matches_phrases, site_matches


def passes(
    query: Query,
    text: str,
    language: str,
    *,
    title: str,
    site: str | None,
    url: str,
    day: date | None,
) -> bool:
    """Whether a passage (of an article with this title, site, URL and day) survives the
    query's phrases, exclusions (in the passage or its title, as the index holds it), sites
    and dates."""
    terms = {*analyze(text, language), *analyze(title, language)}
    return (
        site_matches(query, site, url)
        and date_matches(query, day)
        and matches_phrases(query, text, language)
        and not excluded(query, terms, text, language)
    )


def needs_text(query: Query) -> bool:
    """Whether the filters need the passage text (phrases), beyond what masks can decide."""
    return bool(query.phrase_groups or query.excluded_phrases)


def text_passes(query: Query, text: str, language: str) -> bool:
    """The part of passes() that masks cannot decide: phrases, in order, in the text."""
    return matches_phrases(query, text, language) and not excluded(query, (), text, language)
