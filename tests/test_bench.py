"""`make bench` and `make eval` run outside the test suite; their modules must at least import
(a helper moved between archive modules once broke `make eval` unnoticed)."""

import importlib
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.mark.parametrize("module", sorted(p.stem for p in BENCH.glob("*.py") if p.stem != "__init__"))
def test_bench_module_imports(module):
    importlib.import_module(f"bench.{module}")


def test_the_extraction_profile_finds_every_stage_it_names():
    """A stage renamed in indexer/ must not quietly show 0 ms in `make profile-extraction`."""
    from bench.profile_extraction import STAGES, profile

    corpus = BENCH.parent / "corpus"
    paths = sorted(p.name for p in corpus.iterdir() if p.is_file())
    costs, _, _ = profile(corpus, paths)
    assert [label for label, *key in STAGES if costs.get(tuple(key), 0) <= 0] == []
