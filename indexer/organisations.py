"""Bodies named in an article: by a head word ("Kementerian ...", "Badan ..."), an acronym the
dictionary knows or the article spells out ("BPSDM Jatim", "Badan Pengatur Jalan Tol (BPJT)"), or a
local government ("Pemkab Lamsel" -> "Pemerintah Kabupaten Lampung Selatan").
"""

from __future__ import annotations

import functools
import re

from archive.analysis import fold
from archive.vocabulary import vocabulary
from indexer.gazetteer import KABUPATEN, KOTA
from indexer.lexicon import (
    BODY_HEADS,
    CAMEL_GLUE,
    CAPITALISED,
    GOVERNMENT_RE,
    OFFICE_WORDS,
    RANKS,
    canonical_place,
    common_words,
    dedupe,
    merge_names,
    org_words,
)

_ORG_RE = re.compile(
    r"\b(?P<head>" + "|".join(re.escape(h) for h in sorted(BODY_HEADS, key=len, reverse=True)) + r")"
    rf"(?P<rest>(?:\s+(?:{CAPITALISED}|dan|&|RI)){{1,8}})"
)
_ACRONYM_RE = re.compile(
    rf"\b(?P<acronym>[A-Z][A-Za-z]*[A-Z]+[A-Za-z]*|Pemkab|Pemkot|Pemprov|Pemda)\b(?P<rest>(?:\s+{CAPITALISED}){{0,3}})"
)
_ORG_CATEGORIES = {"government", "ministry", "election", "public-service"}


@functools.cache
def _org_acronyms() -> dict[str, str]:
    """ACRONYM (as written) -> canonical body name, for dictionary groups that are organisations."""
    out = {}
    for group in vocabulary().groups:
        if group.category not in _ORG_CATEGORIES or not _is_org_name(group.canonical):
            continue
        for form in group.forms[1:]:
            if re.fullmatch(r"[A-Z][A-Za-z-]*[A-Z][A-Za-z]*|Pem\w+", form):
                out[form] = group.canonical
    return out


def _is_org_name(name: str) -> bool:
    return any(name.startswith(head + " ") for head in BODY_HEADS) or name.startswith(
        ("Organisasi", "Mal Pelayanan", "Unit", "Satuan", "Rumah Sakit", "Tentara")
    )


def find_organisations(text: str) -> list[str]:
    found: list[str] = []
    voc = vocabulary()
    for match in GOVERNMENT_RE.finditer(text):
        kind = match["kind"]
        if not kind.startswith("Pem"):
            continue
        level = {"Pemkab": KABUPATEN, "Pemkot": KOTA, "Pemprov": "Provinsi"}.get(kind) or kind.split()[-1]
        province, regency = canonical_place(match["name"], prefer=level if level != "Provinsi" else None)
        if level == "Provinsi" and province:
            found.append(f"Pemerintah Provinsi {province}")
        elif regency and regency.startswith(level):
            found.append(f"Pemerintah {regency}")
    defined: dict[str, str] = {}  # acronyms this article spells out: "Badan Pengatur Jalan Tol (BPJT)"
    for match in _ORG_RE.finditer(text):
        if match["head"] == "Pemerintah":
            continue
        words = _name_until_stop(match["rest"].split())
        if not words:
            continue
        name = f"{match['head']} {' '.join(words)}"
        name = voc.canonical(name) or name
        found.append(name)
        after = text[match.end() : match.end() + 14]
        short = re.match(r"\s*\(([A-Z][A-Za-z]{1,9})\)", after)
        if short:
            defined[short.group(1)] = name
    acronyms = {**_org_acronyms(), **defined}
    for match in _ACRONYM_RE.finditer(text):
        canonical = acronyms.get(match["acronym"])
        if not canonical:
            continue
        province, regency = (None, None)
        rest = [w.rstrip(".,") for w in match["rest"].split()]
        qualifier = []
        while rest and fold(rest[0]) in org_words() and not canonical_place(rest[0])[0]:
            qualifier.append(rest.pop(0))  # "BPJS Kesehatan", "KAI Commuter" stay whole
        for n in range(len(rest), 0, -1):
            province, regency = canonical_place(" ".join(rest[:n]))
            if province:
                break
        if qualifier:
            canonical = f"{canonical} {' '.join(qualifier)}"
        if canonical.startswith("Pemerintah ") and not (province or regency):
            continue  # "Pemkab" alone names no particular government
        suffix = regency or province
        if regency and canonical.startswith(("Pemerintah Kabupaten", "Pemerintah Kota")):
            found.append(f"Pemerintah {regency}")  # "Pemkab Lamsel": the regency names the kind
        else:
            found.append(f"{canonical} {suffix}" if suffix else canonical)
    return merge_names(dedupe(found))


def _name_until_stop(words: list[str]) -> list[str]:
    """The words of a body's name: up to a sentence end, a rank or an office, connectors dropped."""
    kept = []
    for word in words:
        if fold(word.rstrip(".,")) in RANKS or word in OFFICE_WORDS or CAMEL_GLUE.search(word):
            break
        if word.endswith(".") and not re.fullmatch(r"[A-Z]\.", word):
            kept.append(word.rstrip("."))
            break
        kept.append(word)
    while kept and kept[-1] in {"dan", "&"}:
        kept.pop()
    return _drop_trailing_person(kept)


def _drop_trailing_person(words: list[str]) -> list[str]:
    """ "Bank DBS Indonesia Anthonius Sehonamin" -> "Bank DBS Indonesia": after an acronym or a place,
    up to four capitalised words that belong to no body name are the person speaking for it."""
    body_name_words = org_words()

    def org_like(word: str) -> bool:
        bare = word.strip("(),")
        return (bare.isupper() and len(bare) > 1) or fold(bare) in body_name_words or "-" in bare

    last = max((i for i, w in enumerate(words) if org_like(w)), default=-1)
    tail = words[last + 1 :]
    common = common_words()
    person_like = [w for w in tail if w[:1].isupper() and fold(w) not in common]
    if last >= 0 and 1 <= len(tail) <= 4 and len(person_like) * 2 > len(tail):
        return words[: last + 1]
    return words


def without_people(organisations: list[str], people: list[str]) -> list[str]:
    """ "Kementerian HAM Jabar Hasbullah" -> "Kementerian HAM Jabar": an office's holder ends the run."""
    out = []
    for org in organisations:
        for person in people:
            if org.endswith(" " + person):
                org = org[: -len(person) - 1]
            elif org.endswith(" " + person.split()[0]):
                org = org[: -len(person.split()[0]) - 1]
        out.append(org)
    return merge_names(dedupe(out))
