"""Retrieval quality on ../shared/corpus: detik-2025 and multi-outlet indexed together (5,136 files),
known-item and topic queries, MRR@10 and recall@10 for Arsip and, in the same run over the same
files, for the previous ranking (the commit before this one, from git), Whoosh's default AND
parser, Whoosh with OR, and SQLite FTS5 BM25 with OR.

Honest measurement: every query set is split by a hash of the query text into a tuning half and a
locked half. Ranking weights may be fitted on the tuning half only; the locked half's figures are
the ones that decide, and its misses are printed only when asked (`--misses locked`).

A relevant article counts as found when any version of its story is in the top ten (exact copies
and near-duplicates grouped by the duplicate register), for every system alike: Arsip shows a
story once with its versions, the baselines list each version separately.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from archive.article import Article, article_id
from archive.results import SearchRequest
from archive.search import SearchService
from archive.store import IndexStore
from bench.common import ROOT, table, top_overlap
from indexer.pipeline import extract_many

K = 10
QUERIES = ROOT / "bench" / "queries"
CORPORA = ("detik-2025", "multi-outlet")
PREVIOUS_COMMIT = "69ece8d"  # the ranking before minimum-should-match, proximity and story grouping
CACHE = ROOT / "var" / "eval-cache"


@dataclass(frozen=True)
class Query:
    text: str
    relevant: frozenset[str]  # paths relative to ../shared/corpus
    kind: str
    half: str  # "tuning" or "locked"


def half_of(text: str) -> str:
    """A stable split that no one chooses: the parity of a hash of the query text."""
    return "tuning" if hashlib.blake2b(text.encode("utf-8"), digest_size=2).digest()[0] % 2 == 0 else "locked"


def load_queries(path: Path, prefix: str = "", kind: str = "known-item") -> list[Query]:
    """query<TAB>files[<TAB>kind] lines; `prefix` makes the files relative to ../shared/corpus."""
    queries = []
    for line in path.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        text, files = parts[0].strip(), parts[1]
        relevant = frozenset(prefix + f.strip() for f in files.split(",") if f.strip())
        queries.append(Query(text, relevant, parts[2].strip() if len(parts) > 2 else kind, half_of(text)))
    return queries


def query_sets(shared: Path) -> dict[str, list[Query]]:
    sets = {
        "detik-2025 queries.tsv": load_queries(shared / "detik-2025" / "queries.tsv", "detik-2025/"),
        "bench/queries-arsip.tsv": load_queries(ROOT / "bench" / "queries-arsip.tsv", "detik-2025/"),
        "known items, other words": load_queries(QUERIES / "known-items.tsv"),
    }
    topics = QUERIES / "topics.tsv"
    if topics.exists():
        sets["topics"] = load_queries(topics, kind="topic")
    return sets


# -- measures ------------------------------------------------------------------------------------
def measure(groups: list[list[str]], relevant: list[set[str]]) -> tuple[float, float]:
    """(reciprocal rank of the first relevant story, share of relevant stories found) in the top
    K; with more than K relevant stories, the share of K (a result holding two relevant versions
    finds both, so the share is capped at 1)."""
    top = groups[:K]
    found = [any(paths & set(group) for group in top) for paths in relevant]
    rr = next((1 / (i + 1) for i, g in enumerate(top) if any(paths & set(g) for paths in relevant)), 0.0)
    return rr, min(1.0, sum(found) / min(len(relevant), K))


# -- the corpus and the systems --------------------------------------------------------------------
def copy_corpus(shared: Path, target: Path) -> None:
    for name in CORPORA:
        shutil.copytree(shared / name / "raw", target / name / "raw")


def arsip_system(service: SearchService) -> Callable[[str], list[list[str]]]:
    def rank(text: str) -> list[list[str]]:
        result = service.search(SearchRequest(query=text, page_size=K))
        return [[hit.path] + [v.path for v in getattr(hit, "versions", [])] for hit in result.hits]

    return rank


def whoosh_baseline(articles: list[Article], directory: Path) -> dict[str, Callable]:
    from whoosh import fields, index, qparser

    schema = fields.Schema(path=fields.ID(stored=True, unique=True), content=fields.TEXT)
    ix = index.create_in(str(directory), schema)
    with ix.writer(procs=1, limitmb=256) as writer:
        for article in articles:
            writer.add_document(path=article.path, content=f"{article.title}\n{article.body}")
    searcher = ix.searcher()

    def system(group) -> Callable[[str], list[list[str]]]:
        parser = qparser.QueryParser("content", ix.schema, group=group)

        def rank(text: str) -> list[list[str]]:
            try:
                q = parser.parse(text)
            except Exception:  # noqa: BLE001 - a baseline that cannot parse answers nothing
                return []
            return [[hit["path"]] for hit in searcher.search(q, limit=K)]

        return rank

    return {"Whoosh AND": system(qparser.AndGroup), "Whoosh OR": system(qparser.OrGroup)}


def fts5_baseline(articles: list[Article]) -> Callable[[str], list[list[str]]]:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(path UNINDEXED, title, body, tokenize='unicode61')")
    db.executemany("INSERT INTO docs VALUES (?, ?, ?)", [(a.path, a.title, a.body) for a in articles])

    def rank(text: str) -> list[list[str]]:
        words = re.findall(r"\w+", text.lower())
        if not words:
            return []
        match = " OR ".join(f'"{w}"' for w in dict.fromkeys(words))
        rows = db.execute("SELECT path FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?", (match, K))
        return [[r[0]] for r in rows]

    return rank


_PREVIOUS_SCRIPT = """
import json, sys
from pathlib import Path
from archive.search import SearchRequest, SearchService  # as the previous commit named them
from archive.store import IndexStore
from indexer.pipeline import extract_many
corpus, index, queries = sys.argv[1:4]
store = IndexStore(Path(index))
store.sync(Path(corpus), extract_many)
service = SearchService(store)
out = {q: [h.path for h in service.search(SearchRequest(query=q, page_size=10)).hits]
       for q in json.loads(Path(queries).read_text())}
