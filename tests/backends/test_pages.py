"""The pages, the API and the archivist's upload and trash, served by the same app on either engine
(ARSIP_BACKEND=solr with ARSIP_SOLR_URL and ARSIP_SOLR_COLLECTION, as a deployment sets them)."""

from __future__ import annotations

import pytest

from archive.accounts import Accounts
from tests.backends.conftest import TEST_COLLECTION
from tests.web.forms import ARTICLE, PASSWORD, csrf, login, outcomes, post_files
from web import create_app

pytestmark = pytest.mark.cluster


@pytest.fixture
def site(engine, tmp_path, monkeypatch):
    """A logged-in client of an app over the engine's archive."""
    if engine.name == "solr":
        monkeypatch.setenv("ARSIP_BACKEND", "solr")
        monkeypatch.setenv("ARSIP_SOLR_URL", ",".join(engine.store.collection.urls))
        monkeypatch.setenv("ARSIP_SOLR_COLLECTION", TEST_COLLECTION)
    users = tmp_path / "users.json"
    Accounts(users).add("arsiparis", PASSWORD)
    app = create_app(
        {
            "CORPUS": str(engine.corpus),
            "INDEX": str(engine.store.root),
            "USERS": str(users),
            "SECRET_KEY": "t",
        }
    )
    client = app.test_client()
    login(client)
    return client


def test_search_page_api_and_article_view(site):
    page = site.get("/search?q=Khofifah").get_data(as_text=True)
    assert "<mark>Khofifah</mark>" in page and "1 artikel" in page
    answer = site.get("/api/search?q=pelayanan&outlet=Bhirawa").get_json()
    assert answer["total"] == 2 and ["Bhirawa", 2] in answer["facets"]["outlet"]
    article = site.get(f"/article/{answer['hits'][0]['id']}").get_data(as_text=True)
    assert answer["hits"][0]["title"] in article


def test_upload_then_trash(site):
    response = post_files(site, [("jember.txt", ARTICLE.encode())])
    assert outcomes(response)["jember.txt"].startswith("added"), outcomes(response)
    found = site.get("/api/search?q=Jember").get_json()
    assert found["total"] == 1
    article_id = found["hits"][0]["id"]
    token = csrf(site, f"/article/{article_id}")
    site.post(f"/archivist/article/{article_id}/delete", data={"csrf_token": token})
    assert site.get("/api/search?q=Jember").get_json()["total"] == 0
    assert site.get(f"/api/article/{article_id}").status_code == 404
    admin = site.get("/archivist/admin").get_data(as_text=True)  # the archive's health, as the engine sees it
    assert "<dd>5</dd>" in admin, admin


@pytest.mark.parametrize("engine", ["solr"], indirect=True)  # one rebuild at a time across machines
def test_a_rebuild_that_cannot_start_says_why_on_the_admin_page(site, engine):
    """Rebuilt from the admin page while another machine rebuilds the same cluster archive: the
    page names the rebuild that is running (in the archivist's language), not just "started"."""
    import time

    from archive.solr_lease import LEASE_SECONDS, PROPERTY, Claim

    collection = engine.store.collection
    engine.sync(rebuild=True)  # the name becomes an alias, which holds the claim

    def claim(seconds_ago: float) -> None:
        value = str(
            Claim(f"{collection.name}_gen999999", "ruang-redaksi-lain:4242", time.time() - seconds_ago)
        )
        collection.admin("ALIASPROP", name=collection.name, **{f"property.{PROPERTY}": value})

    claim(seconds_ago=5)
    try:
        token = csrf(site, "/archivist/admin")
        started = site.post("/archivist/rebuild", data={"csrf_token": token}, follow_redirects=True)
        assert "Pembangunan ulang indeks dimulai" in started.get_data(as_text=True)
        deadline = time.monotonic() + 60
        while "sedang berjalan" not in (page := site.get("/archivist/admin").get_data(as_text=True)):
            assert time.monotonic() < deadline, page
            time.sleep(0.2)
        assert "ruang-redaksi-lain:4242" in page and 'role="alert"' in page
    finally:
        claim(seconds_ago=LEASE_SECONDS + 60)
    token = csrf(site, "/archivist/admin")
    site.post("/archivist/rebuild", data={"csrf_token": token})
    deadline = time.monotonic() + 120
    while "sedang berjalan" in (page := site.get("/archivist/admin").get_data(as_text=True)):
        assert time.monotonic() < deadline, "a rebuild that succeeds clears the failure"
        time.sleep(0.5)
