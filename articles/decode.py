"""Bytes → text for article files and pages: the one place that picks a character set.

Order, for HTML and plain text alike: a byte-order mark; valid UTF-8; UTF-8 with a few stray
bytes (replaced one by one); for HTML the charset the HTTP header or the page declares; then
charset-normalizer's guess. Bytes that no charset reads as text are refused as binary.
"""

from __future__ import annotations

import re

from charset_normalizer import from_bytes
from w3lib.encoding import (
    html_body_declared_encoding,
    http_content_type_encoding,
    read_bom,
    resolve_encoding,
)

from articles.errors import ExtractionError

# A UTF-8 sequence of two to four bytes; text in a legacy charset hardly ever holds one.
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
# C0 controls other than tab, line feed, vertical tab, form feed and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# Text files hold almost no control characters; compressed or image data holds ~1 in 8.
_MAX_CONTROL_SHARE = 0.02
_SAMPLE_CHARS = 16_384  # as git looks at the start of a file to call it binary
# charset-normalizer ranks equally clean single-byte code pages by language, which a short
# text cannot tell apart (French "crème" read as Czech "crčme"); windows-1252 is the HTML
# standard's default for unlabelled Western text, so it wins a tie.
_TIE_WINNER = "cp1252"


def decode_text(data: bytes, name: str = "the file") -> str:
    """Decode a plain-text or Markdown file; raise ExtractionError if it is binary."""
    return _checked(_decode(data, declared=None), name)


def decode_html(data: bytes, content_type: str | None = None, name: str = "the page") -> str:
    """Decode an HTML page, using its Content-Type header and <meta charset> when in doubt."""
    return _checked(_decode(data, declared=_declared_charset(data, content_type)), name)


def _decode(data: bytes, declared: str | None) -> str | None:
    encoding, bom = read_bom(data)
    if encoding is not None and bom is not None:
        return data[len(bom) :].decode(encoding, errors="replace")
    # UTF-16 without a mark is valid UTF-8 when it is ASCII: many NULs send it to the guesser.
    if data.count(0) <= len(data) // 100:
        # A few stray NULs: in UTF-8 and one-byte charsets each is a NUL character, and they
        # would make charset-normalizer call the whole file binary.
        data = data.replace(b"\x00", b"")
        try:
            # Pages re-saved as UTF-8 often keep a stale <meta charset>: valid UTF-8 wins.
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        if _mostly_utf8(data):
            return data.decode("utf-8", errors="replace")
    # A declared UTF-8 that the bytes are not (checked above) is a wrong declaration: guess.
    if declared is not None and declared != "utf-8":
        return data.decode(declared, errors="replace")
    return _guess(data)


def _mostly_utf8(data: bytes) -> bool:
    """Whether UTF-8 sequences outnumber the bytes that are not UTF-8 (a stray cp1252 '’')."""
    valid = len(_UTF8_MULTIBYTE.findall(data))
    invalid = len(data.decode("utf-8", errors="replace").split("\ufffd")) - 1
    return valid > invalid


def _declared_charset(data: bytes, content_type: str | None) -> str | None:
    header = http_content_type_encoding(content_type) if content_type else None
    declared = header or html_body_declared_encoding(data[:4096])
    if declared is None or declared.startswith("utf-16") or declared.startswith("utf-32"):
        # A declaration readable as ASCII cannot be true of UTF-16 (the HTML standard says
        # to read it as UTF-8); a real UTF-16 page has a byte-order mark.
        return None if declared is None else "utf-8"
    return resolve_encoding(declared)


def _guess(data: bytes) -> str | None:
    matches = list(from_bytes(data))
    if not matches:
        return None
    best = matches[0]
    tie = next((m for m in matches if m.encoding == _TIE_WINNER and m.chaos <= best.chaos), None)
    return str(tie or best)


def _checked(text: str | None, name: str) -> str:
    sample = text[:_SAMPLE_CHARS] if text is not None else ""
    if text is not None and len(_CONTROL.findall(sample)) <= _MAX_CONTROL_SHARE * len(sample):
        return text.replace("\x00", "") if "\x00" in text else text
    raise ExtractionError(
        f"{name} looks like a binary file, not text (an image, an archive or a document in "
        "another format). Send the article as a .txt, .md or .html file, or send its link."
    )
