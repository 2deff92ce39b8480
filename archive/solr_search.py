"""The Solr search backend: the same SearchRequest -> SearchResult as the Whoosh one, answered by
a SolrCloud collection (archive.solr).

The query is read by the same QueryBuilder (archive.query) and its Whoosh query objects are
written out in Lucene syntax over the same analysed terms; ranking follows archive.ranking's
minimum-should-match (the `bool` parser's `mm`, relaxed one word at a time while a page is not
full). Filters are tagged and each facet excludes its own tag (multi-select); the timeline counts
day keys; versions of one story are grouped here over the ranked ids, as in the Whoosh backend.
"""

from __future__ import annotations

import datetime as dt
import math
import threading
import time
from collections import Counter
from dataclasses import replace

import numpy as np
from cachetools import TTLCache
from whoosh import query
from whoosh.query.qcore import _NullQuery

from archive.analysis import STOPWORDS, indexed_stem, stem_word, words_of
from archive.article import Article
from archive.facets import FACET_FIELDS, MISSING, MISSING_FACETS, ranked_counts, values_meaning
from archive.query import BuiltQuery, QueryBuilder
from archive.ranking import (
    BODY_PAIR_BONUS,
    MIN_RESULTS,
    PAIR_WINDOW,
    PROXIMITY_MAX_WORDS,
    TITLE_PAIR_BONUS,
    min_match,
    rarity,
)
from archive.related import (
    DATE_HALF_LIFE_DAYS,
    ENTITY_FIELDS,
    ENTITY_WEIGHT,
    HEADLINE_WEIGHT,
    KEY_TERMS,
    KEY_TERMS_FROM_CHARS,
    MIN_SCORE,
    RECENCY_POWER,
    UNDATED_OTHER,
    UNDATED_OWN,
    day_numbers,
    entity_values,
)
from archive.results import Facet, Hit, SearchRequest, SearchResult, Version, hit_of
from archive.schema import build_schema, date_key
from archive.solr import SolrCollection, SolrStore, article_of, quote
from archive.suggest import suggest
from archive.timeline import timeline

MAX_VERSIONS = 10
GROUP_CHUNK = 200  # ranked ids read per round while grouping stories for a page
EXPORT_CHUNK = 2000
CACHE_SECONDS = 2  # facet values (for `outlet:...` in a query): read again after an upload lands
RARITY_SECONDS = 60  # a word's rarity barely moves with one upload; the next page reuses it
_SPECIAL = set('+-&|!(){}[]^"~*?:\\/ ')


