"""What a file states and what the extractor only infers: dates and outlets with their source,
on sentences and layouts taken from real news files."""

import datetime as dt

import pytest

from indexer.extract import extract
from indexer.outlets import registry

pytestmark = []


def article(text: str, name: str = "berita.txt"):
    found = extract(name, text.encode("utf-8"))
    assert not hasattr(found, "reason"), found
    return found


LAW = (
    "Pengacara Sebut Aktivis Ditahan Polda Metro\n\n"
    "Kuasa hukum menyebut kliennya dijerat Pasal 48 ayat (1) juncto Pasal 32 UU Nomor 11 Tahun 2008 "
    "sebagaimana diubah dengan UU Nomor 1 Tahun 2024 tentang ITE, kata pengacaranya kepada wartawan.\n\n"
    "Tuntutan itu juga disampaikan saat aksi di DPRD Riau, Senin (1/9) lalu. Massa datang membawa poster."
)


def test_a_year_in_a_law_number_never_becomes_the_date():
    found = article(LAW)
    assert found.date is None or found.date.year not in (2008, 2024)
    assert found.date_partial == "--09-01" and found.date_source is None


def test_a_year_of_the_past_never_dates_a_partial_date():
    found = article(
        "Salju Kembali Turun di Gurun Sahara\n\n"
        "TRIBUNNEWS.COM, SAHARA - Salju turun di Gurun Sahara. Salju awalnya turun di kota Ain Sefra "
        "pada Minggu (7/1) dini hari, dan menutupi bukit pasir setebal 40 cm.\n\n"
        "Pada 1979, badai salju yang berlangsung setengah jam sempat menghentikan lalu lintas di kota itu."
    )
    assert found.date is None  # 7 January 1979 was a Sunday, but 1979 is a memory, not the report
    assert found.outlet == "Tribunnews.com" and found.outlet_source == "stated"


def test_ages_and_amounts_are_not_dates():
    found = article(
        "Warga Lansia Terima Bantuan\n\n"
        "Budi (67) dan istrinya yang berusia 2025 hari lebih tua dari cucunya menerima bantuan Rp 2.024.000 "
        "dari pemerintah desa pada Kamis (2/10) siang, disaksikan 1990 warga."
    )
    assert found.date is None


def test_a_date_line_is_stated_a_body_date_is_inferred():
    stated = article(
        "Pemkab Buka Mal Pelayanan Publik\n\nSelasa, 21 Oktober 2025 20:43 WIB\n\n"
        "KALIANDA - Pemerintah Kabupaten Lampung Selatan membuka mal pelayanan publik baru hari ini "
        "untuk warga yang mengurus dokumen kependudukan."
    )
    assert (stated.date, stated.date_source) == (dt.date(2025, 10, 21), "stated")
    inferred = article(
        "Pemkab Buka Mal Pelayanan Publik\n\n"
        "KALIANDA - Pemerintah Kabupaten Lampung Selatan membuka mal pelayanan publik baru, Senin "
        "(20/10/2025), untuk warga yang mengurus dokumen kependudukan di kabupaten itu."
    )
    assert (inferred.date, inferred.date_source) == (dt.date(2025, 10, 20), "inferred")


def test_a_body_date_outside_the_archive_era_is_not_taken():
    found = article(
        "Kenangan Pemilu Pertama\n\n"
        "Warga masih mengingat pemilu pertama yang digelar Rabu (29/9/1955) di seluruh negeri, kata "
        "sejarawan itu dalam diskusi di kampus."
    )
    assert found.date is None


