"""Incremental sync of corpus/ into the index: add, change, delete, rebuild, failures."""

import json
import multiprocessing
import os

import pytest

from archive.generations import IndexUnreadable
from archive.results import SearchRequest
from archive.schema import SCHEMA_VERSION
from archive.search import SearchService
from indexer.pipeline import extract_many
from tests.articles import TOWNS, write_article


def titles(service: SearchService) -> set[str]:
    result = service.search(SearchRequest(page_size=100))
    return {h.title for h in result.hits}


def test_first_sync_adds_every_sample_and_second_changes_nothing(corpus, store):
    first = store.sync(corpus, extract_many)
    assert len(first.added) == 5 and first.rebuilt and not first.failed
    second = store.sync(corpus, extract_many)
    assert not second.changed and not second.rebuilt
    assert second.unchanged == 5 and second.total == 5


def test_new_file_in_a_subfolder_is_added_with_a_corpus_relative_path(corpus, store):
    store.sync(corpus, extract_many)
    folder = corpus / "2024" / "batch-7"
    folder.mkdir(parents=True)
    (folder / "baru.txt").write_text(
        "Bupati Jember Resmikan Pasar Baru\n\nJEMBER - Bupati Jember meresmikan pasar baru di pusat kota "
        "pada Senin (7/10/2024). Pasar ini menampung lebih dari dua ratus pedagang kecil dan dilengkapi "
        "ruang laktasi serta tempat parkir yang luas.\n",
        encoding="utf-8",
    )
    report = store.sync(corpus, extract_many)
    assert report.added == ["2024/batch-7/baru.txt"]
    hit = SearchService(store).search(SearchRequest(query="pasar jember")).hits[0]
    assert hit.path == "2024/batch-7/baru.txt" and hit.place == "Kabupaten Jember"


def test_changed_file_is_reindexed_and_keeps_its_id(corpus, store):
    store.sync(corpus, extract_many)
    service = SearchService(store)
    before = service.search(SearchRequest(query="Kalianda")).hits[0]
    path = corpus / "radarlamsel-mpp-kalianda.txt"
    path.write_bytes(path.read_bytes().replace(b"Buka Mal", b"Resmikan Mal"))
    report = store.sync(corpus, extract_many)
    assert report.updated == ["radarlamsel-mpp-kalianda.txt"] and not report.added
    after = service.search(SearchRequest(query="Kalianda")).hits[0]
    assert after.id == before.id
    assert after.title == "Pemkab Lamsel Resmikan Mal Pelayanan Publik di Kalianda"


