"""Stored record size on real articles: the dictionary is trained as a build trains it (on
TRAIN_SAMPLES articles of one half, by path hash) and sizes are reported on the other, locked half,
beside zlib (the earlier record) and zstd without a dictionary."""

from __future__ import annotations

import hashlib
import json
import statistics
import tempfile
import time
import zlib
from pathlib import Path

from archive.article import Article
from archive.records import PLAIN, TRAIN_SAMPLES, RecordCodec, unpack
from indexer.extract import extract


def _locked(path: str) -> bool:
    return hashlib.blake2b(path.encode("utf-8"), digest_size=1).digest()[0] % 2 == 1


def articles_of(root: Path) -> list[Article]:
    found = []
    for path in sorted(p for p in root.rglob("*") if p.suffix in (".txt", ".html", ".htm")):
        article = extract(path.relative_to(root).as_posix(), path.read_bytes())
        if isinstance(article, Article):
            found.append(article)
    return found


def evaluate(root: Path) -> dict:
    articles = articles_of(root)
    tuning = [a for a in articles if not _locked(a.path)]
    locked = [a for a in articles if _locked(a.path)]
    trained = RecordCodec()
    with tempfile.TemporaryDirectory() as folder:
        trained.train(tuning[:TRAIN_SAMPLES], Path(folder))
    row: dict = {"articles": len(articles), "locked": len(locked), "trained": trained.trained}
    as_json = [json.dumps(a.to_dict(), ensure_ascii=False).encode("utf-8") for a in locked]
    row["json"] = statistics.fmean(map(len, as_json))
    row["zlib"] = statistics.fmean(len(zlib.compress(data, 6)) for data in as_json)
    for name, codec in (("zstd", PLAIN), ("zstd+dictionary", trained)):
        started = time.perf_counter()
        packed = [codec.pack(a) for a in locked]
        row[f"{name} pack us"] = (time.perf_counter() - started) / len(locked) * 1e6
        started = time.perf_counter()
        same = all(unpack(p).to_dict() == a.to_dict() for p, a in zip(packed, locked, strict=True))
        row[f"{name} unpack us"] = (time.perf_counter() - started) / len(locked) * 1e6
        row[name] = statistics.fmean(map(len, packed))
        row[f"{name} reads back"] = same
    return row


def report(row: dict) -> str:
    lines = [
        f"{row['articles']} articles; sizes of the {row['locked']} locked ones, dictionary trained on "
        f"{TRAIN_SAMPLES} others" + ("" if row["trained"] else " (training failed: no dictionary)"),
        f"  JSON {row['json']:.0f} B, zlib-6 {row['zlib']:.0f} B (the earlier record)",
    ]
    for name in ("zstd", "zstd+dictionary"):
        lines.append(
            f"  {name}: {row[name]:.0f} B ({row[name] / row['zlib'] - 1:+.0%} against zlib), "
            f"pack {row[f'{name} pack us']:.0f} us, unpack {row[f'{name} unpack us']:.0f} us, "
            f"every record reads back: {row[f'{name} reads back']}"
        )
    return "\n".join(lines)
