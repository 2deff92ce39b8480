"""A reporter in a real browser: search, narrow by a facet, open an article, export, timeline."""

import re
import threading
from pathlib import Path

import pytest

from indexer.pipeline import extract_many
from tests.e2e.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_search_facet_article_flow(server, page):
    page.goto(server + "/")
    page.get_by_label("Cari di arsip berita").fill("pelayanan publik")
    page.get_by_role("button", name="Cari").click()
    page.wait_for_url(re.compile(r"/search\?q=pelayanan"))
    count = page.locator(".summary .count strong").inner_text()
    assert count == "5 artikel"
    screenshot(page, "search-page")

    page.locator('[data-facet="outlet"] a', has_text="Bhirawa").click()
    assert page.locator(".summary .count strong").inner_text() == "2 artikel"
    assert page.locator(".chips .chip", has_text="Media: Bhirawa").count() == 1
    year_counts = page.locator('[data-facet="year"] li').all_inner_texts()
    assert any(text.startswith("2021") and text.strip().endswith("1") for text in year_counts)

    page.locator(".hit h3 a").first.click()
    page.wait_for_url(re.compile(r"/article/"))
    assert page.locator("article h1").inner_text() in {
        "Gubernur Khofifah Ingin ASN Jatim Jadi Pelayan Publik yang Cepat dan Ramah",
        "Pj Bupati Lumajang Resmikan Mal Pelayanan Publik",
    }
    assert page.locator(".body mark").count() > 0  # search words highlighted
    assert "Baca juga" not in page.locator(".body").inner_text()
    screenshot(page, "article-page")

    page.get_by_text("Kembali ke hasil pencarian").click()
    assert page.locator(".summary .count strong").inner_text() == "2 artikel"


def test_timeline_bar_narrows_to_a_month(server, page):
    page.goto(server + "/search?q=")
    bars = page.locator(".timeline a")
    assert bars.count() == 4  # months with matches are links; empty months are drawn flat
    bars.first.click()
    assert page.locator(".summary .count strong").inner_text() == "2 artikel"
    assert "2021" in page.locator(".chips").inner_text()


def test_export_csv_downloads_the_result_set(server, page):
    page.goto(server + "/search?q=MPP")
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("id,title,date") and len(text.strip().splitlines()) == 3


@pytest.fixture
def writable_server(corpus, store, tmp_path):
    from waitress import create_server

    from archive.accounts import Accounts
    from web import create_app

    store.sync(corpus, extract_many)
    users = tmp_path / "users.json"
    Accounts(users).add("arsiparis", "kata-sandi-rahasia")
    app = create_app(
        {"CORPUS": str(corpus), "INDEX": str(store.root), "USERS": str(users), "SECRET_KEY": "b"}
    )
    httpd = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=httpd.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.effective_port}"
    httpd.close()


def test_archivist_logs_in_and_uploads(writable_server, page, tmp_path):
    article = tmp_path / "kiriman-baru.txt"
    article.write_text(
        "Bupati Banyuwangi Resmikan Mal Pelayanan Publik\n\nBANYUWANGI - Bupati Banyuwangi meresmikan Mal "
        "Pelayanan Publik yang menyatukan layanan perizinan, kependudukan dan pajak daerah "
        "dalam satu gedung, "
        "Kamis (10/10/2024). Warga kini tidak perlu berpindah kantor untuk mengurus dokumen.\n",
        encoding="utf-8",
    )
    page.goto(writable_server + "/archivist/upload")
    page.get_by_label("Nama pengguna").fill("arsiparis")
    page.get_by_label("Kata sandi").fill("kata-sandi-rahasia")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(re.compile(r"/archivist/upload"))
    page.get_by_label("Berkas artikel").set_input_files(str(article))
    page.get_by_role("button", name="Unggah").click()
    row = page.locator("table.outcomes tr", has_text="kiriman-baru.txt")
    assert "ditambahkan" in row.inner_text()
    screenshot(page, "upload-page")
    row.get_by_role("link").first.click()
    assert page.locator("article h1").inner_text() == "Bupati Banyuwangi Resmikan Mal Pelayanan Publik"


def test_phone_width_has_no_sideways_scrolling(server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        for path in ("/search?q=pelayanan+publik", "/search?q=", "/api/search?q=MPP"):
            if path.startswith("/api"):
                hit = page.goto(server + path).json()["hits"][0]
                page.goto(f"{server}/article/{hit['id']}")
            else:
                page.goto(server + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 392, (path, width)
        screenshot(page, "article-page-phone")
    finally:
        context.close()


def test_an_archivist_corrects_a_date_in_the_browser_and_it_survives_a_rebuild(
    writable_server, page, corpus, store
):
    import hashlib

    raw = (corpus / "malangkota-inovasi-pelayanan.txt").read_bytes()
    page.goto(writable_server + "/archivist/login")
    page.get_by_label("Nama pengguna").fill("arsiparis")
    page.get_by_label("Kata sandi").fill("kata-sandi-rahasia")
    page.get_by_role("button", name="Masuk").click()
    page.goto(writable_server + "/search?q=Malang+inovasi")
    page.locator(".hit h3 a", has_text="Pemkot Malang").click()
    page.get_by_text("Koreksi data artikel").click()
    page.get_by_label("Tanggal").fill("2022-10-11")
    page.get_by_role("button", name="Simpan koreksi").click()
    assert "11 Oktober 2022" in page.locator("dl.meta").inner_text()
    assert "dikoreksi" in page.locator("dl.meta").inner_text()

    store.sync(corpus, extract_many, rebuild=True)  # what `arsip index --rebuild` does
    page.reload()
    meta = page.locator("dl.meta").inner_text()
    assert "11 Oktober 2022" in meta and "dikoreksi" in meta
    assert "dikoreksi oleh arsiparis" in page.locator("section.corrections").inner_text()
    assert hashlib.sha256((corpus / "malangkota-inovasi-pelayanan.txt").read_bytes()).digest() == (
        hashlib.sha256(raw).digest()
    )
    screenshot(page, "article-corrected")
