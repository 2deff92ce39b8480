"""Why a file could not be read, in the reader's language.

The indexer, the corpus and the upload unpacker give their reasons in English (the CLI and the
logs speak English); the archivist pages show them in Indonesian by this table: one pattern per
reason, its numbers and names carried over. A reason no pattern knows is shown as it is.
"""

from __future__ import annotations

import re

from web.i18n import current_language

_REASONS: list[tuple[str, str]] = [
    (r"empty file", "berkas kosong"),
    (r"binary data, not a text or HTML article", "data biner, bukan artikel teks atau HTML"),
    (r"could not determine the page's character encoding", "pengodean karakter halaman tidak dapat dikenali"),
    (
        r"no article text found \(only (?P<n>[\d,]+) characters\)",
        "tidak ada teks artikel (hanya {n} karakter)",
    ),
    (
        r"text too long for one article \((?P<n>[\d,]+) characters; at most (?P<max>[\d,]+)\): split it",
        "teks terlalu panjang untuk satu artikel ({n} karakter; paling banyak {max}): pecah berkasnya",
    ),
    (
        r"unsupported file type \((?P<kind>[^)]*)\); Arsip reads \.txt and \.html",
        "jenis berkas tidak didukung ({kind}); Arsip membaca .txt dan .html",
    ),
    (
        r"unsupported file type; upload \.txt, \.html, \.htm or a \.zip of them",
        "jenis berkas tidak didukung; unggah .txt, .html, .htm, atau .zip berisi berkas-berkas itu",
    ),
    (
        r"file too large \((?P<size>[\d.]+) MB\); Arsip reads articles up to (?P<max>\d+) MB",
        "berkas terlalu besar ({size} MB); Arsip membaca artikel hingga {max} MB",
    ),
    (
        r"file too large \((?P<size>[\d,]+) bytes; the limit is (?P<max>[\d,]+)\)",
        "berkas terlalu besar ({size} bita; batasnya {max})",
    ),
    (r"file too large \((?P<size>[\d,]+) bytes\)", "berkas terlalu besar ({size} bita)"),
    (
        r"a symbolic link; Arsip reads only files inside the corpus, never what a link points to",
        "tautan simbolik; Arsip hanya membaca berkas di dalam korpus, tidak pernah tujuan tautan",
    ),
    (
        r"not a regular file \(a pipe, socket or device\); Arsip reads only files",
        "bukan berkas biasa (pipe, soket, atau perangkat); Arsip hanya membaca berkas",
    ),
    (r"cannot read file \((?P<why>.*)\)", "berkas tidak dapat dibaca ({why})"),
    (r"could not extract \((?P<why>.*)\)", "gagal mengekstrak ({why})"),
    (r"not a readable \.zip archive", "bukan arsip .zip yang dapat dibaca"),
    (
        r"too many files in the archive \((?P<n>\d+); the limit is (?P<max>\d+)\)",
        "terlalu banyak berkas di arsip ({n}; batasnya {max})",
    ),
    (
        r"archive too large when unpacked \((?P<n>[\d,]+) bytes; the limit is (?P<max>[\d,]+)\)",
        "arsip terlalu besar setelah dibuka ({n} bita; batasnya {max})",
    ),
    (
        r"unsafe path in the archive \(outside its folder\); skipped",
        "jalur tidak aman di dalam arsip (keluar dari foldernya); dilewati",
    ),
    (
        r"a hidden file or folder \(its name starts with a dot\); rename it",
        "berkas atau folder tersembunyi (namanya diawali titik); ganti namanya",
    ),
    (
        r"damaged or unreadable in the archive \((?P<why>.*)\); skipped",
        "rusak atau tidak terbaca di dalam arsip ({why}); dilewati",
    ),
    (
        r"archive member larger than it declares; skipped",
        "isi arsip lebih besar dari yang dinyatakan; dilewati",
    ),
    (r"duplicate of (?P<path>.*)", "duplikat dari {path}"),
]
_COMPILED = [(re.compile(f"^{pattern}$", re.S), text) for pattern, text in _REASONS]


def reason(text: str) -> str:
    """The reason in the current language (Indonesian by default)."""
    if current_language() != "id" or not text:
        return text
    for pattern, template in _COMPILED:
        found = pattern.match(text)
        if found:
            return template.format(**found.groupdict())
    return text
