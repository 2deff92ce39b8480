"""Whoosh postings as numpy arrays: a term's document numbers and weights read a block at a time,
per-document field lengths, the live-document mask, word positions for proximity -- and the
least-recently-used cache that keeps them across requests (archive.scoring computes on them).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace

import numpy as np
from cachetools import LRUCache
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length

from archive.segments import release_mapped_pages

CACHE_BYTES = 384 * 1024 * 1024  # posting arrays kept across requests, least recently used out
POSITION_CACHE_BYTES = 32 * 1024 * 1024  # word positions of the documents proximity looked at
# Postings read (and decoded into this cache) before their pages mapped from the index are handed
# back (archive.segments.release_mapped_pages): a few MB of pages, where handing back after every
# word re-faults the term dictionary for each and slowed warm-up by a tenth at 100k articles.
RELEASE_POSTINGS = 500_000


@dataclass(frozen=True)
class TermPostings:
    """One term of one field across a searcher's segments: its documents (global numbers) and
    weights, and the scores they give under the index statistics of one moment."""

    layout: tuple  # ((segment id, first global doc number, documents), ...) the arrays follow
    ids: np.ndarray  # int64
    weights: np.ndarray
    statistics: tuple | None = None  # what `scores` were computed with (they depend on every article)
    scores: np.ndarray | None = None

    @property
    def nbytes(self) -> int:
        return self.ids.nbytes + self.weights.nbytes + (0 if self.scores is None else self.scores.nbytes)


def _nbytes(value) -> int:
    """A cached value's size: `TermPostings`, or (doc numbers, scores) of a query's matches."""
    return value.nbytes if isinstance(value, TermPostings) else value[0].nbytes + value[1].nbytes


def layout_of(leaves) -> tuple:
    return tuple((reader.segment().segment_id(), offset, reader.doc_count_all()) for reader, offset in leaves)


class PostingCache:
    """(field, term) -> `TermPostings` and a query's results, least recently used out beyond the
    byte budget; field lengths; positions per segment and document. Shared by every request
    thread, hence the lock.

    A term is kept whole, not per segment: a warm search then costs one array assignment per
    term instead of one per segment (hundreds at a million articles). When segments come and go
    (an upload, a merge) the arrays of the segments that stayed are cut out and reused, and only
    the new segments are read from the index."""

    def __init__(self, budget: int = CACHE_BYTES, positions_budget: int = POSITION_CACHE_BYTES):
        self._postings: LRUCache = LRUCache(maxsize=budget, getsizeof=_nbytes)
        self._positions: LRUCache = LRUCache(maxsize=positions_budget, getsizeof=_position_bytes)
        self._lengths: dict[tuple, np.ndarray] = {}
        self._joined_lengths: dict[str, tuple[tuple, np.ndarray]] = {}
        self._lock = threading.Lock()
        self.reads = 0  # a segment's postings of a term read from the index because they were not here
        self.touched = 0  # reads from the index of any kind (postings, positions): see Searchers.release
        self._unreleased = 0  # postings read since their mapped pages were last handed back

    @property
    def used(self) -> int:
        return int(self._postings.currsize)

    @property
    def budget(self) -> int:
        return int(self._postings.maxsize)

    def term(self, leaves, field: str, text: str, layout: tuple) -> TermPostings:
        """The term's postings over these segments (`layout`: `layout_of(leaves)`)."""
        key = ("term", field, text)
        found = self.get(key)
        if found is not None and found.layout == layout:
            return found
        kept = {segment: (offset, size) for segment, offset, size in found.layout} if found else {}
        ids, weights = [np.zeros(0, np.int64)], [np.zeros(0)]
        for (reader, offset), (segment, _, _) in zip(leaves, layout, strict=True):
            if segment in kept:
                old, size = kept[segment]
                low, high = np.searchsorted(found.ids, [old, old + size])
                part = (found.ids[low:high] - old, found.weights[low:high])
            else:
                part = _read_postings(reader, field, text)
                self.reads += bool(len(part[0]))  # a word absent from a segment costs no read
                self.note_read()
                self._unreleased += len(part[0])
            ids.append(part[0] + offset)
            weights.append(part[1])
        if self._unreleased >= RELEASE_POSTINGS:  # decoded: their mapped pages would double the RSS
            release_mapped_pages(reader for reader, _ in leaves)
            self._unreleased = 0
        entry = TermPostings(layout, np.concatenate(ids), np.concatenate(weights))
        self.put(key, entry)
        return entry

    def scored(self, entry: TermPostings, field: str, text: str, statistics: tuple, scores) -> None:
        """Keep `scores` (computed under `statistics`) with the term's postings."""
        self.put(("term", field, text), replace(entry, statistics=statistics, scores=scores))

    def get(self, key: tuple):
        with self._lock:
            return self._postings.get(key)

    def put(self, key: tuple, value) -> None:
        with self._lock:
            if _nbytes(value) <= self._postings.maxsize:
                self._postings[key] = value

    def positions(self, leaves, field: str, text: str, docs: np.ndarray) -> dict[int, np.ndarray]:
        """`term_positions`, remembered per document: the best candidates of a query are mostly
        the same on its next run, and reading their positions costs a Whoosh matcher and a walk
        over block headers per segment (the bulk of a warm two-word search at a million)."""
        found: dict[int, np.ndarray] = {}
        unknown = []
        with self._lock:
            for reader, offset, local in _by_leaf(leaves, docs):
                segment = reader.segment().segment_id()
                for doc in local.tolist():
                    known = self._positions.get((segment, field, text, doc))
                    if known is None:
                        unknown.append(doc + offset)
                    elif len(known):
                        found[doc + offset] = known
        if not unknown:
            return found
        wanted = np.array(unknown, dtype=np.int64)
        read = self.read_positions(leaves, field, text, wanted)
        with self._lock:
            for reader, offset, local in _by_leaf(leaves, wanted):
                segment = reader.segment().segment_id()
                for doc in local.tolist():
                    self._positions[(segment, field, text, doc)] = read.get(doc + offset, _NO_POSITIONS)
        found.update(read)
        return found

    def read_positions(self, leaves, field: str, text: str, docs: np.ndarray) -> dict[int, np.ndarray]:
        """`term_positions` read from the index, not remembered (a phrase's candidates can be
        thousands), and counted as a read whose mapped pages are to be handed back."""
        self.note_read()
        return term_positions(leaves, field, text, docs)

    def note_read(self) -> None:
        """Something was read from the index's mapped pages: Searchers.release hands them back
        after the call that read them."""
        self.touched += 1

    def lengths(self, reader, segment_id: str, field: str) -> np.ndarray:
        """Whoosh's stored (byte-approximated) length of `field` for every document of a segment."""
        key = (segment_id, field)
        found = self._lengths.get(key)
        if found is None:
            found = _field_lengths(reader, field)
            self._lengths[key] = found
        return found

    def joined_lengths(self, leaves, field: str, layout: tuple) -> np.ndarray:
        """`lengths` of every segment, over global doc numbers."""
        found = self._joined_lengths.get(field)
        if found is None or found[0] != layout:
            parts = [
                self.lengths(reader, segment, field)
                for (reader, _), (segment, _, _) in zip(leaves, layout, strict=True)
            ]
            found = (layout, np.concatenate(parts) if parts else np.zeros(0))
            self._joined_lengths[field] = found
        return found[1]

    def forget_segments_except(self, live: set[str]) -> None:
        """Drop what was read from segments that are gone (merged away) and results scored with
        the statistics of other segments. A term's postings stay: their arrays of the remaining
        segments are reused when next asked for."""
        with self._lock:
            for key in [k for k in self._postings if k[0] == "result" and set(k[2][0]) != live]:
                del self._postings[key]  # results under statistics of other segments
            for key in [k for k in self._lengths if k[0] not in live]:
                del self._lengths[key]
            for key in [k for k in self._positions if k[0] not in live]:
                del self._positions[key]


