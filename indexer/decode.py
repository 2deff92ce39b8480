"""Raw bytes to text: BOMs, UTF-8, cp1252/latin-1 and charsets declared by HTML pages."""

from __future__ import annotations

import re

from bs4.dammit import UnicodeDammit


class UnreadableFile(ValueError):
    """The file is not text this archive can read; the message says why."""


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def decode(data: bytes, is_html: bool = False) -> str:
    """Decode a raw article file, or raise UnreadableFile with the reason."""
    if not data.strip():
        raise UnreadableFile("empty file")
    if _looks_binary(data):
        raise UnreadableFile("binary data, not a text or HTML article")
    text = _decode_html(data) if is_html else _decode_text(data)
    return normalise_text(text)


# UTF-8 read as cp1252/latin-1 ("AntÃ³nio", "â€œ"): a lead byte's letter followed by what a
# continuation byte becomes. Cheap to look for (a page costs microseconds, ftfy's own check
# milliseconds); ftfy repairs the files that have it.
_MOJIBAKE = re.compile(
    "[\u00c2-\u00c5\u00e2][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)


def normalise_text(text: str) -> str:
    """Mojibake repaired, line ends to \\n, no-break spaces to spaces, invisible characters and
    controls removed."""
    if _MOJIBAKE.search(text):
        import ftfy

        text = ftfy.fix_encoding(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\u2009", " ").replace("\u202f", " ")
    text = _INVISIBLE.sub("", text)
    return _CONTROL.sub("", text)


_CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or b > 13)


def _looks_binary(data: bytes) -> bool:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text has NULs but is text
        return False
    sample = data[:4096]
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls > len(sample) * 0.05


def _decode_text(data: bytes) -> str:
    for bom, encoding in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Windows newsroom tools save cp1252; bytes it leaves undefined fall back to latin-1.
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _decode_html(data: bytes) -> str:
    dammit = UnicodeDammit(data, ["utf-8", "windows-1252"], is_html=True)
    if dammit.unicode_markup is None:
        raise UnreadableFile("could not determine the page's character encoding")
    return dammit.unicode_markup
