"""Compound segment parts read in place must behave like the BytesIO copies Whoosh made."""

import io

from hypothesis import given
from hypothesis import strategies as st

from archive.segments import MappedBufferFile
from indexer.pipeline import extract_many

OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("read"), st.integers(-1, 40)),
        st.tuples(st.just("readline"), st.integers(-1, 40)),
        st.tuples(st.just("seek"), st.integers(0, 120)),
        st.tuples(st.just("seek_end"), st.integers(-60, 0)),
    ),
    max_size=30,
)


@given(data=st.binary(max_size=100), operations=OPERATIONS)
def test_reads_match_bytesio(data, operations):
    mapped, copied = MappedBufferFile(memoryview(data)).file, io.BytesIO(data)
    for name, n in operations:
        if name == "seek_end":
            assert mapped.seek(n, 2) == copied.seek(max(n, -len(data)), 2)
        elif name == "seek":
            assert mapped.seek(n) == copied.seek(n)
        else:
            assert getattr(mapped, name)(n) == getattr(copied, name)(n)
        assert mapped.tell() == copied.tell()


def test_structured_reads_and_subsets_see_the_same_bytes():
    data = bytes(range(256)) * 4
    part = MappedBufferFile(memoryview(data))
    assert part.get_int(8) == int.from_bytes(data[8:12], "big", signed=True)
    sub = part.subset(100, 50)
    assert sub.read(10) == data[100:110] and sub.get(0, 50) == data[100:150]


def test_commits_after_reseeding_random_do_not_collide(corpus, store):
    """Whoosh drew segment names from `random`; a test framework or library that seeds it made
    the next commit reuse a name and fail."""
    import random

    random.seed(7)
    store.sync(corpus, extract_many)
    (corpus / "baru.txt").write_text(
        "Pemkab Blitar Buka Pasar\n\nBLITAR - Pemerintah Kabupaten Blitar membuka pasar rakyat baru di "
        "Kecamatan Kanigoro, Senin (7/10/2024), untuk dua ratus pedagang kecil.\n"
    )
    random.seed(7)
    report = store.sync(corpus, extract_many)
    assert report.added == ["baru.txt"] and report.total == 6
