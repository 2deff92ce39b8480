"""Configuration in one place: defaults, then the environment (ARSIP_*), then explicit values."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DEFAULT_CORPUS = "corpus"
DEFAULT_INDEX = "var/index"


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
