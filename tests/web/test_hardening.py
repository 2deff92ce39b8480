"""What hostile or unlucky input did to the web app once, each fixed at its cause (issue 16)."""

from __future__ import annotations

import configparser
import csv
import io
import zipfile
from pathlib import Path

import pytest

from tests.web.forms import ARTICLE, csrf, login, outcomes, post_files
from web import create_app

BOGOR = ARTICLE.replace("Jember", "Bogor").replace("JEMBER", "BOGOR")


def _delete(client, article_id: str):
    token = csrf(client, f"/article/{article_id}")
    return client.post(f"/archivist/article/{article_id}/delete", data={"csrf_token": token})


# 1 -------------------------------------------------------------------------------------------
def test_trashing_the_only_article_of_a_segment_keeps_its_words_searchable(archivist):
    post_files(archivist, [("bogor.txt", BOGOR.encode())])
    hit = archivist.get("/api/search?q=bogor").get_json()["hits"][0]
    assert _delete(archivist, hit["id"]).status_code == 302
    for path in ("/api/search?q=bogor", "/search?q=bogor+pelayanan", "/api/search?q=pasar+rakyat"):
        response = archivist.get(path)
        assert response.status_code == 200, path
    assert archivist.get("/api/search?q=bogor").get_json()["total"] == 0
    again = ARTICLE.replace("Jember", "Kota Bogor").replace("pasar rakyat", "terminal bus")
    post_files(archivist, [("bogor-lagi.txt", again.encode())])
    assert archivist.get("/api/search?q=bogor").get_json()["total"] == 1


# 5 -------------------------------------------------------------------------------------------
def _replay(client, cookie) -> int:
    client.set_cookie("session", cookie)
    return client.get("/archivist/admin").status_code


def test_a_session_ends_at_logout_even_for_a_copied_cookie(archivist):
    stolen = archivist.get_cookie("session").value
    archivist.post("/archivist/logout", data={"csrf_token": csrf(archivist, "/archivist/admin")})
    assert _replay(archivist, stolen) == 302  # to the login page


def test_a_password_change_or_a_removed_account_ends_every_session(writable_app, archivist, corpus):
    accounts = writable_app.extensions["arsip.accounts"]
    cookie = archivist.get_cookie("session").value
    accounts.set_password("arsiparis", "sandi-baru-yang-panjang")
    assert _replay(archivist, cookie) == 302
    login(archivist, "sandi-baru-yang-panjang")
    token = csrf(archivist, "/archivist/upload")
    accounts.remove("arsiparis")
    response = post_files(archivist, [("kabar.txt", BOGOR.encode())], token=token)
    assert response.status_code == 403
    assert not list(corpus.rglob("kabar.txt"))  # a removed archivist no longer uploads


def test_password_guessing_is_cut_off_per_account(writable_app):
    client = writable_app.test_client()
    codes = [login(client, f"tebakan-salah-{n}").status_code for n in range(6)]
    assert codes[:5] == [401] * 5 and codes[5] == 429
    assert login(writable_app.test_client()).status_code == 429  # the right password waits too


# 6 -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "title", ['=HYPERLINK("http://contoh.test","klik")', "+cmd|' /C calc'!A0", "@SUM(1+1)"]
)
def test_exported_titles_never_run_as_spreadsheet_formulas(archivist, title):
    post_files(archivist, [("formula.txt", f"{title}\n\n{BOGOR.split(chr(10), 2)[2]}".encode())])
    text = archivist.get("/api/export.csv?q=bogor").get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 1
    assert rows[0]["title"] == "'" + title


# 7 -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "query", ["month=13", "month=x", "month=2021-13", "year=20x1", "sort=sideways", "not_month=2021-00"]
)
@pytest.mark.parametrize("route", ["/search", "/api/search", "/api/export.csv", "/api/export.json"])
def test_bad_parameters_are_a_400_that_names_them(client, route, query):
    response = client.get(f"{route}?{query}")
    assert response.status_code == 400
    assert query.split("=")[0] in response.get_data(as_text=True)


def test_a_thousand_facet_values_are_refused_not_computed(client):
    query = "&".join(f"outlet=Media+{n}" for n in range(1000))
    assert client.get(f"/search?{query}").status_code == 400
    assert client.get("/search?" + "&".join(["outlet=Bhirawa"] * 100)).status_code == 200


