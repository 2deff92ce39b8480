"""Two rebuilds of one archive on the cluster (two newsrooms, or `arsip index --rebuild` beside
the admin page's rebuild): the second says that one is running and leaves its collection alone;
a rebuild that stopped without a word no longer blocks the next one."""

from __future__ import annotations

import shutil
import time

import pytest
from click.testing import CliRunner

from archive.solr_lease import LEASE_SECONDS, PROPERTY, Claim, RebuildLease, RebuildRunning
from arsip.cli import main
from tests.articles import SAMPLES
from tests.backends.conftest import solr_engine

pytestmark = pytest.mark.cluster


@pytest.fixture
def rebuilt(cluster, tmp_path):
    """The test archive after one rebuild: its name is then an alias, which holds the claim."""
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLES, corpus)
    engine = solr_engine(cluster, corpus, tmp_path / "solr")
    engine.sync(rebuild=True)
    return engine


def claim_from_elsewhere(collection, building: str, seconds_ago: float) -> None:
    claim = Claim(building, "ruang-redaksi-lain:4242", time.time() - seconds_ago)
    collection.admin("ALIASPROP", name=collection.name, **{f"property.{PROPERTY}": str(claim)})


def test_a_second_rebuild_stops_and_leaves_the_running_one_alone(rebuilt, cluster, monkeypatch, tmp_path):
    collection = rebuilt.store.collection
    live = collection.backing()
    theirs = f"{collection.name}_gen999999"  # the other machine's build in progress
    collection.admin("CREATE", name=theirs, waitForFinalState="true", **collection.layout(live))
    claim_from_elsewhere(collection, theirs, seconds_ago=30)
    try:
        with pytest.raises(RebuildRunning, match="ruang-redaksi-lain:4242") as refused:
            rebuilt.sync(rebuild=True)
        assert theirs in str(refused.value)
        assert theirs in collection.collections() and collection.backing() == live
        assert rebuilt.find("").archive_total == 5  # searches go on answering from the live archive

        monkeypatch.setenv("ARSIP_BACKEND", "solr")
        monkeypatch.setenv("ARSIP_SOLR_URL", ",".join(cluster["solr_urls"]))
        monkeypatch.setenv("ARSIP_SOLR_COLLECTION", collection.name)
        cli = CliRunner().invoke(
            main, ["index", "--rebuild", "--corpus", str(rebuilt.corpus), "--index", str(tmp_path / "solr")]
        )
        assert cli.exit_code == 1 and "another rebuild" in cli.output and "Traceback" not in cli.output
    finally:
        claim_from_elsewhere(collection, theirs, seconds_ago=LEASE_SECONDS + 60)  # it stopped

    report = rebuilt.sync(rebuild=True)  # takes over: the abandoned build is removed
    assert report.rebuilt and report.total == 5
    assert theirs not in collection.collections()
    assert RebuildLease(collection).holder() is None  # released once the new build is live
    assert rebuilt.find("").archive_total == 5
