"""The search service: query + filters -> hits, facet counts, timeline, suggestion.

Its inputs and outputs are plain dataclasses (no Whoosh types), so the web layer and the CLI never
touch Whoosh, and another engine could stand behind the same interface.
"""

from __future__ import annotations

import datetime as dt
import functools
import pickle
import struct
import threading
import time
import zlib
from dataclasses import dataclass, field

import numpy as np

from archive import highlight
from archive.analysis import fold, stem_word
from archive.article import Article
from archive.evaluate import Evaluator, PostingCache, WhooshEvaluator, live_documents
from archive.facets import FACET_FIELDS, FacetCache, FacetCount, top_values
from archive.generations import IndexUnreadable, unreadable_message
from archive.query import QueryBuilder
from archive.ranking import Ranked, rank
from archive.related import related_documents
from archive.schema import NO_DATE_NEWEST, unpack
from archive.store import IndexMissing, IndexStore
from archive.timeline import Timeline, timeline

SORTS = ("relevance", "newest", "oldest")
MAX_VERSIONS = 10  # versions listed under one result
SUGGEST_MIN, SUGGEST_MAX, SUGGEST_WORDS = 4, 24, 3  # did-you-mean: word lengths and how many words
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
FACET_LIMIT = 10


@dataclass
class SearchRequest:
    query: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)  # facet -> values (OR)
    exclude: dict[str, list[str]] = field(default_factory=dict)  # facet -> values to leave out
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = PAGE_SIZE
    facet_limit: int | None = FACET_LIMIT

    def normalised(self) -> SearchRequest:
        """Clamp what users can type in a URL: page 0 or -1, unknown sorts, huge page sizes."""
        filters = {k: _unique(v) for k, v in self.filters.items() if k in FACET_FIELDS and v}
        exclude = {k: _unique(v) for k, v in self.exclude.items() if k in FACET_FIELDS and v}
        date_from, date_to = self.date_from, self.date_to
        if date_from and date_to and date_from > date_to:
            date_from, date_to = date_to, date_from
        return SearchRequest(
            query=(self.query or "").strip(),
            filters=filters,
            exclude=exclude,
            date_from=date_from,
            date_to=date_to,
            sort=self.sort if self.sort in SORTS else "relevance",
            page=max(1, min(int(self.page or 1), 10_000)),
            page_size=max(1, min(int(self.page_size or PAGE_SIZE), MAX_PAGE_SIZE)),
            facet_limit=self.facet_limit,
        )


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


@dataclass
class Version:
    """Another article of the same story (a re-scrape, a syndicated copy) among the results."""

    id: str
    path: str
    title: str
    date: str | None
    outlet: str | None


@dataclass
class Hit:
    id: str
    path: str
    title: str
    date: str | None
    time: str | None
    timezone: str | None
    date_precision: str | None
    outlet: str | None
    place: str | None
    province: str | None
    score: float | None
    snippet: str
    snippet_pieces: list[tuple[str, bool]]
    title_pieces: list[tuple[str, bool]]
    date_source: str | None = None  # stated | inferred | corrected
    outlet_source: str | None = None
    url: str | None = None  # where the file says it was published
    missing: list[str] = field(default_factory=list)  # query words this article lacks
    versions: list[Version] = field(default_factory=list)  # its story's other matching articles


@dataclass
class Facet:
    name: str
    values: list[FacetCount]
    total_values: int  # values with at least one hit (the list may be cut at the limit)


