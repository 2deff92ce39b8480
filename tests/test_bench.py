"""`make bench` and `make eval` run outside the test suite; their modules must at least import
(a helper moved between archive modules once broke `make eval` unnoticed)."""

import importlib
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.mark.parametrize("module", sorted(p.stem for p in BENCH.glob("*.py") if p.stem != "__init__"))
def test_bench_module_imports(module):
    importlib.import_module(f"bench.{module}")
