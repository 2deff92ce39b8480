"""Shared fixtures: real sample files copied into a temporary corpus, indexed for real."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from archive.search import SearchService
from archive.store import IndexStore
from indexer.pipeline import extract_many
from tests.articles import SAMPLES


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(SAMPLES, target)
    return target


@pytest.fixture
def store(tmp_path: Path) -> IndexStore:
    return IndexStore(tmp_path / "index")


@pytest.fixture
def indexed(corpus: Path, store: IndexStore) -> SearchService:
    report = store.sync(corpus, extract_many)
    assert not report.failed, report.failed
    return SearchService(store)


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory) -> tuple[Path, Path]:
    """The five samples indexed once for read-only tests: (corpus, index)."""
    base = tmp_path_factory.mktemp("samples")
    corpus = base / "corpus"
    shutil.copytree(SAMPLES, corpus)
    store = IndexStore(base / "index")
    store.sync(corpus, extract_many)
    return corpus, base / "index"


@pytest.fixture(scope="session")
def service(sample_index) -> SearchService:
    return SearchService(IndexStore(sample_index[1]))


@pytest.fixture
def app(sample_index, tmp_path):
    from web import create_app

    corpus, index = sample_index
    return create_app({"CORPUS": str(corpus), "INDEX": str(index), "TESTING": True, "SECRET_KEY": "test"})


@pytest.fixture
def client(app):
    return app.test_client()
