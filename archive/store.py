"""The index store: a Whoosh index kept in step with `corpus/`, its source of truth.

`sync` decides what kind of run is needed -- a full build into a new generation (asked for, no
index yet, another schema version, or an index that cannot be read) or an incremental sync of the
live one -- and hands the work to archive.sync. Everything else here answers questions about the
live generation: its stamps, skipped files, last sync, duplicate register, size.
"""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from archive import segments
from archive.config import worker_count
from archive.corpus import Corpus
from archive.facet_files import save_segments
from archive.generations import Generations, IndexMissing, IndexUnreadable
from archive.schema import SCHEMA_VERSION
from archive.stories import StoryRegister
from archive.sync import (
    BATCH,
    REBUILD_BATCH,
    ExtractMany,
    Progress,
    Sync,
    SyncedStore,
    read_json,
)
from archive.sync_plan import SyncPlan, SyncReport, plan, still_skipped
from archive.writing import WhooshSink

__all__ = ["IndexMissing", "IndexStore", "IndexUnreadable", "SyncReport"]

segments.install()  # compound segments read in place, not copied per searcher
PARALLEL_WRITING = 2_000  # files to extract: below this, writer processes cost more than they save


class IndexStore(SyncedStore):
    absent = (IndexMissing,)

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

    def document_count(self) -> int:
        with self.open_index().searcher() as searcher:
            return searcher.doc_count()

    # -- sync ----------------------------------------------------------------------------------
    def _sync(self, corpus, extract_many, progress, scope, rebuild, retry_failed) -> SyncReport:
        """A full build goes into a new generation (or continues an interrupted one) and is
        swapped in when done: asked for, no index yet, another schema version or an unreadable
        index; otherwise an incremental sync of the live generation."""
        reason = self._rebuild_reason(rebuild)
        if reason:
            report = self._build(corpus, extract_many, progress)
            report.rebuilt, report.rebuild_reason = True, reason
            return report
        return self._update(corpus, extract_many, progress, scope, retry_failed)

    def pending(self, corpus: Path) -> SyncPlan:
        """What the next sync would index or remove: files an interrupted upload stored, or that
        were dropped into the corpus while nothing was watching (the admin page shows them)."""
        corpus = Corpus(corpus)
        files, refused = corpus.scan()
        try:
            ix = self.open_index()
        except (IndexMissing, IndexUnreadable):
            return SyncPlan(files, extract=sorted(files))
        known = self.stamps(ix)
        return plan(corpus, files, refused, known, still_skipped(self.skipped(), None), None, _indexed(ix))

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
        earlier = read_json(directory / "skipped.json") if resumed else {}
        work = plan(corpus, files, refused, known, earlier, None, _indexed(ix))
        procs = writer_processes(len(work.extract))
        articles, seconds = REBUILD_BATCH  # each writer process makes a segment of that many per commit
        report = Sync(WhooshSink(ix, procs), directory, corpus.root, work, set(known), full=True).run(
            extract_many, progress, (articles * procs, seconds)
        )
        report.resumed = resumed
        _save_facets(ix, directory)
        self.generations.finish(directory)
        return report

    def _update(self, corpus, extract_many, progress, scope, retry_failed) -> SyncReport:
        directory = self.generation_dir()
        ix = self.generations.open(directory)
        files, refused = corpus.scan() if scope is None else corpus.stat(scope)
        skipped = still_skipped(self.skipped(), scope, retry_failed)
        known = self.stamps(ix, scope)
        work = plan(corpus, files, refused, known, skipped, scope, _indexed(ix))
        report = Sync(WhooshSink(ix), directory, corpus.root, work, set(known), full=scope is None).run(
            extract_many, progress, BATCH
        )
        if report.changed:
            _save_facets(ix, directory)
        return report


def writer_processes(files: int) -> int:
    """Writer processes for a build of `files` files: one per core (Whoosh's MpWriter forks
    them) for a large build, none besides the sync's own for a small one."""
    if files < PARALLEL_WRITING or multiprocessing.get_start_method() != "fork":
        return 1
    return worker_count()


def _save_facets(ix, directory: Path) -> None:
    """The new segments' facet arrays, so that a starting server loads them instead of reading
    every facet posting (archive.facets)."""
    with ix.searcher() as searcher:
        save_segments(directory, searcher)


def _indexed(ix):
    def is_indexed(path: str) -> bool:
        with ix.searcher() as searcher:
            return searcher.document(path=path) is not None

    return is_indexed
