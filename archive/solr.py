"""The Arsip collection on a SolrCloud cluster: the connection, the document mapping and the
store a sync writes to (the same archive.sync plan as the Whoosh index, through a Solr sink).

Text fields are sent already analysed by Arsip's Indonesian analyzer (stems, folded forms, no
stopwords), one token per space; the collection's schema (cluster/configset) only splits on
whitespace, so Solr and Whoosh match the same terms at the same positions. The corpus stays the
source of truth; skipped.json, the last sync and the duplicate register live in a local folder
beside it, as for the Whoosh index.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import threading
import time
from pathlib import Path

import requests

from archive.analysis import exact_analyzer, stemming_analyzer
from archive.article import Article
from archive.corpus import Corpus
from archive.schema import FACET_FIELDS, SCHEMA_VERSION, to_document, unpack
from archive.stories import StoryRegister
from archive.sync import BATCH, REBUILD_BATCH, Sync, SyncedStore, SyncPlan, SyncReport, plan, still_skipped

ANALYSED = {
    "title": stemming_analyzer,
    "body": stemming_analyzer,
    "meta": stemming_analyzer,
    "title_exact": exact_analyzer,
}
TIMEOUT = 60
DELETE_CHUNK = 500  # paths per delete-by-query (Solr's boolean clause limit is 1,024)
RETRY_SECONDS = 30  # how long a request keeps trying other nodes while one is down


class SolrUnavailable(RuntimeError):
    """No node of the cluster answered; the message names the nodes tried."""


class SolrCollection:
    """One collection on a cluster, reached through any live node: a request that finds a node
    down tries the next (node URLs from ARSIP_SOLR_URL, or the live nodes ZooKeeper lists)."""

    def __init__(self, urls: list[str] | None = None, zk: str | None = None, name: str = "arsip"):
        if not urls and not zk:
            raise ValueError("the Solr backend needs ARSIP_SOLR_URL or ARSIP_SOLR_ZK")
        self.urls, self.zk, self.name = [u.rstrip("/") for u in urls or []], zk, name
        self.http = requests.Session()
        self._zk_client = None
        self._lock = threading.Lock()

    def nodes(self) -> list[str]:
        if self.zk:
            live = self._zookeeper().get_children("/live_nodes")
            return [f"http://{node.replace('_solr', '/solr')}" for node in sorted(live)] or self.urls
        return self.urls

    def _zookeeper(self):
        """One ZooKeeper session per collection, opened on first use: reading the live nodes is
        then one round trip, not a connection per request."""
        with self._lock:
            if self._zk_client is None:
                from kazoo.client import KazooClient

                client = KazooClient(hosts=self.zk, timeout=10)
                client.start(timeout=10)
                self._zk_client = client
            return self._zk_client

    def request(self, method: str, handler: str, **kwargs) -> dict:
        deadline = time.monotonic() + RETRY_SECONDS
        tried: list[str] = []
        while True:
            for node in self.nodes():
                try:
                    response = self.http.request(
                        method, f"{node}/{self.name}/{handler}", timeout=TIMEOUT, **kwargs
                    )
                except requests.ConnectionError:
                    tried.append(node)
                    continue
                if response.status_code in (502, 503):  # the node is up but its replica is not
                    tried.append(node)
                    continue
                if not response.ok:
                    raise SolrUnavailable(
                        f"Solr {handler}: HTTP {response.status_code}: {response.text[:300]}"
                    )
                return response.json()
            if time.monotonic() > deadline:
                raise SolrUnavailable(
                    f"no Solr node answered for {self.name}: {', '.join(dict.fromkeys(tried))}"
                )
            time.sleep(0.5)

    def select(self, body: dict) -> dict:
        return self.request("POST", "select", json=body)

    def update(self, commands: list | dict, commit: bool = True) -> None:
        params = {"commit": "true"} if commit else {"commitWithin": "1000"}
        self.request("POST", "update", params=params, json=commands)

    def get(self, ids: list[str], fields: str = "id,path,stamp,record") -> list[dict]:
        if not ids:
            return []
        found = self.request("GET", "get", params={"ids": ",".join(ids), "fl": fields})
        return found.get("response", {}).get("docs", [])

    def count(self) -> int:
        return self.select({"query": "*:*", "limit": 0})["response"]["numFound"]

    def match_counts(self, queries: list[str]) -> tuple[int, list[int]]:
        """(articles in the collection, articles matching each query) in one request."""
        facet = {f"q{i}": {"type": "query", "q": text} for i, text in enumerate(queries)}
        answer = self.select({"query": "*:*", "limit": 0, **({"facet": facet} if facet else {})})
        counts = answer.get("facets", {})
        return answer["response"]["numFound"], [
            counts.get(f"q{i}", {}).get("count", 0) for i in range(len(queries))
        ]

    def ping(self) -> bool:
        try:
            self.request("GET", "admin/ping", params={"distrib": "true"})
        except SolrUnavailable:
            return False
        return True


def solr_document(article: Article, stamp: str) -> dict:
    """The Whoosh document of an article, as Solr stores it: text fields as analysed tokens, facet
    fields as value lists, the record as base64."""
    document = to_document(article, stamp)
    out = {}
    for name, value in document.items():
        if name in ANALYSED:
            out[name] = " ".join(token.text for token in _analyser(name)(value))
        elif name in FACET_FIELDS:
            out[name] = [v for v in value.split("\n") if v]
        elif name == "record":
            out[name] = base64.b64encode(value).decode("ascii")
        else:
            out[name] = value
    return out


@functools.cache
def _analyser(name: str):
    return ANALYSED[name]()


def article_of(document: dict) -> Article:
    return unpack(base64.b64decode(document["record"]))


class SolrBatch:
    def __init__(self, collection: SolrCollection):
        self.collection = collection
        self.adds: dict[str, dict] = {}
        self.deletes: list[str] = []

    def put(self, article: Article, stamp: str, replace: bool) -> None:
        self.adds[article.path] = solr_document(article, stamp)  # the id follows the path: overwrites

    def delete(self, path: str) -> None:
        self.adds.pop(path, None)
        self.deletes.append(path)

    def has(self, path: str) -> bool:
        return path in self.adds or bool(_by_path(self.collection, [path], "path"))

    def indexed(self, path: str) -> Article | None:
        found = _by_path(self.collection, [path])
        return article_of(found[0]) if found else None

    def send(self) -> None:
        """Deletions first, each request answered before the next: a re-added path is never
        deleted by a removal that arrives after it."""
        for start in range(0, len(self.deletes), DELETE_CHUNK):
            paths = self.deletes[start : start + DELETE_CHUNK]
            self.collection.update({"delete": {"query": _paths_query(paths)}})
        if self.adds:
            self.collection.update(list(self.adds.values()))


class SolrSink:
    def __init__(self, collection: SolrCollection):
        self.collection = collection

    @contextlib.contextmanager
    def batch(self):
        writes = SolrBatch(self.collection)
        yield writes
        writes.send()

    def count(self) -> int:
        return self.collection.count()


def _by_path(
    collection: SolrCollection, paths: list[str], fields: str = "id,path,stamp,record"
) -> list[dict]:
    body = {"query": _paths_query(paths), "fields": fields, "limit": len(paths)}
    return collection.select(body)["response"]["docs"]


def _paths_query(paths: list[str]) -> str:
    return " OR ".join(f"path:{quote(p)}" for p in paths)


def quote(value: str) -> str:
    """A value as one Lucene phrase term: "..." with quotes and backslashes escaped."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


