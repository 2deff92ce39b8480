"""The Whoosh schema and the Article <-> document mapping.

Stemmed fields rank (title, body; body phrases match by stems); the headline is also kept as written
(title_exact) for exact titles, suggestions and prefixes; facet fields
hold display values one per line, counted from their postings (see `archive.facets`). The whole
Article is stored once, compressed (`archive.records`), so the index is never the only copy of anything but is
enough to render pages without reading the raw files. Duplicate fingerprints live beside the
index in `archive.stories`.
"""

from __future__ import annotations

import hashlib
import time

from whoosh import columns, fields
from whoosh.analysis import RegexTokenizer

from archive.analysis import exact_analyzer, stemming_analyzer
from archive.article import Article
from archive.records import PLAIN, RecordCodec

# Bump when fields, analyzers, stopwords, protected words, the stored record or the duplicate
# fingerprints change: an index with another version is rebuilt from corpus/.
SCHEMA_VERSION = 8

FACET_FIELDS = ("outlet", "year", "month", "province", "place", "person", "organisation")
NO_DATE_NEWEST = 0
NO_DATE_OLDEST = 99_999_999


class FacetField(fields.KEYWORD):
    """Display values ("Kabupaten Malang", "detikNews"), one per line, matched exactly."""

    def __init__(self):
        super().__init__(stored=False, lowercase=False, commas=False, scorable=False)
        self.analyzer = RegexTokenizer(r"[^\n]+")


def build_schema() -> fields.Schema:
    stemmed = stemming_analyzer()
    exact = exact_analyzer()
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        path=fields.ID(stored=True, unique=True, sortable=True),
        stamp=fields.STORED(),  # "sha256 size mtime_ns": what sync compares
        title=fields.TEXT(analyzer=stemmed, phrase=True),  # positions: proximity and phrases by stems
        body=fields.TEXT(analyzer=stemmed, phrase=True),  # positions: phrases match by stems
        title_exact=fields.TEXT(analyzer=exact, phrase=True),
        meta=fields.TEXT(analyzer=stemmed, phrase=True),  # outlet, places, people, bodies
        outlet=FacetField(),
        year=FacetField(),
        month=FacetField(),
        province=FacetField(),
        place=FacetField(),
        person=FacetField(),
        organisation=FacetField(),
        # Columns only: dates, additions and stories are filtered, sorted and grouped with numpy
        # over these arrays (archive.facets), never queried as terms, which would cost 2-16 terms
        # per article in every segment's term dictionary.
        date=fields.COLUMN(columns.NumericColumn("I")),  # yyyymmdd, NO_DATE_NEWEST when undated
        date_oldest=fields.COLUMN(columns.NumericColumn("I")),  # yyyymmdd, NO_DATE_OLDEST when undated
        added=fields.COLUMN(columns.NumericColumn("Q")),  # epoch s, newest additions
        story=fields.COLUMN(columns.NumericColumn("q")),  # versions of one story share it
        record=fields.STORED(),
    )


def date_key(article: Article) -> int | None:
    if not article.date or not article.date_precision or article.date_precision == "no-year":
        return None
    d = article.date
    return d.year * 10000 + d.month * 100 + d.day


def provinces_of(article: Article) -> list[str]:
    seen = [article.province] if article.province else []
    return list(dict.fromkeys(seen + [p for p in article.places if _is_province(p, article)]))


def _is_province(name: str, article: Article) -> bool:
    return not name.startswith(("Kabupaten ", "Kota "))


def regencies_of(article: Article) -> list[str]:
    return [p for p in article.places if p.startswith(("Kabupaten ", "Kota "))]


def story_key(article: Article) -> int:
    """A number shared by the versions of one story (near-duplicates), for grouping results."""
    story = article.near_duplicate_of or article.id
    return int.from_bytes(
        hashlib.blake2b(story.encode("utf-8"), digest_size=8).digest(), "little", signed=True
    )


def to_document(article: Article, stamp: str, added: int | None = None, records: RecordCodec = PLAIN) -> dict:
    key = date_key(article)
    doc = {
        "story": story_key(article),
        "added": added if added is not None else int(time.time()),
        "id": article.id,
        "path": article.path,
        "stamp": stamp,
        "title": article.title,
        "body": article.body,
        "title_exact": article.title,
        "meta": "\n".join(
            filter(
                None,
                [
                    article.outlet,
                    article.dateline,
                    *article.places,
                    *article.people,
                    *article.organisations,
                ],
            )
        ),
        "person": "\n".join(article.people),
        "organisation": "\n".join(article.organisations),
        "province": "\n".join(provinces_of(article)),
        "place": "\n".join(regencies_of(article)),
        "date": key or NO_DATE_NEWEST,
        "date_oldest": key or NO_DATE_OLDEST,
        "record": records.pack(article),
    }
    if article.outlet:
        doc["outlet"] = article.outlet
    if article.year:
        doc["year"] = str(article.year)
    if article.month:
        doc["month"] = article.month
    return {k: v for k, v in doc.items() if v != ""}
