"""The words entity extraction reads, loaded once: offices, body heads, ranks and countries from
indexer/data/*.txt, Sastrawi's root words, the dictionary's and the gazetteer's names; and the
small helpers people, organisations and places share.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

from archive.analysis import fold
from archive.calendar import INDONESIAN_MONTHS, WEEKDAYS
from archive.vocabulary import key as vocabulary_key
from archive.vocabulary import vocabulary
from indexer.gazetteer import gazetteer


def word_list(name: str) -> tuple[str, ...]:
    """The entries of indexer/data/<name>, one per line; lines starting with # are comments."""
    text = resources.files("indexer").joinpath("data", name).read_text("utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


OFFICES = word_list("offices.txt")
BODY_HEADS = word_list("body-heads.txt")
RANKS = frozenset(word_list("ranks.txt"))
CAPITALISED = r"[A-Z][\w'’.-]*"
# Offices that end a body's name ("Polres Barru Kapolres ..."); not those inside names (Kantor Staf Presiden).
OFFICE_WORDS = {t.split()[0] for t in OFFICES} - {
    "Presiden",
    "Gubernur",
    "Bupati",
    "Wali",
    "Walikota",
    "Wakil",
}
GOVERNMENT_RE = re.compile(
    rf"\b(?P<kind>Pemkab|Pemkot|Pemprov|Pemerintah Kabupaten|Pemerintah Kota|Pemerintah Provinsi|"
    rf"Kabupaten|Kab\.|Kota|Provinsi|Bupati|Wakil Bupati|Wali Kota|Walikota|Wakil Wali Kota)"
    rf"\s+(?P<name>{CAPITALISED}(?:\s+{CAPITALISED}){{0,2}})"
)
CAMEL_GLUE = re.compile(r"[a-z]{2,}[A-Z]")  # "PantauandetikJabar": words a scrape ran together

CALENDAR = {name.lower() for name in INDONESIAN_MONTHS} | {names[0].lower() for names in WEEKDAYS}


HONORIFIC_TOKEN = re.compile(r"^(?:Prof|Dr|Drs|Dra|Ir|H|Hj|KH|dr|drg|[A-Z])\.$")


@functools.cache
def common_words() -> frozenset[str]:
    """Sastrawi's root-word dictionary: capitalised, these start sentences rather than name people."""
    path = resources.files("Sastrawi").joinpath("Stemmer", "data", "kata-dasar.txt")
    return frozenset(w.strip() for w in path.read_text("utf-8").split() if w.strip())


@functools.cache
def org_words() -> frozenset[str]:
    """Words that make up office and body names (Keuangan, Dalam, Negeri, Kesehatan) and places."""
    words = set()
    for group in vocabulary().groups:
        for form in group.forms:
            words.update(vocabulary_key(form))
    words |= {w for name in gazetteer().names() for w in name.split()}
    words |= {w for name in countries() for w in fold(name).split()}
    words |= {fold(h) for h in BODY_HEADS}
    return frozenset(words)


@functools.cache
def countries() -> frozenset[str]:
    return frozenset(word_list("countries.txt"))


@functools.cache
def body_words() -> frozenset[str]:
    """Words that make a capitalised run a company or a unit, not a person (data/body-words.txt)."""
    return frozenset(w for line in word_list("body-words.txt") for w in line.split())


def merge_names(names: list[str]) -> list[str]:
    """Keep the fullest form of each person: "Khofifah" folds into "Khofifah Indar Parawansa"."""
    unique: list[str] = []
    for name in sorted(set(names), key=len, reverse=True):
        words = set(fold(name).split())
        if any(words <= set(fold(u).split()) for u in unique):
            continue
        unique.append(name)
    order = {n: names.index(n) for n in unique}
    return sorted(unique, key=order.get)


def canonical_place(text: str, prefer: str | None = None) -> tuple[str | None, str | None]:
    place = gazetteer().resolve(text, prefer=prefer)
    if not place:
        return None, None
    return place.province, place.regency


def dedupe(values: list[str]) -> list[str]:
    seen, out = set(), []
    for value in values:
        k = fold(value)
        if k not in seen:
            seen.add(k)
            out.append(value)
    return out
