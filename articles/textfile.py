"""Plain-text and Markdown articles: title and site from the top, site chrome off the tail."""

from __future__ import annotations

import re
from pathlib import PurePath

from articles.errors import ExtractionError
from articles.extracted import Extracted

_MAX_TITLE_CHARS = 150


def extract_text_file(text: str, filename: str) -> Extracted:
    """Extract a plain-text or Markdown (.md, .markdown) article, dropping site chrome."""
    path = PurePath(filename)
    heading = None
    if path.suffix.lower() in {".md", ".markdown"}:
        heading, text = _clean_markdown(text)
    title, site, body = _split_text_article(text, find_title=heading is None)
    if not body:
        raise ExtractionError(
            f"No article text found in {filename!r}: the file is empty or holds only site "
            "navigation. Upload a .txt or .md file that contains the article's text."
        )
    return Extracted(
        title=shorten_title(heading or title or _prettify(path.stem) or body.split("\n", 1)[0]),
        text=body,
        site=site,
        language=None,
        url=None,
        published=None,
    )


def shorten_title(text: str) -> str:
    if len(text) <= _MAX_TITLE_CHARS:
        return text
    return text[:_MAX_TITLE_CHARS].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def _prettify(stem: str) -> str:
    words = re.sub(r"[-_.]+", " ", stem).split()
    pretty = " ".join(words)
    return pretty[:1].upper() + pretty[1:]


# Lines that open the comment box, share bar or footer that scrapers append to an article.
# A line is chrome when it *is* one of these (give or take punctuation and a count) ...
_CHROME_LINES = frozenset(
    {
        "related", "related articles", "related posts", "related stories", "related news",
        "read more", "read next", "more stories", "you may also like", "you might also like",
        "recommended", "recommended for you", "leave a reply", "leave a comment", "comments",
        "share", "share this", "share this article", "like this", "subscribe", "follow us",
        "back to top", "back to top button", "advertisement", "post navigation",
        "previous article", "next article", "tags", "loading", "about the author",
    }
)  # fmt: skip
# ... or starts with one of these phrases, too specific to open a sentence of an article.
_CHROME_PREFIXES = (
    "your email address will not be published", "click to share on", "share this:",
    "like this:", "tags:", "filed under:", "sign up for our newsletter",
    "subscribe to our newsletter", "you must be logged in to post a comment", "copyright ©",
    "©",
)  # fmt: skip
_CHROME_TAIL_LINES = 15  # chrome is only looked for among the last lines, in the second half
_SITE_SEPARATORS = (" | ", " – ", " — ", " - ")
_MD_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_MD_ATX = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_MD_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_MD_SKIP = re.compile(r"^\s{0,3}(?:([-*_])(?:\s*\1){2,}|\[[^\]]+\]:\s*\S+.*)\s*$")  # rule, ref
_MD_QUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")
_MD_INLINE = (
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # image → alt text
    (re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\[[^\]]*\])"), r"\1"),  # link → its text
    (re.compile(r"<((?:https?|mailto):[^>\s]+)>"), r"\1"),
    (re.compile(r"`([^`]+)`"), r"\1"),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=\S)([^_]+?)(?<=\S)_(?![\w_])"), r"\1"),  # not snake_case
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),
)


def _split_text_article(text: str, find_title: bool) -> tuple[str | None, str | None, str]:
    """(title, site, body) of a scraped text: section label and title line off, chrome off."""
    lines = [" ".join(line.split()) for line in text.lstrip("\ufeff").splitlines()]
    blocks = strip_chrome_tail(_blocks(lines))
    title = site = None
    if find_title and blocks:
        if parts := _site_title(blocks[0]):
            (title, site), blocks = parts, blocks[1:]
        elif len(blocks) > 1 and _is_label(blocks[0]) and (parts := _site_title(blocks[1])):
            (title, site), blocks = parts, blocks[2:]
        elif (
            len(blocks) > 1
            and blocks[0].islower()
            and _is_label(blocks[0])
            and _is_title(blocks[1])
        ):
            title, blocks = blocks[1], blocks[2:]
        elif _is_title(blocks[0]) and len(blocks) > 1:
            title, blocks = blocks[0], blocks[1:]
    return title, site, "\n\n".join(blocks)


