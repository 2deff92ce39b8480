"""The `arsip` command run in-process with click's CliRunner, over a copy of the samples."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from arsip.cli import main


class Arsip:
    """Runs `arsip ARGS` against one corpus and index; returns click's Result (exit code, output)."""

    def __init__(self, corpus, index):
        self.corpus, self.index = corpus, index
        self.runner = CliRunner()
        self.env = {"ARSIP_CORPUS": str(corpus), "ARSIP_INDEX": str(index), "ARSIP_USERS": None}

    def __call__(self, *args: str, input: str | None = None):
        return self.runner.invoke(main, list(args), env=self.env, input=input, catch_exceptions=False)


@pytest.fixture
def arsip(corpus, tmp_path) -> Arsip:
    return Arsip(corpus, tmp_path / "index")
