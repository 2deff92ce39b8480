"""Writing into `corpus/`, the source of truth: atomically, and never over a different file."""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

NEW = "new"
IDENTICAL = "identical"  # a file with the same name and the same bytes is already there
RENAMED = "renamed"  # the name was taken by different content: stored under a new name

_UNSAFE = re.compile(r"[^\w.\-]+")


@dataclass(frozen=True)
class StoredFile:
    path: str  # corpus-relative
    status: str


def safe_name(name: str) -> str:
    """A file name with no directories, no leading dots and no characters shells trip on."""
    name = unicodedata.normalize("NFKC", name.replace("\\", "/").rsplit("/", 1)[-1]).strip()
    name = _UNSAFE.sub("-", name).strip(".-") or "artikel"
    return name[:150]


def store_file(corpus: Path, relative: str, data: bytes) -> StoredFile:
    """Write `data` at corpus/relative via temp file + rename (link, so nothing is replaced)."""
    corpus = Path(corpus)
    parts = [safe_name(p) for p in relative.replace("\\", "/").split("/") if p not in ("", ".", "..")]
    if not parts:
        parts = ["artikel"]
    folder = corpus.joinpath(*parts[:-1])
    folder.mkdir(parents=True, exist_ok=True)
    stem, dot, suffix = parts[-1].rpartition(".")
    if not dot:
        stem, suffix = parts[-1], ""
    tmp = folder / f".{parts[-1]}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
    with open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    digest = hashlib.sha256(data).digest()
    try:
        for attempt in range(1, 1000):
            name = parts[-1] if attempt == 1 else f"{stem}-{attempt}{dot}{suffix}"
            target = folder / name
            try:
                os.link(tmp, target)  # fails if the name exists: never overwrites
            except FileExistsError:
                if hashlib.sha256(target.read_bytes()).digest() == digest:
                    return StoredFile(target.relative_to(corpus).as_posix(), IDENTICAL)
                continue
            status = NEW if attempt == 1 else RENAMED
            return StoredFile(target.relative_to(corpus).as_posix(), status)
        raise FileExistsError(f"too many files named like {parts[-1]}")
    finally:
        tmp.unlink(missing_ok=True)
