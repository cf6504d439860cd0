"""Bytes → text: BOMs, UTF-16, UTF-8 with a stray byte, legacy code pages, binary refused."""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from articles.decode import decode_html, decode_text
from articles.errors import ArticlebotError, ExtractionError
from articles.library import Library
from articles.sources.files import read_article_file

TEXT = (
    "Zürich approves the new bridge\n\n"
    "The café on the quay serves crème brûlée, and the council met on Tuesday “at last”.\n"
)


def binary_refusal(name: str) -> str:
    return (
        f"{name} looks like a binary file, not text (an image, an archive or a document in "
        "another format). Send the article as a .txt, .md or .html file, or send its link."
    )


def png() -> bytes:
    header = struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0)
    pixels = zlib.compress(random.Random(1).randbytes(768))
    return (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", len(header)) + b"IHDR" + header + b"\0\0\0\0"
        + struct.pack(">I", len(pixels)) + b"IDAT" + pixels + b"\0\0\0\0"
    )  # fmt: skip


def zip_archive() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("article.txt", TEXT * 20)
    return buffer.getvalue()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
def test_unicode_with_or_without_a_byte_order_mark(encoding: str) -> None:
    assert decode_text(TEXT.encode(encoding)) == TEXT


def test_ascii_utf16_without_a_mark_is_not_read_as_utf8_with_nuls() -> None:
    text = "The council approved the bridge on Tuesday after a long debate.\n" * 3
    assert decode_text(text.encode("utf-16-le")) == text


def test_utf8_with_one_stray_cp1252_byte_stays_utf8() -> None:
    data = TEXT.encode("utf-8").replace(b"at last", b"at last\x92")
    assert decode_text(data) == TEXT.replace("at last", "at last\ufffd")


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_a_western_legacy_file_decodes_right(encoding: str) -> None:
    text = TEXT.replace("“", '"').replace("”", '"')  # latin-1 has no curly quotes
    assert decode_text(text.encode(encoding)) == text


def test_a_cp1252_file_with_curly_quotes() -> None:
    assert decode_text(TEXT.encode("cp1252")) == TEXT


def test_a_cyrillic_legacy_file_decodes_right() -> None:
    text = "Городской совет одобрил новый мост после долгих споров.\n" * 3
    assert decode_text(text.encode("cp1251")) == text


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "cp1252"])
def test_nul_characters_never_survive(encoding: str) -> None:
    with_nuls = TEXT.replace("bridge", "bri\x00dge") * 3
    assert decode_text(with_nuls.encode(encoding)) == TEXT * 3


@pytest.mark.parametrize(
    "data",
    [png(), random.Random(2).randbytes(4000), zip_archive(), b"\x00" * 100 + b"ABC" * 10],
    ids=["png", "random", "zip", "nuls"],
)
def test_binary_content_is_refused_by_name(data: bytes) -> None:
    with pytest.raises(ExtractionError) as raised:
        decode_text(data, "photo.txt")
    assert isinstance(raised.value, ArticlebotError)
    assert raised.value.message == binary_refusal("photo.txt")
    with pytest.raises(ExtractionError, match="looks like a binary file, not text"):
        decode_html(data)


def test_empty_bytes_are_empty_text() -> None:
    assert decode_text(b"") == ""


# -- HTML: declarations count only when the bytes are not UTF-8 ----------------------------


def test_html_declared_charset_is_used_for_legacy_bytes() -> None:
    html = "<meta charset='windows-1251'><p>Городской совет одобрил мост</p>"
    assert decode_html(html.encode("cp1251")) == html


def test_html_latin1_label_means_windows_1252() -> None:
    html = "<meta charset='iso-8859-1'><p>“Zürich” – the café</p>"
    assert decode_html(html.encode("cp1252")) == html


def test_html_content_type_header_wins_over_the_meta_tag() -> None:
    html = "<meta charset='iso-8859-1'><p>Городской совет одобрил мост</p>"
    assert decode_html(html.encode("cp1251"), "text/html; charset=windows-1251") == html


def test_html_valid_utf8_wins_over_a_stale_declaration() -> None:
    html = "<meta charset='iso-8859-1'><p>Zürich – the café</p>"
    assert decode_html(html.encode("utf-8")) == html


def test_html_meta_claiming_utf16_is_read_as_utf8() -> None:
    html = "<meta charset='utf-16'><p>Zürich – the café</p>"
    data = html.encode("utf-8").replace("café".encode(), b"caf\xe9")  # one stray byte
    assert decode_html(data) == html.replace("café", "caf\ufffd")


# -- the refusal reaches the user through ingest ------------------------------------------


def test_a_binary_file_fails_ingest_with_the_reason(tmp_path: Path, sqlite_url: str) -> None:
    picture = tmp_path / "photo.txt"
    picture.write_bytes(png())
    with pytest.raises(ExtractionError, match=r"^photo\.txt looks like a binary file"):
        read_article_file(picture)
    library = Library.open(sqlite_url, tmp_path / "index")
    try:
        [result] = library.ingest_paths([picture])
    finally:
        library.close()
    assert (result.status, result.error) == ("failed", binary_refusal("photo.txt"))


def test_a_cp1252_file_is_ingested_with_its_accents(tmp_path: Path) -> None:
    path = tmp_path / "zurich.txt"
    path.write_bytes(TEXT.encode("cp1252"))
    article = read_article_file(path)
    assert article.title == "Zürich approves the new bridge"
    assert "crème brûlée" in article.text
