"""A facet lists its top values without naming every value that has hits (archive.facets.top_values):
the list, with ties at the cut and selected values beyond it, must be the one naming all gives."""

from __future__ import annotations

import numpy as np
import pytest

from archive.facets import FacetArrays, ranked_counts, top_values


def every_value(arrays: FacetArrays, counts: np.ndarray, selected: list[str], limit: int | None):
    found = {arrays.values[i]: int(counts[i]) for i in np.flatnonzero(counts)}
    return ranked_counts(found, selected, limit), len(found)


@pytest.mark.parametrize("seed", range(60))
def test_the_top_values_are_those_of_all_values(seed):
    rng = np.random.default_rng(seed)
    size = int(rng.integers(1, 400))
    values = [f"Nama {i:03d}" for i in range(size)]
    value_ids = {v: i for i, v in enumerate(values)}
    value_ids["Nama"] = 0  # a short name counted under a full one (person facet)
    arrays = FacetArrays.of(values, value_ids, np.zeros(0, np.int64), np.zeros(0, np.int32), 0)
    counts = rng.integers(0, 6, size) * rng.integers(0, 2, size)  # many zeros, many ties
    selected = [values[int(i)] for i in rng.integers(0, size, int(rng.integers(0, 4)))] + [
        "Nama",
        "Tidak Ada",
    ]
    for limit in (None, 1, 5, 10, size):
        assert top_values(arrays, counts, selected, limit) == every_value(arrays, counts, selected, limit)
