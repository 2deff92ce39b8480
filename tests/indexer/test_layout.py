"""Title, body and furniture of scraped pages."""

from hypothesis import given, settings
from hypothesis import strategies as st

from archive.article import Article, ExtractionFailure
from indexer.extract import extract

BODY = (
    "Pemerintah kabupaten membuka layanan baru bagi warga yang ingin mengurus dokumen kependudukan "
    "tanpa antre panjang di kantor dinas."
)


def test_title_repeated_twice_appears_once():
    text = f"Tutup Iklan X\n\nJudul Yang Diulang\n\nJudul Yang Diulang\nA A A\n{BODY}\n"
    article = extract("a.txt", text.encode())
    assert article.title == "Judul Yang Diulang" and "Judul Yang Diulang" not in article.body


def test_section_label_and_outlet_line_are_not_the_title():
    text = f"Berita\n\nJudul Sesungguhnya\ndetikcom\nSenin, 20 Okt 2025 17:24 WIB\n\n{BODY}"
    article = extract("a.txt", text.encode())
    assert (article.title, article.outlet, article.time) == ("Judul Sesungguhnya", "detikcom", "17:24")


def test_furniture_lines_are_removed_and_inline_links_cut():
    text = (
        f"Judul\n\n{BODY}\nADVERTISEMENT\nSCROLL TO CONTINUE WITH CONTENT\n"
        f"Warga menyambut baik layanan itu. Baca juga: Judul Lain Yang Tidak Terkait\n"
        "Simak Video: Sesuatu\nloading...\nLeave a Comment\nYou may also like\nCopyright © 2025 detikcom\n"
    )
    body = extract("a.txt", text.encode()).body
    for furniture in (
        "ADVERTISEMENT",
        "SCROLL",
        "Baca juga",
        "Simak Video",
        "loading",
        "Leave a",
        "You may",
        "Copyright",
    ):
        assert furniture not in body
    assert "Warga menyambut baik layanan itu." in body


def test_html_page_uses_metadata_and_main_text():
    page = f"""<html><head><title>Judul Halaman - Kabar Desa</title>
    <meta property="og:site_name" content="Kabar Desa">
    <script type="application/ld+json">{{"@type": "NewsArticle", "headline": "Judul Halaman",
     "datePublished": "2023-03-05T08:00:00+08:00"}}</script></head>
    <body><nav>Beranda Politik Ekonomi</nav><article><h1>Judul Halaman</h1>
    <p>{BODY}</p><p>{BODY} Ini paragraf kedua yang sedikit berbeda.</p></article>
    <aside><h3>Berita Terpopuler</h3><ul><li>Judul lain</li></ul></aside>
    <footer>Copyright 2023 Kabar Desa</footer></body></html>"""
    article = extract("a.html", page.encode())
    assert article.title == "Judul Halaman" and article.outlet == "Kabar Desa"
    assert article.date.isoformat() == "2023-03-05" and article.timezone == "WITA"
    assert "Berita Terpopuler" not in article.body and "Beranda" not in article.body


def test_crawler_markdown_is_read():
    text = (
        "# Judul Markdown\n\n| Field | Value |\n|---|---|\n| title | Judul Markdown |\n"
        "| author | Redaksi |\n\n"
        f"**JAKARTA, KOMPAS.com** -- {BODY}\n\n![foto](http://x/y.jpg)\n\n- [Berita lain](http://x/z)\n"
    )
    article = extract("a.txt", text.encode())
    assert article.title == "Judul Markdown" and article.outlet == "Kompas.com"
    assert article.dateline == "JAKARTA" and "foto" not in article.body and "**" not in article.body


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=3000))
def test_extraction_never_raises_on_any_bytes(data):
    for name in ("x.txt", "x.html"):
        result = extract(name, data)
        assert isinstance(result, (Article, ExtractionFailure))
        if isinstance(result, ExtractionFailure):
            assert result.reason


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=2000))
def test_extraction_never_raises_on_any_text(text):
    assert isinstance(extract("x.txt", text.encode("utf-8")), (Article, ExtractionFailure))


def test_a_page_reads_the_same_whatever_was_extracted_before_it():
    """Two real detik pages end with the same investment disclaimer; reading them one after the
    other must not make the third reading of the first lose it (extraction is per file, not per
    process history: a rebuild or a worker that read other pages first gives the same article)."""
    from tests.articles import shared_corpus

    raw = shared_corpus("detik-2025")
    pages = [raw / "dtk25-0162.html", raw / "dtk25-0175.html"]
    first = [extract(p.name, p.read_bytes()) for p in pages]
    assert all("Selamat berinvestasi secara bijak" in a.body for a in first)
    for _ in range(2):
        again = [extract(p.name, p.read_bytes()) for p in pages]
        assert [(a.body, a.text_hash) for a in again] == [(a.body, a.text_hash) for a in first]
