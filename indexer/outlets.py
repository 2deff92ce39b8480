"""News outlets: one display name per outlet, whatever form a page or dateline writes it in."""

from __future__ import annotations

import functools
import re

from archive.analysis import fold

# Display name -> other ways the outlet writes itself (site names, domains, dateline forms).
# Sub-brands that present themselves as outlets (detikNews, detikFinance) stay apart.
KNOWN_OUTLETS: dict[str, list[str]] = {
    "detikcom": ["detik.com", "www.detik.com", "detik"],
    "detikNews": ["news.detik.com", "detik news"],
    "detikFinance": ["finance.detik.com", "detik finance"],
    "detikHealth": ["health.detik.com"],
    "detikInet": ["inet.detik.com"],
    "detikJatim": ["detik jatim"],
    "detikJateng": ["detik jateng"],
    "detikJabar": ["detik jabar"],
    "detikSulsel": [],
    "detikSumut": [],
    "detikBali": [],
    "detikSport": ["sport.detik.com"],
    "Kompas.com": ["kompas.com", "www.kompas.com", "kompascom"],
    "Kompas": ["harian kompas", "kompas.id"],
    "Tribunnews.com": ["tribunnews", "tribunnews.com", "www.tribunnews.com"],
    "Liputan6.com": ["liputan6", "liputan 6", "liputan6.com"],
    "ANTARA": ["antara", "antaranews", "antaranews.com", "antara news", "lkbn antara"],
    "Kontan": ["kontan.co.id", "kontan"],
    "Bisnis.com": ["bisnis", "bisnis indonesia", "bisnis.com"],
    "Republika": ["republika.co.id", "republika online", "republika"],
    "KapanLagi.com": ["kapanlagi", "kapanlagi.com"],
    "Okezone": ["okezone.com", "okezone"],
    "VIVA": ["viva.co.id", "viva"],
    "Tempo": ["tempo.co", "tempo"],
    "CNN Indonesia": ["cnnindonesia.com", "cnn indonesia"],
    "CNBC Indonesia": ["cnbcindonesia.com", "cnbc indonesia"],
    "SINDOnews": ["sindonews.com", "sindonews", "sindo news", "koran sindo"],
    "Suara.com": ["suara.com"],
    "Jawa Pos": ["jawapos.com", "jawapos", "jawa pos"],
    "Kumparan": ["kumparan.com", "kumparan"],
    "IDN Times": ["idntimes.com", "idn times"],
    "Merdeka.com": ["merdeka.com", "merdeka"],
    "JPNN": ["jpnn.com", "jpnn"],
    "Beritasatu": ["beritasatu.com", "beritasatu"],
    "Media Indonesia": ["mediaindonesia.com", "media indonesia"],
    "iNews": ["inews.id", "inews"],
    "Medcom": ["medcom.id", "medcom"],
    "Bhirawa": [
        "harian bhirawa",
        "harian bhirawa online",
        "bhirawa online",
        "harianbhirawa.co.id",
        "bhirawa",
    ],
    "Radar Lamsel": ["radarlamsel.com", "radar lamsel", "radarlamsel"],
    "Surya": ["surya.co.id", "surya"],
    "TIMES Indonesia": ["timesindonesia.co.id", "times indonesia"],
    "Lampung Post": ["lampost.co", "lampung post"],
    "Pemerintah Kota Malang": ["malangkota.go.id"],
    "Pemerintah Provinsi Jawa Timur": ["jatimprov.go.id"],
}

_DOMAIN = re.compile(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|co\.id|id|net|org|news|tv)$", re.I)
_GOV_DOMAIN = re.compile(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.go\.id$", re.I)


@functools.cache
def _lookup() -> dict[str, str]:
    table = {}
    for name, aliases in KNOWN_OUTLETS.items():
        for form in [name, *aliases]:
            table[fold(form).replace(" ", "")] = name
    return table


def known_outlet(text: str | None) -> str | None:
    """The display name of a known outlet written as `text`, else None."""
    if not text:
        return None
    key = fold(text.strip(" .,:;-–—()*")).replace(" ", "")
    return _lookup().get(key) or _lookup().get(key.removeprefix("www."))


def looks_like_outlet(text: str) -> bool:
    """A domain ("malangkota.go.id") or a known name: something a dateline credits as the source."""
    text = text.strip(" .,:;-–—()*")
    return bool(known_outlet(text) or _DOMAIN.match(text) or _GOV_DOMAIN.match(text))


def normalise_outlet(text: str | None) -> str | None:
    """One display name per outlet: known names mapped, domains kept in lower case, else as written."""
    if not text:
        return None
    text = re.sub(r"\s+", " ", text).strip(" .,:;-–—()*|")
    if not text or len(text) > 60:
        return None
    known = known_outlet(text)
    if known:
        return known
    if _DOMAIN.match(text) or _GOV_DOMAIN.match(text):
        return outlet_from_url(text) or text.lower().removeprefix("www.")  # lifestyle.okezone.com
    return text


def outlet_from_url(url: str | None) -> str | None:
    if not url:
        return None
    match = re.match(r"^(?:https?://)?([^/]+)", url.strip())
    if not match:
        return None
    host = match.group(1).lower()
    known = known_outlet(host)
    if known:
        return known
    parts = host.split(".")
    for i in range(1, len(parts) - 1):
        known = known_outlet(".".join(parts[i:]))
        if known:
            return known
    return None


def all_outlet_words() -> set[str]:
    """Folded words of outlet names (kept out of stemming)."""
    words = set()
    for name, aliases in KNOWN_OUTLETS.items():
        for form in [name, *aliases]:
            words.update(fold(w) for w in re.split(r"[\s.]+", form) if w)
    return words
