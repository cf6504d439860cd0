"""Turn an HTML page, a plain-text or a Markdown file into an article: title, body, metadata."""

from __future__ import annotations

import codecs
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any
from urllib.parse import urlsplit

import trafilatura
from trafilatura.settings import Document
from trafilatura.utils import decode_file

from articles.errors import ExtractionError


@dataclass(frozen=True)
class Extracted:
    """An extracted article; ``text`` is the body, paragraphs separated by a blank line."""

    title: str
    text: str
    site: str | None
    language: str | None
    url: str | None
    published: str | None


# Fewer words than this is a stub, an error page or a menu, not an article.
MIN_WORDS = 8
_MAX_TITLE_CHARS = 150

# The HTML standard reads these labels as windows-1252 (browsers do too), and a meta tag that
# claims UTF-16 can only have been read because the bytes are ASCII-compatible.
_CHARSET_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "utf-16": "utf-8",
    "utf-16le": "utf-8",
    "utf-16be": "utf-8",
}
_DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)"""
    rb"""|<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)""",
    re.IGNORECASE,
)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_WORD = re.compile(r"\w+")
_INLINE_TAGS = frozenset({"hi", "ref", "del", "span", "code", "graphic"})
# A row of plain cells stays one paragraph; a cell holding paragraphs is split into them.
_BLOCK_TAGS = frozenset({"p", "head", "quote", "list", "item", "table", "row", "div"})

# Trafilatura logs these when it gives up on a page; we raise ExtractionError instead, so
# they would only repeat the same news, louder, in the bot's log.
_NOISE = frozenset(
    {
        "discarding data: %s",
        "empty HTML tree: %s",
        "lxml parsing failed: %s",
        "lxml parser bytestring %s",
        "parsed tree length: %s, wrong data type or not valid HTML",
    }
)


class _DropNoise(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return record.msg not in _NOISE


_DROP_NOISE = _DropNoise()
_NOISY_LOGGERS = ("trafilatura.core", "trafilatura.utils")


@contextmanager
def _quiet_trafilatura() -> Iterator[None]:
    loggers = [logging.getLogger(name) for name in _NOISY_LOGGERS]
    for logger in loggers:
        logger.addFilter(_DROP_NOISE)
    try:
        yield
    finally:
        for logger in loggers:
            logger.removeFilter(_DROP_NOISE)


def decode_html(raw: bytes) -> str:
    """Decode HTML bytes: BOM, valid UTF-8, the declared charset, then a guess."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return raw[len(bom) :].decode(encoding, errors="replace")
    # Bytes in a legacy charset are hardly ever valid UTF-8 by chance, while pages re-saved as
    # UTF-8 often keep a stale <meta charset>, so valid UTF-8 wins over the declaration.
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _declared_charset(raw[:4096])
    if declared is not None:
        return raw.decode(declared, errors="replace")
    # trafilatura's decoder guesses with charset_normalizer (and un-gzips).
    text: str = decode_file(raw)
    return text


def _declared_charset(head: bytes) -> str | None:
    match = _DECLARED_CHARSET.search(head)
    if match is None:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii").lower()
    label = _CHARSET_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None  # an unknown label is no better than no label


