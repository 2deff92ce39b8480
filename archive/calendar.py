"""Month and weekday names as Indonesian newsrooms write them (with the English ones beside), kept
in one place for the date reader (indexer.dates), the query reader (archive.query) and the entity
rules (indexer.entities).
"""

from __future__ import annotations

# Month n is MONTHS[n - 1]: every name and abbreviation that means it.
MONTHS: list[tuple[str, ...]] = [
    ("Jan", "Januari", "January"),
    ("Feb", "Februari", "Pebruari", "February", "Peb"),
    ("Mar", "Maret", "March"),
    ("Apr", "April"),
    ("Mei", "May"),
    ("Jun", "Juni", "June"),
    ("Jul", "Juli", "July"),
    ("Agu", "Agt", "Ags", "Agus", "Agustus", "Aug", "August"),
    ("Sep", "Sept", "September"),
    ("Okt", "Oktober", "Oct", "October"),
    ("Nov", "November", "Nopember", "Nop"),
    ("Des", "Desember", "Dec", "December"),
]
WEEKDAYS: list[tuple[str, ...]] = [
    ("Senin", "Mon", "Monday"),
    ("Selasa", "Tue", "Tuesday"),
    ("Rabu", "Wed", "Wednesday"),
    ("Kamis", "Thu", "Thursday"),
    ("Jumat", "Jum'at", "Fri", "Friday"),
    ("Sabtu", "Sat", "Saturday"),
    ("Minggu", "Ahad", "Sun", "Sunday"),
]
# Names that are never ordinary words (three-letter forms like "mar" or "jun" can be):
# what a typed query or a sentence may use to name a month.
FULL_MONTH_NAMES: dict[str, int] = {
    name.lower(): number for number, names in enumerate(MONTHS, 1) for name in names if len(name) > 4
} | {"mei": 5, "juni": 6, "juli": 7, "may": 5, "june": 6, "july": 7}
INDONESIAN_MONTHS = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
]  # fmt: skip
