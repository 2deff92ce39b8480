"""The query syntax of the README table, as Whoosh's parser reads it: phrases, parentheses,
-word, +word, field:value with Indonesian field names, word~, prefix*, AND/OR/NOT and their
Indonesian twins DAN/ATAU/TIDAK -- and the repairs that make any typed text parseable.
"""

from __future__ import annotations

import re

from whoosh import fields, qparser, query

from archive.analysis import exact_analyzer, split_words

MAX_QUERY_CHARS = 500
EXPLICIT_AND = re.compile(r"(?<=\s)(?:AND|DAN)(?=\s)")
QUOTED_WORD = re.compile(r'(?<![:\w+])"([^"\s]+)"')  # "Khofifah": required, like a quoted phrase

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


def parser(schema) -> qparser.QueryParser:
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


def label(node) -> str:
    if isinstance(node, query.Or):
        return " ATAU ".join(label(s) for s in node.subqueries)
    text = getattr(node, "text", None)
    return str(text) if text is not None else str(node)


def balance(text: str) -> str:
    """Close an unclosed quote or parenthesis the way the user meant it."""
    if text.count('"') % 2:
        text += '"'
    depth = 0
    for ch in text:
        depth += ch == "("
        depth -= ch == ")" and depth > 0
    return text + ")" * depth


def plain(text: str) -> str:
    return " ".join(w for w, _, _ in split_words(text))
