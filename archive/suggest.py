"""Did you mean: a correction of the typed words the index does not know, offered only when it
finds articles.

Whoosh's corrector compares a word with every term sharing its first letters in Python, so only
words of a plausible length are tried (a 480-letter word cost 1.9 s of CPU), at most MAX_WORDS.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from archive.analysis import stem_word

MIN_CHARS, MAX_CHARS, MAX_WORDS = 4, 24, 3


def suggest(searcher, text: str, words: list[str], finds: Callable[[str], bool]) -> str | None:
    """`text` with its unknown `words` corrected, if `finds(corrected)` says that matches."""
    corrected = text
    changed = False
    unknown = [
        w
        for w in dict.fromkeys(words)
        if MIN_CHARS <= len(w) <= MAX_CHARS
        and not (searcher.doc_frequency("title_exact", w) or searcher.doc_frequency("body", stem_word(w)))
    ]
    for word in unknown[:MAX_WORDS]:
        # headline words are whole words (body terms are stems): suggest from them first
        options = searcher.suggest("title_exact", word, limit=1, maxdist=2, prefix=2) or searcher.suggest(
            "body", word, limit=1, maxdist=2, prefix=2
        )
        if options and options[0] != word:
            corrected = _replace_word(corrected, word, options[0])
            changed = True
    if not changed or not finds(corrected):
        return None
    return corrected


def _replace_word(text: str, old: str, new: str) -> str:
    return re.sub(rf"(?i)\b{re.escape(old)}\b", new, text, count=1)
