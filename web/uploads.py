"""Unpacking an archivist's upload: several files, or .zip archives of them, within limits.

Every part of an upload ends in an outcome the page shows; nothing is silently dropped.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePosixPath

ACCEPTED = (".txt", ".html", ".htm")
MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_ZIP_ENTRIES = 2000
MAX_ZIP_TOTAL_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class Limits:
    file_bytes: int = MAX_FILE_BYTES
    zip_entries: int = MAX_ZIP_ENTRIES
    zip_total_bytes: int = MAX_ZIP_TOTAL_BYTES


@dataclass
class Part:
    """One file of an upload: its name (zip members keep their folder) and bytes, or an error."""

    name: str
    data: bytes = b""
    error: str | None = None


def unpack(filename: str, data: bytes, limits: Limits = Limits()) -> list[Part]:
    lower = filename.lower()
    if lower.endswith(".zip"):
        return _unzip(filename, data, limits)
    if not lower.endswith(ACCEPTED):
        return [Part(filename, error="unsupported file type; upload .txt, .html, .htm or a .zip of them")]
    if len(data) > limits.file_bytes:
        return [
            Part(filename, error=f"file too large ({len(data):,} bytes; the limit is {limits.file_bytes:,})")
        ]
    return [Part(filename, data)]


def _unzip(filename: str, data: bytes, limits: Limits) -> list[Part]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return [Part(filename, error="not a readable .zip archive")]
    members = [m for m in archive.infolist() if not m.is_dir()]
    if len(members) > limits.zip_entries:
        return [
            Part(
                filename,
                error=f"too many files in the archive ({len(members)}; the limit is {limits.zip_entries})",
            )
        ]
    declared = sum(m.file_size for m in members)
    if declared > limits.zip_total_bytes:
        return [
            Part(
                filename,
                error=f"archive too large when unpacked ({declared:,} bytes; the limit is "
                f"{limits.zip_total_bytes:,})",
            )
        ]
    parts, total = [], 0
    for member in members:
        name = member.filename.replace("\\", "/")
        path = PurePosixPath(name)
        if path.is_absolute() or ".." in path.parts or name.startswith("/"):
            parts.append(Part(name, error="unsafe path in the archive (outside its folder); skipped"))
            continue
        if "__MACOSX" in path.parts or path.name.startswith("._") or path.name == ".DS_Store":
            continue  # the archiving tool's own files (macOS resource forks), not articles
        if any(p.startswith(".") for p in path.parts):
            parts.append(Part(name, error="a hidden file or folder (its name starts with a dot); rename it"))
            continue
        if not name.lower().endswith(ACCEPTED):
            parts.append(
                Part(name, error="unsupported file type; upload .txt, .html, .htm or a .zip of them")
            )
            continue
        if member.file_size > limits.file_bytes:
            parts.append(Part(name, error=f"file too large ({member.file_size:,} bytes)"))
            continue
        try:
            with archive.open(member) as handle:  # read at most what the header declares, plus one byte
                content = handle.read(member.file_size + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as error:
            parts.append(Part(name, error=f"damaged or unreadable in the archive ({error}); skipped"))
            continue
        total += len(content)
        if len(content) > member.file_size or total > limits.zip_total_bytes:
            parts.append(Part(name, error="archive member larger than it declares; skipped"))
            continue
        parts.append(Part(str(path), content))
    return parts
