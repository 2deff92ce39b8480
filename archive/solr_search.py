"""The Solr search backend: the same SearchRequest -> SearchResult as the Whoosh one, answered by
a SolrCloud collection (archive.solr).

The query is read by the same QueryBuilder (archive.query) and its Whoosh query objects are
written out in Lucene syntax over the same analysed terms; ranking follows archive.ranking's
minimum-should-match (the `bool` parser's `mm`, relaxed one word at a time while a page is not
full). Filters are tagged and each facet excludes its own tag (multi-select); the timeline counts
day keys; versions of one story are grouped here over the ranked ids, as in the Whoosh backend.
"""

from __future__ import annotations

import threading
import time
from dataclasses import replace

import numpy as np
from cachetools import TTLCache

from archive.article import Article
from archive.facets import FACET_FIELDS, values_meaning
from archive.query import BuiltQuery, QueryBuilder
from archive.ranking import MIN_RESULTS, min_match, rarity
from archive.results import Hit, SearchRequest, SearchResult, Version, hit_of
from archive.schema import build_schema
from archive.solr import SolrStore, article_of
from archive.solr_collection import SolrCollection
from archive.solr_lexicon import SolrLexicon
from archive.solr_query import (
    GROUP_CHUNK,
    facets_of,
    filter_queries,
    lucene,
    main_query,
    request_body,
    sort_clause,
)
from archive.solr_related import related_hits
from archive.suggest import suggest
from archive.timeline import timeline

MAX_VERSIONS = 10
EXPORT_CHUNK = 2000
CACHE_SECONDS = 2  # facet values (for `outlet:...` in a query): read again after an upload lands
RARITY_SECONDS = 60  # a word's rarity barely moves with one upload; the next page reuses it


