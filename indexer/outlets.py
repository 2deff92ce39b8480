"""News outlets: one canonical name per outlet, whatever form a page, dateline, copyright line or
URL writes it in, from the registry in data/outlets.txt (names, networks, domains, spellings).

`find_outlet` reads the evidence a file offers, strongest first, and says whether the file states
its outlet (metadata, a header line, the dateline, the page title, the site header, a copyright
line, its own URL) or whether it was inferred from weaker signs (the outlet's image server, "kata
X kepada detikJateng", the outlet's ad furniture).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources

from archive.analysis import fold

STATED, INFERRED = "stated", "inferred"
_DOMAIN = re.compile(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|co\.id|id|net|org|news|tv|co)$", re.I)
_GOV_DOMAIN = re.compile(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.go\.id$", re.I)
_STRIP = " .,:;-–—()*|\"'[]"


@dataclass(frozen=True)
class Outlet:
    name: str
    network: str
    forms: tuple[str, ...] = field(default=(), repr=False)

    @property
    def domains(self) -> list[str]:
        return [f for f in self.forms if "." in f and " " not in f]


class Registry:
    def __init__(self, outlets: list[Outlet]):
        self.outlets = outlets
        self._by_key: dict[str, Outlet] = {}
        self._domains: dict[str, Outlet] = {}
        for outlet in outlets:
            for form in (outlet.name, *outlet.forms):
                self._by_key.setdefault(_key(form), outlet)
            for domain in outlet.domains:
                self._domains[domain.lower()] = outlet

    def find(self, text: str | None) -> Outlet | None:
        """The outlet written as `text` (a name, a domain, a URL), allowing one typo in a domain."""
        if not text:
            return None
        cleaned = text.strip(_STRIP)
        found = self._by_key.get(_key(cleaned))
        found = found or self._by_key.get(_key(cleaned.lower().removeprefix("www.")))
        if found:
            return found
        host = _host(cleaned)
        if host:
            parts = host.split(".")
            for i in range(len(parts) - 1):  # news.detik.com, then detik.com
                found = self._domains.get(".".join(parts[i:]))
                if found:
                    return found
            if len(host) >= 8:
                for domain, outlet in self._domains.items():
                    if abs(len(domain) - len(host)) <= 1 and _within_one_edit(domain, host):
                        return outlet  # "tribunnnews.com"
        return None

    def words(self) -> set[str]:
        """Folded words of every outlet form (kept out of stemming)."""
        out = set()
        for outlet in self.outlets:
            for form in (outlet.name, *outlet.forms):
                out.update(fold(w) for w in re.split(r"[\s.]+", form) if w)
        return out


def _key(text: str) -> str:
    return re.sub(r"[\s.]+", "", fold(text))


def _host(text: str) -> str | None:
    match = re.match(r"^(?:https?://)?([a-z0-9.-]+\.[a-z]{2,})(?:[/:?#]|$)", text.strip().lower())
    return match.group(1).removeprefix("www.") if match else None


def _within_one_edit(a: str, b: str) -> bool:
    """One letter changed, added, dropped, or two neighbours swapped ("tribunenws.com")."""
    if a == b:
        return True
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        swapped = (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
        return len(diff) == 1 or swapped
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


@functools.cache
def registry() -> Registry:
    text = resources.files("indexer").joinpath("data", "outlets.txt").read_text("utf-8")
    outlets = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) != 3 or not parts[0]:
            raise ValueError(f"outlets.txt line {number}: expected 'name | network | forms'")
        forms = tuple(f.strip() for f in parts[2].split(",") if f.strip())
        outlets.append(Outlet(parts[0], parts[1] or parts[0], forms))
    return Registry(outlets)


# -- the functions the layout and dateline readers use ------------------------------------------
def known_outlet(text: str | None) -> str | None:
    """The canonical name of a registered outlet written as `text`, else None."""
    found = registry().find(text)
    return found.name if found else None


def looks_like_outlet(text: str) -> bool:
    """A domain ("malangkota.go.id") or a registered name: something a dateline credits."""
    text = text.strip(_STRIP)
    return bool(known_outlet(text) or _DOMAIN.match(text) or _GOV_DOMAIN.match(text))


def normalise_outlet(text: str | None) -> str | None:
    """The canonical name of a registered outlet; an unknown domain in lower case; else as written."""
    if not text:
        return None
    text = re.sub(r"\s+", " ", text).strip(_STRIP)
    if not text or len(text) > 60:
        return None
    known = known_outlet(text)
    if known:
        return known
    if _DOMAIN.match(text) or _GOV_DOMAIN.match(text):
        return text.lower().removeprefix("www.")
    return text


def outlet_from_url(url: str | None) -> str | None:
    host = _host(url or "")
    return known_outlet(host) if host else None


def network_of(name: str | None) -> str | None:
    found = registry().find(name)
    return found.network if found else None


def all_outlet_words() -> set[str]:
    return registry().words()


# -- reading the evidence of one file -------------------------------------------------------------
_COPYRIGHT = re.compile(
    r"(?:copyright|hak cipta|©|\(c\))\s*(?:©|\(c\))?\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*,?\s*"
    r"(?:oleh\s+)?(?P<name>(?:PT\.?\s+)?[A-Za-z][\w.\- ]{1,40}?)"
    r"\s*(?:\.?\s*$|,|\s+all rights|\s+hak cipta|\s+-|\s+\|)",
    re.I,
)
_TITLE_SUFFIX = re.compile(r"\s+[-|–—:»]\s+(?P<site>[^-|–—:»]{2,40})$")
_TITLE_PREFIX = re.compile(r"^(?P<site>[\w.]{3,30}(?:\.com|\.co\.id|\.id|\.net))\s*:\s*")
_ASSET_URL = re.compile(r"https?://([a-z0-9.-]+\.[a-z]{2,})/", re.I)
_INTERVIEWED_BY = re.compile(
    r"\b(?:kepada|dikonfirmasi|dihubungi|ditemui|saat\s+ditanya)\s*(?P<name>(?:detik|Kompas|Tribun|Liputan6|tempo)\w*(?:\.com)?)",
    re.I,
)
_FURNITURE = (("SCROLL TO CONTINUE WITH CONTENT", "detikcom"),)


@dataclass
class Evidence:
    """What a file says about where it comes from, gathered by the layout and HTML readers."""

    meta_outlet: str | None = None  # og:site_name, JSON-LD publisher, application-name
    header: list[str] = field(default_factory=list)  # short lines under the title
    dateline_outlet: str | None = None  # "JAKARTA, KOMPAS.com -", "(ANTARA)"
    page_title: str | None = None  # <title> of a saved page
    site_header: str | None = None  # logo / site-name text of a saved page
    footer: list[str] = field(default_factory=list)  # copyright and other furniture lines
    urls: list[str] = field(default_factory=list)  # canonical, og:url, short link
    body: str = ""


def find_outlet(evidence: Evidence) -> tuple[str | None, str | None]:
    """(outlet, "stated" | "inferred") from the strongest evidence, or (None, None)."""
    for candidate in _stated(evidence):
        name = normalise_outlet(candidate)
        if name and (known_outlet(name) or looks_like_outlet(name) or candidate is evidence.meta_outlet):
            return name, STATED
    for candidate in _inferred(evidence):
        if candidate:
            return candidate, INFERRED
    return None, None


def _stated(evidence: Evidence):
    if evidence.meta_outlet:
        yield evidence.meta_outlet
    for line in evidence.header:
        if (len(line.split()) <= 4 and looks_like_outlet(line)) or known_outlet(line):
            yield line
    if evidence.dateline_outlet:
        yield evidence.dateline_outlet
    if evidence.page_title:
        suffix = _TITLE_SUFFIX.search(evidence.page_title)
        if suffix and known_outlet(suffix["site"]):
            yield suffix["site"]
        prefix = _TITLE_PREFIX.match(evidence.page_title)
        if prefix and known_outlet(prefix["site"]):
            yield prefix["site"]
    if evidence.site_header and known_outlet(evidence.site_header):
        yield evidence.site_header
    for line in evidence.footer:
        match = _COPYRIGHT.search(line)
        if match and known_outlet(match["name"]):
            yield match["name"]
    for url in evidence.urls:
        if outlet_from_url(url):
            yield outlet_from_url(url)


def _inferred(evidence: Evidence):
    for host in _ASSET_URL.findall(evidence.body[:20_000]):
        yield outlet_from_url(host)
    match = _INTERVIEWED_BY.search(evidence.body[:20_000])
    if match:
        yield known_outlet(match["name"])
    for marker, name in _FURNITURE:
        if marker in evidence.body:
            yield name
