"""What a reporter types -> a bounded Whoosh query.

Whoosh's parser reads the syntax (phrases, parentheses, -word, field:, word~, prefix*, AND/OR/NOT
and their Indonesian twins DAN/ATAU/TIDAK); this module then rewrites the tree so that:
- each word searches stemmed title and body, the exact word forms and the metadata;
- abbreviations and variants find each other (Jatim <-> Jawa Timur, MPP <-> Mal Pelayanan Publik);
- "2021" and "april 2021" also match the article's year and month;
- wildcards and fuzzy terms are bounded (no leading wildcard, a minimum prefix, capped expansion),
so no query a user can type runs away (a bare `*` hung a worker for 20 s in DESIGN.md's test).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from whoosh import fields, qparser, query
from whoosh.query.qcore import _NullQuery

from archive.analysis import STOPWORDS, UNSTEMMED, exact_analyzer, fold, split_words, stem_word
from archive.vocabulary import vocabulary

MAX_QUERY_CHARS = 500
MAX_WORDS = 32
MIN_PREFIX = 3
MAX_EXPANSIONS = 64
# Weights chosen by a sweep over both known-item query sets together (46 queries, see the note in
# bench/eval_retrieval.py); body adjacency did not pay and costs a phrase query per word pair.
TITLE_BOOST = 5.0
ADJACENT_TITLE_BOOST = 0.5
_SYNTAX = re.compile(r'["():*?~^\[\]{}]|(?:^|\s)[-+]|\b(?:AND|OR|NOT|DAN|ATAU|TIDAK)\b')

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
_MONTHS = {
    "januari": 1,
    "februari": 2,
    "maret": 3,
    "april": 4,
    "mei": 5,
    "juni": 6,
    "juli": 7,
    "agustus": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "desember": 12,
    "january": 1,
    "february": 2,
    "march": 3,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "october": 10,
    "december": 12,
}
_YEAR = re.compile(r"^(19[5-9]\d|20\d\d)$")


@dataclass
class BuiltQuery:
    """The rewritten query, its relaxed (any-word) twin, and what to highlight."""

    query: query.Query | None  # None: no words, match everything
    relaxed: query.Query | None = None  # OR of the top-level parts, when there are several
    words: list[str] = field(default_factory=list)  # folded words typed (for suggestions)
    highlight: set[str] = field(default_factory=set)  # folded word forms to mark
    highlight_stems: set[str] = field(default_factory=set)
    notices: list[str] = field(default_factory=list)


def _parser(schema) -> qparser.QueryParser:
    # "words" is the parser's own default field: plain words, analysed without stemming; the
    # rewrite below turns each into stemmed title/body/metadata terms.
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
        built = BuiltQuery(query=None)
        text = (text or "").strip()
        if len(text) > MAX_QUERY_CHARS:
            text = text[:MAX_QUERY_CHARS]
            built.notices.append("query-truncated")
        text = _balance(text)
        if not split_words(text):
            return built
        try:
            parsed = self.parser.parse(text)
        except Exception:  # noqa: BLE001 - the syntax is a convenience, never an error page
            parsed = self.parser.parse(_plain(text))
        self._count = 0
        rewritten = self._rewrite(parsed, built)
        if self._count > MAX_WORDS:
            built.notices.append("query-too-long")
        if rewritten is None or isinstance(rewritten, _NullQuery):
            return built
        built.query = rewritten
        if isinstance(rewritten, query.And) and len(rewritten.subqueries) > 1:
            built.relaxed = query.Or(rewritten.subqueries)
        nearby = self._adjacency_bonus(text)
        if nearby is not None:
            built.query = query.AndMaybe(built.query, nearby)
            if built.relaxed is not None:
                built.relaxed = query.AndMaybe(built.relaxed, nearby)
        return built

    def _adjacency_bonus(self, text: str):
        """Words typed next to each other rank higher where the headline has them next to each
        other too (a sequential-dependence bonus; optional, it never filters)."""
        if _SYNTAX.search(text):
            return None
        words = [w for w, _, _ in split_words(text) if w not in STOPWORDS][:MAX_WORDS]
        pairs = list(zip(words, words[1:], strict=False))
        if not pairs:
            return None
        return query.Or(
            [query.Phrase("title_exact", list(pair), slop=2, boost=ADJACENT_TITLE_BOOST) for pair in pairs]
        )

    # -- tree rewriting --------------------------------------------------------------------------
    def _rewrite(self, node, built: BuiltQuery):
        if isinstance(node, (query.And, query.Or)):
            children = self._rewrite_group(node.subqueries, built)
            children = [c for c in children if c is not None and not isinstance(c, _NullQuery)]
            if not children:
                return None
            return children[0] if len(children) == 1 else node.__class__(children, boost=node.boost)
        if isinstance(node, query.Not):
            inner = self._rewrite(
                node.query,
                built,
            )
            return query.Not(inner) if inner is not None else None
        if isinstance(node, query.AndNot):
            positive = self._rewrite(node.a, built)
            negative = self._rewrite(node.b, built)
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
            return self._phrase(node.fieldname, node.words, built, slop=node.slop, boost=node.boost)
        if isinstance(node, query.FuzzyTerm):
            return self._fuzzy(node, built)
        if isinstance(node, (query.Prefix, query.Wildcard)):
            return self._wildcard(node, built)
        if type(node) is query.Term and node.fieldname == "words":
            return self._word_run([node.text], [node.boost], built)[0]
        if isinstance(node, query.Term):
            return self._term(node.fieldname, node.text, built, boost=node.boost)
        if isinstance(node, _NullQuery):
            return None
        return None  # ranges, regexes and anything else the parser might produce: ignored

    def _rewrite_group(self, subqueries, built: BuiltQuery) -> list:
        """Rewrite children; runs of plain words may form dictionary phrases ("jawa timur")."""
        out, run = [], []

        def flush():
            if run:
                out.extend(self._word_run([t.text for t in run], [t.boost for t in run], built))
                run.clear()

        for child in subqueries:
            if type(child) is query.Term and child.fieldname == "words":
                run.append(child)
                continue
            flush()
            out.append(self._rewrite(child, built))
        flush()
        return out

    def _word_run(self, words: list[str], boosts: list[float], built: BuiltQuery) -> list:
        folded = [fold(w) for w in words]
        spans = dict(self.vocabulary.find_runs(folded))
        out, i = [], 0
        while i < len(folded):
            end = spans.get(i)
            if i + 1 < len(folded) and folded[i] in _MONTHS and _YEAR.match(folded[i + 1]):
                out.append(self._month_year(folded[i], folded[i + 1], built))
                i += 2
                continue
            if end is not None:
                typed = folded[i:end]
                alternatives = self.vocabulary.alternatives(tuple(typed))
                options = [self._and_words(typed, built)]
                for alt in alternatives:
                    options.append(
                        self._and_words(list(alt), built)
                        if len(alt) == 1
                        else self._phrase("words", list(alt), built)
                    )
                out.append(query.Or(options) if len(options) > 1 else options[0])
                i = end
                continue
            out.append(self._term("words", folded[i], built, boost=boosts[i]))
            i += 1
        return out

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

    def _and_words(self, words: list[str], built: BuiltQuery):
        parts = [self._term("words", w, built) for w in words]
        parts = [p for p in parts if p is not None]
        return parts[0] if len(parts) == 1 else query.And(parts)

    def _month_year(self, month: str, year: str, built: BuiltQuery):
        value = f"{year}-{_MONTHS[month]:02d}"
        built.highlight.update({month, year})
        by_month = query.Term("month", value, boost=2.0)  # facet fields score their boost
        return query.Or([by_month, self._phrase("words", [month, year], built)])

    def _term(self, fieldname: str, text: str, built: BuiltQuery, boost: float = 1.0):
        word = fold(text)
        if not word or word in STOPWORDS:
            return None
        self._count += 1
        if self._count > MAX_WORDS:
            return None
        if fieldname == "year":
            return query.Term("year", word) if _YEAR.match(word) else None
        stem = word if word in UNSTEMMED else stem_word(word)
        built.words.append(word)
        built.highlight.add(word)
        built.highlight_stems.add(stem)
        # Only stems are searched for words, so every form of a word ranks the same
        # ("melayani" = "pelayanan"); exact forms count in phrases.
        options = [query.Term("title", stem, boost=TITLE_BOOST * boost)]
        if fieldname == "words":
            options += [
                query.Term("body", stem, boost=boost),
                query.Term("meta", stem, boost=0.5 * boost),
            ]
            if _YEAR.match(word):
                options.append(query.Term("year", word, boost=2.0 * boost))
        return query.Or(options) if len(options) > 1 else options[0]

    def _phrase(self, fieldname: str, words: list[str], built: BuiltQuery, slop: int = 1, boost: float = 1.0):
        """A phrase: as written in the headline, by stems in the body and the metadata."""
        words = [fold(w) for w in words if fold(w) not in STOPWORDS]
        if not words:
            return None
        self._count += len(words)
        built.highlight.update(words)
        if len(words) == 1:
            return self._term(fieldname if fieldname == "title_exact" else "words", words[0], built, boost)
        if fieldname not in ("words", "title_exact"):
            return query.Phrase(fieldname, words, slop=slop, boost=boost)
        options = [query.Phrase("title_exact", words, slop=slop, boost=TITLE_BOOST * boost)]
        if fieldname == "words":
            stems = [w if w in UNSTEMMED else stem_word(w) for w in words]
            built.highlight_stems.update(stems)
            options.append(query.Phrase("body", stems, slop=slop, boost=boost))
            options.append(query.Phrase("meta", stems, slop=slop, boost=0.5 * boost))
        return query.Or(options)

    def _fuzzy(self, node: query.FuzzyTerm, built: BuiltQuery):
        word = fold(node.text)
        if len(word) < 4 or node.fieldname != "words":
            return self._term(node.fieldname, word, built)
        self._count += 1
        built.words.append(word)
        built.highlight.add(word)
        maxdist = min(max(node.maxdist, 1), 2 if len(word) > 6 else 1)
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
            return self._term("words", clean, built) if len(clean) >= 2 else None
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


def highlight_words(built: BuiltQuery) -> tuple[set[str], set[str]]:
    return built.highlight, built.highlight_stems
