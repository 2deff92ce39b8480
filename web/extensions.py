"""The services one app holds, opened once by `create_app` and reached by the views through these
functions (views import this module, never the `web` package, so imports never run back up).

The web layer never touches the filesystem: corpus files go through archive.corpus.Corpus,
corrections through archive.corrections, accounts through archive.accounts.
"""

from __future__ import annotations

from flask import Flask, current_app

from archive.accounts import Accounts
from archive.backend import SearchBackend, Store, open_search, open_store
from archive.config import Settings
from archive.corpus import Corpus
from archive.corrections import Corrections
from web.ingest import IndexingWorker


def install(app: Flask, settings: Settings) -> None:
    store = open_store(settings)
    app.extensions["arsip.store"] = store
    app.extensions["arsip.search"] = open_search(settings, store)
    app.extensions["arsip.corpus"] = Corpus(settings.paths.corpus)
    app.extensions["arsip.accounts"] = Accounts(settings.users)
    app.extensions["arsip.worker"] = IndexingWorker(store, settings.paths.corpus)


def search_service() -> SearchBackend:
    return current_app.extensions["arsip.search"]


def store() -> Store:
    return current_app.extensions["arsip.store"]


def corpus() -> Corpus:
    return current_app.extensions["arsip.corpus"]


def corrections() -> Corrections:
    return Corrections(corpus().root)


def accounts() -> Accounts:
    return current_app.extensions["arsip.accounts"]


def worker() -> IndexingWorker:
    return current_app.extensions["arsip.worker"]
