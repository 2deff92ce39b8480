"""`make profile-extraction`: what one article's extraction costs, stage by stage, on one core.

Indexing is bounded by extraction (the writer waits for the workers), so this says where a
faster indexer has to save. The generated corpus of `make bench-scale` (or any folder) is read
once to warm the caches, then extracted again under cProfile; each stage's cumulative time is
divided by the number of articles (HTML stages by the number of HTML files as well).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time
from pathlib import Path

from archive.analysis import stems_for
from bench.common import table
from bench.run_scale import corpus_of
from indexer.pipeline import _warm_up, extract_path

# (label, module path suffix, function name): the stages of indexer.extract.extract
STAGES = [
    ("whole extraction", "indexer/extract.py", "extract"),
    ("decoding", "indexer/decode.py", "decode"),
    ("HTML: parse_html (all of it)", "indexer/html.py", "parse_html"),
    ("HTML: main text (trafilatura)", "indexer/html.py", "_main_text_lines"),
    ("HTML: BeautifulSoup tree", "bs4/__init__.py", "__init__"),
    ("text layout (lines, headline)", "indexer/layout.py", "parse_lines"),
    ("article fields (build_article)", "indexer/extract.py", "build_article"),
    ("publication date", "indexer/extract.py", "_publication_date"),
    ("people, bodies, places", "indexer/entities.py", "find_entities"),
    ("duplicate fingerprints (hash, MinHash)", "indexer/fingerprint.py", "fingerprints"),
]


def stage_costs(stats: pstats.Stats) -> dict[tuple[str, str], float]:
    out: dict[tuple[str, str], float] = {}
    for (filename, _, name), (_, _, _, cumulative, _) in stats.stats.items():
        for _, suffix, function in STAGES:
            if name == function and filename.endswith(suffix):
                out[(suffix, function)] = out.get((suffix, function), 0.0) + cumulative
    return out


def profile(corpus: Path, paths: list[str]) -> tuple[dict[tuple[str, str], float], float, float]:
    """(seconds per stage, seconds in all, seconds stemming) for extracting `paths` once more
    after a first pass that warms the caches as a long indexing run would."""
    _warm_up()
    for path in paths:
        extract_path(corpus, path)
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    articles = [extract_path(corpus, path) for path in paths]
    profiler.disable()
    seconds = time.perf_counter() - started
    started = time.perf_counter()
    for article in articles:
        if hasattr(article, "body"):
            stems_for(f"{article.title}\n{article.body}")
    return stage_costs(pstats.Stats(profiler)), seconds, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000, help="the generated corpus to read")
    parser.add_argument("--corpus", type=Path, default=None, help="another folder instead")
    parser.add_argument("--files", type=int, default=1000)
    args = parser.parse_args()
    corpus = args.corpus or corpus_of(args.size)
    paths = sorted(
        p.relative_to(corpus).as_posix()
        for p in corpus.rglob("*")
        if p.is_file() and not p.name.startswith(".")
    )[: args.files]
    if not paths:
        parser.error(f"no article files in {corpus}")
    costs, seconds, stemming = profile(corpus, paths)
    html = sum(p.endswith((".html", ".htm")) for p in paths)
    rows = []
    for label, suffix, function in STAGES:
        total = costs.get((suffix, function), 0.0)
        per_html = f"{total / html * 1000:.2f}" if html and label.startswith("HTML") else ""
        rows.append([label, f"{total / len(paths) * 1000:.2f}", per_html])
    rows.append(["stems of the words (worker side)", f"{stemming / len(paths) * 1000:.2f}", ""])
    print(
        f"{len(paths):,} files ({html:,} HTML) from {corpus}: {len(paths) / seconds:.0f} articles/s on one "
        "core under the profiler"
    )
    print(table(rows, ["stage", "ms per article", "ms per HTML file"]))


if __name__ == "__main__":
    main()
