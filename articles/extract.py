"""Turn an HTML page into an article: main text by trafilatura, title, site, language."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urljoin, urlsplit

import trafilatura
from trafilatura.settings import Document

from articles.decode import decode_html
from articles.errors import ExtractionError
from articles.extracted import Extracted
from articles.textfile import MIN_WORDS, extract_text_file, shorten_title, strip_chrome_tail

_WORD = re.compile(r"\w+")
_DOCUMENT_TAG = re.compile(r"<(?:html|body)\b", re.IGNORECASE)
_DIV_TAG = re.compile(r"</?div\b[^>]*>", re.IGNORECASE)
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


def extract(
    html: str | bytes, url: str | None = None, content_type: str | None = None
) -> Extracted:
    """The main text and metadata of an HTML page; `.text` is empty when the page holds no
    article (see require_text). Raises ExtractionError only for bytes that are no text."""
    where = url or "the HTML page"
    page = decode_html(html, content_type, where) if isinstance(html, bytes) else html
    try:
        return _extract(page, url)
    except ExtractionError:
        return Extracted(title="", text="", site=_host(url), language=None, url=url,
                         published=None)  # fmt: skip


def require_text(article: Extracted, where: str) -> Extracted:
    """The article, or ExtractionError when extraction found no text in it."""
    if not article.text.strip():
        raise _no_text(where)
    return article


def _extract(page: str, url: str | None) -> Extracted:
    where = url or "the HTML page"
    if not page.strip():
        raise _no_text(where)
    if not _DOCUMENT_TAG.search(page):
        # A bare fragment (an article's own markup, as a CMS or a feed holds it) parses as a
        # tree whose root is the first element, which trafilatura then discards.
        page = f"<html><body>{page}</body></html>"
    tree, doc = _parse(page, url)
    if doc is None and _DIV_TAG.search(page):
        # libxml2 stops at 256 levels of nesting, so text under thousands of wrapper divs is
        # lost; divs only group, so a page without them still holds the article.
        tree, doc = _parse(_DIV_TAG.sub("", page), url)
    if tree is None or doc is None:
        raise _no_text(where)

    title = _first(doc.title, _xpath_text(tree, "//title"), _meta(tree, "og:title"))
    links = _link_texts(tree)
    blocks = ["\n".join(lines) for lines in _block_lines(doc.body) if lines]
    # Menu items and the headline that trafilatura's fallbacks keep above the article.
    skip = links | {_norm(title or "")}
    while blocks and _norm(blocks[0].partition("\n")[0]) in skip:
        blocks[0] = blocks[0].partition("\n")[2]
        blocks = blocks if blocks[0] else blocks[1:]
    blocks = strip_chrome_tail(blocks)
    content = (line for block in blocks for line in block.split("\n") if _norm(line) not in links)
    if sum(len(_WORD.findall(line)) for line in content) < MIN_WORDS:
        raise _no_text(where)
    # Line breaks inside a block are <br>s or source layout, not paragraph ends.
    paragraphs = [" ".join(block.split()) for block in blocks]
    body = "\n\n".join(paragraphs)
    return Extracted(
        title=title or shorten_title(paragraphs[0]),
        text=body,
        site=_first(doc.sitename, _host(url)),
        language=_language(tree),
        url=_canonical(tree, url),
        published=_first(doc.date),
        author=_first(doc.author),
    )


def _parse(page: str, url: str | None) -> tuple[Any, Document | None]:
    """trafilatura's tree of the page and its extraction (None when it found no text)."""
    with _quiet_trafilatura():
        tree = trafilatura.load_html(page)
        if tree is None:
            return None, None
        doc = trafilatura.bare_extraction(tree, url=url, with_metadata=True, include_comments=False)
    return tree, doc if isinstance(doc, Document) and doc.text else None


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


def _canonical(tree: Any, url: str | None) -> str | None:
    """The page's own address for itself (<link rel=canonical>, og:url), made absolute
    against `url`, when it is on the same site; else `url`. A page naming another site's
    article as its canonical would otherwise take that article's place in the library;
    a local file's page naming its web home keeps the file's address."""
    named = _first(
        *(str(v) for v in tree.xpath('//link[@rel="canonical"]/@href')), _meta(tree, "og:url")
    )
    if not named or not url:
        return url
    try:
        absolute = urljoin(url, named)
        here, there = urlsplit(url), urlsplit(absolute)
        same_site = _bare_host(here.hostname) == _bare_host(there.hostname)
    except ValueError:  # a port of 99999, a broken IPv6 literal: not an address
        return url
    if there.scheme not in ("http", "https") or here.scheme == "file" or not same_site:
        return url
    return absolute


def _bare_host(host: str | None) -> str:
    return (host or "").lower().removeprefix("www.")


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return None
    return host.removeprefix("www.") or None


__all__ = ["Extracted", "decode_html", "extract", "extract_text_file", "require_text"]
