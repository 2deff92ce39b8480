"""Encodings and unreadable files: decoded right, or refused with a reason."""

import pytest

from indexer.decode import UnreadableFile, decode
from indexer.extract import extract

TEXT = "Pemkab Lamsel – “pelayanan” publik café"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
        TEXT.encode("cp1252"),
        TEXT.encode("utf-16"),
        TEXT.replace("\n", "\r\n").encode("utf-8"),
    ],
)
def test_text_encodings(data):
    assert decode(data) == TEXT


def test_latin1_bytes_outside_cp1252_still_decode():
    assert decode("Jalan Raya Kec. Sumber\x81".encode("latin-1")).startswith("Jalan Raya")


def test_html_declared_charset():
    page = '<html><head><meta charset="windows-1252"></head><body><p>Pemkot – “Malang”</p></body></html>'
    assert "Pemkot – “Malang”" in decode(page.encode("cp1252"), is_html=True)


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty file"),
        (b"  \n\t ", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary data, not a text or HTML article"),
    ],
)
def test_unreadable(data, reason):
    with pytest.raises(UnreadableFile, match=reason):
        decode(data)


def test_binary_with_a_txt_name_is_reported_not_indexed():
    failure = extract("foto.txt", bytes(range(256)) * 10)
    assert failure.reason == "binary data, not a text or HTML article"


def test_too_little_text_is_reported_with_the_size():
    assert (
        extract("pendek.txt", b"Judul\n\nSatu kalimat.").reason
        == "no article text found (only 13 characters)"
    )
