"""Fingerprints for duplicates: an exact hash of the normalised text, and a MinHash of word 5-gram
shingles (datasketch) for near-duplicates — the same story re-scraped with furniture added or a
paragraph dropped, or syndicated to several outlets.

The archive groups near-duplicates by banded LSH keys over the signature (see `archive.store`);
the signature is plain integers so that it crosses into the archive without datasketch.
"""

from __future__ import annotations

import functools
import hashlib

from datasketch import MinHash

from archive.analysis import words_of

NUM_PERM = 128
SHINGLE = 5
_SEED = 7  # fixed: signatures must stay comparable across runs and processes


def text_hash(title: str, body: str) -> str:
    """Same words in the same order = the same article, whatever the spacing, case or furniture."""
    return hashlib.sha1(" ".join(words_of(f"{title}\n{body}")).encode("utf-8")).hexdigest()


@functools.cache
def _template() -> MinHash:
    """The hash permutations depend on the seed only: made once, not for every article."""
    return MinHash(num_perm=NUM_PERM, seed=_SEED)


def signature(body: str) -> list[int]:
    words = words_of(body)
    shingles = {
        " ".join(words[i : i + SHINGLE]).encode("utf-8") for i in range(max(1, len(words) - SHINGLE + 1))
    }
    template = _template()
    minhash = MinHash(
        num_perm=NUM_PERM, seed=_SEED, permutations=template.permutations, scheme=template.scheme
    )
    minhash.update_batch(list(shingles))
    return [int(v) for v in minhash.hashvalues]
