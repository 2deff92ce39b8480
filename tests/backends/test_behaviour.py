"""What a reporter and an archivist notice, the same on either engine (see conftest.py)."""

from __future__ import annotations

import re
import shutil

import pytest

from archive.facets import MISSING
from archive.results import SearchRequest
from indexer.pipeline import extract_many
from tests.articles import SAMPLES, write_article
from tests.backends.conftest import solr_engine

pytestmark = pytest.mark.cluster


def stems(result) -> list[str]:
    return [hit.path.rsplit(".", 1)[0] for hit in result.hits]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("Khofifah", {"bhirawa-khofifah-pelayanan-publik"}),
        ("outlet:bhirawa", {"bhirawa-khofifah-pelayanan-publik", "bhirawa-lumajang-mpp"}),
        (
            '"pelayanan publik" -khofifah',
            {
                "000-sindonews-asn-pelayanan-publik",
                "bhirawa-lumajang-mpp",
                "malangkota-inovasi-pelayanan",
                "radarlamsel-mpp-kalianda",
            },
        ),
        ("+Kalianda pelayanan", {"radarlamsel-mpp-kalianda"}),
        ("kalianda OR khofifah", {"radarlamsel-mpp-kalianda", "bhirawa-khofifah-pelayanan-publik"}),
    ],
)
def test_query_syntax_finds_the_same_articles(engine, query, expected):
    assert set(stems(engine.find(query))) == expected


def test_an_abbreviation_finds_its_expansion(engine):
    """Jatim in the query, "Jawa Timur" in the article: the same stems on both engines."""
    found = set(stems(engine.find("Jatim")))
    assert "bhirawa-khofifah-pelayanan-publik" in found


def test_a_facets_counts_ignore_its_own_selection(engine):
    result = engine.find("", filters={"outlet": ["Bhirawa"]})
    assert result.total == 2
    outlets = {c.value: (c.count, c.selected) for c in result.facets["outlet"].values}
    assert outlets["Bhirawa"] == (2, True)
    assert outlets["Radar Lamsel"][0] == 1  # still offered: choosing it widens the list
    years = {c.value: c.count for c in result.facets["year"].values}
    assert sum(years.values()) == 2  # other facets count within the selection


def test_articles_without_outlet_or_date_are_counted_and_found(engine):
    (engine.corpus / "tanpa-apa-apa.txt").write_text(
        "Rapat Koordinasi Pelayanan Publik\n\nRapat koordinasi pelayanan publik membahas antrean warga "
        "di kantor layanan terpadu. Para peserta sepakat menambah loket dan memperpanjang jam layanan "
        "agar warga tidak menunggu terlalu lama.\n",
        encoding="utf-8",
    )
    engine.sync(only=["tanpa-apa-apa.txt"])
    result = engine.find("")
    outlets = {c.value: c.count for c in result.facets["outlet"].values}
    assert outlets.get(MISSING) == 1
    lacking = engine.find("", filters={"outlet": [MISSING]})
    assert stems(lacking) == ["tanpa-apa-apa"]


def test_sort_paging_and_timeline(engine):
    newest = engine.find("", sort="newest")
    dates = [hit.date for hit in newest.hits]
    assert dates == sorted(dates, reverse=True)
    oldest = engine.find("", sort="oldest")
    assert [hit.date for hit in oldest.hits] == sorted(dates)
    third = engine.find("", page=3, page_size=2)
    assert third.pages == 3 and len(third.hits) == 1
    assert sum(count for _, count in newest.timeline.pairs()) == newest.total == 5
    assert newest.timeline.unit == "month"


def test_snippets_mark_the_query_words(engine):
    hit = engine.find("Khofifah").hits[0]
    assert any(marked and "Khofifah" in text for text, marked in hit.snippet_pieces)


def test_export_lists_every_story_once(engine):
    rows = engine.search.export(SearchRequest(query="pelayanan"), 100)
    assert len(rows) == engine.find("pelayanan").stories == 5
    assert {"title", "date", "outlet", "path"} <= set(rows[0])


