"""Duplicate detection measured: exact copies and near-duplicates (the same story re-scraped with
small changes or syndicated) must be grouped; different articles about the same event must not.

Positives are constructed from real detik-2025 articles (furniture added, a paragraph removed,
words edited, headline rewritten with a paragraph added, another outlet's dateline and byline),
plus the corpus's own re-scrapes (same URL). Negatives are all pairs of articles with different
URLs in the corpus, many of them on the same event (the corpus has clusters of such stories).
Grouping uses the product's rule: exact text hash, or a shared LSH band and an estimated Jaccard
similarity (from the register's b-bit sketches) at or above archive.duplicates.NEAR_DUPLICATE.
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import numpy as np

from archive.article import Article
from archive.duplicates import BITS, NEAR_DUPLICATE, band_keys, similarity, sketch
from bench.common import table
from indexer.extract import extract


def grouped(a: Article, b: Article, threshold: float) -> bool:
    if a.text_hash == b.text_hash:
        return True
    shares_band = bool(set(band_keys(a.signature)) & set(band_keys(b.signature)))
    return shares_band and similarity(sketch(a.signature), sketch(b.signature)) >= threshold


def variants(raw: str, rng: random.Random) -> dict[str, str]:
    """Copies of one raw text file made the ways archives get copies."""
    lines = raw.split("\n")
    title, rest = lines[0], lines[1:]
    paragraphs = [i for i, line in enumerate(rest) if len(line.split()) > 12]
    out = {
        "furniture added": "\n".join(
            [
                "Tutup Iklan X",
                "",
                title,
                "A A A",
                *rest,
                "Baca juga: Berita lain hari ini",
                "Leave a Comment",
                "Copyright © 2025 Arsip",
            ]
        ),
    }
    if len(paragraphs) >= 4:
        drop = rng.choice(paragraphs[1:])
        out["a paragraph removed"] = "\n".join([title, *[line for i, line in enumerate(rest) if i != drop]])
    words = "\n".join(rest).split(" ")
    for _ in range(3):
        i = rng.randrange(len(words))
        words[i] = words[i][::-1]
    out["three words edited"] = "\n".join([title, " ".join(words)])
    out["new headline, paragraph added"] = "\n".join(
        [
            "Versi Lain: " + title,
            *rest,
            "Sementara itu, warga berharap kebijakan tersebut segera dijalankan "
            "dengan pengawasan yang ketat dari pemerintah daerah setempat.",
        ]
    )
    out["other outlet's dateline and byline"] = "\n".join(
        [title, "", "JAKARTA, KOMPAS.com - " + "\n".join(rest).strip(), "(ant/red)"]
    )
    return out


def evaluate(root: Path, thresholds=(0.5, 0.6, 0.7, 0.8, 0.9), sample: int = 120) -> dict:
    truth = [json.loads(line) for line in (root / "truth.jsonl").read_text("utf-8").splitlines() if line]
    articles = {r["file"]: extract(r["file"], (root / r["file"]).read_bytes()) for r in truth}
    articles = {f: a for f, a in articles.items() if isinstance(a, Article)}
    url = {r["file"]: r["url"] for r in truth}
    rng = random.Random(20251122)
    kinds: dict[str, list[tuple[Article, Article]]] = defaultdict(list)
    txt_files = sorted(f for f in articles if f.endswith(".txt"))
    for file in rng.sample(txt_files, min(sample, len(txt_files))):
        raw = (root / file).read_bytes().decode("utf-8", errors="replace").replace("\r\n", "\n")
        for kind, text in variants(raw, rng).items():
            copy = extract("copy-" + file, text.encode("utf-8"))
            if isinstance(copy, Article):
                kinds[kind].append((articles[file], copy))
    by_url = defaultdict(list)
    for file in articles:
        by_url[url[file]].append(file)
    kinds["re-scrape in the corpus (same URL)"] = [
        (articles[a], articles[b]) for files in by_url.values() for a, b in combinations(files, 2)
    ]
    # Negatives: every pair of different stories (vectorised on the sketches the register keeps).
    files = sorted(articles)
    matrix = np.array([np.frombuffer(sketch(articles[f].signature), dtype=np.uint16) for f in files])
    chance = 2.0**-BITS
    negatives = []
    for i in range(len(files)):
        estimate = ((matrix[i + 1 :] == matrix[i]).mean(axis=1) - chance) / (1 - chance)
        for j in np.flatnonzero(estimate >= min(thresholds)):
            a, b = files[i], files[i + 1 + j]
            if url[a] != url[b]:
                negatives.append((articles[a], articles[b]))
    total_negative_pairs = sum(1 for a, b in combinations(files, 2) if url[a] != url[b])
    results = {}
    for threshold in thresholds:
        recall = {
            kind: sum(grouped(a, b, threshold) for a, b in pairs) / len(pairs)
            for kind, pairs in kinds.items()
        }
        true_positive = sum(grouped(a, b, threshold) for pairs in kinds.values() for a, b in pairs)
        false_positive = sum(grouped(a, b, threshold) for a, b in negatives)
        results[threshold] = {
            "recall": recall,
            "precision": true_positive / max(1, true_positive + false_positive),
            "false_pairs": false_positive,
        }
    return {
        "results": results,
        "sizes": {k: len(v) for k, v in kinds.items()},
        "negative_pairs": total_negative_pairs,
    }


def report(result: dict) -> str:
    kinds = list(result["sizes"])
    rows = []
    for threshold, r in result["results"].items():
        mark = " (used)" if abs(threshold - NEAR_DUPLICATE) < 1e-9 else ""
        rows.append(
            [
                f"{threshold:.2f}{mark}",
                f"{r['precision']:.3f}",
                r["false_pairs"],
                *[f"{r['recall'][k]:.3f}" for k in kinds],
            ]
        )
    headers = [
        "threshold",
        "precision",
        "different stories grouped",
        *[f"recall: {k} (n={result['sizes'][k]})" for k in kinds],
    ]
    return table(rows, headers) + f"\n\n{result['negative_pairs']:,} pairs of different stories checked."
