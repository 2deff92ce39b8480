"""`arsip` as a real process: the entry point, exit codes through the OS, and `serve` syncing the
corpus on start (files an interrupted upload stored, or dropped in while the server was down)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

pytestmark = pytest.mark.slow


def run(*args, env):
    return subprocess.run(
        [sys.executable, "-m", "arsip", *args], capture_output=True, text=True, env={**os.environ, **env}
    )


def test_index_search_and_extract_through_the_entry_point(corpus, tmp_path):
    env = {"ARSIP_CORPUS": str(corpus), "ARSIP_INDEX": str(tmp_path / "index")}
    assert "added 5" in run("index", env=env).stdout
    data = json.loads(run("search", "Khofifah", "--json", env=env).stdout)
    assert data["hits"][0]["path"] == "bhirawa-khofifah-pelayanan-publik.txt"
    empty = tmp_path / "kosong.txt"
    empty.write_bytes(b"")
    failed = run("extract", str(empty), env=env)
    assert failed.returncode == 3 and json.loads(failed.stdout)["error"] == "empty file"
    text = run("--help", env=env).stdout
    assert all(command in text for command in ("index", "add", "search", "extract", "serve", "user"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_indexes_what_the_corpus_gained_while_it_was_down(corpus, tmp_path):
    env = {"ARSIP_CORPUS": str(corpus), "ARSIP_INDEX": str(tmp_path / "index")}
    run("index", env=env)
    (corpus / "uploads").mkdir()
    (corpus / "uploads" / "tertinggal.txt").write_text(
        "Pemkab Trenggalek Buka Pasar Rakyat\n\nTRENGGALEK - Pemerintah Kabupaten Trenggalek membuka "
        "pasar rakyat baru, Senin (7/10/2024), untuk dua ratus pedagang kecil di kecamatan kota.\n"
    )
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "arsip", "serve", "--port", str(port)],
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        found = 0
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not found:
            time.sleep(0.5)
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search?q=trenggalek") as response:
                    found = json.load(response)["total"]
            except OSError:
                continue
        assert found == 1
    finally:
        server.terminate()
        server.wait(timeout=30)