def test_incremental_add_and_delete(engine):
    path = write_article(
        engine.corpus, "baru.txt", "Pemkab Ngawi Buka MPP", "Ngawi", "7/10/2024", "membuka MPP"
    )
    engine.sync(only=["baru.txt"])
    assert stems(engine.find("Ngawi")) == ["baru"]
    assert engine.find("").archive_total == 6
    path.unlink()
    report = engine.sync()
    assert report.removed == ["baru.txt"]
    assert engine.find("Ngawi").total == 0 and engine.find("").archive_total == 5


def test_a_rebuild_is_searched_only_once_it_is_complete(engine):
    """During `arsip index --rebuild` searches answer from the whole old archive; the new one
    (here with one article more) replaces it in one step, and what it replaced is gone."""
    write_article(engine.corpus, "baru.txt", "Pemkab Ngawi Buka MPP", "Ngawi", "7/10/2024", "membuka MPP")
    during: list[tuple[int, int]] = []

    def look(done: int, total: int) -> None:
        during.append((engine.find("").archive_total, engine.find("Ngawi").total))

    report = engine.sync(rebuild=True, progress=look)
    assert report.rebuilt and report.total == 6
    assert during and set(during) == {(5, 0)}
    assert engine.find("").archive_total == 6 and stems(engine.find("Ngawi")) == ["baru"]
    if engine.name == "solr":  # the alias moved to a new collection; the one it replaced is deleted
        collection = engine.store.collection
        live = collection.backing()
        assert live.startswith(f"{collection.name}_gen")
        assert [c for c in collection.collections() if c.startswith(collection.name)] == [live]


def test_an_interrupted_rebuild_is_continued_not_started_again(engine, monkeypatch):
    import archive.solr
    import archive.store

    for module in (archive.store, archive.solr):  # commit every third article, as a long build does
        monkeypatch.setattr(module, "REBUILD_BATCH", (3, 3600.0))
    for town in ("Ngawi", "Tuban", "Blora", "Pacitan"):
        write_article(engine.corpus, f"{town}.txt", f"Pemkab {town} Buka MPP", town, "7/10/2024", "MPP")

    def killed_midway(root, paths):
        for n, result in enumerate(extract_many(root, paths)):
            if n == 7:
                raise KeyboardInterrupt  # as kill -9 between two commits
            yield result

    with pytest.raises(KeyboardInterrupt):
        engine.store.sync(engine.corpus, killed_midway, rebuild=True)
    assert engine.find("").archive_total == 5  # the interrupted build was never searched
    report = engine.sync(rebuild=True)
    assert report.resumed and report.total == 9 and len(report.added) == 3
    assert engine.find("").archive_total == 9
    if engine.name == "whoosh":  # the generation that was built is the only one left
        assert [p.name for p in engine.store.root.glob("gen-*")] == [engine.store.current_generation()]


def test_versions_of_one_story_are_listed_once(engine):
    original = engine.corpus / "radarlamsel-mpp-kalianda.txt"
    copy = engine.corpus / "radarlamsel-mpp-kalianda-salinan.txt"
    shutil.copy(original, copy)
    text = copy.read_bytes().replace(
        b"(DEWI)", b"Layanan di mal ini tidak dipungut biaya sama sekali.\r\n(DEWI)"
    )
    copy.write_bytes(text)
    engine.sync(only=[copy.name])
    result = engine.find("Kalianda")
    assert result.total == 2 and result.stories == 1
    assert len(result.hits) == 1 and len(result.hits[0].versions) == 1


def test_article_view_and_newest_additions(engine):
    hit = engine.find("Khofifah").hits[0]
    article = engine.search.article(hit.id)
    assert article.title == hit.title and "Khofifah" in article.body
    assert engine.search.article("tidak-ada") is None
    assert len(engine.search.newest_additions(3)) == 3


