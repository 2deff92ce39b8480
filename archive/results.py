"""What a search asks and answers, engine-neutral: `SearchRequest` in, `SearchResult` of `Hit`s out.

Every search backend (archive.backend) speaks these types, so the pages, the API and the CLI never
see an engine's own objects. The request clamps itself when made (one normalisation for the URL
parser, the CLI and the tests), and each type has the one dict form that JSON, CSV and the API use.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from archive import highlight
from archive.article import Article
from archive.facets import FACET_FIELDS, FacetCount
from archive.timeline import Timeline

SORTS = ("relevance", "newest", "oldest")
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_PAGE = 10_000
FACET_LIMIT = 10


@dataclass
class SearchRequest:
    """A search as a user can state it; impossible values are clamped on creation (page 0 or -1,
    unknown sorts or facets, huge page sizes, a reversed date range)."""

    query: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)  # facet -> values (OR)
    exclude: dict[str, list[str]] = field(default_factory=dict)  # facet -> values to leave out
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = PAGE_SIZE
    facet_limit: int | None = FACET_LIMIT  # 0: no facet counts (export)

    def __post_init__(self) -> None:
        self.query = (self.query or "").strip()
        self.filters = {k: _unique(v) for k, v in self.filters.items() if k in FACET_FIELDS and v}
        self.exclude = {k: _unique(v) for k, v in self.exclude.items() if k in FACET_FIELDS and v}
        if self.date_from and self.date_to and self.date_from > self.date_to:
            self.date_from, self.date_to = self.date_to, self.date_from
        self.sort = self.sort if self.sort in SORTS else "relevance"
        self.page = max(1, min(int(self.page or 1), MAX_PAGE))
        self.page_size = max(1, min(int(self.page_size or PAGE_SIZE), MAX_PAGE_SIZE))


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


@dataclass
class Version:
    """Another article of the same story (a re-scrape, a syndicated copy) among the results."""

    id: str
    path: str
    title: str
    date: str | None
    outlet: str | None

    @classmethod
    def of(cls, article: Article) -> Version:
        date = article.date.isoformat() if article.date else None
        return cls(article.id, article.path, article.title, date, article.outlet)


# The metadata of a hit a citation or a spreadsheet needs: export rows, related and versions lists.
SUMMARY_FIELDS = (
    "id",
    "title",
    "date",
    "date_source",
    "time",
    "outlet",
    "outlet_source",
    "place",
    "province",
    "path",
    "source_url",
)


@dataclass
class Hit:
    id: str
    path: str
    title: str
    date: str | None
    time: str | None
    timezone: str | None
    date_precision: str | None
    outlet: str | None
    place: str | None
    province: str | None
    score: float | None
    snippet: str
    snippet_pieces: list[tuple[str, bool]]
    title_pieces: list[tuple[str, bool]]
    date_source: str | None = None  # stated | inferred | corrected
    outlet_source: str | None = None
    url: str | None = None  # where the file says it was published
    missing: list[str] = field(default_factory=list)  # query words this article lacks
    versions: list[Version] = field(default_factory=list)  # its story's other matching articles

    @property
    def source_url(self) -> str | None:
        return self.url

    def summary(self) -> dict:
        return {name: getattr(self, name) for name in SUMMARY_FIELDS}

    def to_dict(self) -> dict:
        return {
            **self.summary(),
            "score": None if self.score is None else round(self.score, 4),
            "snippet": self.snippet,
            "snippet_highlights": [list(p) for p in self.snippet_pieces],
            "missing": self.missing,
            "versions": [v.__dict__ for v in self.versions],
        }


def hit_of(
    article: Article, score=None, words=frozenset(), stems=frozenset(), phrases=frozenset(), snippet=True
) -> Hit:
    """A result line for an article: its snippet and title marked with the query's words (no
    snippet for lists that show none: exports of thousands of rows)."""
    pieces = highlight.snippet(article.body, words, stems, phrases) if snippet else []
    return Hit(
        id=article.id,
        path=article.path,
        title=article.title,
        date=article.date.isoformat() if article.date else None,
        time=article.time,
        timezone=article.timezone,
        date_precision=article.date_precision,
        outlet=article.outlet,
        place=article.place or article.province,
        province=article.province,
        score=score,
        snippet=highlight.plain(pieces),
        snippet_pieces=pieces,
        title_pieces=highlight.mark(article.title, words, stems, phrases) if snippet else [],
        date_source=article.date_source,
        outlet_source=article.outlet_source,
        url=article.url,
    )


@dataclass
class Facet:
    name: str
    values: list[FacetCount]
    total_values: int  # values with at least one hit (the list may be cut at the limit)


@dataclass
class SearchResult:
    request: SearchRequest
    total: int  # articles
    hits: list[Hit]
    facets: dict[str, Facet]
    timeline: Timeline  # matches per day, week, month or year from the first match to the last
    suggestion: str | None = None
    relaxed: bool = False  # no article had every word: showing those with most of them
    notices: list[str] = field(default_factory=list)
    took_ms: float = 0.0
    archive_total: int = 0
    stories: int = 0  # the articles grouped by story: what the pages list

    @property
    def pages(self) -> int:
        return max(1, -(-self.stories // self.request.page_size))

    def to_dict(self) -> dict:
        """The JSON contract shared by `arsip search --json` and `/api/search`."""
        request = self.request
        return {
            "query": request.query,
            "total": self.total,
            "stories": self.stories,
            "page": request.page,
            "pages": self.pages,
            "page_size": request.page_size,
            "sort": request.sort,
            "took_ms": round(self.took_ms, 1),
            "relaxed": self.relaxed,
            "suggestion": self.suggestion,
            "notices": self.notices,
            "filters": request.filters,
            "exclude": request.exclude,
            "from": request.date_from.isoformat() if request.date_from else None,
            "to": request.date_to.isoformat() if request.date_to else None,
            "hits": [hit.to_dict() for hit in self.hits],
            "facets": {name: [[c.value, c.count] for c in f.values] for name, f in self.facets.items()},
            "facet_selected": {
                name: [c.value for c in f.values if c.selected] for name, f in self.facets.items()
            },
            "timeline": [[bucket, count] for bucket, count in self.timeline.pairs()],
            "timeline_unit": self.timeline.unit,
            "archive_total": self.archive_total,
        }
