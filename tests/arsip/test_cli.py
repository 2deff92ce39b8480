"""`arsip` as a newcomer and an archivist use it: honest summaries, exit codes, filters, faults."""

from __future__ import annotations

import json
import re
import socket

from arsip.cli import FILES_FAILED

ARTICLE = (
    "Pemkab Jember Resmikan Pasar Rakyat Baru\n\n"
    "JEMBER - Pemerintah Kabupaten Jember meresmikan pasar rakyat baru di Kecamatan Kaliwates, Senin "
    "(7/10/2024). Pasar ini menampung lebih dari dua ratus pedagang kecil yang sebelumnya berjualan di "
    "tepi jalan.\n"
)


def test_index_names_every_outcome_and_a_second_run_is_one_line(arsip, corpus):
    (corpus / "salinan.txt").write_bytes((corpus / "000-sindonews-asn-pelayanan-publik.txt").read_bytes())
    first = arsip("index")
    assert first.exit_code == 0
    assert "added 5" in first.stdout and "exact copies 1" in first.stdout and "failed 0" in first.stdout
    second = arsip("index")
    assert second.stdout.count("\n") == 1 and second.stdout.startswith("Nothing to do: 5 articles")
    assert "1 copies" in second.stdout


def test_a_file_that_cannot_be_read_exits_3_and_is_not_kept(arsip, corpus, tmp_path):
    arsip("index")
    broken = tmp_path / "rusak.html"
    broken.write_bytes(b"\x00\x01binary" * 10)
    good = tmp_path / "pasar-jember.txt"
    good.write_text(ARTICLE)
    result = arsip("add", str(broken), str(good))
    assert result.exit_code == FILES_FAILED
    assert "failed:" in result.stderr and "not kept" in result.stderr
    assert not (corpus / "rusak.html").exists() and (corpus / "pasar-jember.txt").exists()
    kept = arsip("add", "--keep-failed", str(broken))
    assert kept.exit_code == FILES_FAILED and (corpus / "rusak.html").exists()
    assert arsip("extract", str(tmp_path / "tidak-ada.txt")).exit_code == FILES_FAILED
    assert arsip("extract", str(good)).exit_code == 0


def test_filters_match_like_query_fields_and_unknown_fields_are_errors(arsip):
    arsip("index")
    by_filter = json.loads(arsip("search", "--json", "--filter", "outlet=bhirawa").stdout)
    by_query = json.loads(arsip("search", "--json", "outlet:bhirawa").stdout)
    assert by_filter["total"] == by_query["total"] == 2
    wrong = arsip("search", "--filter", "foo=bar")
    assert wrong.exit_code == 2 and "outlet" in wrong.stderr and "foo" in wrong.stderr
    assert arsip("search", "--from", "kemarin").exit_code == 2
    one = arsip("search", "Kalianda", "--filter", "year=2024").stdout
    assert one.startswith("1 article (")  # not "1 articles"


def test_links_out_of_the_corpus_are_reported_never_indexed(arsip, corpus, tmp_path):
    secret = tmp_path / "users.json"
    secret.write_text('{"siti": {"hash": "pbkdf2:sha256:rahasia"}}\n' * 10)
    (corpus / "akun.txt").symlink_to(secret)
    result = arsip("index")
    assert "akun.txt" in result.stderr and "symbolic link" in result.stderr
    assert json.loads(arsip("search", "--json", "pbkdf2").stdout)["total"] == 0


def test_a_damaged_index_is_explained_and_index_rebuilds_it(arsip):
    arsip("index")
    segment = max(arsip.index.rglob("*.seg"), key=lambda p: p.stat().st_size)
    segment.write_bytes(segment.read_bytes()[:100])
    broken = arsip("search", "pelayanan")
    assert broken.exit_code == 1
    assert "cannot be read" in broken.stderr and "arsip index" in broken.stderr
    assert "Traceback" not in broken.output and "Aborted" not in broken.output
    repaired = arsip("index")
    assert repaired.exit_code == 0 and "Rebuilt" in repaired.stdout and "unreadable" in repaired.stdout
    assert json.loads(arsip("search", "--json", "pelayanan").stdout)["total"] == 5


def test_serve_on_a_taken_port_says_so_and_how_to_choose_another(arsip):
    arsip("index")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = arsip("serve", "--no-sync", "--port", str(port))
    assert result.exit_code == 1
    assert "already in use" in result.stderr and f"--port {port + 1}" in result.stderr


def test_accounts_from_the_command_line(arsip, tmp_path):
    users = tmp_path / "users.json"  # beside the index folder
    added = arsip("user", "add", "siti", "--password-stdin", input="kata-sandi-panjang\n")
    assert added.exit_code == 0 and users.exists()
    assert "siti" in arsip("user", "list").stdout
    no_terminal = arsip("user", "passwd", "siti")  # CliRunner's input is not a terminal
    assert no_terminal.exit_code == 1 and "--password-stdin" in no_terminal.stderr
    assert "Warning" not in no_terminal.output
    assert arsip("user", "passwd", "siti", "--password-stdin", input="sandi-baru-panjang\n").exit_code == 0
    assert arsip("user", "passwd", "siti", "--password-stdin", input="pendek\n").exit_code == 1
    assert arsip("user", "remove", "siti").exit_code == 0
    assert arsip("user", "remove", "siti").exit_code == 1
    assert "siti" not in arsip("user", "list").stdout


def test_progress_without_a_terminal_is_a_line_with_rate_and_time_left(arsip, corpus):
    for n in range(60):
        (corpus / f"berita-{n:02d}.txt").write_text(ARTICLE.replace("dua ratus", f"{n + 200}"))
    result = arsip("index")
    lines = [line for line in result.stderr.splitlines() if line.startswith("indexed ")]
    assert lines and re.match(r"indexed 65 of 65 files \(100%\), \d+ files/s, about 0 s left", lines[-1])
