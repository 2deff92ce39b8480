"""Driving the site as an archivist does -- the log-in form and its CSRF token -- for the tests and
the benchmarks, whatever client they hold (Flask's test client, requests, urllib).

Like flask.testing, this is here so that every caller logs in one way: through the real form.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')
LOGIN_PATH = "/archivist/login"


def csrf_token(page: str) -> str:
    """The CSRF token of the first form in an HTML page."""
    found = _CSRF_FIELD.search(page)
    if found is None:
        raise ValueError("the page has no form with a CSRF token (logged out? wrong page?)")
    return found.group(1)


def log_in(get: Callable[[str], str], post: Callable[[str, dict], object], name: str, password: str):
    """Fill in the log-in form: `get(path)` returns a page's HTML, `post(path, fields)` submits.
    Returns what `post` returned."""
    token = csrf_token(get(LOGIN_PATH))
    return post(LOGIN_PATH, {"csrf_token": token, "name": name, "password": password})


def flask_client_calls(client) -> tuple[Callable[[str], str], Callable[[str, dict], object]]:
    """`get` and `post` for log_in over a Flask test client."""
    return (lambda path: client.get(path).get_data(as_text=True)), (
        lambda path, data: client.post(path, data=data)
    )
