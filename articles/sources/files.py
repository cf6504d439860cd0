"""Article files on disk: which files count, and how each kind is read."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from articles.decode import decode_text
from articles.errors import ExtractionError
from articles.extract import Extracted, extract, extract_text_file, require_text

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
    """Expand directories (recursively, sorted) into the article files they hold; what a
    walk cannot read (a folder without permission, a broken link) is a source with a problem."""
    for path in paths:
        if path.is_dir():
            yield from _walk(path)
        elif path.is_symlink() and not path.exists():
            yield SourceFile(path, f"{path} is a link to nothing ({_target(path)}); fix the link")
        elif not path.exists():
            yield SourceFile(path, f"{path} does not exist; check the path")
        elif path.suffix.lower() not in SUPPORTED_SUFFIXES:
            kinds = ", ".join(sorted(SUPPORTED_SUFFIXES))
            yield SourceFile(path, f"{path.name}: unsupported file type; use one of {kinds}")
        else:
            yield SourceFile(path)


def _walk(root: Path) -> Iterator[SourceFile]:
    found: list[SourceFile] = []

    def unreadable(error: OSError) -> None:
        where = Path(error.filename) if error.filename else root
        found.append(SourceFile(where, f"{where}: cannot read this folder ({error.strerror})"))

    for folder, subfolders, files in os.walk(root, onerror=unreadable):
        here = Path(folder)
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        for name in subfolders:
            if (here / name).is_symlink():
                found.append(
                    SourceFile(here / name, f"{here / name}: a link to a folder is not followed; "
                               "name the folder itself")
                )  # fmt: skip
        for name in files:
            path = here / name
            if name.startswith(".") or path.suffix.lower() not in SUPPORTED_SUFFIXES:
                continue
            if path.is_symlink() and not path.exists():
                found.append(
                    SourceFile(path, f"{path} is a link to nothing ({_target(path)}); fix the link")
                )
            else:
                found.append(SourceFile(path))
    yield from sorted(found, key=lambda source: source.path)


def _target(link: Path) -> str:
    try:
        return f"it points to {os.readlink(link)}"
    except OSError as exc:
        return exc.strerror or "unreadable"


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
        return require_text(extract(data, url=path.resolve().as_uri()), path.name)
    return extract_text_file(decode_text(data, path.name), path.name)
