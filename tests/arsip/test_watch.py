"""`arsip index --watch` picks up files other tools drop into the corpus, once they stop changing."""

import threading
import time

from archive.config import Paths
from archive.results import SearchRequest
from archive.search import SearchService
from arsip.watch import watch_corpus
from indexer.pipeline import extract_many


def test_watch_indexes_a_dropped_file(corpus, store):
    store.sync(corpus, extract_many)
    messages: list[str] = []
    paths = Paths(corpus=corpus, index=store.root)
    stop = threading.Event()
    watcher = threading.Thread(target=watch_corpus, args=(paths, messages.append, stop))
    watcher.start()
    time.sleep(0.5)
    (corpus / "dari-folder-bersama.txt").write_text(
        "Wali Kota Kediri Buka Festival Kuliner\n\nKEDIRI - Wali Kota Kediri membuka festival kuliner rakyat "
        "di alun-alun kota, Sabtu (12/10/2024). Festival berlangsung tiga hari dan diikuti ratusan pelaku "
        "usaha kecil dari seluruh kecamatan.\n",
        encoding="utf-8",
    )
    deadline = time.monotonic() + 20
    while not any(m.startswith("added 1") for m in messages) and time.monotonic() < deadline:
        time.sleep(0.1)
    stop.set()
    watcher.join()
    assert any(m.startswith("added 1") for m in messages), messages
    assert messages[-1] == "stopped"
    hits = SearchService(store).search(SearchRequest(query="festival kuliner kediri")).hits
    assert hits and hits[0].place == "Kota Kediri"
