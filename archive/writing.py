"""Opening a Whoosh writer with Arsip's merge policy.

Whoosh's default policy (MERGE_SMALL) merged the whole index when one article was added to 21
rebuild segments (11 minutes at 100k articles, the writer locked). Here ten segments of one size
class (1-9, 10-99, 100-999 documents) become one, and larger segments are never merged by a sync:
an upload merges at most ~10,000 documents. `arsip index --rebuild` compacts everything.
"""

from __future__ import annotations

import contextlib

MERGE_FACTOR = 10  # this many segments of one size class are merged into one
MERGE_LIMIT = 1_000  # segments of this many documents or more are never merged by a sync
WRITER_TIMEOUT = 120.0  # seconds to wait for another process's writer to finish


def merge_small_segments(writer, segments):
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


@contextlib.contextmanager
def open_writer(ix, **options):
    """A writer that waits for another process's writer and merges by size class; committed at
    the end of the block, cancelled if the block fails. A commit that fails part-way keeps Whoosh's
    writer lock, and every later sync would wait for it: the lock is released here."""
    writer = ix.writer(timeout=WRITER_TIMEOUT, **options)
    writer.mergetype = merge_small_segments
    try:
        yield writer
    except BaseException:
        writer.cancel()
        raise
    try:
        writer.commit()
    except BaseException:
        with contextlib.suppress(Exception):
            writer._finish()  # Whoosh's own cleanup: temporary files, then the lock
        raise
