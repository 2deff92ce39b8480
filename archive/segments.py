"""Compound Whoosh segments read straight from the memory map, without a copy per searcher.

Whoosh 2.7.4 opens each part of a compound segment as `BufferFile(memoryview_of_the_mmap)`, and
`BufferFile` wraps it in `BytesIO`, which copies the bytes: every open searcher held its own copy
of the postings, terms and columns (1.3 GB of RSS at 100k articles, for one thread). Here the
parts read from the memoryview, so the OS page cache holds the index once for every searcher, and
the pages a search has read and decoded are handed back to it (`release_mapped_pages`).

Also: Whoosh names segments and temporary files from the global `random` module, so any code that
seeds it (a test framework, a library wanting reproducible runs) made two commits pick the same
segment name and the second failed on an assertion. Names here come from `secrets`.
Installed once, by `install()`, from archive.store (the one place that opens indexes).
"""

from __future__ import annotations

import mmap
import secrets

from whoosh import writing
from whoosh.codec import base as codec_base
from whoosh.filedb import compound, filestore
from whoosh.filedb.structfile import BufferFile
from whoosh.util import IDCHARS


class _MemoryReader:
    """The file interface Whoosh's readers use (read, readline, seek, tell), over a memoryview."""

    def __init__(self, buf: memoryview):
        self._buf = buf
        self._pos = 0

    def read(self, size: int | None = -1) -> bytes:
        start = self._pos
        end = len(self._buf) if size is None or size < 0 else min(start + size, len(self._buf))
        self._pos = max(start, end)
        return self._buf[start:end].tobytes()

    def readline(self, size: int | None = -1) -> bytes:
        start = self._pos
        if start >= len(self._buf) or size == 0:
            return b""
        limit = len(self._buf) if size is None or size < 0 else min(start + size, len(self._buf))
        end = start
        while end < limit and self._buf[end] != 0x0A:
            end += 1
        self._pos = min(end + 1, limit)
        return self._buf[start : self._pos].tobytes()

    def seek(self, offset: int, whence: int = 0) -> int:
        base = {0: 0, 1: self._pos, 2: len(self._buf)}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def close(self) -> None:
        self._buf = memoryview(b"")


class MappedBufferFile(BufferFile):
    """A BufferFile that reads its memoryview in place instead of copying it into BytesIO."""

    def __init__(self, buf, name=None, onclose=None):
        super().__init__(b"", name=name, onclose=onclose)
        self._buf = memoryview(buf)
        self.file = _MemoryReader(self._buf)

    def subset(self, position, length, name=None):
        return MappedBufferFile(self._buf[position : position + length], name=name or self._name)


def unique_name(size: int = 28) -> str:
    """A file or segment name no seeding of `random` can repeat."""
    return "".join(secrets.choice(IDCHARS) for _ in range(size))


def install() -> None:
    """Make Whoosh's compound storage open its parts as MappedBufferFile, and its file names
    independent of the global random state (idempotent)."""
    compound.BufferFile = MappedBufferFile
    for module in (codec_base, compound, filestore, writing):
        module.random_name = unique_name


def release_mapped_pages(readers) -> int:
    """Hand the index pages this process has mapped of these segments (their readers) back to the
    OS page cache (madvise DONTNEED on each compound segment's read-only map); returns how many
    maps were released.

    Postings are decoded into the search caches (archive.postings) once read, so the mapped
    pages they came from are a second copy that counted in the server's RSS (1.5 GB at a million
    articles). The data stays in the page cache; a page read again maps back in with a minor
    fault, and a reader in another thread at that moment reads the same bytes."""
    released = 0
    if not hasattr(mmap, "MADV_DONTNEED"):  # not offered on this system: the pages stay mapped
        return released
    for reader in readers:
        storage = getattr(reader, "_storage", None)
        source = getattr(getattr(storage, "a", storage), "_source", None)
        if isinstance(source, mmap.mmap):
            try:
                source.madvise(mmap.MADV_DONTNEED)
                released += 1
            except (ValueError, OSError):  # closed by a searcher that moved on to newer segments
                continue
    return released
