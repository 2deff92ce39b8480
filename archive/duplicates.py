"""Near-duplicate arithmetic on MinHash signatures: the share of equal values estimates the Jaccard
similarity of two texts' shingle sets; banded LSH keys (see `archive.stories`) find candidates.

Pure arithmetic on the integers the indexer computed, so the archive needs no extra library.
"""

from __future__ import annotations

BANDS = 16  # 16 bands of 8 rows: pairs with Jaccard >= ~0.7 share a band with high probability
# Estimated Jaccard of 5-word shingles at or above which two texts are one story; chosen with
# bench/eval_duplicates.py (precision 0.989, recall >= 0.95 on constructed copies, make eval).
NEAR_DUPLICATE = 0.7


def similarity(a: list[int], b: list[int]) -> float:
    if not a or not b or len(a) != len(b):
        return 0.0
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)
