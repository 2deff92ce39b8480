"""The duplicate register: compact rows that still find copies, and registers of the earlier
layout converted on opening (an upgrade keeps every story)."""

from __future__ import annotations

import hashlib
import sqlite3
from array import array

from archive.duplicates import band_keys, similarity, sketch
from archive.stories import StoryRegister
from indexer.fingerprint import signature, text_hash

STORY = (
    "Pemerintah Kabupaten Lumajang meresmikan mal pelayanan publik yang menyatukan layanan dari "
    "delapan belas instansi dalam satu gedung di pusat kota sehingga warga dapat mengurus dokumen "
    "kependudukan perizinan usaha dan pajak kendaraan tanpa berpindah kantor pada hari yang sama."
)
COPY = STORY + " Baca juga: berita lain hari ini."
OTHER = (
    "Dinas Pertanian Kabupaten Jember membagikan bibit padi unggul kepada kelompok tani di enam "
    "kecamatan menjelang musim tanam agar hasil panen tahun depan meningkat dan harga beras stabil."
)


def test_a_near_copy_joins_the_story_and_a_different_text_does_not(tmp_path):
    register = StoryRegister(tmp_path / "stories.sqlite")
    register.put("a.txt", "story-a", text_hash("T", STORY), signature(STORY))
    assert register.closest_story("b.txt", signature(COPY)) == "story-a"
    assert register.closest_story("c.txt", signature(OTHER)) is None
    assert register.same_text(text_hash("T", STORY), other_than="z.txt") == ["a.txt"]
    register.remove("a.txt")
    assert register.closest_story("b.txt", signature(COPY)) is None
    assert register.paths() == set()


def test_the_sketch_estimates_what_the_full_signature_says():
    full = sum(x == y for x, y in zip(signature(STORY), signature(COPY), strict=True)) / 128
    assert abs(similarity(sketch(signature(STORY)), sketch(signature(COPY))) - full) < 0.02


def test_a_register_of_the_earlier_layout_is_converted(tmp_path):
    path = tmp_path / "stories.sqlite"
    old = sqlite3.connect(path)
    old.executescript(
        "CREATE TABLE articles (path TEXT PRIMARY KEY, id TEXT NOT NULL, story TEXT NOT NULL,"
        " text_hash TEXT NOT NULL, signature BLOB);"
        "CREATE TABLE bands (key INTEGER NOT NULL, path TEXT NOT NULL);"
    )
    for name, text in (("a.txt", STORY), ("b.txt", OTHER)):
        full = signature(text)
        old.execute(
            "INSERT INTO articles VALUES (?, ?, ?, ?, ?)",
            (name, name, f"story-{name}", text_hash("T", text), array("I", full).tobytes()),
        )
        digest = hashlib.blake2b(b"x", digest_size=8).digest()  # old 64-bit keys: dropped
        old.execute("INSERT INTO bands VALUES (?, ?)", (int.from_bytes(digest, "little", signed=True), name))
    old.commit()
    old.close()

    register = StoryRegister(path)
    assert register.paths() == {"a.txt", "b.txt"}
    assert register.closest_story("c.txt", signature(COPY)) == "story-a.txt"
    assert register.same_text(text_hash("T", OTHER), other_than="c.txt") == ["b.txt"]
    tables = {r[0] for r in register.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "articles" not in tables and "bands" not in tables
    assert len(band_keys(signature(STORY))) == 16
