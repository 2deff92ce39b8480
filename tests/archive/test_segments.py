"""Compound segment parts read in place must behave like the BytesIO copies Whoosh made."""

import io
from pathlib import Path

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


def mapped_index_kb(folder) -> int:
    """Resident kB of this process's maps of files under `folder` (/proc/self/smaps)."""
    total, inside = 0, False
    for line in Path("/proc/self/smaps").read_text("utf-8").splitlines():
        fields = line.split()
        if "-" in fields[0] and len(fields) >= 5 and ":" in fields[3]:  # a map's header line
            inside = len(fields) > 5 and fields[5].startswith(str(folder))
        elif inside and fields[0] == "Rss:":
            total += int(fields[1])
    return total


def test_index_pages_read_by_warm_up_or_a_cold_search_are_handed_back_and_searches_agree(corpus, store):
    from archive.results import SearchRequest
    from archive.search import SearchService

    store.sync(corpus, extract_many)
    warmed = SearchService(store)
    warmed.warm()  # reads the commonest words whole
    assert warmed.searchers.postings.used and mapped_index_kb(store.generation_dir()) == 0
    cold = SearchService(store)
    request = SearchRequest(query='pelayanan "mal pelayanan publik"')
    first = cold.search(request)
    assert cold.searchers.postings.touched  # it did read postings and positions from the index
    assert first.total and mapped_index_kb(store.generation_dir()) == 0
    for service in (cold, warmed):  # from the decoded caches, the pages read again where needed
        again = service.search(request)
        assert [h.id for h in again.hits] == [h.id for h in first.hits] and again.total == first.total
    # a phrase whose words are cached still reads their positions: those pages are handed back too
    assert cold.search(SearchRequest(query='"pelayanan publik" inovasi')).total
    assert mapped_index_kb(store.generation_dir()) == 0
