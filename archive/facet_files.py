"""A segment's facet data read in blocks, and saved beside the index so a starting server loads it.

Reading a segment's facet postings term by term is the bulk of a server's warm-up (~1 s per
10,000 articles, minutes at a million). Segments never change once written (deletions are
masked by the live-document mask, not here), so the indexer saves their arrays once, after
each sync, and a starting server loads them in milliseconds.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np

from archive.corpus import write_atomic
from archive.schema import FACET_FIELDS

FACET_FOLDER = "facets"


def save_segments(directory: Path, searcher) -> None:
    """Save the facet arrays of every segment that has none yet; drop those of merged segments."""
    folder = Path(directory) / FACET_FOLDER
    folder.mkdir(exist_ok=True)
    live = set()
    for reader, _ in searcher.reader().leaf_readers():
        segment = reader.segment().segment_id()
        live.add(f"{segment}.npz")
        target = folder / f"{segment}.npz"
        if target.exists():
            continue
        arrays = {}
        for name in FACET_FIELDS:
            values, docs, vals = read_facet(reader, name)
            arrays[f"{name}.values"] = np.frombuffer(json.dumps(values).encode("utf-8"), dtype=np.uint8)
            arrays[f"{name}.docs"], arrays[f"{name}.vals"] = docs, vals
        saved = io.BytesIO()
        np.savez(saved, doc_count=np.array([reader.doc_count_all()]), **arrays)
        write_atomic(target, saved.getvalue())
    for stale in folder.glob("*.npz"):
        if stale.name not in live:
            stale.unlink(missing_ok=True)


def load_segment(directory: Path, reader) -> dict | None:
    """A segment's saved facet arrays, or None (not saved yet, or not for this segment)."""
    try:
        with np.load(Path(directory) / FACET_FOLDER / f"{reader.segment().segment_id()}.npz") as saved:
            if int(saved["doc_count"][0]) != reader.doc_count_all():
                return None
            return {
                name: (
                    json.loads(saved[f"{name}.values"].tobytes().decode("utf-8")),
                    saved[f"{name}.docs"],
                    saved[f"{name}.vals"],
                )
                for name in FACET_FIELDS
            }
    except (OSError, KeyError, ValueError):
        return None


def read_facet(reader, field: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """(values, doc numbers, value ids) of one facet field in one segment, from its postings."""
    values: list[str] = []
    docs: list[np.ndarray] = []
    vals: list[np.ndarray] = []
    if field in reader.schema and reader.schema[field].indexed:
        for term in reader.lexicon(field):
            value = term.decode("utf-8") if isinstance(term, bytes) else term
            ids = np.fromiter(reader.postings(field, term).all_ids(), dtype=np.int64)
            docs.append(ids)
            vals.append(np.full(len(ids), len(values), dtype=np.int32))
            values.append(value)
    return (
        values,
        np.concatenate(docs) if docs else np.zeros(0, dtype=np.int64),
        np.concatenate(vals) if vals else np.zeros(0, dtype=np.int32),
    )


def numeric_column(column, size: int) -> np.ndarray:
    """A segment's `NumericColumn` as int64, read as one block of its fixed-width big-endian values
    (Whoosh only offers them one Python call per document: seconds at 100k on a cold start).
    Documents after the last value written hold the column's default, as Whoosh pads them."""
    packed = column._dbfile.get(column._basepos, column._count * column._fixedlen)
    values = np.frombuffer(packed, dtype=">" + column._typecode).astype(np.int64)
    if len(values) < size:
        values = np.concatenate([values, np.full(size - len(values), column._default, dtype=np.int64)])
    return values
