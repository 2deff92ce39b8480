"""The single indexing worker of a server process: uploads, deletions, retries and rebuilds are
queued to one thread, so the web app never blocks on the index writer and never runs two syncs.
"""

from __future__ import annotations

import logging
import queue
import threading
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

from archive.backend import Store
from archive.sync_plan import SyncReport
from indexer.pipeline import extract_many

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Failure:
    """A queued sync that failed: the admin page says so until the same kind of job succeeds (a
    rebuild started from the admin page answers at once, its outcome comes later)."""

    job: str  # "rebuild" or "sync"
    error: Exception


class IndexingWorker:
    def __init__(self, store: Store, corpus: Path):
        self.store = store
        self.corpus = Path(corpus)
        self._queue: queue.Queue[tuple[Future, dict]] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self.busy = threading.Event()
        self.failures: dict[str, Failure] = {}

    def submit(self, **sync_options) -> Future:
        """Queue a sync (`only=`, `rebuild=`, `retry_failed=`); the future resolves to its report."""
        self._ensure_started()
        future: Future = Future()
        self._queue.put((future, sync_options))
        return future

    def _ensure_started(self) -> None:
        with self._start_lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="arsip-indexer", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            future, options = self._queue.get()
            if not future.set_running_or_notify_cancel():
                continue
            self.busy.set()
            job = "rebuild" if options.get("rebuild") else "sync"
            try:
                report: SyncReport = self.store.sync(self.corpus, _in_process, **options)
                self.failures.pop(job, None)
                future.set_result(report)
            except Exception as error:  # noqa: BLE001 - reported to the request that asked
                log.exception("indexing failed")
                self.failures[job] = Failure(job, error)
                future.set_exception(error)
            finally:
                self.busy.clear()


def _in_process(corpus: Path, paths: list[str]):
    """Extraction in this thread: forking worker processes from a multi-threaded server is unsafe,
    and an archivist's upload is small next to a corpus rebuild (which `arsip index` parallelises)."""
    return extract_many(corpus, paths, workers=1)
