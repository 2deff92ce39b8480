"""The Indonesian analyzer: folding, tokens, stopwords, stemming and the words it protects."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from archive.analysis import analyse, fold, split_words, stem_word, words_of


def test_combining_dots_are_folded_so_asisten_matches():
    assert fold("Asi̇sten Admi̇ni̇strasi") == "asisten administrasi"
    assert analyse("Asi̇sten", stemmed=False) == ["asisten"]


def test_reduplicated_words_stay_whole_and_compounds_split():
    assert analyse("masing-masing anak-anak", stemmed=False) == ["masing-masing", "anak-anak"]
    assert analyse("Prabowo-Gibran", stemmed=False) == ["prabowo", "gibran"]
    assert analyse("anak-anak", stemmed=True) == ["anak"]


def test_numbers_keep_their_separators():
    assert analyse("Rp 1.900 triliun, naik 47,9 persen", stemmed=False) == [
        "rp",
        "1.900",
        "triliun",
        "naik",
        "47,9",
        "persen",
    ]


def test_stopwords_are_dropped():
    assert analyse("yang di dan pelayanan", stemmed=False) == ["pelayanan"]


def test_word_families_share_a_stem():
    for family in (
        ["pelayanan", "melayani", "dilayani", "layanan"],
        ["pelantikan", "melantik", "dilantik"],
        ["pembangunan", "membangun", "dibangun"],
        ["pemilihan", "memilih"],
    ):
        assert len({stem_word(w) for w in family}) == 1, family


def test_place_names_and_office_words_are_not_stemmed_into_other_words():
    assert analyse("Pemalang Kediri Bekasi", stemmed=True) == ["pemalang", "kediri", "bekasi"]
    assert analyse("penjabat", stemmed=True) != analyse("pejabat", stemmed=True)


def test_apostrophes_inside_words():
    assert analyse("Jum'at", stemmed=False) == ["jumat"]


LATIN_TEXT = st.text(
    alphabet=st.characters(max_codepoint=0x36F, categories=("L", "Nd", "P", "Zs", "Mn", "Cc")).filter(
        lambda c: unicodedata.normalize("NFKC", c) == c or unicodedata.combining(c)  # no ligatures, no Ŀ
    ),
    max_size=300,
)


@given(LATIN_TEXT)
def test_the_fast_indexing_path_splits_like_the_offset_path(text):
    # index terms come from words_of, highlights from split_words: on the scripts of Indonesian news
    # (Latin letters, digits, punctuation, combining marks) they agree word for word
    assert words_of(text) == [w for w, _, _ in split_words(text)]


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_offsets_point_into_the_original_text(text):
    for _word, start, end in split_words(text):
        assert 0 <= start < end <= len(text)