def test_a_login_redirect_never_carries_a_header(writable_app):
    client = writable_app.test_client()
    token = csrf(client, "/archivist/login")
    response = client.post(
        "/archivist/login?next=/archivist/admin%0d%0aSet-Cookie:%20x=1",
        data={"csrf_token": token, "name": "arsiparis", "password": "kata-sandi-rahasia"},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/archivist/admin"
    assert "x=1" not in str(response.headers)


def _zip(members: dict[str, bytes], damage: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    data = bytearray(buffer.getvalue())
    if damage:
        at = data.index(members[damage][40:60])  # flip bytes inside the member: its CRC no longer fits
        data[at : at + 5] = b"XXXXX"
    return bytes(data)


def test_a_damaged_zip_member_is_reported_and_the_others_are_indexed(archivist):
    members = {"satu.txt": BOGOR.encode(), "dua.txt": ARTICLE.replace("Jember", "Madiun").encode()}
    response = post_files(archivist, [("kiriman.zip", _zip(members, damage="dua.txt"))])
    assert response.status_code == 200
    found = outcomes(response)
    assert found["satu.txt"].startswith("added")
    assert found["dua.txt"].startswith("failed") and "CRC" in found["dua.txt"]
    assert archivist.get("/api/search?q=bogor").get_json()["total"] == 1


# 8 -------------------------------------------------------------------------------------------
def test_an_upload_that_outlasts_the_wait_is_pending_not_failed(writable_app, archivist):
    writable_app.config["UPLOAD_WAIT_SECONDS"] = 0
    response = post_files(archivist, [("bogor.txt", BOGOR.encode())])
    assert outcomes(response)["bogor.txt"].startswith("pending")
    writable_app.extensions["arsip.worker"].submit().result(timeout=60)  # the queue drains
    assert archivist.get("/api/search?q=bogor").get_json()["total"] == 1


def test_admin_lists_files_not_indexed_yet_and_indexes_them(archivist, corpus):
    (corpus / "uploads").mkdir(exist_ok=True)
    (corpus / "uploads" / "terputus.txt").write_text(BOGOR)  # stored, then the server was killed
    page = archivist.get("/archivist/admin").get_data(as_text=True)
    assert "uploads/terputus.txt" in page and "belum terindeks" in page
    archivist.post("/archivist/retry", data={"csrf_token": csrf(archivist, "/archivist/admin")})
    assert archivist.get("/api/search?q=bogor").get_json()["total"] == 1
    assert "uploads/terputus.txt" not in archivist.get("/archivist/admin").get_data(as_text=True)


def _truncate_largest_segment(index_root):
    files = [
        p for p in index_root.rglob("*") if p.is_file() and p.suffix in (".seg", ".trm", ".pst", ".vpst")
    ]
    largest = max(files, key=lambda p: p.stat().st_size)
    largest.write_bytes(largest.read_bytes()[: largest.stat().st_size // 3])


def test_a_damaged_index_is_explained_with_the_command_that_repairs_it(corpus, store, writable_app):
    _truncate_largest_segment(store.root)
    client = create_app({"CORPUS": str(corpus), "INDEX": str(store.root), "SECRET_KEY": "t"}).test_client()
    page = client.get("/search?q=pelayanan")
    assert page.status_code == 503
    assert "arsip index" in page.get_data(as_text=True)
    api = client.get("/api/search?q=pelayanan")
    assert api.status_code == 503 and "arsip index" in api.get_json()["error"]


# 9 -------------------------------------------------------------------------------------------
def test_the_package_declares_the_html_cleaner_that_html_extraction_needs():
    """Debian's pip 23 installs lxml without lxml.html.clean, which jusText imports."""
    setup = configparser.ConfigParser()
    setup.read(Path(__file__).resolve().parents[2] / "setup.cfg")
    requires = setup["options"]["install_requires"]
    assert "lxml_html_clean" in requires or "lxml[html-clean]" in requires


# 10 ------------------------------------------------------------------------------------------
def test_a_long_file_name_keeps_its_extension_and_is_indexed(archivist):
    name = "berita-" + "pelayanan-publik-" * 15 + "bogor.txt"
    response = post_files(archivist, [(name, BOGOR.encode())])
    assert outcomes(response)[name].startswith("added")
    hit = archivist.get("/api/search?q=bogor").get_json()["hits"][0]
    assert hit["path"].endswith(".txt") and len(hit["path"].rsplit("/", 1)[-1]) <= 150


def test_dot_named_zip_members_get_an_outcome(archivist):
    response = post_files(
        archivist, [("kiriman.zip", _zip({"..txt": BOGOR.encode(), "ok.txt": BOGOR.encode()}))]
    )
    found = outcomes(response)
    assert found["..txt"].startswith("failed") and found["ok.txt"].startswith("added")
