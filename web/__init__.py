"""The Flask front end: faceted search, article pages and their JSON twins.

`create_app(config)` builds an app; nothing is created at import time, so tests build as many apps
as they need. The services (search backend, store, corpus, accounts, indexing worker) are opened
once per app by web.extensions and reused.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from archive.accounts import installation_secret
from archive.config import Settings


def create_app(config: dict | None = None) -> Flask:
    """`config` may name CORPUS, INDEX and USERS; the rest comes from archive.config."""
    config = config or {}
    app = Flask(__name__, instance_relative_config=True)
    settings = Settings.resolve(config.get("CORPUS"), config.get("INDEX"), config.get("USERS"))
    app.config.from_mapping(
        CORPUS=str(settings.paths.corpus),
        INDEX=str(settings.paths.index),
        USERS=str(settings.users),
        EXPORT_LIMIT=5000,
        MAX_CONTENT_LENGTH=64 * 1024 * 1024,  # one upload request
        UPLOAD_FILE_BYTES=8 * 1024 * 1024,
        UPLOAD_ZIP_ENTRIES=2000,
        UPLOAD_ZIP_BYTES=256 * 1024 * 1024,
        UPLOAD_WAIT_SECONDS=120,  # then the page says "still being indexed" and indexing goes on
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.secure_cookies,  # ARSIP_SECURE_COOKIES=1 behind HTTPS
        PERMANENT_SESSION_LIFETIME=8 * 3600,
        WTF_CSRF_TIME_LIMIT=8 * 3600,
    )
    app.config.update(config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = settings.secret_key or installation_secret(
            Path(app.instance_path) / "secret_key"
        )
    app.json.ensure_ascii = False
    app.json.sort_keys = False

    from flask_wtf.csrf import CSRFProtect

    from web import api, archivist, article, auth, extensions, i18n, pages, search

    extensions.install(app, settings)
    CSRFProtect(app)
    i18n.init_app(app)
    pages.init_app(app)
    for blueprint in (search.bp, article.bp, api.bp, auth.bp, archivist.bp):
        app.register_blueprint(blueprint)
    auth.limit_logins(app)
    return app
