"""`arsip index --watch`: index files other tools drop into corpus/ (folders-based archivists).

watchfiles (inotify on Linux, polling where there is none) reports changes; a batch is handed
over once the corpus has been quiet for SETTLE_MS, so a file still being copied is read whole.
Hidden paths (.arsip: trash, corrections) are not the archive's articles and are ignored.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import watchfiles

from archive.backend import open_store
from archive.config import Paths, Settings
from indexer.pipeline import extract_many

SETTLE_MS = 1000  # quiet time before a batch of changes is indexed
MAX_BATCH_MS = 30_000  # a corpus that never goes quiet is still indexed this often


def _article_file(change: watchfiles.Change, path: str) -> bool:
    return not any(part.startswith(".") for part in Path(path).parts)


def watch_corpus(
    paths: Paths,
    echo: Callable[[str], None] = print,
    stop: threading.Event | None = None,
) -> None:
    """Sync the index each time the corpus changes, until Ctrl+C or `stop` is set."""
    store = open_store(Settings.resolve(paths.corpus, paths.index))
    echo(f"Watching {paths.corpus} (Ctrl+C to stop)")
    changes = watchfiles.watch(
        paths.corpus,
        watch_filter=_article_file,
        step=SETTLE_MS,
        debounce=MAX_BATCH_MS,
        stop_event=stop,
        raise_interrupt=False,
    )
    for _ in changes:
        report = store.sync(paths.corpus, extract_many)
        for failure in report.failed:
            echo(f"failed: {failure.path}: {failure.reason}")
        if report.changed:
            counts = f"added {len(report.added)}, updated {len(report.updated)}"
            echo(f"{counts}, removed {len(report.removed)}; {report.total} articles")
    echo("stopped")
