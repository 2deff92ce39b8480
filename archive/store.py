"""The index store: a Whoosh index kept in step with `corpus/`, its source of truth.

Layout of the index directory:
    CURRENT            name of the live generation ("gen-000002"), replaced atomically
    gen-000002/        the Whoosh index, `arsip.json` (schema version), `skipped.json` (failed files and
                       exact duplicates, with reasons) and `state.json` (last sync)
A rebuild writes a new generation beside the live one and swaps CURRENT, so searches never see a
half-built index. Sync is incremental (path + size/mtime, then content hash), commits in batches
and is resumable after a crash: what was committed stays, the rest is redone by the next run.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index

from archive import corrections, segments
from archive.article import Article, ExtractionFailure
from archive.schema import SCHEMA_VERSION, build_schema, to_document, unpack
from archive.stories import StoryRegister

# Given the corpus root and corpus-relative paths, yield one result per path, in any order.
ExtractMany = Callable[[Path, list[str]], Iterable[Article | ExtractionFailure]]
Progress = Callable[[int, int], None]

BATCH_SIZE = 1000  # an incremental sync commits this often (searches see new articles early)
BATCH_SECONDS = 5.0
REBUILD_BATCH = (5_000, 3600.0)
WRITER_MB = 256  # the writer's buffer before it spills sorted runs to disk
WRITER_TIMEOUT = 120.0


MERGE_FACTOR = 10  # this many segments of one size class are merged into one
MERGE_LIMIT = 1_000  # segments of this many documents or more are never merged by a sync


def merge_small_segments(writer, segments):
    """Merge policy: ten segments of the same size class (1-9, 10-99, 100-999 documents) become
    one; larger segments are left alone. Whoosh's default (MERGE_SMALL) merged the whole index
    when one article was added to 21 rebuild segments (11 minutes at 100k articles, writer
    locked); here an add merges at most ~10,000 documents, and rebuild segments never."""
    from whoosh.reading import SegmentReader

    classes: dict[int, list] = {}
    for segment in segments:
        count = segment.doc_count_all()
        if count < MERGE_LIMIT:
            classes.setdefault(len(str(count)), []).append(segment)
    merged = {id(s) for group in classes.values() if len(group) >= MERGE_FACTOR for s in group}
    for segment in segments:
        if id(segment) in merged:
            reader = SegmentReader(writer.storage, writer.schema, segment)
            writer.add_reader(reader)
            reader.close()
    return [s for s in segments if id(s) not in merged]


def _writer(ix, **options):
    """A writer merged by size class (see `merge_small_segments`)."""
    writer = ix.writer(timeout=WRITER_TIMEOUT, **options)
    writer.mergetype = merge_small_segments
    return writer


segments.install()  # compound segments read in place, not copied per searcher
_SKIPPED_SUFFIXES = (".tmp", ".part", ".partial", ".crdownload", ".swp", "~")


class IndexMissing(RuntimeError):
    """There is no index yet: `arsip index` builds it from the corpus."""


@dataclass
class SourceFile:
    path: str  # corpus-relative, "/" separators
    size: int
    mtime_ns: int
    corrections: str = ""  # digest of the archivists' corrections of this file (archive.corrections)
    corrected: dict[str, str] | None = None  # the corrected fields themselves

    @property
    def signature(self) -> str:
        """What a sync compares first: size, mtime and corrections, without reading the file."""
        return f"{self.size} {self.mtime_ns}" + (f" {self.corrections}" if self.corrections else "")

    def stamp(self, digest: str) -> str:
        return f"{digest} {self.signature}"


def _stamp_parts(stamp: str) -> tuple[str, str, str]:
    """(content hash, "size mtime", corrections digest) of a stored stamp."""
    parts = stamp.split(" ")
    return parts[0], " ".join(parts[1:3]), parts[3] if len(parts) > 3 else ""


@dataclass
class SyncReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[ExtractionFailure] = field(default_factory=list)
    duplicates: dict[str, str] = field(default_factory=dict)  # path -> the indexed path it copies
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
            "duplicates": [{"path": p, "duplicate_of": o} for p, o in self.duplicates.items()],
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
    def stamps(self, ix, only: set[str] | None = None) -> dict[str, str]:
        """path -> stamp for every indexed article (or for the paths in `only`)."""
        with ix.searcher() as searcher:
            if only is not None:
                found = {}
                for path in only:
                    fields = searcher.document(path=path)
                    if fields:
                        found[path] = fields.get("stamp", "")
                return found
            return {fields["path"]: fields.get("stamp", "") for fields in searcher.all_stored_fields()}

    def skipped(self) -> dict[str, dict]:
        """Files not indexed, with why: {"path": {"reason", "stamp", "duplicate_of"?}}."""
        try:
            return json.loads((self.generation_dir() / "skipped.json").read_text("utf-8"))
        except (FileNotFoundError, ValueError, IndexMissing):
            return {}

    def failures(self) -> dict[str, dict]:
        return {p: v for p, v in self.skipped().items() if not v.get("duplicate_of")}

    def duplicates(self) -> dict[str, str]:
        return {p: v["duplicate_of"] for p, v in self.skipped().items() if v.get("duplicate_of")}

    def state(self) -> dict:
        try:
            return json.loads((self.generation_dir() / "state.json").read_text("utf-8"))
        except (FileNotFoundError, ValueError, IndexMissing):
            return {}

    def size_bytes(self) -> int:
        try:
            return sum(f.stat().st_size for f in self.generation_dir().rglob("*") if f.is_file())
        except IndexMissing:
            return 0

    # -- sync ----------------------------------------------------------------------------------
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
        """Bring the index in line with the corpus; rebuild into a new generation when asked,
        when there is no index, or when its schema version differs.

        `only` limits the sync to some corpus-relative paths (an upload, a deletion): the rest of
        the corpus is not scanned, which keeps adding one file fast in a large archive.
        """
        started = time.perf_counter()
        corpus = Path(corpus)
        reason = None
        if rebuild:
            reason = "asked for"
        elif not self.exists():
            reason = "no index yet"
        elif self.schema_version() != SCHEMA_VERSION:
            reason = f"schema version {self.schema_version()} -> {SCHEMA_VERSION}"
        with self._lock():
            if reason:
                self.root.mkdir(parents=True, exist_ok=True)
                self._remove_abandoned_generations()
                directory = self._new_generation()
                files = _with_corrections(scan_corpus(corpus), corpus)
                # Nobody reads a new generation before the swap: commit rarely, into few large segments.
                report = self._sync_into(
                    directory, corpus, files, extract_many, progress, {}, {}, None, batch=REBUILD_BATCH
                )
                report.rebuilt, report.rebuild_reason = True, reason
                self._swap_in(directory)
            else:
                directory = self.generation_dir()
                ix = whoosh_index.open_dir(str(directory))
                scope = None if only is None else {p.replace("\\", "/").lstrip("/") for p in only}
                files = scan_corpus(corpus) if scope is None else _stat_paths(corpus, scope)
                files = _with_corrections(files, corpus)
                skipped = self.skipped()
                if retry_failed:
                    skipped = {p: v for p, v in skipped.items() if v.get("duplicate_of")}
                report = self._sync_into(
                    directory, corpus, files, extract_many, progress, self.stamps(ix, scope), skipped, scope
                )
            report.seconds = time.perf_counter() - started
            _write_atomic(
                directory / "state.json",
                json.dumps({"last_sync": time.time(), "report": report.to_dict()}, ensure_ascii=False),
            )
        return report

    def _lock(self):
        """One sync at a time in this process (the writer lock covers other processes)."""
        return _SYNC_LOCK

    def _sync_into(
        self,
        directory: Path,
        corpus: Path,
        files: dict[str, SourceFile],
        extract_many: ExtractMany,
        progress: Progress | None,
        known: dict[str, str],
        skipped: dict[str, dict],
        scope: set[str] | None,
        batch: tuple[int, float] = (BATCH_SIZE, BATCH_SECONDS),
    ) -> SyncReport:
        report = SyncReport()
        ix = whoosh_index.open_dir(str(directory))
        to_extract: list[str] = []
        restamp: dict[str, str] = {}
        kept_skipped: dict[str, dict] = (
            {} if scope is None else {p: v for p, v in skipped.items() if p not in scope}
        )
        with ix.searcher() as searcher:
            for path, source in files.items():
                stamp = known.get(path)
                if stamp and stamp.split(" ", 1)[1:] == [source.signature]:
                    report.unchanged += 1
                    continue
                entry = skipped.get(path)
                if entry and entry.get("stamp", "").split(" ", 1)[1:] == [source.signature]:
                    original = entry.get("duplicate_of")
                    if original is None or searcher.document(path=original):
                        kept_skipped[path] = entry
                        _report_skipped(report, path, entry)
                        continue  # still failing, or still a copy of an indexed article
                if stamp and _stamp_parts(stamp)[2] == source.corrections:
                    digest = _hash_file(corpus / path)
                    if digest and _stamp_parts(stamp)[0] == digest:
                        restamp[path] = source.stamp(digest)  # touched, same content
                        report.unchanged += 1
                        continue
                to_extract.append(path)
        removed = [path for path in known if path not in files]
        register = StoryRegister(directory / "stories.sqlite")
        if scope is None:
            register.keep_only(set(known))

        with _writer(ix) as writer:
            for path in removed:
                writer.delete_by_term("path", path)
                register.remove(path)
            report.removed = removed
            if restamp:
                with ix.searcher() as searcher:
                    for path, stamp in restamp.items():
                        stored = searcher.document(path=path)
                        if stored:
                            writer.update_document(**to_document(unpack(stored["record"]), stamp))

        register.commit()
        state = _SyncState(known, register, kept_skipped, report)

        def save_skipped() -> None:  # after every batch, so a crash keeps what was learnt
            _write_atomic(directory / "skipped.json", json.dumps(kept_skipped, ensure_ascii=False, indent=1))

        done = 0
        pending = iter(extract_many(corpus, sorted(to_extract)))
        try:
            while True:
                results = _take(pending, *batch)
                if not results:
                    break
                with (
                    ix.searcher() as searcher,
                    _writer(ix, limitmb=WRITER_MB) as writer,
                ):
                    for result in results:
                        state.write(result, files[result.path], writer, searcher)
                register.commit()  # after the index commit: a crash in between only loses hints
                done += len(results)
                if progress:
                    progress(done, len(to_extract))
                save_skipped()
        except BaseException:
            register.db.rollback()
            raise
        finally:
            register.close()
        save_skipped()
        with ix.searcher() as searcher:
            report.total = searcher.doc_count()
        return report

    def register(self) -> StoryRegister:
        return StoryRegister(self.generation_dir() / "stories.sqlite")

    def document_count(self) -> int:
        with self.open_index().searcher() as searcher:
            return searcher.doc_count()


@dataclass
class _SyncState:
    """What one sync knows while it writes: indexed paths, the duplicate register, the outcome."""

    known: dict[str, str]
    register: StoryRegister
    skipped: dict[str, dict]
    report: SyncReport

    def write(self, result, source: SourceFile, writer, searcher) -> None:
        """Index one extraction result, or record why not (a failure, an exact duplicate)."""
        path, report = result.path, self.report
        if isinstance(result, ExtractionFailure):
            entry = {"reason": result.reason, "stamp": source.stamp(result.content_hash)}
        else:
            entry = None
            original = self._indexed_copy(result, searcher)
            if original:
                entry = {
                    "reason": f"duplicate of {original}",
                    "duplicate_of": original,
                    "stamp": source.stamp(result.content_hash),
                }
        if entry is not None:
            self.skipped[path] = entry
            _report_skipped(report, path, entry)
            if path in self.known:  # was indexed before: keep nothing stale
                writer.delete_by_term("path", path)
                self.register.remove(path)
            return
        corrections.apply(result, source.corrected)
        result.near_duplicate_of = self.register.closest_story(result.id, result.signature)
        story = result.near_duplicate_of or result.id
        self.register.put(path, result.id, story, result.text_hash, result.signature)
        document = to_document(result, source.stamp(result.content_hash))
        if path in self.known:
            writer.update_document(**document)
            report.updated.append(path)
        else:
            writer.add_document(**document)  # a new path: no older version to find and delete
            report.added.append(path)

    def _indexed_copy(self, article: Article, searcher) -> str | None:
        """An indexed (or just written) article with the same normalised text, if any."""
        for other in self.register.same_text(article.text_hash, article.path):
            if other in self.report.added or other in self.report.updated or searcher.document(path=other):
                return other
        return None


_SYNC_LOCK = threading.RLock()


def _report_skipped(report: SyncReport, path: str, entry: dict) -> None:
    if entry.get("duplicate_of"):
        report.duplicates[path] = entry["duplicate_of"]
    else:
        report.failed.append(ExtractionFailure(path, entry["reason"]))


def _with_corrections(files: dict[str, SourceFile], corpus: Path) -> dict[str, SourceFile]:
    for path, fields in corrections.Corrections(corpus).current().items():
        source = files.get(path)
        if source is not None:
            source.corrected, source.corrections = fields, corrections.digest(fields)
    return files


def _stat_paths(corpus: Path, paths: set[str]) -> dict[str, SourceFile]:
    found = {}
    for path in paths:
        try:
            st = (corpus / path).stat()
        except OSError:
            continue  # deleted: the sync removes it from the index
        found[path] = SourceFile(path, st.st_size, st.st_mtime_ns)
    return found


def _take(iterator: Iterator, n: int, seconds: float = BATCH_SECONDS) -> list:
    """Up to `n` items, or fewer once `seconds` have passed: a long ingest commits as it goes,
    so searches see new articles early and a crash loses at most one batch."""
    batch: list = []
    deadline = time.monotonic() + seconds
    for item in iterator:
        batch.append(item)
        if len(batch) >= n or time.monotonic() >= deadline:
            break
    return batch


def _hash_file(path: Path) -> str | None:
    import hashlib

    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None
