"""`make bench`: indexing throughput (end to end and extraction alone) and query latency with facets.

Runs on ../shared/corpus/detik-2025/raw when present (else on corpus/), into a temporary index.
Baselines in the same run: a plain Whoosh writer (StandardAnalyzer, default settings, same texts)
and Whoosh's own `groupedby` facets for the same queries.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from archive.corpus import Corpus
from archive.results import SearchRequest
from archive.search import SearchService
from archive.store import IndexStore
from bench.common import ROOT, percentile, shared_path, table
from indexer.extract import extract
from indexer.pipeline import extract_many

QUERIES = [
    "pelayanan publik",
    "Prabowo",
    "menkeu purbaya",
    "Jawa Timur",
    "Jatim",
    "DPR",
    "korupsi",
    '"makan bergizi gratis"',
    "pemilu 2024",
    "bansos",
    "KPK suap",
    "ekspor",
    "pajak daerah",
    "banjir",
    "pemkab",
    "gubernur",
    "",
    "APBN defisit",
    "pilkada",
    "MBG keracunan",
]
FILTERED = [("outlet", "detikNews"), ("year", "2025"), ("province", "DKI Jakarta")]


def bench_extraction(corpus: Path) -> tuple[int, float]:
    files = sorted(Corpus(corpus).scan()[0])
    started = time.perf_counter()
    for path in files:
        extract(path, (corpus / path).read_bytes())
    return len(files), time.perf_counter() - started


def bench_indexing(corpus: Path, workdir: Path) -> tuple[IndexStore, int, float]:
    store = IndexStore(workdir / "index")
    started = time.perf_counter()
    report = store.sync(corpus, extract_many)
    return store, report.total, time.perf_counter() - started


def bench_plain_whoosh(corpus: Path, workdir: Path) -> tuple[int, float]:
    """Baseline: StandardAnalyzer, default writer, title + body text of the same files."""
    from whoosh import fields, index

    texts = []
    for path in sorted(Corpus(corpus).scan()[0]):
        article = extract(path, (corpus / path).read_bytes())
        if hasattr(article, "body"):
            texts.append((path, article.title, article.body))
    schema = fields.Schema(
        path=fields.ID(stored=True, unique=True), title=fields.TEXT(stored=True), body=fields.TEXT
    )
    directory = workdir / "plain"
    directory.mkdir()
    ix = index.create_in(str(directory), schema)
    started = time.perf_counter()
    writer = ix.writer()
    for path, title, body in texts:
        writer.add_document(path=path, title=title, body=body)
    writer.commit()
    return len(texts), time.perf_counter() - started


def bench_queries(service: SearchService, rounds: int) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {
        "query + all facets + timeline": [],
        "with a facet filter": [],
    }
    for _ in range(rounds):
        for q in QUERIES:
            started = time.perf_counter()
            service.search(SearchRequest(query=q))
            timings["query + all facets + timeline"].append((time.perf_counter() - started) * 1000)
            name, value = FILTERED[len(q) % len(FILTERED)]
            started = time.perf_counter()
            service.search(SearchRequest(query=q, filters={name: [value]}))
            timings["with a facet filter"].append((time.perf_counter() - started) * 1000)
    return timings


def bench_pages(store: IndexStore, corpus: Path, rounds: int) -> dict[str, list[float]]:
    """Whole pages through the Flask app: search with facets and timeline, and article pages."""
    from web import create_app

    app = create_app({"CORPUS": str(corpus), "INDEX": str(store.root), "SECRET_KEY": "bench"})
    client = app.test_client()
    client.get("/search?q=warm")
    timings: dict[str, list[float]] = {"search page (HTML, facets + timeline)": [], "article page": []}
    for _ in range(rounds):
        for q in QUERIES:
            started = time.perf_counter()
            response = client.get("/search", query_string={"q": q})
            timings["search page (HTML, facets + timeline)"].append((time.perf_counter() - started) * 1000)
            hits = client.get("/api/search", query_string={"q": q, "size": 1}).get_json()["hits"]
            if hits:
                started = time.perf_counter()
                client.get(f"/article/{hits[0]['id']}", query_string={"q": q})
                timings["article page"].append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
    return timings


def bench_upload(corpus: Path, workdir: Path) -> tuple[dict[str, int], float]:
    """An archivist uploads the corpus as one .zip through the real upload form (login, CSRF,
    unpacking, storing, indexing in the server's worker thread) onto the five samples."""
    import io
    import re
    import shutil
    import zipfile
    from collections import Counter

    from archive.accounts import Accounts
    from web import create_app
    from web.testing import csrf_token, flask_client_calls, log_in

    target = workdir / "upload-corpus"
    shutil.copytree(ROOT / "corpus", target)
    store = IndexStore(workdir / "upload-index")
    store.sync(target, extract_many)
    Accounts(workdir / "users.json").add("bench", "kata-sandi-bench")
    app = create_app(
        {
            "CORPUS": str(target),
            "INDEX": str(store.root),
            "USERS": str(workdir / "users.json"),
            "SECRET_KEY": "bench",
        }
    )
    client = app.test_client()

    get, post = flask_client_calls(client)
    log_in(get, post, "bench", "kata-sandi-bench")
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        for path in sorted(Corpus(corpus).scan()[0]):
            archive.write(corpus / path, f"kiriman/{path}")
    form = {
        "csrf_token": csrf_token(get("/archivist/upload")),
        "files": (io.BytesIO(packed.getvalue()), "kiriman.zip"),
    }
    started = time.perf_counter()
    response = client.post("/archivist/upload", data=form, content_type="multipart/form-data")
    seconds = time.perf_counter() - started
    assert response.status_code == 200, response.status_code
    outcomes = Counter(re.findall(r'class="outcome-(\w+)"', response.get_data(as_text=True)))
    return dict(outcomes), seconds


def bench_groupedby(store: IndexStore, rounds: int) -> list[float]:
    """Baseline: Whoosh's own facet collector for the same queries and facets."""
    from whoosh import sorting

    from archive.query import QueryBuilder

    ix = store.open_index()
    facets = sorting.Facets()
    for name in ("outlet", "year", "province", "place", "person", "organisation", "month"):
        facets.add_field(name, allow_overlap=name in ("province", "place", "person", "organisation"))
    timings = []
    with ix.searcher() as searcher:
        builder = QueryBuilder(searcher.schema, searcher.reader())
        for _ in range(rounds):
            for q in QUERIES:
                started = time.perf_counter()
                built = builder.build(q)
                from whoosh.query import Every

                results = searcher.search(built.as_query() or Every(), limit=20, groupedby=facets)
                for name in (
                    "outlet",
                    "year",
                    "province",
                    "place",
                    "person",
                    "organisation",
                    "month",
                ):
                    results.groups(name)
                timings.append((time.perf_counter() - started) * 1000)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", default="../shared/corpus")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    corpus = shared_path(args.shared, "detik-2025/raw", required=False) or ROOT / "corpus"
    print(f"corpus: {corpus.name if corpus.name != 'raw' else corpus.parent.name + '/raw'}")
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        n_extract, t_extract = bench_extraction(corpus)
        store, n_index, t_index = bench_indexing(corpus, workdir)
        n_plain, t_plain = bench_plain_whoosh(corpus, workdir)
        print()
        print(
            table(
                [
                    [
                        "extraction only (1 process)",
                        n_extract,
                        f"{t_extract:.2f}",
                        f"{n_extract / t_extract:.0f}",
                    ],
                    [
                        "arsip index, end to end",
                        n_index,
                        f"{t_index:.2f}",
                        f"{n_index / t_index:.0f}",
                    ],
                    [
                        "baseline: plain Whoosh writer (index only)",
                        n_plain,
                        f"{t_plain:.2f}",
                        f"{n_plain / t_plain:.0f}",
                    ],
                ],
                ["indexing", "articles", "seconds", "articles/s"],
            )
        )
        outcomes, t_upload = bench_upload(corpus, workdir)
        n_upload = sum(outcomes.values())
        print()
        print(
            table(
                [
                    [
                        "one .zip through /archivist/upload",
                        n_upload,
                        f"{t_upload:.2f}",
                        f"{n_upload / t_upload:.0f}",
                        ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())),
                    ]
                ],
                ["archivist upload", "files", "seconds", "files/s", "outcomes"],
            )
        )
        service = SearchService(store)
        service.search(SearchRequest(query="warm up"))
        timings = bench_queries(service, args.rounds)
        timings["baseline: Whoosh groupedby, 7 facets"] = bench_groupedby(store, args.rounds)
        timings.update(bench_pages(store, corpus, args.rounds))
        rows = [
            [
                name,
                len(values),
                f"{percentile(values, 50):.1f}",
                f"{percentile(values, 95):.1f}",
                f"{max(values):.1f}",
            ]
            for name, values in timings.items()
        ]
        print()
        print(table(rows, ["search (facets: 7 + timeline)", "queries", "p50 ms", "p95 ms", "max ms"]))


if __name__ == "__main__":
    main()
