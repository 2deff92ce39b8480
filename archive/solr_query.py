"""Arsip's search requests in Solr's JSON Request API: the query objects of archive.query in
Lucene syntax, the minimum-should-match `bool` query with its coverage boost and proximity
clauses (archive.ranking), filters tagged so each facet can exclude its own (multi-select), and
the facet answer read back into archive.results' Facets.
"""

from __future__ import annotations

import datetime as dt

from whoosh import query
from whoosh.query.qcore import _NullQuery

from archive.facets import FACET_FIELDS, MISSING, MISSING_FACETS, ranked_counts
from archive.query import BuiltQuery
from archive.ranking import BODY_PAIR_BONUS, PAIR_WINDOW, PROXIMITY_MAX_WORDS, TITLE_PAIR_BONUS
from archive.results import Facet, SearchRequest
from archive.solr_collection import quote

GROUP_CHUNK = 200  # ranked ids read per round while grouping stories for a page
_SPECIAL = set('+-&|!(){}[]^"~*?:\\/ ')


def sort_clause(request: SearchRequest) -> str:
    if request.sort == "oldest":
        return "date_oldest asc, id asc"
    if request.sort == "newest":
        return "date desc, id asc"
    return "score desc, date desc, id asc"


def request_body(main: dict, filters: list[str], request: SearchRequest) -> dict:
    facet: dict = {
        "archive": {"type": "query", "q": "*:*", "domain": {"query": "*:*"}},  # the whole archive
        "stories": "unique(story)",
        "days": {"type": "terms", "field": "date", "limit": -1, "domain": {"filter": "date:[1 TO *]"}},
    }
    if request.facet_limit != 0:
        for name in FACET_FIELDS:
            limit = -1 if name == "month" or request.facet_limit is None else request.facet_limit
            facet[name] = {
                "type": "terms",
                "field": name,
                "limit": limit,
                "numBuckets": True,
                "missing": name in MISSING_FACETS,
                "domain": {"excludeTags": name},
            }
            # a selected value beyond the top `limit` is still listed with its count
            for i, value in enumerate(request.filters.get(name, [])):
                if value != MISSING:
                    facet[f"{name}.selected{i}"] = {
                        "type": "query",
                        "q": value_query(name, value),
                        "domain": {"excludeTags": name},
                    }
    return {
        **main,
        "filter": filters,
        "limit": GROUP_CHUNK,
        "fields": "id,story,score",
        "sort": sort_clause(request),
        "facet": facet,
    }


def main_query(built: BuiltQuery, need: int, weights: list[float] | None = None) -> dict:
    """The query as Solr's `bool` parser with its clauses as parameters: required (`must`),
    excluded (`must_not`) and the typed words (`should`, of which `mm` must match). As in
    archive.ranking, the score is multiplied by the rarity-weighted share of the words an article
    has (`weights`, a `boost` function), and neighbouring words standing together in the title or
    body add to it (a sloppy two-word phrase beside the match, like edismax `pf2`)."""
    clauses: list[tuple[str, str]] = []
    for kind, queries in (("must", built.required), ("must_not", built.prohibited)):
        clauses += [(kind, text) for text in map(lucene, queries) if text]
    typed = [lucene(c.query) for c in built.optional]
    first_should = len(clauses)
    clauses += [("should", text) for text in typed if text]
    if not any(kind != "must_not" for kind, _ in clauses):
        clauses.insert(0, ("must", "*:*"))
        first_should += 1
    params = {f"c{i}": text for i, (_, text) in enumerate(clauses)}
    local = " ".join(f"{kind}=$c{i}" for i, (kind, _) in enumerate(clauses))
    mm = f" mm={need}" if len(clauses) > first_should and need > 1 else ""
    params["match"] = f"{{!bool {local}{mm}}}"
    scored = "$match"
    weighted = [w for w, text in zip(weights or [], typed, strict=False) if text]
    if sum(weighted) > 0:
        shares = ",".join(
            f"if(exists(query($c{first_should + k})),{w:.6g},0)" for k, w in enumerate(weighted)
        )
        params["coverage"] = f"div(sum({shares}),{sum(weighted):.6g})"
        params["covered"] = "{!boost b=$coverage v=$match}"
        scored = "$covered"
    boosts = _proximity(built)
    params.update({f"near{i}": text for i, text in enumerate(boosts)})
    near = "".join(f" should=$near{i}" for i in range(len(boosts)))
    return {"query": f"{{!bool must={scored}{near}}}", "params": params}