class SolrSearch:
    """archive.backend.SearchBackend over a Solr collection."""

    def __init__(self, store: SolrStore):
        self.store = store
        self.collection: SolrCollection = store.collection
        self.schema = build_schema()
        self._values: TTLCache = TTLCache(maxsize=32, ttl=CACHE_SECONDS)
        self._rarities: TTLCache = TTLCache(maxsize=1024, ttl=RARITY_SECONDS)
        self._lock = threading.Lock()

    def available(self) -> bool:
        return self.store.exists()

    def warm(self) -> None:
        """Solr warms its own caches; the facet values the query syntax needs are read once."""
        for name in FACET_FIELDS:
            self._facet_values(name)

    # -- reading the query ---------------------------------------------------------------------
    def _builder(self) -> QueryBuilder:
        return QueryBuilder(self.schema, None, facet_values=self._facet_values)

    def _cached(self, cache: TTLCache, key, compute):
        """`cache[key]`, computed (outside the lock: it asks Solr) when missing or expired."""
        with self._lock:
            found = cache.get(key)
        if found is None:
            found = compute()
            with self._lock:
                cache[key] = found
        return found

    def _facet_values(self, name: str) -> list[str]:
        def read() -> list[str]:
            body = {
                "query": "*:*",
                "limit": 0,
                "facet": {name: {"type": "terms", "field": name, "limit": -1}},
            }
            buckets = self.collection.select(body).get("facets", {}).get(name, {}).get("buckets", [])
            return [b["val"] for b in buckets]

        return self._cached(self._values, name, read)

    def matching_values(self, facet: str, text: str) -> list[str]:
        return values_meaning(self._facet_values(facet), text)

    def highlight_terms(self, query_text: str) -> tuple[set[str], set[str], set[tuple[str, ...]]]:
        if not query_text.strip():
            return set(), set(), set()
        built = self._builder().build(query_text)
        return built.highlight, built.highlight_stems, built.highlight_phrases

    # -- search --------------------------------------------------------------------------------
    def search(self, request: SearchRequest) -> SearchResult:
        started = time.perf_counter()
        built = self._builder().build(request.query)
        filters = _filters(request)
        need, relaxed, answer, weights = self._ranked(built, request, filters)
        total = answer["response"]["numFound"]
        facets_answer = answer.get("facets", {})
        facets = _facets(request, facets_answer) if request.facet_limit != 0 else {}
        days = {b["val"]: b["count"] for b in facets_answer.get("days", {}).get("buckets", [])}
        keys = np.repeat(np.array(list(days), dtype=np.int64), list(days.values())) if days else np.zeros(0)
        main = _main_query(built, need, weights)
        first = answer["response"]["docs"]
        leaders, groups = self._stories(main, filters, request, request.page * request.page_size, first)
        start = (request.page - 1) * request.page_size
        page = leaders[start : start + request.page_size]
        scores = {d["id"]: d.get("score") for d in first} if request.sort == "relevance" else {}
        hits = self._hits(built, page, groups, scores)
        return SearchResult(
            request=request,
            total=total,
            hits=hits,
            facets=facets,
            timeline=timeline(keys),
            relaxed=relaxed,
            suggestion=self._suggestion(request, built, total),
            stories=int(facets_answer.get("stories", total) or 0),
            notices=list(built.notices),
            took_ms=(time.perf_counter() - started) * 1000,
            archive_total=facets_answer.get("archive", {}).get("count", 0),
        )

    def _ranked(self, built: BuiltQuery, request: SearchRequest, filters: list[str]):
        """The answer with facets at the strictest minimum-should-match that fills a page (a
        level that adds no article is not taken: nothing listed lacks a word then)."""
        n = len(built.optional)
        strictest = need = n if built.strict or n == 0 else min_match(n)
        weights = self._rarity(built)
        answer = self.collection.select(_body(_main_query(built, need, weights), filters, request))
        while not built.strict and need > 1 and answer["response"]["numFound"] < MIN_RESULTS:
            wider = self.collection.select(_body(_main_query(built, need - 1, weights), filters, request))
            if wider["response"]["numFound"] > answer["response"]["numFound"]:
                answer = wider
                strictest = need - 1
            need -= 1
        return strictest, strictest < n, answer, weights

    def _suggestion(self, request: SearchRequest, built: BuiltQuery, total: int) -> str | None:
        if total >= 3 or not built.words:
            return None
        return suggest(SolrLexicon(self.collection), request.query, built.words, self._finds)

    def _finds(self, text: str) -> bool:
        built = self._builder().build(text)
        if built.empty:
            return False
        need = len(built.optional) if built.strict else min(1, len(built.optional))
        body = {**_main_query(built, need), "limit": 0}
        return self.collection.select(body)["response"]["numFound"] > 0

    def _rarity(self, built: BuiltQuery) -> list[float]:
        """Each typed word's weight in the coverage share (archive.ranking): BM25's idf of the
        word's clause as a whole, from how many articles of the archive match it."""
        clauses = [_lucene(c.query) for c in built.optional]
        if len(clauses) < 2:
            return []
        return self._cached(self._rarities, tuple(clauses), lambda: self._count_rarity(clauses))

    def _count_rarity(self, clauses: list[str | None]) -> list[float]:
        total, counts = self.collection.match_counts([text for text in clauses if text])
        found = iter(counts)
        return [rarity(max(1, total), next(found)) if text else 0.0 for text in clauses]

    def _stories(self, main: dict, filters: list[str], request: SearchRequest, wanted: int, first=None):
        """Story leaders in rank order (each story once, at its best-placed article) up to `wanted`,
        and the ids of every matching article of each listed story (`first`: the ranked ids the
        counting request already brought)."""
        leaders: list[str] = []
        groups: dict[int, list[str]] = {}
        offset = 0
        while len(leaders) < wanted:
            if first is not None and offset == 0:
                docs = first
            else:
                docs = self.collection.select(self._chunk(main, filters, request, offset))["response"]["docs"]
            for doc in docs:
                story = doc.get("story", 0)
                if story not in groups:
                    groups[story] = []
                    leaders.append(doc["id"])
                groups[story].append(doc["id"])
            if len(docs) < GROUP_CHUNK:
                break
            offset += GROUP_CHUNK
        return leaders, groups

    @staticmethod
    def _chunk(main: dict, filters: list[str], request: SearchRequest, offset: int) -> dict:
        """One slice of the ranked ids (with story and score)."""
        return {
            **main,
            "filter": filters,
            "fields": "id,story,score",
            "offset": offset,
            "limit": GROUP_CHUNK,
            "sort": _sort(request),
        }

    def _hits(
        self, built: BuiltQuery, page: list[str], groups: dict[int, list[str]], scores: dict
    ) -> list[Hit]:
        members = {ids[0]: ids[1 : MAX_VERSIONS + 1] for ids in groups.values()}
        wanted = page + [i for p in page for i in members.get(p, [])]
        articles = {d["id"]: article_of(d) for d in self.collection.get(wanted)}
        hits = []
        for article_id in page:
            article = articles.get(article_id)
            if article is None:
                continue
            score = scores.get(article_id)
            hit = hit_of(article, score, built.highlight, built.highlight_stems, built.highlight_phrases)
            hit.versions = [Version.of(articles[i]) for i in members.get(article_id, []) if i in articles]
            hits.append(hit)
        return hits

    def export(self, request: SearchRequest, limit: int) -> list[dict]:
        built = self._builder().build(request.query)
        filters = _filters(request)
        need, _, answer, weights = self._ranked(built, replace(request, facet_limit=0), filters)
        first = answer["response"]["docs"]
        leaders, _ = self._stories(_main_query(built, need, weights), filters, request, limit, first)
        rows = []
        for start in range(0, len(leaders), EXPORT_CHUNK):
            chunk = leaders[start : start + EXPORT_CHUNK]
            found = {d["id"]: article_of(d) for d in self.collection.get(chunk)}
            rows += [hit_of(found[i], snippet=False).summary() for i in chunk if i in found]
        return rows[:limit]

    # -- articles ------------------------------------------------------------------------------
    def article(self, article_id: str) -> Article | None:
        found = self.collection.get([article_id])
        return article_of(found[0]) if found else None

    def related(self, article: Article, limit: int = 5) -> list[Hit]:
        """archive.related's signals as one Solr query: the article's key terms (by tf x idf, the
        idf from the collection) in bodies, its headline's words in headlines, and the people,
        organisations and places it names weighted by their rarity; its own story left out, each
        other story once, nothing below MIN_SCORE of the best. (Solr's More Like This reads stored
        text, which this collection does not keep: the analysed tokens are sent.)"""
        own = self.collection.get([article.id], fields="id,story")
        story = own[0].get("story") if own else None
        clauses = self._related_clauses(article)
        if not clauses:
            return []
        params = {f"r{i}": text for i, text in enumerate(clauses)}
        params["words"] = "{!bool " + " ".join(f"should=$r{i}" for i in range(len(clauses))) + "}"
        params["recency"] = _recency(article)
        body = {
            "query": "{!boost b=$recency v=$words}",
            "params": params,
            "fields": "id,story,score",
            "limit": limit * 4 + MAX_VERSIONS,
        }
        docs = self.collection.select(body)["response"]["docs"]
        # scores are relative to the article's own match with its terms, as in archive.related
        best = next((d["score"] for d in docs if d["id"] == article.id), docs[0]["score"] if docs else 0.0)
        ids, seen = [], {story}
        for doc in docs:
            if doc["score"] < MIN_SCORE * best or doc.get("story") in seen or doc["id"] == article.id:
                continue
            seen.add(doc.get("story"))
            ids.append(doc["id"])
            if len(ids) == limit:
                break
        found = {d["id"]: article_of(d) for d in self.collection.get(ids)}
        return [hit_of(found[i]) for i in ids if i in found]

    def _related_clauses(self, article: Article) -> list[str]:
        text = f"{article.title}\n{article.title}\n{article.body[:KEY_TERMS_FROM_CHARS]}"
        counts = Counter(
            indexed_stem(w) for w in words_of(text) if w not in STOPWORDS and len(w) > 2 and not w.isdigit()
        )
        candidates = [term for term, _ in counts.most_common(KEY_TERMS * 3)]
        names = [
            (name, value, weight)
            for name, weight in ENTITY_FIELDS
            for value in dict.fromkeys(entity_values(article, name))
        ]
        if not candidates and not names:
            return []
        total, found = self.collection.match_counts(
            [f"body:{_escape(t)}" for t in candidates] + [_value(n, v) for n, v, _ in names]
        )
        total = max(1, total)
        term_counts, name_counts = found[: len(candidates)], found[len(candidates) :]
        weighted = [
            (counts[term] * math.log(total / df), term)
            for term, df in zip(candidates, term_counts, strict=True)
            if df >= 2
        ]
        weighted = sorted(weighted, reverse=True)[:KEY_TERMS]
        top = weighted[0][0] if weighted else 1.0
        clauses = [f"body:{_escape(term)}^{weight / top:.4g}" for weight, term in weighted]
        headline = {indexed_stem(w) for w in words_of(article.title)} - STOPWORDS
        clauses += [f"title:{_escape(term)}^{HEADLINE_WEIGHT:g}" for term in sorted(headline)]
        for (name, value, weight), df in zip(names, name_counts, strict=True):
            if df > 1:
                clauses.append(f"{_value(name, value)}^{ENTITY_WEIGHT * weight * math.log(total / df):.4g}")
        return clauses

    def versions(self, article: Article) -> list[Hit]:
        register = self.store.register()
        try:
            members = [
                m for m in register.story_members(article.near_duplicate_of or article.id) if m != article.id
            ]
        finally:
            register.close()
        out = [hit_of(article_of(d)) for d in self.collection.get(members)]
        return sorted(out, key=lambda h: (h.date or "", h.path))

    def newest_additions(self, limit: int = 10) -> list[Hit]:
        body = {"query": "*:*", "fields": "id,record", "limit": limit, "sort": "added desc, id asc"}
        return [hit_of(article_of(d)) for d in self.collection.select(body)["response"]["docs"]]


