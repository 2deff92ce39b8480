"""Ingest under load and under SIGKILL, with real processes and a real WSGI server."""

from __future__ import annotations

import contextlib
import http.cookiejar
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from archive.accounts import Accounts
from archive.store import IndexStore
from indexer.pipeline import extract_many
from tests.articles import SAMPLES
from web.testing import csrf_token, log_in

pytestmark = pytest.mark.slow
PASSWORD = "kata-sandi-rahasia"
WORDS = [
    "pasar",
    "jalan",
    "sekolah",
    "puskesmas",
    "irigasi",
    "jembatan",
    "terminal",
    "pelabuhan",
    "bandara",
    "waduk",
    "taman",
    "perpustakaan",
    "stadion",
    "balai",
    "desa",
    "koperasi",
    "sawah",
    "kebun",
    "tambak",
    "hutan",
    "pantai",
]


def make_articles(folder: Path, count: int, seed: int = 1) -> None:
    """`count` distinct articles in the samples' layouts: a sample's text plus a paragraph of its own."""
    rng = random.Random(seed)
    samples = sorted(p for p in SAMPLES.iterdir() if p.suffix == ".txt")
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        base = samples[i % len(samples)].read_bytes().decode("utf-8-sig", errors="replace")
        own = " ".join(rng.choice(WORDS) for _ in range(60))
        title, _, rest = base.partition("\n")
        text = f"Berita Nomor {i}: {title}\n{rest}\nWarga membahas {own} pada rapat ke-{i}.\n"
        (folder / f"berita-{i:04d}.txt").write_text(text, encoding="utf-8")


class Browser:
    """A cookie-keeping HTTP client that logs in like a person would."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str, timeout: float = 30):
        with self.opener.open(self.base + path, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8")

    def post(self, path: str, fields: dict, timeout: float = 300):
        data = urllib.parse.urlencode(fields).encode()
        with self.opener.open(self.base + path, data=data, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8")

    def token(self, path: str) -> str:
        return csrf_token(self.get(path)[1])

    def login(self) -> None:
        log_in(lambda path: self.get(path)[1], self.post, "arsiparis", PASSWORD)


def test_searches_keep_working_while_500_files_are_ingested(corpus, store, tmp_path):
    from waitress import create_server

    from web import create_app

    store.sync(corpus, extract_many)
    users = tmp_path / "users.json"
    Accounts(users).add("arsiparis", PASSWORD)
    app = create_app(
        {"CORPUS": str(corpus), "INDEX": str(store.root), "USERS": str(users), "SECRET_KEY": "x"}
    )
    server = create_server(app, host="127.0.0.1", port=0, threads=6)
    threading.Thread(target=server.run, daemon=True).start()
    base = f"http://127.0.0.1:{server.effective_port}"
    make_articles(corpus / "kiriman", 500)

    errors: list[str] = []
    seen_totals: list[int] = []
    stop = threading.Event()

    def search_loop():
        client = Browser(base)
        while not stop.is_set():
            for q in ("pelayanan publik", "MPP", "Khofifah", "pasar", ""):
                try:
                    status, body = client.get("/api/search?q=" + urllib.parse.quote(q))
                    data = json.loads(body)
                    if status != 200:
                        errors.append(f"{q}: {status}")
                    seen_totals.append(data["archive_total"])
                    status, _ = client.get("/search?q=" + urllib.parse.quote(q))
                    if status != 200:
                        errors.append(f"page {q}: {status}")
                except Exception as error:  # noqa: BLE001 - every failure is a finding
                    errors.append(f"{q}: {error!r}")

    searchers = [threading.Thread(target=search_loop) for _ in range(3)]
    for thread in searchers:
        thread.start()
    archivist = Browser(base)
    archivist.login()
    status, _ = archivist.post("/archivist/retry", {"csrf_token": archivist.token("/archivist/admin")})
    stop.set()
    for thread in searchers:
        thread.join()
    server.close()

    assert status == 200 and errors == []
    assert len(seen_totals) > 20 and min(seen_totals) >= 5
    assert IndexStore(store.root).document_count() == 505


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(corpus: Path, index: Path, users: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "ARSIP_USERS": str(users)}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "arsip",
            "serve",
            "--corpus",
            str(corpus),
            "--index",
            str(index),
            "--port",
            str(port),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/api/search?q=", timeout=1).close()
            return process, base
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError("server did not start")


def test_sigkill_during_ingest_leaves_a_consistent_index_and_a_sync_completes_it(corpus, store, tmp_path):
    store.sync(corpus, extract_many)
    users = tmp_path / "users.json"
    Accounts(users).add("arsiparis", PASSWORD)
    make_articles(corpus / "kiriman", 400, seed=2)
    process, base = start_server(corpus, store.root, users)
    try:
        archivist = Browser(base)
        archivist.login()
        token = archivist.token("/archivist/admin")
        ingest = threading.Thread(
            target=lambda: _ignore_errors(archivist.post, "/archivist/retry", {"csrf_token": token})
        )
        ingest.start()
        time.sleep(2.5)  # well inside the ingest of 400 files
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        ingest.join(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()

    killed = IndexStore(store.root)
    partial = killed.document_count()  # the index opens: committed batches are there, nothing else
    assert 5 <= partial <= 405
    report = killed.sync(corpus, extract_many)
    assert not report.failed and report.total == 405
    paths = [p for p in killed.stamps(killed.open_index())]
    assert len(paths) == len(set(paths)) == 405  # no lost and no doubled articles
    process, base = start_server(corpus, store.root, users)
    try:
        data = json.loads(urllib.request.urlopen(base + "/api/search?q=rapat", timeout=10).read())
        assert data["total"] >= 400
    finally:
        process.kill()
        process.wait(timeout=10)


def _ignore_errors(fn, *args):
    with contextlib.suppress(Exception):  # the server is killed mid-request on purpose
        fn(*args)
