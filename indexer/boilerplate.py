"""Which lines of a scraped page are not the article: ads, share widgets, related links, copyright.

Rules describe the forms of Indonesian news sites in general (detik, Kompas, Tribun, regional
papers, WordPress government sites), not individual files.
"""

from __future__ import annotations

import re

# Whole lines that are never article text.
_NOISE = [
    r"tutup iklan( x)?",
    r"advertisement",
    r"iklan",
    r"scroll to continue( with content)?",
    r"lanjut(kan)? (membaca|baca)( artikel)?",
    r"loading\.*",
    r"memuat\.*",
    r"a a a",
    r"leave a (comment|reply).*",
    r"tinggalkan (komentar|balasan).*",
    r"you may also like.*",
    r"anda mungkin (juga )?suka.*",
    r"(related|recommended) (posts?|articles?|news).*",
    r"(berita|artikel) (terkait|lainnya|pilihan|populer|terpopuler|rekomendasi).*",
    r"(terpopuler|populer|rekomendasi|pilihan editor|editor's pick|trending)",
    r"all rights reserved\.?",
    r"(copyright|hak cipta)\b.*",
    r"©.*",
    r"sumber\s*:?",
    r"(share|bagikan|bagikan artikel|sebarkan)( (ini|artikel|berita))?\s*:?",
    r"((facebook|twitter|x|whatsapp|telegram|linkedin|line|email|e-mail|pinterest|copy link|"
    r"salin tautan|print|cetak)[\s|·,]*){1,8}",
    r"(ikuti|follow) (kami|us|berita|channel|saluran|akun).*",
    r"(dapatkan|simak) (update|berita|informasi)( terbaru| terkini| pilihan).*",
    r"(gabung|bergabung|join)( di| ke| dengan)? (grup|kanal|saluran|channel|komunitas).*",
    r"(download|unduh) (aplikasi|app).*",
    r"klik (di )?(sini|link).*",
    r"(tags?|topik|kata kunci|label|kategori|categories|filed under)\s*:.*",
    r"(posted in|diposting di|dipublikasikan di)\b.*",
    r"(previous|next) (post|article)\b.*",
    r"(postingan|artikel|berita) (sebelumnya|selanjutnya|berikutnya)\b.*",
    r"halaman (selanjutnya|berikutnya|sebelumnya)\b.*",
    r"(next|prev|previous|selanjutnya|sebelumnya)\s*[»›>]*",
    r"\d+\s*/\s*\d+",
    r"(\d+\s+)?(komentar|comments?)",
    r"(lihat|tampilkan) (semua )?komentar.*",
    r"(dilarang|tidak boleh) (mengambil|menyalin|mengutip).*",
    r"redaksi\s*:.*",
    r"redaksi berhak\b.*",
    r"(informasi )?pemasangan iklan.*",
    r"hubungi\s*:.*",
    r"(mustread|must read|close|tutup|more|selengkapnya|x)",
    r"-+",
    r"(komentar|tulis komentar|kirim komentar)\b.*",
    r"(baca|lihat|simak|tonton|saksikan) (juga|pula|selengkapnya|berita|video|artikel)\b.*",
    r"(baca|lihat) ?:.*",
    r"(simak|tonton|saksikan) video\b.*",
    r"(video|foto|infografis) (pilihan|terkait|terkini)\b.*",
    r"(home|beranda)( [»›>/|] .*)?",
    r"(redaksi|pedoman media siber|tentang kami|kontak|disclaimer|kebijakan privasi|info iklan)"
    r"([\s|·]+(redaksi|pedoman media siber|tentang kami|kontak|disclaimer|kebijakan privasi|"
    r"info iklan|karir|indeks))*",
]
NOISE_RE = re.compile(r"^\W{0,3}(?:" + "|".join(_NOISE) + r")\W{0,3}$", re.IGNORECASE)

# Lead-ins that mark the rest of a line as a link to another article.
_INLINE_LINK_RE = re.compile(r"\s*\b(?:baca juga|baca pula|lihat juga|simak juga)\s*:.*$", re.IGNORECASE)

# Photo captions: credited pictures ("Foto: ...", "(Foto: detikcom)", "Ilustrasi. (dok. X)").
CAPTION_RE = re.compile(
    r"^\W{0,2}(?:foto|photo|gambar|caption|keterangan foto|sumber foto|tangkapan layar|"
    r"screenshot)\s*:"
    r"|^\W{0,2}(?:ilustrasi|foto)\s*(?:[.(:]|$)"
    r"|^\W{0,2}dok\.\s"
    r"|^\W{0,2}(?:foto\w*\s+)?(?:fotografer|pewarta foto|kredit foto)\s*:"
    r"|\((?:foto|dok\.?|dokumentasi|ist|istimewa)\b[^)]*\)\.?$",
    re.IGNORECASE,
)

# "Berita", "News", "Nasional": one-word section labels above the headline.
SECTION_LABEL_RE = re.compile(
    r"^(berita|news|nasional|daerah|regional|ekonomi|bisnis|finance|politik|hukum|internasional|"
    r"olahraga|sport|opini|kolom|metro|megapolitan|pemerintahan|headline|utama|terkini)$",
    re.IGNORECASE,
)


def is_noise(line: str) -> bool:
    """True for a whole line of site furniture (ads, share buttons, related links, copyright)."""
    stripped = line.strip()
    return bool(stripped) and bool(NOISE_RE.match(stripped))


def is_caption(line: str) -> bool:
    stripped = line.strip()
    return len(stripped) < 400 and bool(CAPTION_RE.search(stripped))


def strip_inline_links(line: str) -> str:
    """'... kata dia. Baca juga: Judul lain' -> '... kata dia.' (flattened scrapes do this)."""
    return _INLINE_LINK_RE.sub("", line).rstrip()
