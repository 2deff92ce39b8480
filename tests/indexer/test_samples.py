"""Each sample in corpus/ extracts as a reader of the file would say it should."""

import datetime as dt

import pytest

from indexer.extract import extract
from tests.articles import SAMPLES

EXPECTED = {
    "000-sindonews-asn-pelayanan-publik.txt": dict(
        title="ASN Pemprov Jatim Digembleng Jadi Pelayan Publik yang Tanggap",
        date=dt.date(2021, 4, 10),
        time="13:29",
        timezone="WIB",
        outlet="SINDOnews",
        dateline="SURABAYA",
        place="Kota Surabaya",
        province="Jawa Timur",
        byline="msd",
    ),
    "bhirawa-khofifah-pelayanan-publik.txt": dict(
        title="Gubernur Khofifah Ingin ASN Jatim Jadi Pelayan Publik yang Cepat dan Ramah",
        date=dt.date(2021, 4, 10),
        time=None,
        outlet="Bhirawa",
        dateline="Surabaya",
        place="Kota Surabaya",
        province="Jawa Timur",
        byline="say/ram",
    ),
    "bhirawa-lumajang-mpp.html": dict(
        title="Pj Bupati Lumajang Resmikan Mal Pelayanan Publik",
        date=dt.date(2024, 6, 19),
        time="09:15",
        timezone="WIB",
        outlet="Bhirawa",
        dateline="Lumajang",
        place="Kabupaten Lumajang",
        province="Jawa Timur",
        byline="rac.hel",
    ),
    "radarlamsel-mpp-kalianda.txt": dict(
        title="Pemkab Lamsel Buka Mal Pelayanan Publik di Kalianda",
        date=dt.date(2024, 9, 25),
        outlet="Radar Lamsel",
        dateline="KALIANDA",
        place="Kabupaten Lampung Selatan",
        province="Lampung",
        byline="DEWI",
    ),
    "malangkota-inovasi-pelayanan.txt": dict(
        title="Pemkot Malang Percepat Layanan Perizinan Lewat Inovasi OPD",
        # "Senin (10/10)": the year comes from "9 Oktober 2022" elsewhere, and 10/10/2022 is a Monday
        date=dt.date(2022, 10, 10),
        outlet="Pemerintah Kota Malang",
        dateline="Malang",
        place="Kota Malang",
        province="Jawa Timur",
        byline="rac.hel",
    ),
}

BOILERPLATE = [
    "Tutup Iklan",
    "Baca juga",
    "Leave a Comment",
    "Copyright",
    "A A A",
    "SCROLL TO CONTINUE",
    "You may also like",
    "All Rights Reserved",
    "Bagikan",
    "Berita Terpopuler",
    "ADVERTISEMENT",
]


@pytest.fixture(scope="module")
def articles():
    return {name: extract(name, (SAMPLES / name).read_bytes()) for name in EXPECTED}


def test_the_corpus_ships_exactly_these_samples():
    assert sorted(p.name for p in SAMPLES.iterdir() if p.is_file()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_metadata(articles, name):
    article = articles[name]
    for field, value in EXPECTED[name].items():
        assert getattr(article, field) == value, f"{name}: {field}"
    assert article.date_precision == "day"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_body_is_clean(articles, name):
    body = articles[name].body
    for phrase in BOILERPLATE:
        assert phrase.lower() not in body.lower(), f"{name}: {phrase!r} left in the body"
    assert articles[name].title not in body  # the repeated headline is gone
    assert len(body) > 500


def test_title_appears_once_even_when_the_page_repeats_it(articles):
    article = articles["000-sindonews-asn-pelayanan-publik.txt"]
    assert article.body.startswith("SURABAYA - ")


def test_photo_caption_is_kept_apart(articles):
    article = articles["000-sindonews-asn-pelayanan-publik.txt"]
    assert any("BPSDM Jatim" in c for c in article.captions)
    assert "(Foto:" not in article.body


def test_copyright_year_is_not_the_article_date(articles):
    # the page says "Copyright © 2024 SINDOnews.com" under a 2021 article
    assert articles["000-sindonews-asn-pelayanan-publik.txt"].date.year == 2021


def test_entities_are_normalised(articles):
    khofifah = articles["bhirawa-khofifah-pelayanan-publik.txt"]
    assert "Khofifah Indar Parawansa" in khofifah.people
    assert "Pemerintah Provinsi Jawa Timur" in khofifah.organisations
    lumajang = articles["bhirawa-lumajang-mpp.html"]
    assert "Indah Wahyuni" in lumajang.people
    lamsel = articles["radarlamsel-mpp-kalianda.txt"]
    assert "Pemerintah Kabupaten Lampung Selatan" in lamsel.organisations  # from "Pemkab Lamsel" too
    malang = articles["malangkota-inovasi-pelayanan.txt"]
    assert {"Kota Malang", "Kabupaten Malang"} <= set(malang.places)  # two governments, kept apart


def test_encodings_of_the_samples_decode(articles):
    lamsel = articles["radarlamsel-mpp-kalianda.txt"]  # cp1252 with CRLF line ends
    assert "KALIANDA – Pemerintah" in lamsel.body
    khofifah = articles["bhirawa-khofifah-pelayanan-publik.txt"]  # UTF-8 with a BOM
    assert not khofifah.title.startswith("\ufeff")
