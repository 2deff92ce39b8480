"""The search backend seam: what the pages, the API, the CLI and the archivist workflow ask of a
search engine, and the one place that picks the engine (ARSIP_BACKEND, archive.config).

The embedded Whoosh index (archive.search.SearchService over archive.store.IndexStore) is the
default; a SolrCloud collection (archive.solr_search.SolrSearch over archive.solr.SolrStore) is the
other. Requests and answers are archive.results types, so no caller sees an engine's objects.
"""

from __future__ import annotations

from typing import Protocol

from archive.article import Article
from archive.config import Settings
from archive.results import Hit, SearchRequest, SearchResult
from archive.solr import SolrStore
from archive.solr_collection import SolrCollection
from archive.store import IndexStore

Store = IndexStore | SolrStore  # an engine's index as syncs write it and the admin page reads it


class SearchBackend(Protocol):
    def available(self) -> bool:
        """Is there an index to search (else the pages say how to build one)?"""

    def warm(self) -> None:
        """Load what the first search would otherwise wait for."""

    def search(self, request: SearchRequest) -> SearchResult: ...

    def export(self, request: SearchRequest, limit: int) -> list[dict]:
        """Metadata rows (Hit.summary()) of the whole result set, up to `limit`."""

    def article(self, article_id: str) -> Article | None: ...

    def related(self, article: Article, limit: int = 5) -> list[Hit]: ...

    def versions(self, article: Article) -> list[Hit]: ...

    def newest_additions(self, limit: int = 10) -> list[Hit]: ...

    def matching_values(self, facet: str, text: str) -> list[str]:
        """The facet values a typed word means (`outlet:bhirawa` -> "Bhirawa")."""

    def highlight_terms(self, query_text: str) -> tuple[set[str], set[str], set[tuple[str, ...]]]:
        """Word forms, stems and phrases to mark in an article opened from a search."""


def open_store(settings: Settings) -> Store:
    """The configured engine's index, kept in step with the corpus (IndexStore or SolrStore: the
    same sync, reports and skipped files)."""
    if settings.backend == "solr":
        collection = SolrCollection(list(settings.solr_urls), settings.solr_zk, settings.solr_collection)
        return SolrStore(settings.paths.index, collection)
    return IndexStore(settings.paths.index)


def open_search(settings: Settings, store: Store | None = None) -> SearchBackend:
    """The configured engine over the configured archive."""
    store = store or open_store(settings)
    if settings.backend == "solr":
        from archive.solr_search import SolrSearch

        return SolrSearch(store)
    from archive.search import SearchService

    return SearchService(store)
