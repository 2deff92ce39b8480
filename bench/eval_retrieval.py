"""Known-item retrieval on ../shared/corpus/detik-2025: MRR@10 and recall@10 of Arsip's default search
and, in the same run over the same files, of a baseline Whoosh index (StandardAnalyzer, default
QueryParser with AND) holding the same extracted title and body text.

The ranking weights in archive/query.py (title boost, headline adjacency bonus) were chosen by a
small sweep scored on both query sets together, not per query; several misses left are stories
the corpus holds in near-identical versions, where the query cannot tell them apart.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from archive.article import Article
from archive.search import SearchRequest, SearchService
from archive.store import IndexStore
from bench.common import ROOT, table
from indexer.pipeline import extract_many

K = 10
OWN_QUERIES = ROOT / "bench" / "queries-arsip.tsv"


def load_queries(path: Path) -> list[tuple[str, set[str]]]:
    queries = []
    for line in path.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, files = line.split("\t")
        queries.append((text.strip(), {f.strip() for f in files.split(",")}))
    return queries


def scores(ranked: list[str], relevant: set[str]) -> tuple[float, float]:
    """(reciprocal rank of the first relevant file, share of relevant files) in the top K."""
    top = ranked[:K]
    rr = next((1 / (i + 1) for i, path in enumerate(top) if path in relevant), 0.0)
    return rr, len(relevant & set(top)) / len(relevant)


def arsip_ranking(service: SearchService, text: str) -> list[str]:
    return ["raw/" + hit.path for hit in service.search(SearchRequest(query=text, page_size=K)).hits]


def baseline_index(articles: list[Article], directory: Path):
    from whoosh import fields, index

    schema = fields.Schema(path=fields.ID(stored=True, unique=True), content=fields.TEXT)
    ix = index.create_in(str(directory), schema)
    with ix.writer() as writer:
        for article in articles:
            writer.add_document(path="raw/" + article.path, content=f"{article.title}\n{article.body}")
    return ix


def baseline_ranking(ix, text: str) -> list[str]:
    from whoosh.qparser import QueryParser

    with ix.searcher() as searcher:
        try:
            q = QueryParser("content", ix.schema).parse(text)
        except Exception:  # noqa: BLE001 - the baseline may fail; that counts as no answer
            return []
        return [hit["path"] for hit in searcher.search(q, limit=K)]


def evaluate(root: Path) -> dict:
    raw = root / "raw"
    query_sets = {"development (queries.tsv)": load_queries(root / "queries.tsv")}
    if OWN_QUERIES.exists():
        query_sets["Arsip's own (bench/queries-arsip.tsv)"] = load_queries(OWN_QUERIES)
    with tempfile.TemporaryDirectory() as tmp:
        store = IndexStore(Path(tmp) / "index")
        store.sync(raw, extract_many)
        service = SearchService(store)
        articles = [
            a for a in extract_many(raw, sorted(p.name for p in raw.iterdir())) if isinstance(a, Article)
        ]
        base_dir = Path(tmp) / "baseline"
        base_dir.mkdir()
        ix = baseline_index(articles, base_dir)
        # A relevant file that is an exact copy of another is not indexed twice: its original answers.
        copies = {"raw/" + p: "raw/" + o for p, o in store.duplicates().items()}
        results = {}
        for name, queries in query_sets.items():
            rows = []
            for text, relevant in queries:
                relevant = {copies.get(r, r) for r in relevant}
                ours = arsip_ranking(service, text)
                theirs = baseline_ranking(ix, text)
                rows.append((text, relevant, scores(ours, relevant), scores(theirs, relevant), ours[:3]))
            results[name] = rows
    return results


def report(results: dict, show_misses: bool = True) -> str:
    out = []
    summary = []
    for name, rows in results.items():
        n = len(rows)
        mrr = sum(r[2][0] for r in rows) / n
        recall = sum(r[2][1] for r in rows) / n
        base_mrr = sum(r[3][0] for r in rows) / n
        base_recall = sum(r[3][1] for r in rows) / n
        summary.append([name, n, f"{mrr:.3f}", f"{recall:.3f}", f"{base_mrr:.3f}", f"{base_recall:.3f}"])
        if show_misses:
            for text, relevant, ours, _, top in rows:
                if ours[0] < 1.0:
                    out.append(f"  not first: {text!r} rr={ours[0]:.2f} want {sorted(relevant)} got {top}")
    headers = [
        "query set",
        "queries",
        "Arsip MRR@10",
        "Arsip recall@10",
        "baseline MRR@10",
        "baseline recall@10",
    ]
    return "\n".join([table(summary, headers), *out])
