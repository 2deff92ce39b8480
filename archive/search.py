"""The Whoosh search backend: a `SearchRequest` -> hits, facet counts, timeline, suggestion.

It implements archive.backend.SearchBackend over the embedded index: archive.query reads the
query, archive.ranking and archive.scoring match and score it over cached posting arrays,
archive.facets counts the facets, archive.ordering puts the stories in order, and this module
pages them and turns documents into `Hit`s (archive.results). Searchers and caches live in
archive.searchers.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, replace

import numpy as np

from archive.article import Article
from archive.facets import FACET_FIELDS, top_values, values_meaning
from archive.ordering import first_stories, story_count, story_members
from archive.query import BuiltQuery, QueryBuilder
from archive.ranking import Ranked, rank
from archive.records import unpack
from archive.related import related_documents
from archive.results import Facet, Hit, SearchRequest, SearchResult, Version, hit_of
from archive.schema import NO_DATE_NEWEST, NO_DATE_OLDEST
from archive.scoring import Evaluator, WhooshEvaluator
from archive.searchers import Searchers, reading
from archive.store import IndexStore
from archive.suggest import WhooshLexicon, suggest
from archive.timeline import timeline

MAX_VERSIONS = 10  # versions listed under one result


@dataclass
class Matches:
    """A request's match set before paging: what the query matched, the filters' masks, and
    `final` -- the articles the result lists."""

    built: BuiltQuery
    ranked: Ranked
    common: np.ndarray  # query matches within the exclusions and the date range
    masks: dict[str, np.ndarray]  # facet -> its selected values' articles
    final: np.ndarray
    valid: np.ndarray


class SearchService:
    """One per process: per-thread searchers refreshed on commit, shared caches."""

    def __init__(self, store: IndexStore, evaluation: str = "arrays"):
        """`evaluation`: "arrays" (numpy over cached postings) or "whoosh" (Whoosh's matchers, the
        reference the array evaluator is tested against)."""
        self.store = store
        self.evaluation = evaluation
        self.searchers = Searchers(store)

    def available(self) -> bool:
        return self.store.exists()

    def warm(self) -> None:
        """Build what the first search would otherwise pay for: facet arrays, date columns, field
        lengths, the live-document mask (seconds at a million articles)."""
        if self.available():
            columns = {"date": NO_DATE_NEWEST, "date_oldest": NO_DATE_OLDEST, "added": 0, "story": 0}
            self.searchers.warm(FACET_FIELDS, columns)
            self.searchers.facets.groups(self.searchers.searcher(), "story")

    def query_builder(self, searcher) -> QueryBuilder:
        facets = self.searchers.facets
        return QueryBuilder(
            searcher.schema, searcher.reader(), facet_values=lambda name: facets.arrays(searcher, name).values
        )

    def matching_values(self, facet: str, text: str) -> list[str]:
        """Values of a facet a typed word means (archive.facets.values_meaning)."""
        return values_meaning(self.searchers.facets.arrays(self.searchers.searcher(), facet).values, text)

    def highlight_terms(self, query_text: str) -> tuple[set[str], set[str], set[tuple[str, ...]]]:
        """Word forms, stems and stem runs (phrases) to mark in an article opened from a search."""
        if not query_text.strip():
            return set(), set(), set()
        built = self.query_builder(self.searchers.searcher()).build(query_text)
        return built.highlight, built.highlight_stems, built.highlight_phrases

    # -- search ------------------------------------------------------------------------------
    @reading
    def search(self, request: SearchRequest) -> SearchResult:
        started = time.perf_counter()
        searcher = self.searchers.searcher()
        matches = self._matches(searcher, request)
        facets = self._facets(searcher, request, matches) if request.facet_limit != 0 else {}
        start = (request.page - 1) * request.page_size
        leaders, stories, docs = self._stories(searcher, request, matches, start + request.page_size)
        hits = self._hits(searcher, request, matches, leaders[start:], docs)
        total = int(matches.final.sum())
        suggestion = None
        if total < 3 and matches.built.words:
            suggestion = suggest(
                WhooshLexicon(searcher), request.query, matches.built.words, self._finds(searcher)
            )
        dates = self.searchers.facets.column(searcher, "date", NO_DATE_NEWEST)
        return SearchResult(
            request=request,
            total=total,
            hits=hits,
            facets=facets,
            timeline=timeline(dates[matches.final]),
            suggestion=suggestion,
            relaxed=matches.ranked.relaxed,
            stories=stories,
            notices=list(matches.built.notices),
            took_ms=(time.perf_counter() - started) * 1000,
            archive_total=int(matches.valid.sum()),
        )

    def _matches(self, searcher, request: SearchRequest) -> Matches:
        built = self.query_builder(searcher).build(request.query)
        size = searcher.doc_count_all()
        valid = self.searchers.live(searcher)
        ranked = rank(built, self._evaluator(searcher), valid)
        facets = self.searchers.facets
        masks = {
            name: facets.arrays(searcher, name).mask_for(values, size)
            for name, values in request.filters.items()
        }
        restrict = np.ones(size, dtype=bool)
        for name, values in request.exclude.items():
            restrict &= ~facets.arrays(searcher, name).mask_for(values, size)
        if request.date_from or request.date_to:
            dates = facets.column(searcher, "date", NO_DATE_NEWEST)
            low = _date_key(request.date_from) if request.date_from else 0
            high = _date_key(request.date_to) if request.date_to else 99_999_999
            restrict &= (dates >= low) & (dates <= high)
        common = ranked.mask & restrict
        final = common.copy()
        for mask in masks.values():
            final &= mask
        return Matches(built, ranked, common, masks, final, valid)

    def _facets(self, searcher, request: SearchRequest, matches: Matches) -> dict[str, Facet]:
        """Counts per facet value; a facet's own selection is left out of its counts (multi-select)."""
        out = {}
        everywhere = matches.final.astype(np.int32)  # the scope of every facet not filtered on
        for name in FACET_FIELDS:
            scope = everywhere
            if name in matches.masks:
                scope = matches.common.copy()
                for other, mask in matches.masks.items():
                    if other != name:
                        scope &= mask
            arrays = self.searchers.facets.arrays(searcher, name)
            limit = None if name == "month" else request.facet_limit
            values, distinct = top_values(arrays, arrays.count(scope), request.filters.get(name, []), limit)
            out[name] = Facet(name, values, distinct)
        return out

    def _evaluator(self, searcher):
        if self.evaluation == "whoosh":
            return WhooshEvaluator(searcher)
        return Evaluator(searcher, self.searchers.postings, live=self.searchers.live(searcher))

    def _finds(self, searcher):
        def finds(text: str) -> bool:
            built = self.query_builder(searcher).build(text)
            return (
                not built.empty
                and rank(built, self._evaluator(searcher), self.searchers.live(searcher)).mask.any()
            )

        return finds

    def _stories(
        self, searcher, request: SearchRequest, matches: Matches, needed: int
    ) -> tuple[np.ndarray, int, np.ndarray]:
        """The first `needed` matching stories, each at its best-placed version, in the request's
        order (by score with the newer article first on equal scores, or by date); how many
        stories match; and all matches (archive.ordering sorts only the best of them)."""
        docs = np.flatnonzero(matches.final)
        if not len(docs):
            return docs, 0, docs
        column = self.searchers.facets.column
        groups, count = self.searchers.facets.groups(searcher, "story")
        scores = matches.ranked.score
        if scores is None or request.sort != "relevance":
            if request.sort == "oldest":
                keys = [docs, column(searcher, "date_oldest", NO_DATE_OLDEST)[docs]]
            else:
                keys = [docs, -column(searcher, "date", NO_DATE_NEWEST)[docs]]
        else:  # score, newer, doc number
            keys = [docs, -column(searcher, "date", NO_DATE_NEWEST)[docs], -np.round(scores[docs], 6)]
        return first_stories(docs, keys, groups, needed), story_count(docs, groups, count), docs

    def _hits(self, searcher, request, matches: Matches, chosen: np.ndarray, docs: np.ndarray) -> list[Hit]:
        built, ranked = matches.built, matches.ranked
        groups, count = self.searchers.facets.groups(searcher, "story")
        siblings = story_members(docs, groups, count, of=chosen)
        scored = ranked.score is not None and request.sort == "relevance"
        hits = []
        for docnum in chosen.tolist():
            article = self._article_at(searcher, docnum)
            score = float(ranked.score[docnum]) if scored else None
            hit = hit_of(article, score, built.highlight, built.highlight_stems, built.highlight_phrases)
            hit.missing = ranked.missing(docnum) if ranked.clause_masks else []
            others = siblings[(groups[siblings] == groups[docnum]) & (siblings != docnum)]
            hit.versions = [Version.of(self._article_at(searcher, int(d))) for d in others[:MAX_VERSIONS]]
            hits.append(hit)
        return hits

    @staticmethod
    def _article_at(searcher, docnum: int) -> Article:
        return unpack(searcher.stored_fields(docnum)["record"])

    @reading
    def export(self, request: SearchRequest, limit: int) -> list[dict]:
        """Metadata rows of the whole result set (one per story), up to `limit`, in the request's
        order: one match and one ordering, no facet counts, no snippets."""
        searcher = self.searchers.searcher()
        matches = self._matches(searcher, replace(request, facet_limit=0))
        leaders, _, _ = self._stories(searcher, request, matches, limit)
        return [hit_of(self._article_at(searcher, int(d)), snippet=False).summary() for d in leaders]

    # -- articles ----------------------------------------------------------------------------
    @reading
    def article(self, article_id: str) -> Article | None:
        stored = self.searchers.searcher().document(id=article_id)
        return unpack(stored["record"]) if stored else None

    @reading
    def related(self, article: Article, limit: int = 5) -> list[Hit]:
        """Articles a reader would open next (archive.related), its own story's versions left out."""
        searcher = self.searchers.searcher()
        docnum = searcher.document_number(id=article.id)
        if docnum is None:
            return []
        live = self.searchers.live(searcher)
        evaluator = self._evaluator(searcher)
        found = related_documents(searcher, evaluator, self.searchers.facets, article, docnum, live, limit)
        return [hit_of(self._article_at(searcher, d), score) for d, score in found]

    @reading
    def versions(self, article: Article) -> list[Hit]:
        """Other articles grouped with this one as versions of the same story (near-duplicates)."""
        searcher = self.searchers.searcher()
        register = self.store.register()
        try:
            members = register.story_members(article.near_duplicate_of or article.id)
        finally:
            register.close()
        out = []
        for member in members:
            fields = searcher.document(id=member)
            if fields and member != article.id:
                out.append(hit_of(unpack(fields["record"])))
        return sorted(out, key=lambda h: (h.date or "", h.path))

    @reading
    def newest_additions(self, limit: int = 10) -> list[Hit]:
        searcher = self.searchers.searcher()
        added = self.searchers.facets.column(searcher, "added", 0)
        docs = np.flatnonzero(self.searchers.live(searcher))
        order = np.argsort(-added[docs], kind="stable")[:limit]
        return [hit_of(self._article_at(searcher, int(d))) for d in docs[order]]


def _date_key(value: dt.date) -> int:
    return value.year * 10000 + value.month * 100 + value.day
