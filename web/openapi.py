"""The OpenAPI description of the JSON API, served at /api/openapi.json."""

from __future__ import annotations

from archive.facets import FACET_FIELDS
from archive.results import MAX_PAGE_SIZE, SORTS
from archive.timeline import UNITS
from web.params import MAX_PAGE, MAX_VALUES_PER_FACET

_VALUE_PATTERNS = {  # values of a facet; "_none" selects the articles without one
    "month": r"^(\d{4}-(0[1-9]|1[0-2])|_none)$",
    "year": r"^(\d{4}|_none)$",
}


def _facet_param(name: str, field: str, description: str) -> dict:
    item = {"type": "string"}  # an empty value is ignored, as a form sends it
    if field in _VALUE_PATTERNS:
        item["pattern"] = _VALUE_PATTERNS[field].replace("|_none)$", "|_none|)$")
    return {
        "name": name,
        "in": "query",
        "description": description,
        "schema": {"type": "array", "items": item, "maxItems": MAX_VALUES_PER_FACET},
        "style": "form",
        "explode": True,
    }


_FACET_PARAMS = [
    _facet_param(name, name, f"Only articles with this {name} (repeat for several: OR).")
    for name in FACET_FIELDS
] + [_facet_param(f"not_{name}", name, f"Leave out articles with this {name}.") for name in FACET_FIELDS]
_DATE = {
    "anyOf": [
        {"type": "string", "format": "date"},
        {"type": "string", "pattern": r"^[1-9]\d{3}$", "description": "a year: its first or last day"},
        {"type": "string", "maxLength": 0, "description": "empty, as a form sends it: no limit"},
    ]
}
_SEARCH_PARAMS = [
    {
        "name": "q",
        "in": "query",
        "description": 'Query: words, "phrases", -word, field:value, prefix*, '
        "word~, AND/OR/NOT (DAN/ATAU/TIDAK).",
        "schema": {"type": "string"},
    },
    *_FACET_PARAMS,
    {
        "name": "from",
        "in": "query",
        "description": "Published on or after (YYYY-MM-DD or YYYY).",
        "schema": _DATE,
    },
    {
        "name": "to",
        "in": "query",
        "description": "Published on or before (YYYY-MM-DD or YYYY).",
        "schema": _DATE,
    },
    # empty means the default (relevance), as for every other parameter
    {"name": "sort", "in": "query", "schema": {"type": "string", "enum": ["", *SORTS]}},
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}},
    {
        "name": "size",
        "in": "query",
        "description": "Hits per page (1-100).",
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
    },
]
_ERROR = {
    "description": "An error, as JSON",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}


