"""The connection to one collection of a SolrCloud cluster: requests through any live node, the
Collections API, and what the cluster says of its layout."""

from __future__ import annotations

import copy
import threading
import time

import requests

TIMEOUT = 60
RETRY_SECONDS = 30  # how long a request keeps trying other nodes while one is down
ADMIN_TIMEOUT = 300  # creating a collection waits for every replica to be active


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

    def named(self, name: str) -> SolrCollection:
        """Another collection of the same cluster, through the same connections."""
        other = copy.copy(self)
        other.name = name
        return other

    def request(self, method: str, handler: str, **kwargs) -> dict:
        return self._call(method, f"{self.name}/{handler}", **kwargs)

    def admin(self, action: str, **params) -> dict:
        """A Collections API call (CREATE, CREATEALIAS, DELETE, LIST, ...) on any live node."""
        return self._call(
            "GET", "admin/collections", params={"action": action, **params}, timeout=ADMIN_TIMEOUT
        )

    def _call(self, method: str, path: str, timeout: float = TIMEOUT, **kwargs) -> dict:
        deadline = time.monotonic() + RETRY_SECONDS
        tried: list[str] = []
        while True:
            for node in self.nodes():
                try:
                    response = self.http.request(method, f"{node}/{path}", timeout=timeout, **kwargs)
                except requests.ConnectionError:
                    tried.append(node)
                    continue
                if response.status_code in (502, 503):  # the node is up but its replica is not
                    tried.append(node)
                    continue
                if not response.ok:
                    raise SolrUnavailable(f"Solr {path}: HTTP {response.status_code}: {response.text[:300]}")
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

    def backing(self) -> str | None:
        """The collection this name reaches: an alias's target, else the collection of that name
        (None when there is neither)."""
        target = self.admin("LISTALIASES").get("aliases", {}).get(self.name)
        if target:
            return target.split(",")[0]
        return self.name if self.name in self.collections() else None

    def wait_until_active(self, collection: str, seconds: float = ADMIN_TIMEOUT) -> None:
        """Until every replica of `collection` is active on a live node. After a restart on new
        ports ZooKeeper still names the old ones for a while, and requests sent then go nowhere."""
        deadline = time.monotonic() + seconds
        while True:
            cluster = self.admin("CLUSTERSTATUS", collection=collection)["cluster"]
            live = set(cluster.get("live_nodes", []))
            shards = cluster["collections"][collection]["shards"].values()
            replicas = [replica for shard in shards for replica in shard["replicas"].values()]
            if replicas and all(r["state"] == "active" and r["node_name"] in live for r in replicas):
                return
            if time.monotonic() > deadline:
                raise SolrUnavailable(
                    f"the replicas of {collection} did not become active in {seconds:.0f} s"
                )
            time.sleep(0.5)

    def collections(self) -> list[str]:
        return self.admin("LIST").get("collections", [])

    def layout(self, collection: str) -> dict[str, str | int]:
        """The CREATE parameters that give a collection the same configset and shards as this one."""
        status = self.admin("CLUSTERSTATUS", collection=collection)["cluster"]["collections"][collection]
        shards = status["shards"]
        replicas = status.get("replicationFactor") or len(next(iter(shards.values()))["replicas"])
        return {
            "collection.configName": status["configName"],
            "numShards": len(shards),
            "replicationFactor": int(replicas),
        }

    def ping(self) -> bool:
        try:
            self.request("GET", "admin/ping", params={"distrib": "true"})
        except SolrUnavailable:
            return False
        return True


def quote(value: str) -> str:
    """A value as one Lucene phrase term: "..." with quotes and backslashes escaped."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
