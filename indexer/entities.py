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
from archive.calendar import INDONESIAN_MONTHS, WEEKDAYS
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
# A lookahead, so that "Bupati X dan Menteri Y" yields both offices (matches may overlap).
_TITLE_RE = re.compile(
    r"(?=\b(?P<title>" + "|".join(re.escape(t) for t in sorted(_TITLES, key=len, reverse=True)) + r")"
    rf"\s+(?P<rest>(?:{_CAP}|\(|\)|,|dan|&|\s)+))"
)
# Offices that end a body's name ("Polres Barru Kapolres ..."); not those inside names (Kantor Staf Presiden).
_TITLE_WORDS = {t.split()[0] for t in _TITLES} - {
    "Presiden",
    "Gubernur",
    "Bupati",
    "Wali",
    "Walikota",
    "Wakil",
}
_ORG_HEADS = [
    "Departemen",
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
    words |= {w for name in _countries() for w in fold(name).split()}
    words |= {fold(h) for h in _ORG_HEADS}
    return frozenset(words)


@functools.cache
def _countries() -> frozenset[str]:
    text = resources.files("indexer").joinpath("data", "countries.txt").read_text("utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


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


# Police and military ranks, and words that end a body's name ("KPU RI Nomor 8").
_RANKS = {
    "jenderal",
    "letjen",
    "mayjen",
    "brigjen",
    "kolonel",
    "letkol",
    "mayor",
    "kapten",
    "lettu",
    "letda",
    "komjen",
    "irjen",
    "kombes",
    "akbp",
    "kompol",
    "akp",
    "iptu",
    "ipda",
    "aiptu",
    "aipda",
    "bripka",
    "brigpol",
    "briptu",
    "bripda",
    "serka",
    "sertu",
    "serda",
    "kopda",
    "pratu",
    "prada",
    "laksamana",
    "marsekal",
    "nomor",
    "no",
    "tahun",
    "pasal",
}
_CAMEL_GLUE = re.compile(r"[a-z]{2,}[A-Z]")  # "PantauandetikJabar": words a scrape ran together

_CALENDAR = {name.lower() for name in INDONESIAN_MONTHS} | {names[0].lower() for names in WEEKDAYS}


_HONORIFIC_TOKEN = re.compile(r"^(?:Prof|Dr|Drs|Dra|Ir|H|Hj|KH|dr|drg|[A-Z])\.$")


def _capitalised_run(tokens: list[str]) -> list[str]:
    """Tokens up to the first lower-case word, calendar word or sentence end."""
    run = []
    for token in tokens:
        bare = token.strip("(),'’\"“”")
        if token in ("dan", "&") and run and fold(run[-1].strip("(),")) in _org_words():
            run.append(token)  # "Menteri Energi dan Sumber Daya Mineral", not "Indah Wahyuni dan ..."
            continue
        if not bare or not bare[0].isupper() or fold(bare.rstrip(".")) in _CALENDAR:
            break
        if _CAMEL_GLUE.search(bare):
            break
        run.append(token)
        if token.endswith(".") and not _HONORIFIC_TOKEN.match(token):
            run[-1] = token.rstrip(".")
            break
    return run


def _trailing_name(run: list[str]) -> list[str]:
    """The name closing a run, read right to left until an office, body or place word or an
    acronym: 'Jawa Timur Khofifah Indar Parawansa' -> Khofifah Indar Parawansa."""
    org_words = _org_words()
    name: list[str] = []
    for token in reversed(run):
        bare = token.strip("(),'’")
        if token.startswith("(") or token.endswith(")") or not bare or token in ("dan", "&"):
            break
        if (bare.isupper() and len(bare) > 1 and not _HONORIFIC_TOKEN.match(bare)) or fold(bare) in org_words:
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
    rf"(?P<rest>{_CAP}(?:\s+{_CAP}){{0,3}})"
)


@functools.cache
def _body_words() -> frozenset[str]:
    """Words that make a capitalised run a company or a unit, not a person (data/body-words.txt)."""
    text = resources.files("indexer").joinpath("data", "body-words.txt").read_text("utf-8")
    return frozenset(w for line in text.splitlines() if not line.startswith("#") for w in line.split())


def find_people(text: str) -> list[str]:
    found: list[str] = []
    common = _common_words()
    candidates = [_person_after_title(m["rest"]) for m in _TITLE_RE.finditer(text)]
    for match in _SPEECH_RE.finditer(text):  # "kata Hardjuno Wiwoho": full names only
        name = _trailing_name(_capitalised_run(match["rest"].split()))
        if len(name) >= 2:
            candidates.append(name)
    for name in candidates:
        if not name or name[0] in _TITLE_WORDS or fold(name[0]) in _RANKS or name[0] in _ORG_HEADS:
            continue
        if " ".join(name) in _countries():
            continue
        if len(name) == 1 and (fold(name[0]) in common or len(name[0]) < 3):
            continue
        if any(fold(word) in _body_words() for word in name):
            continue  # "Syariah Card Business Division", "Wijaya Group": a body, not a person
        joined = " ".join(name)
        found.append(vocabulary().canonical(joined, "person") or joined)  # Jokowi -> Joko Widodo
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
    defined: dict[str, str] = {}  # acronyms this article spells out: "Badan Pengatur Jalan Tol (BPJT)"
    for match in _ORG_RE.finditer(text):
        if match["head"] == "Pemerintah":
            continue
        words = _org_words_until_stop(match["rest"].split())
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
        while rest and fold(rest[0]) in _org_words() and not _canonical_place(rest[0])[0]:
            qualifier.append(rest.pop(0))  # "BPJS Kesehatan", "KAI Commuter" stay whole
        for n in range(len(rest), 0, -1):
            province, regency = _canonical_place(" ".join(rest[:n]))
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
    return _merge_names(_dedupe(found))


def _org_words_until_stop(words: list[str]) -> list[str]:
    """The words of a body's name: up to a sentence end, a rank or an office, connectors dropped."""
    kept = []
    for word in words:
        if fold(word.rstrip(".,")) in _RANKS or word in _TITLE_WORDS or _CAMEL_GLUE.search(word):
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
    org_words = _org_words()

    def org_like(word: str) -> bool:
        bare = word.strip("(),")
        return (bare.isupper() and len(bare) > 1) or fold(bare) in org_words or "-" in bare

    last = max((i for i, w in enumerate(words) if org_like(w)), default=-1)
    tail = words[last + 1 :]
    common = _common_words()
    person_like = [w for w in tail if w[:1].isupper() and fold(w) not in common]
    if last >= 0 and 1 <= len(tail) <= 4 and len(person_like) * 2 > len(tail):
        return words[: last + 1]
    return words


def _without_people(organisations: list[str], people: list[str]) -> list[str]:
    """ "Kementerian HAM Jabar Hasbullah" -> "Kementerian HAM Jabar": an office's holder ends the run."""
    out = []
    for org in organisations:
        for person in people:
            if org.endswith(" " + person):
                org = org[: -len(person) - 1]
            elif org.endswith(" " + person.split()[0]):
                org = org[: -len(person.split()[0]) - 1]
        out.append(org)
    return _merge_names(_dedupe(out))


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


# "di Jember", "warga Batu": after these words a capitalised town name is a place even when the
# name is also an ordinary word.
_PLACE_CUE_RE = re.compile(
    r"\b(?i:di|ke|dari|warga|asal|wilayah|daerah|kawasan|masyarakat)\s+([A-Z][a-z]+)\b"
)


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
    cued = [m.group(1) for m in _PLACE_CUE_RE.finditer(text) if fold(m.group(1)) in gazetteer().by_name]
    for name in [*_mentioned_places(text), *cued]:
        province, regency = _canonical_place(name)
        if regency:
            regencies.append(regency)
        if province:
            provinces.append(province)
    return _dedupe(regencies), _dedupe(provinces)


def find_entities(title: str, body: str) -> Entities:
    """Entities of an article; people and bodies only from the body (headlines capitalise every word)."""
    text = f"{title}\n{body}"
    regencies, provinces = find_places(text)
    people = find_people(body)
    return Entities(
        people=people,
        organisations=_without_people(find_organisations(body), people),
        places=regencies + [p for p in provinces if p not in regencies],
        provinces=provinces,
        regencies=regencies,
    )
