"""Stored records: compressed with a dictionary learnt from the archive's own articles, and every
record readable by a fresh process whichever way it was written."""

import pytest

from archive import records, writing
from archive.results import SearchRequest
from archive.search import SearchService
from indexer.pipeline import extract_many
from tests.articles import TOWNS, write_article


@pytest.fixture
def few_samples(monkeypatch):
    """Train on a test-sized archive instead of the first 500 articles."""
    monkeypatch.setattr(writing, "TRAIN_SAMPLES", 30)


def _towns(corpus, count: int, lead: str) -> None:
    for i in range(count):
        town = TOWNS[i % len(TOWNS)]
        write_article(
            corpus,
            f"desa-{i:02d}-{lead[:5]}.txt",
            f"Pemkab {town} Bangun Jembatan {i}",
            town,
            "7/10/2024",
            f"{lead} nomor {i} di desa ke-{i * 7} sepanjang {20 + i} meter",
        )


def _fresh_process_view(store) -> dict[str, tuple[str, str]]:
    """What a new server shows: title and body of every article, with no dictionary in memory."""
    records._dictionaries.clear()
    service = SearchService(store)
    hits = service.search(SearchRequest(page_size=100)).hits
    return {hit.id: (service.article(hit.id).title, service.article(hit.id).body) for hit in hits}


def test_a_build_learns_a_dictionary_and_every_article_reads_back(corpus, store, few_samples):
    _towns(corpus, 40, "membangun jembatan")
    report = store.sync(corpus, extract_many)
    assert (store.generation_dir() / records.FILE).exists()
    shown = _fresh_process_view(store)
    assert len(shown) == report.total == 45
    assert any("jembatan nomor 7" in body for _, body in shown.values())


def test_records_written_before_the_dictionary_stay_readable(corpus, store, few_samples):
    store.sync(corpus, extract_many)  # five articles: too few to learn from
    assert not (store.generation_dir() / records.FILE).exists()
    before = _fresh_process_view(store)
    _towns(corpus, 40, "memperbaiki jalan")
    store.sync(corpus, extract_many)
    assert (store.generation_dir() / records.FILE).exists()
    after = _fresh_process_view(store)
    assert len(after) == 45 and all(after[key] == value for key, value in before.items())
