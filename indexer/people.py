"""People named in an article: introduced by an office ("Gubernur Jawa Timur Khofifah Indar
Parawansa", "Pj Bupati Lumajang Indah Wahyuni") or quoted ("kata Hardjuno Wiwoho"), canonical
("Jokowi" -> "Joko Widodo") and merged to their fullest form.
"""

from __future__ import annotations

import re

from archive.analysis import fold
from archive.vocabulary import vocabulary
from indexer.lexicon import (
    BODY_HEADS,
    CALENDAR,
    CAMEL_GLUE,
    CAPITALISED,
    HONORIFIC_TOKEN,
    OFFICE_WORDS,
    OFFICES,
    RANKS,
    body_words,
    common_words,
    countries,
    merge_names,
    org_words,
)

# Honorifics that belong to the name itself.
_HONORIFIC = r"(?:(?:Prof|Dr|Drs|Dra|Ir|H|Hj|KH|K\.H|dr|drg)\.?\s+)*"
# A lookahead, so that "Bupati X dan Menteri Y" yields both offices (matches may overlap).
_TITLE_RE = re.compile(
    r"(?=\b(?P<title>" + "|".join(re.escape(t) for t in sorted(OFFICES, key=len, reverse=True)) + r")"
    rf"\s+(?P<rest>(?:{CAPITALISED}|\(|\)|,|dan|&|\s)+))"
)


def _capitalised_run(tokens: list[str]) -> list[str]:
    """Tokens up to the first lower-case word, calendar word or sentence end."""
    run = []
    for token in tokens:
        bare = token.strip("(),'’\"“”")
        if token in ("dan", "&") and run and fold(run[-1].strip("(),")) in org_words():
            run.append(token)  # "Menteri Energi dan Sumber Daya Mineral", not "Indah Wahyuni dan ..."
            continue
        if not bare or not bare[0].isupper() or fold(bare.rstrip(".")) in CALENDAR:
            break
        if CAMEL_GLUE.search(bare):
            break
        run.append(token)
        if token.endswith(".") and not HONORIFIC_TOKEN.match(token):
            run[-1] = token.rstrip(".")
            break
    return run


def _trailing_name(run: list[str]) -> list[str]:
    """The name closing a run, read right to left until an office, body or place word or an
    acronym: 'Jawa Timur Khofifah Indar Parawansa' -> Khofifah Indar Parawansa."""
    body_name_words = org_words()
    name: list[str] = []
    for token in reversed(run):
        bare = token.strip("(),'’")
        if token.startswith("(") or token.endswith(")") or not bare or token in ("dan", "&"):
            break
        acronym = bare.isupper() and len(bare) > 1 and not HONORIFIC_TOKEN.match(bare)
        if acronym or fold(bare) in body_name_words:
            break
        name.append(bare)
        if len(name) == 4:
            break
    return list(reversed(name))


def _person_after_title(rest: str) -> list[str]:
    """The person an office introduces ("Pj Bupati Lumajang Indah Wahyuni"), or [] if none."""
    before_comma, comma, after_comma = rest.partition(",")
    run = _capitalised_run(before_comma.split())
    name = _trailing_name(run)
    if not name and comma and run:  # "Kepala BPBD Jatim, Gatot Soebroto, mengatakan"
        name = _trailing_name(_capitalised_run(after_comma.split()))
    return name


_SPEECH_RE = re.compile(
    r"\b(?:kata|ujar|ucap|tutur|jelas|ungkap|papar|imbuh|tambah|sebut|tegas|terang|lanjut|pungkas)\s+"
    rf"(?P<rest>{CAPITALISED}(?:\s+{CAPITALISED}){{0,3}})"
)


def find_people(text: str) -> list[str]:
    found: list[str] = []
    common = common_words()
    candidates = [_person_after_title(m["rest"]) for m in _TITLE_RE.finditer(text)]
    for match in _SPEECH_RE.finditer(text):  # "kata Hardjuno Wiwoho": full names only
        name = _trailing_name(_capitalised_run(match["rest"].split()))
        if len(name) >= 2:
            candidates.append(name)
    for name in candidates:
        if not name or name[0] in OFFICE_WORDS or fold(name[0]) in RANKS or name[0] in BODY_HEADS:
            continue
        if " ".join(name) in countries():
            continue
        if len(name) == 1 and (fold(name[0]) in common or len(name[0]) < 3):
            continue
        if any(fold(word) in body_words() for word in name):
            continue  # "Syariah Card Business Division", "Wijaya Group": a body, not a person
        joined = " ".join(name)
        found.append(vocabulary().canonical(joined, "person") or joined)  # Jokowi -> Joko Widodo
    return merge_names(found)
