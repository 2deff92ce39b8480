"""Writing the Whoosh index: a writer with Arsip's merge policy, and the sink a sync writes to.

Whoosh's default policy (MERGE_SMALL) merged the whole index when one article was added to 21
rebuild segments (11 minutes at 100k articles, the writer locked). Here ten segments of one size
class (a decade of bytes) become one, and segments of 10 MB or more are never merged by a sync:
an upload merges at most ~100 MB. `arsip index --rebuild` compacts everything.

A large build writes with Whoosh's multiprocess writer: the sync process decides (duplicates,
stories) and hands documents on in job files; `procs` writer processes analyse them and write a
segment each per commit, so indexing is not held to the one core the sync runs on.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from archive.records import TRAIN_SAMPLES, RecordCodec, unpack
from archive.schema import to_document

MERGE_FACTOR = 10  # this many segments of one size class are merged into one
MERGE_LIMIT = 10_000_000  # segments of this many bytes (~1,000 articles) or more are never merged by a sync
WRITER_TIMEOUT = 120.0  # seconds to wait for another process's writer to finish
WRITER_MB = 256  # the writer's buffer before it spills sorted runs to disk (shared by its processes)
JOB_DOCUMENTS = 500  # documents per job file handed to a writer process


def merge_small_segments(writer, segments):
    """Segments whose every document was deleted are dropped (a correction or replacement leaves
    one behind); the others are classed by size in bytes, as Lucene's tiered policy does, not by
    document count: one article of 30,000 distinct words makes a 6 MB segment that costs seconds
    to rewrite, and merging it every tenth commit with one-article segments held up requests."""
    from whoosh.reading import SegmentReader

    classes: dict[int, list] = {}
    emptied = {id(s) for s in segments if not s.doc_count()}
    for segment in segments:
        size = segment_bytes(writer.storage, segment)
        if id(segment) not in emptied and size < MERGE_LIMIT:
            classes.setdefault(len(str(size)), []).append(segment)
    merged = {id(s) for group in classes.values() if len(group) >= MERGE_FACTOR for s in group}
    for segment in segments:
        if id(segment) in merged:
            reader = SegmentReader(writer.storage, writer.schema, segment)
            writer.add_reader(reader)
            reader.close()
    return [s for s in segments if id(s) not in merged and id(s) not in emptied]


def segment_bytes(storage, segment) -> int:
    if segment.compound:
        return storage.file_length(segment.make_filename(".seg"))
    prefix = segment.make_filename("")
    return sum(storage.file_length(name) for name in storage.list() if name.startswith(prefix))


@contextlib.contextmanager
def open_writer(ix, procs: int = 1, **options):
    """A writer that waits for another process's writer and merges by size class; committed at
    the end of the block, cancelled if the block fails. A commit that fails part-way keeps Whoosh's
    writer lock, and every later sync would wait for it: the lock is released here. With `procs`
    > 1, writer processes do the analysis (Whoosh's MpWriter, one segment each)."""
    if procs > 1:
        options.update(procs=procs, multisegment=True, batchsize=JOB_DOCUMENTS)
        options["limitmb"] = max(32, options.get("limitmb", WRITER_MB) // procs)
    writer = ix.writer(timeout=WRITER_TIMEOUT, **options)
    writer.mergetype = merge_small_segments
    try:
        yield writer
    except BaseException:
        _stop_writer_processes(writer)
        writer.cancel()
        raise
    try:
        writer.commit()
    except BaseException:
        _stop_writer_processes(writer)
        with contextlib.suppress(Exception):
            writer._finish()  # Whoosh's own cleanup: temporary files, then the lock
        raise
    _check_writer_processes(writer)


def _stop_writer_processes(writer) -> None:
    """MpWriter.cancel only flags its processes in this one; they would wait for jobs forever."""
    for task in getattr(writer, "tasks", ()):
        if task.is_alive():
            task.terminate()
        task.join()


def _check_writer_processes(writer) -> None:
    """Whoosh commits without the segment of a writer process that failed, and says nothing."""
    failed = [task.exitcode for task in getattr(writer, "tasks", ()) if task.exitcode]
    if failed:
        raise RuntimeError(
            f"a writer process failed (exit code {failed[0]}): the articles it held were not "
            "committed; `arsip index` indexes them again"
        )


class WhooshSink:
    """A Whoosh index as archive.sync writes it: one writer (and searcher) per batch, with
    `procs` writer processes for a large build. A batch that brings TRAIN_SAMPLES articles to a
    generation without a record dictionary trains one on them first (archive.records)."""

    def __init__(self, ix, procs: int = 1):
        self.ix, self.procs = ix, procs
        self.directory = Path(ix.storage.folder)
        self.records = RecordCodec.load(self.directory)

    @contextlib.contextmanager
    def batch(self):
        with (
            self.ix.searcher() as searcher,
            open_writer(self.ix, procs=self.procs, limitmb=WRITER_MB) as writer,
        ):
            batch = WhooshBatch(writer, searcher, self)
            yield batch
            batch.flush()

    def count(self) -> int:
        with self.ix.searcher() as searcher:
            return searcher.doc_count()


class WhooshBatch:
    def __init__(self, writer, searcher, sink: WhooshSink):
        self.writer, self.searcher, self.sink = writer, searcher, sink
        self.held: list[tuple] = []  # articles waiting for the dictionary they will train

    def put(self, article, stamp: str, replace: bool) -> None:
        if self.sink.records.trained:
            self._write(article, stamp, replace)
            return
        self.held.append((article, stamp, replace))
        if len(self.held) >= TRAIN_SAMPLES:
            self.sink.records.train([held[0] for held in self.held], self.sink.directory)
            self.flush()

    def flush(self) -> None:
        held, self.held = self.held, []
        for article, stamp, replace in held:
            self._write(article, stamp, replace)

    def _write(self, article, stamp: str, replace: bool) -> None:
        document = to_document(article, stamp, records=self.sink.records)
        if replace:
            self.writer.update_document(**document)
        else:
            self.writer.add_document(**document)

    def delete(self, path: str) -> None:
        self.flush()  # in the order the sync asked for
        self.writer.delete_by_term("path", path)

    def has(self, path: str) -> bool:
        return self.searcher.document(path=path) is not None

    def indexed(self, path: str):
        stored = self.searcher.document(path=path)
        return unpack(stored["record"]) if stored else None
