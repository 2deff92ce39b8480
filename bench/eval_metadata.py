"""Outlets and dates on files nobody tuned the extractor for.

Two measurements, each split into a tuning half and a locked half by a hash of the file name (the
same rule as the query sets): rules may be adjusted while looking at tuning-half misses only.

- multi-outlet (4,436 files from a dozen outlets): the extracted outlet against the record's
  `source` (as the dataset names it), per outlet; the extracted date against the record's `date`
  and the date in the article's URL. "found" is the share with a value, "right" the share of
  those found that are right, "inferred" the share found that the file does not state; a date's
  rightness is given apart for stated dates (cited as fact) and inferred ones (shown as
  "perkiraan", often the event's day before publication).
- HTML pages with their metadata removed: detik-2025's saved pages and multi-outlet's full pages
  with every <meta>, JSON-LD, canonical link and <time datetime> stripped, so that the outlet is
  named only by the <title> suffix, the site header, the copyright line or the dateline.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

from archive.article import ExtractionFailure
from bench.common import table
from bench.eval_retrieval import half_of
from indexer.dates import date_line, iso_date
from indexer.extract import extract
from indexer.outlets import registry

# The dataset's source names that stand for two outlets at once.
EITHER = {"ANTARA or Republika (RSS)": ("ANTARA", "Republika")}


def same_outlet(extracted: str | None, truth: str) -> bool:
    """Right when the extracted outlet is the stated one, or a sub-brand of it (detikNews for
    "Detik.com"); "ANTARA (antaranews.com)" names one outlet twice, "ANTARA or Republika" two."""
    if not extracted:
        return False
    found = registry().find(extracted)
    names = {extracted} | ({found.name, found.network} if found else set())
    return any(_canonical(name) in names for name in _truth_names(truth))


def _truth_names(truth: str) -> tuple[str, ...]:
    if truth in EITHER:
        return EITHER[truth]
    match = re.match(r"^([^(]+)\(([^)]+)\)$", truth)
    return (match[1].strip(), match[2].strip()) if match else (truth,)


def _canonical(name: str) -> str:
    found = registry().find(name)
    return found.name if found else name


def record_date(value: str) -> str | None:
    value = (value or "").replace("+", " ").strip()
    if not value:
        return None
    found = iso_date(value) or date_line(value.split("/")[0].strip() if "/" in value else value)
    return found.date.isoformat() if found and found.date else None


def evaluate_multi_outlet(root: Path) -> dict:
    rows: dict[str, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    misses: dict[str, list[str]] = defaultdict(list)
    for line in (root / "articles.jsonl").read_text("utf-8").splitlines():
        record = json.loads(line)
        path = root / record["raw_file"]
        article = extract(path.name, path.read_bytes())
        half = half_of(record["id"])
        source = record["source"]
        for bucket in (source, "all"):
            counts = rows[half][bucket]
            counts["files"] += 1
            if isinstance(article, ExtractionFailure):
                continue
            if article.outlet:
                counts["outlet_found"] += 1
                counts["outlet_right"] += same_outlet(article.outlet, source)
                counts["outlet_inferred"] += article.outlet_source == "inferred"
            truth_dates = set()
            if record.get("date_kind") is None:  # Kompas 2025's record date is the crawl day
                truth_dates.add(record_date(record.get("date", "")))
            truth_dates.add(record.get("date_in_url") or None)
            truth_dates.discard(None)
            if article.date:
                counts["date_found"] += 1
                counts["date_inferred"] += article.date_source == "inferred"
                if truth_dates:  # stated and inferred dates apart: only a stated one is cited as fact
                    kind = "inferred" if article.date_source == "inferred" else "stated"
                    counts[f"date_checked_{kind}"] += 1
                    counts[f"date_right_{kind}"] += article.date.isoformat() in truth_dates
        if (
            half == "tuning"
            and not isinstance(article, ExtractionFailure)
            and not same_outlet(article.outlet, source)
        ):
            misses["outlet"].append(f"{record['id']}: got {article.outlet!r}, want {source!r}")
    return {"rows": rows, "misses": misses}


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}% ({part}/{whole})" if whole else "-"


def report_multi_outlet(result: dict, show_misses: int = 0) -> str:
    out = []
    for half in ("tuning", "locked"):
        rows = []
        ordered = sorted(result["rows"][half].items(), key=lambda kv: (kv[0] == "all", -kv[1]["files"]))
        for source, c in ordered:
            rows.append(
                [
                    source,
                    c["files"],
                    _share(c["outlet_found"], c["files"]),
                    _share(c["outlet_right"], c["outlet_found"]),
                    _share(c["outlet_inferred"], c["outlet_found"]),
                    _share(c["date_found"], c["files"]),
                    _share(c["date_inferred"], c["date_found"]),
                    _share(c["date_right_stated"], c["date_checked_stated"]),
                    _share(c["date_right_inferred"], c["date_checked_inferred"]),
                ]
            )
        headers = ["source (" + half + " half)", "files", "outlet found", "outlet right", "inferred"]
        headers += ["date found", "inferred", "stated date right", "inferred date right"]
        out.append(table(rows, headers))
    if show_misses:
        for kind, items in result["misses"].items():
            out.append(f"tuning-half misses: {kind} ({len(items)})")
            out.extend(f"  {item}" for item in items[:show_misses])
    return "\n\n".join(out)


_META = re.compile(
    r"<meta\b[^>]*>|<script[^>]*ld\+json[^>]*>.*?</script>|<link\b[^>]*rel=[\"']?(?:canonical|amphtml|alternate)[^>]*>",
    re.I | re.S,
)
_TIME_ATTR = re.compile(r"(<time\b[^>]*?)\s+datetime=[\"'][^\"']*[\"']", re.I)


def strip_metadata(html: str) -> str:
    return _TIME_ATTR.sub(r"\1", _META.sub("", html))


def evaluate_bare_pages(shared: Path) -> dict:
    """Outlet and date of real pages once their metadata tags are gone."""
    pages = []
    detik = shared / "detik-2025"
    for line in (detik / "truth.jsonl").read_text("utf-8").splitlines():
        record = json.loads(line)
        if record["file"].endswith(".html"):
            date = record["date"] if record["date_stated"] else None
            pages.append((detik / record["file"], record["outlet"], date))
    multi = shared / "multi-outlet"
    for line in (multi / "articles.jsonl").read_text("utf-8").splitlines():
        record = json.loads(line)
        if record["raw_file"].endswith(".html"):
            pages.append((multi / record["raw_file"], record["source"], record.get("date_in_url")))
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    misses = []
    for path, outlet, date in pages:
        half = half_of(path.name)
        data = strip_metadata(path.read_bytes().decode("utf-8", errors="replace")).encode("utf-8")
        article = extract(path.name, data)
        c = counts[half]
        c["pages"] += 1
        if isinstance(article, ExtractionFailure):
            continue
        c["outlet_found"] += bool(article.outlet)
        right = same_outlet(article.outlet, outlet)
        c["outlet_right"] += right
        if date:
            c["date_checked"] += 1
            c["date_right"] += bool(article.date and article.date.isoformat() == date)
        if half == "tuning" and not right:
            misses.append(f"{path.name}: got {article.outlet!r}, want {outlet!r}")
    return {"counts": counts, "misses": misses}


def report_bare_pages(result: dict, show_misses: int = 0) -> str:
    rows = [
        [
            half,
            c["pages"],
            _share(c["outlet_found"], c["pages"]),
            _share(c["outlet_right"], c["pages"]),
            _share(c["date_right"], c["date_checked"]),
        ]
        for half, c in sorted(result["counts"].items(), reverse=True)
    ]
    headers = ["half", "pages", "outlet found", "outlet right (of all pages)", "date right (where known)"]
    out = [table(rows, headers)]
    if show_misses:
        out += [f"  {m}" for m in result["misses"][:show_misses]]
    return "\n".join(out)
