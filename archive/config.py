"""Configuration in one place: defaults, then the environment (ARSIP_*), then explicit values.

Every ARSIP_* variable is read here and nowhere else:
ARSIP_CORPUS, ARSIP_INDEX (folders), ARSIP_USERS (accounts file), ARSIP_SECRET_KEY (session
signing), ARSIP_SECURE_COOKIES=1 (behind HTTPS), ARSIP_WORKERS (extraction processes),
ARSIP_BACKEND (search engine: whoosh, or solr with ARSIP_SOLR_URL -- node URLs, comma-separated --
or ARSIP_SOLR_ZK -- ZooKeeper hosts -- and ARSIP_SOLR_COLLECTION).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DEFAULT_CORPUS = "corpus"
DEFAULT_INDEX = "var/index"
BACKENDS = ("whoosh", "solr")
DEFAULT_COLLECTION = "arsip"


@dataclass(frozen=True)
class Paths:
    """Where the raw files live (the source of truth) and where the derived index lives."""

    corpus: Path
    index: Path

    @classmethod
    def resolve(
        cls,
        corpus: str | os.PathLike | None = None,
        index: str | os.PathLike | None = None,
        environ: Mapping[str, str] = os.environ,
    ) -> Paths:
        corpus = corpus or environ.get("ARSIP_CORPUS") or DEFAULT_CORPUS
        index = index or environ.get("ARSIP_INDEX") or DEFAULT_INDEX
        return cls(corpus=Path(corpus).resolve(), index=Path(index).resolve())

    @property
    def users(self) -> Path:
        """The archivist accounts file beside the index (unless ARSIP_USERS says otherwise)."""
        return self.index.parent / "users.json"


@dataclass(frozen=True)
class Settings:
    """Everything an Arsip process is configured with."""

    paths: Paths
    users: Path
    secret_key: str | None
    secure_cookies: bool
    backend: str
    solr_urls: tuple[str, ...] = ()
    solr_zk: str | None = None
    solr_collection: str = DEFAULT_COLLECTION

    @classmethod
    def resolve(
        cls,
        corpus: str | os.PathLike | None = None,
        index: str | os.PathLike | None = None,
        users: str | os.PathLike | None = None,
        environ: Mapping[str, str] = os.environ,
        backend: str | None = None,
    ) -> Settings:
        paths = Paths.resolve(corpus, index, environ)
        backend = (backend or environ.get("ARSIP_BACKEND", "whoosh")).strip().lower() or "whoosh"
        if backend not in BACKENDS:
            raise ValueError(f"ARSIP_BACKEND={backend!r}: choose one of {', '.join(BACKENDS)}")
        urls = tuple(u.strip() for u in environ.get("ARSIP_SOLR_URL", "").split(",") if u.strip())
        zk = environ.get("ARSIP_SOLR_ZK", "").strip() or None
        if backend == "solr" and not urls and not zk:
            raise ValueError(
                "ARSIP_BACKEND=solr needs ARSIP_SOLR_URL (node URLs) or ARSIP_SOLR_ZK (ZooKeeper)"
            )
        return cls(
            paths=paths,
            users=Path(users or environ.get("ARSIP_USERS") or paths.users).resolve(),
            secret_key=environ.get("ARSIP_SECRET_KEY") or None,
            secure_cookies=environ.get("ARSIP_SECURE_COOKIES", "") == "1",
            backend=backend,
            solr_urls=urls,
            solr_zk=zk,
            solr_collection=environ.get("ARSIP_SOLR_COLLECTION", "").strip() or DEFAULT_COLLECTION,
        )


def worker_count(environ: Mapping[str, str] = os.environ) -> int:
    """Extraction processes: ARSIP_WORKERS, else one per core (never more than the cores)."""
    cores = os.cpu_count() or 1
    try:
        asked = int(environ.get("ARSIP_WORKERS", "0"))
    except ValueError:
        asked = 0
    return max(1, min(cores, asked or cores))
