"""The pages and the JSON API through Flask's test client, as a reporter would use them."""

import re

import jsonschema_rs
import pytest


def test_home_shows_the_archive_overview(client):
    page = client.get("/").get_data(as_text=True)
    assert "Ikhtisar arsip" in page and "5 artikel di arsip" in page
    assert "Baru ditambahkan" in page


def test_search_page_lists_hits_with_facets(client):
    page = client.get("/search?q=Khofifah").get_data(as_text=True)
    assert "Gubernur <mark>Khofifah</mark> Ingin ASN Jatim" in page
    assert "<mark>Khofifah</mark>" in page
    assert "Sabtu, 10 April 2021" in page  # Indonesian date format
    assert 'data-facet="outlet"' in page and "Bhirawa" in page


def test_clicking_a_facet_narrows_and_shows_a_removable_chip(client):
    page = client.get("/search").get_data(as_text=True)
    link = re.search(r'href="(\?[^"]*outlet=Bhirawa[^"]*)"', page).group(1).replace("&amp;", "&")
    narrowed = client.get("/search" + link).get_data(as_text=True)
    assert "2 artikel" in narrowed
    assert 'class="chip"' in narrowed and "Media: Bhirawa" in narrowed


def test_english_switch_is_remembered(client):
    page = client.get("/search?q=MPP&lang=en").get_data(as_text=True)
    assert "2 articles" in page and 'lang="en"' in page
    again = client.get("/search?q=MPP").get_data(as_text=True)
    assert "2 articles" in again


def test_article_page_shows_clean_body_metadata_and_citation(client, service):
    hit = service.search(
        __import__("archive.results", fromlist=["SearchRequest"]).SearchRequest(query="Kalianda")
    ).hits[0]
    page = client.get(f"/article/{hit.id}?q=MPP").get_data(as_text=True)
    assert "Pemkab Lamsel Buka Mal Pelayanan Publik di Kalianda" in page
    assert "Radar Lamsel" in page and "Rabu, 25 September 2024" in page
    assert "<mark>MPP</mark>" in page
    assert "Leave a Comment" not in page and "Baca juga" not in page
    assert "Radar Lamsel, 25 September 2024, “Pemkab Lamsel Buka Mal Pelayanan Publik di Kalianda”" in page
    original = client.get(f"/article/{hit.id}/original")
    assert original.status_code == 200 and original.headers["Content-Disposition"].startswith("attachment")
    original.close()


def test_scraped_html_is_never_rendered_as_html(client, service):
    from archive.results import SearchRequest

    hit = service.search(SearchRequest(query="Lumajang")).hits[0]
    page = client.get(f"/article/{hit.id}").get_data(as_text=True)
    assert "<strong>" not in page and "<script>var _ads" not in page


@pytest.mark.parametrize("url", ["/article/does-not-exist", "/article/../../etc/passwd", "/nope"])
def test_unknown_pages_are_404(client, url):
    assert client.get(url).status_code == 404


def test_api_search_matches_the_cli_contract(client):
    data = client.get("/api/search?q=MPP").get_json()
    assert data["total"] == 2
    hit = data["hits"][0]
    assert set(hit) >= {"id", "path", "title", "date", "outlet", "place", "score", "snippet"}
    assert set(data["facets"]) >= {"outlet", "year", "place", "person", "organisation"}
    assert all(isinstance(pair, list) and len(pair) == 2 for pair in data["facets"]["outlet"])


def test_api_article_and_errors_are_json(client):
    first = client.get("/api/search?q=Khofifah").get_json()["hits"][0]
    article = client.get(f"/api/article/{first['id']}").get_json()
    assert article["title"] == first["title"] and "Khofifah Indar Parawansa" in article["people"]
    missing = client.get("/api/article/none")
    assert missing.status_code == 404 and "error" in missing.get_json()
    bad = client.get("/api/search?from=kemarin")
    assert bad.status_code == 400 and "from" in bad.get_json()["error"]


@pytest.mark.parametrize(
    "qs",
    [
        "page=0",
        "page=-1",
        "page=abc",
        "sort=sideways",
        "outlet=Tidak+Ada",
        "q=%22",
        "q=(",
        "q=title%3A",
        "q=*",
        "size=100000",
        "from=2024-13-45",
    ],
)
def test_odd_query_strings_never_500(client, qs):
    response = client.get(f"/search?{qs}")
    assert response.status_code in (200, 400)


def test_export_csv_and_json(client):
    csv = client.get("/api/export.csv?q=MPP")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    lines = csv.get_data(as_text=True).lstrip("\ufeff").strip().splitlines()
    assert lines[0].startswith("id,title,date") and len(lines) == 3
    data = client.get("/api/export.json?outlet=Bhirawa").get_json()
    assert data["total"] == 2


def test_previous_and_next_result_from_a_search(client):
    import re as regex

    page = client.get("/search?q=publik&sort=newest&size=2").get_data(as_text=True)
    links = regex.findall(r'<h3><a href="([^"]+)"', page)
    second = client.get(links[1].replace("&amp;", "&")).get_data(as_text=True)
    assert 'rel="prev"' in second and 'rel="next"' in second  # the next one is on page 2
    follow = regex.search(r'rel="next" href="([^"]+)"', second).group(1).replace("&amp;", "&")
    third = client.get(follow).get_data(as_text=True)
    assert "Kembali ke hasil pencarian" in third and 'rel="prev"' in third


def test_openapi_describes_the_api(client):
    spec = client.get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert {"/api/search", "/api/article/{id}", "/api/export.{format}"} <= set(spec["paths"])
    names = {p["name"] for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert {"q", "outlet", "year", "place", "person", "organisation", "from", "to", "sort", "page"} <= names


@pytest.mark.parametrize("query", ["Khofifah", "", "outlet:Bhirawa"])
def test_api_answers_match_the_published_schema(client, query):
    """Every timeline unit (a one-day result is counted in days, years of coverage in months) and
    every provenance the API can answer with is one its spec allows: clients generate code from it."""
    spec = client.get("/api/openapi.json").get_json()
    schema = {"$ref": "#/components/schemas/SearchResult", "components": spec["components"]}
    answer = client.get("/api/search", query_string={"q": query}).get_json()
    assert answer["timeline"], answer
    jsonschema_rs.validate(schema, answer)
