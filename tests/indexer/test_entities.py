"""People, bodies and places named in a text, normalised."""

from indexer.entities import find_entities


def entities(body: str, title: str = "Judul"):
    return find_entities(title, body)


def test_people_introduced_by_their_office():
    found = entities(
        "Gubernur Jawa Timur Khofifah Indar Parawansa hadir. Pj Bupati Lumajang Indah Wahyuni "
        "dan Menteri Keuangan Purbaya Yudhi Sadewa ikut. Kata Khofifah, semua siap."
    )
    assert found.people == ["Khofifah Indar Parawansa", "Indah Wahyuni", "Purbaya Yudhi Sadewa"]


def test_bodies_are_spelled_out_with_their_region():
    found = entities("Pemkab Lamsel bekerja sama dengan BPSDM Jatim dan Kemenko Polhukam. Setiap OPD ikut.")
    assert "Pemerintah Kabupaten Lampung Selatan" in found.organisations
    assert "Badan Pengembangan Sumber Daya Manusia Jawa Timur" in found.organisations
    assert "Kementerian Koordinator Bidang Politik, Hukum, dan Keamanan" in found.organisations
    assert "Organisasi Perangkat Daerah" in found.organisations


def test_places_keep_city_and_regency_apart_and_add_the_province():
    found = entities("Pemkot Malang dan Pemkab Malang berbagi data. Warga Jember juga datang.")
    assert {"Kota Malang", "Kabupaten Malang", "Kabupaten Jember", "Jawa Timur"} <= set(
        found.regencies + found.provinces
    )


def test_common_words_are_not_places():
    assert entities("Batu itu jatuh. Kota tua itu sepi.").regencies == []


def test_an_office_holder_does_not_run_into_the_body_name():
    found = entities("Kepala Kanwil Kementerian HAM Jabar Hasbullah menjelaskan aturan baru.")
    assert found.people == ["Hasbullah"]
    assert all("Hasbullah" not in org for org in found.organisations)
