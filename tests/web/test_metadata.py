"""What staff cite and correct: provenance in pages, JSON and exports; honest citations; missing-
value facets; archivists' corrections that survive a rebuild and never touch the raw file."""

from __future__ import annotations

import hashlib
import json

from archive.article import article_id
from indexer.pipeline import extract_many
from tests.web.forms import csrf

UNDATED = (
    "Warga Gotong Royong Bersihkan Saluran Air\n\n"
    "Puluhan warga membersihkan saluran air di kampung mereka pada Minggu (12/10/2025) pagi agar tidak "
    "tersumbat sampah saat musim hujan tiba, kata ketua RT setempat kepada wartawan.\n\n"
    "Kegiatan itu diikuti warga dari tiga RW dan berlangsung hingga siang hari."
)


def add_file(corpus, store, name: str, text: str) -> str:
    (corpus / name).write_text(text, encoding="utf-8")
    store.sync(corpus, extract_many)
    return article_id(name)


def test_citations_name_what_the_file_states_and_mark_what_is_inferred(writable_app, corpus, store):
    aid = add_file(corpus, store, "gotong-royong.txt", UNDATED)
    client = writable_app.test_client()
    data = client.get(f"/api/article/{aid}").get_json()
    assert data["outlet"] is None and data["outlet_source"] is None
    assert (data["date"], data["date_source"]) == ("2025-10-12", "inferred")
    indonesian, apa = data["citation"]["indonesian"], data["citation"]["apa"]
    assert indonesian.startswith("tanpa media, perkiraan: 12 Oktober 2025, “Warga Gotong Royong")
    assert "Arsip" not in indonesian.split(",")[0]  # never an invented outlet
    assert f"/article/{aid}" in indonesian and "Diakses" in indonesian
    assert apa.startswith("tanpa media. (2025, 12 Oktober [perkiraan]). Warga Gotong Royong")
    page = client.get(f"/article/{aid}").get_data(as_text=True)
    assert 'class="estimated"' in page and "perkiraan</abbr>:" in page


def test_stated_metadata_is_cited_as_stated(client):
    data = client.get("/api/search?q=Kalianda").get_json()
    hit = data["hits"][0]
    assert (hit["outlet"], hit["outlet_source"], hit["date_source"]) == ("Radar Lamsel", "stated", "stated")
    article = client.get(f"/api/article/{hit['id']}").get_json()
    assert article["citation"]["indonesian"].startswith("Radar Lamsel, 25 September 2024, “")


def test_exports_carry_provenance_and_the_permalink(client):
    response = client.get("/api/export.csv?q=MPP")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    header, *rows = response.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert "date_source" in header.split(",") and "outlet_source" in header.split(",")
    assert all("/article/" in row for row in rows)
    rows = client.get("/api/export.json?q=MPP").get_json()["rows"]
    assert all(r["url"].startswith("http") and r["date_source"] for r in rows)


def test_articles_without_a_date_or_an_outlet_are_a_facet_value(writable_app, corpus, store):
    add_file(corpus, store, "tanpa-apa-apa.txt", UNDATED.replace("pada Minggu (12/10/2025) pagi ", ""))
    client = writable_app.test_client()
    facets = client.get("/api/search?q=").get_json()["facets"]
    assert ["_none", 1] in facets["outlet"] and ["_none", 1] in facets["year"]
    only = client.get("/api/search?year=_none").get_json()
    assert [h["title"] for h in only["hits"]] == ["Warga Gotong Royong Bersihkan Saluran Air"]
    page = client.get("/search?q=").get_data(as_text=True)
    assert "tanpa tanggal" in page and "tanpa media" in page


def test_a_correction_survives_a_rebuild_and_leaves_the_raw_file_alone(archivist, corpus, store):
    aid = add_file(corpus, store, "gotong-royong.txt", UNDATED)
    raw = (corpus / "gotong-royong.txt").read_bytes()
    token = csrf(archivist, f"/article/{aid}")
    response = archivist.post(
        f"/archivist/article/{aid}/correct",
        data={"csrf_token": token, "date": "2025-10-13", "outlet": "Radar Lamsel", "title": "", "time": ""},
    )
    assert response.status_code == 302
    data = archivist.get(f"/api/article/{aid}").get_json()
    assert (data["date"], data["date_source"], data["outlet"]) == ("2025-10-13", "corrected", "Radar Lamsel")
    assert data["title"] == "Warga Gotong Royong Bersihkan Saluran Air"  # an empty field keeps the reading
    store.sync(corpus, extract_many, rebuild=True)
    again = archivist.get(f"/api/article/{aid}").get_json()
    assert (again["date"], again["outlet"], again["corrected"]) == (
        "2025-10-13",
        "Radar Lamsel",
        ["date", "outlet"],
    )
    assert (
        hashlib.sha256((corpus / "gotong-royong.txt").read_bytes()).digest() == hashlib.sha256(raw).digest()
    )
    page = archivist.get(f"/article/{aid}").get_data(as_text=True)
    assert "dikoreksi oleh arsiparis" in page
    log = [json.loads(line) for line in (corpus / ".arsip" / "corrections.jsonl").read_text().splitlines()]
    assert {entry["field"] for entry in log} == {"date", "outlet"} and all(
        e["by"] == "arsiparis" for e in log
    )


def test_a_correction_needs_a_login_and_a_valid_value(writable_app, archivist, corpus, store):
    aid = add_file(corpus, store, "gotong-royong.txt", UNDATED)
    anonymous = writable_app.test_client()
    assert anonymous.post(f"/archivist/article/{aid}/correct", data={"date": "2025-10-13"}).status_code in (
        400,
        403,
    )
    token = csrf(archivist, f"/article/{aid}")
    response = archivist.post(
        f"/archivist/article/{aid}/correct", data={"csrf_token": token, "date": "13/10/2025"}
    )
    assert "YYYY-MM-DD" in response.headers["Location"] or "YYYY-MM-DD" in archivist.get(
        response.headers["Location"]
    ).get_data(as_text=True)
    assert archivist.get(f"/api/article/{aid}").get_json()["date"] == "2025-10-12"


def test_one_person_under_one_name_across_the_archive(writable_app, corpus, store):
    for i in range(3):
        add_file(
            corpus,
            store,
            f"prabowo-{i}.txt",
            f'Kunjungan Kerja Presiden ke Daerah {i}\n\n"Kita harus bekerja keras," kata Prabowo Subianto '
            f"di hadapan warga kabupaten nomor {i} yang hadir di alun-alun pada acara peresmian itu.",
        )
    add_file(
        corpus,
        store,
        "prabowo-singkat.txt",
        "Presiden Resmikan Bendungan Baru\n\nBendungan itu diresmikan oleh Presiden Prabowo di hadapan warga "
        "desa yang hadir pada peresmian bendungan di kabupaten itu, Senin (20/10/2025).",
    )
    client = writable_app.test_client()
    people = dict(map(tuple, client.get("/api/search?q=").get_json()["facets"]["person"]))
    assert people.get("Prabowo Subianto") == 4 and "Prabowo" not in people
    assert client.get("/api/search?person=Prabowo").get_json()["total"] == 4
