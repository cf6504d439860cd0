"""The answer to a question, as one Telegram message (pure: results in, HTML out).

Each hit: the title as a link that opens the page at the excerpt (a text fragment), site
and date, the ~300-character window with the question's words in bold, and the rest of the
passage in an expandable quote. Three hits stay under ANSWER_CHARS outside the expandable
quotes, and the whole message under Telegram's 4096.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from articles.search import Hit, SearchResult
from bot.i18n import ENGLISH, Catalog
from bot.render import MAX_MESSAGE_CHARS, escape, highlight, shorten, visible_length

ANSWER_CHARS = 1500  # outside the expandable quotes: what a reader sees without a tap
ANSWER_TITLE_CHARS = 100
QUERY_CHARS = 60
_MARGIN = 40  # entities' and whitespace trimming's slack under Telegram's limit


def _is_web(url: str) -> bool:
    return urlsplit(url).scheme in ("http", "https")


def hit_heading(hit: Hit, title_chars: int = ANSWER_TITLE_CHARS) -> str:
    """The title (a link to the excerpt's place on a web page; a file shows its name), site
    and date."""
    title = escape(shorten(hit.title, title_chars))
    details = [shorten(hit.site, 40)] if hit.site else []
    if _is_web(hit.url):
        link = html.escape(hit.link or hit.url, quote=True)
        head = f'<b>{hit.rank}.</b> <a href="{link}">{title}</a>'
    else:
        head = f"<b>{hit.rank}. {title}</b>"
        path = urlsplit(hit.url).path if hit.url.startswith("file:") else hit.url
        details.append(shorten(PurePosixPath(unquote(path)).name, 40))
    if hit.published_on:
        details.append(hit.published_on.isoformat())
    return head + (f"\n<i>{escape(' · '.join(details))}</i>" if details else "")


def rest_of_passage(hit: Hit, limit: int) -> str:
    """The passage around the window (before it, "…", after it), at most `limit` characters."""
    before = hit.text[: hit.window_start].strip()
    after = hit.text[hit.window_end :].strip()
    if not before and not after:
        return ""
    joined = " … ".join(part for part in (before, after) if part)
    return shorten(joined, max(0, limit))


def render_hit_block(hit: Hit, rest_limit: int, title_chars: int = ANSWER_TITLE_CHARS) -> str:
    window = hit.window or hit.excerpt
    spans = hit.window_highlights if hit.window else hit.highlights
    block = f"{hit_heading(hit, title_chars)}\n<blockquote>{highlight(window, spans)}</blockquote>"
    rest = rest_of_passage(hit, rest_limit) if rest_limit > 20 else ""
    if rest:
        block += f"<blockquote expandable>{escape(rest)}</blockquote>"
    return block


def header(
    result: SearchResult,
    *,
    within: bool = False,
    newest_first: bool = False,
    notes: int = 2,
    t: Catalog = ENGLISH,
) -> str:
    query = escape(shorten(result.query, QUERY_CHARS))
    line = (t.ANSWER_WITHIN if within else t.ANSWER_HEADER).format(query=query)
    if newest_first:
        line += t.ANSWER_NEWEST
    if result.offset:
        line += t.ANSWER_PAGE.format(first=result.offset + 1)
    shown = "".join(f"\n<i>{escape(shorten(note, 120))}</i>" for note in result.notes[:notes])
    if result.truncated and notes:
        shown += "\n" + t.ANSWER_TRUNCATED.format(words=len(result.terms))
    return line + shown


def outside_quotes(message: str) -> int:
    """Characters a reader sees without a tap: all but the expandable quotes."""
    folded = "".join(re.findall(r"<blockquote expandable>(.*?)</blockquote>", message, re.S))
    return visible_length(message) - visible_length(folded)


def render_answer_message(
    result: SearchResult,
    *,
    within: bool = False,
    newest_first: bool = False,
    t: Catalog = ENGLISH,
) -> str:
    """One message: the header and the hits; the rest of each passage as long as it fits.
    Long titles and notes give way first to keep what shows without a tap short."""
    hits: Sequence[Hit] = result.hits
    for title_chars, notes in ((ANSWER_TITLE_CHARS, 2), (70, 1), (40, 0)):
        head = header(result, within=within, newest_first=newest_first, notes=notes, t=t)
        bare = "\n\n".join([head, *(render_hit_block(h, 0, title_chars) for h in hits)])
        if outside_quotes(bare) <= ANSWER_CHARS:
            break
    room = MAX_MESSAGE_CHARS - _MARGIN - visible_length(bare) - 2 * len(hits)
    per_hit = room // max(1, len(hits))
    while True:
        blocks = [render_hit_block(hit, per_hit, title_chars) for hit in hits]
        message = "\n\n".join([head, *blocks])
        if visible_length(message) <= MAX_MESSAGE_CHARS - _MARGIN or per_hit <= 0:
            return message
        per_hit -= 100  # a safety net: escaping and trimming never add this much
