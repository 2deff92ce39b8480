"""The array evaluator gives what Whoosh's matchers give: the same matches, scores, facet counts
and pages (the optimisation changes speed only)."""

import numpy as np
import pytest

from archive.results import SearchRequest
from archive.search import SearchService
from archive.store import IndexStore
from tests.articles import TOWNS, shared_corpus, write_article

QUERIES = [
    "",
    "Khofifah",
    "MPP",
    "pelayanan publik",
    "Jawa Timur",
    "Jatim",
    "melayani",
    "Pj Gubernur",
    '"pelayanan publik"',
    '"mal pelayanan publik" -Lumajang',
    "Lumajang ATAU Kalianda",
    "MPP TIDAK Lumajang",
    "pelayanan publik Jatim 2021",
    "april 2021",
    "judul:Kalianda",
    "outlet:bhirawa",
    "tempat:malang",
    "Kaliand*",
    "khofifha~",
    "Khofifah xylofonik",
    "asisten administrasi",
    "ASN OPD",
    "tahun:2024 MPP",
    "pilkada",  # expands to the phrase "pemilihan kepala daerah"
    '"pelayanan publik"~3',
    '"pemerintah daerah"~12',
    '"kabupaten lampung selatan"',
    'judul:"pelayanan publik"',
]


def results(service: SearchService, text: str, **kwargs) -> dict:
    data = service.search(SearchRequest(query=text, page_size=50, **kwargs)).to_dict()
    data.pop("took_ms")
    return data


def assert_same(store: IndexStore, queries, filters=None, arrays: SearchService | None = None):
    arrays, reference = arrays or SearchService(store), SearchService(store, evaluation="whoosh")
    for text in queries:
        for extra in ({}, *(filters or [])):
            fast, slow = results(arrays, text, **extra), results(reference, text, **extra)
            fast_scores = [h.pop("score") for h in fast["hits"]]
            slow_scores = [h.pop("score") for h in slow["hits"]]
            assert fast == slow, (text, extra)
            assert np.allclose([s or 0 for s in fast_scores], [s or 0 for s in slow_scores], rtol=1e-6), text


def test_same_results_on_the_samples(sample_index):
    assert_same(IndexStore(sample_index[1]), QUERIES, [{"filters": {"year": ["2024"]}}, {"sort": "newest"}])


def test_remembered_scores_follow_articles_added_and_removed(tmp_path):
    """A running server keeps each word's matches and scores between searches; after an article
    is added and another removed, it gives what a fresh search gives (scores depend on every
    article: their count and lengths)."""
    from indexer.pipeline import extract_many

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i, town in enumerate(TOWNS[:6]):
        write_article(
            corpus, f"{town}.txt", f"Pasar Rakyat {town}", town, f"{i + 1}/10/2024", "meresmikan pasar"
        )
    store = IndexStore(tmp_path / "index")
    store.sync(corpus, extract_many)
    running = SearchService(store)
    queries = ["pasar rakyat", "warga", "festival kuliner", '"pasar rakyat"', "Blitar"]
    before = {text: results(running, text)["total"] for text in queries}
    write_article(
        corpus, "Batu.txt", "Festival Kuliner Pasar Rakyat", "Batu", "9/10/2024", "membuka festival kuliner"
    )
    (corpus / "Blitar.txt").unlink()
    store.sync(corpus, extract_many)
    after = {text: results(running, text)["total"] for text in queries}
    assert (
        after["festival kuliner"] == before["festival kuliner"] + 1
        and after["Blitar"] == before["Blitar"] - 1
    )
    assert_same(store, queries, arrays=running)


@pytest.mark.shared_corpus
@pytest.mark.slow
def test_same_results_on_real_news(tmp_path):
    from bench.eval_retrieval import QUERIES as QUERY_FILES
    from bench.eval_retrieval import load_queries
    from indexer.pipeline import extract_many

    raw = shared_corpus("detik-2025")
    store = IndexStore(tmp_path / "index")
    store.sync(raw, extract_many)
    queries = [q.text for q in load_queries(raw.parent / "queries.tsv")]
    queries += [q.text for q in load_queries(QUERY_FILES / "known-items.tsv")[:60]]
    assert_same(store, queries + QUERIES, [{"filters": {"outlet": ["detikNews"]}}])
