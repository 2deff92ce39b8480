"""Daily use in a real browser: keyboard, paging, the timeline, a phone, empty results, the
advanced-search form, and every word of the pages in Indonesian (issue 14)."""

import re

import pytest

from tests.e2e.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_the_skip_link_leads_to_the_results_and_slash_to_the_search_box(server, page):
    page.goto(server + "/search?q=pelayanan+publik")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Langsung ke hasil"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    first = page.locator(".hit h3 a").first
    assert page.evaluate("document.activeElement.href") == first.evaluate("a => a.href")
    page.locator("body").click(position={"x": 5, "y": 300})
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "q"


def test_results_come_before_the_facets_in_the_tab_order(server, page):
    page.goto(server + "/search?q=pelayanan+publik")
    first = page.locator(".hit h3 a").first.evaluate("a => a.href")
    presses = 0
    while page.evaluate("document.activeElement.href") != first and presses < 30:
        page.keyboard.press("Tab")
        presses += 1
    assert presses <= 8, presses  # header: skip link, home, box, button, advanced, ID, EN


def test_numbered_pages_a_page_size_choice_and_the_last_page_offered(server, page):
    page.goto(server + "/search?q=pelayanan+publik&size=2")
    pagination = page.get_by_role("navigation", name="Halaman hasil")
    assert pagination.get_by_role("link", name="Halaman 3").count() == 1
    pagination.get_by_role("link", name="Halaman 2").click()
    assert page.locator(".pagination [aria-current=page]").inner_text() == "2"
    assert page.locator(".hits").get_attribute("start") == "3"
    page.get_by_role("navigation", name="Per halaman").get_by_role("link", name="10", exact=True).click()
    assert page.locator(".hit").count() == 5
    page.goto(server + "/search?q=pelayanan+publik&size=2&page=9")
    text = page.locator(".results").inner_text()
    assert "Halaman 9 tidak ada" in text and "Tidak ada artikel yang cocok" not in text
    page.get_by_role("link", name="Ke halaman terakhir (3)").click()
    assert page.locator(".hit").count() == 1


def test_the_timeline_adapts_its_bars_and_labels_its_axes(decade_server, page):
    page.goto(decade_server + "/search?q=pelayanan+publik")
    timeline = page.locator(".timeline")
    assert timeline.get_attribute("data-unit") == "month"
    assert page.locator(".timeline rect").count() == 120  # 2015-2024, a bar (or a flat mark) a month
    ticks = page.locator(".x-axis span").all_inner_texts()
    assert ticks[0] == "Jan 2015" and ticks[-1] == "Des 2024"  # Indonesian month names
    assert page.locator(".y-axis span").first.inner_text() == "2"
    assert "Jumlah" in page.locator(".timeline table").inner_text()  # the counts, for screen readers
    screenshot(page, "timeline-ten-years")
    page.goto(decade_server + "/search?q=pelayanan+publik&month=2021-04")
    assert timeline.get_attribute("data-unit") == "day"
    assert page.locator(".timeline rect").count() == 30
    assert page.locator(".timeline a rect title").text_content() == "10 Apr 2021: 2"
    screenshot(page, "timeline-one-month")
    page.locator(".timeline a").first.click()
    assert "Dari: 2021-04-10" in page.locator(".chips").inner_text()


def test_on_a_phone_a_button_opens_the_facets(server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(server + "/search?q=pelayanan+publik")
        outlet = page.locator('[data-facet="outlet"] a').first
        assert not outlet.is_visible()
        screenshot(page, "search-page-phone")
        page.get_by_role("button", name="Saring").click()
        assert outlet.is_visible() and outlet.bounding_box()["y"] < 844
        page.get_by_role("button", name="Tutup saringan").click()
        assert not outlet.is_visible()
        page.get_by_role("button", name="Saring").click()
        outlet.click()
        assert page.locator(".chips .chip:not(.clear)").count() == 1
    finally:
        context.close()


def test_home_counts_once_and_marks_the_order_it_uses(server, page):
    page.goto(server + "/")
    text = page.locator(".results").inner_text()
    assert text.count("5 artikel di arsip") == 1 and "5 artikel\n" not in text
    sort = page.get_by_role("navigation", name="Urutkan")
    assert sort.locator("[aria-current]").inner_text() == "Terbaru"
    assert sort.get_by_role("link", name="Relevansi").count() == 0


def test_an_empty_result_offers_ways_out_and_no_sort_or_export(server, page):
    page.goto(server + "/search?q=zyxwvu+qqqq+kkkwww&outlet=Bhirawa")
    results = page.locator(".results")
    assert "Tidak ada artikel yang cocok" in results.inner_text()
    assert results.get_by_role("link", name="CSV").count() == 0
    assert page.get_by_role("navigation", name="Urutkan").count() == 0
    tips = page.locator(".tips")
    assert "Periksa ejaan" in tips.inner_text()
    fewer = tips.get_by_role("link", name="zyxwvu qqqq").get_attribute("href")
    assert "q=zyxwvu+qqqq" in fewer and "outlet=Bhirawa" in fewer  # fewer words, the filter kept
    tips.get_by_role("link", name="hapus semua saringan").click()
    assert "outlet" not in page.url and "zyxwvu" in page.url
    page.locator(".tips").get_by_role("link", name="Telusuri seluruh arsip").click()
    assert page.locator(".hit").count() == 5


def test_pages_speak_indonesian_even_when_something_is_wrong(server, page):
    response = page.goto(server + "/search?q=x&from=kemarin")
    assert response.status == 400
    text = page.locator("main").inner_text()
    assert "harus berupa tanggal" in text and "must be" not in text
    page.goto(server + "/search?q=pelayanan&size=2")
    assert page.get_by_role("complementary", name="Saringan").count() == 1
    assert page.get_by_role("navigation", name="Halaman hasil").count() == 1
    page.goto(server + "/search?q=pelayanan&size=2&lang=en")
    assert page.get_by_role("complementary", name="Filters").count() == 1


def test_the_advanced_form_writes_the_query_syntax(server, page):
    page.goto(server + "/")
    page.get_by_role("link", name="Pencarian lanjut").click()
    page.get_by_label("Frasa persis").fill("mal pelayanan publik")
    page.get_by_label("Tanpa kata-kata ini").fill("Lumajang")
    page.get_by_label("Media").fill("Radar Lamsel")
    screenshot(page, "advanced-search")
    page.get_by_role("button", name="Cari").last.click()
    page.wait_for_url(re.compile(r"/search\?"))
    assert page.locator("#q").input_value() == '"mal pelayanan publik" -Lumajang media:"Radar Lamsel"'
    assert page.locator(".hit h3").all_inner_texts() == [
        "Pemkab Lamsel Buka Mal Pelayanan Publik di Kalianda"
    ]
