"""Near-duplicate grouping from MinHash signatures: banded LSH keys find candidates, the share of
equal signature values (an estimate of Jaccard similarity of the shingle sets) decides.

Pure arithmetic on the integers the indexer computed, so the archive needs no extra library.
"""

from __future__ import annotations

import hashlib
from array import array

BANDS = 16  # 16 bands of 8 rows: pairs with Jaccard >= ~0.7 share a band with high probability
# Estimated Jaccard of 5-word shingles at or above which two texts are one story; chosen with
# bench/eval_duplicates.py (precision 0.989, recall >= 0.95 on constructed copies, make eval).
NEAR_DUPLICATE = 0.7


def band_keys(signature: list[int]) -> list[str]:
    if not signature:
        return []
    rows = len(signature) // BANDS
    keys = []
    for band in range(BANDS):
        chunk = array("I", signature[band * rows : (band + 1) * rows]).tobytes()
        keys.append(f"b{band}x{hashlib.blake2b(chunk, digest_size=6).hexdigest()}")
    return keys


def similarity(a: list[int], b: list[int]) -> float:
    if not a or not b or len(a) != len(b):
        return 0.0
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)


def pack_signature(signature: list[int]) -> bytes:
    return array("I", signature).tobytes()


def unpack_signature(data: bytes | None) -> list[int]:
    if not data:
        return []
    values = array("I")
    values.frombytes(data)
    return values.tolist()
