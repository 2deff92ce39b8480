"""The Arsip collection on a SolrCloud cluster: the document mapping and the store a sync
writes to (the same archive.sync plan as the Whoosh index, through a Solr sink).

Text fields are sent already analysed by Arsip's Indonesian analyzer (stems, folded forms, no
stopwords), one token per space; the collection's schema (cluster/configset) only splits on
whitespace, so Solr and Whoosh match the same terms at the same positions. The corpus stays the
source of truth; skipped.json, the last sync and the duplicate register live in a local folder
beside it, as for the Whoosh index.

The configured name is a Solr alias: a rebuild fills a new collection (`<name>_gen000002`, the
live one's configset and shard layout) and then points the alias at it, as the Whoosh store swaps
generations -- searches see the whole old archive until the swap, never a half-built one. A
name that is still a plain collection becomes an alias on its first rebuild. One rebuild runs at
a time, whichever machine starts it (archive.solr_lease).
"""

from __future__ import annotations

import base64
import contextlib
import functools
import os
import shutil
from pathlib import Path

from archive.analysis import exact_analyzer, stemming_analyzer
from archive.article import Article
from archive.corpus import Corpus
from archive.records import unpack
from archive.schema import FACET_FIELDS, SCHEMA_VERSION, to_document
from archive.solr_collection import SolrCollection, SolrUnavailable, quote
from archive.solr_lease import RebuildLease
from archive.stories import StoryRegister
from archive.sync import (
    BATCH,
    REBUILD_BATCH,
    Sync,
    SyncedStore,
    read_json,
)
from archive.sync_plan import SyncPlan, SyncReport, plan, still_skipped

ANALYSED = {
    "title": stemming_analyzer,
    "body": stemming_analyzer,
    "meta": stemming_analyzer,
    "title_exact": exact_analyzer,
}
DELETE_CHUNK = 500  # paths per delete-by-query (Solr's boolean clause limit is 1,024)
BUILD_FOLDER = "building"  # beside the live local state: a rebuild's skipped.json and register


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


