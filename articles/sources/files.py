"""Article files on disk: which files count, and how each kind is read."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from articles.decode import decode_text
from articles.errors import ExtractionError
from articles.extract import Extracted, extract, extract_text_file

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES
# A news article is a few hundred kilobytes at most; anything far larger is not one.
MAX_FILE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class SourceFile:
    """A file to ingest, or the reason it cannot be (reported, never silently dropped)."""

    path: Path
    problem: str | None = None


def find_article_files(paths: Iterable[Path]) -> Iterator[SourceFile]:
    """Expand directories (recursively, sorted) into the article files they hold."""
    for path in paths:
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if child.suffix.lower() in SUPPORTED_SUFFIXES and not _hidden(child, path):
                    yield SourceFile(child)
        elif not path.exists():
            yield SourceFile(path, f"{path} does not exist; check the path")
        elif path.suffix.lower() not in SUPPORTED_SUFFIXES:
            kinds = ", ".join(sorted(SUPPORTED_SUFFIXES))
            yield SourceFile(path, f"{path.name}: unsupported file type; use one of {kinds}")
        else:
            yield SourceFile(path)


# Files beside the samples that say where they come from; they are not articles.
SAMPLE_NOTES = frozenset({"SOURCES.md", "CC-BY-SA4.0.txt"})


def bundled_samples_dir() -> Path:
    return Path(__file__).resolve().parents[1] / "samples"


def bundled_sample_files() -> list[Path]:
    """The sample articles shipped inside the package (the demo's library)."""
    return sorted(
        path
        for path in bundled_samples_dir().iterdir()
        if path.suffix.lower() in SUPPORTED_SUFFIXES and path.name not in SAMPLE_NOTES
    )


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def read_article_file(path: Path) -> Extracted:
    """Parse one article file by its suffix: text and Markdown as they are, HTML by extraction."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ExtractionError(
            f"{path.name} is {size / 1024 / 1024:.1f} MB, more than the "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB an article file may be; split it first"
        )
    data = path.read_bytes()
    if path.suffix.lower() in HTML_SUFFIXES:
        return extract(data, url=path.resolve().as_uri())
    return extract_text_file(decode_text(data, path.name), path.name)