def test_the_cluster_is_reached_through_zookeeper_too(cluster, tmp_path):
    """ARSIP_SOLR_ZK instead of node URLs: the live nodes are read from ZooKeeper."""
    from archive.solr_collection import SolrCollection

    engine = solr_engine(cluster, SAMPLES, tmp_path / "solr")
    engine.sync()
    through_zk = SolrCollection(zk=cluster["zk"], name=engine.store.collection.name)
    assert sorted(through_zk.nodes()) == sorted(cluster["solr_urls"])
    assert through_zk.count() == engine.find("").archive_total == 5


def test_missing_a_rare_word_costs_more_than_missing_a_common_one(engine):
    """Three words typed, articles with two of them: the one lacking only the common word comes
    before one that repeats the common words but lacks the rare one (rarity-weighted coverage)."""
    filler = "Warga menunggu kabar dari kantor desa tentang jadwal kegiatan bulan depan. " * 12
    write_article(
        engine.corpus,
        "lengkeng.txt",
        "Panen Raya di Desa Sumber",
        "Lumajang",
        "8/10/2024",
        filler + "Petani lengkeng berharap pelayanan penyuluh pertanian lebih cepat.",
    )
    write_article(
        engine.corpus,
        "ulang.txt",
        "Catatan dari Balai Desa",
        "Lumajang",
        "9/10/2024",
        "Pelayanan publik. " * 10,
    )
    engine.sync(only=["lengkeng.txt", "ulang.txt"])
    ranked = stems(engine.find("pelayanan publik lengkeng"))
    assert ranked.index("lengkeng") < ranked.index("ulang")


def test_a_misspelt_name_is_offered_its_correction(engine):
    assert engine.find("khofifha").suggestion == "khofifah"
    assert engine.find("pelayanan qqqqzzzz").suggestion is None
    assert engine.find("Khofifah").suggestion is None  # nothing to correct


def test_a_selected_value_beyond_the_shown_values_keeps_its_count(engine):
    result = engine.find("", filters={"outlet": ["Radar Lamsel"]}, facet_limit=1)
    outlets = {c.value: (c.count, c.selected) for c in result.facets["outlet"].values}
    assert outlets == {"Bhirawa": (2, False), "Radar Lamsel": (1, True)}


def test_a_replaced_file_and_a_correction_show_after_the_next_sync(engine):
    """The archivist's two edits: new bytes for a file (the old go to the trash) and a corrected
    field; each shows in search after one sync, with nothing doubled."""
    from archive.corpus import Corpus
    from archive.corrections import Corrections

    name = "radarlamsel-mpp-kalianda.txt"
    text = (engine.corpus / name).read_text("utf-8", errors="replace")
    renamed = re.sub("(?i)kalianda", "Katibung", text)
    Corpus(engine.corpus).replace(name, renamed.encode("utf-8"))
    engine.sync()
    assert engine.find("Kalianda").total == 0
    assert stems(engine.find("Katibung")) == ["radarlamsel-mpp-kalianda"]
    article = engine.search.article(engine.find("Katibung").hits[0].id)
    Corrections(engine.corpus).record(article, {"outlet": "Radar Lampung"}, by="siti")
    engine.sync()
    result = engine.find("", filters={"outlet": ["Radar Lampung"]})
    assert stems(result) == ["radarlamsel-mpp-kalianda"] and result.archive_total == 5


def test_related_articles_share_the_subject_and_leave_out_the_article(engine):
    write_article(
        engine.corpus,
        "khofifah-asn.txt",
        "Khofifah Minta ASN Jatim Tingkatkan Pelayanan Publik",
        "Surabaya",
        "12/4/2021",
        "bersama Gubernur Khofifah Indar Parawansa meminta ASN meningkatkan pelayanan publik",
    )
    engine.sync(only=["khofifah-asn.txt"])
    seed = engine.search.article(engine.find("khofifah parawansa bhirawa").hits[0].id)
    related = [hit.path for hit in engine.search.related(seed)]
    assert "khofifah-asn.txt" in related and seed.path not in related
