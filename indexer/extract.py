"""Raw bytes -> `Article` (or an `ExtractionFailure` with a reason). Never raises."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from archive.article import Article, ExtractionFailure, content_hash
from indexer import dates, fingerprint
from indexer.dateline import find_byline, find_dateline, preferred_kind
from indexer.decode import UnreadableFile, decode
from indexer.entities import find_entities
from indexer.gazetteer import gazetteer
from indexer.html import parse_html
from indexer.layout import Draft, parse_text
from indexer.outlets import INFERRED, STATED, Evidence, find_outlet

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES
MIN_BODY_CHARS = 80
MAX_TEXT_CHARS = 2_000_000  # a long report is 100k characters; two million is a book or a dump
ANALYSIS_CHARS = 100_000  # dates, outlet and names are read from the head of a text this long

EARLIEST_INFERRED = dt.date(1990, 1, 1)  # a date read from a body before this is an event, not the article


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
        if not is_html and len(text) > MAX_TEXT_CHARS:
            raise UnreadableFile(_too_long(len(text)))
        draft = parse_html(text) if is_html else parse_text(text)
        article = build_article(path, digest, draft, "html" if is_html else "txt")
    except UnreadableFile as error:
        return ExtractionFailure(path, str(error), digest)
    except Exception as error:  # noqa: BLE001 - a bad file must never stop an indexing run
        return ExtractionFailure(path, f"could not extract ({type(error).__name__}: {error})", digest)
    if isinstance(article, str):
        return ExtractionFailure(path, article, digest)
    article.size = len(data)
    article.text_hash, article.signature = fingerprint.fingerprints(article.title, article.body)
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
    if body_chars > MAX_TEXT_CHARS:
        return _too_long(body_chars)
    title = draft.title or _title_from_body(paragraphs)

    byline = find_byline(paragraphs)
    if byline:
        del paragraphs[len(paragraphs) - byline.lines_used :]
        if byline.remaining_last is not None:
            paragraphs[-1] = byline.remaining_last
    byline_text = byline.text if byline else (draft.meta.get("author") or None)

    _join_lone_dateline(paragraphs)
    line = _lead_dateline(paragraphs)
    head = _head(paragraphs)
    body_text = "\n".join(head)
    found = _publication_date(draft, head)
    outlet, outlet_source = find_outlet(_evidence(draft, line, body_text))
    article = Article(
        path=path,
        content_hash=digest,
        title=title,
        body="\n\n".join(paragraphs),
        outlet=outlet,
        outlet_source=outlet_source,
        byline=byline_text,
        captions=draft.captions,
        url=draft.meta.get("url"),
        source_format=source_format,
    )
    if found:
        article.date = found.date
        article.date_precision = found.precision
        if found.date:
            article.date_source = STATED if found.source in _STATED_SOURCES else INFERRED
        article.time = found.time
        article.timezone = found.timezone or ("WIB" if found.time and found.source == "header" else None)
        article.date_partial = found.partial_iso
    entities = find_entities(title, body_text)
    article.people = entities.people
    article.organisations = entities.organisations
    if line and line.place:
        article.dateline = line.place
        place = gazetteer().resolve(line.place, prefer=preferred_kind(line.place, body_text))
        if place:
            article.province = place.province
            article.place = place.regency or place.province
    regencies = (
        [article.place] if article.place and article.place != article.province else []
    ) + entities.regencies
    provinces = ([article.province] if article.province else []) + entities.provinces
    article.places = list(dict.fromkeys(regencies + provinces))
    return article


_STATED_SOURCES = ("meta", "header", "url")


def _too_long(chars: int) -> str:
    return f"text too long for one article ({chars:,} characters; at most {MAX_TEXT_CHARS:,}): split it"


def _head(paragraphs: list[str]) -> list[str]:
    """The paragraphs metadata is read from: all of an article, the first ANALYSIS_CHARS of a
    very long text (its cost grows with the text; its date, dateline and names come first)."""
    total = 0
    for n, paragraph in enumerate(paragraphs):
        total += len(paragraph)
        if total > ANALYSIS_CHARS:
            return paragraphs[: max(n, 1)]
    return paragraphs


def _lead_dateline(paragraphs: list[str]):
    """The dateline of the lead: usually the first paragraph, after a crawler's summary the second."""
    for paragraph in paragraphs[:3]:
        found = find_dateline(paragraph)
        if found:
            return found
    return None


