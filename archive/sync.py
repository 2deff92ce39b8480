"""One sync of an index with the corpus: carry out its plan (archive.sync_plan) in batches.

Batches commit as they go (searches see new articles early; a crash loses at most one batch, and
the next sync redoes it); the duplicate register commits after the index, so a crash between the
two can only lose a hint.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Protocol

from archive import corrections
from archive.article import Article, ExtractionFailure
from archive.corpus import Corpus, write_atomic
from archive.stories import StoryRegister
from archive.sync_plan import Stamp, SyncPlan, SyncReport

# Given the corpus root and corpus-relative paths, yield one result per path.
ExtractMany = Callable[[Path, list[str]], Iterable[Article | ExtractionFailure]]
Progress = Callable[[int, int], None]

BATCH = (1000, 5.0)  # an incremental sync commits every 1,000 articles or 5 seconds
REBUILD_BATCH = (5_000, 3600.0)  # nobody reads a build before its swap: few, large segments
PROGRESS_SECONDS = 0.25


class Batch(Protocol):
    """The writes of one committed batch, to whichever engine holds the index."""

    def put(self, article: Article, stamp: str, replace: bool) -> None: ...

    def delete(self, path: str) -> None: ...

    def has(self, path: str) -> bool:
        """Is this path indexed (before this batch, or written by it)?"""

    def indexed(self, path: str) -> Article | None:
        """The article as indexed (for a new stamp without extracting the file again)."""


class Sink(Protocol):
    """An engine's index as a sync writes it: `batch()` is a context manager that commits."""

    def batch(self) -> AbstractContextManager[Batch]: ...

    def count(self) -> int: ...


class Sync:
    """Carries out a plan on one index (an engine's Sink): removals and restamps first, then the
    extraction in batches (each committed), the duplicate register and skipped.json kept in step."""

    def __init__(
        self, sink: Sink, directory: Path, corpus: Path, work: SyncPlan, known: set[str], full: bool
    ):
        self.sink, self.directory, self.corpus, self.work, self.known = sink, directory, corpus, work, known
        self.report = SyncReport(unchanged=work.unchanged)
        for path, entry in work.skipped.items():
            if path in work.files or entry.get("refused"):
                self.report.note_skipped(path, entry)
        self.register = StoryRegister(directory / "stories.sqlite")
        if full:  # forget register rows of articles the index lost (a crash, outside changes)
            self.register.keep_only(known)

    def run(
        self, extract_many: ExtractMany, progress: Progress | None, batch: tuple[int, float]
    ) -> SyncReport:
        try:
            self._remove_and_restamp()
            done, total, shown = 0, len(self.work.extract), 0.0
            pending = iter(extract_many(self.corpus, sorted(self.work.extract)))
            while results := _take(pending, *batch):
                with self.sink.batch() as writes:
                    for result in results:
                        self._write(result, writes)
                        done += 1
                        if progress and (time.monotonic() - shown >= PROGRESS_SECONDS or done == total):
                            shown = time.monotonic()
                            progress(done, total)  # per file, not per commit: a build is one commit
                self.register.commit()  # after the index: a crash in between only loses hints
                self._save_skipped()
        except BaseException:
            self.register.db.rollback()
            raise
        finally:
            self.register.close()
        self._save_skipped()
        self.report.total = self.sink.count()
        return self.report

    def _remove_and_restamp(self) -> None:
        if not self.work.remove and not self.work.restamp:
            return
        with self.sink.batch() as writes:
            for path in self.work.remove:
                writes.delete(path)
                self.register.remove(path)
            self.report.removed = list(self.work.remove)
            for path, stamp in self.work.restamp.items():
                article = writes.indexed(path)
                if article:
                    writes.put(article, stamp, replace=True)
        self.register.commit()

    def _write(self, result, writes: Batch) -> None:
        """Index one extraction result, or record why not (a failure, an exact duplicate)."""
        path, source = result.path, self.work.files[result.path]
        if isinstance(result, ExtractionFailure):
            entry = {"reason": result.reason, "stamp": str(Stamp.of(source, result.content_hash))}
        else:
            entry = None
            original = self._indexed_copy(result, writes)
            if original:
                entry = {
                    "reason": f"duplicate of {original}",
                    "duplicate_of": original,
                    "stamp": str(Stamp.of(source, result.content_hash)),
                }
        if entry is not None:
            self.work.skipped[path] = entry
            self.report.note_skipped(path, entry)
            if path in self.known:  # was indexed before: keep nothing stale
                writes.delete(path)
                self.register.remove(path)
            return
        corrections.apply(result, source.corrected)
        result.near_duplicate_of = self.register.closest_story(path, result.signature)
        story = result.near_duplicate_of or result.id
        self.register.put(path, story, result.text_hash, result.signature)
        # a new path has no older version to find and delete
        writes.put(result, str(Stamp.of(source, result.content_hash)), replace=path in self.known)
        (self.report.updated if path in self.known else self.report.added).append(path)

    def _indexed_copy(self, article: Article, writes: Batch) -> str | None:
        """An indexed (or just written) article with the same normalised text, if any."""
        report = self.report
        for other in self.register.same_text(article.text_hash, article.path):
            if other in report.added or other in report.updated or writes.has(other):
                return other
        return None

    def _save_skipped(self) -> None:  # after every batch, so a crash keeps what was learnt
        write_atomic(
            self.directory / "skipped.json", json.dumps(self.work.skipped, ensure_ascii=False, indent=1)
        )