class SolrSearch:
    """archive.backend.SearchBackend over a Solr collection."""

    def __init__(self, store: SolrStore):
        self.store = store
        self.collection: SolrCollection = store.collection
        self.schema = build_schema()
        self._values: TTLCache = TTLCache(maxsize=32, ttl=CACHE_SECONDS)
        self._rarities: TTLCache = TTLCache(maxsize=1024, ttl=RARITY_SECONDS)
        self._lock = threading.Lock()

    def available(self) -> bool:
        return self.store.exists()

    def warm(self) -> None:
        """Solr warms its own caches; the facet values the query syntax needs are read once."""
        for name in FACET_FIELDS:
            self._facet_values(name)

    # -- reading the query ---------------------------------------------------------------------
    def _builder(self) -> QueryBuilder:
        return QueryBuilder(self.schema, None, facet_values=self._facet_values)

    def _cached(self, cache: TTLCache, key, compute):
        """`cache[key]`, computed (outside the lock: it asks Solr) when missing or expired."""
        with self._lock:
            found = cache.get(key)
        if found is None:
            found = compute()
            with self._lock:
                cache[key] = found
        return found

    def _facet_values(self, name: str) -> list[str]:
        def read() -> list[str]:
            body = {
                "query": "*:*",
                "limit": 0,
                "facet": {name: {"type": "terms", "field": name, "limit": -1}},
            }
            buckets = self.collection.select(body).get("facets", {}).get(name, {}).get("buckets", [])
            return [b["val"] for b in buckets]

        return self._cached(self._values, name, read)

    def matching_values(self, facet: str, text: str) -> list[str]:
        return values_meaning(self._facet_values(facet), text)

    def highlight_terms(self, query_text: str) -> tuple[set[str], set[str], set[tuple[str, ...]]]:
        if not query_text.strip():
            return set(), set(), set()
        built = self._builder().build(query_text)
        return built.highlight, built.highlight_stems, built.highlight_phrases

    # -- search --------------------------------------------------------------------------------
    def search(self, request: SearchRequest) -> SearchResult:
        started = time.perf_counter()
        built = self._builder().build(request.query)
        filters = filter_queries(request)
        need, relaxed, answer, weights = self._ranked(built, request, filters)
        total = answer["response"]["numFound"]
        facets_answer = answer.get("facets", {})
        facets = facets_of(request, facets_answer) if request.facet_limit != 0 else {}
        days = {b["val"]: b["count"] for b in facets_answer.get("days", {}).get("buckets", [])}
        keys = np.repeat(np.array(list(days), dtype=np.int64), list(days.values())) if days else np.zeros(0)
        main = main_query(built, need, weights)
        first = answer["response"]["docs"]
        leaders, groups = self._stories(main, filters, request, request.page * request.page_size, first)
        start = (request.page - 1) * request.page_size
        page = leaders[start : start + request.page_size]
        scores = {d["id"]: d.get("score") for d in first} if request.sort == "relevance" else {}
        hits = self._hits(built, page, groups, scores)
        return SearchResult(
            request=request,
            total=total,
            hits=hits,
            facets=facets,
            timeline=timeline(keys),
            relaxed=relaxed,
            suggestion=self._suggestion(request, built, total),
            stories=int(facets_answer.get("stories", total) or 0),
            notices=list(built.notices),
            took_ms=(time.perf_counter() - started) * 1000,
            archive_total=facets_answer.get("archive", {}).get("count", 0),
        )

    def _ranked(self, built: BuiltQuery, request: SearchRequest, filters: list[str]):
        """The answer with facets at the strictest minimum-should-match that fills a page (a
        level that adds no article is not taken: nothing listed lacks a word then)."""
        n = len(built.optional)
        strictest = need = n if built.strict or n == 0 else min_match(n)
        weights = self._rarity(built)
        answer = self.collection.select(request_body(main_query(built, need, weights), filters, request))
        while not built.strict and need > 1 and answer["response"]["numFound"] < MIN_RESULTS:
            wider = self.collection.select(
                request_body(main_query(built, need - 1, weights), filters, request)
            )
            if wider["response"]["numFound"] > answer["response"]["numFound"]:
                answer = wider
                strictest = need - 1
            need -= 1
        return strictest, strictest < n, answer, weights

    def _suggestion(self, request: SearchRequest, built: BuiltQuery, total: int) -> str | None:
        if total >= 3 or not built.words:
            return None
        return suggest(SolrLexicon(self.collection), request.query, built.words, self._finds)

    def _finds(self, text: str) -> bool:
        built = self._builder().build(text)
        if built.empty:
            return False
        need = len(built.optional) if built.strict else min(1, len(built.optional))
        body = {**main_query(built, need), "limit": 0}
        return self.collection.select(body)["response"]["numFound"] > 0

    def _rarity(self, built: BuiltQuery) -> list[float]:
        """Each typed word's weight in the coverage share (archive.ranking): BM25's idf of the
        word's clause as a whole, from how many articles of the archive match it."""
        clauses = [lucene(c.query) for c in built.optional]
        if len(clauses) < 2:
            return []
        return self._cached(self._rarities, tuple(clauses), lambda: self._count_rarity(clauses))

    def _count_rarity(self, clauses: list[str | None]) -> list[float]:
        total, counts = self.collection.match_counts([text for text in clauses if text])
        found = iter(counts)
        return [rarity(max(1, total), next(found)) if text else 0.0 for text in clauses]

    def _stories(self, main: dict, filters: list[str], request: SearchRequest, wanted: int, first=None):
        """Story leaders in rank order (each story once, at its best-placed article) up to `wanted`,
        and the ids of every matching article of each listed story (`first`: the ranked ids the
        counting request already brought)."""
        leaders: list[str] = []
        groups: dict[int, list[str]] = {}
        offset = 0
        while len(leaders) < wanted:
            if first is not None and offset == 0:
                docs = first
            else:
                docs = self.collection.select(self._chunk(main, filters, request, offset))["response"]["docs"]
            for doc in docs:
                story = doc.get("story", 0)
                if story not in groups:
                    groups[story] = []
                    leaders.append(doc["id"])
                groups[story].append(doc["id"])
            if len(docs) < GROUP_CHUNK:
                break
            offset += GROUP_CHUNK
        return leaders, groups

    @staticmethod
    def _chunk(main: dict, filters: list[str], request: SearchRequest, offset: int) -> dict:
        """One slice of the ranked ids (with story and score)."""
        return {
            **main,
            "filter": filters,
            "fields": "id,story,score",
            "offset": offset,
            "limit": GROUP_CHUNK,
            "sort": sort_clause(request),
        }

    def _hits(
        self, built: BuiltQuery, page: list[str], groups: dict[int, list[str]], scores: dict
    ) -> list[Hit]:
        members = {ids[0]: ids[1 : MAX_VERSIONS + 1] for ids in groups.values()}
        wanted = page + [i for p in page for i in members.get(p, [])]
        articles = {d["id"]: article_of(d) for d in self.collection.get(wanted)}
        hits = []
        for article_id in page:
            article = articles.get(article_id)
            if article is None:
                continue
            score = scores.get(article_id)
            hit = hit_of(article, score, built.highlight, built.highlight_stems, built.highlight_phrases)
            hit.versions = [Version.of(articles[i]) for i in members.get(article_id, []) if i in articles]
            hits.append(hit)
        return hits

    def export(self, request: SearchRequest, limit: int) -> list[dict]:
        built = self._builder().build(request.query)
        filters = filter_queries(request)
        need, _, answer, weights = self._ranked(built, replace(request, facet_limit=0), filters)
        first = answer["response"]["docs"]
        leaders, _ = self._stories(main_query(built, need, weights), filters, request, limit, first)
        rows = []
        for start in range(0, len(leaders), EXPORT_CHUNK):
            chunk = leaders[start : start + EXPORT_CHUNK]
            found = {d["id"]: article_of(d) for d in self.collection.get(chunk)}
            rows += [hit_of(found[i], snippet=False).summary() for i in chunk if i in found]
        return rows[:limit]

    # -- articles ------------------------------------------------------------------------------
    def article(self, article_id: str) -> Article | None:
        found = self.collection.get([article_id])
        return article_of(found[0]) if found else None

    def related(self, article: Article, limit: int = 5) -> list[Hit]:
        return related_hits(self.collection, article, limit)

    def versions(self, article: Article) -> list[Hit]:
        register = self.store.register()
        try:
            members = [
                m for m in register.story_members(article.near_duplicate_of or article.id) if m != article.id
            ]
        finally:
            register.close()
        out = [hit_of(article_of(d)) for d in self.collection.get(members)]
        return sorted(out, key=lambda h: (h.date or "", h.path))

    def newest_additions(self, limit: int = 10) -> list[Hit]:
        body = {"query": "*:*", "fields": "id,record", "limit": limit, "sort": "added desc, id asc"}
        return [hit_of(article_of(d)) for d in self.collection.select(body)["response"]["docs"]]
