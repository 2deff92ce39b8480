"""How one typed word, phrase or expansion becomes Whoosh terms: a word's stem in the title, body
and metadata with their boosts (melayani = pelayanan), phrases by stems, bounded fuzzy and prefix
expansions, field prefixes on facets. Counts the words, so no query grows past MAX_WORDS.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from whoosh import query

from archive.analysis import STOPWORDS, fold, indexed_stem, stem_word
from archive.calendar import FULL_MONTH_NAMES

if TYPE_CHECKING:
    from archive.query import BuiltQuery  # what the terms record their highlights in

MAX_WORDS = 32
MIN_PREFIX = 3
MAX_EXPANSIONS = 64
MAX_FUZZY_CHARS = 24  # a longer word~ is no typo; its edit automaton would cost seconds to build
# Field weights, fitted on the tuning half of bench/queries (see bench/eval_retrieval.py).
TITLE_BOOST = 6.0
META_BOOST = 0.5
YEAR = re.compile(r"^(19[5-9]\d|20\d\d)$")
# A field prefix on a facet matches the facet values containing the typed words.
FACET_PREFIXES = {
    "outlet": ("outlet",),
    "place": ("place", "province"),
    "person": ("person",),
    "organisation": ("organisation",),
}


class Terms:
    """Term builders over one searcher's lexicon (`reader`) and facet values; `count` is the
    number of words used so far by the query being built."""

    def __init__(self, reader=None, facet_values=None):
        self.reader = reader
        self.facet_values = facet_values  # facet name -> its values, for field prefixes
        self.count = 0

    def facet_match(self, name: str, text: str, built: BuiltQuery):
        """`outlet:bhirawa`, `tempat:malang`: facet values containing every typed word."""
        wanted = [fold(w) for w in text.split() if w]
        if not wanted or self.facet_values is None:
            return None
        self.count += 1
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

    def month_year(self, month: str, year: str, built: BuiltQuery):
        value = f"{year}-{FULL_MONTH_NAMES[month]:02d}"
        built.highlight_phrases.add((stem_word(month), year))
        by_month = query.Term("month", value, boost=2.0)  # facet fields score their boost
        return query.Or([by_month, self.phrase("words", [month, year], built)])

    def word(self, fieldname: str, text: str, built: BuiltQuery):
        """One word: its stem in title, body and metadata (every form ranks the same:
        melayani = pelayanan), or the exact word in a field the user named."""
        word = fold(text)
        if not word or word in STOPWORDS:
            return None
        self.count += 1
        if self.count > MAX_WORDS:
            return None
        if fieldname == "year":
            return query.Term("year", word) if YEAR.match(word) else None
        stem = indexed_stem(word)
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
        if YEAR.match(word):
            options.append(query.Term("year", word, boost=2.0))
        return query.Or(options)

    def phrase(self, fieldname: str, words: list[str], built: BuiltQuery, slop: int = 1):
        """A phrase: by stems in the title, body and metadata; a `judul:"..."` phrase as written."""
        words = [fold(w) for w in words if fold(w) not in STOPWORDS]
        if not words:
            return None
        if len(words) == 1:
            return self.word(fieldname if fieldname == "title_exact" else "words", words[0], built)
        self.count += len(words)
        if fieldname == "title_exact":
            built.highlight_phrases.add(tuple(words))
            return query.Phrase("title_exact", words, slop=slop)
        if fieldname != "words":
            return query.Phrase(fieldname, words, slop=slop)
        stems = [indexed_stem(w) for w in words]
        built.highlight_phrases.add(tuple(stems))
        return query.Or(
            [
                query.Phrase("title", stems, slop=slop, boost=TITLE_BOOST),
                query.Phrase("body", stems, slop=slop),
                query.Phrase("meta", stems, slop=slop, boost=META_BOOST),
            ]
        )

    def fuzzy(self, node: query.FuzzyTerm, built: BuiltQuery):
        word = fold(node.text)
        if not 4 <= len(word) <= MAX_FUZZY_CHARS or node.fieldname != "words":
            return self.word(node.fieldname, word, built)
        self.count += 1
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

    def wildcard(self, node, built: BuiltQuery):
        """`pelayan*`: words of the headlines and body terms that start so, at most MAX_EXPANSIONS."""
        text = fold(node.text)
        prefix = text.rstrip("*") if isinstance(node, query.Prefix) else text
        is_prefix = isinstance(node, query.Prefix) or (
            prefix.endswith("*") and "*" not in prefix[:-1] and "?" not in prefix
        )
        prefix = prefix.rstrip("*")
        clean = re.sub(r"[*?]", "", text)
        if not is_prefix or len(prefix) < MIN_PREFIX or self.reader is None or not prefix.isalnum():
            return self.word("words", clean, built) if len(clean) >= 2 else None
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
        self.count += 1
        return query.Or(options) if options else query.Term("title_exact", prefix)
