"""Bahasa Indonesia by default, English on request (?lang=en, remembered in a cookie).

Two languages and a few dozen strings: a dictionary is clearer here than gettext catalogues that
need a compile step. Dates are formatted by Babel's CLDR data ("Sabtu, 10 April 2021").
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date
from flask import Flask, g, request

LANGUAGES = ("id", "en")
DEFAULT = "id"

STRINGS: dict[str, dict[str, str]] = {
    "search": {"id": "Cari", "en": "Search"},
    "search_label": {"id": "Cari di arsip berita", "en": "Search the news archive"},
    "search_placeholder": {
        "id": "mis. pelayanan publik Jatim 2021",
        "en": "e.g. pelayanan publik Jatim 2021",
    },
    "results": {"id": "{n} artikel", "en": "{n} articles"},
    "results_stories": {"id": "{stories} berita ({n} artikel)", "en": "{stories} stories ({n} articles)"},
    "missing": {"id": "Tidak memuat", "en": "Missing"},
    "missing_outlet": {"id": "tanpa media", "en": "no outlet"},
    "estimated": {"id": "perkiraan", "en": "estimated"},
    "estimated_hint": {
        "id": "Berkas tidak menyebutkannya; disimpulkan dari isi artikel",
        "en": "The file does not state it; inferred from the article's text",
    },
    "corrected": {"id": "dikoreksi", "en": "corrected"},
    "corrected_by": {"id": "dikoreksi oleh {by}, {at}", "en": "corrected by {by}, {at}"},
    "accessed": {"id": "Diakses", "en": "Accessed"},
    "retrieved": {"id": "Diakses", "en": "Retrieved"},
    "cite_indonesian": {"id": "Gaya Indonesia", "en": "Indonesian style"},
    "cite_apa": {"id": "Gaya APA", "en": "APA style"},
    "copy": {"id": "Salin", "en": "Copy"},
    "copied": {"id": "Tersalin", "en": "Copied"},
    "correct_article": {"id": "Koreksi data artikel", "en": "Correct this article's data"},
    "save_corrections": {"id": "Simpan koreksi", "en": "Save corrections"},
    "correction_hint": {
        "id": "Berkas asli tidak diubah. Kosongkan isian untuk kembali ke hasil pembacaan otomatis.",
        "en": "The original file is not changed. Empty a field to go back to what was read automatically.",
    },
    "time": {"id": "Jam", "en": "Time"},
    "title": {"id": "Judul", "en": "Title"},
    "work_through": {"id": "Perlu dilengkapi", "en": "To be completed"},
    "missing_dates": {"id": "Artikel tanpa tanggal", "en": "Articles without a date"},
    "missing_outlets": {"id": "Artikel tanpa media", "en": "Articles without an outlet"},
    "missing_year": {"id": "tanpa tanggal", "en": "no date"},
    "hit_versions": {"id": "{n} versi lain", "en": "{n} other versions"},
    "versions_hint": {
        "id": "Berita yang sama dari pengambilan lain atau media lain",
        "en": "The same story, scraped again or carried by another outlet",
    },
    "took": {"id": "dalam {ms} md", "en": "in {ms} ms"},
    "no_results": {"id": "Tidak ada artikel yang cocok.", "en": "No articles match."},
    "relaxed": {
        "id": "Ditampilkan juga artikel yang tidak memuat semua kata; kata yang tidak ada disebutkan.",
        "en": "Articles without every word are listed too; the words they lack are named.",
    },
    "did_you_mean": {"id": "Maksud Anda", "en": "Did you mean"},
    "sort": {"id": "Urutkan", "en": "Sort"},
    "sort_relevance": {"id": "Relevansi", "en": "Relevance"},
    "sort_newest": {"id": "Terbaru", "en": "Newest"},
    "sort_oldest": {"id": "Terlama", "en": "Oldest"},
    "facet_outlet": {"id": "Media", "en": "Outlet"},
    "facet_year": {"id": "Tahun", "en": "Year"},
    "facet_month": {"id": "Bulan", "en": "Month"},
    "facet_province": {"id": "Provinsi", "en": "Province"},
    "facet_place": {"id": "Kabupaten/Kota", "en": "Regency/City"},
    "facet_person": {"id": "Tokoh", "en": "Person"},
    "facet_organisation": {"id": "Organisasi", "en": "Organisation"},
    "more": {"id": "lainnya", "en": "more"},
    "filter_values": {"id": "Saring nilai", "en": "Filter values"},
    "active_filters": {"id": "Filter aktif", "en": "Active filters"},
    "remove_filter": {"id": "Hapus filter", "en": "Remove filter"},
    "clear_all": {"id": "Hapus semua", "en": "Clear all"},
    "date_range": {"id": "Rentang tanggal", "en": "Date range"},
    "date_from": {"id": "Dari", "en": "From"},
    "date_to": {"id": "Sampai", "en": "To"},
    "apply": {"id": "Terapkan", "en": "Apply"},
    "timeline": {"id": "Sebaran per bulan", "en": "Matches per month"},
    "timeline_years": {"id": "Sebaran per tahun", "en": "Matches per year"},
    "previous": {"id": "Sebelumnya", "en": "Previous"},
    "next": {"id": "Berikutnya", "en": "Next"},
    "page_of": {"id": "Halaman {page} dari {pages}", "en": "Page {page} of {pages}"},
    "export": {"id": "Ekspor", "en": "Export"},
    "overview": {"id": "Ikhtisar arsip", "en": "Archive overview"},
    "archive_total": {"id": "{n} artikel di arsip", "en": "{n} articles in the archive"},
    "newest_additions": {"id": "Baru ditambahkan", "en": "Newest additions"},
    "details": {"id": "Rincian", "en": "Details"},
    "index_unreadable": {
        "id": "Indeks arsip tidak dapat dibaca (berkasnya rusak). Berkas asli di korpus aman: jalankan "
        "`arsip index` untuk membangun indeks kembali darinya.",
        "en": "The archive's index cannot be read (its files are damaged). The original files in the "
        "corpus are safe: run `arsip index` to build the index again from them.",
    },
    "no_index": {
        "id": "Arsip belum diindeks. Jalankan `arsip index` terlebih dahulu.",
        "en": "The archive has not been indexed yet. Run `arsip index` first.",
    },
    "date": {"id": "Tanggal", "en": "Date"},
    "outlet": {"id": "Media", "en": "Outlet"},
    "place": {"id": "Tempat", "en": "Place"},
    "byline": {"id": "Penulis", "en": "Byline"},
    "people": {"id": "Tokoh", "en": "People"},
    "organisations": {"id": "Organisasi", "en": "Organisations"},
    "places": {"id": "Wilayah", "en": "Places"},
    "download_original": {"id": "Unduh berkas asli", "en": "Download the original file"},
    "cite": {"id": "Kutipan", "en": "Citation"},
    "related": {"id": "Artikel terkait", "en": "Related articles"},
    "back_to_results": {"id": "Kembali ke hasil pencarian", "en": "Back to results"},
    "search_results": {"id": "Hasil pencarian", "en": "Search results"},
    "previous_result": {"id": "Hasil sebelumnya", "en": "Previous result"},
    "next_result": {"id": "Hasil berikutnya", "en": "Next result"},
    "not_found": {"id": "Halaman tidak ditemukan.", "en": "Page not found."},
    "error": {"id": "Terjadi kesalahan.", "en": "Something went wrong."},
    "unknown_date": {"id": "tanggal tidak diketahui", "en": "date unknown"},
    "language": {"id": "Bahasa", "en": "Language"},
    "captions": {"id": "Keterangan foto", "en": "Photo captions"},
    "source_file": {"id": "Berkas sumber", "en": "Source file"},
    "archivist": {"id": "Arsiparis", "en": "Archivist"},
    "archivist_login": {"id": "Masuk arsiparis", "en": "Archivist log in"},
    "username": {"id": "Nama pengguna", "en": "User name"},
    "password": {"id": "Kata sandi", "en": "Password"},
    "log_in": {"id": "Masuk", "en": "Log in"},
    "log_out": {"id": "Keluar", "en": "Log out"},
    "login_failed": {"id": "Nama atau kata sandi salah.", "en": "Wrong name or password."},
    "upload": {"id": "Unggah", "en": "Upload"},
    "upload_files": {
        "id": "Berkas artikel (.txt, .html, .htm, atau .zip berisi berkas-berkas itu)",
        "en": "Article files (.txt, .html, .htm, or a .zip of them)",
    },
    "upload_results": {"id": "Hasil unggahan", "en": "Upload results"},
    "no_files": {"id": "Pilih minimal satu berkas.", "en": "Choose at least one file."},
    "file": {"id": "Berkas", "en": "File"},
    "outcome": {"id": "Hasil", "en": "Outcome"},
    "outcome_added": {"id": "ditambahkan", "en": "added"},
    "outcome_version": {"id": "ditambahkan sebagai versi lain dari", "en": "added as another version of"},
    "outcome_duplicate": {"id": "duplikat dari", "en": "duplicate of"},
    "outcome_failed": {"id": "gagal", "en": "failed"},
    "outcome_pending": {
        "id": "tersimpan di korpus; masih diindeks, segera dapat dicari",
        "en": "stored in the corpus; still being indexed, searchable shortly",
    },
    "open": {"id": "buka", "en": "open"},
    "admin": {"id": "Administrasi", "en": "Administration"},
    "articles": {"id": "Artikel", "en": "Articles"},
    "last_sync": {"id": "Sinkronisasi terakhir", "en": "Last sync"},
    "index_size": {"id": "Ukuran indeks", "en": "Index size"},
    "schema_version": {"id": "Versi skema", "en": "Schema version"},
    "needs_rebuild": {"id": "perlu dibangun ulang", "en": "needs a rebuild"},
    "indexer": {"id": "Pengindeks", "en": "Indexer"},
    "busy": {"id": "sedang bekerja", "en": "working"},
    "idle": {"id": "siaga", "en": "idle"},
    "rebuild_index": {"id": "Bangun ulang indeks", "en": "Rebuild the index"},
    "failed_files": {"id": "Berkas gagal dibaca", "en": "Files that could not be read"},
    "retry_failed": {"id": "Coba lagi", "en": "Retry"},
    "waiting_files": {
        "id": "Berkas di korpus yang belum terindeks",
        "en": "Files in the corpus not indexed yet",
    },
    "index_now": {"id": "Indeks sekarang", "en": "Index now"},
    "reason": {"id": "Alasan", "en": "Reason"},
    "duplicate_files": {"id": "Duplikat (tidak diindeks dua kali)", "en": "Duplicates (not indexed twice)"},
    "versions": {"id": "Versi lain dari berita ini", "en": "Other versions of this story"},
    "delete_article": {"id": "Pindahkan ke tempat sampah", "en": "Move to trash"},
    "replace_article": {"id": "Ganti berkas", "en": "Replace the file"},
}


def t(key: str, **values) -> str:
    entry = STRINGS.get(key)
    if entry is None:
        return key
    text = entry.get(current_language()) or entry[DEFAULT]
    return text.format(**values) if values else text


def current_language() -> str:
    return getattr(g, "lang", DEFAULT)


def format_day(value: str | dt.date | None, precision: str | None = "day", with_weekday: bool = True) -> str:
    """Sabtu, 10 April 2021 (id) / Saturday, 10 April 2021 (en); month or year precision as such."""
    if not value:
        return t("unknown_date")
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    locale = current_language()
    if precision == "year":
        return str(day.year)
    if precision == "month":
        return format_date(day, "MMMM y", locale=locale)
    return format_date(day, "EEEE, d MMMM y" if with_weekday else "d MMMM y", locale=locale)


def format_month(value: str) -> str:
    year, month = value.split("-")
    return format_date(dt.date(int(year), int(month), 1), "MMM y", locale=current_language())


def format_number(n: int) -> str:
    return f"{n:,}".replace(",", "." if current_language() == "id" else ",")


def lang_url(code: str) -> str:
    """This page in another language, with the search state kept."""
    from urllib.parse import urlencode

    items = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"] + [("lang", code)]
    return f"{request.path}?{urlencode(items)}"


def init_app(app: Flask) -> None:
    @app.before_request
    def choose_language():
        asked = request.args.get("lang")
        g.lang = asked if asked in LANGUAGES else request.cookies.get("lang", DEFAULT)
        if g.lang not in LANGUAGES:
            g.lang = DEFAULT
        g.set_lang_cookie = asked in LANGUAGES

    @app.after_request
    def remember_language(response):
        if getattr(g, "set_lang_cookie", False):
            response.set_cookie("lang", g.lang, max_age=365 * 86400, samesite="Lax")
        return response

    app.jinja_env.globals.update(t=t, current_language=current_language, lang_url=lang_url)
    app.jinja_env.filters.update(day=format_day, month_name=format_month, number=format_number)
