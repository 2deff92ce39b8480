"""Bahasa Indonesia by default, English on request (?lang=en, remembered in a cookie).

Two languages and a few dozen strings: a dictionary is clearer here than gettext catalogues that
need a compile step. Dates are formatted by Babel's CLDR data ("Sabtu, 10 April 2021").
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal
from flask import Flask, g, request

from web.strings import STRINGS

LANGUAGES = ("id", "en")
DEFAULT = "id"


def t(key: str, **values) -> str:
    entry = STRINGS.get(key)
    if entry is None:
        return key
    text = entry.get(current_language()) or entry[DEFAULT]
    return text.format(**values) if values else text


def current_language() -> str:
    return getattr(g, "lang", DEFAULT)


def format_day(value: str | dt.date | None, precision: str | None = "day", with_weekday: bool = True) -> str:
    """Sabtu, 10 April 2021 (id) / Saturday, 10 April 2021 (en); month or year precision as such."""
    if not value:
        return t("unknown_date")
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    locale = current_language()
    if precision == "year":
        return str(day.year)
    if precision == "month":
        return format_date(day, "MMMM y", locale=locale)
    return format_date(day, "EEEE, d MMMM y" if with_weekday else "d MMMM y", locale=locale)


def format_month(value: str) -> str:
    year, month = value.split("-")
    return format_date(dt.date(int(year), int(month), 1), "MMM y", locale=current_language())


def format_number(n: int | float) -> str:
    """1.234 (id) / 1,234 (en), by CLDR."""
    return format_decimal(n, locale=current_language())


def format_moment(value: float | str | dt.datetime | None) -> str:
    """A point in time (last sync, a correction) in the server's time zone, as people write it:
    30 Nov 2026 14.00. Takes a Unix time, an ISO 8601 string or a datetime."""
    if value is None or value == "":
        return "—"
    if isinstance(value, int | float):
        moment = dt.datetime.fromtimestamp(value)
    else:
        moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
        if moment.tzinfo:
            moment = moment.astimezone().replace(tzinfo=None)
    return format_datetime(
        moment, "d MMM y HH.mm" if current_language() == "id" else "d MMM y HH:mm", locale=current_language()
    )


def format_bucket(start: dt.date, unit: str) -> str:
    """A timeline bucket: 7 Okt 2024, minggu 7 Okt 2024, Okt 2024, 2024."""
    locale = current_language()
    if unit == "year":
        return str(start.year)
    if unit == "month":
        return format_date(start, "MMM y", locale=locale)
    day = format_date(start, "d MMM y", locale=locale)
    return t("week_of", day=day) if unit == "week" else day


def lang_url(code: str) -> str:
    """This page in another language, with the search state kept."""
    from urllib.parse import urlencode

    items = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"] + [("lang", code)]
    return f"{request.path}?{urlencode(items)}"


def init_app(app: Flask) -> None:
    @app.before_request
    def choose_language():
        asked = request.args.get("lang")
        g.lang = asked if asked in LANGUAGES else request.cookies.get("lang", DEFAULT)
        if g.lang not in LANGUAGES:
            g.lang = DEFAULT
        g.set_lang_cookie = asked in LANGUAGES

    @app.after_request
    def remember_language(response):
        if getattr(g, "set_lang_cookie", False):
            response.set_cookie("lang", g.lang, max_age=365 * 86400, samesite="Lax")
        return response

    app.jinja_env.globals.update(t=t, current_language=current_language, lang_url=lang_url)
    from web.reasons import reason

    app.jinja_env.filters.update(
        day=format_day, month_name=format_month, number=format_number, moment=format_moment, reason=reason
    )
