"""Hostile files: every source a user names, or a walk meets, gets a line saying what
happened; chrome-only text is no article; deep HTML still yields its text."""

from __future__ import annotations

import os
from pathlib import Path

from articles.library import Library
from articles.sources.files import find_article_files


def article(path: Path, title: str) -> Path:
    path.write_text(f"{title}\n\nThe {title.lower()} was reported by the harbour office today.")
    return path


def test_broken_links_get_a_line_each(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    article(folder / "a.txt", "Alpha")
    (folder / "gone.txt").symlink_to(folder / "nowhere.txt")
    (folder / "loop.md").symlink_to(folder / "loop.md")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8")  # not an article type: passed over
    named = tmp_path / "named.txt"
    named.symlink_to(tmp_path / "missing.txt")
    sources = {s.path.name: s.problem for s in find_article_files([folder, named])}
    assert sources["a.txt"] is None
    assert "is a link to nothing (it points to" in (sources["gone.txt"] or "")
    assert "is a link to nothing" in (sources["loop.md"] or "")
    assert "is a link to nothing" in (sources["named.txt"] or "")
    assert "photo.jpg" not in sources


def test_a_link_to_a_folder_is_reported_not_followed(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "itself").symlink_to(folder)  # followed, it would loop forever
    article(folder / "a.txt", "Alpha")
    problems = [s.problem for s in find_article_files([folder]) if s.problem]
    assert problems == [f"{folder / 'itself'}: a link to a folder is not followed; "
                        "name the folder itself"]  # fmt: skip


def test_an_unreadable_folder_gets_a_line(tmp_path: Path) -> None:
    """A folder the user may not read. Root reads any folder, so under root (CI) the walk runs
    in a forked child that has dropped to the unprivileged user "nobody"."""
    folder = tmp_path / "news"
    (folder / "secret").mkdir(parents=True)
    article(folder / "a.txt", "Alpha")
    article(folder / "secret" / "b.txt", "Beta")
    (folder / "secret").chmod(0)
    for part in (tmp_path, *tmp_path.parents):
        part.chmod(part.stat().st_mode | 0o005)  # let "nobody" reach it
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        try:
            if os.geteuid() == 0:
                os.setgid(65534)
                os.setuid(65534)
            lines = [f"{s.path.name} {s.problem}" for s in find_article_files([folder])]
            os.write(write, "\n".join(lines).encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        lines = pipe.read().splitlines()
    os.waitpid(child, 0)
    (folder / "secret").chmod(0o755)
    assert "a.txt None" in lines
    assert any(line.startswith("secret ") and "cannot read this folder" in line for line in lines)


def test_chrome_only_text_is_no_article(sqlite_url: str, tmp_path: Path) -> None:
    chrome = tmp_path / "chrome.txt"
    chrome.write_text(
        "Related articles\n\nRead more\n\nShare this:\n\nClick to share on Twitter\n\n"
        "Subscribe to our newsletter\n\nLeave a reply\n"
    )
    library = Library.open(sqlite_url)
    [result] = library.ingest_paths([chrome])
    assert result.status == "failed"
    assert result.error and "No article text found in 'chrome.txt'" in result.error
    library.close()


def test_deeply_nested_html_still_yields_its_text(sqlite_url: str, tmp_path: Path) -> None:
    page = tmp_path / "deep.html"
    body = (
        "<p>The lighthouse keeper logged the storm at midnight, and the ferry stayed in port.</p>"
    )
    page.write_text(
        "<html><head><title>Deep page</title></head><body>"
        + "<div>" * 100_000
        + body
        + "</div>" * 100_000
        + "</body></html>"
    )
    library = Library.open(sqlite_url)
    [result] = library.ingest_paths([page])
    assert result.status == "added", result.error
    assert library.search("lighthouse storm ferry").hits
    library.close()
