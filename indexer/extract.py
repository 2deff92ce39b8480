"""Raw bytes -> `Article` (or an `ExtractionFailure` with a reason). Never raises."""

from __future__ import annotations

import re
from collections import Counter

from archive.article import Article, ExtractionFailure, content_hash
from indexer import dates, fingerprint
from indexer.dateline import find_byline, find_dateline
from indexer.decode import UnreadableFile, decode
from indexer.entities import find_entities
from indexer.gazetteer import KABUPATEN, KOTA, gazetteer
from indexer.html import parse_html
from indexer.layout import Draft, parse_text
from indexer.outlets import known_outlet, looks_like_outlet, normalise_outlet, outlet_from_url

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES
MIN_BODY_CHARS = 80

_COPYRIGHT = re.compile(
    r"(?:copyright|hak cipta|©)\s*(?:©|\(c\))?\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*,?\s*"
    r"(?P<name>[A-Za-z][\w.\- ]{1,40}?)\s*(?:\.|,|$|\s+all rights|\s+hak cipta|\s+-)",
    re.I,
)


def suffix_of(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""


def extract(path: str, data: bytes) -> Article | ExtractionFailure:
    """Turn one raw file into an Article; any problem becomes a failure with a readable reason."""
    digest = content_hash(data)
    suffix = suffix_of(path)
    if suffix not in SUPPORTED_SUFFIXES:
        shown = suffix or "no extension"
        return ExtractionFailure(path, f"unsupported file type ({shown}); Arsip reads .txt and .html", digest)
    try:
        is_html = suffix in HTML_SUFFIXES or _sniff_html(data)
        text = decode(data, is_html=is_html)
        draft = parse_html(text) if is_html else parse_text(text)
        article = build_article(path, digest, draft, "html" if is_html else "txt")
    except UnreadableFile as error:
        return ExtractionFailure(path, str(error), digest)
    except Exception as error:  # noqa: BLE001 - a bad file must never stop an indexing run
        return ExtractionFailure(path, f"could not extract ({type(error).__name__}: {error})", digest)
    if isinstance(article, str):
        return ExtractionFailure(path, article, digest)
    article.size = len(data)
    article.text_hash = fingerprint.text_hash(article.title, article.body)
    article.signature = fingerprint.signature(article.body)
    return article


def _sniff_html(data: bytes) -> bool:
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html"))


def build_article(path: str, digest: str, draft: Draft, source_format: str) -> Article | str:
    """Metadata from the draft; returns a reason string when there is no article to index."""
    paragraphs = list(draft.paragraphs)
    body_chars = sum(len(p) for p in paragraphs)
    if body_chars < MIN_BODY_CHARS:
        return f"no article text found (only {body_chars} characters)"
    title = draft.title or _title_from_body(paragraphs)

    byline = find_byline(paragraphs)
    if byline:
        del paragraphs[len(paragraphs) - byline.lines_used :]
        if byline.remaining_last is not None:
            paragraphs[-1] = byline.remaining_last
    byline_text = byline.text if byline else (draft.meta.get("author") or None)

    _join_lone_dateline(paragraphs)
    line = find_dateline(paragraphs[0]) if paragraphs else None
    body_text = "\n".join(paragraphs)
    found = _publication_date(draft, paragraphs)
    outlet = _outlet(draft, line)
    article = Article(
        path=path,
        content_hash=digest,
        title=title,
        body="\n\n".join(paragraphs),
        outlet=outlet,
        byline=byline_text,
        captions=draft.captions,
        url=draft.meta.get("url"),
        source_format=source_format,
    )
    if found:
        article.date = found.date
        article.date_precision = found.precision
        article.time = found.time
        article.timezone = found.timezone or ("WIB" if found.time and found.source == "header" else None)
        article.date_partial = found.partial_iso
    entities = find_entities(title, body_text)
    article.people = entities.people
    article.organisations = entities.organisations
    if line and line.place:
        article.dateline = line.place
        place = gazetteer().resolve(line.place, prefer=_preferred_kind(line.place, body_text))
        if place:
            article.province = place.province
            article.place = place.regency or place.province
    regencies = (
        [article.place] if article.place and article.place != article.province else []
    ) + entities.regencies
    provinces = ([article.province] if article.province else []) + entities.provinces
    article.places = list(dict.fromkeys(regencies + provinces))
    return article


_LONE_DATELINE = re.compile(
    r"^[A-Z][A-Za-z .]{1,40}(?:,\s*[A-Za-z][\w.]{1,30})?\s*(?:\([^()]{2,40}\))?\s*[.\-–—:]?$"
)


def _join_lone_dateline(paragraphs: list[str]) -> None:
    """'Surabaya, Bhirawa.' on a line of its own belongs to the paragraph after it."""
    if len(paragraphs) > 1 and len(paragraphs[0]) <= 60 and _LONE_DATELINE.match(paragraphs[0]):
        joined = f"{paragraphs[0]} {paragraphs[1]}"
        if find_dateline(joined):
            paragraphs[:2] = [joined]


def _title_from_body(paragraphs: list[str]) -> str:
    words = paragraphs[0].split()
    return " ".join(words[:12]) + ("…" if len(words) > 12 else "")


def _preferred_kind(name: str, text: str) -> str | None:
    """'Malang' in a dateline: the text says whether the regency or the city government is meant."""
    bare = re.escape(name.strip().title())
    kota = len(re.findall(rf"\b(?:Kota|Pemkot|Wali ?[Kk]ota)\s+{bare}\b", text, re.I))
    kab = len(re.findall(rf"\b(?:Kabupaten|Kab\.|Pemkab|Bupati)\s+{bare}\b", text, re.I))
    if kab > kota:
        return KABUPATEN
    if kota > kab:
        return KOTA
    return None


def _publication_date(draft: Draft, paragraphs: list[str]) -> dates.FoundDate | None:
    """Rank candidates: metadata > date line near the title > URL > dates reported in the body."""
    if draft.meta.get("date"):
        found = dates.iso_date(draft.meta["date"]) or _first(dates.find_dates(draft.meta["date"], "meta"))
        if found:
            return found
    for line in draft.header:
        found = dates.date_line(line)
        if found:
            return found
    found = dates.url_date(draft.meta.get("url"))
    if found:
        return found
    body_dates = []
    for paragraph in paragraphs:
        for match in _reported_dates(paragraph):
            body_dates.append(match)
    if body_dates:
        # A report runs up to its publication: earlier dates are events it looks back on.
        return max(body_dates, key=lambda d: d.date)
    partials = [p for paragraph in paragraphs for p in dates.find_partial_dates(paragraph)]
    if partials:
        weekday, month, day = partials[0]
        return dates.complete_partial(weekday, month, day, _candidate_years(paragraphs))
    return None


_LOOKS_AWAY = re.compile(r"^\W{0,3}(?:\w+\s+){0,2}?(?:yang\s+)?(?:lalu|silam|mendatang|nanti|depan)\b", re.I)


_AHEAD = re.compile(
    r"\b(?:besok|besoknya|lusa|akan|dijadwalkan|rencananya|direncanakan|hingga|sampai)\b[^.]*$", re.I
)


def _reported_dates(paragraph: str) -> list[dates.FoundDate]:
    """Body dates in the reporting forms: "Senin (20/10/2025)", "Sabtu, 10 April 2021"."""
    out = []
    for pattern, reader in (
        (dates.NUMERIC_DATE, dates._numeric),
        (dates.TEXT_DATE, dates._textual),
    ):
        for match in pattern.finditer(paragraph):
            if not (match["weekday"] or (pattern is dates.NUMERIC_DATE and match["paren"])):
                continue
            if _LOOKS_AWAY.search(paragraph[match.end() : match.end() + 14]):
                continue  # "Jumat (17/10/2025) lalu" looks back, "Rabu (6/2) mendatang" ahead
            if _AHEAD.search(paragraph[max(0, match.start() - 40) : match.start()]):
                continue  # "akan digelar besok, Rabu (8/11/2023)": a plan, not the report's day
            found = reader(match, "body")
            if found:
                out.append((match.start(), found))
    return [f for _, f in sorted(out, key=lambda item: item[0])]


def _candidate_years(paragraphs: list[str]) -> list[int]:
    """Years a partial date may belong to: those of full dates in the article first (in order),
    then the years it mentions, most mentioned first."""
    years: list[int] = []
    for paragraph in paragraphs:
        years += [found.date.year for found in dates.find_dates(paragraph, "body") if found.date]
    mentioned = Counter(int(y) for p in paragraphs for y in re.findall(r"\b(20[0-4]\d|19[5-9]\d)\b", p))
    years += [year for year, _ in mentioned.most_common()]
    return list(dict.fromkeys(years))


def _first(items):
    return items[0] if items else None


def _outlet(draft: Draft, line) -> str | None:
    """Metadata > an outlet line under the title > the dateline's credit > copyright line > URL."""
    if draft.meta.get("outlet"):
        return normalise_outlet(draft.meta["outlet"])
    for header in draft.header:
        if len(header.split()) <= 4 and looks_like_outlet(header) and not dates.date_line(header):
            return normalise_outlet(header)
        known = known_outlet(header)
        if known:
            return known
    if line and line.outlet:
        return line.outlet
    for noise in draft.noise:
        match = _COPYRIGHT.search(noise)
        if match and looks_like_outlet(match["name"]):
            return normalise_outlet(match["name"])
    return outlet_from_url(draft.meta.get("url"))


def describe(article: Article | ExtractionFailure) -> dict:
    """The `arsip extract --json` record of one file."""
    if isinstance(article, ExtractionFailure):
        return {"path": article.path, "error": article.reason}
    return {
        "path": article.path,
        "title": article.title,
        "date": article.date.isoformat() if article.date else None,
        "time": article.time,
        "timezone": article.timezone,
        "date_precision": article.date_precision,
        "date_partial": article.date_partial,
        "outlet": article.outlet,
        "dateline": article.dateline,
        "place": article.place,
        "province": article.province,
        "byline": article.byline,
        "people": article.people,
        "organisations": article.organisations,
        "places": article.places,
        "body": article.body,
    }
