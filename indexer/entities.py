"""People, organisations and places named in an article, normalised for facets.

Indonesian news introduces people by office ("Gubernur Jawa Timur Khofifah Indar Parawansa",
"Pj Bupati Lumajang Indah Wahyuni"); organisations by a head word ("Kementerian ...", "Badan ...")
or an acronym ("BPSDM Jatim", "Pemkab Lamsel"). The abbreviation dictionary and the gazetteer turn
short forms into one canonical name each.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources

from archive.analysis import fold
from archive.vocabulary import key as vocabulary_key
from archive.vocabulary import vocabulary
from indexer.gazetteer import KABUPATEN, KOTA, gazetteer

_CAP = r"[A-Z][\w'’.-]*"
_TITLES = [
    "Wakil Presiden",
    "Presiden",
    "Wapres",
    "Menteri Koordinator",
    "Wakil Menteri",
    "Menteri",
    "Menko",
    "Wamen",
    "Wakil Gubernur",
    "Gubernur",
    "Wagub",
    "Wakil Bupati",
    "Bupati",
    "Wabup",
    "Wakil Wali Kota",
    "Wakil Walikota",
    "Wali Kota",
    "Walikota",
    "Wawali",
    "Sekretaris Daerah",
    "Sekretaris Jenderal",
    "Sekretaris",
    "Sekda",
    "Sekjen",
    "Penjabat",
    "Pj",
    "Pjs",
    "Plt",
    "Plh",
    "Kepala",
    "Wakil Ketua",
    "Ketua",
    "Direktur Utama",
    "Direktur",
    "Dirut",
    "Dirjen",
    "Deputi",
    "Kapolda",
    "Kapolres",
    "Kapolresta",
    "Kapolsek",
    "Kapolri",
    "Kajati",
    "Kajari",
    "Jaksa Agung",
    "Panglima",
    "Pangdam",
    "Dandim",
    "Danrem",
    "Camat",
    "Lurah",
    "Kades",
    "Anggota",
    "Komisioner",
    "Juru Bicara",
    "Jubir",
    "Kabid",
    "Kadis",
    "Asisten",
    "Staf Ahli",
    "Komisaris",
    "Rektor",
    "Pakar",
    "Pengamat",
    "Peneliti",
    "Ekonom",
    "Analis",
    "Hakim",
    "Kuasa Hukum",
    "Pengacara",
    "Mendagri",
    "Menkeu",
    "Mentan",
    "Menag",
    "Mensos",
    "Menkes",
    "Menhub",
    "Mendag",
    "Menlu",
    "Menhan",
    "Menaker",
    "Menpar",
    "Mensesneg",
    "Menkumham",
    "Menkum",
]
# Honorifics that belong to the name itself.
_HONORIFIC = r"(?:(?:Prof|Dr|Drs|Dra|Ir|H|Hj|KH|K\.H|dr|drg)\.?\s+)*"
_TITLE_RE = re.compile(
    r"\b(?P<title>" + "|".join(re.escape(t) for t in sorted(_TITLES, key=len, reverse=True)) + r")"
    rf"\s+(?P<rest>(?:{_CAP}|\(|\)|,|dan|&|\s)+)"
)
_ORG_HEADS = [
    "Kementerian",
    "Kemenko",
    "Badan",
    "Dinas",
    "Komisi",
    "Dewan",
    "Lembaga",
    "Majelis",
    "Mahkamah",
    "Kejaksaan",
    "Pengadilan",
    "Kepolisian",
    "Satuan",
    "Sekretariat",
    "Inspektorat",
    "Bank",
    "Universitas",
    "Institut",
    "Rumah Sakit",
    "Partai",
    "Perusahaan",
    "PT",
    "Yayasan",
    "Kantor",
    "Pengurus",
    "Forum",
    "Asosiasi",
    "Ikatan",
    "Himpunan",
    "Persatuan",
    "Otoritas",
    "Ombudsman",
    "Organisasi",
    "Unit",
    "Biro",
    "Direktorat",
    "Polda",
    "Polres",
    "Polresta",
    "Kodam",
    "Kodim",
    "Pemerintah",
    "Perum",
    "Koperasi",
]
_ORG_RE = re.compile(
    r"\b(?P<head>" + "|".join(re.escape(h) for h in sorted(_ORG_HEADS, key=len, reverse=True)) + r")"
    rf"(?P<rest>(?:\s+(?:{_CAP}|dan|&|RI)){{1,8}})"
)
_ACRONYM_RE = re.compile(
    rf"\b(?P<acronym>[A-Z][A-Za-z]*[A-Z]+[A-Za-z]*|Pemkab|Pemkot|Pemprov|Pemda)\b(?P<rest>(?:\s+{_CAP}){{0,3}})"
)
_GOV_RE = re.compile(
    rf"\b(?P<kind>Pemkab|Pemkot|Pemprov|Pemerintah Kabupaten|Pemerintah Kota|Pemerintah Provinsi|"
    rf"Kabupaten|Kab\.|Kota|Provinsi|Bupati|Wakil Bupati|Wali Kota|Walikota|Wakil Wali Kota)"
    rf"\s+(?P<name>{_CAP}(?:\s+{_CAP}){{0,2}})"
)
_ORG_CATEGORIES = {"government", "ministry", "election", "public-service"}


@dataclass
class Entities:
    people: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)  # "Kabupaten Lumajang", "Jawa Timur"
    provinces: list[str] = field(default_factory=list)
    regencies: list[str] = field(default_factory=list)


@functools.cache
def _common_words() -> frozenset[str]:
    """Sastrawi's root-word dictionary: capitalised, these start sentences rather than name people."""
    path = resources.files("Sastrawi").joinpath("Stemmer", "data", "kata-dasar.txt")
    return frozenset(w.strip() for w in path.read_text("utf-8").split() if w.strip())