class SolrLexicon:
    """archive.suggest.Lexicon over the collection: term counts by a query facet, corrections by
    Solr's spellcheck component (DirectSolrSpellChecker over the headline words, then the body)."""

    def __init__(self, collection: SolrCollection):
        self.collection = collection

    def unknown(self, words: list[str]) -> list[str]:
        if not words:
            return []
        _, counts = self.collection.match_counts(
            [f"title_exact:{_escape(w)} OR body:{_escape(stem_word(w))}" for w in words]
        )
        return [w for w, count in zip(words, counts, strict=True) if not count]

    def closest(self, word: str) -> str | None:
        for dictionary in ("title_exact", "body"):
            params = {
                "spellcheck": "true",
                "spellcheck.q": word,
                "spellcheck.dictionary": dictionary,
                "spellcheck.count": 1,
            }
            answer = self.collection.select({"query": "*:*", "limit": 0, "params": params})
            found = _first_suggestion(answer.get("spellcheck", {}).get("suggestions", []))
            if found:
                return found
        return None


def _first_suggestion(suggestions) -> str | None:
    """The first correction of Solr's spellcheck answer ([word, {suggestion: [...]}, ...])."""
    entries = suggestions.values() if isinstance(suggestions, dict) else suggestions[1::2]
    for entry in entries:
        options = entry.get("suggestion", []) if isinstance(entry, dict) else []
        if options:
            first = options[0]
            return first.get("word") if isinstance(first, dict) else first
    return None


