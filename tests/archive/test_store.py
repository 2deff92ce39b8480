"""Incremental sync of corpus/ into the index: add, change, delete, rebuild, failures."""

import json
import os

from archive.schema import SCHEMA_VERSION
from archive.search import SearchRequest, SearchService
from tests.conftest import sync


def titles(service: SearchService) -> set[str]:
    result = service.search(SearchRequest(page_size=100))
    return {h.title for h in result.hits}


def test_first_sync_adds_every_sample_and_second_changes_nothing(corpus, store):
    first = sync(store, corpus)
    assert len(first.added) == 5 and first.rebuilt and not first.failed
    second = sync(store, corpus)
    assert not second.changed and not second.rebuilt
    assert second.unchanged == 5 and second.total == 5


def test_new_file_in_a_subfolder_is_added_with_a_corpus_relative_path(corpus, store):
    sync(store, corpus)
    folder = corpus / "2024" / "batch-7"
    folder.mkdir(parents=True)
    (folder / "baru.txt").write_text(
        "Bupati Jember Resmikan Pasar Baru\n\nJEMBER - Bupati Jember meresmikan pasar baru di pusat kota "
        "pada Senin (7/10/2024). Pasar ini menampung lebih dari dua ratus pedagang kecil dan dilengkapi "
        "ruang laktasi serta tempat parkir yang luas.\n",
        encoding="utf-8",
    )
    report = sync(store, corpus)
    assert report.added == ["2024/batch-7/baru.txt"]
    hit = SearchService(store).search(SearchRequest(query="pasar jember")).hits[0]
    assert hit.path == "2024/batch-7/baru.txt" and hit.place == "Kabupaten Jember"


def test_changed_file_is_reindexed_and_keeps_its_id(corpus, store):
    sync(store, corpus)
    service = SearchService(store)
    before = service.search(SearchRequest(query="Kalianda")).hits[0]
    path = corpus / "radarlamsel-mpp-kalianda.txt"
    path.write_bytes(path.read_bytes().replace(b"Buka Mal", b"Resmikan Mal"))
    report = sync(store, corpus)
    assert report.updated == ["radarlamsel-mpp-kalianda.txt"] and not report.added
    after = service.search(SearchRequest(query="Kalianda")).hits[0]
    assert after.id == before.id
    assert after.title == "Pemkab Lamsel Resmikan Mal Pelayanan Publik di Kalianda"


def test_touched_but_identical_file_is_not_reindexed(corpus, store):
    sync(store, corpus)
    path = corpus / "malangkota-inovasi-pelayanan.txt"
    os.utime(path, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    report = sync(store, corpus)
    assert not report.changed and report.unchanged == 5
    assert not sync(store, corpus).changed  # and the new mtime is remembered


def test_deleted_file_is_removed_from_the_index(corpus, store):
    sync(store, corpus)
    (corpus / "bhirawa-lumajang-mpp.html").unlink()
    report = sync(store, corpus)
    assert report.removed == ["bhirawa-lumajang-mpp.html"] and report.total == 4
    assert "Pj Bupati Lumajang Resmikan Mal Pelayanan Publik" not in titles(SearchService(store))


def test_unreadable_files_are_reported_and_the_rest_is_indexed(corpus, store):
    (corpus / "kosong.txt").write_bytes(b"")
    (corpus / "gambar.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    (corpus / "laporan.pdf").write_bytes(b"%PDF-1.4 ...")
    report = sync(store, corpus)
    reasons = {f.path: f.reason for f in report.failed}
    assert reasons == {
        "kosong.txt": "empty file",
        "gambar.txt": "binary data, not a text or HTML article",
        "laporan.pdf": "unsupported file type (.pdf); Arsip reads .txt and .html",
    }
    assert report.total == 5
    again = sync(store, corpus)  # still reported, not retried, nothing lost
    assert {f.path for f in again.failed} == set(reasons) and not again.changed
    assert store.failures()["kosong.txt"]["reason"] == "empty file"


def test_fixed_file_is_picked_up_after_failing(corpus, store):
    broken = corpus / "nanti.txt"
    broken.write_bytes(b"")
    sync(store, corpus)
    broken.write_text(
        "Wali Kota Surabaya Buka Festival\n\nSURABAYA - Wali Kota Surabaya membuka festival kuliner rakyat "
        "di Balai Kota, Sabtu (12/10/2024). Festival berlangsung tiga hari dan diikuti ratusan "
        "pelaku UMKM.\n",
        encoding="utf-8",
    )
    report = sync(store, corpus)
    assert report.added == ["nanti.txt"] and not report.failed


def test_hidden_and_partial_files_are_ignored(corpus, store):
    (corpus / ".DS_Store").write_bytes(b"\x00\x01")
    (corpus / "sedang-diunggah.txt.part").write_text("x")
    (corpus / ".trash").mkdir()
    (corpus / ".trash" / "lama.txt").write_text("Judul\n\nIsi berita lama yang dihapus arsiparis.")
    report = sync(store, corpus)
    assert len(report.added) == 5 and not report.failed


def test_rebuild_swaps_in_a_fresh_generation(corpus, store):
    sync(store, corpus)
    old = store.current_generation()
    report = sync(store, corpus, rebuild=True)
    assert report.rebuilt and report.total == 5
    assert store.current_generation() != old
    assert not (store.root / old).exists()


def test_schema_version_change_triggers_a_rebuild_from_corpus(corpus, store):
    sync(store, corpus)
    meta = store.generation_dir() / "arsip.json"
    meta.write_text(json.dumps({"schema_version": SCHEMA_VERSION - 1}))
    report = sync(store, corpus)
    assert report.rebuilt and "schema version" in report.rebuild_reason and report.total == 5


def test_originals_are_never_modified(corpus, store):
    before = {p.name: p.read_bytes() for p in corpus.iterdir()}
    sync(store, corpus)
    sync(store, corpus, rebuild=True)
    assert {p.name: p.read_bytes() for p in corpus.iterdir()} == before


def test_adding_articles_one_by_one_keeps_few_segments_and_every_article(corpus, store):
    """An archive fed one upload at a time must not pile up a segment per upload."""
    sync(store, corpus)
    for i in range(24):
        (corpus / f"kiriman-{i:02d}.txt").write_text(
            f"Warga Desa Nomor {i} Bangun Jembatan\n\nLUMAJANG - Warga desa nomor {i} membangun jembatan "
            f"bambu sepanjang {i + 10} meter pada Senin (7/10/2024) agar anak-anak bisa berangkat ke "
            f"sekolah tanpa menyeberangi sungai. Kepala desa menyebut kerja bakti ke-{i} ini didanai "
            "swadaya warga.\n",
            encoding="utf-8",
        )
        sync(store, corpus, only=[f"kiriman-{i:02d}.txt"])
    ix = store.open_index()
    assert len(ix._segments()) < 12  # ten small segments are merged into one
    assert store.document_count() == 5 + 24


def test_merging_never_rewrites_large_segments():
    """Whoosh's own policy merged 21 rebuild segments into one when a single article arrived."""
    from archive.store import merge_small_segments

    class Segment:
        def __init__(self, count):
            self.count = count

        def doc_count_all(self):
            return self.count

    segments = [Segment(5000) for _ in range(21)] + [Segment(1)]
    assert merge_small_segments(writer=None, segments=segments) == segments