def test_touched_but_identical_file_is_not_reindexed(corpus, store):
    store.sync(corpus, extract_many)
    path = corpus / "malangkota-inovasi-pelayanan.txt"
    os.utime(path, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    report = store.sync(corpus, extract_many)
    assert not report.changed and report.unchanged == 5
    assert not store.sync(corpus, extract_many).changed  # and the new mtime is remembered


def test_deleted_file_is_removed_from_the_index(corpus, store):
    store.sync(corpus, extract_many)
    (corpus / "bhirawa-lumajang-mpp.html").unlink()
    report = store.sync(corpus, extract_many)
    assert report.removed == ["bhirawa-lumajang-mpp.html"] and report.total == 4
    assert "Pj Bupati Lumajang Resmikan Mal Pelayanan Publik" not in titles(SearchService(store))


def test_unreadable_files_are_reported_and_the_rest_is_indexed(corpus, store):
    (corpus / "kosong.txt").write_bytes(b"")
    (corpus / "gambar.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    (corpus / "laporan.pdf").write_bytes(b"%PDF-1.4 ...")
    report = store.sync(corpus, extract_many)
    reasons = {f.path: f.reason for f in report.failed}
    assert reasons == {
        "kosong.txt": "empty file",
        "gambar.txt": "binary data, not a text or HTML article",
        "laporan.pdf": "unsupported file type (.pdf); Arsip reads .txt and .html",
    }
    assert report.total == 5
    again = store.sync(corpus, extract_many)  # still reported, not retried, nothing lost
    assert {f.path for f in again.failed} == set(reasons) and not again.changed
    assert store.failures()["kosong.txt"]["reason"] == "empty file"


def test_fixed_file_is_picked_up_after_failing(corpus, store):
    broken = corpus / "nanti.txt"
    broken.write_bytes(b"")
    store.sync(corpus, extract_many)
    broken.write_text(
        "Wali Kota Surabaya Buka Festival\n\nSURABAYA - Wali Kota Surabaya membuka festival kuliner rakyat "
        "di Balai Kota, Sabtu (12/10/2024). Festival berlangsung tiga hari dan diikuti ratusan "
        "pelaku UMKM.\n",
        encoding="utf-8",
    )
    report = store.sync(corpus, extract_many)
    assert report.added == ["nanti.txt"] and not report.failed


def test_hidden_and_partial_files_are_ignored(corpus, store):
    (corpus / ".DS_Store").write_bytes(b"\x00\x01")
    (corpus / "sedang-diunggah.txt.part").write_text("x")
    (corpus / ".trash").mkdir()
    (corpus / ".trash" / "lama.txt").write_text("Judul\n\nIsi berita lama yang dihapus arsiparis.")
    report = store.sync(corpus, extract_many)
    assert len(report.added) == 5 and not report.failed


def test_rebuild_swaps_in_a_fresh_generation(corpus, store):
    store.sync(corpus, extract_many)
    old = store.current_generation()
    report = store.sync(corpus, extract_many, rebuild=True)
    assert report.rebuilt and report.total == 5
    assert store.current_generation() != old
    assert not (store.root / old).exists()


def test_schema_version_change_triggers_a_rebuild_from_corpus(corpus, store):
    store.sync(corpus, extract_many)
    meta = store.generation_dir() / "arsip.json"
    meta.write_text(json.dumps({"schema_version": SCHEMA_VERSION - 1}))
    report = store.sync(corpus, extract_many)
    assert report.rebuilt and "schema version" in report.rebuild_reason and report.total == 5


def test_originals_are_never_modified(corpus, store):
    before = {p.name: p.read_bytes() for p in corpus.iterdir()}
    store.sync(corpus, extract_many)
    store.sync(corpus, extract_many, rebuild=True)
    assert {p.name: p.read_bytes() for p in corpus.iterdir()} == before


def test_adding_articles_one_by_one_keeps_few_segments_and_every_article(corpus, store):
    """An archive fed one upload at a time must not pile up a segment per upload."""
    store.sync(corpus, extract_many)
    for i in range(24):
        (corpus / f"kiriman-{i:02d}.txt").write_text(
            f"Warga Desa Nomor {i} Bangun Jembatan\n\nLUMAJANG - Warga desa nomor {i} membangun jembatan "
            f"bambu sepanjang {i + 10} meter pada Senin (7/10/2024) agar anak-anak bisa berangkat ke "
            f"sekolah tanpa menyeberangi sungai. Kepala desa menyebut kerja bakti ke-{i} ini didanai "
            "swadaya warga.\n",
            encoding="utf-8",
        )
        store.sync(corpus, extract_many, only=[f"kiriman-{i:02d}.txt"])
    ix = store.open_index()
    assert len(ix._segments()) < 12  # ten small segments are merged into one
    assert store.document_count() == 5 + 24


def test_merging_never_rewrites_large_segments():
    """Whoosh's own policy merged 21 rebuild segments into one when a single article arrived; one
    article of 30,000 distinct words (a 6 MB segment) was rewritten with every tenth small commit."""
    from archive.writing import merge_small_segments

    class Segment:
        def __init__(self, count, size):
            self.count, self.size, self.compound = count, size, True

        def doc_count_all(self):
            return self.count

        doc_count = doc_count_all

        def make_filename(self, ext):
            return self

    class Storage:
        def file_length(self, segment):
            return segment.size

    class Writer:
        storage = Storage()

    rebuild = [Segment(5000, 40_000_000) for _ in range(21)] + [Segment(1, 40_000)]
    assert merge_small_segments(Writer(), rebuild) == rebuild
    one_huge_article = [Segment(1, 6_000_000)] + [Segment(1, 40_000) for _ in range(8)]
    assert merge_small_segments(Writer(), one_huge_article) == one_huge_article


def test_an_article_corrected_again_and_again_leaves_no_empty_segments(corpus, store):
    """Each re-index deletes the article from the segment the last one wrote: a segment of deleted
    documents only is dropped at once, not kept (and read by every search) until a merge."""
    store.sync(corpus, extract_many)
    first = sorted(p.name for p in corpus.iterdir() if p.is_file())[0]
    for round_ in range(6):
        with open(corpus / first, "a", encoding="utf-8") as file:
            file.write(f"\nKoreksi ke-{round_}.\n")
        store.sync(corpus, extract_many, only=[first])
    segments = store.open_index()._segments()
    assert len(segments) == 2, [(s.doc_count(), s.doc_count_all()) for s in segments]
    assert all(s.doc_count() for s in segments)


def test_links_and_special_files_are_never_read_and_are_reported(corpus, store, tmp_path):
    import os

    secret = tmp_path / "rahasia.txt"
    secret.write_text("Judul Rahasia\n\nroot:x:0:0:root:/root:/bin/bash kata sandi semua pengguna server.")
    (corpus / "tautan.txt").symlink_to(secret)
    outside = tmp_path / "folder-luar"
    outside.mkdir()
    (outside / "berita.txt").write_text("Judul Luar\n\nBerita dari luar arsip yang tidak boleh terbaca.")
    (corpus / "folder-tautan").symlink_to(outside, target_is_directory=True)
    os.mkfifo(corpus / "pipa.txt")
    report = store.sync(corpus, extract_many)
    reasons = {f.path: f.reason for f in report.failed}
    assert "symbolic link" in reasons["tautan.txt"] and "symbolic link" in reasons["folder-tautan"]
    assert "not a regular file" in reasons["pipa.txt"]
    service = SearchService(store)
    assert service.search(SearchRequest(query="root")).total == 0
    assert service.search(SearchRequest(query="luar arsip")).total == 0
    again = store.sync(corpus, extract_many)  # still reported, still not read
    assert {f.path for f in again.failed} >= {"tautan.txt", "folder-tautan", "pipa.txt"}


def test_a_file_too_large_to_be_an_article_fails_with_its_size(corpus, store):
    (corpus / "besar.txt").write_bytes(b"Judul Besar\n\n" + b"kata " * (4 * 1024 * 1024))
    report = store.sync(corpus, extract_many)
    (failure,) = [f for f in report.failed if f.path == "besar.txt"]
    assert "file too large (20.0 MB)" in failure.reason


def test_abandoned_generation_folders_are_removed_by_the_next_build(corpus, store):
    store.sync(corpus, extract_many)
    stale = store.root / "gen-000042"
    stale.mkdir()
    (stale / "MAIN_x.seg").write_bytes(b"\0" * 1024)
    store.sync(corpus, extract_many, rebuild=True)
    assert [p.name for p in store.root.glob("gen-*")] == [store.current_generation()]


def test_an_unreadable_index_is_rebuilt_from_the_corpus(corpus, store):
    store.sync(corpus, extract_many)
    segment = max(store.generation_dir().glob("*.seg"), key=lambda p: p.stat().st_size)
    segment.write_bytes(segment.read_bytes()[:100])
    with pytest.raises(IndexUnreadable, match="arsip index"):
        SearchService(store).search(SearchRequest(query="pelayanan"))
    report = store.sync(corpus, extract_many)
    assert report.rebuilt and "unreadable" in report.rebuild_reason
    assert SearchService(store).search(SearchRequest(query="pelayanan")).total == 5


def _towns(corpus, n: int) -> None:
    for i, town in enumerate(TOWNS[:n]):
        write_article(
            corpus,
            f"kota-{i:02d}.txt",
            f"Pemkab {town} Bangun Jembatan",
            town,
            "7/10/2024",
            f"membangun jembatan nomor {i} di desa ke-{i * 7} sepanjang {20 + i} meter",
        )


def test_a_build_with_writer_processes_holds_what_a_serial_build_holds(corpus, store, monkeypatch):
    """Whoosh's multiprocess writer (a large build) and the single writer index the same."""
    import archive.store as store_module

    _towns(corpus, 8)
    serial = store.sync(corpus, extract_many)
    expected = {query: titles_of(SearchService(store), query) for query in ("jembatan", "Kalianda", "")}
    monkeypatch.setattr(store_module, "PARALLEL_WRITING", 0)
    monkeypatch.setattr(store_module, "worker_count", lambda: 2)
    monkeypatch.setattr(store_module, "REBUILD_BATCH", (5, 3600.0))  # several commits, each forking
    parallel = store.sync(corpus, extract_many, rebuild=True)
    assert parallel.total == serial.total == 13 and not parallel.failed
    service = SearchService(store)
    assert {query: titles_of(service, query) for query in expected} == expected
    assert not multiprocessing.active_children()


def test_a_failed_writer_process_is_reported_and_its_articles_indexed_next_time(corpus, store, monkeypatch):
    """Whoosh commits without the segment of a writer process that died; the build says so and
    the next one indexes what was lost."""
    from whoosh.writing import SegmentWriter

    import archive.store as store_module

    monkeypatch.setattr(store_module, "PARALLEL_WRITING", 0)
    monkeypatch.setattr(store_module, "worker_count", lambda: 2)
    original = SegmentWriter.add_document

    def fails_in_a_writer_process(self, **fields):
        if os.getpid() != parent and "Kalianda" in fields.get("title", ""):
            os._exit(3)  # as an out-of-memory kill would
        return original(self, **fields)

    parent = os.getpid()
    monkeypatch.setattr(SegmentWriter, "add_document", fails_in_a_writer_process)
    with pytest.raises(RuntimeError, match="writer process failed"):
        store.sync(corpus, extract_many)
    monkeypatch.setattr(SegmentWriter, "add_document", original)
    report = store.sync(corpus, extract_many)
    assert report.total == 5 and titles_of(SearchService(store), "Kalianda")
    assert not multiprocessing.active_children()


def titles_of(service: SearchService, query: str) -> list[str]:
    return [h.title for h in service.search(SearchRequest(query=query, page_size=50)).hits]
