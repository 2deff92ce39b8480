"""URL <-> SearchRequest: every search state lives in the query string (shareable permalinks)."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlencode

from werkzeug.datastructures import MultiDict

from archive.facets import FACET_FIELDS, MISSING
from archive.results import MAX_PAGE, MAX_PAGE_SIZE, SORTS, SearchRequest

STATE_KEYS = ("q", *FACET_FIELDS, *(f"not_{f}" for f in FACET_FIELDS), "from", "to", "sort", "page", "size")


class BadParameter(ValueError):
    """A query-string value that cannot mean anything. `key` names the message in web/strings.py
    (pages show it in the reader's language); str() is the English text the API returns."""

    def __init__(self, key: str, **fields):
        from web.strings import STRINGS

        self.key, self.fields = key, fields
        super().__init__(STRINGS[key]["en"].format(**fields))


_YEAR_ALONE = re.compile(r"^[1-9]\d{3}$")


def parse_date(value: str | None, name: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except (ValueError, OverflowError):
        if _YEAR_ALONE.match(value.strip()):  # a year alone: its first or last day
            year = int(value)
            return dt.date(year, 1, 1) if name == "from" else dt.date(year, 12, 31)
        raise BadParameter("bad_date", name=name, value=repr(value[:40])) from None


MAX_VALUES_PER_FACET = 100  # more is a broken or hostile link, not a search
_MONTH = re.compile(r"^\d{4}-(?:0[1-9]|1[0-2])$")
_YEAR = re.compile(r"^\d{4}$")


def facet_values(args: MultiDict, name: str) -> list[str]:
    """The selected values of one facet, deduplicated and checked."""
    given = args.getlist(name)
    if len(given) > MAX_VALUES_PER_FACET:
        raise BadParameter("too_many_values", name=name, count=len(given), limit=MAX_VALUES_PER_FACET)
    values = list(dict.fromkeys(v.strip() for v in given if v.strip()))  # an empty one means none
    base = name.removeprefix("not_")
    for value in values:
        if value == MISSING:
            continue
        if base == "month" and not _MONTH.match(value):
            raise BadParameter("bad_month", name=name, value=repr(value[:40]))
        if base == "year" and not _YEAR.match(value):
            raise BadParameter("bad_year", name=name, value=repr(value[:40]))
    return values


def parse_sort(value: str | None) -> str:
    if value in (None, ""):
        return "relevance"
    if value not in SORTS:
        raise BadParameter("bad_sort", choices=", ".join(SORTS), value=repr(value[:40]))
    return value


def parse_int(value: str | None, default: int, name: str, high: int) -> int:
    """A whole number from 1 to `high`, or the default when absent."""
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        number = 0
    if not 1 <= number <= high:
        raise BadParameter("bad_number", name=name, high=high, value=repr(value[:40]))
    return number


def request_from_args(args: MultiDict, page_size: int = 20) -> SearchRequest:
    filters = {f: facet_values(args, f) for f in FACET_FIELDS}
    exclude = {f: facet_values(args, f"not_{f}") for f in FACET_FIELDS}
    return SearchRequest(
        query=args.get("q", ""),
        filters={f: v for f, v in filters.items() if v},
        exclude={f: v for f, v in exclude.items() if v},
        date_from=parse_date(args.get("from"), "from"),
        date_to=parse_date(args.get("to"), "to"),
        sort=parse_sort(args.get("sort")),
        page=parse_int(args.get("page"), 1, "page", MAX_PAGE),
        page_size=parse_int(args.get("size"), page_size, "size", MAX_PAGE_SIZE),
    )


def state_of(args: MultiDict) -> MultiDict:
    """Only the keys that define a search (no lang, no tracking noise)."""
    return MultiDict([(k, v) for k, v in args.items(multi=True) if k in STATE_KEYS and v != ""])


def query_string(state: MultiDict, **changes) -> str:
    """The state with some keys replaced (None removes); page resets unless given."""
    items = MultiDict(state)
    if "page" not in changes:
        items.pop("page", None)
    for key, value in changes.items():
        items.pop(key, None)
        if value is None:
            continue
        for v in value if isinstance(value, (list, tuple)) else [value]:
            items.add(key, v)
    return urlencode(list(items.items(multi=True)))


def toggle(state: MultiDict, key: str, value: str) -> str:
    """Query string with `value` of facet `key` switched on or off."""
    values = state.getlist(key)
    new = [v for v in values if v != value] if value in values else [*values, value]
    return query_string(state, **{key: new or None})
