"""A real server (waitress on a random loopback port) and a real browser (Debian's chromium)."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "artifacts"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str | None:
    for candidate in (
        os.environ.get("ARSIP_CHROMIUM"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="session")
def server(sample_index):
    """The web app served by waitress, as `arsip serve` does."""
    from waitress import create_server

    from web import create_app

    corpus, index = sample_index
    app = create_app({"CORPUS": str(corpus), "INDEX": str(index), "SECRET_KEY": "e2e"})
    httpd = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=httpd.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.effective_port}"
    httpd.close()


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        if os.environ.get("ARSIP_REQUIRE_BROWSER") == "1":
            pytest.fail(
                "chromium is required (ARSIP_REQUIRE_BROWSER=1) but not installed: run `make browser`"
            )
        pytest.skip("chromium is not installed: `make browser` installs Debian's package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(target), full_page=True)
    return target


@pytest.fixture(scope="session")
def decade_server(tmp_path_factory):
    """The samples plus one short article a year from 2015 to 2024: a ten-year archive."""
    from waitress import create_server

    from archive.store import IndexStore
    from indexer.pipeline import extract_many
    from tests.articles import TOWNS, write_article
    from web import create_app

    base = tmp_path_factory.mktemp("decade")
    corpus = base / "corpus"
    shutil.copytree(Path(__file__).resolve().parents[2] / "corpus", corpus)
    for n, year in enumerate(range(2015, 2025)):
        town = TOWNS[n]
        headline = f"Pemkab {town} Perbaiki Pelayanan Publik {year}"
        lead = "memperbaiki pelayanan publik di kantor kecamatan"
        write_article(corpus, f"tahunan-{year}.txt", headline, town, f"3/{n + 2}/{year}", lead)
    IndexStore(base / "index").sync(corpus, extract_many)
    app = create_app({"CORPUS": str(corpus), "INDEX": str(base / "index"), "SECRET_KEY": "e2e"})
    httpd = create_server(app, host="127.0.0.1", port=0, threads=4)
    threading.Thread(target=httpd.run, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.effective_port}"
    httpd.close()
