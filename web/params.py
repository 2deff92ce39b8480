"""URL <-> SearchRequest: every search state lives in the query string (shareable permalinks)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from werkzeug.datastructures import MultiDict

from archive.facets import FACET_FIELDS
from archive.search import SearchRequest

STATE_KEYS = ("q", *FACET_FIELDS, *(f"not_{f}" for f in FACET_FIELDS), "from", "to", "sort", "page", "size")


class BadParameter(ValueError):
    """A query-string value that cannot mean anything; the message says which and why."""


def parse_date(value: str | None, name: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        if len(value.strip()) == 4 and value.strip().isdigit():  # a year alone: its first or last day
            year = int(value)
            return dt.date(year, 1, 1) if name == "from" else dt.date(year, 12, 31)
        raise BadParameter(f"'{name}' must be a date as YYYY-MM-DD, not {value!r}") from None


def parse_int(value: str | None, default: int) -> int:
    try:
        return int(value) if value not in (None, "") else default
    except ValueError:
        return default


def request_from_args(args: MultiDict, page_size: int = 20) -> SearchRequest:
    return SearchRequest(
        query=args.get("q", ""),
        filters={f: args.getlist(f) for f in FACET_FIELDS if args.getlist(f)},
        exclude={f: args.getlist(f"not_{f}") for f in FACET_FIELDS if args.getlist(f"not_{f}")},
        date_from=parse_date(args.get("from"), "from"),
        date_to=parse_date(args.get("to"), "to"),
        sort=args.get("sort", "relevance"),
        page=parse_int(args.get("page"), 1),
        page_size=parse_int(args.get("size"), page_size),
    ).normalised()


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