@pytest.mark.parametrize(
    "lead, outlet",
    [
        ("**JAKARTA, KOMPAS.com** -- Bagi Anda lulusan Sarjana yang ingin berkarier", "Kompas.com"),
        ("TRIBUNNEWS.COM,JAKARTA-Anggota Komisi XI DPR RI memberikan catatan kritis", "Tribunnews.com"),
        (
            "Laporan Wartawan Tribunnews.com, Reynas Abdila TRIBUNNEWS.COM, JAKARTA - Harga emas",
            "Tribunnews.com",
        ),
        ("KONTAN.CO.ID - JAKARTA. Indeks Harga Saham Gabungan melanjutkan penurunan", "Kontan"),
        ("Bisnis.com, JAKARTA—PT Reliance Manajer Investasi menargetkan dapat menerbitkan", "Bisnis.com"),
        ("Liputan6.com, Jakarta Presiden Joko Widodo menyebut Indonesia butuh pemimpin", "Liputan6.com"),
        ("Peran insinyur penting di era digital Penajam Paser Utara (ANTARA) - Ibu Kota Nusantara", "ANTARA"),
        ("TEMPO.CO, Jakarta - Organisasi Kesehatan Dunia menyebutkan kurangnya aktivitas fisik", "Tempo"),
    ],
)
def test_datelines_of_real_outlets_name_the_outlet(lead, outlet):
    body = lead + " tersebut, kata pejabat yang enggan disebut namanya kepada wartawan di kantornya."
    found = article(f"Judul Berita Ekonomi Hari Ini\n\n{body}\n\nParagraf kedua berita ini cukup panjang.")
    assert (found.outlet, found.outlet_source) == (outlet, "stated")


def test_spelling_variants_of_an_outlet_merge():
    assert registry().find("tribunnnews.com").name == "Tribunnews.com"
    assert registry().find("tribunenws.com").name == "Tribunnews.com"
    assert registry().find("https://jatim.antaranews.com/berita/1").name == "ANTARA"
    assert registry().find("detikJatim").network == "detikcom"


def test_an_outlet_named_only_by_the_page_title_or_footer():
    page = (
        "<html><head><title>Bikin Gaduh Kota, Rumah Penyanyi Digrebek Polisi - KapanLagi.com</title></head>"
        "<body><h1>Bikin Gaduh Kota, Rumah Penyanyi Digrebek Polisi</h1>"
        + "<p>Polisi lokal dikomplain banyak warga karena suara pesta dari rumah penyanyi itu terdengar "
        "hingga jarak lima kilometer jauhnya, kata juru bicara kepolisian setempat.</p>"
        * 3
        + "</body></html>"
    )
    assert article(page, "halaman.html").outlet == "KapanLagi.com"
    footer = page.replace(" - KapanLagi.com", "").replace(
        "</body>", "<footer><p>Copyright © 2016 Okezone.com, All Rights Reserved</p></footer></body>"
    )
    found = article(footer, "halaman.html")
    assert (found.outlet, found.outlet_source) == ("Okezone", "stated")


def test_an_outlet_read_from_its_image_server_is_inferred():
    found = article(
        "# Harga Emas Hari Ini\n\n![Ilustrasi emas](https://asset.kompas.com/crops/abc/750x500/emas.jpg)\n\n"
        "Harga emas batangan hari ini naik Rp 9.000 per gram dibandingkan harga kemarin, menurut laman "
        "resmi penjual emas tersebut."
    )
    assert (found.outlet, found.outlet_source) == ("Kompas.com", "inferred")


def test_mojibake_is_repaired_before_names_are_read():
    found = article(
        "Polwan Terbaik PBB\n\nSekjen PBB AntÃ³nio Guterres pernah memuji langsung prestasi brigadir itu, "
        "kata Kapolri Listyo Sigit Prabowo kepada wartawan di Jakarta."
    )
    assert "AntÃ³nio" not in found.body and "António Guterres" in found.body


def test_a_business_unit_is_not_a_person():
    found = article(
        "Bank Luncurkan Kartu Baru\n\nHal itu disampaikan Head of Syariah Card Business Division Bank "
        'Mega Syariah, kata Syariah Card Business Division kepada wartawan. "Kami siap," ujar Ahmad '
        "Santoso, direktur bank itu."
    )
    assert not any("Division" in p for p in found.people)
