"""Indonesian dates: the forms newsrooms write, partial dates, and dates that must not be taken."""

import datetime as dt

import pytest

from indexer import dates
from indexer.extract import extract

D = dt.date


@pytest.mark.parametrize(
    "line, date, time, zone",
    [
        ("Sabtu, 10 April 2021 - 13:29 WIB", D(2021, 4, 10), "13:29", "WIB"),
        ("Selasa, 21 Okt 2025 20:43 WIB", D(2025, 10, 21), "20:43", "WIB"),
        ("Selasa, 21 Oktober 2025 | 20:43 WIB", D(2025, 10, 21), "20:43", "WIB"),
        ("Rabu, (25/09/2024)", D(2024, 9, 25), None, None),
        ("Rabu (1/9/2021)", D(2021, 9, 1), None, None),
        ("9 Oktober 2022", D(2022, 10, 9), None, None),
        ("Jum'at, 3 Mei 2024 07.15 WITA", D(2024, 5, 3), "07:15", "WITA"),
        ("Kamis, 8 Agt 2024", D(2024, 8, 8), None, None),
        ("2016-02-23T14:39:42+07:00", D(2016, 2, 23), "14:39", "WIB"),
        ("2018-12-13", D(2018, 12, 13), None, None),
        ("13+December+2018", D(2018, 12, 13), None, None),
        ("October 21, 2025", D(2025, 10, 21), None, None),
    ],
)
def test_date_lines(line, date, time, zone):
    found = dates.date_line(line)
    assert (found.date, found.time, found.timezone) == (date, time, zone)
    assert found.precision == "day"


def test_a_month_without_a_day_has_month_precision():
    found = dates.date_line("April 2021")
    assert found.date == D(2021, 4, 1) and found.precision == "month"


@pytest.mark.parametrize(
    "line",
    [
        "3 jam lalu",
        "Rp 1.900 triliun",
        "skor 3/4",
        "UU No 24 tahun 2011",
        "Pasal 169 huruf q",
        "2025-2029",
        "32/45/2024",
    ],
)
def test_numbers_that_are_not_dates(line):
    assert dates.date_line(line) is None


def test_the_weekday_decides_between_day_first_and_month_first():
    # 10 April 2021 was a Saturday; 4 October 2021 a Monday
    assert dates.find_dates("Sabtu (4/10/2021)", "body")[0].date == D(2021, 4, 10)
    assert dates.find_dates("Senin (4/10/2021)", "body")[0].date == D(2021, 10, 4)


def test_partial_date_takes_the_year_whose_calendar_fits_the_weekday():
    assert dates.complete_partial("Senin", 10, 10, [2022]).date == D(2022, 10, 10)
    assert dates.complete_partial("Senin", 10, 10, [2023]).date == D(2022, 10, 10)  # 2023-10-10 is a Tuesday
    unknown = dates.complete_partial("Senin", 10, 10, [])
    assert unknown.date is None and unknown.precision == "no-year" and unknown.partial_iso == "--10-10"


def article(text: str):
    return extract("a.txt", text.encode("utf-8"))


BODY = "Pemerintah kota terus memperbaiki layanan perizinan bagi warga dan pelaku usaha kecil di daerah."


def test_partial_date_in_the_body_uses_a_year_stated_elsewhere():
    found = article(
        f"Judul Berita Kota\n\nMALANG - {BODY} Rapat digelar Senin (10/10). "
        f"Hasil penilaian diumumkan pada 9 Oktober 2022."
    )
    assert found.date == D(2022, 10, 10) and found.date_precision == "day"


def test_partial_date_without_any_year_stays_partial():
    found = article(f"Judul Berita Kota\n\nMALANG - {BODY} Rapat digelar Senin (10/10).")
    assert found.date is None and found.date_precision == "no-year" and found.date_partial == "--10-10"


def test_of_two_dates_the_report_takes_the_latest_it_reports_on():
    found = article(
        f"Judul Berita\n\nJAKARTA - {BODY} Rapat pertama digelar Jumat (17/10/2025) lalu. "
        f"Hasilnya diumumkan Senin (20/10/2025). Sidang lanjutan akan digelar Rabu (29/10/2025)."
    )
    assert found.date == D(2025, 10, 20)


def test_a_date_in_a_photo_caption_is_not_the_date():
    found = article(
        f"Judul Berita\n\nFoto: Warga antre, Sabtu (1/1/2000). (Foto: Istimewa)\n"
        f"JAKARTA - {BODY} Hal itu disampaikan Selasa (21/10/2025)."
    )
    assert found.date == D(2025, 10, 21)
    assert found.captions and "2000" in found.captions[0]


def test_copyright_year_is_never_the_date():
    found = article(f"Judul Berita\n\n{BODY}\n\nCopyright © 2024 SINDOnews.com")
    assert found.date is None


def test_relative_dates_are_not_invented():
    found = article(f"Judul Berita\n\n3 jam lalu\n\n{BODY}")
    assert found.date is None


def test_a_long_text_finds_the_same_dates_as_a_short_one():
    """Long texts are scanned only around their digits; no date at the edge of such a stretch,
    in any form, may be lost or changed by that."""
    forms = [
        "Sabtu, 10 April 2021 - 13:29 WIB",
        "Rabu, (25/09/2024)",
        "October 21, 2025",
        "2018-12-13T07:30:00+07:00",
        "Senin (10/10)",
        "Jumat, 3 Mei 2024",
    ]
    filler = "Bupati meninjau pasar dan jalan desa pada hari itu. " * 60
    text = filler + (" " + filler).join(forms) + filler
    short = [found for form in forms for found in dates.find_dates(form, "body")]
    assert len(text) > 10_000 and len(short) == 5
    assert dates.find_dates(text, "body") == short
    assert dates.find_partial_dates(text) == dates.find_partial_dates("Senin (10/10)") != []