print(json.dumps(out))
"""


def previous_rankings(corpus: Path, texts: list[str], work: Path) -> dict[str, list[list[str]]] | None:
    """The previous commit's search over the same files (its own index), cached by query list."""
    key = hashlib.blake2b(json.dumps(sorted(texts)).encode(), digest_size=8).hexdigest()
    cached = CACHE / f"previous-{PREVIOUS_COMMIT}-{key}.json"
    if cached.exists():
        return json.loads(cached.read_text("utf-8"))
    tree = work / "previous"
    tree.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", PREVIOUS_COMMIT, "archive", "indexer"],
        capture_output=True,
    )
    if archive.returncode != 0:
        print(f"note: previous ranking skipped: git archive {PREVIOUS_COMMIT} failed", file=sys.stderr)
        return None
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
    (work / "queries.json").write_text(json.dumps(texts))
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            _PREVIOUS_SCRIPT,
            str(corpus),
            str(work / "previous-index"),
            str(work / "queries.json"),
        ],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        print(f"note: previous ranking failed: {done.stderr[-500:]}", file=sys.stderr)
        return None
    rankings = {q: [[p] for p in paths] for q, paths in json.loads(done.stdout).items()}
    CACHE.mkdir(parents=True, exist_ok=True)
    cached.write_text(json.dumps(rankings), "utf-8")
    return rankings


# -- the run ---------------------------------------------------------------------------------------
def solr_search(corpus: Path, work: Path):
    """Arsip on the local SolrCloud cluster (`make cluster-up`), the same files in a collection of
    its own, for the same queries: the other backend measured by the same yardstick."""
    from archive.solr import SolrStore
    from archive.solr_collection import SolrCollection
    from archive.solr_search import SolrSearch
    from cluster.local import create_collection, read_state

    state = read_state()
    if not state:
        sys.exit("no SolrCloud cluster: run `make cluster-up` first")
    create_collection(state["solr_urls"][0], "arsip_eval")
    store = SolrStore(work / "solr", SolrCollection(state["solr_urls"], name="arsip_eval"))
    store.sync(corpus, extract_many, rebuild=True)
    return SolrSearch(store)


def evaluate(shared: Path, with_previous: bool = True, with_solr: bool = False) -> dict:
    sets = query_sets(shared)
    texts = sorted({q.text for queries in sets.values() for q in queries})
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        corpus = work / "corpus"
        copy_corpus(shared, corpus)
        store = IndexStore(work / "index")
        store.sync(corpus, extract_many)
        service = SearchService(store)
        story_of = story_equivalents(store)
        paths = sorted(p.relative_to(corpus).as_posix() for p in corpus.rglob("*") if p.is_file())
        articles = [a for a in extract_many(corpus, paths) if isinstance(a, Article)]
        (work / "whoosh").mkdir()
        systems: dict[str, Callable] = {"Arsip": arsip_system(service)}
        solr = solr_search(corpus, work) if with_solr else None
        if solr is not None:
            systems["Arsip on Solr"] = arsip_system(solr)
        if with_previous:
            previous = previous_rankings(corpus, texts, work)
            if previous is not None:
                systems["previous"] = lambda text, previous=previous: previous.get(text, [])
        systems.update(whoosh_baseline(articles, work / "whoosh"))
        systems["FTS5 OR"] = fts5_baseline(articles)
        related = related_precision(service, sets.get("topics", []), solr)
        results = {}
        for name, queries in sets.items():
            rows = []
            for q in queries:
                relevant = [story_of(p) for p in sorted(q.relevant)]
                ranked = {system: rank(q.text) for system, rank in systems.items()}
                scores = {system: measure(groups, relevant) for system, groups in ranked.items()}
                rows.append({"query": q, "scores": scores, "top": ranked["Arsip"][:3], "ranked": ranked})
            results[name] = rows
    return {"sets": results, "systems": list(systems), "related": related}