def spec() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Arsip",
            "version": "1",
            "description": "Search an archive of Indonesian regional news: facets, articles, exports.",
        },
        "paths": {
            "/api/search": {
                "get": {
                    "summary": "Search: hits, facet counts, timeline, suggestion, pagination",
                    "parameters": _SEARCH_PARAMS,
                    "responses": {
                        "200": {
                            "description": "Results",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/SearchResult"}}
                            },
                        },
                        "400": _ERROR,
                        "503": _ERROR,
                    },
                }
            },
            "/api/article/{id}": {
                "get": {
                    "summary": "One article with its metadata, citation, related articles",
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                    ],
                    "responses": {
                        "200": {
                            "description": "The article",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/Article"}}
                            },
                        },
                        "404": _ERROR,
                        "503": _ERROR,
                    },
                }
            },
            "/api/export.{format}": {
                "get": {
                    "summary": "The result set of a search (up to 5,000 rows) as CSV or JSON",
                    "parameters": [
                        {
                            "name": "format",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string", "enum": ["csv", "json"]},
                        },
                        *_SEARCH_PARAMS,
                    ],
                    "responses": {
                        "200": {
                            "description": "The rows, with a header row (CSV) or as a list (JSON)",
                            "content": {"text/csv": {"schema": {"type": "string"}}, "application/json": {}},
                        },
                        "400": _ERROR,
                        "404": _ERROR,
                        "503": _ERROR,
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error", "status"],
                    "properties": {"error": {"type": "string"}, "status": {"type": "integer"}},
                },
                "Hit": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "string"},
                        "path": {"type": "string"},
                        "title": {"type": "string"},
                        "date": {"type": ["string", "null"]},
                        "time": {"type": ["string", "null"]},
                        "outlet": {"type": ["string", "null"]},
                        "place": {"type": ["string", "null"]},
                        "province": {"type": ["string", "null"]},
                        "score": {"type": ["number", "null"]},
                        "snippet": {"type": "string"},
                        "snippet_highlights": {
                            "type": "array",
                            "description": "[text, is_match] pieces",
                            "items": {"type": "array"},
                        },
                        "date_source": {"$ref": "#/components/schemas/Provenance"},
                        "outlet_source": {"$ref": "#/components/schemas/Provenance"},
                        "source_url": {"type": ["string", "null"]},
                        "missing": {
                            "type": "array",
                            "description": "words of the query this article lacks",
                            "items": {"type": "string"},
                        },
                        "versions": {
                            "type": "array",
                            "description": "other articles of the same story among the results",
                            "items": {"type": "object"},
                        },
                    },
                },
                "Provenance": {
                    "type": ["string", "null"],
                    "enum": ["stated", "inferred", "corrected", None],
                    "description": "stated by the file, inferred from its text, or corrected by an archivist",
                },
                "SearchResult": {
                    "type": "object",
                    "properties": {
                        "query": {"type": "string"},
                        "total": {"type": "integer", "description": "matching articles"},
                        "stories": {"type": "integer", "description": "matching stories (versions grouped)"},
                        "page": {"type": "integer"},
                        "pages": {"type": "integer"},
                        "page_size": {"type": "integer"},
                        "sort": {"type": "string"},
                        "took_ms": {"type": "number"},
                        "relaxed": {"type": "boolean"},
                        "suggestion": {"type": ["string", "null"]},
                        "hits": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
                        "facets": {
                            "type": "object",
                            "description": "facet -> [[value, count], ...]",
                            "additionalProperties": {"type": "array"},
                        },
                        "facet_selected": {"type": "object", "additionalProperties": {"type": "array"}},
                        "timeline": {
                            "type": "array",
                            "description": "[[YYYY-MM-DD, YYYY-Www, YYYY-MM or YYYY, count], ...]",
                        },
                        "timeline_unit": {"type": "string", "enum": list(UNITS)},
                        "archive_total": {"type": "integer"},
                    },
                },
                "Article": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "string"},
                        "path": {"type": "string"},
                        "title": {"type": "string"},
                        "body": {"type": "string"},
                        "date": {"type": ["string", "null"]},
                        "time": {"type": ["string", "null"]},
                        "timezone": {"type": ["string", "null"]},
                        "date_precision": {"type": ["string", "null"]},
                        "outlet": {"type": ["string", "null"]},
                        "date_source": {"$ref": "#/components/schemas/Provenance"},
                        "outlet_source": {"$ref": "#/components/schemas/Provenance"},
                        "corrected": {"type": "array", "items": {"type": "string"}},
                        "dateline": {"type": ["string", "null"]},
                        "place": {"type": ["string", "null"]},
                        "province": {"type": ["string", "null"]},
                        "byline": {"type": ["string", "null"]},
                        "people": {"type": "array", "items": {"type": "string"}},
                        "organisations": {"type": "array", "items": {"type": "string"}},
                        "places": {"type": "array", "items": {"type": "string"}},
                        "citation": {
                            "type": "object",
                            "properties": {"indonesian": {"type": "string"}, "apa": {"type": "string"}},
                        },
                        "related": {"type": "array"},
                        "versions": {"type": "array"},
                    },
                },
            }
        },
    }
