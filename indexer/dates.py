"""Indonesian publication dates: find candidates with patterns, parse each strictly, rank them.

python-dateutil does the parsing with an Indonesian `parserinfo`, never with `fuzzy=True` (which
invents dates from stray numbers: "3 jam lalu" would become the 3rd of the month). Patterns cut
the date out first; parsing twice with two different defaults tells which fields were stated.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from dateutil import parser as dateutil_parser

from archive.article import PRECISION_DAY, PRECISION_MONTH, PRECISION_NO_YEAR
from archive.calendar import MONTHS, WEEKDAYS


class IndonesianParserInfo(dateutil_parser.parserinfo):
    """Indonesian month and weekday names (with the abbreviations newsrooms use) beside English."""

    MONTHS = MONTHS
    WEEKDAYS = WEEKDAYS
    JUMP = [" ", ".", ",", ";", "-", "/", "'", "|", "pukul", "jam", "at", "on", "and", "of"]

    def __init__(self):
        super().__init__(dayfirst=True, yearfirst=False)


PARSER_INFO = IndonesianParserInfo()
TIMEZONES = {"WIB": 7 * 3600, "WITA": 8 * 3600, "WIT": 9 * 3600}
_OFFSET_ZONES = {7 * 3600: "WIB", 8 * 3600: "WITA", 9 * 3600: "WIT"}

_MONTH_NAMES = sorted({n for names in IndonesianParserInfo.MONTHS for n in names}, key=len, reverse=True)
_WEEKDAY_NAMES = sorted(
    {n for names in IndonesianParserInfo.WEEKDAYS for n in names if len(n) > 3},
    key=len,
    reverse=True,
)
_MONTH = r"(?P<month>" + "|".join(re.escape(n) for n in _MONTH_NAMES) + r")\.?"
_WEEKDAY = r"(?P<weekday>" + "|".join(re.escape(n) for n in _WEEKDAY_NAMES) + r")"
_TIME = (
    r"(?:\s*(?:[-|,/]|pukul|jam)?\s*(?P<time>[0-2]?\d[:.][0-5]\d)(?:[:.][0-5]\d)?\s*(?P<tz>WITA|WIB|WIT)?\b)?"
)
_DAY = r"(?P<day>[0-3]?\d)"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

# "Sabtu, 10 April 2021 - 13:29 WIB", "21 Okt 2025 20:43 WIB", "9 Oktober 2022"
TEXT_DATE = re.compile(rf"(?:{_WEEKDAY}\s*,?\s*)?\(?{_DAY}\s+{_MONTH}\s+{_YEAR}\)?{_TIME}", re.I)
# "October 21, 2025"
ENGLISH_DATE = re.compile(rf"{_MONTH}\s+{_DAY},?\s+{_YEAR}{_TIME}", re.I)
# "Rabu, (25/09/2024)", "Rabu (1/9/2021)", "(21/10/2025)", "25-09-2024"
NUMERIC_DATE = re.compile(
    rf"(?:{_WEEKDAY}\s*,?\s*)?(?P<paren>\()?\s*(?<![\d/.-]){_DAY}\s*(?P<sep>[/.-])\s*(?P<nmonth>[01]?\d)\s*(?P=sep)\s*"
    rf"(?P<year>(?:19|20)?\d\d)(?![\d/.-]\d)\b\s*\)?{_TIME}",
    re.I,
)
# "Senin (10/10)": day and month only; the weekday is required, else "(3/4)" could be a score.
PARTIAL_DATE = re.compile(rf"{_WEEKDAY}\s*,?\s*\(\s*{_DAY}\s*/\s*(?P<nmonth>[01]?\d)\s*\)", re.I)
# "2025-10-20T17:43:00+07:00", "2018-12-13"
ISO_DATE = re.compile(
    r"(?P<year>(?:19|20)\d\d)-(?P<nmonth>[01]\d)-(?P<day>[0-3]\d)"
    r"(?:[T ](?P<time>[0-2]\d:[0-5]\d)(?::\d\d(?:\.\d+)?)?\s*(?P<offset>Z|[+-]\d\d:?\d\d)?)?"
)
# "April 2021" (a month stated without a day) in a date line.
MONTH_YEAR = re.compile(rf"^(?:{_WEEKDAY}\s*,?\s*)?{_MONTH}\s+{_YEAR}$", re.I)
# "/read/2018/12/13/..." or "/2020/07/25/..." in an article URL.
URL_DATE = re.compile(r"/(?P<year>(?:19|20)\d\d)/(?P<nmonth>[01]?\d)/(?P<day>[0-3]?\d)/")
# Relative dates are not publication dates we can pin down.
_RELATIVE = re.compile(r"\b\d+\s+(detik|menit|jam|hari|minggu|bulan|tahun)\s+(yang\s+)?lalu\b", re.I)


@dataclass(frozen=True)
class FoundDate:
    """A publication date as the source states it, with what it left out."""

    date: dt.date | None
    precision: str
    time: str | None = None
    timezone: str | None = None
    weekday_ok: bool = True
    partial: tuple[int, int] | None = None  # (month, day) when the year is missing
    source: str = ""  # meta | header | body | url

    @property
    def partial_iso(self) -> str | None:
        return f"--{self.partial[0]:02d}-{self.partial[1]:02d}" if self.partial else None


def _parse(text: str, default: dt.datetime) -> dt.datetime | None:
    try:
        return dateutil_parser.parse(text, parserinfo=PARSER_INFO, default=default, fuzzy=False)
    except (ValueError, OverflowError, TypeError):
        return None


def parse_date_text(text: str) -> tuple[dt.date, str] | None:
    """Parse a cut-out date string strictly; return the date and its precision (day or month)."""
    text = re.sub(r"\b(WIB|WITA|WIT)\b", "", text).strip(" ,()|-")
    first = _parse(text, dt.datetime(2000, 1, 1))
    second = _parse(text, dt.datetime(2001, 2, 2))
    if first is None or second is None:
        return None
    if first.year != second.year:
        return None  # no year stated: callers handle partial dates themselves
    if first.month != second.month:
        return None
    precision = PRECISION_DAY if first.day == second.day else PRECISION_MONTH
    return first.date() if precision == PRECISION_DAY else first.date().replace(day=1), precision


def _weekday_matches(weekday: str | None, date: dt.date) -> bool:
    if not weekday:
        return True
    folded = weekday.lower().replace("'", "")
    for index, names in enumerate(IndonesianParserInfo.WEEKDAYS):
        if folded in {n.lower().replace("'", "") for n in names}:
            return index == date.weekday()
    return True


def _clock(match: re.Match) -> tuple[str | None, str | None]:
    time = match.groupdict().get("time")
    if time:
        hours, minutes = re.split(r"[:.]", time)[:2]
        if int(hours) > 23:
            return None, None
        time = f"{int(hours):02d}:{minutes}"
    return time, match.groupdict().get("tz")


def _numeric(match: re.Match, source: str) -> FoundDate | None:
    day, month, year = int(match["day"]), int(match["nmonth"]), int(match["year"])
    if year < 100:
        year += 2000
    weekday = match.groupdict().get("weekday")
    candidates = [(year, month, day)]
    if day <= 12:  # "10/4/2021" written month-first by some sites: the weekday decides
        candidates.append((year, day, month))
    found = []
    for y, m, d in candidates:
        try:
            date = dt.date(y, m, d)
        except ValueError:
            continue
        found.append((date, _weekday_matches(weekday, date)))
    if not found:
        return None
    date, ok = next((f for f in found if f[1]), found[0])
    time, tz = _clock(match)
    return FoundDate(date, PRECISION_DAY, time, tz, weekday_ok=ok, source=source)


def _textual(match: re.Match, source: str) -> FoundDate | None:
    parsed = parse_date_text(f"{match['day']} {match['month']} {match['year']}")
    if not parsed:
        return None
    date, precision = parsed
    time, tz = _clock(match)
    ok = _weekday_matches(match.groupdict().get("weekday"), date)
    return FoundDate(date, precision, time, tz, weekday_ok=ok, source=source)


_DIGITS = re.compile(r"\d+")
_LONG = 2_000  # characters: shorter texts are scanned whole
_BEFORE, _AFTER = 40, 60  # around digits: a weekday and a bracket before, a time and zone after


def near_digits(pattern: re.Pattern, text: str) -> Iterator[re.Match]:
    """`pattern.finditer(text)` for a date pattern: every date has digits, so a long text is
    scanned only around them. Position by position, a 1.5 MB page of words took 1.5 s."""
    if len(text) < _LONG:
        yield from pattern.finditer(text)
        return
    low = high = -1
    for digits in _DIGITS.finditer(text):
        start, end = max(0, digits.start() - _BEFORE), digits.end() + _AFTER
        if start > high:
            if high > low:
                yield from pattern.finditer(text, low, high)
            low = start
        high = end
    if high > low:
        yield from pattern.finditer(text, low, high)


def find_dates(text: str, source: str) -> list[FoundDate]:
    """Every full date stated in `text`, in order of appearance."""
    if _RELATIVE.fullmatch(text.strip()):
        return []
    found: list[tuple[int, FoundDate]] = []
    taken: list[tuple[int, int]] = []

    def free(match: re.Match) -> bool:
        return all(match.end() <= a or match.start() >= b for a, b in taken)

    for pattern, reader in (
        (TEXT_DATE, _textual),
        (ENGLISH_DATE, _textual),
        (NUMERIC_DATE, _numeric),
    ):
        for match in near_digits(pattern, text):
            if not free(match):
                continue
            date = reader(match, source)
            if date:
                found.append((match.start(), date))
                taken.append((match.start(), match.end()))
    for match in near_digits(ISO_DATE, text):
        if free(match):
            date = iso_date(match.group(0), source)
            if date:
                found.append((match.start(), date))
    return [d for _, d in sorted(found, key=lambda item: item[0])]


def find_partial_dates(text: str) -> list[tuple[str, int, int]]:
    """(weekday, month, day) for each "Senin (10/10)" in `text`."""
    out = []
    for match in near_digits(PARTIAL_DATE, text):
        month, day = int(match["nmonth"]), int(match["day"])
        if 1 <= month <= 12 and 1 <= day <= 31:
            out.append((match["weekday"], month, day))
    return out


def iso_date(text: str, source: str = "meta") -> FoundDate | None:
    """ISO 8601 from HTML metadata; the UTC offset names the Indonesian time zone."""
    match = ISO_DATE.search(text)
    date = _calendar_date(match)
    if date is None:
        return None
    time, tz = match["time"], None
    offset = match["offset"]
    if offset and offset != "Z":
        sign = -1 if offset[0] == "-" else 1
        digits = offset[1:].replace(":", "")
        seconds = sign * (int(digits[:2]) * 3600 + int(digits[2:]) * 60)
        tz = _OFFSET_ZONES.get(seconds)
    if time == "00:00" and not offset:
        time = None  # a bare midnight is a date without a time
    return FoundDate(date, PRECISION_DAY, time, tz, source=source)


def date_line(line: str) -> FoundDate | None:
    """The date of a line that is (mostly) a date: "Selasa, 21 Okt 2025 20:43 WIB", "April 2021"."""
    stripped = re.sub(r"(?<=[A-Za-z])\+|\+(?=[A-Za-z])", " ", line).strip(
        " |-–—"
    )  # "13+December+2018" from URLs
    if not stripped or len(stripped) > 80:
        return None
    month_year = MONTH_YEAR.match(stripped)
    if month_year:
        parsed = parse_date_text(stripped)
        if parsed:
            return FoundDate(parsed[0], PRECISION_MONTH, source="header")
    found = find_dates(stripped, "header")
    if not found:
        return None
    rest = TEXT_DATE.sub("", stripped)
    rest = NUMERIC_DATE.sub("", rest)
    rest = ISO_DATE.sub("", rest)
    # What is left may be an outlet or "Diperbarui"/"Dipublikasikan" labels, but not a sentence.
    if len(rest.split()) > 6:
        return None
    return found[0]


def url_date(url: str | None) -> FoundDate | None:
    if not url:
        return None
    date = _calendar_date(URL_DATE.search(url))
    return FoundDate(date, PRECISION_DAY, source="url") if date else None


def _calendar_date(match: re.Match | None) -> dt.date | None:
    """The date of a year/nmonth/day match, or None for no match or an impossible date."""
    if not match:
        return None
    try:
        return dt.date(int(match["year"]), int(match["nmonth"]), int(match["day"]))
    except ValueError:
        return None


def complete_partial(weekday: str, month: int, day: int, years: list[int]) -> FoundDate:
    """Give "Senin (10/10)" a year: the first of `years` (nearest full dates first, then years the
    text mentions) whose calendar puts that day on that weekday, trying the year before and after
    too. Without such a year the date stays partial: a wrong year hides an article for good."""
    today = dt.date.today()
    for near in years:
        for year in (near, near - 1, near + 1):
            try:
                date = dt.date(year, month, day)
            except ValueError:
                continue
            if date <= today + dt.timedelta(days=1) and _weekday_matches(weekday, date):
                return FoundDate(date, PRECISION_DAY, source="body")
    return FoundDate(None, PRECISION_NO_YEAR, partial=(month, day), source="body")
