"""The abbreviation and variant dictionary (`data/abbreviations.txt`): Jatim = Jawa Timur, MPP = Mal
Pelayanan Publik, Pj = Penjabat.

Used at query time (each form finds the others) and by the indexer to normalise entity names.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

from archive.analysis import STOPWORDS, split_words


@dataclass(frozen=True)
class Group:
    """One set of equivalent forms; `canonical` is the form shown to users."""

    category: str
    canonical: str
    forms: tuple[str, ...]  # every form including the canonical one, as written


class Vocabulary:
    def __init__(self, groups: list[Group]):
        self.groups = groups
        self._by_key: dict[tuple[str, ...], list[Group]] = {}
        for group in groups:
            for form in group.forms:
                self._by_key.setdefault(key(form), []).append(group)
        self.max_words = max((len(k) for k in self._by_key), default=1)

    def lookup(self, words: tuple[str, ...]) -> list[Group]:
        """Groups containing exactly this sequence of folded words."""
        return self._by_key.get(words, [])

    def alternatives(self, words: tuple[str, ...]) -> list[tuple[str, ...]]:
        """Every other form (as folded word tuples) equivalent to `words`."""
        seen = {words}
        out = []
        for group in self.lookup(words):
            for form in group.forms:
                k = key(form)
                if k and k not in seen:
                    seen.add(k)
                    out.append(k)
        return out

    def canonical(self, text: str, category: str | None = None) -> str | None:
        for group in self.lookup(key(text)):
            if category is None or group.category == category:
                return group.canonical
        return None

    def in_category(self, category: str) -> list[Group]:
        return [g for g in self.groups if g.category == category]

    def short_forms(self) -> set[str]:
        """Single-word forms (acronyms, contractions) that must not be stemmed."""
        return {k[0] for k in self._by_key if len(k) == 1}

    def find_runs(self, words: list[str]) -> list[tuple[int, int]]:
        """Greedy longest matches of dictionary forms in a word sequence, as (start, end)."""
        runs, i = [], 0
        while i < len(words):
            for n in range(min(self.max_words, len(words) - i), 0, -1):
                if tuple(words[i : i + n]) in self._by_key:
                    runs.append((i, i + n))
                    i += n
                    break
            else:
                i += 1
        return runs


def key(form: str) -> tuple[str, ...]:
    """Folded words of a form without stopwords, the way the index and the query parser see it."""
    return tuple(word for word, _, _ in split_words(form) if word not in STOPWORDS)


_LINE = re.compile(r"^\s*([a-z-]+)\s*:\s*(.+)$")


def parse(text: str) -> list[Group]:
    groups = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _LINE.match(line)
        if not match:
            raise ValueError(f"abbreviations.txt line {number}: expected 'category: form | form'")
        forms = tuple(f.strip() for f in match.group(2).split("|") if f.strip())
        if len(forms) < 2:
            raise ValueError(f"abbreviations.txt line {number}: a group needs two forms or more")
        groups.append(Group(category=match.group(1), canonical=forms[0], forms=forms))
    return groups


@functools.cache
def vocabulary() -> Vocabulary:
    text = resources.files("archive").joinpath("data", "abbreviations.txt").read_text("utf-8")
    return Vocabulary(parse(text))
