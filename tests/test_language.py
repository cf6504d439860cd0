"""Language detection picks the stemmer; a German article is found by a German question."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from articles.language import detect_language
from articles.library import Library

GERMAN = (
    "# Grundlagenvertrag\n\nDie beiden Staaten unterzeichneten die Verträge im Dezember 1972 in "
    "Ost-Berlin. Die Verhandlungen über den Vertrag hatten fast ein Jahr gedauert, und viele "
    "Abgeordnete stimmten gegen die Ratifizierung.\n"
)
ENGLISH = (
    "# Harbour works\n\nThe harbour of the old town was rebuilt after the storm. Workers "
    "repaired the walls and the lighthouse during the long and cold winter months.\n"
)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("When was the China-North Korea treaty signed by the two countries?", "en"),
        ("Wann wurde der Vertrag zwischen den beiden Ländern unterzeichnet?", "de"),
        ("Le traité a été signé en 1961 entre la Chine et la Corée du Nord.", "fr"),
        ("treaty 1961", None),
        ("", None),
    ],
)
def test_detect_language(text: str, language: str | None) -> None:
    assert detect_language(text) == language


@pytest.fixture
def library(sqlite_url: str) -> Iterator[Library]:
    lib = Library.open(sqlite_url)
    yield lib
    lib.close()


def test_articles_are_stemmed_in_their_own_language(library: Library, tmp_path: Path) -> None:
    (tmp_path / "de.md").write_text(GERMAN, encoding="utf-8")
    (tmp_path / "en.md").write_text(ENGLISH, encoding="utf-8")
    assert [r.status for r in library.ingest_paths([tmp_path])] == ["added", "added"]
    # German stemming joins "Vertrag" and "Verträge"; an English stemmer would not.
    [hit] = library.search("Wann wurde der Vertrag unterzeichnet?").hits
    assert hit.title == "Grundlagenvertrag"
    bold = {hit.excerpt[s:e] for s, e in hit.highlights}
    assert {"Verträge", "Vertrag", "unterzeichneten"} <= bold
    assert library.search("lighthouse harbour").hits[0].title == "Harbour works"


def test_a_language_given_by_the_user_wins(library: Library, tmp_path: Path) -> None:
    (tmp_path / "en.md").write_text(ENGLISH, encoding="utf-8")
    [result] = library.ingest_paths([tmp_path / "en.md"], language="de")
    assert result.status == "added"
    assert library.index.query_language("anything at all") == "de"


def test_a_replaced_article_takes_its_language_with_it(sqlite_url: str) -> None:
    """The last German article replaced by an English one: the running library is English
    again, as a fresh one on the same database is (a question is no longer read as German)."""
    from articles.extracted import Extracted

    def page(text: str, language: str) -> Extracted:
        return Extracted("Station", text, None, language, None, None)

    running = Library.open(sqlite_url)
    running.add_article(
        page("The railway timetable lists trains to Berlin and Munich every hour.", "en"),
        url="https://x.org/en", kind="url", source="en",
    )  # fmt: skip
    german = "Der Bahnhof liegt im Zentrum der Stadt und die Züge fahren jede Stunde nach Berlin."
    running.add_article(page(german, "de"), url="https://x.org/de", kind="url", source="de")
    question = "Wann fahren die Züge nach Berlin vom Bahnhof"
    assert running.index.query_language(question) == "de"
    english = "The station is in the centre of the town and trains run every hour to Berlin."
    running.add_article(page(english, "en"), url="https://x.org/de", kind="url", source="de")
    fresh = Library.open(sqlite_url)
    assert running.index.query_language(question) == fresh.index.query_language(question) == "en"
    running.close()
    fresh.close()