class SolrStore(SyncedStore):
    """The archive on a Solr collection, kept in step with corpus/ as IndexStore keeps Whoosh."""

    def __init__(self, root: Path, collection: SolrCollection):
        self.root = Path(root)
        self.collection = collection

    def exists(self) -> bool:
        return self.collection.ping()

    def current_generation(self) -> str:
        return f"solr:{self.collection.name}"

    def generation_dir(self) -> Path:
        return self.root

    def schema_version(self) -> int | None:
        return SCHEMA_VERSION

    def size_bytes(self) -> int:
        return 0  # held by the cluster, not on this machine

    def register(self) -> StoryRegister:
        return StoryRegister(self.root / "stories.sqlite")

    def stamps(self, only: set[str] | None = None) -> dict[str, str]:
        if only is not None:
            return (
                {d["path"]: d.get("stamp", "") for d in _by_path(self.collection, sorted(only), "path,stamp")}
                if only
                else {}
            )
        out, cursor = {}, "*"
        while True:
            body = {
                "query": "*:*",
                "fields": "path,stamp",
                "limit": 5000,
                "sort": "id asc",
                "params": {"cursorMark": cursor},
            }
            answer = self.collection.select(body)
            out.update({d["path"]: d.get("stamp", "") for d in answer["response"]["docs"]})
            if answer["nextCursorMark"] == cursor:
                return out
            cursor = answer["nextCursorMark"]

    def document_count(self) -> int:
        return self.collection.count()

    def _sync(self, corpus, extract_many, progress, scope, rebuild, retry_failed) -> SyncReport:
        """`rebuild` empties the collection first; otherwise only what changed is sent."""
        self.root.mkdir(parents=True, exist_ok=True)
        if rebuild:
            self.collection.update({"delete": {"query": "*:*"}})
            (self.root / "skipped.json").unlink(missing_ok=True)
            scope = None
        files, refused = corpus.scan() if scope is None else corpus.stat(scope)
        known = self.stamps(scope)
        skipped = still_skipped(self.skipped(), scope, retry_failed)
        work = plan(corpus, files, refused, known, skipped, scope, self._indexed)
        report = Sync(
            SolrSink(self.collection), self.root, corpus.root, work, set(known), full=scope is None
        ).run(extract_many, progress, REBUILD_BATCH if rebuild else BATCH)
        report.rebuilt, report.rebuild_reason = rebuild, "asked for" if rebuild else None
        return report

    def pending(self, corpus: Path) -> SyncPlan:
        corpus = Corpus(corpus)
        files, refused = corpus.scan()
        return plan(
            corpus, files, refused, self.stamps(), still_skipped(self.skipped(), None), None, self._indexed
        )

    def _indexed(self, path: str) -> bool:
        return bool(_by_path(self.collection, [path], "path"))
