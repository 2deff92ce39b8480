"""Snippets and highlights as plain data: a list of (text, is_match) pieces.

Templates escape each piece and wrap matches in <mark>; JSON gets the same pieces, so no HTML from
a scraped page ever reaches a browser unescaped. Matching uses the analyzer's own folding and
stemming, so "melayani" highlights "pelayanan".
"""

from __future__ import annotations

from archive.analysis import UNSTEMMED, split_words, stem_word

Piece = tuple[str, bool]
SNIPPET_WORDS = 36


def _is_match(word: str, words: set[str], stems: set[str]) -> bool:
    if word in words:
        return True
    return bool(stems) and (word if word in UNSTEMMED else stem_word(word)) in stems


def mark(text: str, words: set[str], stems: set[str]) -> list[Piece]:
    """The whole text in pieces, matches marked."""
    pieces: list[Piece] = []
    last = 0
    for word, start, end in split_words(text):
        if _is_match(word, words, stems):
            if start > last:
                pieces.append((text[last:start], False))
            pieces.append((text[start:end], True))
            last = end
    if last < len(text):
        pieces.append((text[last:], False))
    return pieces


def snippet(text: str, words: set[str], stems: set[str], size: int = SNIPPET_WORDS) -> list[Piece]:
    """The window of `size` words with the most distinct matches; the opening words if none."""
    tokens = split_words(text)
    if not tokens:
        return []
    hits = [i for i, (w, _, _) in enumerate(tokens) if (words or stems) and _is_match(w, words, stems)]
    start = 0
    if hits:
        best, best_score = hits[0], -1
        for h in hits:
            window = {tokens[j][0] for j in hits if h <= j < h + size}
            if len(window) > best_score:
                best, best_score = h, len(window)
        start = max(0, best - 4)
    end = min(len(tokens), start + size)
    begin_char = tokens[start][1]
    end_char = tokens[end - 1][2]
    if end < len(tokens):
        end_char = _sentence_end(text, end_char)
    pieces = mark(text[begin_char:end_char], words, stems)
    if start > 0:
        pieces.insert(0, ("… ", False))
    if end_char < len(text.rstrip()):
        pieces.append((" …", False))
    return pieces


def _sentence_end(text: str, position: int) -> int:
    """Extend to the end of the current word-run punctuation (a comma, a full stop) if near."""
    for i in range(position, min(len(text), position + 3)):
        if text[i] in ".,;:!?":
            return i + 1
    return position


def plain(pieces: list[Piece]) -> str:
    return "".join(text for text, _ in pieces)
