"""Whoosh searchers for the search service: one per thread, refreshed after each commit, and the
caches that live as long as an index generation (postings, facet arrays, the live-document mask).

Whoosh searchers are not shared between threads (DESIGN.md); a commit may be replacing files
while a searcher refreshes, so opening retries once.
"""

from __future__ import annotations

import functools
import heapq
import pickle
import struct
import threading
import time
import zlib
from collections import Counter

import numpy as np

from archive.facets import FacetCache
from archive.generations import IndexUnreadable, unreadable_message
from archive.postings import layout_of
from archive.scoring import PostingCache, live_documents
from archive.segments import release_mapped_pages
from archive.store import IndexMissing, IndexStore

WARM_FIELDS = ("body", "title", "meta")  # what every word of a query searches (archive.query_terms)
WARM_TERMS = 300  # per field: the words in most articles
WARM_SAMPLE_SEGMENTS = 4  # where the words in most articles are counted
WARM_POSTINGS_SECONDS = 15.0

# What reading a damaged segment raises deep inside Whoosh (a truncated file, a bad block).
_DAMAGE = (EOFError, struct.error, zlib.error, pickle.UnpicklingError)


def reading(method):
    """Report a damaged index as such (with the repair command), not as a server error; hand back
    the index pages the call read (Searchers.release)."""

    @functools.wraps(method)
    def wrapped(self, *args, **kwargs):
        touched = self.searchers.postings.touched
        try:
            return method(self, *args, **kwargs)
        except _DAMAGE as error:
            raise IndexUnreadable(unreadable_message(self.store.root, error)) from None
        finally:
            self.searchers.release(touched)

    return wrapped


class _Local(threading.local):
    generation: str | None = None
    searcher = None
    valid = None  # bool mask of live (non-deleted) documents
    valid_key = None


class Searchers:
    """The current generation's index, a searcher per thread and the caches built on them."""

    def __init__(self, store: IndexStore):
        self.store = store
        self.postings = PostingCache()
        self.facets = FacetCache()
        self._local = _Local()
        self._open_lock = threading.Lock()
        self._ix = None
        self._ix_generation = None

    def _index(self):
        generation = self.store.current_generation()
        if generation is None:
            raise IndexMissing(f"no index at {self.store.root}: run `arsip index`")
        with self._open_lock:
            if self._ix is None or self._ix_generation != generation:
                self._ix = self.store.open_index()
                self._ix_generation = generation
                self.facets = FacetCache(self.store.generation_dir())
                self.postings = PostingCache()
            return self._ix, generation

    def searcher(self):
        """This thread's searcher, up to date with the last commit."""
        ix, generation = self._index()
        local = self._local
        if local.searcher is None or local.generation != generation:
            if local.searcher is not None:
                local.searcher.close()
            local.searcher = _open_searcher(ix)
            local.generation = generation
        else:
            try:
                fresh = local.searcher.refresh()
            except FileNotFoundError:  # a commit was replacing files: retry once (DESIGN.md)
                fresh = _open_searcher(ix)
            if fresh is not local.searcher:
                live = {reader.segment().segment_id() for reader, _ in fresh.reader().leaf_readers()}
                self.postings.forget_segments_except(live)  # merged-away segments' arrays go
            local.searcher = fresh
        return local.searcher

    def release(self, touched_before: int | None = None) -> None:
        """After work that read postings or positions from the index (the cache's `touched` moved
        past `touched_before`; None: whatever it did), hand the mapped pages back to the page
        cache: the caches keep the decoded arrays, so the pages would only double the RSS."""
        searcher = self._local.searcher
        if searcher is not None and (touched_before is None or self.postings.touched != touched_before):
            release_mapped_pages(reader for reader, _ in searcher.reader().leaf_readers())

    def live(self, searcher) -> np.ndarray:
        """A bool per document number: not deleted (cached per searcher state)."""
        key = (id(searcher), searcher.doc_count_all(), searcher.doc_count())
        local = self._local
        if local.valid_key != key or local.valid is None:
            local.valid, local.valid_key = live_documents(searcher), key
        return local.valid

    def warm(
        self,
        facet_fields,
        columns: dict[str, int],
        seconds: float = WARM_POSTINGS_SECONDS,
        terms: int = WARM_TERMS,
    ) -> None:
        """Build what the first search would otherwise pay for (seconds at a million articles):
        facet arrays, columns, field lengths, then the postings of the words in most articles --
        the costliest to read on a first search -- within `seconds` and half the cache."""
        searcher = self.searcher()
        for name in facet_fields:
            self.facets.arrays(searcher, name)
        for column, missing in columns.items():  # the value search fills a missing one with
            self.facets.column(searcher, column, missing)
        self.live(searcher)
        leaves = searcher.reader().leaf_readers()
        layout = layout_of(leaves)
        for name in ("title", "body", "meta", "title_exact"):
            self.postings.joined_lengths(leaves, name, layout)
        self.release()
        try:
            self._warm_postings(searcher, time.monotonic() + seconds, terms)
        finally:
            self.release()

    def _warm_postings(self, searcher, deadline: float, terms: int) -> None:
        """The words in most articles of the largest segments, read whole (from every segment),
        the commonest first, until the deadline or half the cache is used."""
        leaves = searcher.reader().leaf_readers()
        layout = layout_of(leaves)
        sample = sorted(leaves, key=lambda leaf: -leaf[0].doc_count_all())[:WARM_SAMPLE_SEGMENTS]
        frequency: dict[str, Counter] = {name: Counter() for name in WARM_FIELDS}
        for reader, _ in sample:
            for name in WARM_FIELDS:
                for text, info in reader.iter_field(name):
                    frequency[name][text] += info.doc_frequency()
        common = []
        for name, counts in frequency.items():
            found = heapq.nlargest(terms, ((count, text) for text, count in counts.items()))
            common += [(count, name, text) for count, text in found]
        for _, name, term in sorted(common, reverse=True):
            if time.monotonic() > deadline or self.postings.used > self.postings.budget // 2:
                return
            text = term.decode("utf-8") if isinstance(term, bytes) else term  # as queries name it
            self.postings.term(leaves, name, text, layout)


def _open_searcher(ix):
    for attempt in range(2):
        try:
            return ix.searcher()
        except FileNotFoundError:
            if attempt:
                raise
            time.sleep(0.05)
    raise AssertionError("unreachable")
