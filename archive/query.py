"""What a reporter types -> the clauses that archive.ranking matches and scores.

Whoosh's parser reads the syntax (phrases, parentheses, -word, +word, field:, word~, prefix*,
AND/OR/NOT and their Indonesian twins DAN/ATAU/TIDAK); this module sorts what it read into
- optional clauses: each plain word, each abbreviation with its expansions (Jatim = "Jawa Timur"),
  each "april 2021" -- most of them must match (minimum-should-match, see archive.ranking);
- required parts: quoted phrases, +word, field:value -- and every word when AND/DAN is written;
- prohibited parts: -word, NOT/TIDAK.
A word searches its stem in the title and body and the metadata (melayani = pelayanan); a
multi-word form (typed or from the dictionary) matches as a phrase, never as loose words, and is
highlighted the same way. Wildcards and fuzzy terms are bounded (no leading wildcard, a minimum
prefix, capped expansion), so no query a user can type runs away.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from whoosh import fields, qparser, query
from whoosh.query.qcore import _NullQuery

from archive.analysis import STOPWORDS, UNSTEMMED, exact_analyzer, fold, split_words, stem_word
from archive.calendar import FULL_MONTH_NAMES
from archive.vocabulary import vocabulary

MAX_QUERY_CHARS = 500
MAX_WORDS = 32
MIN_PREFIX = 3
MAX_EXPANSIONS = 64
MAX_FUZZY_CHARS = 24  # a longer word~ is no typo; its edit automaton would cost seconds to build
# Field weights, fitted on the tuning half of bench/queries (see bench/eval_retrieval.py).
TITLE_BOOST = 6.0
META_BOOST = 0.5
_EXPLICIT_AND = re.compile(r"(?<=\s)(?:AND|DAN)(?=\s)")
_QUOTED_WORD = re.compile(r'(?<![:\w+])"([^"\s]+)"')  # "Khofifah": required, like a quoted phrase

FIELD_ALIASES = {
    "title_exact": ["title", "judul"],
    "outlet": ["media", "sumber"],
    "place": ["tempat", "lokasi", "wilayah", "daerah", "kota", "kabupaten", "province", "provinsi"],
    "person": ["tokoh", "orang"],
    "organisation": ["org", "organization", "organisasi", "lembaga", "instansi"],
    "year": ["tahun"],
}
_FIELD_NAMES = [name for name in FIELD_ALIASES if name != "title_exact"] + [
    alias for aliases in FIELD_ALIASES.values() for alias in aliases
]
_FIELD_EXPR = r"(?P<text>" + "|".join(_FIELD_NAMES) + r"):(?=\S)"
# A field prefix on a facet matches the facet values containing the typed words.
FACET_PREFIXES = {
    "outlet": ("outlet",),
    "place": ("place", "province"),
    "person": ("person",),
    "organisation": ("organisation",),
}
_YEAR = re.compile(r"^(19[5-9]\d|20\d\d)$")


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


def _parser(schema) -> qparser.QueryParser:
    # "words" is the parser's own default field: plain words, analysed without stemming; the
    # builder below turns each into stemmed title/body/metadata terms.
    parse_schema = fields.Schema(words=fields.TEXT(analyzer=exact_analyzer()))
    for name, field_type in schema.items():
        parse_schema.add(name, field_type)
    parser = qparser.QueryParser("words", parse_schema, group=qparser.AndGroup)
    parser.remove_plugin_class(qparser.RangePlugin)
    parser.remove_plugin_class(qparser.FieldsPlugin)
    parser.remove_plugin_class(qparser.OperatorsPlugin)
    parser.add_plugin(qparser.FieldsPlugin(expr=_FIELD_EXPR))
    parser.add_plugin(qparser.FieldAliasPlugin(FIELD_ALIASES))
    # +word / -word only at the start of a word: "bangsa-bangsa" and "Prabowo-Gibran" are words
    parser.add_plugin(qparser.PlusMinusPlugin(plusexpr=r"(?<![^\s(])\+", minusexpr=r"(?<![^\s(])-"))
    parser.add_plugin(qparser.FuzzyTermPlugin())
    parser.add_plugin(
        qparser.OperatorsPlugin(
            And=r"(?<=\s)(?:AND|DAN)(?=\s)",
            Or=r"(?<=\s)(?:OR|ATAU)(?=\s)",
            AndNot=r"(?<=\s)ANDNOT(?=\s)",
            AndMaybe=r"(?<=\s)ANDMAYBE(?=\s)",
            Not=r"(^|(?<=(\s|[()])))(?:NOT|TIDAK)(?=\s)",
        )
    )
    return parser


class QueryBuilder:
    """Builds queries against one searcher (prefix expansion reads its lexicon)."""

    def __init__(self, schema, reader=None, facet_values=None):
        self.schema = schema
        self.reader = reader
        self.facet_values = facet_values  # facet name -> its values, for field prefixes
        self.parser = _parser(schema)
        self.vocabulary = vocabulary()

    def build(self, text: str) -> BuiltQuery:
        built = BuiltQuery()
        text = (text or "").strip()
        if len(text) > MAX_QUERY_CHARS:
            text = text[:MAX_QUERY_CHARS]
            built.notices.append("query-truncated")
        text = _QUOTED_WORD.sub(r"+\1", _balance(text))
        if not split_words(text):
            return built
        try:
            parsed = self.parser.parse(text)
        except Exception:  # noqa: BLE001 - the syntax is a convenience, never an error page
            parsed = self.parser.parse(_plain(text))
        self._count = 0
        self._sort(parsed, built)
        built.strict = bool(_EXPLICIT_AND.search(text))
        if self._count > MAX_WORDS:
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
                    built.optional.append(Clause(rewritten, _label(child)))
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
            if i + 1 < len(folded) and folded[i] in FULL_MONTH_NAMES and _YEAR.match(folded[i + 1]):
                out.append(
                    Clause(self._month_year(folded[i], folded[i + 1], built), f"{words[i]} {words[i + 1]}")
                )
                i += 2
                continue
            end = spans.get(i)
            if end is not None:
                out.append(self._expansion(folded[i:end], built, " ".join(words[i:end])))
                i = end
                continue
            word = folded[i]
            q = self._word("words", word, built)
            stem = None if q is None else (word if word in UNSTEMMED else stem_word(word))
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
        return (
            self._word("words", words[0], built) if len(words) == 1 else self._phrase("words", words, built)
        )

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
            return self._facet_match(node.fieldname, text, built)
        if isinstance(node, query.Phrase):
            return self._phrase(node.fieldname, node.words, built, slop=node.slop)
        if isinstance(node, query.FuzzyTerm):
            return self._fuzzy(node, built)
        if isinstance(node, (query.Prefix, query.Wildcard)):
            return self._wildcard(node, built)
        if isinstance(node, query.Term):
            return self._word(node.fieldname, node.text, built)
        return None  # ranges, regexes and anything else the parser might produce: ignored

    def _facet_match(self, name: str, text: str, built: BuiltQuery):
        """`outlet:bhirawa`, `tempat:malang`: facet values containing every typed word."""
        wanted = [fold(w) for w in text.split() if w]
        if not wanted or self.facet_values is None:
            return None
        self._count += 1
        terms = []
        for field_name in FACET_PREFIXES[name]:
            for value in self.facet_values(field_name):
                folded_value = fold(value)
                if all(w in folded_value for w in wanted):
                    terms.append(query.Term(field_name, value))
                    if len(terms) >= MAX_EXPANSIONS:
                        break
        built.highlight.update(wanted)
        return query.Or(terms) if terms else query.NullQuery

    def _month_year(self, month: str, year: str, built: BuiltQuery):
        value = f"{year}-{FULL_MONTH_NAMES[month]:02d}"
        built.highlight_phrases.add((stem_word(month), year))
        by_month = query.Term("month", value, boost=2.0)  # facet fields score their boost
        return query.Or([by_month, self._phrase("words", [month, year], built)])

    def _word(self, fieldname: str, text: str, built: BuiltQuery):
        """One word: its stem in title, body and metadata (every form ranks the same:
        melayani = pelayanan), or the exact word in a field the user named."""
        word = fold(text)
        if not word or word in STOPWORDS:
            return None
        self._count += 1
        if self._count > MAX_WORDS:
            return None
        if fieldname == "year":
            return query.Term("year", word) if _YEAR.match(word) else None
        stem = word if word in UNSTEMMED else stem_word(word)
        if fieldname == "title_exact":  # judul:word -- any form of the word in the headline
            built.highlight.add(word)
            built.highlight_stems.add(stem)
            return query.Term("title", stem)
        built.words.append(word)
        built.highlight.add(word)
        built.highlight_stems.add(stem)
        options = [
            query.Term("title", stem, boost=TITLE_BOOST),
            query.Term("body", stem),
            query.Term("meta", stem, boost=META_BOOST),
        ]
        if _YEAR.match(word):
            options.append(query.Term("year", word, boost=2.0))
        return query.Or(options)

    def _phrase(self, fieldname: str, words: list[str], built: BuiltQuery, slop: int = 1):
        """A phrase: by stems in the title, body and metadata; a `judul:"..."` phrase as written."""
        words = [fold(w) for w in words if fold(w) not in STOPWORDS]
        if not words:
            return None
        if len(words) == 1:
            return self._word(fieldname if fieldname == "title_exact" else "words", words[0], built)
        self._count += len(words)
        if fieldname == "title_exact":
            built.highlight_phrases.add(tuple(words))
            return query.Phrase("title_exact", words, slop=slop)
        if fieldname != "words":
            return query.Phrase(fieldname, words, slop=slop)
        stems = [w if w in UNSTEMMED else stem_word(w) for w in words]
        built.highlight_phrases.add(tuple(stems))
        return query.Or(
            [
                query.Phrase("title", stems, slop=slop, boost=TITLE_BOOST),
                query.Phrase("body", stems, slop=slop),
                query.Phrase("meta", stems, slop=slop, boost=META_BOOST),
            ]
        )

    def _fuzzy(self, node: query.FuzzyTerm, built: BuiltQuery):
        word = fold(node.text)
        if not 4 <= len(word) <= MAX_FUZZY_CHARS or node.fieldname != "words":
            return self._word(node.fieldname, word, built)
        self._count += 1
        built.words.append(word)
        built.highlight.add(word)
        maxdist = 2 if len(word) > 6 else 1  # "one or two typos", as the README promises
        prefix = max(node.prefixlength, 2)
        return query.Or(
            [
                query.FuzzyTerm("body", word, maxdist=maxdist, prefixlength=prefix),
                query.FuzzyTerm("title_exact", word, boost=TITLE_BOOST, maxdist=maxdist, prefixlength=prefix),
            ]
        )

    def _wildcard(self, node, built: BuiltQuery):
        """`pelayan*`: words of the headlines and body terms that start so, at most MAX_EXPANSIONS."""
        text = fold(node.text)
        prefix = text.rstrip("*") if isinstance(node, query.Prefix) else text
        is_prefix = isinstance(node, query.Prefix) or (
            prefix.endswith("*") and "*" not in prefix[:-1] and "?" not in prefix
        )
        prefix = prefix.rstrip("*")
        clean = re.sub(r"[*?]", "", text)
        if not is_prefix or len(prefix) < MIN_PREFIX or self.reader is None or not prefix.isalnum():
            return self._word("words", clean, built) if len(clean) >= 2 else None
        fields_to_expand = ["title_exact"] if node.fieldname == "title_exact" else ["title_exact", "body"]
        options = []
        for field_name in fields_to_expand:
            for term in self.reader.expand_prefix(field_name, prefix):
                text_term = term.decode("utf-8") if isinstance(term, bytes) else term
                boost = TITLE_BOOST if field_name == "title_exact" else 1.0
                options.append(query.Term(field_name, text_term, boost=boost))
                built.highlight.add(text_term)
                if len(options) >= MAX_EXPANSIONS:
                    built.notices.append("prefix-capped")
                    break
        self._count += 1
        return query.Or(options) if options else query.Term("title_exact", prefix)


def _label(node) -> str:
    if isinstance(node, query.Or):
        return " ATAU ".join(_label(s) for s in node.subqueries)
    text = getattr(node, "text", None)
    return str(text) if text is not None else str(node)


def _balance(text: str) -> str:
    """Close an unclosed quote or parenthesis the way the user meant it."""
    if text.count('"') % 2:
        text += '"'
    depth = 0
    for ch in text:
        depth += ch == "("
        depth -= ch == ")" and depth > 0
    return text + ")" * depth


def _plain(text: str) -> str:
    return " ".join(w for w, _, _ in split_words(text))
