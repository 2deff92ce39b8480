"""Index generations: every full build goes into its own folder beside the live one, and one
pointer file says which is live, so searches never see a half-built index.

    index/CURRENT        "gen-000002", replaced atomically
    index/gen-000002/    a Whoosh index, arsip.json (schema version), skipped.json, state.json,
                         stories.sqlite (duplicate register)
    index/gen-000003/    a build in progress (BUILDING marks it); resumed if it was interrupted

An index that cannot be read (a crash, a full disk, a truncated file) is reported in plain words
with the command that repairs it; the corpus is the truth, so a rebuild loses nothing.
"""

from __future__ import annotations

import contextlib
import json
import shutil
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage

from archive.corpus import write_atomic
from archive.records import RecordCodec
from archive.schema import SCHEMA_VERSION, build_schema

BUILDING = "BUILDING"  # in a generation folder: a build that has not been swapped in yet


class IndexMissing(RuntimeError):
    """There is no index yet: `arsip index` builds it from the corpus."""


class IndexUnreadable(RuntimeError):
    """The index's files cannot be read; the corpus is intact and `arsip index` rebuilds it."""


class _CheckedStorage(FileStorage):
    """Remembers the files opened while an index is checked, to close them if the check fails."""

    def __init__(self, path: str):
        super().__init__(path)
        self.opened: list | None = []

    def open_file(self, name, **kwargs):
        handle = super().open_file(name, **kwargs)
        if self.opened is not None:
            self.opened.append(handle)
        return handle

    def close_opened(self) -> None:
        for handle in self.opened or ():
            with contextlib.suppress(Exception):
                handle.close()
        self.opened = None


class Generations:
    def __init__(self, root: Path):
        self.root = Path(root)

    def current(self) -> str | None:
        try:
            return (self.root / "CURRENT").read_text().strip() or None
        except FileNotFoundError:
            return None

    def directory(self) -> Path:
        generation = self.current()
        if not generation:
            raise IndexMissing(f"no index at {self.root}: run `arsip index` to build it")
        return self.root / generation

    def exists(self) -> bool:
        generation = self.current()
        return bool(generation) and whoosh_index.exists_in(self.root / generation)

    def schema_version(self, directory: Path | None = None) -> int | None:
        try:
            folder = directory or self.directory()
            return json.loads((folder / "arsip.json").read_text())["schema_version"]
        except (FileNotFoundError, KeyError, ValueError, IndexMissing):
            return None

    def open(self, directory: Path | None = None):
        """The Whoosh index of a generation (the live one by default), checked to be readable."""
        directory = directory or self.directory()
        if not whoosh_index.exists_in(directory):
            raise IndexMissing(f"no index in {directory}: run `arsip index --rebuild`")
        storage = _CheckedStorage(str(directory))
        try:
            ix = storage.open_index()
            with ix.searcher() as searcher:  # opening every segment reads its table of contents
                for reader, _ in searcher.reader().leaf_readers():
                    reader.doc_count_all()
        except Exception as error:  # noqa: BLE001 - any failure to read the files means the same
            storage.close_opened()  # Whoosh leaves a damaged segment's file open when it fails
            raise IndexUnreadable(unreadable_message(directory, error)) from None
        storage.opened = None
        RecordCodec.load(directory)  # its stored records are read with its dictionary
        return ix

    def unreadable(self) -> str | None:
        """Why the live index cannot be read, or None."""
        try:
            self.open()
        except IndexUnreadable as error:
            return str(error)
        except IndexMissing:
            return None
        return None

    # -- building ----------------------------------------------------------------------------
    def start(self) -> tuple[Path, bool]:
        """A generation to build into: an interrupted build of this schema is resumed (what it
        committed stays), else a new one. Returns (folder, resumed)."""
        self.root.mkdir(parents=True, exist_ok=True)
        for directory in sorted(self.root.glob("gen-*"), reverse=True):
            if (
                directory.name != self.current()
                and (directory / BUILDING).exists()
                and self.schema_version(directory) == SCHEMA_VERSION
                and whoosh_index.exists_in(directory)
                and not being_written(directory)
            ):
                try:
                    self.open(directory)
                except IndexUnreadable:
                    continue
                self.remove_abandoned(keep=directory)
                return directory, True
        self.remove_abandoned()
        numbers = [int(p.name[4:]) for p in self.root.glob("gen-*") if p.name[4:].isdigit()]
        directory = self.root / f"gen-{max(numbers, default=0) + 1:06d}"
        directory.mkdir()
        whoosh_index.create_in(str(directory), build_schema())
        (directory / "arsip.json").write_text(json.dumps({"schema_version": SCHEMA_VERSION}))
        (directory / BUILDING).write_text("")
        return directory, False

    def finish(self, directory: Path) -> None:
        """Make a finished build the live generation and delete the one it replaces."""
        (directory / BUILDING).unlink(missing_ok=True)
        previous = self.current()
        write_atomic(self.root / "CURRENT", directory.name + "\n")
        if previous and previous != directory.name:
            shutil.rmtree(self.root / previous, ignore_errors=True)

    def remove_abandoned(self, keep: Path | None = None) -> None:
        """Generations that are neither live, nor kept, nor being written by another process."""
        for directory in self.root.glob("gen-*"):
            if directory.name != self.current() and directory != keep and not being_written(directory):
                shutil.rmtree(directory, ignore_errors=True)

    def size_bytes(self) -> int:
        try:
            return sum(f.stat().st_size for f in self.directory().rglob("*") if f.is_file())
        except IndexMissing:
            return 0


def being_written(directory: Path) -> bool:
    """Whether another process holds the generation's writer lock right now."""
    try:
        lock = FileStorage(str(directory)).lock("MAIN_WRITELOCK")
        if lock.acquire(blocking=False):
            lock.release()
            return False
    except OSError:
        return False
    return True


def unreadable_message(directory: Path, error: BaseException) -> str:
    return (
        f"the index in {directory} cannot be read ({type(error).__name__}: {error}). The corpus is "
        "intact: `arsip index` builds the index again from it"
    )