@functools.cache
def _org_words() -> frozenset[str]:
    """Words that make up office and body names (Keuangan, Dalam, Negeri, Kesehatan) and places."""
    words = set()
    for group in vocabulary().groups:
        for form in group.forms:
            words.update(vocabulary_key(form))
    words |= {w for name in gazetteer().names() for w in name.split()}
    return frozenset(words)


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
    return any(name.startswith(head + " ") for head in _ORG_HEADS) or name.startswith(
        ("Organisasi", "Mal Pelayanan", "Unit", "Satuan", "Rumah Sakit", "Tentara")
    )


_CALENDAR = {
    "senin",
    "selasa",
    "rabu",
    "kamis",
    "jumat",
    "sabtu",
    "minggu",
    "januari",
    "februari",
    "maret",
    "april",
    "mei",
    "juni",
    "juli",
    "agustus",
    "september",
    "oktober",
    "november",
    "desember",
}


def _name_tokens(tokens: list[str]) -> list[str]:
    """The person's name at the start of `tokens`: capitalised words, at most four."""
    name = []
    for token in tokens:
        bare = token.strip(".,'’")
        if not bare or not bare[0].isupper() or fold(bare) in _CALENDAR:
            break
        if bare.isupper() and len(bare) > 1 and not re.fullmatch(r"(?:KH|H|HJ)\.?", bare):
            break  # an acronym: the name ended
        name.append(bare)
        if len(name) == 4:
            break
    return name


def _split_title_rest(rest: str) -> tuple[str, list[str]]:
    """'Jawa Timur Khofifah Indar Parawansa' -> ('Jawa Timur', ['Khofifah', 'Indar', 'Parawansa'])."""
    before_comma, _, after_comma = rest.partition(",")
    tokens = before_comma.split()
    org_words = _org_words()
    i = 0
    while i < len(tokens):
        word = fold(tokens[i].strip("()"))
        if tokens[i].strip("()").isupper() or word in org_words or tokens[i] in {"(", ")", "dan", "&"}:
            i += 1
            continue
        break
    jurisdiction = " ".join(tokens[:i])
    name = _name_tokens(tokens[i:])
    if not name and after_comma and i > 0:
        name = _name_tokens(after_comma.split())
    return jurisdiction, name


def find_people(text: str) -> list[str]:
    found: list[str] = []
    common = _common_words()
    for match in _TITLE_RE.finditer(text):
        _, name = _split_title_rest(match["rest"])
        if not name:
            continue
        if len(name) == 1 and (fold(name[0]) in common or len(name[0]) < 3):
            continue
        found.append(" ".join(name))
    return _merge_names(found)


def _merge_names(names: list[str]) -> list[str]:
    """Keep the fullest form of each person: "Khofifah" folds into "Khofifah Indar Parawansa"."""
    unique: list[str] = []
    for name in sorted(set(names), key=len, reverse=True):
        words = set(fold(name).split())
        if any(words <= set(fold(u).split()) for u in unique):
            continue
        unique.append(name)
    order = {n: names.index(n) for n in unique}
    return sorted(unique, key=order.get)