def extract(html: str | bytes, url: str | None = None) -> Extracted:
    """Extract the main text and metadata of an HTML page; raise ExtractionError if none."""
    page = decode_html(html) if isinstance(html, bytes) else html
    where = url or "the HTML page"
    if not page.strip():
        raise _no_text(where)
    with _quiet_trafilatura():
        tree = trafilatura.load_html(page)
        doc = None
        if tree is not None:
            doc = trafilatura.bare_extraction(
                tree, url=url, with_metadata=True, include_comments=False
            )
    if tree is None or not isinstance(doc, Document) or not doc.text:
        raise _no_text(where)

    title = _first(doc.title, _xpath_text(tree, "//title"), _meta(tree, "og:title"))
    links = _link_texts(tree)
    blocks = ["\n".join(lines) for lines in _block_lines(doc.body) if lines]
    # Menu items and the headline that trafilatura's fallbacks keep above the article.
    skip = links | {_norm(title or "")}
    while blocks and _norm(blocks[0].partition("\n")[0]) in skip:
        blocks[0] = blocks[0].partition("\n")[2]
        blocks = blocks if blocks[0] else blocks[1:]
    blocks = _strip_chrome_tail(blocks)
    content = (line for block in blocks for line in block.split("\n") if _norm(line) not in links)
    if sum(len(_WORD.findall(line)) for line in content) < MIN_WORDS:
        raise _no_text(where)
    # Line breaks inside a block are <br>s or source layout, not paragraph ends.
    paragraphs = [" ".join(block.split()) for block in blocks]
    body = "\n\n".join(paragraphs)
    return Extracted(
        title=title or _shorten(paragraphs[0]),
        text=body,
        site=_first(doc.sitename, _host(url)),
        language=_language(tree),
        url=url,
        published=_first(doc.date),
    )


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
        title=_shorten(heading or title or _prettify(path.stem) or body.split("\n", 1)[0]),
        text=body,
        site=site,
        language=None,
        url=None,
        published=None,
    )


def _block_lines(element: Any) -> Iterator[list[str]]:
    """The lines of each paragraph in trafilatura's body tree (its own XML dialect)."""
    nested = element.tag in ("body", "list", "table") or any(
        node.tag in _BLOCK_TAGS for node in element.iterdescendants()
    )
    if not nested:
        yield _lines("".join(_texts(element)))
        return
    yield _lines(element.text or "")
    for child in element:
        yield from _block_lines(child)
        yield _lines(child.tail or "")


def _lines(text: str) -> list[str]:
    return [line for raw in text.split("\n") if (line := " ".join(raw.split()))]


def _texts(element: Any) -> Iterator[str]:
    # itertext() would glue "a<lb/>b" and table cells together without a separator.
    yield element.text or ""
    for child in element:
        if child.tag not in _INLINE_TAGS:
            yield "\n"
        yield from _texts(child)
        yield child.tail or ""


def _no_text(where: str) -> ExtractionError:
    return ExtractionError(
        f"No article text found in {where}: the page is empty or holds only navigation. "
        "Send the link of an article page, or upload the article as a .txt or .md file."
    )


def _first(*values: object) -> str | None:
    for value in values:
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return None


def _xpath_text(tree: Any, path: str) -> str | None:
    return _first(*(node.text_content() for node in tree.xpath(path)))


def _meta(tree: Any, name: str) -> str | None:
    found = tree.xpath(f'//meta[@property="{name}" or @name="{name}"]/@content')
    return _first(*(str(value) for value in found))


def _language(tree: Any) -> str | None:
    """The page's declared language as an ISO 639 code ("en"), if it declares one."""
    declared = _first(
        *(str(v) for v in tree.xpath("/html/@lang | /html/@xml:lang")),
        _meta(tree, "content-language"),
        *(str(v) for v in tree.xpath('//meta[@http-equiv="content-language"]/@content')),
        _meta(tree, "og:locale"),
    )
    if declared is None:
        return None
    primary = re.split(r"[-_,\s]", declared, maxsplit=1)[0].lower()
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 else None


def _link_texts(tree: Any) -> frozenset[str]:
    """Texts of links and menu items: a body line equal to one of them is navigation."""
    nodes = tree.xpath("//a | //nav//li | //button | //option")
    return frozenset(text for node in nodes if (text := _norm(node.text_content())))


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def _shorten(text: str) -> str:
    if len(text) <= _MAX_TITLE_CHARS:
        return text
    return text[:_MAX_TITLE_CHARS].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def _prettify(stem: str) -> str:
    words = re.sub(r"[-_.]+", " ", stem).split()
    pretty = " ".join(words)
    return pretty[:1].upper() + pretty[1:]


# Plain-text and Markdown articles -------------------------------------------------------------

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
    blocks = _strip_chrome_tail(_blocks(lines))
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


def _strip_chrome_tail(blocks: list[str]) -> list[str]:
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
