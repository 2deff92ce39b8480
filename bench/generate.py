"""A large benchmark corpus made from real article text: `python -m bench.generate DIR --count N`.

Titles and paragraphs come from ../shared/corpus/detik-2025/raw (and the project's samples),
recombined: each generated article takes a headline and 4-12 paragraphs drawn from different real
articles, a date between 2010 and 2025, one of 40 outlets, a dateline place drawn from the
gazetteer, and one of the raw layouts the archive meets (.txt with a date line, .txt with the date
only in the body, .txt with site furniture, .html with OpenGraph, .html with JSON-LD). Seeded: the
same arguments give the same files. Written under DIR in folders of 1,000; never committed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import random
from pathlib import Path

from archive.article import Article
from bench.common import ROOT
from indexer.extract import extract
from indexer.gazetteer import gazetteer

OUTLETS = [
    "detikNews",
    "detikFinance",
    "detikcom",
    "Kompas.com",
    "Tribunnews.com",
    "Liputan6.com",
    "ANTARA",
    "Kontan",
    "Bisnis.com",
    "Republika",
    "Okezone",
    "VIVA",
    "Tempo",
    "CNN Indonesia",
    "CNBC Indonesia",
    "SINDOnews",
    "Suara.com",
    "Jawa Pos",
    "Kumparan",
    "IDN Times",
    "Merdeka.com",
    "JPNN",
    "Beritasatu",
    "Media Indonesia",
    "iNews",
    "Bhirawa",
    "Radar Lamsel",
    "Surya",
    "TIMES Indonesia",
    "Lampung Post",
    "Radar Malang",
    "Radar Jember",
    "Pikiran Rakyat",
    "Tribun Jatim",
    "Tribun Jabar",
    "Banjarmasin Post",
    "Pos Kupang",
    "Fajar",
    "Haluan",
    "Serambi Indonesia",
]
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
LAYOUTS = ["txt-dated", "txt-plain", "txt-seedlike", "html-og", "html-jsonld"]


def source_pool(shared: Path) -> tuple[list[str], list[str]]:
    """Headlines and paragraphs of the real articles (extracted once, cached beside the output)."""
    raw = shared / "detik-2025" / "raw"
    files = sorted(raw.iterdir()) if raw.is_dir() else []
    files += sorted(p for p in (ROOT / "corpus").iterdir() if p.is_file())
    titles, paragraphs = [], []
    for path in files:
        article = extract(path.name, path.read_bytes())
        if isinstance(article, Article):
            titles.append(article.title)
            paragraphs += [p for p in article.paragraphs if len(p.split()) >= 12]
    return titles, paragraphs


def render(
    rng: random.Random, titles: list[str], paragraphs: list[str], places: list[str], i: int
) -> tuple[str, str]:
    """(file suffix, content) of one generated article."""
    title = rng.choice(titles)
    if rng.random() < 0.5:
        title = f"{title} ({rng.choice(places).title()})"
    body = rng.sample(paragraphs, rng.randint(4, 12))
    date = dt.date(2010, 1, 1) + dt.timedelta(days=rng.randrange(16 * 365))
    clock = f"{rng.randrange(6, 23):02d}:{rng.randrange(60):02d}"
    outlet = rng.choice(OUTLETS)
    place = rng.choice(places)
    weekday = DAYS[date.weekday()]
    body[0] = f"{place.upper()} - {body[0]}"
    initials = rng.choice(["red", "ant", "msd"])
    body.append(f"Hal itu disampaikan {weekday} ({date.day}/{date.month}/{date.year}). ({initials})")
    layout = LAYOUTS[i % len(LAYOUTS)]
    long_date = f"{weekday}, {date.day} {MONTHS[date.month - 1]} {date.year} {clock} WIB"
    if layout == "txt-dated":
        return ".txt", "\n".join([title, outlet, long_date, "", *body]) + "\n"
    if layout == "txt-plain":
        return ".txt", "\n\n".join([title, *body]) + "\n"
    if layout == "txt-seedlike":
        return ".txt", "\n".join(
            [
                "Tutup Iklan X",
                "",
                title,
                "",
                long_date,
                "A A A",
                title,
                "",
                *body[:2],
                "ADVERTISEMENT",
                "SCROLL TO CONTINUE WITH CONTENT",
                *body[2:],
                "",
                f"Copyright © {date.year} {outlet}",
                "All Rights Reserved",
            ]
        ) + "\n"
    iso = f"{date.isoformat()}T{clock}:00+07:00"
    paras = "\n".join(f"<p>{html.escape(p)}</p>" for p in body)
    if layout == "html-og":
        head = (
            f'<meta property="og:title" content="{html.escape(title)}">'
            f'<meta property="og:site_name" content="{outlet}">'
            f'<meta property="article:published_time" content="{iso}">'
        )
    else:
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": title,
            "datePublished": iso,
            "publisher": {"@type": "Organization", "name": outlet},
        }
        head = f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'
    page = (
        f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>{html.escape(title)} - {outlet}'
        f'</title>{head}</head><body><header><nav><a href="/">Home</a> <a href="/daerah">Daerah</a></nav>'
        f'</header><div class="ads">ADVERTISEMENT</div><main><h1>{html.escape(title)}</h1>'
        f'<span class="date">{long_date}</span>{paras}</main><aside><h2>Berita Terpopuler</h2><ul>'
        f'<li><a href="/1">{html.escape(rng.choice(titles))}</a></li></ul></aside>'
        f"<footer>Copyright &copy; {date.year} {outlet}</footer></body></html>"
    )
    return ".html", page


def generate(target: Path, count: int, seed: int = 42, shared: Path | None = None, start: int = 0) -> int:
    shared = shared or ROOT.parent / "shared" / "corpus"
    titles, paragraphs = source_pool(shared)
    places = [r.capital for r in gazetteer().regencies]
    written = 0
    for i in range(start, start + count):
        rng = random.Random(f"{seed}-{i}")
        suffix, content = render(rng, titles, paragraphs, places, i)
        folder = target / f"{i // 1000:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"gen-{i:07d}{suffix}").write_text(content, encoding="utf-8")
        written += 1
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("target", type=Path)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--start", type=int, default=0, help="first article number (to extend a corpus)")
    args = parser.parse_args()
    n = generate(args.target, args.count, args.seed, start=args.start)
    print(f"wrote {n} articles under {args.target}")


if __name__ == "__main__":
    main()