def _canonical_place(text: str, prefer: str | None = None) -> tuple[str | None, str | None]:
    place = gazetteer().resolve(text, prefer=prefer)
    if not place:
        return None, None
    return place.province, place.regency


def find_organisations(text: str) -> list[str]:
    found: list[str] = []
    voc = vocabulary()
    for match in _GOV_RE.finditer(text):
        kind = match["kind"]
        if not kind.startswith("Pem"):
            continue
        level = {"Pemkab": KABUPATEN, "Pemkot": KOTA, "Pemprov": "Provinsi"}.get(kind) or kind.split()[-1]
        province, regency = _canonical_place(match["name"], prefer=level if level != "Provinsi" else None)
        if level == "Provinsi" and province:
            found.append(f"Pemerintah Provinsi {province}")
        elif regency and regency.startswith(level):
            found.append(f"Pemerintah {regency}")
    for match in _ORG_RE.finditer(text):
        if match["head"] == "Pemerintah":
            continue
        words = match["rest"].split()
        while words and words[-1] in {"dan", "&"}:
            words.pop()
        name = f"{match['head']} {' '.join(words)}".strip()
        found.append(voc.canonical(name) or name)
    acronyms = _org_acronyms()
    for match in _ACRONYM_RE.finditer(text):
        canonical = acronyms.get(match["acronym"])
        if not canonical:
            continue
        province, regency = (None, None)
        rest = match["rest"].split()
        for n in range(len(rest), 0, -1):
            province, regency = _canonical_place(" ".join(rest[:n]))
            if province:
                break
        if canonical.startswith("Pemerintah ") and not (province or regency):
            continue  # "Pemkab" alone names no particular government
        suffix = regency or province
        if regency and canonical.startswith(("Pemerintah Kabupaten", "Pemerintah Kota")):
            found.append(f"Pemerintah {regency}")  # "Pemkab Lamsel": the regency names the kind
        else:
            found.append(f"{canonical} {suffix}" if suffix else canonical)
    return _merge_names(_dedupe(found))


def _dedupe(values: list[str]) -> list[str]:
    seen, out = set(), []
    for value in values:
        k = fold(value)
        if k not in seen:
            seen.add(k)
            out.append(value)
    return out


@functools.cache
def _place_names() -> tuple[dict[str, str], int]:
    """Province names and short forms, and regency names that are not ordinary words, by folded
    form -> the form to resolve; and the longest name in words."""
    g = gazetteer()
    common = _common_words()
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


_CAPITALISED_RUN = re.compile(r"\b[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*")


def _mentioned_places(text: str):
    """Gazetteer names among the capitalised word runs of `text`, longest match first."""
    names, longest = _place_names()
    for run in _CAPITALISED_RUN.finditer(text):
        words = run.group(0).split()
        i = 0
        while i < len(words):
            for n in range(min(longest, len(words) - i), 0, -1):
                name = names.get(fold(" ".join(words[i : i + n])))
                if name:
                    yield name
                    i += n
                    break
            else:
                i += 1


def find_places(text: str) -> tuple[list[str], list[str]]:
    """(regencies/cities, provinces) named in the text, canonical, in order of first mention."""
    regencies, provinces = [], []
    for match in _GOV_RE.finditer(text):
        kind = match["kind"]
        prefer = KOTA if "Kota" in kind or "kot" in kind.lower() else KABUPATEN
        if "Prov" in kind:
            province, regency = _canonical_place(match["name"])
        else:
            province, regency = _canonical_place(match["name"], prefer=prefer)
            if regency and not regency.startswith(prefer):
                regency = None
        if regency:
            regencies.append(regency)
        if province:
            provinces.append(province)
    for name in _mentioned_places(text):
        province, regency = _canonical_place(name)
        if regency:
            regencies.append(regency)
        if province:
            provinces.append(province)
    return _dedupe(regencies), _dedupe(provinces)


def find_entities(title: str, body: str) -> Entities:
    """Entities of an article; people only from the body (headlines capitalise every word)."""
    text = f"{title}\n{body}"
    regencies, provinces = find_places(text)
    return Entities(
        people=find_people(body),
        organisations=find_organisations(text),
        places=regencies + [p for p in provinces if p not in regencies],
        provinces=provinces,
        regencies=regencies,
    )
