"""An app over a writable copy of the samples, with one archivist account."""

from __future__ import annotations

import pytest

from archive.accounts import Accounts
from indexer.pipeline import extract_many
from tests.web.forms import PASSWORD, login
from web import create_app


@pytest.fixture
def writable_app(corpus, store, tmp_path):
    store.sync(corpus, extract_many)
    users = tmp_path / "users.json"
    Accounts(users).add("arsiparis", PASSWORD)
    # small upload limits keep test requests in memory (werkzeug spools larger bodies to temp files)
    app = create_app(
        {
            "CORPUS": str(corpus),
            "INDEX": str(store.root),
            "USERS": str(users),
            "SECRET_KEY": "t",
            "UPLOAD_FILE_BYTES": 64 * 1024,
            "UPLOAD_ZIP_ENTRIES": 50,
        }
    )
    return app


@pytest.fixture
def archivist(writable_app):
    """A logged-in test client."""
    client = writable_app.test_client()
    login(client)
    return client
