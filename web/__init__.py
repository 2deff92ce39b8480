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
        EXPORT_LIMIT=5000,
        JSON_SORT_KEYS=False,
    )
    if config:
        app.config.update(config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = os.environ.get("ARSIP_SECRET_KEY") or _instance_secret(app)
    app.json.ensure_ascii = False
    app.json.sort_keys = False

    app.extensions["arsip.search"] = SearchService(IndexStore(Path(app.config["INDEX"])))

    from web import api, article, i18n, pages, search

    i18n.init_app(app)
    pages.init_app(app)
    app.register_blueprint(search.bp)
    app.register_blueprint(article.bp)
    app.register_blueprint(api.bp)
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
