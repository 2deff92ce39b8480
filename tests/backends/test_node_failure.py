"""A Solr node killed (SIGKILL) while reporters search and an archivist uploads: searches keep
answering with every article (the other node holds a replica of each shard), the upload either
lands or fails with a clear message, nothing is lost, and the node rejoins after a restart."""

from __future__ import annotations

import os
import shutil
import signal
import threading
import time

import pytest
import requests

from archive.solr_collection import SolrUnavailable
from indexer.pipeline import extract_many
from tests.articles import SAMPLES, write_article
from tests.backends.conftest import TEST_COLLECTION, solr_engine

pytestmark = [pytest.mark.cluster, pytest.mark.slow]
OUTAGE_SECONDS = 8
RECOVERY_SECONDS = 120


def _replicas_active(url: str) -> bool:
    status = requests.get(
        f"{url}/admin/collections",
        params={"action": "CLUSTERSTATUS", "collection": TEST_COLLECTION},
        timeout=30,
    ).json()
    (collection,) = status["cluster"]["collections"].values()  # the alias's target after a rebuild
    shards = collection["shards"].values()
    return all(r["state"] == "active" for shard in shards for r in shard["replicas"].values())


def test_searches_survive_a_killed_node_and_it_rejoins(cluster, tmp_path):
    from cluster.local import read_state, restart_node

    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLES, corpus)
    engine = solr_engine(cluster, corpus, tmp_path / "solr")
    engine.sync()
    assert engine.find("").total == 5

    answers: list[int] = []
    errors: list[str] = []
    stop = threading.Event()

    def search_all_the_time():
        while not stop.is_set():
            try:
                answers.append(engine.find("pelayanan publik").total)
            except Exception as error:  # noqa: BLE001 - every failure is what the test reports
                errors.append(repr(error))

    reader = threading.Thread(target=search_all_the_time)
    reader.start()
    time.sleep(1)
    os.killpg(read_state()["pids"]["node2"], signal.SIGKILL)
    try:
        time.sleep(1)
        write_article(
            corpus, "saat-gangguan.txt", "Pemkab Tuban Buka MPP", "Tuban", "7/10/2024", "membuka MPP"
        )
        try:
            upload = engine.store.sync(corpus, extract_many, only=["saat-gangguan.txt"])
            uploaded = upload.added == ["saat-gangguan.txt"]
        except SolrUnavailable as error:
            assert "Solr" in str(error)
            uploaded = False
        time.sleep(OUTAGE_SECONDS)
    finally:
        stop.set()
        reader.join()
        restart_node("node2")  # whatever happened, the cluster is whole again for the next test

    assert not errors, errors[:3]
    # complete results throughout: the five articles, then six once the upload landed
    assert len(answers) > 5 and set(answers) <= {5, 6} and answers == sorted(answers), answers
    assert answers[-1] == (6 if uploaded else 5)

    deadline = time.monotonic() + RECOVERY_SECONDS
    url = read_state()["solr_urls"][0]
    while not _replicas_active(url):
        assert time.monotonic() < deadline, "node2's replicas did not recover"
        time.sleep(1)
    engine.sync()  # what the outage may have left unindexed is indexed now; nothing is lost
    assert engine.find("").archive_total == 6
    assert engine.find("Tuban").total == 1, uploaded
