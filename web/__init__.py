"""The Flask front end: faceted search, article pages and their JSON twins.

`create_app(config)` builds an app; nothing is created at import time, so tests build as many apps
as they need. The search service (and its index searchers) is opened once per app and reused.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask, current_app

from archive.config import Paths
from archive.search import SearchService
from archive.store import IndexStore


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    paths = Paths.resolve((config or {}).get("CORPUS"), (config or {}).get("INDEX"))
    app.config.from_mapping(
        CORPUS=str(paths.corpus),
        INDEX=str(paths.index),
        USERS=os.environ.get("ARSIP_USERS") or str(paths.index.parent / "users.json"),
        EXPORT_LIMIT=5000,
        MAX_CONTENT_LENGTH=64 * 1024 * 1024,  # one upload request
        UPLOAD_FILE_BYTES=8 * 1024 * 1024,
        UPLOAD_ZIP_ENTRIES=2000,
        UPLOAD_ZIP_BYTES=256 * 1024 * 1024,
        UPLOAD_WAIT_SECONDS=120,  # then the page says "still being indexed" and indexing goes on
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=os.environ.get("ARSIP_SECURE_COOKIES", "") == "1",  # set behind HTTPS
        PERMANENT_SESSION_LIFETIME=8 * 3600,
        WTF_CSRF_TIME_LIMIT=8 * 3600,
    )
    if config:
        app.config.update(config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = os.environ.get("ARSIP_SECRET_KEY") or _instance_secret(app)
    app.json.ensure_ascii = False
    app.json.sort_keys = False

    store = IndexStore(Path(app.config["INDEX"]))
    app.extensions["arsip.store"] = store
    app.extensions["arsip.search"] = SearchService(store)

    from flask_wtf.csrf import CSRFProtect

    from web import api, archivist, article, i18n, pages, search
    from web.accounts import Accounts
    from web.ingest import IndexingWorker

    app.extensions["arsip.accounts"] = Accounts(Path(app.config["USERS"]))
    app.extensions["arsip.worker"] = IndexingWorker(store, Path(app.config["CORPUS"]))
    CSRFProtect(app)
    i18n.init_app(app)
    pages.init_app(app)
    app.register_blueprint(search.bp)
    app.register_blueprint(article.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(archivist.bp)
    archivist.limit_logins(app)
    return app


def get_search() -> SearchService:
    return current_app.extensions["arsip.search"]


def _instance_secret(app: Flask) -> str:
    """A per-installation secret kept in the instance folder (sessions survive restarts)."""
    path = Path(app.instance_path) / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(32)
        path.write_text(key)
        path.chmod(0o600)
        return key
