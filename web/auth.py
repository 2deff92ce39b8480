"""Archivist log-in: sessions that can be revoked, password guessing slowed, a safe way back.

A signed cookie alone cannot be revoked, so each login is also recorded with the account
(archive.accounts); logging out, a new password or a removed account ends it.
"""

from __future__ import annotations

import functools
import re
import time

from flask import Blueprint, abort, redirect, render_template, request, session, url_for

from web.extensions import accounts

bp = Blueprint("auth", __name__, url_prefix="/archivist")
_SAFE_NEXT = re.compile(r"^/archivist/[\w\-./?=&%]*$")


def current_archivist() -> str | None:
    """The logged-in archivist, if the session is still open: a cookie stops counting once its
    session is logged out, its password changed or its account removed."""
    name = session.get("archivist")
    if name and accounts().session_valid(name, session.get("sid")):
        return name
    if name:
        session.clear()
    return None


def login_required(view):
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if not current_archivist():
            if request.method == "GET":
                return redirect(url_for("auth.login", next=request.full_path))
            abort(403)
        return view(*args, **kwargs)

    return wrapped


@bp.route("/login", methods=["GET", "POST"])
def login():
    error = None
    if request.method == "POST":
        name = request.form.get("name", "")
        if accounts().verify(name, request.form.get("password", "")):
            session.clear()
            session["archivist"] = name.strip().lower()
            session["sid"] = accounts().start_session(session["archivist"])
            session.permanent = True
            target = request.args.get("next") or ""
            if not _SAFE_NEXT.match(target):  # only a page of this area, no header injection
                target = url_for("archivist.admin")
            return redirect(target)
        error = "login_failed"
        time.sleep(0.5)  # slows password guessing
    return render_template("archivist/login.html", error=error), (401 if error else 200)


LOGIN_LIMITS_PER_ADDRESS = "20 per minute;200 per day"
LOGIN_LIMITS_PER_ACCOUNT = "5 per minute;50 per day"


def limit_logins(app) -> None:
    """Password guessing is slowed per address and per account (Flask-Limiter, in memory: one
    server process serves the archive)."""
    from flask_limiter import Limiter
    from flask_limiter.util import get_remote_address

    limiter = Limiter(get_remote_address, app=app, storage_uri="memory://", default_limits=[])
    view = app.view_functions["auth.login"]
    view = limiter.limit(LOGIN_LIMITS_PER_ACCOUNT, key_func=_account_key, methods=["POST"])(view)
    app.view_functions["auth.login"] = limiter.limit(LOGIN_LIMITS_PER_ADDRESS, methods=["POST"])(view)


def _account_key() -> str:
    return "account:" + request.form.get("name", "").strip().lower()[:64]


@bp.route("/logout", methods=["POST"])
def logout():
    if session.get("archivist"):
        accounts().end_session(session["archivist"], session.get("sid", ""))
    session.clear()
    return redirect(url_for("search.search_page"))
