"""The archivist area over HTTP: login, CSRF, uploads and their per-file outcomes, trash, admin."""

import io
import zipfile

import pytest

from tests.web.forms import ARTICLE, csrf, login, outcomes, post_files


@pytest.mark.parametrize("path", ["/archivist/", "/archivist/upload", "/archivist/admin"])
def test_every_archivist_page_needs_a_login(writable_app, path):
    response = writable_app.test_client().get(path)
    assert response.status_code == 302 and "/archivist/login" in response.headers["Location"]


@pytest.mark.parametrize(
    "path",
    [
        "/archivist/upload",
        "/archivist/retry",
        "/archivist/rebuild",
        "/archivist/article/x/delete",
        "/archivist/logout",
    ],
)
def test_posts_without_login_or_token_are_refused(writable_app, corpus, path):
    before = sorted(p.name for p in corpus.rglob("*"))
    client = writable_app.test_client()
    response = client.post(path, data={"files": (io.BytesIO(ARTICLE.encode()), "x.txt")})
    assert response.status_code in (400, 403)
    assert sorted(p.name for p in corpus.rglob("*")) == before


def test_a_token_is_required_even_when_logged_in(archivist, corpus):
    response = post_files(archivist, [("baru.txt", ARTICLE.encode())], token="not-a-token")
    assert response.status_code == 400
    assert not list(corpus.rglob("baru.txt"))


def test_wrong_password_is_refused(writable_app):
    client = writable_app.test_client()
    assert login(client, password="salah-sekali-12").status_code == 401
    assert client.get("/archivist/admin").status_code == 302


def test_upload_outcomes_per_file(archivist, corpus, writable_app):
    paragraphs = ARTICLE.split("\n\n")
    near = "\n\n".join(paragraphs[:2] + paragraphs[3:])  # the same story with a paragraph dropped
    big = ARTICLE.encode() * 100  # over the app's per-file limit (64 KB in these tests)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr(
            "kiriman/satu.txt",
            ARTICLE.replace("Jember", "Bondowoso")
            .replace("JEMBER", "BONDOWOSO")
            .replace("pasar rakyat", "terminal bus")
            .replace("Pasar", "Terminal")
            .replace("pasar", "terminal"),
        )
        z.writestr("../../keluar.txt", ARTICLE)
        z.writestr("catatan.pdf", b"%PDF")
        z.writestr("__MACOSX/._satu.txt", b"\x00")
    response = post_files(
        archivist,
        [
            ("baru.txt", ARTICLE.encode()),
            ("salinan.txt", ARTICLE.replace("\n\n", "\n\n\n").encode()),  # same words: an exact duplicate
            ("versi.txt", near.encode()),
            ("kosong.txt", b""),
            ("foto.txt", bytes(range(256)) * 40),
            ("windows.txt", ARTICLE.replace("Kaliwates", "Kaliwates – Sumbersari").encode("cp1252")),
            ("besar.txt", big),
            ("laporan.pdf", b"%PDF-1.7"),
            ("kiriman.zip", archive.getvalue()),
        ],
    )
    assert response.status_code == 200
    got = outcomes(response)
    assert got["baru.txt"] == "added: ditambahkan: Pemkab Jember Resmikan Pasar Rakyat Baru"
    assert got["salinan.txt"] == "duplicate: duplikat dari Pemkab Jember Resmikan Pasar Rakyat Baru"
    assert got["versi.txt"].startswith("version: ditambahkan sebagai versi lain dari Pemkab Jember")
    assert got["kosong.txt"] == "failed: gagal: berkas kosong"  # reasons in the page's language
    assert got["foto.txt"] == "failed: gagal: data biner, bukan artikel teks atau HTML"
    assert got["windows.txt"].startswith("version:") or got["windows.txt"].startswith("added:")
    assert "berkas terlalu besar" in got["besar.txt"]
    assert "jenis berkas tidak didukung" in got["laporan.pdf"]
    assert got["kiriman/satu.txt"].startswith("added: ditambahkan: Pemkab Bondowoso")
    assert "jalur tidak aman" in got["../../keluar.txt"]
    assert "jenis berkas tidak didukung" in got["catatan.pdf"]
    assert not any("MACOSX" in name for name in got)
    # stored first, never lost: even the files that failed are in the corpus, and nothing escaped it
    uploaded = {p.name for p in (corpus / "uploads").rglob("*") if p.is_file()}
    assert {
        "baru.txt",
        "salinan.txt",
        "versi.txt",
        "kosong.txt",
        "foto.txt",
        "windows.txt",
        "satu.txt",
    } <= uploaded
    assert not (corpus.parent / "keluar.txt").exists()
    # searchable as soon as the upload returns
    hits = writable_app.test_client().get("/api/search?q=pasar+rakyat+jember").get_json()["hits"]
    assert any(h["path"].endswith("baru.txt") for h in hits)
    assert not any(h["path"].endswith("salinan.txt") for h in hits)  # not indexed twice


