"""Query semantics on the samples: which words must match, how phrases and expansions count, and
what a result says about the words it lacks."""

from whoosh import query as wq

from archive import highlight
from archive.analysis import analyse
from archive.ranking import min_match
from archive.results import SearchRequest


def search(service, text, **kwargs):
    return service.search(SearchRequest(query=text, **kwargs))


def test_short_queries_need_every_word_longer_ones_most():
    assert [min_match(n) for n in (1, 2, 3, 4, 5, 8, 12)] == [1, 2, 2, 3, 4, 6, 9]


def test_a_quoted_word_is_required_and_plain_words_rank(service):
    both = search(service, '"Khofifah" ASN')
    assert [h.title for h in both.hits] == [
        "Gubernur Khofifah Ingin ASN Jatim Jadi Pelayan Publik yang Cepat dan Ramah"
    ]
    loose = search(service, "Khofifah ASN")
    assert loose.total >= both.total


def test_and_written_out_makes_every_word_required(service):
    strict = search(service, "Khofifah DAN Lumajang")
    assert strict.total == 0 and not strict.relaxed


def test_a_wrong_word_in_a_long_query_does_not_empty_the_list(service):
    result = search(service, "Pj Bupati Lumajang resmikan mal pelayanan publik zzkwyx")
    assert result.hits[0].title == "Pj Bupati Lumajang Resmikan Mal Pelayanan Publik"
    assert result.hits[0].missing == ["zzkwyx"]


def test_an_abbreviation_matches_its_expansion_as_a_phrase(service):
    searcher = service.searchers.searcher()
    built = service.query_builder(searcher).build("MPP")
    (clause,) = built.optional
    assert isinstance(clause.query, wq.DisjunctionMax)
    phrases = [
        q for q in clause.query.subqueries if isinstance(q, wq.Or) and isinstance(q.subqueries[0], wq.Phrase)
    ]
    assert phrases and phrases[0].subqueries[0].words == ["mal", "layan", "publik"]
    assert ("mal", "layan", "publik") in built.highlight_phrases
    assert "mal" not in built.highlight  # "mal" alone is never marked


def test_phrase_highlights_mark_only_the_whole_run():
    text = "Kepala daerah hadir. Pemilihan kepala daerah digelar."
    phrase = tuple(analyse("pemilihan kepala daerah"))
    marked = [t for t, m in highlight.mark(text, set(), set(), {phrase}) if m]
    assert marked == ["Pemilihan", "kepala", "daerah"]


def test_hyphenated_compounds_match_their_joined_spelling(service):
    assert "nonsubsidi" in analyse("BBM non-subsidi", mode="index")
    assert "hattrick" in analyse("mencetak hat-trick", mode="index")
    assert "hattrick" not in analyse("mencetak hat-trick")  # a typed "hat-trick" searches its parts


def test_a_snippet_of_a_word_repeated_many_times_is_one_window():
    # the window search is one pass (it was quadratic: 9 s per search on such a file)
    pieces = highlight.snippet("bupati " * 20_000, {"bupati"}, set())
    assert sum(1 for _, m in pieces if m) == highlight.SNIPPET_WORDS
