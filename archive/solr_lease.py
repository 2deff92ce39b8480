"""One rebuild at a time on a Solr alias, whichever machine starts it.

A rebuild fills a new collection and deletes the builds nobody continues (archive.solr). Two
Arsip processes rebuilding the same archive -- two newsrooms on one cluster, or `arsip index
--rebuild` while the server's admin page rebuilds -- would each take the other's collection for
an abandoned build and delete it. So a rebuild first claims the alias: an alias property (the
Collections API's ALIASPROP, which every node reads from ZooKeeper) names the build, its owner
and when it was last renewed. A second rebuild finds a fresh claim and stops with a message; a
claim not renewed for LEASE_SECONDS, or left by a process of this machine that has ended,
belongs to a build that stopped, which the next rebuild continues or removes.

A name that is still a plain collection (before its first rebuild) has no alias to hold a claim;
that first rebuild runs unclaimed.
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
from dataclasses import dataclass

PROPERTY = "arsip.rebuild"
LEASE_SECONDS = 600.0
RENEW_SECONDS = LEASE_SECONDS / 10


class RebuildRunning(RuntimeError):
    """Another process is rebuilding the same archive; its build is left alone."""

    def __init__(self, message: str, claim: Claim | None = None):
        super().__init__(message)
        self.claim = claim  # the rebuild that holds the alias, when known


@dataclass(frozen=True)
class Claim:
    collection: str  # the build it fills ("-" until it has one)
    owner: str  # host:pid
    renewed: float  # unix seconds

    def __str__(self) -> str:
        return f"{self.collection} {self.owner} {self.renewed:.0f}"

    @classmethod
    def parse(cls, value: str) -> Claim | None:
        parts = value.split()
        if len(parts) != 3:
            return None
        try:
            return cls(parts[0], parts[1], float(parts[2]))
        except ValueError:
            return None

    def stopped(self, now: float) -> bool:
        """Whether the process that claimed has stopped: silent too long, or gone from this host."""
        if now - self.renewed > LEASE_SECONDS:
            return True
        host, _, pid = self.owner.rpartition(":")
        return host == socket.gethostname() and pid.isdigit() and not _running(int(pid))


class RebuildLease:
    """The claim of this process on `collection`'s alias, renewed by a thread while it is held."""

    def __init__(self, collection):
        self.collection = collection  # archive.solr_collection.SolrCollection, named by the alias
        self.owner = f"{socket.gethostname()}:{os.getpid()}"
        self.building = "-"
        self._stop = threading.Event()
        self._renewer: threading.Thread | None = None

    def holder(self) -> Claim | None:
        properties = self.collection.admin("LISTALIASES").get("properties") or {}
        return Claim.parse((properties.get(self.collection.name) or {}).get(PROPERTY, ""))

    def acquire(self) -> None:
        """Claim the alias, or raise RebuildRunning naming the rebuild that holds it."""
        current = self.holder()
        if current and current.owner != self.owner and not current.stopped(time.time()):
            raise RebuildRunning(_message(self.collection.name, current), current)
        self._write()
        current = self.holder()  # two claims at the same moment: the one ZooKeeper kept wins
        if current is None or current.owner != self.owner:
            raise RebuildRunning(_message(self.collection.name, current), current)
        self._renewer = threading.Thread(target=self._renew, name="rebuild-lease", daemon=True)
        self._renewer.start()

    def fills(self, building: str) -> None:
        self.building = building
        self._write()

    def release(self) -> None:
        """Give the claim back. With the cluster unreachable it stays and expires on its own,
        and the error that ended the rebuild is the one reported, not this one."""
        self._stop.set()
        if self._renewer is not None:
            self._renewer.join()
        with contextlib.suppress(Exception):
            current = self.holder()
            if current and current.owner == self.owner:
                self.collection.admin("ALIASPROP", name=self.collection.name, **{f"property.{PROPERTY}": ""})

    def _write(self) -> None:
        claim = Claim(self.building, self.owner, time.time())
        self.collection.admin("ALIASPROP", name=self.collection.name, **{f"property.{PROPERTY}": str(claim)})

    def _renew(self) -> None:
        while not self._stop.wait(RENEW_SECONDS):
            try:
                self._write()
            except Exception:  # noqa: BLE001 - a node down for a moment; the next renewal retries
                continue


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _message(name: str, claim: Claim | None) -> str:
    if claim is None:
        return f"another rebuild of {name!r} claimed it at the same moment; it goes on, this one stops"
    age = time.time() - claim.renewed
    return (
        f"another rebuild of {name!r} is running (by {claim.owner}, filling {claim.collection}, last "
        f"heard {age:.0f} s ago); searches keep using the live archive. Run this one again when it "
        f"has finished, or after {LEASE_SECONDS / 60:.0f} minutes without news from it"
    )