def live_documents(searcher) -> np.ndarray:
    """A bool per global doc number: not deleted. From each segment's deletion set when Whoosh
    exposes it (a million calls to is_deleted() would take seconds)."""
    mask = np.ones(searcher.doc_count_all(), dtype=bool)
    for reader, offset in searcher.reader().leaf_readers():
        if not reader.has_deletions():
            continue
        deleted = getattr(getattr(reader, "_perdoc", None), "_deleted", None)  # whoosh 2.7.4
        if deleted is None:
            deleted = [d for d in range(reader.doc_count_all()) if reader.is_deleted(d)]
        if len(deleted):
            mask[np.fromiter(deleted, dtype=np.int64) + offset] = False
    return mask


_BYTE_TO_LENGTH = np.array([0.0] + [float(byte_to_length(b)) for b in range(1, 256)])


def _field_lengths(reader, field: str) -> np.ndarray:
    """Per-document lengths as Whoosh stores them (one byte each, decoded with its own table)."""
    size = reader.doc_count_all()
    try:
        column = reader._perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)  # whoosh 2.7.4
    except AttributeError:
        column = None
    if column is not None:
        codes = np.fromiter(column, dtype=np.int64, count=size)
        return _BYTE_TO_LENGTH[codes]
    return np.fromiter((reader.doc_field_length(d, field, 0) or 0 for d in range(size)), np.float64, size)


