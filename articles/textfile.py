"""Plain-text and Markdown articles: title and site from the top, site chrome off the tail."""

from __future__ import annotations

import re
from functools import cache
from pathlib import PurePath

import lxml.html
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from articles.errors import ExtractionError
from articles.extracted import Extracted

_MAX_TITLE_CHARS = 150
# Fewer words than this is a stub, an error page or a menu, not an article (HTML pages; a
# text file is refused when nothing but site chrome is left).
MIN_WORDS = 8


def extract_text_file(text: str, filename: str) -> Extracted:
    """Extract a plain-text or Markdown (.md, .markdown) article, dropping site chrome."""
    path = PurePath(filename)
    heading = None
    if path.suffix.lower() in {".md", ".markdown"}:
        heading, text = _clean_markdown(text)
    title, site, body = _split_text_article(text, find_title=heading is None)
    body = "\n\n".join(block for block in body.split("\n\n") if not _is_chrome(block.strip()))
    if not body.strip():
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
_HTML_BREAK = re.compile(r"<br\b", re.IGNORECASE)


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
    """Markdown → plain paragraphs; returns the first level-1 heading (or front-matter title)."""
    title: str | None = None
    blocks: list[str] = []
    items: list[str] | None = None  # the lines of the outermost list being read
    depth = 0
    row: list[str] = []
    tokens = _markdown().parse(text.lstrip("\ufeff"))
    for i, token in enumerate(tokens):
        kind = token.type
        if kind == "front_matter":
            title = _front_matter_title(token.content)
        elif kind in ("bullet_list_open", "ordered_list_open"):
            depth += 1
            items = [] if depth == 1 else items
        elif kind in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
            if depth == 0 and items:
                blocks.append("\n".join(items))
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close":
            blocks.append(" ".join(cell for cell in row if cell))
        elif kind in ("fence", "code_block"):
            blocks.append(token.content.strip("\n"))
        elif kind == "html_block":
            blocks.append(_html_text(token.content))
        elif kind == "inline":
            line = _inline_text(token.children or [])
            opener = tokens[i - 1]
            if opener.type == "heading_open" and opener.tag == "h1" and title is None:
                title = line
            elif opener.type in ("th_open", "td_open"):
                row.append(line)
            elif items is not None and depth:
                items.append(line)
            else:
                blocks.append(line)
    return title or None, "\n\n".join(block for block in blocks if block.strip())


@cache
def _markdown() -> MarkdownIt:
    return (
        MarkdownIt("commonmark")
        .enable(["table", "strikethrough"])
        .use(front_matter_plugin)
        .use(footnote_plugin)
    )


def _inline_text(children: list[Token]) -> str:
    """The words of an inline run: link texts, image alt texts, no markup, no footnote marks."""
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "image":
            parts.append(_inline_text(child.children or []))
        elif child.type == "softbreak" or (
            child.type == "html_inline" and _HTML_BREAK.match(child.content)
        ):
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
    return "".join(parts).strip()


def _html_text(html: str) -> str:
    """The text of a raw HTML block; comments, scripts and styles have none."""
    fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    for node in fragment.xpath("//script | //style"):
        node.drop_tree()
    return " ".join(fragment.text_content().split())


def _front_matter_title(front_matter: str) -> str | None:
    for line in front_matter.splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() == "title" and value.strip():
            return value.strip().strip("\"'")
    return None