class SyncedStore:
    """An index kept in step with the corpus by this module, whatever the engine: one sync at a
    time per process, and beside the index (in `generation_dir()`) skipped.json -- the files not
    indexed, with why -- and state.json, the last sync's report."""

    absent: tuple[type[Exception], ...] = ()  # what generation_dir() raises while there is no index
    _lock = threading.RLock()

    def generation_dir(self) -> Path:
        raise NotImplementedError

    def _sync(
        self,
        corpus: Corpus,
        extract_many: ExtractMany,
        progress: Progress | None,
        scope: set[str] | None,
        rebuild: bool,
        retry_failed: bool,
    ) -> SyncReport:
        raise NotImplementedError

    def sync(
        self,
        corpus: Path,
        extract_many: ExtractMany,
        *,
        rebuild: bool = False,
        only: Iterable[str] | None = None,
        retry_failed: bool = False,
        progress: Progress | None = None,
    ) -> SyncReport:
        """Bring the index in line with the corpus (`rebuild`: from scratch); `only` limits an
        incremental sync to some corpus-relative paths (an upload, a deletion) without scanning
        the rest."""
        started = time.perf_counter()
        scope = None if only is None else {p.replace("\\", "/").lstrip("/") for p in only}
        with SyncedStore._lock:
            report = self._sync(Corpus(corpus), extract_many, progress, scope, rebuild, retry_failed)
            report.seconds = time.perf_counter() - started
            record = {"last_sync": time.time(), "report": report.to_dict()}
            write_atomic(self.generation_dir() / "state.json", json.dumps(record, ensure_ascii=False))
        return report

    def skipped(self) -> dict[str, dict]:
        """Files not indexed, with why: {"path": {"reason", "stamp"?, "duplicate_of"?, "refused"?}}."""
        return self._read_json("skipped.json")

    def failures(self) -> dict[str, dict]:
        return {p: v for p, v in self.skipped().items() if not v.get("duplicate_of")}

    def duplicates(self) -> dict[str, str]:
        return {p: v["duplicate_of"] for p, v in self.skipped().items() if v.get("duplicate_of")}

    def state(self) -> dict:
        return self._read_json("state.json")

    def _read_json(self, name: str) -> dict:
        try:
            return read_json(self.generation_dir() / name)
        except self.absent:
            return {}


def read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text("utf-8"))
    except (FileNotFoundError, ValueError):
        return {}


def _take(iterator: Iterator, n: int, seconds: float) -> list:
    """Up to `n` items, or fewer once `seconds` have passed: a long ingest commits as it goes."""
    batch: list = []
    deadline = time.monotonic() + seconds
    for item in iterator:
        batch.append(item)
        if len(batch) >= n or time.monotonic() >= deadline:
            break
    return batch
