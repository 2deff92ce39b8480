"""The index store: a Whoosh index kept in step with `corpus/`, its source of truth.

Layout of the index directory:
    CURRENT            name of the live generation ("gen-000002"), replaced atomically
    gen-000002/        the Whoosh index, `arsip.json` (schema version) and `failures.json`
A rebuild writes a new generation beside the live one and swaps CURRENT, so searches never see a
half-built index. Sync is incremental (path + size/mtime, then content hash), commits in batches
and is resumable after a crash: what was committed stays, the rest is redone by the next run.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.query import Term

from archive.article import Article, ExtractionFailure
from archive.schema import SCHEMA_VERSION, build_schema, to_document, unpack

# Given the corpus root and corpus-relative paths, yield one result per path, in any order.
ExtractMany = Callable[[Path, list[str]], Iterable[Article | ExtractionFailure]]
Progress = Callable[[int, int], None]

BATCH_SIZE = 1000
WRITER_TIMEOUT = 120.0
_SKIPPED_SUFFIXES = (".tmp", ".part", ".partial", ".crdownload", ".swp", "~")


class IndexMissing(RuntimeError):
    """There is no index yet: `arsip index` builds it from the corpus."""


@dataclass
class SourceFile:
    path: str  # corpus-relative, "/" separators
    size: int
    mtime_ns: int

    def stamp(self, digest: str) -> str:
        return f"{digest} {self.size} {self.mtime_ns}"


@dataclass
class SyncReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[ExtractionFailure] = field(default_factory=list)
    unchanged: int = 0
    seconds: float = 0.0
    rebuilt: bool = False
    rebuild_reason: str | None = None
    total: int = 0  # articles in the index after the sync

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def to_dict(self) -> dict:
        return {
            "added": len(self.added),
            "updated": len(self.updated),
            "removed": len(self.removed),
            "failed": [{"path": f.path, "reason": f.reason} for f in self.failed],
            "unchanged": self.unchanged,
            "total": self.total,
            "seconds": round(self.seconds, 3),
            "rebuilt": self.rebuilt,
        }


def scan_corpus(corpus: Path) -> dict[str, SourceFile]:
    """Every file under the corpus at any depth, skipping hidden entries and files being written."""
    found: dict[str, SourceFile] = {}
    if not corpus.is_dir():
        raise FileNotFoundError(f"corpus folder not found: {corpus}")
    for root, dirs, files in os.walk(corpus):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if name.startswith(".") or name.endswith(_SKIPPED_SUFFIXES):
                continue
            full = Path(root) / name
            try:
                st = full.stat()
            except OSError:
                continue  # vanished between listing and stat
            rel = full.relative_to(corpus).as_posix()
            found[rel] = SourceFile(rel, st.st_size, st.st_mtime_ns)
    return found


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


class IndexStore:
    def __init__(self, root: Path):
        self.root = Path(root)

    # -- generations -------------------------------------------------------------------------
    def current_generation(self) -> str | None:
        try:
            return (self.root / "CURRENT").read_text().strip() or None
        except FileNotFoundError:
            return None

    def generation_dir(self) -> Path:
        generation = self.current_generation()
        if not generation:
            raise IndexMissing(f"no index at {self.root}: run `arsip index` to build it")
        return self.root / generation

    def exists(self) -> bool:
        generation = self.current_generation()
        return bool(generation) and whoosh_index.exists_in(self.root / generation)

    def schema_version(self) -> int | None:
        try:
            return json.loads((self.generation_dir() / "arsip.json").read_text())["schema_version"]
        except (FileNotFoundError, KeyError, ValueError, IndexMissing):
            return None

    def open_index(self):
        directory = self.generation_dir()
        if not whoosh_index.exists_in(directory):
            raise IndexMissing(f"no index in {directory}: run `arsip index --rebuild`")
        return whoosh_index.open_dir(str(directory))

    def _new_generation(self) -> Path:
        self.root.mkdir(parents=True, exist_ok=True)
        numbers = [int(p.name[4:]) for p in self.root.glob("gen-*") if p.name[4:].isdigit()]
        directory = self.root / f"gen-{max(numbers, default=0) + 1:06d}"
        directory.mkdir()
        whoosh_index.create_in(str(directory), build_schema())
        (directory / "arsip.json").write_text(json.dumps({"schema_version": SCHEMA_VERSION}))
        return directory

    def _swap_in(self, directory: Path) -> None:
        previous = self.current_generation()
        _write_atomic(self.root / "CURRENT", directory.name + "\n")
        if previous and previous != directory.name:
            shutil.rmtree(self.root / previous, ignore_errors=True)

    def _remove_abandoned_generations(self) -> None:
        """A rebuild killed half-way leaves a generation CURRENT never pointed to."""
        live = self.current_generation()
        for directory in self.root.glob("gen-*"):
            if directory.name != live and time.time() - directory.stat().st_mtime > 3600:
                shutil.rmtree(directory, ignore_errors=True)

    # -- what the index holds ------------------------------------------------------------------
    def stamps(self, ix) -> dict[str, str]:
        """path -> stamp for every indexed article."""
        with ix.searcher() as searcher:
            return {fields["path"]: fields.get("stamp", "") for fields in searcher.all_stored_fields()}

    def failures(self) -> dict[str, dict]:
        try:
            return json.loads((self.generation_dir() / "failures.json").read_text("utf-8"))
        except (FileNotFoundError, ValueError, IndexMissing):
            return {}

    def state(self) -> dict:
        try:
            return json.loads((self.generation_dir() / "state.json").read_text("utf-8"))
        except (FileNotFoundError, ValueError, IndexMissing):
            return {}

    # -- sync ----------------------------------------------------------------------------------
    def sync(
        self,
        corpus: Path,
        extract_many: ExtractMany,
        *,
        rebuild: bool = False,
        progress: Progress | None = None,
    ) -> SyncReport:
        """Bring the index in line with the corpus; rebuild into a new generation when asked,
        when there is no index, or when its schema version differs."""
        started = time.perf_counter()
        corpus = Path(corpus)
        files = scan_corpus(corpus)
        reason = None
        if rebuild:
            reason = "asked for"
        elif not self.exists():
            reason = "no index yet"
        elif self.schema_version() != SCHEMA_VERSION:
            reason = f"schema version {self.schema_version()} -> {SCHEMA_VERSION}"
        if reason:
            self.root.mkdir(parents=True, exist_ok=True)
            self._remove_abandoned_generations()
            directory = self._new_generation()
            report = self._sync_into(directory, corpus, files, extract_many, progress, known={}, failures={})
            report.rebuilt, report.rebuild_reason = True, reason
            self._swap_in(directory)
        else:
            directory = self.generation_dir()
            ix = whoosh_index.open_dir(str(directory))
            report = self._sync_into(
                directory,
                corpus,
                files,
                extract_many,
                progress,
                known=self.stamps(ix),
                failures=self.failures(),
            )
        report.seconds = time.perf_counter() - started
        _write_atomic(
            directory / "state.json",
            json.dumps({"last_sync": time.time(), "report": report.to_dict()}, ensure_ascii=False),
        )
        return report

    def _sync_into(
        self,
        directory: Path,
        corpus: Path,
        files: dict[str, SourceFile],
        extract_many: ExtractMany,
        progress: Progress | None,
        known: dict[str, str],
        failures: dict[str, dict],
    ) -> SyncReport:
        report = SyncReport()
        ix = whoosh_index.open_dir(str(directory))
        to_extract: list[str] = []
        restamp: dict[str, str] = {}
        still_failed: dict[str, dict] = {}
        for path, source in files.items():
            stamp = known.get(path)
            if stamp and stamp.split(" ", 1)[1:] == [f"{source.size} {source.mtime_ns}"]:
                report.unchanged += 1
                continue
            failure = failures.get(path)
            if failure and failure.get("stamp", "").split(" ", 1)[1:] == [f"{source.size} {source.mtime_ns}"]:
                still_failed[path] = failure
                report.failed.append(ExtractionFailure(path, failure["reason"]))
                continue
            if stamp:
                digest = _hash_file(corpus / path)
                if digest and stamp.split(" ", 1)[0] == digest:
                    restamp[path] = source.stamp(digest)  # touched, same content
                    report.unchanged += 1
                    continue
            to_extract.append(path)
        removed = [path for path in known if path not in files]

        with ix.writer(timeout=WRITER_TIMEOUT) as writer:
            for path in removed:
                writer.delete_by_term("path", path)
            report.removed = removed
            if restamp:
                with ix.searcher() as searcher:
                    for path, stamp in restamp.items():
                        stored = searcher.document(path=path)
                        if stored:
                            writer.update_document(**to_document(unpack(stored["record"]), stamp))

        done = 0
        pending = iter(extract_many(corpus, sorted(to_extract)))
        while True:
            batch = _take(pending, BATCH_SIZE)
            if not batch:
                break
            with ix.writer(timeout=WRITER_TIMEOUT) as writer:
                for result in batch:
                    source = files[result.path]
                    if isinstance(result, ExtractionFailure):
                        still_failed[result.path] = {
                            "reason": result.reason,
                            "stamp": source.stamp(result.content_hash),
                        }
                        report.failed.append(result)
                        if result.path in known:  # was readable before: keep nothing stale
                            writer.delete_by_term("path", result.path)
                        continue
                    writer.update_document(**to_document(result, source.stamp(result.content_hash)))
                    (report.updated if result.path in known else report.added).append(result.path)
            done += len(batch)
            if progress:
                progress(done, len(to_extract))
            _write_atomic(directory / "failures.json", json.dumps(still_failed, ensure_ascii=False, indent=1))
        _write_atomic(directory / "failures.json", json.dumps(still_failed, ensure_ascii=False, indent=1))
        with ix.searcher() as searcher:
            report.total = searcher.doc_count()
        return report

    def document_count(self) -> int:
        with self.open_index().searcher() as searcher:
            return searcher.doc_count()

    def delete_paths(self, paths: Iterable[str]) -> None:
        ix = self.open_index()
        with ix.writer(timeout=WRITER_TIMEOUT) as writer:
            for path in paths:
                writer.delete_by_query(Term("path", path))


def _take(iterator: Iterator, n: int) -> list:
    batch = []
    for item in iterator:
        batch.append(item)
        if len(batch) >= n:
            break
    return batch


def _hash_file(path: Path) -> str | None:
    import hashlib

    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None
