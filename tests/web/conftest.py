"""An app over a writable copy of the samples, with one archivist account."""

from __future__ import annotations

import re

import pytest

from tests.conftest import sync
from web import create_app
from web.accounts import Accounts

PASSWORD = "kata-sandi-rahasia"


@pytest.fixture
def writable_app(corpus, store, tmp_path):
    sync(store, corpus)
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


def csrf(client, path: str) -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def login(client, password: str = PASSWORD):
    token = csrf(client, "/archivist/login")
    return client.post(
        "/archivist/login", data={"csrf_token": token, "name": "arsiparis", "password": password}
    )
