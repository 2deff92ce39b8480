"""The `Article` record: what the indexer makes of one raw file, and what the archive stores.

A plain dataclass so that it crosses package boundaries (indexer -> archive -> web) without
carrying Whoosh, BeautifulSoup or Flask types with it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

# How much of the publication date the source really stated.
PRECISION_DAY = "day"
PRECISION_MONTH = "month"
PRECISION_YEAR = "year"
PRECISION_NO_YEAR = "no-year"  # "Senin (10/10)" with no year anywhere in the article

_SLUG_DROP = re.compile(r"[^a-z0-9]+")


def article_id(path: str) -> str:
    """A stable, URL-safe id from the corpus-relative path: readable stem + short path hash.

    The id survives re-indexing and content changes (citations keep working); a moved file is a
    new article, which is what an archivist moving files expects.
    """
    stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode().lower()
    slug = _SLUG_DROP.sub("-", ascii_stem).strip("-")[:40] or "artikel"
    digest = hashlib.blake2b(path.encode("utf-8"), digest_size=5).hexdigest()
    return f"{slug}-{digest}"


def content_hash(data: bytes) -> str:
    """The content fingerprint used by incremental sync."""
    return hashlib.sha256(data).hexdigest()


@dataclass
class Article:
    """One news article with the metadata staff filter and cite by."""

    path: str  # relative to the corpus root, "/" separators
    content_hash: str
    title: str
    body: str  # clean article text; paragraphs separated by a blank line
    date: dt.date | None = None
    time: str | None = None  # "HH:MM" local time as stated
    timezone: str | None = None  # WIB, WITA or WIT
    date_precision: str | None = None
    date_partial: str | None = None  # "--10-10" when only day and month were stated
    date_source: str | None = (
        None  # "stated" by the file (metadata, date line, URL) or "inferred" from its body
    )
    outlet: str | None = None
    outlet_source: str | None = None  # "stated" (metadata, dateline, title, copyright, URL) or "inferred"
    dateline: str | None = None  # the place as the dateline writes it ("KALIANDA")
    place: str | None = None  # the regency/city it resolves to ("Kabupaten Lampung Selatan")
    province: str | None = None
    byline: str | None = None
    people: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)  # regencies/provinces named in the text
    captions: list[str] = field(default_factory=list)
    url: str | None = None
    source_format: str = "txt"  # txt | html
    near_duplicate_of: str | None = None  # id of the first article of the same story
    size: int = 0
    text_hash: str = ""  # hash of the normalised words: equal for exact duplicates
    signature: list[int] = field(default_factory=list, repr=False)  # MinHash of word shingles
    corrected: list[str] = field(default_factory=list)  # fields an archivist corrected (archive.corrections)

    @property
    def id(self) -> str:
        return article_id(self.path)

    @property
    def year(self) -> int | None:
        if self.date and self.date_precision in (PRECISION_DAY, PRECISION_MONTH, PRECISION_YEAR):
            return self.date.year
        return None

    @property
    def month(self) -> str | None:
        if self.date and self.date_precision in (PRECISION_DAY, PRECISION_MONTH):
            return f"{self.date.year:04d}-{self.date.month:02d}"
        return None

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.body.split("\n\n") if p.strip()]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (dates as ISO strings) used by the store and the APIs."""
        data = dict(self.__dict__)  # flat fields only: cheaper than dataclasses.asdict's deep copy
        data.pop("signature", None)  # kept in the duplicate register; not part of the record users see
        data["id"] = self.id
        data["date"] = self.date.isoformat() if self.date else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        known = {f for f in cls.__dataclass_fields__}
        values = {k: v for k, v in data.items() if k in known}
        if values.get("date"):
            values["date"] = dt.date.fromisoformat(values["date"])
        return cls(**values)


@dataclass(frozen=True)
class ExtractionFailure:
    """A raw file the indexer could not turn into an article, with a reason a person can act on."""

    path: str
    reason: str
    content_hash: str = ""
