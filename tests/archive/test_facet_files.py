"""Facet arrays saved by the indexer: a starting server loads them instead of reading postings,
and counts what it would have counted from the postings, through uploads, merges and deletions."""

from archive import facet_files
from archive.results import SearchRequest
from archive.search import SearchService
from indexer.pipeline import extract_many
from tests.articles import TOWNS, write_article


def counts(service: SearchService, **request) -> dict:
    result = service.search(SearchRequest(page_size=1, **request))
    return {name: [(v.value, v.count) for v in facet.values] for name, facet in result.facets.items()}


def from_postings(store, **request) -> dict:
    service = SearchService(store)
    service.searchers._index()
    service.searchers.facets.directory = None  # as a server without saved arrays reads them
    return counts(service, **request)


def saved_files(store) -> set[str]:
    return {p.name for p in (store.generation_dir() / facet_files.FACET_FOLDER).glob("*.npz")}


def test_a_starting_server_counts_from_the_saved_arrays_what_the_postings_give(corpus, store, monkeypatch):
    store.sync(corpus, extract_many)
    assert saved_files(store)
    expected = from_postings(store)
    read = []
    monkeypatch.setattr(facet_files, "read_facet", lambda *args: read.append(args) or None)
    assert counts(SearchService(store)) == expected and expected["outlet"]
    assert not read  # nothing was read from postings


def test_saved_arrays_follow_uploads_and_deletions(corpus, store):
    store.sync(corpus, extract_many)
    for i, town in enumerate(TOWNS[:6]):
        write_article(
            corpus, f"baru-{i}.txt", f"Pemkab {town} Resmikan Pasar", town, "3/2/2025", "meresmikan pasar"
        )
        store.sync(corpus, extract_many)
    (corpus / "baru-0.txt").unlink()
    store.sync(corpus, extract_many)
    segments = {f"{r.segment().segment_id()}.npz" for r, _ in store.open_index().reader().leaf_readers()}
    assert saved_files(store) == segments  # one per segment, none left from merged ones
    for request in ({}, {"query": "pasar"}, {"filters": {"year": ["2025"]}}):
        assert counts(SearchService(store), **request) == from_postings(store, **request)
