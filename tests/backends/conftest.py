"""One behaviour suite, two engines: each test runs on the embedded Whoosh index and on the
SolrCloud collection of the local cluster (`make cluster-up`), over the same real samples.

Without a cluster the Solr half is skipped with the reason, unless ARSIP_REQUIRE_CLUSTER=1 (CI):
then a missing cluster is a failure.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from archive.results import SearchRequest
from archive.search import SearchService
from archive.store import IndexStore
from indexer.pipeline import extract_many
from tests.articles import SAMPLES

TEST_COLLECTION = "arsip_test"


@dataclass
class Engine:
    name: str
    corpus: Path
    store: object
    search: object

    def sync(self, **options):
        report = self.store.sync(self.corpus, extract_many, **options)
        assert not report.failed, report.failed
        return report

    def find(self, query: str = "", **options):
        return self.search.search(SearchRequest(query=query, **options))


@pytest.fixture(scope="session")
def cluster():
    """The local cluster's state (var/cluster/cluster.json) with a fresh test collection."""
    from cluster.local import create_collection, read_state

    state = read_state()
    if not state:
        message = "no SolrCloud cluster running (make cluster-up)"
        if os.environ.get("ARSIP_REQUIRE_CLUSTER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    create_collection(state["solr_urls"][0], TEST_COLLECTION)
    return state


def solr_engine(state: dict, corpus: Path, local: Path) -> Engine:
    """The test collection, emptied (a rebuild would make a new collection for every test)."""
    from archive.solr import SolrStore
    from archive.solr_collection import SolrCollection
    from archive.solr_search import SolrSearch

    store = SolrStore(local, SolrCollection(state["solr_urls"], name=TEST_COLLECTION))
    store.collection.update({"delete": {"query": "*:*"}})
    return Engine("solr", corpus, store, SolrSearch(store))


@pytest.fixture(params=["whoosh", "solr"])
def engine(request, tmp_path: Path) -> Engine:
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLES, corpus)
    if request.param == "whoosh":
        store = IndexStore(tmp_path / "index")
        built = Engine("whoosh", corpus, store, SearchService(store))
        built.sync()
    else:
        built = solr_engine(request.getfixturevalue("cluster"), corpus, tmp_path / "solr")
        built.sync()
    return built
