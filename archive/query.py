"""What a reporter types -> the clauses that archive.ranking matches and scores.

Whoosh's parser reads the syntax (archive.query_syntax); this module sorts what it read into
- optional clauses: each plain word, each abbreviation with its expansions (Jatim = "Jawa Timur"),
  each "april 2021" -- most of them must match (minimum-should-match, see archive.ranking);
- required parts: quoted phrases, +word, field:value -- and every word when AND/DAN is written;
- prohibited parts: -word, NOT/TIDAK.
A multi-word form (typed or from the dictionary) matches as a phrase, never as loose words, and is
highlighted the same way; archive.query_terms makes the terms of each word, phrase, fuzzy term and
wildcard, all bounded so that no query a user can type runs away.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from whoosh import query
from whoosh.query.qcore import _NullQuery

from archive.analysis import fold, indexed_stem, split_words
from archive.calendar import FULL_MONTH_NAMES
from archive.query_syntax import EXPLICIT_AND, MAX_QUERY_CHARS, QUOTED_WORD, balance, label, parser, plain
from archive.query_terms import FACET_PREFIXES, MAX_WORDS, YEAR, Terms
from archive.vocabulary import vocabulary


@dataclass
class Clause:
    """One part of what was typed that an article may or may not contain."""

    query: query.Query
    label: str  # as the user would recognise it ("jatim", "april 2021"), for "missing: ..."
    stem: str | None = None  # a single word's stem: its neighbours in the query count for proximity


@dataclass
class BuiltQuery:
    optional: list[Clause] = field(default_factory=list)
    required: list[query.Query] = field(default_factory=list)
    prohibited: list[query.Query] = field(default_factory=list)
    strict: bool = False  # AND/DAN written: every word is required
    words: list[str] = field(default_factory=list)  # folded words typed (for suggestions)
    highlight: set[str] = field(default_factory=set)  # folded word forms to mark
    highlight_stems: set[str] = field(default_factory=set)
    highlight_phrases: set[tuple[str, ...]] = field(default_factory=set)  # stem runs marked together
    notices: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.optional or self.required or self.prohibited)

    def as_query(self) -> query.Query | None:
        """Everything as one strict Whoosh query (for baselines that cannot rank clauses)."""
        parts = [c.query for c in self.optional] + self.required
        if not parts:
            return None
        positive = parts[0] if len(parts) == 1 else query.And(parts)
        if self.prohibited:
            return query.AndNot(positive, query.Or(self.prohibited))
        return positive


class QueryBuilder:
    """Builds queries against one searcher (prefix expansion reads its lexicon)."""

    def __init__(self, schema, reader=None, facet_values=None):
        self.schema = schema
        self.terms = Terms(reader, facet_values)
        self.parser = parser(schema)
        self.vocabulary = vocabulary()

    def build(self, text: str) -> BuiltQuery:
        built = BuiltQuery()
        text = (text or "").strip()
        if len(text) > MAX_QUERY_CHARS:
            text = text[:MAX_QUERY_CHARS]
            built.notices.append("query-truncated")
        text = QUOTED_WORD.sub(r"+\1", balance(text))
        if not split_words(text):
            return built
        try:
            parsed = self.parser.parse(text)
        except Exception:  # noqa: BLE001 - the syntax is a convenience, never an error page
            parsed = self.parser.parse(plain(text))
        self.terms.count = 0
        self._sort(parsed, built)
        built.strict = bool(EXPLICIT_AND.search(text))
        if self.terms.count > MAX_WORDS:
            built.notices.append("query-too-long")
        return built

    # -- sorting the parsed tree into clauses ------------------------------------------------
    def _sort(self, node, built: BuiltQuery) -> None:
        if isinstance(node, query.AndNot):
            self._sort(node.a, built)
            self._add(built.prohibited, self._rewrite(node.b, built, marked=False))
        elif isinstance(node, query.AndMaybe):  # "+word rest": the + part is required
            self._add(built.required, self._rewrite(node.a, built))
            self._sort(node.b, built)
        elif isinstance(node, query.And):
            self._sort_children(node.subqueries, built)
        else:
            self._sort_children([node], built)

    def _sort_children(self, children, built: BuiltQuery) -> None:
        run: list[str] = []
        for child in [*children, None]:
            if type(child) is query.Term and child.fieldname == "words":
                run.append(child.text)
                continue
            if run:
                built.optional.extend(c for c in self._word_run(run, built) if c is not None)
                run = []
            if child is None or isinstance(child, _NullQuery):
                continue
            if isinstance(child, query.Not):
                self._add(built.prohibited, self._rewrite(child.query, built, marked=False))
            elif isinstance(child, (query.Or, query.FuzzyTerm, query.Prefix, query.Wildcard)):
                rewritten = self._rewrite(child, built)
                if rewritten is not None:
                    built.optional.append(Clause(rewritten, label(child)))
            else:  # phrases, field:value, nested groups: what was asked for explicitly
                self._add(built.required, self._rewrite(child, built))

    @staticmethod
    def _add(target: list, q) -> None:
        if q is not None and not isinstance(q, _NullQuery):
            target.append(q)

    def _word_run(self, words: list[str], built: BuiltQuery) -> list[Clause | None]:
        """Plain words typed next to each other: dictionary forms ("jawa timur", "pilkada") and
        "month year" become one clause each, every other word a clause of its own."""
        folded = [fold(w) for w in words]
        spans = dict(self.vocabulary.find_runs(folded))
        out: list[Clause | None] = []
        i = 0
        while i < len(folded):
            if i + 1 < len(folded) and folded[i] in FULL_MONTH_NAMES and YEAR.match(folded[i + 1]):
                month_year = self.terms.month_year(folded[i], folded[i + 1], built)
                out.append(Clause(month_year, f"{words[i]} {words[i + 1]}"))
                i += 2
                continue
            end = spans.get(i)
            if end is not None:
                out.append(self._expansion(folded[i:end], built, " ".join(words[i:end])))
                i = end
                continue
            word = folded[i]
            q = self.terms.word("words", word, built)
            stem = None if q is None else indexed_stem(word)
            out.append(Clause(q, words[i], stem) if q is not None else None)
            i += 1
        return out

    def _expansion(self, typed: list[str], built: BuiltQuery, label: str) -> Clause | None:
        """An abbreviation or a spelled-out name with every form of it: the best-matching form
        scores (an article writing "Jawa Timur (Jatim)" is not counted twice), multi-word forms
        as phrases."""
        forms = [tuple(typed), *self.vocabulary.alternatives(tuple(typed))]
        options = [self._form(list(form), built) for form in forms]
        options = [o for o in options if o is not None]
        if not options:
            return None
        q = options[0] if len(options) == 1 else query.DisjunctionMax(options)
        return Clause(q, label)

    def _form(self, words: list[str], built: BuiltQuery):
        if len(words) == 1:
            return self.terms.word("words", words[0], built)
        return self.terms.phrase("words", words, built)

    # -- rewriting nodes (inside groups, negations, required parts) ----------------------------
    def _rewrite(self, node, built: BuiltQuery, marked: bool = True):
        if not marked:  # words of a -exclusion are never highlighted
            shadow = BuiltQuery()
            result = self._rewrite(node, shadow)
            built.notices.extend(n for n in shadow.notices if n not in built.notices)
            return result
        if isinstance(node, (query.And, query.Or)):
            children = []
            run: list[str] = []
            for child in [*node.subqueries, None]:
                if type(child) is query.Term and child.fieldname == "words":
                    run.append(child.text)
                    continue
                if run:
                    children += [c.query for c in self._word_run(run, built) if c is not None]
                    run = []
                if child is not None:
                    children.append(self._rewrite(child, built))
            children = [c for c in children if c is not None and not isinstance(c, _NullQuery)]
            if not children:
                return None
            return children[0] if len(children) == 1 else node.__class__(children, boost=node.boost)
        if isinstance(node, query.Not):
            inner = self._rewrite(node.query, built, marked=False)
            return query.Not(inner) if inner is not None else None
        if isinstance(node, query.AndNot):
            positive = self._rewrite(node.a, built)
            negative = self._rewrite(node.b, built, marked=False)
            if positive is None:
                return None
            return query.AndNot(positive, negative) if negative is not None else positive
        if isinstance(node, query.AndMaybe):
            required = self._rewrite(node.a, built)
            optional = self._rewrite(node.b, built)
            if required is None:
                return optional
            return query.AndMaybe(required, optional) if optional is not None else required
        if isinstance(node, (query.Term, query.Phrase)) and node.fieldname in FACET_PREFIXES:
            text = node.text if isinstance(node, query.Term) else " ".join(node.words)
            return self.terms.facet_match(node.fieldname, text, built)
        if isinstance(node, query.Phrase):
            return self.terms.phrase(node.fieldname, node.words, built, slop=node.slop)
        if isinstance(node, query.FuzzyTerm):
            return self.terms.fuzzy(node, built)
        if isinstance(node, (query.Prefix, query.Wildcard)):
            return self.terms.wildcard(node, built)
        if isinstance(node, query.Term):
            return self.terms.word(node.fieldname, node.text, built)
        return None  # ranges, regexes and anything else the parser might produce: ignored
