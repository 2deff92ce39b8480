"""Highlights mark every form of a searched word -- also where the prefix changed the stem's first
letter -- and nothing else, whether or not the process has stemmed those words before."""

from __future__ import annotations

import pytest

from archive import highlight
from archive.analysis import analyse

TEXT = (
    "Petugas memukul kentongan, warga menyapu jalan, dan pengirim paket menarik kiriman. "
    "Pemukulan itu terdengar; penyapu dan barang yang ditarik tercatat. Pukul tujuh semua selesai."
)


def marked(query: str, text: str = TEXT) -> list[str]:
    stems = set(analyse(query))
    return [piece for piece, is_match in highlight.mark(text, set(), stems) if is_match]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("pukul", ["memukul", "Pemukulan", "Pukul"]),
        ("sapu", ["menyapu", "penyapu"]),
        ("tarik", ["menarik", "ditarik"]),
        ("kirim", ["pengirim", "kiriman"]),
    ],
)
def test_every_form_of_a_root_is_marked_even_when_its_first_letter_changed(query, expected):
    assert marked(query) == expected


def test_a_phrase_is_marked_only_where_its_stems_stand_together():
    phrase = tuple(analyse("menyapu jalan"))
    pieces = highlight.mark(TEXT, set(), set(), {phrase})
    assert [p for p, m in pieces if m] == ["menyapu", "jalan"]