def test_zip_limits(archivist):
    many = io.BytesIO()
    with zipfile.ZipFile(many, "w") as z:
        for i in range(51):
            z.writestr(f"{i}.txt", "x")
    got = outcomes(post_files(archivist, [("banyak.zip", many.getvalue()), ("rusak.zip", b"PK\x03\x04 no")]))
    assert "terlalu banyak berkas di arsip (51; batasnya 50)" in got["banyak.zip"]
    assert "bukan arsip .zip yang dapat dibaca" in got["rusak.zip"]


def test_same_name_other_content_is_never_overwritten(archivist, corpus):
    post_files(archivist, [("kabar.txt", ARTICLE.encode())])
    other = ARTICLE.replace("Jember", "Situbondo").replace("JEMBER", "SITUBONDO")
    response = post_files(archivist, [("kabar.txt", other.encode())])
    assert outcomes(response)["kabar.txt"].startswith(("added:", "version:"))  # two words apart: a version
    folder = next((corpus / "uploads").iterdir())
    assert (folder / "kabar.txt").read_text() == ARTICLE
    assert (folder / "kabar-2.txt").read_text() == other


def test_delete_moves_the_file_to_trash_and_the_index_follows(archivist, corpus, writable_app):
    hit = archivist.get("/api/search?q=Kalianda").get_json()["hits"][0]
    token = csrf(archivist, f"/article/{hit['id']}")
    response = archivist.post(f"/archivist/article/{hit['id']}/delete", data={"csrf_token": token})
    assert response.status_code == 302
    assert not (corpus / hit["path"]).exists()
    trashed = list((corpus / ".trash").rglob(hit["path"]))
    assert len(trashed) == 1  # kept, not destroyed
    assert archivist.get("/api/search?q=Kalianda").get_json()["total"] == 0
    assert archivist.get(f"/article/{hit['id']}").status_code == 404


def test_replace_keeps_the_old_version_in_trash(archivist, corpus):
    hit = archivist.get("/api/search?q=Kalianda").get_json()["hits"][0]
    token = csrf(archivist, f"/article/{hit['id']}")
    new = ARTICLE.replace("Jember", "Lampung Selatan").encode()
    data = {"csrf_token": token, "file": (io.BytesIO(new), "ganti.txt")}
    response = archivist.post(
        f"/archivist/article/{hit['id']}/replace", data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 302
    assert (corpus / hit["path"]).read_bytes() == new
    assert list((corpus / ".trash").rglob(hit["path"]))
    replaced = archivist.get(f"/api/article/{hit['id']}").get_json()
    assert replaced["title"] == "Pemkab Lampung Selatan Resmikan Pasar Rakyat Baru"


def test_admin_shows_totals_failures_and_retry_fixes_them(archivist, corpus):
    broken = corpus / "rusak.txt"
    broken.write_bytes(b"")
    archivist.post("/archivist/retry", data={"csrf_token": csrf(archivist, "/archivist/admin")})
    page = archivist.get("/archivist/admin").get_data(as_text=True)
    assert "rusak.txt" in page and "berkas kosong" in page
    assert "Bhirawa" in page and "2024" in page  # totals by outlet and year
    broken.write_text(ARTICLE)
    archivist.post("/archivist/retry", data={"csrf_token": csrf(archivist, "/archivist/admin")})
    page = archivist.get("/archivist/admin").get_data(as_text=True)
    assert "berkas kosong" not in page


def test_logout_ends_the_session(archivist):
    token = csrf(archivist, "/archivist/admin")
    archivist.post("/archivist/logout", data={"csrf_token": token})
    assert archivist.get("/archivist/admin").status_code == 302
