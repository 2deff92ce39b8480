"""Datelines ("SURABAYA -", "Malang (malangkota.go.id) –", "Lumajang, Bhirawa.") and bylines ("(msd)")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.gazetteer import KABUPATEN, KOTA
from indexer.outlets import known_outlet, looks_like_outlet, normalise_outlet

_DASH = r"(?:--?|–|—|:)"
# Lead of the first paragraph up to the dash: places, outlets, parenthesised sources, bold marks.
_LEAD = re.compile(
    rf"^\s*\**\s*(?P<lead>[A-Za-z][\w.'’ ]{{0,40}}(?:,\s*[A-Za-z][\w.'’ ]{{0,40}}){{0,2}}"
    rf"(?:\s*\([^()]{{2,40}}\))?)\s*\**\s*{_DASH}\s+"
)
# "Lumajang, Bhirawa." — place, outlet and a full stop, the style of several regional dailies.
_LEAD_PERIOD = re.compile(
    r"^\s*(?P<place>[A-Z][A-Za-z ]{2,30}),\s*(?P<outlet>[A-Z][\w.]{2,30})\.\s+(?=[A-Z\"“])"
)

_BYLINE_LINE = re.compile(r"^\((?P<byline>[A-Za-z]{2,12}(?:\s*[./,]\s*[A-Za-z]{2,12}){0,3}|\*+)\)\.?$")
_BYLINE_TAIL = re.compile(r"\s+\((?P<byline>[a-z]{2,8}(?:[./][a-z]{2,8}){0,3}|[A-Z]{3,12})\)\.?\s*$")
_CREDIT_LINE = re.compile(
    r"^(?P<role>penulis|reporter|pewarta|wartawan|editor|penyunting|redaktur|author|kontributor)\s*:\s*"
    r"(?P<name>[^|]{2,60})$",
    re.I,
)
_NOT_PLACES = {
    "foto",
    "video",
    "baca",
    "editor",
    "penulis",
    "reporter",
    "sumber",
    "update",
    "breaking",
}


@dataclass(frozen=True)
class Dateline:
    place: str | None  # as written, e.g. "KALIANDA"
    outlet: str | None  # outlet credited in the dateline, normalised
    length: int  # characters of the paragraph the dateline takes


# "Laporan wartawan Kontan.co.id, Barratut Taqiyyah Rafie TRIBUNNEWS.COM, SAHARA - ...": a
# reporter's credit before the dateline proper.
_REPORT_CREDIT = re.compile(
    r"^(?i:Laporan\s+(?:\w+\s+){0,2}?(?:wartawan|reporter|koresponden|kontributor)\b|[\w.]+\.com/)[^\n]{0,90}?"
    r"(?=\b[A-Z][A-Z0-9]+\.(?:COM|CO\.ID|ID|NET)\b)"
)


# "TRIBUNNEWS.COM,JAKARTA-Anggota", "JAKARTA, KOMPAS.com-Emiten", "Bisnis.com, JAKARTA—PT": the
# dash without spaces, accepted only when the lead names an outlet.
_LEAD_TIGHT = re.compile(
    r"^\s*\**\s*(?P<lead>[A-Za-z][\w.'’ ]{0,40}(?:,\s*[A-Za-z][\w.'’ ]{0,40}){0,2})"
    r"\s*\**\s*(?:--?|–|—)\s*(?=[A-Z\"“])"
)
# "Liputan6.com, Jakarta Presiden Joko Widodo ...": outlet and place, no dash at all.
_OUTLET_PLACE = re.compile(
    r"^(?P<outlet>[\w.]+\.(?:com|co\.id|id)),\s*(?P<rest>(?:[A-Z][a-z]+ ){1,3})(?=[A-Z])"
)
# "... Penajam Paser Utara (ANTARA) - Ibu Kota ...", "Kawasaki, Jepang --(ANTARA/Business Wire)--":
# the agency credit where a scrape glued other text before it.
_AGENCY_CREDIT = re.compile(
    r"(?P<place>(?:[A-Z][\w.'’]*\s+){0,3}[A-Z][\w.'’]*)?\s*,?\s*(?:--?)?"
    r"\((?P<outlet>[A-Za-z][\w. ]{1,30}?)(?:/[^()]{0,30})?\)\s*(?:--?|–|—)"
)


def find_dateline(paragraph: str) -> Dateline | None:
    """Read the dateline at the start of a lead paragraph, if it has one."""
    credit = _REPORT_CREDIT.match(paragraph)
    if credit:
        found = find_dateline(paragraph[credit.end() :])
        return Dateline(found.place, found.outlet, found.length + credit.end()) if found else None
    match = _LEAD.match(paragraph)
    if match:
        return _read_lead(match.group("lead"), match.end())
    match = _LEAD_TIGHT.match(paragraph)
    if match and any(looks_like_outlet(part) for part in match["lead"].split(",")):
        return _read_lead(match.group("lead"), match.end())
    match = _OUTLET_PLACE.match(paragraph)
    if match and known_outlet(match["outlet"]):
        words = match["rest"].split()
        for n in range(1, len(words) + 1):  # "Jakarta" of "Jakarta Presiden Joko ..."
            if _is_place(" ".join(words[:n])):
                end = paragraph.index(words[n - 1], match.start("rest")) + len(words[n - 1])
                return Dateline(" ".join(words[:n]), normalise_outlet(match["outlet"]), end)
    match = _AGENCY_CREDIT.search(paragraph[:400])
    if match and known_outlet(match["outlet"]):
        place = match["place"] if match["place"] and _is_place(match["place"]) else None
        return Dateline(place, normalise_outlet(match["outlet"]), match.end())
    match = _LEAD_PERIOD.match(paragraph)
    if match and _credits_outlet(match["place"], match["outlet"]):
        return Dateline(match["place"].strip(), normalise_outlet(match["outlet"]), match.end())
    return None


def _credits_outlet(place: str, outlet: str) -> bool:
    """ "Lumajang, Bhirawa." credits an outlet; "Menurut Budi, Ahmad." does not."""
    if looks_like_outlet(outlet):
        return True
    from indexer.gazetteer import gazetteer

    return (
        outlet.isalpha()
        and len(outlet) > 3
        and not _is_calendar_word(outlet)
        and gazetteer().resolve(place) is not None
    )


def _is_calendar_word(word: str) -> bool:
    from indexer.dates import PARSER_INFO

    return PARSER_INFO.weekday(word) is not None or PARSER_INFO.month(word) is not None


def _read_lead(lead: str, length: int) -> Dateline | None:
    place, outlet = None, None
    source = re.search(r"\(([^()]+)\)", lead)
    if source:
        outlet = normalise_outlet(source.group(1)) if looks_like_outlet(source.group(1)) else None
        if outlet is None and len(source.group(1).split()) <= 3:
            outlet = normalise_outlet(source.group(1))
        lead = lead[: source.start()] + lead[source.end() :]
    for part in (p.strip(" *") for p in lead.split(",")):
        if not part:
            continue
        if looks_like_outlet(part):
            outlet = outlet or normalise_outlet(part)
        elif place is None and _is_place_like(part):
            place = part
        elif place is not None and _is_place_like(part) and _is_province(part):
            continue  # "Mataram, NTB (ANTARA News)": the province after the town
        else:
            return None  # a sentence that happens to contain a dash, not a dateline
    if place is None and outlet is None:
        return None
    return Dateline(place, outlet, length)


def _is_place(text: str) -> bool:
    from indexer.gazetteer import gazetteer

    return gazetteer().resolve(text) is not None


def _is_province(text: str) -> bool:
    from indexer.gazetteer import gazetteer

    return gazetteer().province(text) is not None


def _is_place_like(text: str) -> bool:
    words = text.split()
    if not 1 <= len(words) <= 4 or text.lower() in _NOT_PLACES:
        return False
    return all(w[0].isupper() for w in words if w.isalpha())


@dataclass(frozen=True)
class Byline:
    text: str
    lines_used: int  # trailing paragraphs consumed (0 when it was the tail of the last one)
    remaining_last: str | None = None  # the last paragraph without its tail byline


def find_byline(paragraphs: list[str]) -> Byline | None:
    """Initials at the end of the article ("(msd)", "(rac.hel)", "(say/ram)", "(DEWI)") or a credit."""
    if not paragraphs:
        return None
    credits, used = [], 0
    for paragraph in reversed(paragraphs[-3:]):
        line = paragraph.strip()
        standalone = _BYLINE_LINE.match(line)
        credit = _CREDIT_LINE.match(line)
        if standalone:
            credits.append(standalone["byline"].replace(" ", ""))
        elif credit:
            credits.append(credit["name"].strip())
        else:
            break
        used += 1
    if credits:
        return Byline(" / ".join(reversed(credits)), used)
    tail = _BYLINE_TAIL.search(paragraphs[-1])
    if tail:
        return Byline(tail["byline"], 0, paragraphs[-1][: tail.start()].rstrip())
    return None


# "Kota Malang", "Bupati Malang": a kind of government, then (looked at, not consumed) what follows.
_KIND_BEFORE_NAME = re.compile(
    r"\b(?:(?P<kota>Kota|Pemkot|Wali ?kota)|Kabupaten|Kab\.|Pemkab|Bupati)\s+(?=(?P<rest>[^\n]{1,80}))", re.I
)


def preferred_kind(name: str, text: str) -> str | None:
    """'Malang' in a dateline: the text says whether the regency or the city government is meant.
    One compiled pattern for every name (a pattern per name thrashed Python's regex cache)."""
    wanted = name.strip().casefold()
    kota = kab = 0
    for match in _KIND_BEFORE_NAME.finditer(text):
        rest = match["rest"].casefold()
        if rest.startswith(wanted) and not rest[len(wanted) : len(wanted) + 1].isalnum():
            if match["kota"]:
                kota += 1
            else:
                kab += 1
    if kab > kota:
        return KABUPATEN
    if kota > kab:
        return KOTA
    return None
