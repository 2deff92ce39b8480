"""People, organisations and places named in an article, normalised for facets.

People come from indexer.people, bodies from indexer.organisations, places from the gazetteer
(this module); the word lists they read are in indexer.lexicon and indexer/data/.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from archive.analysis import fold
from archive.vocabulary import vocabulary
from indexer.gazetteer import KABUPATEN, KOTA, gazetteer
from indexer.lexicon import GOVERNMENT_RE, canonical_place, common_words, dedupe, org_words
from indexer.organisations import find_organisations, without_people
from indexer.people import find_people


@dataclass
class Entities:
    people: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    provinces: list[str] = field(default_factory=list)  # "Jawa Timur"
    regencies: list[str] = field(default_factory=list)  # "Kabupaten Lumajang"


def warm_up() -> None:
    """Load the word lists, dictionaries and gazetteer once (before extraction workers fork)."""
    common_words()
    org_words()
    _place_names()


@functools.cache
def _place_names() -> tuple[dict[str, str], int]:
    """Province names and short forms, and regency names that are not ordinary words, by folded
    form -> the form to resolve; and the longest name in words."""
    g = gazetteer()
    common = common_words()
    names: dict[str, str] = {}
    for province in g.provinces:
        names[fold(province)] = province
    for group in vocabulary().in_category("province") + vocabulary().in_category("regency"):
        for form in group.forms:
            names[fold(form)] = form
    names["jakarta"] = "Jakarta"
    for r in g.regencies:
        # multi-word names are unambiguous; single words only when they are not ordinary words
        if " " in r.name or fold(r.name) not in common:
            names[fold(r.name)] = r.name
    return names, max(len(k.split()) for k in names)


CAPITALISEDITALISED_RUN = re.compile(r"\b[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*")


def _mentioned_places(text: str):
    """Gazetteer names among the capitalised word runs of `text`, longest match first."""
    names, longest = _place_names()
    for run in CAPITALISEDITALISED_RUN.finditer(text):
        words = fold(run.group(0)).split()  # folded once; the names are looked up folded
        i = 0
        while i < len(words):
            for n in range(min(longest, len(words) - i), 0, -1):
                name = names.get(" ".join(words[i : i + n]))
                if name:
                    yield name
                    i += n
                    break
            else:
                i += 1


# "di Jember", "warga Batu": after these words a capitalised town name is a place even when the
# name is also an ordinary word.
_PLACE_CUE_RE = re.compile(
    r"\b(?i:di|ke|dari|warga|asal|wilayah|daerah|kawasan|masyarakat)\s+([A-Z][a-z]+)\b"
)


def find_places(text: str) -> tuple[list[str], list[str]]:
    """(regencies/cities, provinces) named in the text, canonical, in order of first mention."""
    regencies, provinces = [], []
    for match in GOVERNMENT_RE.finditer(text):
        kind = match["kind"]
        prefer = KOTA if "Kota" in kind or "kot" in kind.lower() else KABUPATEN
        if "Prov" in kind:
            province, regency = canonical_place(match["name"])
        else:
            province, regency = canonical_place(match["name"], prefer=prefer)
            if regency and not regency.startswith(prefer):
                regency = None
        if regency:
            regencies.append(regency)
        if province:
            provinces.append(province)
    cued = [m.group(1) for m in _PLACE_CUE_RE.finditer(text) if fold(m.group(1)) in gazetteer().by_name]
    for name in [*_mentioned_places(text), *cued]:
        province, regency = canonical_place(name)
        if regency:
            regencies.append(regency)
        if province:
            provinces.append(province)
    return dedupe(regencies), dedupe(provinces)


def find_entities(title: str, body: str) -> Entities:
    """Entities of an article; people and bodies only from the body (headlines capitalise every word)."""
    text = f"{title}\n{body}"
    regencies, provinces = find_places(text)
    people = find_people(body)
    return Entities(
        people=people,
        organisations=without_people(find_organisations(body), people),
        provinces=provinces,
        regencies=regencies,
    )
