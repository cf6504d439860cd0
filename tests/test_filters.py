"""Filters applied as masks before the top k: the same hits as checking each ranked passage,
at any depth, with paging, and publication dates that since:/before: compare as dates."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from articles.extracted import Extracted
from articles.filters import passes
from articles.library import Library
from articles.models import Article, Passage
from articles.sources.files import bundled_sample_files
from index import parse_query

FRUIT = ("apple", "banana", "cherry")


def story(n: int, fruit: str, site: str, published: str | None) -> Extracted:
    text = (
        f"Story {n} from {site}. The {fruit} harvest of region {n % 7} was reported today. "
        f"Farmers said the {fruit} crop {'and the apple crop ' if n % 3 == 0 else ''}"
        f"grew after rain in week {n % 5}, and markets expect {n % 4} more deliveries."
    )
    return Extracted(f"{fruit.title()} story {n}", text, site, "en", None, published)


@pytest.fixture
def orchard(database_url: str) -> Iterator[Library]:
    """90 short stories over three sites, two of them with publication dates."""
    library = Library.open(database_url)
    for n in range(90):
        site = ("Orchard News", "Fruit Daily", "Farm Wire")[n % 3]
        published = None if n % 3 == 2 else f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}"
        url = f"https://{site.split()[0].lower()}.example/{n}"
        library.add_article(
            story(n, FRUIT[n % 3], site, published), url=url, kind="url", source=url
        )
    yield library
    library.close()


def reference(library: Library, query: str, k: int) -> list[int]:
    """Rank everything without filters, then check each passage: the slow, obvious way."""
    parsed = parse_query(query)
    plain = " ".join(parsed.terms)
    ranked = library.search(plain, k=1000).hits if plain else ()
    keep = []
    with library.sessions() as session:
        for hit in ranked:
            passage = session.get(Passage, hit.passage_id)
            article = session.get(Article, hit.article_id)
            assert passage is not None and article is not None
            day = article.published_on or article.ingested_at.date()
            if passes(
                parsed, passage.text, "en", title=article.title, site=article.site,
                url=article.url, day=day,
            ):  # fmt: skip
                keep.append(hit.passage_id)
    return keep[:k]


QUERIES = [
    "apple harvest",
    "apple harvest site:orchard.example",
    'apple site:"Fruit Daily"',
    "apple -site:orchard.example",
    "harvest -banana",
    "harvest -banana -cherry",
    "crop since:2024-06-01",
    "crop before:2024-03-01",
    "crop since:2024-02-01 before:2024-05-01 site:fruit.example",
    '"apple crop" harvest',
    '"apple crop" OR "banana crop" rain',
    'harvest -"apple crop"',
    "deliveries since:2030-01-01",
]


@pytest.mark.parametrize("query", QUERIES)
def test_masks_give_what_checking_each_passage_gives(orchard: Library, query: str) -> None:
    got = [h.passage_id for h in orchard.search(query, k=200).hits]
    assert got == reference(orchard, query, 200)


def test_a_filter_that_removes_the_best_200_still_finds_the_rest(database_url: str) -> None:
    """Before the masks, the first 200 hits were filtered after ranking and the search
    re-ran over the whole index; now the filtered few are found in one pass."""
    library = Library.open(database_url)
    for n in range(230):
        url = f"https://big.example/{n}"
        text = f"Apple apple apple orchard news number {n}, all about the apple harvest."
        library.add_article(
            Extracted(f"Apple {n}", text, None, "en", None, None), url=url, kind="url", source=url
        )
    for n in range(3):
        url = f"https://small.example/{n}"
        text = f"A long report {n} that mentions an apple once among many other words here."
        library.add_article(
            Extracted(f"Small {n}", text, None, "en", None, None), url=url, kind="url", source=url
        )
    hits = library.search("apple site:small.example", k=5).hits
    assert sorted(h.title for h in hits) == ["Small 0", "Small 1", "Small 2"]
    assert library.search("apple -orchard", k=5).hits[0].title.startswith("Small")
    library.close()


def test_pages_follow_each_other(orchard: Library) -> None:
    everything = orchard.search("harvest crop", k=30)
    pages = [orchard.search("harvest crop", k=7, offset=o) for o in range(0, 30, 7)]
    assert [h.passage_id for page in pages for h in page.hits][:30] == [
        h.passage_id for h in everything.hits
    ]
    assert [h.rank for h in pages[1].hits] == list(range(8, 15))
    assert pages[0].has_more
    last = orchard.search("harvest crop", k=10, offset=85)
    assert last.hits and not last.has_more
    assert orchard.search("harvest crop", k=10, offset=500).hits == ()


def test_publication_dates_are_dates_through_since_and_before(database_url: str) -> None:
    library = Library.open(database_url)
    for n, published in enumerate(["2023-12-31", "Mon, 15 Jan 2024 10:00:00 GMT", "2024-02-29"]):
        url = f"https://dates.example/{n}"
        text = f"The comet was seen again in report {n} by the observatory."
        library.add_article(
            Extracted(f"Comet {n}", text, None, "en", None, published),
            url=url,
            kind="url",
            source=url,
        )
    with library.sessions() as session:
        days = sorted(a.published_on for a in session.query(Article))
    assert days == [date(2023, 12, 31), date(2024, 1, 15), date(2024, 2, 29)]

    def titles(query: str) -> list[str]:
        return sorted(h.title for h in library.search(query, k=10).hits)

    assert titles("comet since:2024") == ["Comet 1", "Comet 2"]
    assert titles("comet before:2024-01-15") == ["Comet 0"]
    assert titles("comet since:2024-01-15 before:2024-02-29") == ["Comet 1"]
    assert titles("comet since:2024-03") == []
    library.close()


def test_the_samples_answer_with_filters(database_url: str) -> None:
    library = Library.open(database_url)
    library.ingest_paths(bundled_sample_files())
    for query in ('treaty site:"China News"', "treaty -Pyongyang", '"mutual assistance"'):
        got = [h.passage_id for h in library.search(query, k=50).hits]
        assert got and got == reference(library, query, 50)
    library.close()


def test_filters_work_after_a_restart_from_the_saved_index(
    database_url: str, tmp_path: Path
) -> None:
    index_dir = tmp_path / "index"
    first = Library.open(database_url, index_dir)
    for n, site in enumerate(("North Post", "South Post")):
        url = f"https://{site.split()[0].lower()}.example/{n}"
        first.add_article(
            Extracted(f"{site} comet", f"A comet was seen over the bay by {site}.", site,
                      "en", None, "2024-05-0" + str(n + 1)),
            url=url, kind="url", source=url,
        )  # fmt: skip
    first.close()
    again = Library.open(database_url, index_dir)
    assert [h.site for h in again.search('comet site:"South Post"').hits] == ["South Post"]
    assert [h.site for h in again.search("comet before:2024-05-02").hits] == ["North Post"]
    assert len(again.search("comet -bay").hits) == 0
    again.close()