def _proximity(built: BuiltQuery) -> list[str]:
    clauses = built.optional
    if len(clauses) > PROXIMITY_MAX_WORDS:
        return []
    out = []
    for first, second in zip(clauses, clauses[1:], strict=False):
        if first.stem and second.stem and first.stem != second.stem:
            words = _escape_phrase(f"{first.stem} {second.stem}")
            slop = PAIR_WINDOW - 1
            out.append(f'title:"{words}"~{slop}^{TITLE_PAIR_BONUS:g}')
            out.append(f'body:"{words}"~{slop}^{BODY_PAIR_BONUS:g}')
    return out


def filter_queries(request: SearchRequest) -> list[str]:
    out = []
    for name, values in request.filters.items():
        out.append(f"{{!tag={name}}}" + " OR ".join(value_query(name, v) for v in values))
    for name, values in request.exclude.items():
        out.append("*:* " + " ".join(f"-{value_query(name, v)}" for v in values))
    if request.date_from or request.date_to:
        low = _day(request.date_from) if request.date_from else 0
        high = _day(request.date_to) if request.date_to else 99_999_999
        out.append(f"date:[{low} TO {high}]")
    return out


def value_query(name: str, value: str) -> str:
    if value == MISSING:
        return f"(*:* -{name}:[* TO *])"
    return f"{name}:{quote(value)}"


def _day(day: dt.date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def facets_of(request: SearchRequest, answer: dict) -> dict[str, Facet]:
    out = {}
    for name in FACET_FIELDS:
        found = answer.get(name, {})
        counts = {str(b["val"]): b["count"] for b in found.get("buckets", [])}
        missing = found.get("missing", {}).get("count", 0)
        if missing:
            counts[MISSING] = missing
        for i, value in enumerate(request.filters.get(name, [])):
            selected = answer.get(f"{name}.selected{i}", {}).get("count", 0)
            if value not in counts and selected:
                counts[value] = selected
        limit = None if name == "month" else request.facet_limit
        shown = ranked_counts(counts, request.filters.get(name, []), limit)
        out[name] = Facet(name, shown, int(found.get("numBuckets", len(counts))) + (1 if missing else 0))
    return out


def lucene(q) -> str | None:
    """A Whoosh query object of archive.query in the Lucene syntax of Solr's standard parser."""
    if q is None or isinstance(q, _NullQuery):
        return None
    boost = f"^{q.boost:g}" if getattr(q, "boost", 1.0) not in (1, 1.0) else ""
    if isinstance(q, query.Term):
        return f"{q.fieldname}:{escape(str(q.text))}{boost}"
    if isinstance(q, query.Phrase):
        words = " ".join(str(w) for w in q.words)
        return f'{q.fieldname}:"{_escape_phrase(words)}"~{max(0, q.slop - 1)}{boost}'
    if isinstance(q, query.AndNot):
        a, b = lucene(q.a), lucene(q.b)
        return f"(+{a} -{b})" if b else a
    if isinstance(q, query.Not):
        inner = lucene(q.query)
        return f"(*:* -{inner})" if inner else None
    if isinstance(q, (query.And, query.Or, query.DisjunctionMax)):
        parts = [p for p in (lucene(s) for s in q.subqueries) if p]
        if not parts:
            return None
        joined = " ".join(f"+{p}" for p in parts) if isinstance(q, query.And) else " ".join(parts)
        return f"({joined}){boost}"
    if isinstance(q, query.FuzzyTerm):
        return f"{q.fieldname}:{escape(q.text)}~{q.maxdist}{boost}"
    if isinstance(q, query.Prefix):
        return f"{q.fieldname}:{escape(q.text)}*"
    if isinstance(q, query.Wildcard):
        return f"{q.fieldname}:{''.join(c if c in '*?' else escape(c) for c in q.text)}"
    if isinstance(q, query.NumericRange):
        low = "*" if q.start is None else q.start
        high = "*" if q.end is None else q.end
        return f"{q.fieldname}:{'{' if q.startexcl else '['}{low} TO {high}{'}' if q.endexcl else ']'}"
    if isinstance(q, query.TermRange):
        low = "*" if q.start is None else escape(q.start)
        high = "*" if q.end is None else escape(q.end)
        return f"{q.fieldname}:{'{' if q.startexcl else '['}{low} TO {high}{'}' if q.endexcl else ']'}"
    if isinstance(q, query.Every):
        return "*:*"
    raise ValueError(f"no Lucene form for {type(q).__name__}")


def escape(text: str) -> str:
    return "".join("\\" + c if c in _SPECIAL else c for c in text)


def _escape_phrase(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')