def _evidence(draft: Draft, line, body: str) -> Evidence:
    meta = draft.meta
    urls = [meta[k] for k in ("url", "canonical") if meta.get(k)]
    image_hosts = meta.get("image_hosts", "")
    return Evidence(
        meta_outlet=meta.get("outlet"),
        header=list(draft.header),
        dateline_outlet=line.outlet if line else None,
        page_title=meta.get("page_title"),
        site_header=meta.get("site_header"),
        footer=list(draft.noise) + meta.get("footer", "").split("\n"),
        urls=urls,
        body=" ".join(f"https://{host}/ " for host in image_hosts.split()) + body,
    )


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
        if _FOOTNOTE.match(paragraph):
            continue
        body_dates += [d for d in _reported_dates(paragraph) if _plausible(d.date)]
    if body_dates:
        # A report runs up to its publication: earlier dates are events it looks back on.
        return max(body_dates, key=lambda d: d.date)
    partials = [p for paragraph in paragraphs for p in dates.find_partial_dates(paragraph)]
    if partials:
        weekday, month, day = partials[0]
        return dates.complete_partial(weekday, month, day, _candidate_years(paragraphs))
    return None


_FOOTNOTE = re.compile(r"^\s*(?:\*+\)?|catatan\s*:|sumber\s*:|disclaimer|keterangan\s*:)", re.I)
# Years that name a law or a regulation ("UU Nomor 11 Tahun 2008", "Perpres 79/2025") are not
# the year of the report.
_LAW_YEAR = re.compile(
    r"\b(?:(?:nomor|no\.?)\s*\d+[a-z]?\s*(?:tahun|th\.?|/)|"
    r"(?:uu|undang-undang|perppu|perpu|pp|perpres|permen\w*|perda|pergub|perbup|perwali|keppres|inpres|"
    r"pkpu|peraturan\s+\w+|keputusan\s+\w+)\s+(?:nomor\s*|no\.?\s*)?(?:\d+[a-z]?\s*)?(?:tahun\s*|/\s*)?)"
    r"\s*(?P<year>(?:19|20)\d\d)\b",
    re.I,
)


# A four-digit number that counts something ("2025 hari", "1990 warga") or an age is no year.
_QUANTITY = re.compile(
    r"\b(?:(?:berusia|usia|umur)\s+\d+|(?:19|20)\d\d\s+(?:hari|orang|warga|jiwa|peserta|siswa|unit|ton|kg|"
    r"kilogram|km|kilometer|meter|kali|buah|ekor|lembar|porsi|rumah|keluarga|kk|personel|pasukan|kursi))\b",
    re.I,
)


def _not_years(text: str) -> str:
    return _QUANTITY.sub(" ", _LAW_YEAR.sub(" ", text))


def _plausible(date: dt.date | None) -> bool:
    """A date read from a body (not stated as the article's) must fall in the archive's era."""
    return date is not None and EARLIEST_INFERRED <= date <= dt.date.today() + dt.timedelta(days=1)


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
        for match in dates.near_digits(pattern, paragraph):
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
        if _FOOTNOTE.match(paragraph):
            continue
        paragraph = _not_years(paragraph)
        years += [found.date.year for found in dates.find_dates(paragraph, "body") if _plausible(found.date)]
    text = _not_years("\n".join(p for p in paragraphs if not _FOOTNOTE.match(p)))
    mentioned = Counter(int(y) for y in re.findall(r"\b((?:19|20)\d\d)\b", text))
    years += [y for y, _ in mentioned.most_common() if EARLIEST_INFERRED.year <= y <= dt.date.today().year]
    return list(dict.fromkeys(years))


def _first(items):
    return items[0] if items else None
