"""Query evaluation over whole posting arrays with numpy: the match set and BM25F scores of every
matching document at once, instead of Whoosh's one-document-at-a-time matchers.

Whoosh stays the index and the reference: term postings are read from its segments (block by
block) and cached whole across segments (archive.postings); scores use Whoosh's own BM25F
formula, idf, average and per-document field lengths, so rankings are the same as
`searcher.search` gives (a test compares them). Phrases
are matched on the positions of the documents that hold every word; nodes this module does not
compute itself (fuzzy terms, prefixes) are run through Whoosh's matcher. A query matching half
of a million articles costs a few array operations here, where Whoosh's collector would score
each match in Python.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from whoosh import query as wq
from whoosh.query.qcore import _NullQuery
from whoosh.scoring import BM25F

from archive.postings import PostingCache, layout_of, live_documents, term_positions


@dataclass
class Scored:
    """A match set over one searcher's global doc numbers: a bool mask and a score per document."""

    mask: np.ndarray
    score: np.ndarray  # float64, 0 where not matched


class Evaluator:
    """Evaluates a Whoosh query tree against one searcher into a `Scored`, with the score
    arithmetic of Whoosh's matchers (sums for And/Or/AndMaybe, the left side for AndNot, a
    compound's boost ignored when it has one child, 1.0 from each Not inside an And)."""

    def __init__(self, searcher, cache: PostingCache, live: np.ndarray | None = None):
        self.searcher = searcher
        self.cache = cache
        self._live_mask = live
        self.leaves = searcher.reader().leaf_readers()
        self.size = searcher.doc_count_all()
        self.weighting = searcher.weighting
        if type(self.weighting) is not BM25F:
            raise TypeError("the array evaluator reproduces BM25F scoring only")
        self._subsearchers = searcher.leaf_searchers()

    def run(self, q) -> Scored:
        result = self._eval(q)
        live = self.live()
        result.mask &= live
        result.score[~result.mask] = 0.0
        return result

    def live(self) -> np.ndarray:
        if self._live_mask is None:
            self._live_mask = live_documents(self.searcher)
        return self._live_mask

    # -- nodes -----------------------------------------------------------------------------------
    def _eval(self, q) -> Scored:
        if isinstance(q, _NullQuery):
            return self._empty()
        kind = type(q)
        if kind is wq.Term:
            return self._term(q)
        if kind in (wq.Or, wq.And, wq.AndNot, wq.AndMaybe):
            subs = q.subqueries if kind in (wq.Or, wq.And) else [q.a, q.b]
            if kind in (wq.Or, wq.And) and len(subs) == 1:
                return self._eval(subs[0])  # Whoosh matches a lone child directly, without the boost
            if not subs:
                return self._empty()
            if kind is wq.Or:
                result = self._union([self._eval(s) for s in subs])
            elif kind is wq.And:
                result = self._intersection(subs)
            elif kind is wq.AndNot:
                a, b = self._eval(q.a), self._eval(q.b)
                mask = a.mask & ~b.mask
                result = Scored(mask, np.where(mask, a.score, 0.0))
            else:
                a, b = self._eval(q.a), self._eval(q.b)
                result = Scored(a.mask, a.score + np.where(a.mask & b.mask, b.score, 0.0))
            if q.boost != 1.0:
                result.score *= q.boost
            return result
        if kind is wq.DisjunctionMax:
            return self._best_of([self._eval(sub) for sub in q.subqueries], q.boost)
        if kind is wq.Phrase:
            return self._phrase(q)
        if kind is wq.Not:
            inner = self._eval(q.query)
            mask = self.live() & ~inner.mask
            return Scored(mask, np.where(mask, 1.0, 0.0))  # InverseMatcher's weight
        return self._by_matcher(q)

    def _union(self, parts: list[Scored]) -> Scored:
        mask = np.zeros(self.size, dtype=bool)
        score = np.zeros(self.size)
        for part in parts:
            mask |= part.mask
            score += part.score
        return Scored(mask, score)

    def _best_of(self, parts: list[Scored], boost: float) -> Scored:
        """Whoosh's DisjunctionMax: the best part's score (Whoosh 2.7's matcher ignores tiebreak)."""
        if not parts:
            return self._empty()
        score = np.vstack([p.score for p in parts]).max(axis=0)
        mask = np.logical_or.reduce([p.mask for p in parts])
        return Scored(mask, score * boost if boost != 1.0 else score)

    def positions(self, field: str, text: str, docs: np.ndarray) -> dict[int, np.ndarray]:
        """Positions of a word in a few best candidates (proximity), remembered across requests."""
        return self.cache.positions(self.leaves, field, text, docs)

    def _intersection(self, subs) -> Scored:
        mask = np.ones(self.size, dtype=bool)
        score = np.zeros(self.size)
        for sub in subs:
            part = self._eval(sub)
            mask &= part.mask
            score += part.score
        return Scored(mask, np.where(mask, score, 0.0))

    def _empty(self) -> Scored:
        return Scored(np.zeros(self.size, dtype=bool), np.zeros(self.size))

    def _term(self, q: wq.Term) -> Scored:
        out = self._empty()
        if q.fieldname not in self.searcher.schema:
            return out
        ids, scores = self._term_scores(q.fieldname, q.text)
        out.mask[ids] = True
        out.score[ids] = scores * q.boost if q.boost != 1.0 else scores
        return out

    def _term_scores(self, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """A term's matches (global doc numbers) and unboosted BM25F scores, kept with its
        postings while the index statistics stand: a warm search does one array assignment
        per term."""
        entry = self.cache.term(self.leaves, field, text, self._layout())
        statistics = self._statistics_key()
        if entry.statistics == statistics:
            return entry.ids, entry.scores
        weights = entry.weights
        if self.searcher.schema[field].scorable:
            idf = self.searcher.idf(field, text)
            avgfl = self.searcher.avg_field_length(field) or 1
            b = self.weighting._field_B.get(field, self.weighting.B)
            k1 = self.weighting.K1
            lengths = self.cache.joined_lengths(self.leaves, field, self._layout())[entry.ids]
            scores = idf * ((weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * lengths / avgfl)))
        else:
            scores = weights  # Whoosh's WeightScorer for fields without lengths
        self.cache.scored(entry, field, text, statistics, scores)
        return entry.ids, scores

    def _phrase(self, q: wq.Phrase) -> Scored:
        """Whoosh's Phrase, an ordered SpanNear2 with mindist 1: each word within `slop` positions
        after the one before it; scored as the sum of its words' term scores times the boost.
        Candidates come from the cached term arrays and positions are read for them alone --
        Whoosh's span matchers cost ~100 us per match, the first run of a quoted query or an
        expansion ("Jawa Timur") took seconds at 100k articles."""
        schema = self.searcher.schema
        if q.fieldname not in schema or not q.words:
            return self._empty()
        if not schema[q.fieldname].format.supports("positions"):
            return self._by_matcher(q)  # Whoosh's own error
        key = self._result_key(q)
        found = self.cache.get(key)
        if found is not None:
            return self._assembled(found)
        result = self._phrase_matches(q)
        docs = np.flatnonzero(result.mask)
        self.cache.put(key, (docs, result.score[docs]))
        return result

    def _phrase_matches(self, q: wq.Phrase) -> Scored:
        terms = [self._term(wq.Term(q.fieldname, word)) for word in q.words]
        mask = np.logical_and.reduce([term.mask for term in terms])
        candidates = np.flatnonzero(mask)
        positions = {
            word: self.cache.read_positions(self.leaves, q.fieldname, word, candidates)
            for word in dict.fromkeys(q.words)
        }
        mask[:] = False
        mask[_in_order([_keyed(positions[word]) for word in q.words], q.slop)] = True
        score = np.where(mask, np.sum([term.score for term in terms], axis=0) * q.boost, 0.0)
        return Scored(mask, score)

    def _by_matcher(self, q) -> Scored:
        """Anything else (fuzzy terms, prefixes): Whoosh's own matcher, match by match."""
        key = self._result_key(q)
        found = self.cache.get(key)
        if found is None:
            ids, scores = [], []
            self.cache.note_read()
            for subsearcher, offset in self._subsearchers:
                matcher = q.matcher(subsearcher)
                while matcher.is_active():
                    ids.append(matcher.id() + offset)
                    scores.append(matcher.score())
                    matcher.next()
            found = (np.array(ids, dtype=np.int64), np.array(scores, dtype=np.float64))
            self.cache.put(key, found)
        return self._assembled(found)

    def _result_key(self, q) -> tuple:
        """A phrase's or a matcher's results (global doc numbers, scores) are remembered whole
        while the index's statistics (which scores depend on) stay the same."""
        return ("result", repr(q), self._statistics_key())

    def _assembled(self, found: tuple[np.ndarray, np.ndarray]) -> Scored:
        ids, scores = found
        out = self._empty()
        out.mask[ids] = True
        out.score[ids] = scores
        return out

    def _statistics_key(self) -> tuple:
        if not hasattr(self, "_stats_key"):
            segments = tuple(segment for segment, _, _ in self._layout())
            self._stats_key = (segments, self.searcher.doc_count())
        return self._stats_key

    def _layout(self) -> tuple:
        if not hasattr(self, "_leaf_layout"):
            self._leaf_layout = layout_of(self.leaves)
        return self._leaf_layout


