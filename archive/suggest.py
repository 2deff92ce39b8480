"""Did you mean: a correction of the typed words the archive does not know, offered only when it
finds articles. The engine answers two questions through a `Lexicon`: which words it does not
know, and the closest word it does know (headline words first: they are whole words, body terms
are stems); the rest is the same on every engine.

Whoosh's corrector compares a word with every term sharing its first letters in Python, so only
words of a plausible length are tried (a 480-letter word cost 1.9 s of CPU), at most MAX_WORDS.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Protocol

from archive.analysis import stem_word

MIN_CHARS, MAX_CHARS, MAX_WORDS = 4, 24, 3
MAX_EDITS, SAME_START = 2, 2  # a correction differs by at most two edits, never in its first two letters


class Lexicon(Protocol):
    def unknown(self, words: list[str]) -> list[str]:
        """The words neither a headline nor a body (by its stem) contains."""

    def closest(self, word: str) -> str | None:
        """The known word nearest to `word` (fewest edits, then most frequent)."""


def suggest(lexicon: Lexicon, text: str, words: list[str], finds: Callable[[str], bool]) -> str | None:
    """`text` with its unknown `words` corrected, if `finds(corrected)` says that matches."""
    plausible = [w for w in dict.fromkeys(words) if MIN_CHARS <= len(w) <= MAX_CHARS]
    corrected, changed = text, False
    for word in lexicon.unknown(plausible)[:MAX_WORDS]:
        option = lexicon.closest(word)
        if option and option != word:
            corrected = _replace_word(corrected, word, option)
            changed = True
    if not changed or not finds(corrected):
        return None
    return corrected


class WhooshLexicon:
    """The lexicon of one Whoosh searcher."""

    def __init__(self, searcher):
        self.searcher = searcher

    def unknown(self, words: list[str]) -> list[str]:
        frequency = self.searcher.doc_frequency
        return [w for w in words if not (frequency("title_exact", w) or frequency("body", stem_word(w)))]

    def closest(self, word: str) -> str | None:
        for field in ("title_exact", "body"):
            options = self.searcher.suggest(field, word, limit=1, maxdist=MAX_EDITS, prefix=SAME_START)
            if options:
                return options[0]
        return None


def _replace_word(text: str, old: str, new: str) -> str:
    return re.sub(rf"(?i)\b{re.escape(old)}\b", new, text, count=1)
