"""Did-you-mean on Solr: archive.suggest's Lexicon over the collection."""

from __future__ import annotations

from archive.analysis import stem_word
from archive.solr_collection import SolrCollection
from archive.solr_query import escape


class SolrLexicon:
    """archive.suggest.Lexicon over the collection: term counts by a query facet, corrections by
    Solr's spellcheck component (DirectSolrSpellChecker over the headline words, then the body)."""

    def __init__(self, collection: SolrCollection):
        self.collection = collection

    def unknown(self, words: list[str]) -> list[str]:
        if not words:
            return []
        _, counts = self.collection.match_counts(
            [f"title_exact:{escape(w)} OR body:{escape(stem_word(w))}" for w in words]
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