_POSITION_SPAN = 1 << 32  # doc * span + position: one sortable key per word occurrence


def _keyed(positions: dict[int, np.ndarray]) -> np.ndarray:
    """One word's occurrences in the candidates as sorted doc-and-position keys."""
    if not positions:
        return np.zeros(0, dtype=np.int64)
    return np.sort(np.concatenate([found + doc * _POSITION_SPAN for doc, found in positions.items()]))


def _in_order(keyed: list[np.ndarray], slop: int) -> np.ndarray:
    """The documents where the words occur in this order, each 1..slop positions after the one
    before, for all candidates at once: an occurrence of the next word is reachable when the
    closest reachable occurrence of the word before it, in the same document, is at most `slop`
    positions earlier."""
    reachable = keyed[0]
    for following in keyed[1:]:
        before = np.searchsorted(reachable, following, side="left") - 1
        ok = before >= 0
        previous = reachable[before[ok]]
        ok[ok] = (following[ok] - previous <= slop) & (
            following[ok] // _POSITION_SPAN == previous // _POSITION_SPAN
        )
        reachable = following[ok]
    return np.unique(reachable // _POSITION_SPAN)


class WhooshEvaluator:
    """The reference: Whoosh's own matchers over every leaf searcher, match by match."""

    def __init__(self, searcher):
        self.searcher = searcher
        self.size = searcher.doc_count_all()

    def positions(self, field: str, text: str, docs: np.ndarray) -> dict[int, np.ndarray]:
        return term_positions(self.searcher.reader().leaf_readers(), field, text, docs)

    def run(self, q) -> Scored:
        if type(q) is wq.DisjunctionMax:
            # Whoosh 2.7's DisjunctionMaxMatcher scores max(a, b) even when a and b sit on
            # different documents; the reference takes the best of its parts per document.
            parts = [self.run(sub) for sub in q.subqueries]
            best = np.vstack([p.score for p in parts]).max(axis=0) * q.boost
            return Scored(np.logical_or.reduce([p.mask for p in parts]), best)
        out = Scored(np.zeros(self.size, dtype=bool), np.zeros(self.size))
        for subsearcher, offset in self.searcher.leaf_searchers():
            matcher = q.matcher(subsearcher, subsearcher.context())
            while matcher.is_active():
                doc = matcher.id() + offset
                out.mask[doc] = True
                out.score[doc] = matcher.score()
                matcher.next()
        return out
