"""Helpers shared by benchmarks and evaluations: locating ../shared/corpus, timing, tables."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def shared_path(shared: str | Path, name: str, required: bool) -> Path | None:
    path = (ROOT / shared / name) if not Path(shared).is_absolute() else Path(shared) / name
    if path.is_dir():
        return path
    message = f"{path} not found: the shared corpus is needed for this measurement"
    if required:
        sys.exit(message)
    print(f"note: {message}; measuring on the project's own samples instead")
    return None


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def timed(fn, *args, **kwargs):
    started = time.perf_counter()
    value = fn(*args, **kwargs)
    return value, time.perf_counter() - started


def table(rows: list[list], headers: list[str]) -> str:
    cells = [[str(c) for c in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]
    line = "| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |"
    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    body = ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in cells]
    return "\n".join([line, rule, *body])


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def top_overlap(first: list[str], second: list[str]) -> float:
    """The share of the shorter of two top lists that both list (1.0 when both are empty)."""
    if not first and not second:
        return 1.0
    return len(set(first) & set(second)) / max(1, min(len(first), len(second)))