def related_precision(service: SearchService, topics: list[Query], solr=None) -> dict[str, tuple[int, int]]:
    """Related articles judged against the topic set: for the first three articles of each topic
    with 4-15 relevant ones, how many of the (up to) five listed are in the same topic; Arsip's
    list beside Whoosh's own more-like-this (what the article page listed before)."""
    from archive.records import unpack

    searcher = service.searchers.searcher()
    counts = {"Arsip": [0, 0], "Whoosh more_like": [0, 0]}
    if solr is not None:
        counts["Arsip on Solr"] = [0, 0]
    for topic in topics:
        members = sorted(topic.relevant)
        if not 4 <= len(members) <= 15:
            continue
        for seed in members[:3]:
            article = service.article(article_id(seed))
            if article is None:  # an exact copy: not indexed
                continue
            ours = [h.path for h in service.related(article)]
            docnum = searcher.document_number(id=article.id)
            theirs = []
            for hit in searcher.more_like(
                docnum, "body", text=f"{article.title}\n{article.body}", top=15, numterms=15
            ):
                other = unpack(hit["record"])
                if other.title.casefold() != article.title.casefold() and len(theirs) < 5:
                    theirs.append(other.path)
            lists = [("Arsip", ours), ("Whoosh more_like", theirs)]
            if solr is not None:
                lists.append(("Arsip on Solr", [h.path for h in solr.related(article)]))
            for name, listed in lists:
                counts[name][0] += sum(p in topic.relevant for p in listed)
                counts[name][1] += len(listed)
    return {name: (good, shown) for name, (good, shown) in counts.items()}


def story_equivalents(store: IndexStore) -> Callable[[str], set[str]]:
    """path -> every path of its story: itself, its exact copies, its near-duplicate versions."""
    copies = store.duplicates()  # skipped copy -> indexed original
    register = store.register()
    try:
        members = register.story_paths()
    finally:
        register.close()
    story_by_path = {p: s for s, ps in members.items() for p in ps}

    def equivalents(path: str) -> set[str]:
        original = copies.get(path, path)
        story = story_by_path.get(original)
        found = set(members.get(story, [])) | {path, original}
        found |= {p for p, o in copies.items() if o in found}
        return found

    return equivalents


def _overlap(row: dict) -> float:
    """Share of the shorter top ten (lead articles) that the two backends both list."""
    return top_overlap(
        [g[0] for g in row["ranked"]["Arsip"][:K]], [g[0] for g in row["ranked"]["Arsip on Solr"][:K]]
    )


def report(result: dict, misses: str | None = "tuning") -> str:
    systems = result["systems"]
    headers = ["query set", "half", "n"] + [f"{s} MRR / R@10" for s in systems]
    if "Arsip on Solr" in systems:
        headers.append("top-10 overlap Whoosh/Solr")
    rows, lines = [], []
    for name, items in result["sets"].items():
        for half in ("tuning", "locked", "all"):
            chosen = [r for r in items if half == "all" or r["query"].half == half]
            if not chosen:
                continue
            cells = []
            for system in systems:
                mrr = sum(r["scores"][system][0] for r in chosen) / len(chosen)
                recall = sum(r["scores"][system][1] for r in chosen) / len(chosen)
                cells.append(f"{mrr:.3f} / {recall:.3f}")
            if "Arsip on Solr" in systems:
                cells.append(f"{sum(map(_overlap, chosen)) / len(chosen):.3f}")
            rows.append([name, half, len(chosen), *cells])
        for r in items:
            rr, recall = r["scores"]["Arsip"]
            if misses in (r["query"].half, "all") and (rr < 1.0 or recall < 1.0):
                want = sorted(r["query"].relevant)
                lines.append(
                    f"  [{name}] {r['query'].text!r} rr={rr:.2f} R={recall:.2f} want {want} got {r['top']}"
                )
    out = [table(rows, headers)]
    related = result.get("related") or {}
    if related:
        out.append(
            "\nRelated articles in the same judged topic (precision of the lists shown): "
            + "; ".join(
                f"{name} {good / max(1, shown):.3f} ({good}/{shown})"
                for name, (good, shown) in related.items()
            )
        )
    if lines:
        out.append(f"Arsip's misses ({misses} half):")
        out.extend(lines)
    return "\n".join(out)