def _read_postings(reader, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    if (field, text) not in reader:
        return np.zeros(0, np.int64), np.zeros(0, np.float64)
    matcher = reader.postings(field, text)
    leaf = getattr(matcher, "child", matcher)  # deleted documents are masked out later anyway
    ids_parts, weight_parts = [], []
    if hasattr(leaf, "_read_ids") and hasattr(leaf, "_next_block"):
        # Whoosh 2.7's W3LeafMatcher (whoosh==2.7.4 is pinned): whole blocks at a time
        while leaf.is_active():
            leaf._read_ids()
            leaf._read_weights()
            ids_parts.append(np.asarray(leaf._ids, dtype=np.int64))
            weight_parts.append(np.asarray(leaf._weights, dtype=np.float64))
            if leaf._lastblock:
                break
            leaf._next_block()
    else:  # postings stored inline with a rare term
        ids, weights = [], []
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
        ids_parts.append(np.array(ids, dtype=np.int64))
        weight_parts.append(np.array(weights, dtype=np.float64))
    if not ids_parts:  # every posting of the term is in deleted documents: Whoosh skips them all
        return np.zeros(0, np.int64), np.zeros(0, np.float64)
    return np.concatenate(ids_parts), np.concatenate(weight_parts)


_NO_POSITIONS = np.zeros(0, dtype=np.int64)  # remembered for a document without the word


def _position_bytes(positions: np.ndarray) -> int:
    return positions.nbytes + 100  # the array object and its key


def _by_leaf(leaves, docs: np.ndarray):
    """(reader, offset, segment doc numbers) for each segment holding some of `docs` (sorted
    global doc numbers); the others, hundreds at a million articles, are not visited."""
    if not len(docs) or not leaves:
        return
    offsets = np.array([offset for _, offset in leaves], dtype=np.int64)
    where = np.searchsorted(offsets, docs, side="right") - 1  # an empty segment shares the next one's offset
    bounds = np.flatnonzero(np.diff(where)) + 1
    for part in np.split(np.arange(len(docs)), bounds):
        reader, offset = leaves[int(where[part[0]])]
        yield reader, offset, docs[part] - offset


def term_positions(leaves, field: str, text: str, docs: np.ndarray) -> dict[int, np.ndarray]:
    """Word positions of one term in the given documents (sorted global doc numbers): read for
    those documents only, so a proximity check or a phrase costs a few reads per candidate
    instead of Whoosh's span matching over every document that has the words."""
    found: dict[int, np.ndarray] = {}
    for reader, offset, local in _by_leaf(leaves, docs):
        if (field, text) not in reader:
            continue
        matcher = reader.postings(field, text)
        leaf = getattr(matcher, "child", matcher)
        if hasattr(leaf, "_maxid") and hasattr(leaf, "_read_values"):
            _block_positions(leaf, local, offset, found)
            continue
        for doc in local.tolist():  # postings stored inline with a rare term
            if not matcher.is_active():
                break
            if matcher.id() < doc:
                matcher.skip_to(doc)
            if matcher.is_active() and matcher.id() == doc:
                found[doc + offset] = np.asarray(matcher.value_as("positions"), dtype=np.int64)
    return found


def _block_positions(leaf, local: np.ndarray, offset: int, found: dict) -> None:
    """Whoosh 2.7's W3LeafMatcher (whoosh==2.7.4 is pinned), a block at a time: blocks ending
    before the next wanted document are passed unread, and only the wanted postings' positions
    are decoded -- Whoosh's skip_to costs a binary search and several calls per document."""
    decode = leaf.format.decoder("positions")
    start = 0
    while leaf.is_active() and start < len(local):
        if leaf._maxid >= local[start]:
            leaf._read_ids()
            ids = np.asarray(leaf._ids, dtype=np.int64)
            end = int(np.searchsorted(local, leaf._maxid, side="right"))
            wanted = local[start:end]
            at = np.searchsorted(ids, wanted)
            hit = (at < len(ids)) & (ids[np.minimum(at, len(ids) - 1)] == wanted)
            if hit.any():
                leaf._read_values()
                for doc, i in zip(wanted[hit].tolist(), at[hit].tolist(), strict=True):
                    found[doc + offset] = np.asarray(decode(leaf._values[i]), dtype=np.int64)
            start = end
        if leaf._lastblock:
            break
        leaf._next_block()
