"""`make bench-cluster`: the generated corpus indexed into the local SolrCloud cluster (2 nodes,
2 shards x 2 replicas; `make cluster-up`) and into the embedded Whoosh index in the same run:
articles/s, search + facets p50/p95 and the ratio of each; and on the dev queries
(../shared/corpus/detik-2025/queries.tsv) the top-10 overlap between the engines and each one's MRR@10.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from archive.results import SearchRequest
from archive.search import SearchService
from archive.solr import SolrStore
from archive.solr_collection import SolrCollection
from archive.solr_search import SolrSearch
from archive.store import IndexStore
from bench.common import percentile, table, top_overlap
from bench.run_scale import QUERIES, corpus_of, time_queries
from cluster.local import create_collection, read_state
from indexer.pipeline import extract_many

TOP = 10


def engines(state: dict, corpus: Path, work: Path, collection: str):
    """(name, store, search, articles/s) for Whoosh and Solr over `corpus`, each indexed from scratch."""
    create_collection(state["solr_urls"][0], collection)
    whoosh = IndexStore(work / "whoosh")
    solr = SolrStore(work / "solr", SolrCollection(state["solr_urls"], name=collection))
    out = []
    for name, store, search, options in (
        ("Whoosh (embedded)", whoosh, SearchService, {}),
        ("Solr (2 nodes)", solr, SolrSearch, {"rebuild": True}),
    ):
        started = time.perf_counter()
        report = store.sync(corpus, extract_many, **options)
        seconds = time.perf_counter() - started
        out.append((name, store, search(store), report.total / seconds))
        size = f", index {store.size_bytes() / 1e6:,.0f} MB" if store.size_bytes() else ""
        print(f"{name}: {report.total:,} articles in {seconds:.0f} s{size}", flush=True)
    return out


def overlap_and_mrr(built, queries: Path) -> list[list]:
    lines = [line.split("\t") for line in queries.read_text("utf-8").splitlines() if line and line[0] != "#"]
    tops, rows = {}, []
    for name, _, search, _ in built:
        reciprocal = []
        tops[name] = []
        for text, relevant in lines:
            wanted = {Path(p.strip()).name for p in relevant.split(",")}
            paths = [Path(h.path).name for h in search.search(SearchRequest(query=text, page_size=TOP)).hits]
            tops[name].append(paths)
            rank = next((i + 1 for i, p in enumerate(paths) if p in wanted), None)
            reciprocal.append(1 / rank if rank else 0.0)
        rows.append([name, len(lines), f"{sum(reciprocal) / len(lines):.3f}"])
    first, second = tops.values()
    shared = [top_overlap(a, b) for a, b in zip(first, second, strict=True)]
    rows.append(["top-10 overlap", len(lines), f"{sum(shared) / len(shared):.3f}"])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--shared", default="../shared/corpus")
    args = parser.parse_args()
    state = read_state()
    if not state:
        sys.exit("no SolrCloud cluster: run `make cluster-up` first")
    work = Path(tempfile.mkdtemp(prefix="arsip-cluster-bench-"))
    try:
        built = engines(state, corpus_of(args.size), work / "scale", "arsip_bench")
        rows, base = [], None
        for name, _, search, rate in built:
            run = lambda text, filters, s=search: s.search(SearchRequest(query=text, filters=filters))  # noqa: E731
            time_queries(run, 1)  # first round: caches
            timings = time_queries(run, args.rounds)
            p50, p95 = percentile(timings, 50), percentile(timings, 95)
            base = base or (rate, p50, p95)
            rows.append(
                [
                    name,
                    f"{rate:.0f}",
                    f"{p50:.0f}",
                    f"{p95:.0f}",
                    f"{rate / base[0]:.2f}",
                    f"{p50 / base[1]:.2f}",
                    f"{p95 / base[2]:.2f}",
                ]
            )
        print(
            f"\n{args.size:,} generated articles, {len(QUERIES)} queries x {args.rounds} rounds, "
            "search + facets"
        )
        print(table(rows, ["engine", "articles/s", "p50 ms", "p95 ms", "x rate", "x p50", "x p95"]))
        dev = Path(args.shared) / "detik-2025"
        if (dev / "queries.tsv").exists():
            corpus = dev / "raw" if (dev / "raw").is_dir() else dev
            dev_built = engines(state, corpus, work / "dev", "arsip_dev")
            print("\ndev queries (detik-2025): MRR@10 of each engine and their top-10 overlap")
            print(table(overlap_and_mrr(dev_built, dev / "queries.tsv"), ["", "queries", "value"]))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
