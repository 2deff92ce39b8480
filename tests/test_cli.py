"""The `arsip` command as a newcomer runs it, in a real subprocess."""

import json
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow


def arsip(*args, env_extra=None, check=True):
    import os

    env = {**os.environ, **(env_extra or {})}
    result = subprocess.run([sys.executable, "-m", "arsip", *args], capture_output=True, text=True, env=env)
    if check and result.returncode != 0:
        raise AssertionError(result.stderr)
    return result


def test_index_search_extract_and_add(corpus, tmp_path):
    index = tmp_path / "index"
    env = {"ARSIP_CORPUS": str(corpus), "ARSIP_INDEX": str(index)}
    first = arsip("index", env_extra=env).stdout
    assert "added 5" in first and "failed 0" in first
    assert "Nothing to do" in arsip("index", env_extra=env).stdout

    data = json.loads(arsip("search", "Khofifah", "--json", env_extra=env).stdout)
    assert data["hits"][0]["path"] == "bhirawa-khofifah-pelayanan-publik.txt"
    assert set(data["facets"]) >= {"outlet", "year", "place", "person", "organisation"}
    filtered = json.loads(
        arsip("search", "--json", "--filter", "year=2024", "--sort", "newest", env_extra=env).stdout
    )
    assert filtered["total"] == 2 and filtered["hits"][0]["date"] == "2024-09-25"

    line = json.loads(arsip("extract", str(corpus / "radarlamsel-mpp-kalianda.txt"), "--json").stdout)
    assert (
        line["outlet"] == "Radar Lamsel" and line["dateline"] == "KALIANDA" and line["date"] == "2024-09-25"
    )
    bad = tmp_path / "kosong.txt"
    bad.write_bytes(b"")
    assert json.loads(arsip("extract", str(bad), "--json").stdout)["error"] == "empty file"

    new = tmp_path / "radarlamsel-mpp-kalianda.txt"  # same name as a corpus file, other content
    new.write_text(
        "Judul Lain\n\nKALIANDA - Isi berita lain tentang pasar rakyat yang baru dibuka "
        "di Kalianda, Lampung Selatan, pada Senin (7/10/2024) oleh pemerintah kabupaten.\n"
    )
    out = arsip("add", str(new), str(corpus / "000-sindonews-asn-pelayanan-publik.txt"), env_extra=env).stdout
    assert "radarlamsel-mpp-kalianda-2.txt" in out and "name taken" in out
    assert "already in corpus" in out
    assert json.loads(arsip("search", "--json", env_extra=env).stdout)["total"] == 6

    (corpus / "bhirawa-lumajang-mpp.html").unlink()
    assert "removed 1" in arsip("index", env_extra=env).stdout


def test_help_reads_like_documentation():
    text = arsip("--help").stdout
    for command in ("index", "add", "search", "extract", "serve"):
        assert command in text
    assert "ARSIP_CORPUS" in arsip("index", "--help").stdout
