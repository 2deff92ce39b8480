"""`corpus/`, the source of truth, and every operation Arsip does on its files: scanning, reading,
storing an upload, moving to the trash, replacing. Nothing else in Arsip opens a corpus file.

- Nothing reaches outside the corpus: symbolic links and special files (pipes, devices) are never
  read (a link to /etc/passwd or to users.json would otherwise be indexed and published); they are
  reported with the reason. Paths are checked to stay inside the root.
- Writes are atomic (temp file + link or rename) and never replace a different file.
- Originals are never modified or deleted: the trash keeps them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import stat
import time
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

NEW = "new"
IDENTICAL = "identical"  # a file with the same name and the same bytes is already there
RENAMED = "renamed"  # the name was taken by different content: stored under a new name
MAX_FILE_BYTES = 16 * 1024 * 1024  # a news article is kilobytes; a bigger file is not one
SKIPPED_SUFFIXES = (".tmp", ".part", ".partial", ".crdownload", ".swp", "~")
TRASH = ".trash"

_UNSAFE = re.compile(r"[^\w.\-]+")
_MAX_NAME = 150


class OutsideCorpus(ValueError):
    """A path that would leave the corpus, or a file Arsip does not read."""


@dataclass
class SourceFile:
    """One raw file as the corpus lists it."""

    path: str  # corpus-relative, "/" separators
    size: int
    mtime_ns: int
    corrections: str = ""  # digest of the archivists' corrections of this file (archive.corrections)
    corrected: dict[str, str] | None = None  # the corrected fields themselves


@dataclass(frozen=True)
class StoredFile:
    path: str  # corpus-relative
    status: str


class Corpus:
    def __init__(self, root: Path):
        self.root = Path(root)

    # -- listing ---------------------------------------------------------------------------------
    def scan(self) -> tuple[dict[str, SourceFile], dict[str, str]]:
        """Every regular file at any depth (hidden entries and half-written files left out), and
        the entries refused with why: {path: reason}."""
        if not self.root.is_dir():
            raise FileNotFoundError(f"corpus folder not found: {self.root}")
        candidates: list[str] = []
        refused: dict[str, str] = {}
        for folder, dirs, files in os.walk(self.root):  # never descends into linked folders
            base = Path(folder)
            for name in list(dirs):
                if not name.startswith(".") and (base / name).is_symlink():
                    refused[(base / name).relative_to(self.root).as_posix()] = _LINK
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not (base / d).is_symlink())
            candidates.extend(
                (base / name).relative_to(self.root).as_posix()
                for name in files
                if not name.startswith(".") and not name.endswith(SKIPPED_SUFFIXES)
            )
        found, unreadable = self.stat(candidates)
        return found, {**refused, **unreadable}

    def stat(self, paths: Iterable[str]) -> tuple[dict[str, SourceFile], dict[str, str]]:
        """The given paths only (an upload, a deletion): missing ones are simply absent."""
        found, refused = {}, {}
        for path in paths:
            entry, reason = self._entry(path)
            if entry:
                found[path] = entry
            elif reason:
                refused[path] = reason
        return found, refused

    def _entry(self, rel: str) -> tuple[SourceFile | None, str | None]:
        try:
            full = self.path(rel)
            info = full.lstat()
        except (OSError, OutsideCorpus):
            return None, None  # vanished between listing and stat, or not inside
        if stat.S_ISLNK(info.st_mode):
            return None, _LINK
        if not stat.S_ISREG(info.st_mode):
            return None, "not a regular file (a pipe, socket or device); Arsip reads only files"
        return SourceFile(rel, info.st_size, info.st_mtime_ns), None

    # -- reading ---------------------------------------------------------------------------------
    def path(self, rel: str) -> Path:
        """The absolute path of a corpus-relative path, which must stay inside the corpus."""
        rel = rel.replace("\\", "/")
        if not rel or rel.startswith("/") or any(p in ("", "..") for p in rel.split("/")):
            raise OutsideCorpus(f"{rel!r}: not a path inside the corpus")
        return self.root / rel

    def read(self, rel: str) -> bytes:
        """The bytes of a regular file inside the corpus (never through a link), within the cap."""
        full = self.path(rel)
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
        try:
            fd = os.open(full, flags)
        except OSError as error:
            if full.is_symlink():
                raise OutsideCorpus(f"{rel}: {_LINK}") from None
            raise error
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise OutsideCorpus(f"{rel}: not a regular file")
            if info.st_size > MAX_FILE_BYTES:
                raise OutsideCorpus(
                    f"file too large ({info.st_size / 1048576:.1f} MB); Arsip reads articles up to "
                    f"{MAX_FILE_BYTES // 1048576} MB"
                )
            return handle.read(MAX_FILE_BYTES + 1)

    def digest(self, rel: str) -> str | None:
        try:
            return hashlib.sha256(self.read(rel)).hexdigest()
        except (OSError, OutsideCorpus):
            return None

    def open_original(self, rel: str) -> BinaryIO | None:
        """The raw file, opened for a reader's download, if it is one Arsip would read."""
        entry, _ = self._entry(rel)
        return self.path(rel).open("rb") if entry else None

    # -- writing ---------------------------------------------------------------------------------
    def store(self, relative: str, data: bytes) -> StoredFile:
        """Write `data` at corpus/relative via temp file + link: never over another file; a name
        taken by different content gets "-2", "-3"."""
        parts = [safe_name(p) for p in relative.replace("\\", "/").split("/") if p not in ("", ".", "..")]
        parts = parts or ["artikel"]
        folder = self.root.joinpath(*parts[:-1])
        folder.mkdir(parents=True, exist_ok=True)
        stem, dot, suffix = parts[-1].rpartition(".")
        if not dot:
            stem, suffix = parts[-1], ""
        tmp = _write_temp(folder, parts[-1], data)
        digest = hashlib.sha256(data).digest()
        try:
            for attempt in range(1, 1000):
                name = parts[-1] if attempt == 1 else f"{stem}-{attempt}{dot}{suffix}"
                target = folder / name
                try:
                    os.link(tmp, target)  # fails if the name exists: never overwrites
                except FileExistsError:
                    if not target.is_symlink() and hashlib.sha256(target.read_bytes()).digest() == digest:
                        return StoredFile(target.relative_to(self.root).as_posix(), IDENTICAL)
                    continue
                status = NEW if attempt == 1 else RENAMED
                return StoredFile(target.relative_to(self.root).as_posix(), status)
            raise FileExistsError(f"too many files named like {parts[-1]}")
        finally:
            tmp.unlink(missing_ok=True)

    def trash(self, rel: str) -> Path:
        """Move a raw file into .trash/<time>/<path>: out of the index, never destroyed."""
        source = self.path(rel)
        if self._entry(rel)[0] is None:
            raise FileNotFoundError(f"{rel}: no such file in the corpus")
        when = dt.datetime.now().strftime("%Y%m%dT%H%M%S") + f"-{os.getpid()}-{time.monotonic_ns() % 10**6}"
        target = self.root / TRASH / when / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)
        return target

    def replace(self, rel: str, data: bytes) -> Path:
        """Put new bytes at `rel`; the old file goes to the trash first."""
        old = self.trash(rel)
        target = self.path(rel)
        os.replace(_write_temp(target.parent, target.name, data), target)
        return old


_LINK = "a symbolic link; Arsip reads only files inside the corpus, never what a link points to"


def safe_name(name: str) -> str:
    """A file name with no directories, no leading dots and no characters shells trip on; long
    names are shortened in the middle, keeping the extension."""
    name = unicodedata.normalize("NFKC", name.replace("\\", "/").rsplit("/", 1)[-1]).strip()
    name = _UNSAFE.sub("-", name).strip(".-") or "artikel"
    if len(name) > _MAX_NAME:
        stem, dot, suffix = name.rpartition(".")
        if dot and len(suffix) <= 10:
            name = stem[: _MAX_NAME - len(suffix) - 1].rstrip(".-") + "." + suffix
        else:
            name = name[:_MAX_NAME]
    return name


def write_atomic(path: Path, content: str | bytes, mode: int = 0o644) -> None:
    """Replace a small file (a pointer, a report, the accounts) so readers see old or new, never half."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    os.replace(_write_temp(path.parent, path.name, data, mode), path)


def _write_temp(folder: Path, name: str, data: bytes, mode: int = 0o644) -> Path:
    tmp = folder / f".{name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
    with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode), "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    return tmp
