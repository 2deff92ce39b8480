"""Daily use over HTTP: numbers and dates in the reader's language, admin housekeeping (issue 14)."""

import re

from tests.web.forms import csrf


def test_numbers_and_moments_follow_the_language(app):
    from web.i18n import format_moment, format_number

    with app.test_request_context("/?lang=id"):
        app.preprocess_request()
        assert format_number(12345) == "12.345"
        assert format_moment("2026-11-30T07:00:45+00:00").startswith("30 Nov 2026")
    with app.test_request_context("/?lang=en"):
        app.preprocess_request()
        assert format_number(12345) == "12,345"


def test_admin_shows_when_it_last_synced_as_people_write_it(archivist):
    page = archivist.get("/archivist/admin").get_data(as_text=True)
    last_sync = re.search(r"Sinkronisasi terakhir</dt><dd>([^<]+)</dd>", page).group(1)
    assert not re.search(r"\d{4}-\d\d-\d\dT", last_sync) and re.search(r"\d{1,2} \w{3} \d{4}", last_sync)


def test_a_file_that_cannot_be_read_can_be_moved_to_the_trash_from_admin(archivist, corpus):
    (corpus / "rusak.txt").write_bytes(b"")
    archivist.post("/archivist/retry", data={"csrf_token": csrf(archivist, "/archivist/admin")})
    token = csrf(archivist, "/archivist/admin")
    response = archivist.post("/archivist/failed/trash", data={"csrf_token": token, "path": "rusak.txt"})
    assert response.status_code == 302
    page = archivist.get(response.headers["Location"]).get_data(as_text=True)
    assert "Dipindahkan ke tempat sampah: rusak.txt" in page
    assert "berkas kosong" not in page  # gone from the list of failures
    assert not (corpus / "rusak.txt").exists() and list((corpus / ".trash").rglob("rusak.txt"))
    other = archivist.post("/archivist/failed/trash", data={"csrf_token": token, "path": "../etc/passwd"})
    assert other.status_code == 404


def test_the_advanced_form_redirects_to_the_query_it_writes(client):
    response = client.get("/advanced?title=Kalianda&outlet=Radar+Lamsel&exclude=Lumajang+Malang&from=2024")
    assert response.status_code == 302
    assert response.headers["Location"] == (
        "/search?q=-Lumajang+-Malang+judul%3AKalianda+media%3A%22Radar+Lamsel%22&from=2024"
    )
    assert client.get("/advanced?from=kemarin&words=x").status_code == 400
    assert "Pencarian lanjut" in client.get("/advanced").get_data(as_text=True)