class SolrStore(SyncedStore):
    """The archive on a Solr collection, kept in step with corpus/ as IndexStore keeps Whoosh."""

    def __init__(self, root: Path, collection: SolrCollection):
        self.root = Path(root)
        self.collection = collection

    def exists(self) -> bool:
        return self.collection.ping()

    def current_generation(self) -> str:
        """The alias and the collection it points at, as the admin page shows them."""
        try:
            backing = self.collection.backing()
        except SolrUnavailable:
            backing = None
        name = self.collection.name
        return f"solr:{name}" + (f" -> {backing}" if backing and backing != name else "")

    def generation_dir(self) -> Path:
        return self.root

    def schema_version(self) -> int | None:
        return SCHEMA_VERSION

    def size_bytes(self) -> int:
        return 0  # held by the cluster, not on this machine

    def register(self) -> StoryRegister:
        return StoryRegister(self.root / "stories.sqlite")

    def stamps(
        self, only: set[str] | None = None, collection: SolrCollection | None = None
    ) -> dict[str, str]:
        """path -> stamp for every indexed article (or the paths in `only`), of the live
        collection or of `collection` (a build in progress)."""
        collection = collection or self.collection
        if only is not None:
            return (
                {d["path"]: d.get("stamp", "") for d in _by_path(collection, sorted(only), "path,stamp")}
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
            answer = collection.select(body)
            out.update({d["path"]: d.get("stamp", "") for d in answer["response"]["docs"]})
            if answer["nextCursorMark"] == cursor:
                return out
            cursor = answer["nextCursorMark"]

    def document_count(self) -> int:
        return self.collection.count()

    def _sync(self, corpus, extract_many, progress, scope, rebuild, retry_failed) -> SyncReport:
        """`rebuild` fills a new collection and swaps it in; otherwise only what changed is sent."""
        self.root.mkdir(parents=True, exist_ok=True)
        if rebuild:
            report = self._build(corpus, extract_many, progress)
            report.rebuilt, report.rebuild_reason = True, "asked for"
            return report
        files, refused = corpus.scan() if scope is None else corpus.stat(scope)
        known = self.stamps(scope)
        skipped = still_skipped(self.skipped(), scope, retry_failed)
        work = plan(corpus, files, refused, known, skipped, scope, _indexed_in(self.collection))
        return Sync(
            SolrSink(self.collection), self.root, corpus.root, work, set(known), full=scope is None
        ).run(extract_many, progress, BATCH)

    def _build(self, corpus: Corpus, extract_many, progress) -> SyncReport:
        """The whole corpus into a new collection beside the live one, then the alias swap; an
        interrupted build (its collection and local folder still there) is continued."""
        live = self.collection.backing()
        if live is None:
            raise SolrUnavailable(
                f"the cluster has no collection or alias {self.collection.name!r}: create it from "
                "cluster/configset first (`make cluster-up` does, for the local cluster)"
            )
        lease = RebuildLease(self.collection) if live != self.collection.name else None
        if lease:
            lease.acquire()  # another rebuild running: RebuildRunning, and its build is left alone
        try:
            folder = self.root / BUILD_FOLDER
            building, resumed = self._build_collection(live, folder)
            if lease:
                lease.fills(building.name)
            known = self.stamps(collection=building) if resumed else {}
            earlier = read_json(folder / "skipped.json") if resumed else {}
            files, refused = corpus.scan()
            work = plan(corpus, files, refused, known, earlier, None, _indexed_in(building))
            report = Sync(SolrSink(building), folder, corpus.root, work, set(known), full=True).run(
                extract_many, progress, REBUILD_BATCH
            )
            report.resumed = resumed
            self._swap(live, building.name, folder)
        finally:
            if lease:
                lease.release()  # an interrupted build stays, for the next rebuild to continue
        return report

    def _build_collection(self, live: str, folder: Path) -> tuple[SolrCollection, bool]:
        """The collection a rebuild fills: the interrupted one named in `folder`, or a new
        `<name>_genNNNNNN` laid out as the live one. Builds nobody continues are deleted."""
        prefix = f"{self.collection.name}_gen"
        existing = self.collection.collections()
        marker = folder / "collection"
        started = marker.read_text().strip() if marker.exists() else None
        resumed = started in existing and started != live
        for name in existing:
            if name.startswith(prefix) and name not in (live, started if resumed else None):
                self.collection.admin("DELETE", name=name)  # an abandoned build
        if resumed:
            return self.collection.named(started), True
        shutil.rmtree(folder, ignore_errors=True)
        numbers = [
            int(n[len(prefix) :])
            for n in existing + [live]
            if n.startswith(prefix) and n[len(prefix) :].isdigit()
        ]
        name = f"{prefix}{max(numbers, default=0) + 1:06d}"
        self.collection.admin("CREATE", name=name, waitForFinalState="true", **self.collection.layout(live))
        folder.mkdir(parents=True)
        marker.write_text(name + "\n")
        return self.collection.named(name), False

    def _swap(self, live: str, built: str, folder: Path) -> None:
        """Point the alias at the finished build (one atomic change in ZooKeeper), move its
        local state beside the live one, and delete the collection it replaced. A plain
        collection of the alias's own name is shadowed by the alias at once, then deleted."""
        self.collection.admin("CREATEALIAS", name=self.collection.name, collections=built)
        for name in ("skipped.json", "stories.sqlite", "stories.sqlite-wal", "stories.sqlite-shm"):
            (self.root / name).unlink(missing_ok=True)
            if (folder / name).exists():
                os.replace(folder / name, self.root / name)
        shutil.rmtree(folder, ignore_errors=True)
        if live != built:
            self.collection.admin("DELETE", name=live)

    def pending(self, corpus: Path) -> SyncPlan:
        corpus = Corpus(corpus)
        files, refused = corpus.scan()
        return plan(
            corpus,
            files,
            refused,
            self.stamps(),
            still_skipped(self.skipped(), None),
            None,
            _indexed_in(self.collection),
        )


def _indexed_in(collection: SolrCollection):
    def is_indexed(path: str) -> bool:
        return bool(_by_path(collection, [path], "path"))

    return is_indexed