def _blocks(lines: list[str]) -> list[str]:
    """Paragraphs are separated by blank lines; a text without any has one per line."""
    if "" not in "\n".join(lines).strip("\n").split("\n"):
        return [line for line in lines if line]
    return [b.strip() for b in re.split(r"\n\s*\n", "\n".join(lines)) if b.strip()]


def strip_chrome_tail(blocks: list[str]) -> list[str]:
    lines = [(i, line) for i, block in enumerate(blocks) for line in block.split("\n")]
    start = max(len(lines) - _CHROME_TAIL_LINES, (len(lines) - 1) // 2)
    for n, (i, line) in enumerate(lines[start:], start):
        if _is_chrome(line):
            kept = [line for j, line in lines[:n] if j == i]
            return [*blocks[:i], *(["\n".join(kept)] if kept else [])]
    return blocks


def _is_chrome(line: str) -> bool:
    key = line.casefold()
    bare = re.sub(r"[\s\d()\[\]:*.…!|-]+$", "", key)
    return bare in _CHROME_LINES or key.startswith(_CHROME_PREFIXES)


def _site_title(line: str) -> tuple[str, str] | None:
    """("Title", "Site") from a "Title | Site" line; None if it is not one."""
    if "\n" in line or len(line) > 250:
        return None
    for separator in _SITE_SEPARATORS:
        title, found, site = line.rpartition(separator)
        title, site = title.strip(), site.strip()
        if (
            found
            and len(title) > 1
            and 0 < len(site) <= 40
            and len(site.split()) <= 5
            and (site[0].isupper() or site[0].isdigit())
            and not site.endswith((".", ",", ";", ":", "!", "?"))
        ):
            return title, site
    return None


def _is_label(line: str) -> bool:
    """A section label ("world news") above the title: short, no sentence punctuation."""
    return (
        "\n" not in line
        and len(line) <= 40
        and len(line.split()) <= 4
        and not line.endswith((".", ":", "!", "?", ","))
        and _site_title(line) is None
    )


def _is_title(line: str) -> bool:
    return "\n" not in line and len(line) <= _MAX_TITLE_CHARS and not line.endswith((".", ","))


def _clean_markdown(text: str) -> tuple[str | None, str]:
    """Light Markdown → text; returns the first level-1 heading (or front-matter title)."""
    lines = text.lstrip("\ufeff").splitlines()
    title: str | None = None
    if lines and lines[0].strip() == "---":  # YAML front matter
        end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() == "---"), 0)
        for line in lines[1:end]:
            key, _, value = line.partition(":")
            if key.strip().lower() == "title" and value.strip():
                title = value.strip().strip("\"'")
        lines = lines[end + 1 :] if end else lines
    out: list[str] = []
    in_code = False
    for line in lines:
        if _MD_FENCE.match(line):
            in_code = not in_code
        elif in_code:
            out.append(line)
        elif heading := _MD_ATX.match(line):
            if heading.group(1) == "#" and title is None:
                title = _md_inline(heading.group(2))
            else:
                out += ["", _md_inline(heading.group(2)), ""]
        elif _MD_SETEXT.match(line) and out and out[-1].strip():
            if line.strip().startswith("=") and title is None:
                title = out.pop().strip()
            else:
                out.append("")
        elif not _MD_SKIP.match(line):
            out.append(_md_inline(_MD_QUOTE.sub("", line)))
    return title or None, "\n".join(out)


def _md_inline(text: str) -> str:
    for pattern, replacement in _MD_INLINE:
        text = pattern.sub(replacement, text)
    return text.strip()
