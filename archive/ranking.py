"""Minimum-should-match ranking over the clauses of a built query (archive.query).

Strict AND loses the article a reporter means whenever it words one thing differently; plain OR
lists everything that shares a common word. Engines built for this (Solr edismax `mm`,
Elasticsearch `minimum_should_match`) ask for most of the words instead:
- two words or fewer: all of them; more: all but a quarter (MISSING_SHARE);
- when fewer than a page of articles qualify, one word fewer is asked for, and so on, so the list
  is never empty or one article long while articles with some of the words exist;
- phrases, +word and field:value stay required, -word excluded; AND/DAN written asks for all.
A document's score is the BM25F score of the clauses it matches, times the share of the query it
covers weighted by rarity (missing a rare word costs more than missing a common one), plus a
bonus where neighbouring query words stand close together in its title or body (edismax `pf2`),
computed for the best candidates only (a few position reads each, not a phrase match over every
document that has both words).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from archive.query import BuiltQuery

MIN_RESULTS = 10  # relax until a page is full (or every word has been given up but one)
# Fitted on the tuning half of bench/queries (bench/eval_retrieval.py); not on the locked half.
MISSING_SHARE = 0.25
COVERAGE_POWER = 1.0
TITLE_PAIR_BONUS = 0.5  # a pair's own score counts this much more when the two stand together in the title
BODY_PAIR_BONUS = 1.0  # ... in the body
PAIR_WINDOW = 2  # "together": in the typed order, at most one other (non-stop) word between them
RERANK_DEPTH = 40  # candidates checked for proximity
PROXIMITY_MAX_WORDS = 2  # longer queries name several things; their words standing together says little


def min_match(clauses: int) -> int:
    if clauses <= 2:
        return clauses
    return clauses - max(1, int(clauses * MISSING_SHARE))


def rarity(total, matching):
    """BM25's idf of a clause as a whole: how much covering it weighs in the coverage share."""
    return np.log(1 + (total - matching + 0.5) / (matching + 0.5))


@dataclass
class Ranked:
    """The matched documents (a bool per doc number), their scores, and which words each lacks."""

    mask: np.ndarray
    score: np.ndarray | None  # None: nothing to rank by (only filters or exclusions)
    relaxed: bool = False  # some listed articles lack some of the words
    labels: list[str] = field(default_factory=list)
    clause_masks: list[np.ndarray] = field(default_factory=list)

    def missing(self, doc: int) -> list[str]:
        return [label for label, mask in zip(self.labels, self.clause_masks, strict=True) if not mask[doc]]


def rank(built: BuiltQuery, evaluator, live: np.ndarray) -> Ranked:
    mask = live.copy()
    score = np.zeros(len(live))
    for q in built.required:
        part = evaluator.run(q)
        mask &= part.mask
        score += part.score
    for q in built.prohibited:
        mask &= ~evaluator.run(q).mask
    if not built.optional:
        return Ranked(mask, np.where(mask, score, 0.0) if built.required else None)

    parts = [evaluator.run(clause.query) for clause in built.optional]
    total = max(1, int(live.sum()))
    df = np.array([part.mask.sum() for part in parts], dtype=np.float64)
    idf = rarity(total, df)
    matched = np.zeros(len(live), dtype=np.int32)
    covered = np.zeros(len(live))
    for weight, part in zip(idf, parts, strict=True):
        matched += part.mask
        covered += weight * part.mask
        score += part.score

    n = len(parts)
    need = n if built.strict else min_match(n)
    eligible = mask & (matched >= need)
    while not built.strict and need > 1 and eligible.sum() < MIN_RESULTS:
        need -= 1
        eligible = mask & (matched >= need)
    coverage = covered / idf.sum() if idf.sum() > 0 else np.ones(len(live))
    final = np.where(eligible, score * coverage**COVERAGE_POWER, 0.0)
    _add_proximity(final, eligible, built, parts, idf, evaluator)
    return Ranked(
        mask=eligible,
        score=final,
        relaxed=need < n and bool((eligible & (matched < n)).any()),
        labels=[clause.label for clause in built.optional],
        clause_masks=[part.mask for part in parts],
    )


def _add_proximity(final, eligible, built: BuiltQuery, parts, idf, evaluator) -> None:
    """Neighbouring query words that stand together in a candidate's title or body add to its
    score (a sloppy two-word phrase, as edismax `pf2`)."""
    clauses = built.optional
    if len(clauses) > PROXIMITY_MAX_WORDS:
        return
    pairs = [
        (i, i + 1)
        for i in range(len(clauses) - 1)
        if clauses[i].stem and clauses[i + 1].stem and clauses[i].stem != clauses[i + 1].stem
    ]
    candidates = np.flatnonzero(eligible)
    if not pairs or not len(candidates):
        return
    if len(candidates) > RERANK_DEPTH:
        top = np.argpartition(-final[candidates], RERANK_DEPTH - 1)[:RERANK_DEPTH]
        candidates = np.sort(candidates[top])
    stems = {clauses[k].stem for pair in pairs for k in pair}
    for field_name, bonus in (("title", TITLE_PAIR_BONUS), ("body", BODY_PAIR_BONUS)):
        if not bonus:
            continue
        positions = {stem: evaluator.positions(field_name, stem, candidates) for stem in stems}
        for i, j in pairs:
            where_i, where_j = positions[clauses[i].stem], positions[clauses[j].stem]
            both = where_i.keys() & where_j.keys()
            together = [d for d in both if _follows_within(where_i[d], where_j[d], PAIR_WINDOW)]
            if not together:
                continue
            # Adjacency tells something only where the two words also occur apart: a name or a
            # fixed collocation ("jalan tol") stands together in every article that has both.
            informative = 1.0 - len(together) / len(both)
            for doc in together:
                final[doc] += bonus * informative * (parts[i].score[doc] + parts[j].score[doc])


def _follows_within(first: np.ndarray, second: np.ndarray, window: int) -> bool:
    """Whether some position in `second` comes 1..window places after one in `first` (sorted)."""
    at = np.searchsorted(first, second, side="left") - 1  # the closest `first` position before each
    valid = at >= 0
    gaps = second[valid] - first[at[valid]]
    return bool(((gaps >= 1) & (gaps <= window)).any())