def _recency(article: Article) -> str:
    """archive.related's closeness in time as a Solr function over the yyyymmdd `date` key."""
    key = date_key(article)
    if not key:
        return f"{UNDATED_OWN**RECENCY_POWER:.6g}"
    own = day_numbers(key)
    days = "sum(product(floor(div(date,10000)),372),product(mod(floor(div(date,100)),100),31),mod(date,100))"
    close = f"pow(recip(abs(sub({days},{own})),{1 / DATE_HALF_LIFE_DAYS:.6g},1,1),{RECENCY_POWER:g})"
    return f"if(exists(date),{close},{UNDATED_OTHER**RECENCY_POWER:.6g})"


def _sort(request: SearchRequest) -> str:
    if request.sort == "oldest":
        return "date_oldest asc, id asc"
    if request.sort == "newest":
        return "date desc, id asc"
    return "score desc, date desc, id asc"


def _body(main: dict, filters: list[str], request: SearchRequest) -> dict:
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
                        "q": _value(name, value),
                        "domain": {"excludeTags": name},
                    }
    return {
        **main,
        "filter": filters,
        "limit": GROUP_CHUNK,
        "fields": "id,story,score",
        "sort": _sort(request),
        "facet": facet,
    }


def _main_query(built: BuiltQuery, need: int, weights: list[float] | None = None) -> dict:
    """The query as Solr's `bool` parser with its clauses as parameters: required (`must`),
    excluded (`must_not`) and the typed words (`should`, of which `mm` must match). As in
    archive.ranking, the score is multiplied by the rarity-weighted share of the words an article
    has (`weights`, a `boost` function), and neighbouring words standing together in the title or
    body add to it (a sloppy two-word phrase beside the match, like edismax `pf2`)."""
    clauses: list[tuple[str, str]] = []
    for kind, queries in (("must", built.required), ("must_not", built.prohibited)):
        clauses += [(kind, text) for text in map(_lucene, queries) if text]
    typed = [_lucene(c.query) for c in built.optional]
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


