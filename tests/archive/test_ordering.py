"""Only the best matches are sorted (archive.ordering): every page, story count and version list
must be what sorting all of them gives, ties and versions of one story included."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

import archive.ordering
from archive.ordering import first_stories, story_count
from archive.results import SearchRequest
from archive.search import SearchService
from indexer.pipeline import extract_many
from tests.articles import SAMPLES, write_article


def every_leader(docs, keys, groups) -> np.ndarray:
    ordered = docs[np.lexsort(keys)]
    _, first = np.unique(groups[ordered], return_index=True)
    return ordered[np.sort(first)]


@pytest.mark.parametrize("seed", range(40))
def test_the_first_stories_are_those_of_the_whole_order(seed, monkeypatch):
    monkeypatch.setattr(archive.ordering, "FIRST_PREFIX", 1)
    rng = np.random.default_rng(seed)
    size = int(rng.integers(1, 3000))
    docs = np.sort(rng.choice(10_000, size, replace=False))
    groups = rng.integers(0, max(1, size // int(rng.integers(1, 6))), 10_000)  # stories of 1-5 versions
    scores = -np.round(rng.integers(0, 8, size) * 0.5, 6)  # few distinct scores: many ties
    dates = -rng.integers(20240101, 20240110, size)
    keys = [docs, dates, scores]
    expected = every_leader(docs, keys, groups)
    for needed in (1, 3, 20, 100, size):
        assert first_stories(docs, keys, groups, needed).tolist() == expected[:needed].tolist()
    assert story_count(docs, groups, int(groups.max()) + 1) == len(expected)


@pytest.fixture(scope="module")
def many(tmp_path_factory) -> SearchService:
    """The samples, two versions of each, and thirty short articles dated over two weeks."""
    from archive.store import IndexStore

    base = tmp_path_factory.mktemp("many")
    corpus = base / "corpus"
    shutil.copytree(SAMPLES, corpus)
    for original in sorted(SAMPLES.iterdir()):
        for n in (1, 2):
            text = original.read_bytes() + f"\nPembaruan {n}: layanan tetap buka pada hari libur.\n".encode()
            (corpus / f"{original.stem}-versi-{n}{original.suffix}").write_bytes(text)
    towns = [
        "Ngawi",
        "Tuban",
        "Blora",
        "Pacitan",
        "Kediri",
        "Blitar",
        "Madiun",
        "Jember",
        "Sampang",
        "Gresik",
    ]
    for i in range(30):
        town = towns[i % len(towns)]
        write_article(
            corpus,
            f"kab-{i:02d}.txt",
            f"Pemkab {town} Buka Layanan {i}",
            town,
            f"{1 + i % 14}/10/2024",
            "membuka layanan publik",
        )
    store = IndexStore(base / "index")
    assert not store.sync(corpus, extract_many).failed
    return SearchService(store)


def test_every_page_is_the_same_as_when_all_matches_are_sorted(many, monkeypatch):
    requests = [
        SearchRequest(query=query, sort=sort, page=page, page_size=size)
        for query in ("", "pelayanan publik", "layanan", "pemerintah kabupaten")
        for sort in ("relevance", "newest", "oldest")
        for size in (1, 3)
        for page in range(1, 16)
    ]

    def pages():
        out = []
        for request in requests:
            result = many.search(request)
            out.append(
                (
                    result.total,
                    result.stories,
                    [(h.id, sorted(v.id for v in h.versions)) for h in result.hits],
                )
            )
        return out

    monkeypatch.setattr(archive.ordering, "FIRST_PREFIX", 10**9)
    whole = pages()
    monkeypatch.setattr(archive.ordering, "FIRST_PREFIX", 1)
    assert pages() == whole
    assert any(len(versions) == 2 for _, _, hits in whole for _, versions in hits)  # versions were listed
    assert any(stories < total for total, stories, _ in whole)
