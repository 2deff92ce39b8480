"""Related articles on Solr: archive.related's signals (key terms, headline words, shared people,
organisations and places, closeness in time) as one query over the collection."""

from __future__ import annotations

import math
from collections import Counter

from archive.analysis import STOPWORDS, indexed_stem, words_of
from archive.article import Article
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
from archive.results import Hit, hit_of
from archive.schema import date_key
from archive.solr import article_of
from archive.solr_collection import SolrCollection
from archive.solr_query import escape, value_query

SPARE = 10  # candidates beyond the list: versions of the article's own story may come first


def related_hits(collection: SolrCollection, article: Article, limit: int = 5) -> list[Hit]:
    """archive.related's signals as one Solr query: the article's key terms (by tf x idf, the
    idf from the collection) in bodies, its headline's words in headlines, and the people,
    organisations and places it names weighted by their rarity; its own story left out, each
    other story once, nothing below MIN_SCORE of the best. (Solr's More Like This reads stored
    text, which this collection does not keep: the analysed tokens are sent.)"""
    own = collection.get([article.id], fields="id,story")
    story = own[0].get("story") if own else None
    clauses = _clauses(collection, article)
    if not clauses:
        return []
    params = {f"r{i}": text for i, text in enumerate(clauses)}
    params["words"] = "{!bool " + " ".join(f"should=$r{i}" for i in range(len(clauses))) + "}"
    params["recency"] = _recency(article)
    body = {
        "query": "{!boost b=$recency v=$words}",
        "params": params,
        "fields": "id,story,score",
        "limit": limit * 4 + SPARE,
    }
    docs = collection.select(body)["response"]["docs"]
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
    found = {d["id"]: article_of(d) for d in collection.get(ids)}
    return [hit_of(found[i]) for i in ids if i in found]


def _clauses(collection: SolrCollection, article: Article) -> list[str]:
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
    total, found = collection.match_counts(
        [f"body:{escape(t)}" for t in candidates] + [value_query(n, v) for n, v, _ in names]
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
    clauses = [f"body:{escape(term)}^{weight / top:.4g}" for weight, term in weighted]
    headline = {indexed_stem(w) for w in words_of(article.title)} - STOPWORDS
    clauses += [f"title:{escape(term)}^{HEADLINE_WEIGHT:g}" for term in sorted(headline)]
    for (name, value, weight), df in zip(names, name_counts, strict=True):
        if df > 1:
            clauses.append(f"{value_query(name, value)}^{ENTITY_WEIGHT * weight * math.log(total / df):.4g}")
    return clauses


def _recency(article: Article) -> str:
    """archive.related's closeness in time as a Solr function over the yyyymmdd `date` key."""
    key = date_key(article)
    if not key:
        return f"{UNDATED_OWN**RECENCY_POWER:.6g}"
    own = day_numbers(key)
    days = "sum(product(floor(div(date,10000)),372),product(mod(floor(div(date,100)),100),31),mod(date,100))"
    close = f"pow(recip(abs(sub({days},{own})),{1 / DATE_HALF_LIFE_DAYS:.6g},1,1),{RECENCY_POWER:g})"
    return f"if(exists(date),{close},{UNDATED_OTHER**RECENCY_POWER:.6g})"
