"""Extraction accuracy on ../shared/corpus/detik-2025 (700 real articles with ground truth).

Per field and per layout: title (exact after whitespace normalisation), date (exact day, on files
whose date is stated), time (where stated), outlet (where stated), recall of the annotated entity
names, and the share of body lines that are boilerplate of the kinds staff complain about.
"""

from __future__ import annotations

import json
import re
import time
from collections import defaultdict
from pathlib import Path

from archive.analysis import STOPWORDS, fold, words_of
from archive.article import ExtractionFailure
from archive.vocabulary import key, vocabulary
from bench.common import table
from indexer.extract import extract

# Written from the list, independent of the extractor's own rules.
BOILERPLATE_MARKERS = re.compile(
    r"baca juga|tutup iklan|^advertisement$|scroll to continue|leave a comment|you may also like|"
    r"copyright|all rights reserved|^loading\.*$|^a a a$|^\(?foto:|^ilustrasi\.? \(foto|^sumber:$",
    re.IGNORECASE,
)
# Words of an annotation that describe a role rather than name someone.
ROLE_WORDS = {
    "presiden",
    "wakil",
    "menteri",
    "gubernur",
    "bupati",
    "wali",
    "kota",
    "ketua",
    "kepala",
    "direktur",
    "utama",
    "sekretaris",
    "jenderal",
    "koordinator",
    "bidang",
    "anggota",
    "pj",
    "plt",
    "pt",
    "tbk",
}


def squash(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def name_words(text: str) -> set[str]:
    """Words that name: short forms spelled out (Kemendagri -> kementerian dalam negeri, the way the
    product normalises entities), roles, "RI" and stopwords left out."""
    text = re.sub(r"\([^)]*\)|\bRepublik Indonesia\b", " ", text)
    words = [w for w in words_of(text) if w not in STOPWORDS]
    voc = vocabulary()
    spelled: list[str] = []
    last = 0
    for start, end in voc.find_runs(words):
        spelled += words[last:start]
        groups = voc.lookup(tuple(words[start:end]))
        spelled += list(key(groups[0].canonical)) if groups else words[start:end]
        last = end
    spelled += words[last:]
    return {w for w in spelled if w not in ROLE_WORDS and w != "ri" and len(w) > 1}


def entity_found(annotation: str, extracted: list[str]) -> bool:
    """An annotated name is found when an extracted entity names the same words (either way)."""
    wanted = name_words(annotation)
    if not wanted:
        return False
    for entity in extracted:
        got = name_words(entity)
        if got and (got <= wanted or wanted <= got):
            return True
    return False


def evaluate(root: Path) -> dict:
    truth = [json.loads(line) for line in (root / "truth.jsonl").read_text("utf-8").splitlines() if line]
    counts: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    entity_groups: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    body_lines = [0, 0]
    misses: dict[str, list[str]] = defaultdict(list)
    failures = []
    started = time.perf_counter()
    results = {}
    for record in truth:
        path = root / record["file"]
        results[record["file"]] = extract(record["file"], path.read_bytes())
    seconds = time.perf_counter() - started

    for record in truth:
        article = results[record["file"]]
        layout = record["layout"]
        if isinstance(article, ExtractionFailure):
            failures.append(f"{record['file']}: {article.reason}")
            for field in ("title", "date", "time", "outlet"):
                for bucket in (layout, "all"):
                    counts[bucket][field][1] += 1
            continue

        def score(field: str, ok: bool, shown, expected, layout=layout, name=record["file"]) -> None:
            for bucket in (layout, "all"):
                counts[bucket][field][0] += ok
                counts[bucket][field][1] += 1
            if not ok:
                misses[field].append(f"{name} ({layout}): got {shown!r}, want {expected!r}")

        score("title", squash(article.title) == squash(record["title"]), article.title, record["title"])
        if record["date_stated"]:
            got = article.date.isoformat() if article.date else None
            score("date", got == record["date"], got, record["date"])
        if record["time_stated"]:
            score("time", article.time == record["time"], article.time, record["time"])
        if record["outlet_stated"]:
            score(
                "outlet",
                fold(article.outlet or "") == fold(record["outlet"]),
                article.outlet,
                record["outlet"],
            )
        extracted = article.people + article.organisations + article.places
        for group, names in record["entities"].items():
            for name in names:
                found = entity_found(name, extracted)
                entity_groups[group][0] += found
                entity_groups[group][1] += 1
                entity_groups["all"][0] += found
                entity_groups["all"][1] += 1
        for line in article.body.split("\n\n"):
            body_lines[1] += 1
            if BOILERPLATE_MARKERS.search(line.strip()):
                body_lines[0] += 1
                misses["boilerplate"].append(f"{record['file']}: {line[:80]!r}")
    return {
        "counts": counts,
        "entities": entity_groups,
        "body_lines": body_lines,
        "misses": misses,
        "failures": failures,
        "files": len(truth),
        "seconds": seconds,
    }


def pct(pair: list[int]) -> str:
    return f"{100 * pair[0] / pair[1]:.1f}% ({pair[0]}/{pair[1]})" if pair[1] else "-"


def report(result: dict, show_misses: int = 0) -> str:
    counts = result["counts"]
    layouts = sorted(k for k in counts if k != "all") + ["all"]
    rows = [
        [layout] + [pct(counts[layout][f]) for f in ("title", "date", "time", "outlet")] for layout in layouts
    ]
    out = [table(rows, ["layout", "title", "date (stated)", "time (stated)", "outlet (stated)"])]
    entity_rows = [[group, pct(pair)] for group, pair in sorted(result["entities"].items())]
    out.append(table(entity_rows, ["entity group", "recall of annotated names"]))
    lines = result["body_lines"]
    out.append(
        f"boilerplate lines left in bodies: {lines[0]} of {lines[1]} "
        f"({100 * lines[0] / max(1, lines[1]):.2f}%)"
    )
    out.append(
        f"extraction: {result['files']} files in {result['seconds']:.2f} s "
        f"({result['files'] / result['seconds']:.0f} files/s, one process); "
        f"failures: {len(result['failures'])}"
    )
    for failure in result["failures"]:
        out.append(f"  failed: {failure}")
    if show_misses:
        for field, items in result["misses"].items():
            out.append(f"misses: {field} ({len(items)})")
            out.extend(f"  {item}" for item in items[:show_misses])
    return "\n\n".join(out)
