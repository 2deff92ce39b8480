"""Start and stop a local SolrCloud cluster: ZooKeeper and two Solr nodes as separate processes on
free loopback ports, and the Arsip collection (2 shards x 2 replicas) made from cluster/configset.

    python -m cluster.local up      # writes var/cluster/cluster.json
    python -m cluster.local down

The nodes run from Maven Central artifacts (cluster/pom.xml): no Solr tarball, no Docker. Each is
a JVM of its own, so killing one is a real node failure; `start_node` brings it back as it was.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import requests

from archive.solr_collection import SolrCollection

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
STATE = ROOT / "var" / "cluster"
CONFIGSET = HERE / "configset"
COLLECTION = "arsip"
SHARDS, REPLICAS, NODES = 2, 2, 2
NODE_HEAP, ZK_HEAP = "512m", "256m"
START_SECONDS = 120


class ClusterError(RuntimeError):
    """The cluster could not be started; the message says which part and where its log is."""


def build() -> str:
    """Compile the node launcher and resolve Solr's jars (Maven caches them): the class path."""
    target = HERE / "target"
    classpath = target / "classpath.txt"
    sources = [HERE / "pom.xml", *sorted((HERE / "src").rglob("*.java"))]
    if not classpath.exists() or classpath.stat().st_mtime < max(p.stat().st_mtime for p in sources):
        subprocess.run(
            [
                "mvn",
                "-q",
                "-B",
                "-f",
                str(HERE / "pom.xml"),
                "package",
                "dependency:build-classpath",
                f"-Dmdep.outputFile={classpath}",
            ],
            check=True,
        )
    return f"{target / 'classes'}{os.pathsep}{classpath.read_text().strip()}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _spawn(name: str, command: list[str]) -> int:
    """Start a process in a session of its own (killing its group is a machine failure), its output
    appended to var/cluster/<name>.log; it outlives this command."""
    program = shutil.which(command[0])
    if program is None:
        raise ClusterError(f"{command[0]} not found: the cluster needs Java 17 (and Maven to build)")
    log = str(STATE / f"{name}.log")
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644),
        (os.POSIX_SPAWN_DUP2, 1, 2),
    ]
    return os.posix_spawn(program, command, os.environ, file_actions=actions, setsid=True)


def start_zookeeper(classpath: str, port: int) -> int:
    data = STATE / "zookeeper"
    data.mkdir(parents=True, exist_ok=True)
    config = STATE / "zoo.cfg"
    config.write_text(
        f"tickTime=2000\ndataDir={data}\nclientPort={port}\nclientPortAddress=127.0.0.1\n"
        "admin.enableServer=false\n4lw.commands.whitelist=ruok,mntr\n"
    )
    java = ["java", f"-Xmx{ZK_HEAP}", "-cp", classpath, "org.apache.zookeeper.server.ZooKeeperServerMain"]
    return _spawn("zookeeper", [*java, str(config)])


def start_node(classpath: str, name: str, port: int, zk: str) -> int:
    java = ["java", f"-Xmx{NODE_HEAP}", f"-Dsolr.log.dir={STATE}", "-cp", classpath, "arsip.cluster.SolrNode"]
    return _spawn(name, [*java, str(STATE / name), str(port), zk])


def wait_for_zookeeper(port: int) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2) as connection:
                connection.sendall(b"ruok")
                if connection.recv(4) == b"imok":
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise ClusterError(f"ZooKeeper did not answer on port {port}; see {STATE / 'zookeeper.log'}")


def wait_for_node(url: str, name: str) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{url}/admin/info/system", params={"wt": "json"}, timeout=5).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise ClusterError(f"Solr node {name} did not start at {url}; see {STATE / (name + '.log')}")


def configset_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(CONFIGSET.iterdir()):
            archive.write(path, path.name)
    return buffer.getvalue()


