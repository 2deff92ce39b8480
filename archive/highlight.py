"""Snippets and highlights as plain data: a list of (text, is_match) pieces.

Templates escape each piece and wrap matches in <mark>; JSON gets the same pieces, so no HTML from
a scraped page ever reaches a browser unescaped. Matching uses the analyzer's own folding and
stemming, so "melayani" highlights "pelayanan"; a phrase (typed in quotes, or an expansion such as
pilkada = "pemilihan kepala daerah") is marked only where its words stand together, stopwords
between them skipped as the index skips them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection

from archive.analysis import STOPWORDS, indexed_stem, split_words

Piece = tuple[str, bool]
SNIPPET_WORDS = 36
MAX_SNIPPET_TOKENS = 30_000  # a snippet never reads further into a huge text than this


def _cores(stems: Collection[str]) -> tuple[str, ...]:
    """What a word must contain to stem to one of `stems`. Stemming only strips affixes and may
    recode a stem's first letter (memukul -> pukul, menyapu -> sapu), so the rest of the stem
    stands in the word as written. Words without any core are never stemmed: a fresh server
    process has no stems cached, and stemming every word of twenty snippets cost seconds."""
    return tuple(dict.fromkeys(stem[1:] if len(stem) > 1 else stem for stem in stems))


def matches(
    tokens: list[tuple[str, int, int]],
    words: Collection[str],
    stems: Collection[str],
    phrases: Collection[tuple[str, ...]] = (),
) -> list[bool]:
    """Which tokens to mark: single words (any form), and runs that spell a phrase."""
    marked = [False] * len(tokens)
    if not (words or stems or phrases):
        return marked
    cores = _cores({*stems, *(stem for phrase in phrases for stem in phrase)})
    could_stem = re.compile("|".join(map(re.escape, cores))).search if cores else None
    token_stems: list[str | None] = [None] * len(tokens)  # None: stems to none of the wanted
    for i, (word, _, _) in enumerate(tokens):
        if could_stem and could_stem(word):
            token_stems[i] = indexed_stem(word)
        marked[i] = word in words or (token_stems[i] is not None and token_stems[i] in stems)
    if phrases:
        content = [i for i, (word, _, _) in enumerate(tokens) if word not in STOPWORDS]
        sequence = [token_stems[i] for i in content]
        for phrase in phrases:
            size = len(phrase)
            for start in range(len(sequence) - size + 1):
                if sequence[start] == phrase[0] and tuple(sequence[start : start + size]) == phrase:
                    for k in range(start, start + size):
                        marked[content[k]] = True
    return marked


def mark(text: str, words, stems, phrases=()) -> list[Piece]:
    """The whole text in pieces, matches marked."""
    tokens = split_words(text)
    pieces, last = _pieces(text, tokens, matches(tokens, words, stems, phrases), 0)
    if last < len(text):
        pieces.append((text[last:], False))
    return pieces


def _pieces(text: str, tokens, marked: list[bool], offset: int) -> tuple[list[Piece], int]:
    """Pieces from `offset` to the last marked token; returns them and where they end."""
    pieces: list[Piece] = []
    last = offset
    for (_, start, end), is_match in zip(tokens, marked, strict=True):
        if is_match:
            if start > last:
                pieces.append((text[last:start], False))
            pieces.append((text[start:end], True))
            last = end
    return pieces, last


def snippet(text: str, words, stems, phrases=(), size: int = SNIPPET_WORDS) -> list[Piece]:
    """The window of `size` words with the most distinct matches; the opening words if none.

    One pass with a sliding window (a text repeating one word 20,000 times costs 20,000 steps,
    not 400 million)."""
    tokens = split_words(text[: MAX_SNIPPET_TOKENS * 12])[:MAX_SNIPPET_TOKENS]
    if not tokens:
        return []
    marked = matches(tokens, words, stems, phrases)
    start = _best_window(tokens, marked, size)
    if start > 0:
        start = max(0, start - 4)
    end = min(len(tokens), start + size)
    begin_char = tokens[start][1]
    end_char = tokens[end - 1][2]
    if end < len(tokens):
        end_char = _sentence_end(text, end_char)
    pieces, last = _pieces(text, tokens[start:end], marked[start:end], begin_char)
    if last < end_char:
        pieces.append((text[last:end_char], False))
    if start > 0:
        pieces.insert(0, ("… ", False))
    if end_char < len(text.rstrip()):
        pieces.append((" …", False))
    return pieces


def _best_window(tokens, marked: list[bool], size: int) -> int:
    """Start of the first window of `size` tokens holding the most distinct marked words."""
    hits = [i for i, is_match in enumerate(marked) if is_match]
    if not hits:
        return 0
    counts: Counter[str] = Counter()
    best, best_score, right = hits[0], -1, 0
    for left_index, left in enumerate(hits):
        while right < len(hits) and hits[right] < left + size:
            counts[tokens[hits[right]][0]] += 1
            right += 1
        if len(counts) > best_score:
            best, best_score = left, len(counts)
        previous = tokens[hits[left_index]][0]
        counts[previous] -= 1
        if not counts[previous]:
            del counts[previous]
    return best


def _sentence_end(text: str, position: int) -> int:
    """Extend to the end of the current word-run punctuation (a comma, a full stop) if near."""
    for i in range(position, min(len(text), position + 3)):
        if text[i] in ".,;:!?":
            return i + 1
    return position


def plain(pieces: list[Piece]) -> str:
    return "".join(text for text, _ in pieces)