def _filters(request: SearchRequest) -> list[str]:
    out = []
    for name, values in request.filters.items():
        out.append(f"{{!tag={name}}}" + " OR ".join(_value(name, v) for v in values))
    for name, values in request.exclude.items():
        out.append("*:* " + " ".join(f"-{_value(name, v)}" for v in values))
    if request.date_from or request.date_to:
        low = _day(request.date_from) if request.date_from else 0
        high = _day(request.date_to) if request.date_to else 99_999_999
        out.append(f"date:[{low} TO {high}]")
    return out


def _value(name: str, value: str) -> str:
    if value == MISSING:
        return f"(*:* -{name}:[* TO *])"
    return f"{name}:{quote(value)}"


def _day(day: dt.date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def _facets(request: SearchRequest, answer: dict) -> dict[str, Facet]:
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


def _lucene(q) -> str | None:
    """A Whoosh query object of archive.query in the Lucene syntax of Solr's standard parser."""
    if q is None or isinstance(q, _NullQuery):
        return None
    boost = f"^{q.boost:g}" if getattr(q, "boost", 1.0) not in (1, 1.0) else ""
    if isinstance(q, query.Term):
        return f"{q.fieldname}:{_escape(str(q.text))}{boost}"
    if isinstance(q, query.Phrase):
        words = " ".join(str(w) for w in q.words)
        return f'{q.fieldname}:"{_escape_phrase(words)}"~{max(0, q.slop - 1)}{boost}'
    if isinstance(q, query.AndNot):
        a, b = _lucene(q.a), _lucene(q.b)
        return f"(+{a} -{b})" if b else a
    if isinstance(q, query.Not):
        inner = _lucene(q.query)
        return f"(*:* -{inner})" if inner else None
    if isinstance(q, (query.And, query.Or, query.DisjunctionMax)):
        parts = [p for p in (_lucene(s) for s in q.subqueries) if p]
        if not parts:
            return None
        joined = " ".join(f"+{p}" for p in parts) if isinstance(q, query.And) else " ".join(parts)
        return f"({joined}){boost}"
    if isinstance(q, query.FuzzyTerm):
        return f"{q.fieldname}:{_escape(q.text)}~{q.maxdist}{boost}"
    if isinstance(q, query.Prefix):
        return f"{q.fieldname}:{_escape(q.text)}*"
    if isinstance(q, query.Wildcard):
        return f"{q.fieldname}:{''.join(c if c in '*?' else _escape(c) for c in q.text)}"
    if isinstance(q, query.NumericRange):
        low = "*" if q.start is None else q.start
        high = "*" if q.end is None else q.end
        return f"{q.fieldname}:{'{' if q.startexcl else '['}{low} TO {high}{'}' if q.endexcl else ']'}"
    if isinstance(q, query.TermRange):
        low = "*" if q.start is None else _escape(q.start)
        high = "*" if q.end is None else _escape(q.end)
        return f"{q.fieldname}:{'{' if q.startexcl else '['}{low} TO {high}{'}' if q.endexcl else ']'}"
    if isinstance(q, query.Every):
        return "*:*"
    raise ValueError(f"no Lucene form for {type(q).__name__}")


def _escape(text: str) -> str:
    return "".join("\\" + c if c in _SPECIAL else c for c in text)


def _escape_phrase(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')
