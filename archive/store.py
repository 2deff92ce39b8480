"""The index store: a Whoosh index kept in step with `corpus/`, its source of truth.

`sync` decides what kind of run is needed -- a full build into a new generation (asked for, no
index yet, another schema version, or an index that cannot be read) or an incremental sync of the
live one -- and hands the work to archive.sync. Everything else here answers questions about the
live generation: its stamps, skipped files, last sync, duplicate register, size.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from archive import corrections, segments
from archive.corpus import Corpus, SourceFile, write_atomic
from archive.generations import Generations, IndexMissing, IndexUnreadable
from archive.schema import SCHEMA_VERSION
from archive.stories import StoryRegister
from archive.sync import BATCH, REBUILD_BATCH, ExtractMany, Progress, Sync, SyncPlan, SyncReport, plan
from archive.writing import WhooshSink

__all__ = ["IndexMissing", "IndexStore", "IndexUnreadable", "SyncReport"]

segments.install()  # compound segments read in place, not copied per searcher
_SYNC_LOCK = threading.RLock()  # one sync at a time in this process (the writer lock covers others)


class IndexStore:
    def __init__(self, root: Path):
        self.root = Path(root)
        self.generations = Generations(self.root)

    # -- the live generation ----------------------------------------------------------------
    def current_generation(self) -> str | None:
        return self.generations.current()

    def generation_dir(self) -> Path:
        return self.generations.directory()

    def exists(self) -> bool:
        return self.generations.exists()

    def schema_version(self) -> int | None:
        return self.generations.schema_version()

    def open_index(self):
        return self.generations.open()

    def size_bytes(self) -> int:
        return self.generations.size_bytes()

    def register(self) -> StoryRegister:
        return StoryRegister(self.generation_dir() / "stories.sqlite")

    def stamps(self, ix, only: set[str] | None = None) -> dict[str, str]:
        """path -> stamp for every indexed article (or for the paths in `only`)."""
        with ix.searcher() as searcher:
            if only is not None:
                found = {path: searcher.document(path=path) for path in only}
                return {path: fields.get("stamp", "") for path, fields in found.items() if fields}
            return {fields["path"]: fields.get("stamp", "") for fields in searcher.all_stored_fields()}

    def skipped(self) -> dict[str, dict]:
        """Files not indexed, with why: {"path": {"reason", "stamp"?, "duplicate_of"?, "refused"?}}."""
        return self._read_json("skipped.json")

    def failures(self) -> dict[str, dict]:
        return {p: v for p, v in self.skipped().items() if not v.get("duplicate_of")}

    def duplicates(self) -> dict[str, str]:
        return {p: v["duplicate_of"] for p, v in self.skipped().items() if v.get("duplicate_of")}

    def state(self) -> dict:
        return self._read_json("state.json")

    def document_count(self) -> int:
        with self.open_index().searcher() as searcher:
            return searcher.doc_count()

    def _read_json(self, name: str) -> dict:
        try:
            return json.loads((self.generation_dir() / name).read_text("utf-8"))
        except (FileNotFoundError, ValueError, IndexMissing):
            return {}

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
        """Bring the index in line with the corpus. A full build goes into a new generation (or
        continues an interrupted one) and is swapped in when done; `only` limits an incremental
        sync to some corpus-relative paths (an upload, a deletion) without scanning the rest."""
        started = time.perf_counter()
        corpus = Corpus(corpus)
        with _SYNC_LOCK:
            reason = self._rebuild_reason(rebuild)
            if reason:
                report = self._build(corpus, extract_many, progress)
                report.rebuilt, report.rebuild_reason = True, reason
            else:
                scope = None if only is None else {p.replace("\\", "/").lstrip("/") for p in only}
                report = self._update(corpus, extract_many, progress, scope, retry_failed)
            report.seconds = time.perf_counter() - started
            record = {"last_sync": time.time(), "report": report.to_dict()}
            write_atomic(self.generation_dir() / "state.json", json.dumps(record, ensure_ascii=False))
        return report

    def pending(self, corpus: Path) -> SyncPlan:
        """What the next sync would index or remove: files an interrupted upload stored, or that
        were dropped into the corpus while nothing was watching (the admin page shows them)."""
        corpus = Corpus(corpus)
        files, refused = corpus.scan()
        try:
            ix = self.open_index()
        except (IndexMissing, IndexUnreadable):
            return SyncPlan(files, extract=sorted(files))
        skipped = {p: v for p, v in self.skipped().items() if not v.get("refused")}
        known = self.stamps(ix)
        return plan(corpus, _with_corrections(files, corpus), refused, known, skipped, None, _indexed(ix))

    def _rebuild_reason(self, asked: bool) -> str | None:
        if asked:
            return "asked for"
        if not self.exists():
            return "no index yet"
        if self.schema_version() != SCHEMA_VERSION:
            return f"schema version {self.schema_version()} -> {SCHEMA_VERSION}"
        unreadable = self.generations.unreadable()
        return f"unreadable: {unreadable}" if unreadable else None

    def _build(self, corpus: Corpus, extract_many: ExtractMany, progress: Progress | None) -> SyncReport:
        directory, resumed = self.generations.start()
        ix = self.generations.open(directory)
        files, refused = corpus.scan()
        known = self.stamps(ix) if resumed else {}
        earlier = _read_json(directory / "skipped.json") if resumed else {}
        work = plan(corpus, _with_corrections(files, corpus), refused, known, earlier, None, _indexed(ix))
        report = Sync(WhooshSink(ix), directory, corpus.root, work, set(known), full=True).run(
            extract_many, progress, REBUILD_BATCH
        )
        report.resumed = resumed
        self.generations.finish(directory)
        return report

    def _update(self, corpus, extract_many, progress, scope, retry_failed) -> SyncReport:
        directory = self.generation_dir()
        ix = self.generations.open(directory)
        files, refused = corpus.scan() if scope is None else corpus.stat(scope)
        skipped = {p: v for p, v in self.skipped().items() if not v.get("refused") or scope is not None}
        if retry_failed:
            skipped = {p: v for p, v in skipped.items() if v.get("duplicate_of")}
        known = self.stamps(ix, scope)
        work = plan(corpus, _with_corrections(files, corpus), refused, known, skipped, scope, _indexed(ix))
        return Sync(WhooshSink(ix), directory, corpus.root, work, set(known), full=scope is None).run(
            extract_many, progress, BATCH
        )


def _indexed(ix):
    def is_indexed(path: str) -> bool:
        with ix.searcher() as searcher:
            return searcher.document(path=path) is not None

    return is_indexed


def _with_corrections(files: dict[str, SourceFile], corpus: Corpus) -> dict[str, SourceFile]:
    for path, fields in corrections.Corrections(corpus.root).current().items():
        source = files.get(path)
        if source is not None:
            source.corrected, source.corrections = fields, corrections.digest(fields)
    return files


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text("utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