@dataclass
class SearchResult:
    request: SearchRequest
    total: int  # articles
    hits: list[Hit]
    facets: dict[str, Facet]
    timeline: Timeline  # matches per day, week, month or year from the first match to the last
    suggestion: str | None = None
    relaxed: bool = False  # no article had every word: showing those with most of them
    notices: list[str] = field(default_factory=list)
    took_ms: float = 0.0
    archive_total: int = 0
    stories: int = 0  # the articles grouped by story: what the pages list

    @property
    def pages(self) -> int:
        return max(1, -(-self.stories // self.request.page_size))

    def to_dict(self) -> dict:
        """The JSON contract shared by `arsip search --json` and `/api/search`."""
        return {
            "query": self.request.query,
            "total": self.total,
            "stories": self.stories,
            "page": self.request.page,
            "pages": self.pages,
            "page_size": self.request.page_size,
            "sort": self.request.sort,
            "took_ms": round(self.took_ms, 1),
            "relaxed": self.relaxed,
            "suggestion": self.suggestion,
            "notices": self.notices,
            "filters": self.request.filters,
            "exclude": self.request.exclude,
            "from": self.request.date_from.isoformat() if self.request.date_from else None,
            "to": self.request.date_to.isoformat() if self.request.date_to else None,
            "hits": [
                {
                    "id": h.id,
                    "path": h.path,
                    "title": h.title,
                    "date": h.date,
                    "date_source": h.date_source,
                    "time": h.time,
                    "outlet": h.outlet,
                    "outlet_source": h.outlet_source,
                    "place": h.place,
                    "province": h.province,
                    "source_url": h.url,
                    "score": None if h.score is None else round(h.score, 4),
                    "snippet": h.snippet,
                    "snippet_highlights": [list(p) for p in h.snippet_pieces],
                    "missing": h.missing,
                    "versions": [v.__dict__ for v in h.versions],
                }
                for h in self.hits
            ],
            "facets": {name: [[c.value, c.count] for c in f.values] for name, f in self.facets.items()},
            "facet_selected": {
                name: [c.value for c in f.values if c.selected] for name, f in self.facets.items()
            },
            "timeline": [[bucket, count] for bucket, count in self.timeline.pairs()],
            "timeline_unit": self.timeline.unit,
            "archive_total": self.archive_total,
        }


# What reading a damaged segment raises deep inside Whoosh (a truncated file, a bad block).
_DAMAGE = (EOFError, struct.error, zlib.error, pickle.UnpicklingError)


def _reading(method):
    """Report a damaged index as such (with the repair command), not as a server error."""

    @functools.wraps(method)
    def wrapped(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except _DAMAGE as error:
            raise IndexUnreadable(unreadable_message(self.store.root, error)) from None

    return wrapped


class _Local(threading.local):
    generation: str | None = None
    searcher = None
    valid = None  # bool mask of live (non-deleted) documents
    valid_key = None


class SearchService:
    """One per process: per-thread searchers refreshed on commit, one shared facet cache."""

    def __init__(self, store: IndexStore, evaluation: str = "arrays"):
        """`evaluation`: "arrays" (numpy over cached postings) or "whoosh" (Whoosh's matchers, the
        reference the array evaluator is tested against)."""
        self.store = store
        self.evaluation = evaluation
        self.postings = PostingCache()
        self.facets = FacetCache()
        self._local = _Local()
        self._open_lock = threading.Lock()
        self._ix = None
        self._ix_generation = None

    # -- searchers ---------------------------------------------------------------------------
    def _index(self):
        generation = self.store.current_generation()
        if generation is None:
            raise IndexMissing(f"no index at {self.store.root}: run `arsip index`")
        with self._open_lock:
            if self._ix is None or self._ix_generation != generation:
                self._ix = self.store.open_index()
                self._ix_generation = generation
                self.facets = FacetCache()
                self.postings = PostingCache()
            return self._ix, generation

    def _searcher(self):
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

    def _valid_mask(self, searcher) -> np.ndarray:
        key = (id(searcher), searcher.doc_count_all(), searcher.doc_count())
        local = self._local
        if local.valid_key != key or local.valid is None:
            local.valid, local.valid_key = live_documents(searcher), key
        return local.valid

    def _builder(self, searcher) -> QueryBuilder:
        def facet_values(name: str) -> list[str]:
            return self.facets.arrays(searcher, name).values

        return QueryBuilder(searcher.schema, searcher.reader(), facet_values=facet_values)

    def warm(self) -> None:
        """Build what the first search would otherwise pay for: facet arrays, date columns, field
        lengths, the live-document mask (seconds at a million articles)."""
        if not self.available():
            return
        searcher = self._searcher()
        for name in FACET_FIELDS:
            self.facets.arrays(searcher, name)
        for column in ("date", "date_oldest", "added"):
            self.facets.column(searcher, column, 0)
        self._valid_mask(searcher)
        for reader, _ in searcher.reader().leaf_readers():
            for name in ("title", "body", "meta", "title_exact"):
                self.postings.lengths(reader, reader.segment().segment_id(), name)

    def matching_values(self, facet: str, text: str) -> list[str]:
        """Values of a facet a typed word means, as `outlet:bhirawa` does in a query: the value
        itself (any case), else every value containing all the typed words."""
        values = self.facets.arrays(self._searcher(), facet).values
        wanted = fold(text).split()
        exact = [v for v in values if fold(v) == fold(text)]
        return exact or [v for v in values if all(w in fold(v) for w in wanted)]

    def available(self) -> bool:
        return self.store.exists()

    # -- search ------------------------------------------------------------------------------
    @_reading
    def search(self, request: SearchRequest) -> SearchResult:
        started = time.perf_counter()
        request = request.normalised()
        searcher = self._searcher()
        built = self._builder(searcher).build(request.query)
        size = searcher.doc_count_all()
        valid = self._valid_mask(searcher)

        ranked = rank(built, self._evaluator(searcher), valid)
        base = ranked.mask
        arrays = {name: self.facets.arrays(searcher, name) for name in FACET_FIELDS}
        masks = {name: arrays[name].mask_for(values, size) for name, values in request.filters.items()}
        restrict = np.ones(size, dtype=bool)
        for name, values in request.exclude.items():
            restrict &= ~arrays[name].mask_for(values, size)
        if request.date_from or request.date_to:
            dates = self.facets.column(searcher, "date", NO_DATE_NEWEST)
            low = _date_key(request.date_from) if request.date_from else 0
            high = _date_key(request.date_to) if request.date_to else 99_999_999
            restrict &= (dates >= low) & (dates <= high)
        common = base & restrict
        final = common.copy()
        for mask in masks.values():
            final &= mask
        total = int(final.sum())

        facets = {}
        for name in FACET_FIELDS:
            scope = common.copy()
            for other, mask in masks.items():
                if other != name:
                    scope &= mask
            counts = arrays[name].count(scope)
            limit = None if name == "month" else request.facet_limit
            values, distinct = top_values(arrays[name], counts, request.filters.get(name, []), limit)
            facets[name] = Facet(name, values, distinct)
        dates = self.facets.column(searcher, "date", NO_DATE_NEWEST)

        notices = list(built.notices)
        hits, stories = self._page(searcher, built, request, final, ranked)
        suggestion = None
        if total < 3 and built.words:
            suggestion = self._suggest(searcher, request.query, built.words, size)
        return SearchResult(
            request=request,
            total=total,
            hits=hits,
            facets=facets,
            timeline=timeline(dates[final]),
            suggestion=suggestion,
            relaxed=ranked.relaxed,
            stories=stories,
            notices=notices,
            took_ms=(time.perf_counter() - started) * 1000,
            archive_total=int(valid.sum()),
        )

    def _evaluator(self, searcher):
        if self.evaluation == "whoosh":
            return WhooshEvaluator(searcher)
        return Evaluator(searcher, self.postings, live=self._valid_mask(searcher))

    def _page(self, searcher, built, request, final, ranked: Ranked) -> tuple[list[Hit], int]:
        """The requested page of stories (each listed once, by its best-placed version) and how
        many stories match: by score with the newer article first on equal scores, or by date."""
        docs = np.flatnonzero(final)
        if not len(docs):
            return [], 0
        stories = self.facets.column(searcher, "story", 0)
        scores = ranked.score
        if scores is None or request.sort != "relevance":
            if request.sort == "oldest":
                keys = self.facets.column(searcher, "date_oldest", 99_999_999)[docs]
                order = np.argsort(keys, kind="stable")
            else:
                keys = self.facets.column(searcher, "date", NO_DATE_NEWEST)[docs]
                order = np.argsort(-keys, kind="stable")
        else:
            dates = self.facets.column(searcher, "date", NO_DATE_NEWEST)[docs]
            order = np.lexsort((docs, -dates, -np.round(scores[docs], 6)))  # score, newer, doc number
        ordered = docs[order]
        _, first = np.unique(stories[ordered], return_index=True)
        leaders = ordered[np.sort(first)]  # each story at its best-placed version
        start = (request.page - 1) * request.page_size
        chosen = leaders[start : start + request.page_size]
        words, stems, phrases = built.highlight, built.highlight_stems, built.highlight_phrases
        hits = []
        for docnum in chosen.tolist():
            score = None if scores is None or request.sort != "relevance" else float(scores[docnum])
            hit = self._hit(searcher, docnum, score, words, stems, phrases)
            hit.missing = ranked.missing(docnum) if ranked.clause_masks else []
            others = docs[(stories[docs] == stories[docnum]) & (docs != docnum)]
            hit.versions = [self._version(searcher, int(d)) for d in others[:MAX_VERSIONS]]
            hits.append(hit)
        return hits, len(leaders)

    def _version(self, searcher, docnum: int) -> Version:
        article = unpack(searcher.stored_fields(docnum)["record"])
        date = article.date.isoformat() if article.date else None
        return Version(article.id, article.path, article.title, date, article.outlet)

    def _hit(self, searcher, docnum: int, score, words, stems, phrases=frozenset()) -> Hit:
        article = unpack(searcher.stored_fields(docnum)["record"])
        return hit_of(article, score, words, stems, phrases)

    def _suggest(self, searcher, text: str, words: list[str], size: int) -> str | None:
        """A correction of the unknown words that finds articles, within a budget: Whoosh's
        corrector compares a word with every term sharing its first letters in Python, so only
        words of a plausible length are tried (a 480-letter word cost 1.9 s of CPU), at most
        SUGGEST_WORDS of them."""
        corrected = text
        changed = False
        unknown = [
            w
            for w in dict.fromkeys(words)
            if SUGGEST_MIN <= len(w) <= SUGGEST_MAX
            and not (searcher.doc_frequency("title_exact", w) or searcher.doc_frequency("body", stem_word(w)))
        ]
        for word in unknown[:SUGGEST_WORDS]:
            # headline words are whole words (body terms are stems): suggest from them first
            options = searcher.suggest("title_exact", word, limit=1, maxdist=2, prefix=2) or searcher.suggest(
                "body", word, limit=1, maxdist=2, prefix=2
            )
            if options and options[0] != word:
                corrected = _replace_word(corrected, word, options[0])
                changed = True
        if not changed:
            return None
        built = self._builder(searcher).build(corrected)
        if built.empty or not rank(built, self._evaluator(searcher), self._valid_mask(searcher)).mask.any():
            return None  # only offer a correction that finds something
        return corrected

    def highlight_terms(self, query_text: str) -> tuple[set[str], set[str], set[tuple[str, ...]]]:
        """Word forms, stems and stem runs (phrases) to mark in an article opened from a search."""
        if not query_text.strip():
            return set(), set(), set()
        searcher = self._searcher()
        built = self._builder(searcher).build(query_text)
        return built.highlight, built.highlight_stems, built.highlight_phrases

    # -- articles ----------------------------------------------------------------------------
    @_reading
    def article(self, article_id: str) -> Article | None:
        searcher = self._searcher()
        stored = searcher.document(id=article_id)
        return unpack(stored["record"]) if stored else None

    @_reading
    def related(self, article: Article, limit: int = 5) -> list[Hit]:
        """Articles a reader would open next (archive.related), its own story's versions left out."""
        searcher = self._searcher()
        docnum = searcher.document_number(id=article.id)
        if docnum is None:
            return []
        found = related_documents(
            searcher,
            self._evaluator(searcher),
            self.facets,
            article,
            docnum,
            self._valid_mask(searcher),
            limit,
        )
        return [self._hit(searcher, d, score, set(), set()) for d, score in found]

    @_reading
    def versions(self, article: Article) -> list[Hit]:
        """Other articles grouped with this one as versions of the same story (near-duplicates)."""
        searcher = self._searcher()
        register = self.store.register()
        try:
            members = register.story_members(article.near_duplicate_of or article.id)
        finally:
            register.close()
        out = []
        for member in members:
            fields = searcher.document(id=member)
            if fields and member != article.id:
                out.append(hit_of(unpack(fields["record"]), None, set(), set()))
        return sorted(out, key=lambda h: (h.date or "", h.path))

    @_reading
    def newest_additions(self, limit: int = 10) -> list[Hit]:
        searcher = self._searcher()
        added = self.facets.column(searcher, "added", 0)
        valid = self._valid_mask(searcher)
        docs = np.flatnonzero(valid)
        order = np.argsort(-added[docs], kind="stable")[:limit]
        return [self._hit(searcher, int(d), None, set(), set()) for d in docs[order]]

    @_reading
    def export(self, request: SearchRequest, limit: int) -> list[dict]:
        """Rows of metadata for the whole result set, up to `limit`, in the request's order."""
        request = request.normalised()
        rows, page = [], 1
        while len(rows) < limit:
            batch = SearchRequest(**{**request.__dict__, "page": page, "page_size": 100})
            result = self.search(batch)
            for hit in result.hits:
                rows.append(
                    {
                        "id": hit.id,
                        "title": hit.title,
                        "date": hit.date,
                        "date_source": hit.date_source,
                        "time": hit.time,
                        "outlet": hit.outlet,
                        "outlet_source": hit.outlet_source,
                        "place": hit.place,
                        "province": hit.province,
                        "path": hit.path,
                        "source_url": hit.url,
                    }
                )
            if page >= result.pages or not result.hits:
                break
            page += 1
        return rows[:limit]

    def count(self) -> int:
        return int(self._valid_mask(self._searcher()).sum())

    def all_ids(self) -> list[str]:
        searcher = self._searcher()
        return [fields["id"] for fields in searcher.all_stored_fields()]


def hit_of(article: Article, score, words: set[str], stems: set[str], phrases=frozenset()) -> Hit:
    pieces = highlight.snippet(article.body, words, stems, phrases)
    return Hit(
        id=article.id,
        path=article.path,
        title=article.title,
        date=article.date.isoformat() if article.date else None,
        time=article.time,
        timezone=article.timezone,
        date_precision=article.date_precision,
        outlet=article.outlet,
        place=article.place or article.province,
        province=article.province,
        score=score,
        snippet=highlight.plain(pieces),
        snippet_pieces=pieces,
        title_pieces=highlight.mark(article.title, words, stems, phrases),
        date_source=article.date_source,
        outlet_source=article.outlet_source,
        url=article.url,
    )


def _open_searcher(ix):
    for attempt in range(2):
        try:
            return ix.searcher()
        except FileNotFoundError:
            if attempt:
                raise
            time.sleep(0.05)
    raise AssertionError("unreachable")


def _date_key(value: dt.date) -> int:
    return value.year * 10000 + value.month * 100 + value.day


def _replace_word(text: str, old: str, new: str) -> str:
    import re

    return re.sub(rf"(?i)\b{re.escape(old)}\b", new, text, count=1)
