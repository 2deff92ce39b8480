"""`arsip index --watch` picks up files other tools drop into the corpus, once they stop changing."""

import threading
import time

from archive.config import Paths
from archive.search import SearchRequest, SearchService
from arsip.watch import watch_corpus
from tests.conftest import sync


def test_watch_indexes_a_dropped_file(corpus, store):
    sync(store, corpus)
    messages: list[str] = []
    paths = Paths(corpus=corpus, index=store.root)
    watcher = threading.Thread(
        target=watch_corpus, kwargs={"paths": paths, "interval": 0.2, "echo": messages.append, "rounds": 15}
    )
    watcher.start()
    time.sleep(0.3)
    (corpus / "dari-folder-bersama.txt").write_text(
        "Wali Kota Kediri Buka Festival Kuliner\n\nKEDIRI - Wali Kota Kediri membuka festival kuliner rakyat "
        "di alun-alun kota, Sabtu (12/10/2024). Festival berlangsung tiga hari dan diikuti ratusan pelaku "
        "usaha kecil dari seluruh kecamatan.\n",
        encoding="utf-8",
    )
    watcher.join()
    assert any(m.startswith("added 1") for m in messages), messages
    hits = SearchService(store).search(SearchRequest(query="festival kuliner kediri")).hits
    assert hits and hits[0].place == "Kota Kediri"
