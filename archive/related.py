"""Related articles: what a reader of one article would open next.

Word overlap alone (Whoosh's more-like-this) listed a PDIP congress and a graduation beside a
speech on public service: long articles share many ordinary words. Here three signals combine,
each scaled to the best candidate so none drowns the others:
- the article's significant terms (Bo1 key terms of its title and body, as more-like-this picks
  them), scored with BM25 over the whole archive, and its headline's words in other headlines
  (what an article is about is in its headline; its body also holds quotes and asides);
- the people, organisations and places both articles name, each weighted by its rarity (two
  articles about Khofifah say more than two that mention "Jakarta");
- closeness in time: a story's follow-ups come days, not years, apart.
Versions of the article's own story are left out (they are listed as versions), and every other
story is listed once.
"""

from __future__ import annotations

import math

import numpy as np
from whoosh import query as wq

from archive.analysis import STOPWORDS, indexed_stem, words_of
from archive.article import Article
from archive.schema import NO_DATE_NEWEST

KEY_TERMS = 20
KEY_TERMS_FROM_CHARS = 20_000  # a news article is shorter; a 300 KB file's key terms are in its head
HEADLINE_WEIGHT = 0.5  # the headline's words in other headlines, relative to the key terms
ENTITY_WEIGHT = 0.5  # shared names raise a candidate's word score by up to half
DATE_HALF_LIFE_DAYS = 60.0  # an article this many days away counts half as much
RECENCY_POWER = 0.5  # time matters, but less than what the articles say
UNDATED_OWN = 0.75  # the closeness of every article to one that has no date
UNDATED_OTHER = 0.5  # an undated candidate's closeness to a dated article
# Scores are relative to the best-matching candidate's word overlap with the article; below this a
# list only fills up with chance overlap (make eval: precision 0.58 -> 0.61 within judged topics,
# 2% of good ones lost). An article with nothing close gets a short list, or none.
MIN_SCORE = 0.2
ENTITY_FIELDS = (("person", 1.0), ("organisation", 0.7), ("place", 0.4), ("province", 0.2))


def related_documents(
    searcher, evaluator, facets, article: Article, docnum: int, live: np.ndarray, limit: int
) -> list[tuple[int, float]]:
    """(doc number, score) of the best related articles, best first."""
    words = _term_scores(searcher, evaluator, article)
    headline = _headline_scores(evaluator, article)
    names = _entity_scores(searcher, facets, article, len(live))
    score = (_scaled(words) + HEADLINE_WEIGHT * _scaled(headline)) * (1 + ENTITY_WEIGHT * _scaled(names))
    score *= _recency(facets.column(searcher, "date", NO_DATE_NEWEST), docnum) ** RECENCY_POWER
    stories = facets.column(searcher, "story", 0)
    exclude = (stories == stories[docnum]) | ~live
    score[exclude] = 0.0
    candidates = np.flatnonzero(score >= MIN_SCORE)
    out, seen = [], set()
    for doc in candidates[np.argsort(-score[candidates], kind="stable")].tolist():
        if stories[doc] not in seen:  # one version of each story
            seen.add(stories[doc])
            out.append((doc, float(score[doc])))
            if len(out) == limit:
                break
    return out


def _term_scores(searcher, evaluator, article: Article) -> np.ndarray:
    body = article.body[:KEY_TERMS_FROM_CHARS]
    text = f"{article.title}\n{article.title}\n{body}"  # the headline says what it is about
    terms = searcher.key_terms_from_text("body", text, numterms=KEY_TERMS)
    if not terms:
        return np.zeros(searcher.doc_count_all())
    q = wq.Or([wq.Term("body", term, boost=weight) for term, weight in terms])
    return evaluator.run(q).score


def _headline_scores(evaluator, article: Article) -> np.ndarray:
    stems = {indexed_stem(w) for w in words_of(article.title) if w not in STOPWORDS}
    if not stems:
        return np.zeros(evaluator.size)
    return evaluator.run(wq.Or([wq.Term("title", stem) for stem in sorted(stems)])).score


def _entity_scores(searcher, facets, article: Article, size: int) -> np.ndarray:
    score = np.zeros(size)
    total = max(1, searcher.doc_count())
    for name, weight in ENTITY_FIELDS:
        arrays = facets.arrays(searcher, name)
        for value in dict.fromkeys(entity_values(article, name)):
            mask = arrays.mask_for([value], size)
            count = int(mask.sum())
            if count > 1:
                score[mask] += weight * math.log(total / count)
    return score


def entity_values(article: Article, name: str) -> list[str]:
    """The names an article gives in one facet field that say what it is about (regencies and
    cities, not every place mentioned in passing)."""
    if name == "place":
        return [p for p in article.places if p.startswith(("Kabupaten ", "Kota "))]
    if name == "province":
        return [article.province] if article.province else []
    return article.people if name == "person" else article.organisations


def _recency(dates: np.ndarray, docnum: int) -> np.ndarray:
    """1 for the same day, 1/2 at DATE_HALF_LIFE_DAYS, 1/3 at twice that; undated: 1/2."""
    own = int(dates[docnum])
    if own == NO_DATE_NEWEST:
        return np.full(len(dates), UNDATED_OWN)
    days = np.abs(day_numbers(dates) - day_numbers(own))
    factor = 1.0 / (1.0 + days / DATE_HALF_LIFE_DAYS)
    return np.where(dates == NO_DATE_NEWEST, UNDATED_OTHER, factor)


def day_numbers(keys):
    """yyyymmdd keys (an int or an array) -> an approximate day count (months of 31 days: close
    enough to rank); Solr's related query writes the same sum as a function."""
    return (keys // 10000) * 372 + (keys // 100 % 100) * 31 + keys % 100


def _scaled(values: np.ndarray) -> np.ndarray:
    top = values.max() if len(values) else 0.0
    return values / top if top > 0 else values
