"""Indonesian text analysis for Whoosh, built by composition: tokenizer | stopwords | stemmer.

The schema pickles these analyzers into the index, so they live in this stable importable module.
Changing what they emit (stopwords, protected words, token rules) needs a SCHEMA_VERSION bump.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from importlib import resources

from whoosh.analysis import StemFilter, StopFilter, Token, Tokenizer

# A word: letters/digits with combining marks kept inside the token (sample files write
# "Asi̇sten" with U+0307), apostrophes inside words ("Jum'at"), hyphen compounds ("anak-anak").
# A number keeps its separators ("1.900", "47,9").
_MARKS = "\u0300-\u036f"
_NUMBER = rf"\d[\d{_MARKS}]*(?:[.,]\d[\d{_MARKS}]*)*"
_WORD = rf"[^\W\d_][\w{_MARKS}]*(?:['’‘`][\w{_MARKS}]+)*"
TOKEN_RE = re.compile(rf"{_NUMBER}(?:-?(?:[^\W\d_]|[{_MARKS}])+)?|{_WORD}(?:-(?:{_WORD}|\d+))*")
_APOSTROPHES = re.compile(r"['’‘`]")


def fold(text: str) -> str:
    """Unicode-normalise and lowercase: NFKC, then drop combining marks that sit on ASCII letters.

    "Asi̇sten" (with U+0307) becomes "asisten"; letters outside ASCII keep their accents.
    """
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        out = []
        for ch in unicodedata.normalize("NFD", text):
            if unicodedata.combining(ch) and out and out[-1].isascii():
                continue
            out.append(ch)
        text = unicodedata.normalize("NFC", "".join(out))
    return text.lower()


def _fold_word(word: str) -> str:
    return word.lower() if word.isascii() else fold(word)  # NFKC leaves ASCII as it is


def _is_reduplication(parts: list[str]) -> bool:
    """'anak-anak', 'masing-masing' are one word; 'Prabowo-Gibran' are two names."""
    return len(parts) == 2 and parts[0] == parts[1]


def split_words(text: str) -> list[tuple[str, int, int]]:
    """(folded word, start, end) for each word of `text`, offsets into the original text."""
    ascii_text = text.isascii()
    source = text.lower() if ascii_text else text  # folding ASCII is lower-casing: fold once
    if not _JOINERS.search(source):  # no word to split or clean: one pass
        if ascii_text:
            return [(m.group(0), m.start(), m.end()) for m in TOKEN_RE.finditer(source)]
        return [(_fold_word(m.group(0)), m.start(), m.end()) for m in TOKEN_RE.finditer(source)]
    words: list[tuple[str, int, int]] = []
    for match in TOKEN_RE.finditer(source):
        raw = match.group(0)
        word = raw if ascii_text else _fold_word(raw)
        if "'" in word or "’" in word or "‘" in word or "`" in word:
            word = _APOSTROPHES.sub("", word)
        if "-" in word and not word[0].isdigit():
            parts = word.split("-")
            if not _is_reduplication(parts):
                offset = match.start()
                for part in raw.split("-"):
                    folded = part if ascii_text else fold(part)
                    folded = _APOSTROPHES.sub("", folded)
                    if folded:
                        words.append((folded, offset, offset + len(part)))
                    offset += len(part) + 1
                continue
        words.append((word, match.start(), match.end()))
    return words


_JOINERS = re.compile(r"[-'’‘`]")  # hyphens split words, apostrophes are dropped from them


JOINED = "\x00"  # marks the joined form of a hyphenated compound in words_of(..., joins=True)


def words_of(text: str, joins: bool = False) -> list[str]:
    """The folded words of `text` without offsets: fold once, then split (the indexing fast path).

    With `joins`, a hyphenated compound ("hat-trick", "non-subsidi") is followed by its joined
    spelling marked with JOINED, which the tokenizer indexes at the same position, so that
    "hattrick" and "nonsubsidi" find it too (Indonesian spells these both ways)."""
    words: list[str] = []
    for raw in TOKEN_RE.findall(fold(text)):
        word = _APOSTROPHES.sub("", raw) if "'" in raw or "’" in raw or "‘" in raw or "`" in raw else raw
        if "-" in word and not word[0].isdigit():
            parts = word.split("-")
            if not _is_reduplication(parts):
                parts = [p for p in parts if p]
                words.extend(parts)
                if joins and len(parts) > 1:
                    words.append(JOINED + "".join(parts))
                continue
        words.append(word)
    return words


class IndonesianTokenizer(Tokenizer):
    """Splits text into folded words with positions and character offsets of the original."""

    def __eq__(self, other):
        return other.__class__ is self.__class__

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = value
            t.text = fold(value)
            t.boost = 1.0
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar = start_char
                t.endchar = start_char + len(value)
            yield t
            return
        if not chars and not keeporiginal:
            pos = start_pos - 1
            for word in words_of(value, joins=mode == "index"):
                if word[0] == JOINED:
                    word = word[1:]  # the joined compound sits where its last part does
                else:
                    pos += 1
                t.text = word
                t.boost = 1.0
                t.stopped = False
                if positions:
                    t.pos = pos
                yield t
            return
        for pos, (word, start, end) in enumerate(split_words(value)):
            t.text = word
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = value[start:end]
            if positions:
                t.pos = start_pos + pos
            if chars:
                t.startchar = start_char + start
                t.endchar = start_char + end
            yield t


class IndonesianStopFilter(StopFilter):
    """Whoosh's StopFilter, renumbering positions over the words kept (so phrases skip stopwords
    as the query does) while a joined compound keeps the position of the part it follows."""

    def __call__(self, tokens):
        stoplist, minsize = self.stops, self.min
        new_pos, last_pos = -1, None
        for t in tokens:
            if len(t.text) >= minsize and t.text not in stoplist:
                if t.positions:
                    if t.pos != last_pos:
                        new_pos += 1
                    last_pos = t.pos
                    t.pos = new_pos
                t.stopped = False
                yield t
            elif not t.removestops:
                t.stopped = True
                yield t


def _read_word_list(name: str) -> frozenset[str]:
    text = resources.files("archive").joinpath("data", name).read_text(encoding="utf-8")
    return frozenset(
        fold(line.strip()) for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


STOPWORDS = _read_word_list("stopwords-id.txt")
# Place names, outlet names, acronyms and a few words whose stems collide with other words
# ("pemalang" -> "malang", "penjabat" -> "jabat" = "pejabat"): indexed as written.
UNSTEMMED = _read_word_list("unstemmed-words.txt")


@functools.cache
def _sastrawi():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


_STEMS: dict[str, str] = {}
_STEM_CACHE_LIMIT = 2_000_000


def stem_word(word: str) -> str:
    """Sastrawi (dictionary-based) stem of one folded word; numbers and odd tokens pass through.

    Sastrawi conflated 60/64 Indonesian word families where Snowball managed 34/64 (DESIGN.md);
    word frequencies are Zipfian, so the memo below makes it cheap after the first thousands of
    articles. Extraction workers stem their articles' words and hand them to the writer process
    (`prime_stems`), so the single writer does not pay for it.
    """
    stem = _STEMS.get(word)
    if stem is None:
        stem = _stem(word)
        if len(_STEMS) >= _STEM_CACHE_LIMIT:
            _STEMS.clear()
        _STEMS[word] = stem
    return stem


def indexed_stem(word: str) -> str:
    """The term the stemming analyzer indexes for a folded word: its stem, or the word itself for
    the words kept unstemmed (names, abbreviations)."""
    return word if word in UNSTEMMED else stem_word(word)


def _stem(word: str) -> str:
    if not word.isalpha() and not _is_reduplication(word.split("-")):
        return word
    stemmed = _sastrawi().stem(word)
    return stemmed if stemmed and " " not in stemmed else word


def stems_for(text: str) -> dict[str, str]:
    """Stems of every word of `text` (computed here, e.g. in a worker process)."""
    return {w: stem_word(w) for w in set(words_of(text)) if w not in STOPWORDS and w not in UNSTEMMED}


def prime_stems(stems: dict[str, str]) -> None:
    """Adopt stems computed elsewhere."""
    if len(_STEMS) + len(stems) >= _STEM_CACHE_LIMIT:
        _STEMS.clear()
    _STEMS.update(stems)


def stemming_analyzer():
    """For ranked full-text fields: pelayanan, melayani, dilayani all index as 'layan'."""
    return (
        IndonesianTokenizer()
        | IndonesianStopFilter(stoplist=STOPWORDS, minsize=1)
        | StemFilter(stemfn=stem_word, ignore=UNSTEMMED, cachesize=None)
    )


def exact_analyzer():
    """For phrases, exact words and metadata text: folded words as written, stopwords dropped."""
    return IndonesianTokenizer() | IndonesianStopFilter(stoplist=STOPWORDS, minsize=1)


def analyse(text: str, stemmed: bool = True, mode: str = "query") -> list[str]:
    """The terms of `text` as a query (or, with mode="index", as the index) sees them."""
    analyzer = stemming_analyzer() if stemmed else exact_analyzer()
    return [t.text for t in analyzer(text, mode=mode)]