def create_collection(url: str, name: str = COLLECTION) -> None:
    """Upload the configset from the repo and create the collection (kept if it exists, as a
    collection or as the alias a rebuild made: its articles survive a restart of the cluster)."""
    upload = requests.post(
        f"{url}/admin/configs",
        params={"action": "UPLOAD", "name": name, "overwrite": "true", "cleanup": "true"},
        data=configset_zip(),
        headers={"Content-Type": "application/octet-stream"},
        timeout=60,
    )
    _check(upload, "configset upload")
    collection = SolrCollection([url], name=name)
    existing = collection.backing()
    if existing:
        _check(
            requests.get(
                f"{url}/admin/collections", params={"action": "RELOAD", "name": existing}, timeout=120
            ),
            "collection reload",
        )
        collection.wait_until_active(existing)
        return
    created = requests.get(
        f"{url}/admin/collections",
        params={
            "action": "CREATE",
            "name": name,
            "numShards": SHARDS,
            "replicationFactor": REPLICAS,
            "collection.configName": name,
            "waitForFinalState": "true",
        },
        timeout=300,
    )
    _check(created, "collection create")


def _check(response: requests.Response, what: str) -> None:
    if not response.ok:
        raise ClusterError(f"{what}: HTTP {response.status_code}: {response.text[:500]}")


def up() -> dict:
    state = read_state()
    if state and all(_alive(pid) for pid in state["pids"].values()):
        return state
    if state:
        down()
    STATE.mkdir(parents=True, exist_ok=True)
    classpath = build()
    zk_port = free_port()
    zk = f"127.0.0.1:{zk_port}"
    pids = {"zookeeper": start_zookeeper(classpath, zk_port)}
    wait_for_zookeeper(zk_port)
    ports = {}
    for number in range(1, NODES + 1):
        name = f"node{number}"
        ports[name] = free_port()
        pids[name] = start_node(classpath, name, ports[name], zk)
    urls = [f"http://127.0.0.1:{port}/solr" for port in ports.values()]
    for name, url in zip(ports, urls, strict=True):
        wait_for_node(url, name)
    state = {"solr_urls": urls, "zk": zk, "collection": COLLECTION, "pids": pids, "ports": ports}
    write_state(state)
    create_collection(urls[0])
    return state


def down() -> None:
    state = read_state()
    if not state:
        return
    for pid in state["pids"].values():
        _signal(pid, signal.SIGTERM)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(_alive(pid) for pid in state["pids"].values()):
        time.sleep(0.3)
    for pid in state["pids"].values():
        _signal(pid, signal.SIGKILL)
    (STATE / "cluster.json").unlink(missing_ok=True)


def restart_node(name: str) -> None:
    """Start a node that was killed, on its old port and home: it rejoins and recovers."""
    state = read_state()
    state["pids"][name] = start_node(build(), name, state["ports"][name], state["zk"])
    write_state(state)
    wait_for_node(f"http://127.0.0.1:{state['ports'][name]}/solr", name)


def read_state() -> dict | None:
    try:
        return json.loads((STATE / "cluster.json").read_text())
    except (FileNotFoundError, ValueError):
        return None


def write_state(state: dict) -> None:
    (STATE / "cluster.json").write_text(json.dumps(state, indent=2) + "\n")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    try:  # a zombie of ours is not alive
        return os.waitpid(pid, os.WNOHANG) == (0, 0)
    except ChildProcessError:
        return True


def _signal(pid: int, sig: int) -> None:
    with contextlib.suppress(OSError):
        os.killpg(pid, sig)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cluster.local", description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["up", "down", "status"])
    action = parser.parse_args(argv).action
    try:
        if action == "up":
            started = time.monotonic()
            state = up()
            print(
                f"cluster up in {time.monotonic() - started:.0f} s: {', '.join(state['solr_urls'])} "
                f"(ZooKeeper {state['zk']}, collection {state['collection']}); {STATE / 'cluster.json'}"
            )
        elif action == "down":
            down()
            print("cluster down")
        else:
            state = read_state()
            print(json.dumps(state, indent=2) if state else "no cluster")
    except (ClusterError, subprocess.CalledProcessError) as error:
        print(f"cluster: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
