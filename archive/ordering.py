"""Each matching story once, at its best-placed version, in the request's order -- sorting only
as many of the best matches as the page needs.

Sorting every match (np.lexsort on score, date and document number, then np.unique over the
story ids) was most of a broad search at a million articles: about half a second for
"pemerintah" or for the whole archive by date. The order's first key splits the matches: those
at or before the k-th best value of it are a prefix of the full order (ties at the boundary
included), and a story's first place in a prefix is its first place overall, so the leaders
found in the prefix are exactly the first leaders of the whole list. When a prefix holds fewer
stories than the page needs, a longer one is taken.
"""

from __future__ import annotations

import numpy as np

FIRST_PREFIX = 256  # matches sorted at the least; four times the stories needed when that is more


def first_stories(docs: np.ndarray, keys: list[np.ndarray], groups: np.ndarray, needed: int) -> np.ndarray:
    """The first `needed` story leaders among `docs`, ordered by `keys` (np.lexsort's convention:
    the last key sorts first, smaller values first; one value per entry of `docs`), each story
    (`groups`: a story number per document) at its first place."""
    if needed <= 0 or not len(docs):
        return docs[:0]
    primary = keys[-1]
    take = max(needed * 4, FIRST_PREFIX)
    while True:
        if take >= len(docs):
            chosen, chosen_keys = docs, keys
        else:
            bound = np.partition(primary, take - 1)[take - 1]
            within = primary <= bound
            chosen, chosen_keys = docs[within], [key[within] for key in keys]
        ordered = chosen[np.lexsort(chosen_keys)]
        _, first = np.unique(groups[ordered], return_index=True)
        leaders = ordered[np.sort(first)]
        if len(leaders) >= needed or len(chosen) == len(docs):
            return leaders[:needed]
        take *= 4


def story_count(docs: np.ndarray, groups: np.ndarray, stories: int) -> int:
    """How many stories `docs` belong to (`groups` numbers them 0 .. stories - 1): one count, no sort."""
    return int(np.count_nonzero(np.bincount(groups[docs], minlength=stories)))


def story_members(docs: np.ndarray, groups: np.ndarray, stories: int, of: np.ndarray) -> np.ndarray:
    """The entries of `docs` that share a story with a document of `of` (a page's hits)."""
    wanted = np.zeros(stories, dtype=bool)
    wanted[groups[of]] = True
    return docs[wanted[groups[docs]]]
