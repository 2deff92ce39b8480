"""Datelines and bylines, resolved through the gazetteer."""

import pytest

from indexer.dateline import find_byline, find_dateline
from indexer.gazetteer import gazetteer


@pytest.mark.parametrize(
    "paragraph, place, outlet",
    [
        ("SURABAYA - Gubernur meminta ...", "SURABAYA", None),
        ("KALIANDA – Pemkab membuka ...", "KALIANDA", None),
        ("Malang (malangkota.go.id) – Pemerintah Kota ...", "Malang", "Pemerintah Kota Malang"),
        ("Lumajang, Bhirawa. Pj Bupati ...", "Lumajang", "Bhirawa"),
        ("TRIBUNNEWS.COM, JAKARTA - PT Askrindo ...", "JAKARTA", "Tribunnews.com"),
        ("Kota Padang (ANTARA) - Pemerintah ...", "Kota Padang", "ANTARA"),
        ("**JAKARTA, KOMPAS.com** -- Bagi Anda ...", "JAKARTA", "Kompas.com"),
        ("Liputan6.com, Jakarta - Mahkamah ...", "Jakarta", "Liputan6.com"),
    ],
)
def test_datelines(paragraph, place, outlet):
    line = find_dateline(paragraph)
    assert (line.place, line.outlet) == (place, outlet)


@pytest.mark.parametrize(
    "paragraph",
    [
        "Menurut Budi, Ahmad. Itu benar.",
        "Ia mengatakan - dengan tegas - bahwa ...",
        "Harga cabai - yang naik sejak pekan lalu - mulai turun.",
    ],
)
def test_sentences_are_not_datelines(paragraph):
    assert find_dateline(paragraph) is None


@pytest.mark.parametrize(
    "name, regency, province",
    [
        ("Kalianda", "Kabupaten Lampung Selatan", "Lampung"),
        ("SURABAYA", "Kota Surabaya", "Jawa Timur"),
        ("Jember", "Kabupaten Jember", "Jawa Timur"),
        ("Kepanjen", "Kabupaten Malang", "Jawa Timur"),
        ("Merauke", "Kabupaten Merauke", "Papua Selatan"),
        ("Jakarta", None, "DKI Jakarta"),
    ],
)
def test_gazetteer_resolves_datelines(name, regency, province):
    place = gazetteer().resolve(name)
    assert (place.regency, place.province) == (regency, province)


def test_a_bare_name_shared_by_city_and_regency_follows_the_text():
    assert gazetteer().resolve("Malang").regency == "Kota Malang"
    assert gazetteer().resolve("Malang", prefer="Kabupaten").regency == "Kabupaten Malang"


@pytest.mark.parametrize(
    "paragraphs, byline",
    [
        (["Isi berita.", "(msd)"], "msd"),
        (["Isi berita.", "(rac.hel)"], "rac.hel"),
        (["Isi berita. (say/ram)"], "say/ram"),
        (["Isi berita.", "(DEWI)"], "DEWI"),
        (["Isi berita.", "Penulis: Siti Aminah", "Editor: Budi"], "Siti Aminah / Budi"),
    ],
)
def test_bylines(paragraphs, byline):
    assert find_byline(paragraphs).text == byline


def test_no_byline_in_ordinary_closing_sentence():
    assert find_byline(["Rapat dilanjutkan pekan depan (jika tidak ada halangan)."]) is None
