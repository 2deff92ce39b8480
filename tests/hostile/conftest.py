"""A real waitress server over the samples plus files built to be expensive, for hostile input.

Every request a test makes goes through `Recorder`, which keeps per route the tries, the status
codes, the slowest answer and the input that caused it; the table is printed at the end of the
run and written to artifacts/hostile.json (the closing notes quote it).
"""

from __future__ import annotations

import json
import shutil
import threading
import time
from collections import defaultdict
from pathlib import Path

import pytest
import requests

from archive.accounts import Accounts
from archive.store import IndexStore
from indexer.pipeline import extract_many
from tests.hostile.budget import REQUEST_SECONDS
from web.testing import csrf_token, log_in

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "kata-sandi-rahasia"


def _expensive_files(corpus: Path) -> None:
    """What made requests slow once: a word repeated 20,000 times, a long text, a big vocabulary."""
    lead = (
        "Pemkab Bogor Tingkatkan Pelayanan Publik\n\nBOGOR - Pemerintah Kabupaten Bogor, Senin (7/10/2024). "
    )
    (corpus / "ulang.txt").write_text(lead + "pelayanan " * 20_000)
    (corpus / "panjang.txt").write_text(lead + "Bupati meninjau pasar dan jalan desa. " * 40_000)
    words = " ".join(f"kata{n:05d}x" for n in range(30_000))
    (corpus / "kosakata.txt").write_text(lead + words)


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory):
    """(base URL, corpus) of a waitress server with one archivist account."""
    from waitress import create_server

    from web import create_app

    base = tmp_path_factory.mktemp("hostile")
    corpus = base / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    _expensive_files(corpus)
    store = IndexStore(base / "index")
    report = store.sync(corpus, extract_many)
    assert len(report.added) == 8, report.failed
    Accounts(base / "users.json").add("arsiparis", PASSWORD)
    app = create_app(
        {
            "CORPUS": str(corpus),
            "INDEX": str(base / "index"),
            "USERS": str(base / "users.json"),
            "SECRET_KEY": "hostile",
        }
    )
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    yield f"http://127.0.0.1:{server.effective_port}", corpus
    server.close()


class Recorder:
    """Sends requests and remembers, per route, how they went."""

    def __init__(self):
        self.routes: dict[str, dict] = defaultdict(
            lambda: {"tries": 0, "5xx": 0, "statuses": defaultdict(int), "worst_ms": 0.0, "worst_input": ""}
        )

    def send(self, session: requests.Session, route: str, method: str, url: str, **kwargs):
        started = time.perf_counter()
        response = session.request(method, url, timeout=REQUEST_SECONDS * 3, allow_redirects=False, **kwargs)
        took = (time.perf_counter() - started) * 1000
        entry = self.routes[route]
        entry["tries"] += 1
        entry["statuses"][response.status_code] += 1
        entry["5xx"] += response.status_code >= 500
        if took > entry["worst_ms"]:
            entry["worst_ms"] = took
            shown = {k: v for k, v in kwargs.items() if k in ("params", "data")}
            entry["worst_input"] = f"{method} {url[:120]} {str(shown)[:200]}"
        return response, took / 1000

    def table(self) -> list[dict]:
        return [
            {
                "route": route,
                **{k: v for k, v in entry.items() if k != "statuses"},
                "statuses": dict(entry["statuses"]),
            }
            for route, entry in sorted(self.routes.items())
        ]


RECORDER = Recorder()


@pytest.fixture(scope="session")
def recorder() -> Recorder:
    return RECORDER


@pytest.fixture(scope="session")
def archivist_session(hostile_site) -> requests.Session:
    """A logged-in session (cookie and CSRF token) that the POST routes are tried with."""
    base, _ = hostile_site
    session = requests.Session()
    response = log_in(
        lambda path: session.get(base + path).text,
        lambda path, data: session.post(base + path, data=data, allow_redirects=False),
        "arsiparis",
        PASSWORD,
    )
    assert response.status_code == 302
    session.csrf = csrf_token(session.get(f"{base}/archivist/upload").text)
    return session


def pytest_terminal_summary(terminalreporter):
    rows = RECORDER.table()
    if not rows:
        return
    terminalreporter.section("hostile input: tries, 5xx and the slowest answer per route")
    for row in rows:
        terminalreporter.write_line(
            f"{row['route']:<44} {row['tries']:>6} tries {row['5xx']:>3} 5xx  "
            f"worst {row['worst_ms']:>7.0f} ms  {row['worst_input'][:90]}"
        )
    target = ROOT / "artifacts" / "hostile.json"
    target.parent.mkdir(exist_ok=True)
    target.write_text(json.dumps(rows, indent=1, ensure_ascii=False))
