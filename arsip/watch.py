"""`arsip index --watch`: index files other tools drop into corpus/ (folders-based archivists)."""

from __future__ import annotations

import time
from collections.abc import Callable

from archive.config import Paths
from archive.corpus import Corpus
from archive.store import IndexStore
from indexer.pipeline import extract_many

SETTLE_SECONDS = 1.0  # a file whose size or mtime changed this recently may still be written


def _signature(paths: Paths) -> dict[str, tuple[int, int]]:
    return {p: (f.size, f.mtime_ns) for p, f in Corpus(paths.corpus).scan()[0].items()}


def watch_corpus(
    paths: Paths,
    interval: float = 2.0,
    echo: Callable[[str], None] = print,
    rounds: int | None = None,
) -> None:
    """Poll the corpus; sync once what changed has stopped changing. Stops after `rounds` if given."""
    store = IndexStore(paths.index)
    previous = _signature(paths)
    echo(f"Watching {paths.corpus} (every {interval:g} s; Ctrl+C to stop)")
    done = 0
    try:
        while rounds is None or done < rounds:
            time.sleep(interval)
            done += 1
            current = _signature(paths)
            if current == previous:
                continue
            time.sleep(SETTLE_SECONDS)
            settled = _signature(paths)
            if settled != current:  # still being written: look again next round
                previous = {}
                continue
            report = store.sync(paths.corpus, extract_many)
            for failure in report.failed:
                echo(f"failed: {failure.path}: {failure.reason}")
            if report.changed:
                counts = f"added {len(report.added)}, updated {len(report.updated)}"
                echo(f"{counts}, removed {len(report.removed)}; {report.total} articles")
            previous = settled
    except KeyboardInterrupt:
        echo("stopped")
