"""Near-duplicate arithmetic on MinHash signatures: the share of equal values estimates the Jaccard
similarity of two texts' shingle sets; banded LSH keys find the candidates.

The register keeps a b-bit sketch of each signature (Li & König, "b-Bit Minwise Hashing", 2010):
the lowest BITS bits of every value, 256 bytes instead of 512. Two unequal values agree on their
low bits by chance with probability 2**-BITS, which the estimate takes out again. The band keys
are computed from the full signature before it is reduced, so candidates are found as before.

Pure arithmetic on the integers the indexer computed, so the archive needs no extra library.
"""

from __future__ import annotations

import hashlib
from array import array

BANDS = 16  # 16 bands of 8 rows: pairs with Jaccard >= ~0.7 share a band with high probability
# Estimated Jaccard of 5-word shingles at or above which two texts are one story; chosen with
# bench/eval_duplicates.py (precision 0.988, recall >= 0.95 on constructed copies, make eval).
NEAR_DUPLICATE = 0.7
BITS = 16  # 8 bits grouped one more pair of different stories in make eval; 16 match full values
_CHANCE = 2.0**-BITS


def sketch(signature: list[int]) -> bytes:
    """The lowest BITS bits of every MinHash value."""
    return array("H", [v & 0xFFFF for v in signature]).tobytes()


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two sketched signatures (0 when they cannot be compared)."""
    if not a or not b or len(a) != len(b):
        return 0.0
    x, y = array("H"), array("H")
    x.frombytes(a)
    y.frombytes(b)
    agree = sum(p == q for p, q in zip(x, y, strict=True)) / len(x)
    return max(0.0, (agree - _CHANCE) / (1.0 - _CHANCE))


def band_keys(signature: list[int]) -> list[int]:
    """One signed 32-bit key per band of the full signature: articles sharing a key are candidates
    (a chance collision only costs one similarity check)."""
    if not signature:
        return []
    rows = len(signature) // BANDS
    keys = []
    for band in range(BANDS):
        chunk = array("I", signature[band * rows : (band + 1) * rows]).tobytes()
        digest = hashlib.blake2b(chunk, digest_size=4, person=band.to_bytes(2, "little")).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


def hash_key(text_hash: str) -> int:
    """The first 64 bits of an exact-text hash, as a signed SQLite integer."""
    return int(text_hash[:16], 16) - (1 << 63) if text_hash else 0
