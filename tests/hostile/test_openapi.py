"""Schemathesis over /api/openapi.json on the real server, with every check it has: no 5xx, answers
that match the spec, invalid input refused with a 4xx, valid input accepted, no answer slower than
the request budget. Run through its own command line, as anyone would run it against the API."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hostile.budget import REQUEST_SECONDS

pytestmark = pytest.mark.slow
EXAMPLES = 150


def test_the_api_keeps_its_published_contract(hostile_site, recorder):
    base, _ = hostile_site
    command = [
        str(Path(sys.executable).parent / "schemathesis"),
        "run",
        f"{base}/api/openapi.json",
        "--checks",
        "all",
        "--max-examples",
        str(EXAMPLES),
        "--max-response-time",
        str(REQUEST_SECONDS),
        "--no-color",
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=1200)
    generated = re.search(r"(\d+) generated", result.stdout)
    entry = recorder.routes["schemathesis /api (all checks)"]
    entry["tries"] += int(generated.group(1)) if generated else 0
    entry["5xx"] += result.stdout.count("Server error")
    assert result.returncode == 0, result.stdout[-6000:]
