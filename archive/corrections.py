"""Archivists' corrections of what the extractor read: title, date, time, outlet, place.

The raw file is never touched, and the index is a projection that a rebuild throws away, so
corrections live beside the corpus, in `<corpus>/.arsip/corrections.jsonl`: one JSON line per
change (path, field, old and new value, who, when), appended and never rewritten, so the history
is there to read. The latest value of each field wins; an empty value restores the extractor's.
Every sync applies them to the article before it is indexed, and a change of corrections makes
the sync re-index that article (its stamp carries a digest of its corrections).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from archive.article import PRECISION_DAY, Article

FIELDS = ("title", "date", "time", "outlet", "place")
CORRECTED = "corrected"  # the provenance a corrected date or outlet shows
_LOCK = threading.Lock()


class InvalidCorrection(ValueError):
    """A value an article cannot take; the message says which and why."""


@dataclass(frozen=True)
class Change:
    path: str
    field: str
    old: str | None
    new: str | None
    by: str
    at: str  # ISO 8601, UTC


class Corrections:
    def __init__(self, corpus: Path):
        self.file = Path(corpus) / ".arsip" / "corrections.jsonl"

    def history(self, path: str | None = None) -> list[Change]:
        try:
            lines = self.file.read_text("utf-8").splitlines()
        except FileNotFoundError:
            return []
        out = []
        for line in lines:
            try:
                change = Change(**json.loads(line))
            except (ValueError, TypeError):
                continue  # a line cut short by a crash: the rest still counts
            if path is None or change.path == path:
                out.append(change)
        return out

    def current(self) -> dict[str, dict[str, str]]:
        """path -> field -> corrected value (fields restored to the extractor's value are absent)."""
        state: dict[str, dict[str, str]] = {}
        for change in self.history():
            fields = state.setdefault(change.path, {})
            if change.new:
                fields[change.field] = change.new
            else:
                fields.pop(change.field, None)
        return {path: fields for path, fields in state.items() if fields}

    def record(self, article: Article, values: dict[str, str], by: str) -> list[Change]:
        """Append the fields whose value differs from what the article shows now."""
        now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        corrected = self.current().get(article.path, {})
        changes = []
        for name, value in values.items():
            if name not in FIELDS:
                raise InvalidCorrection(f"{name}: not a field archivists correct ({', '.join(FIELDS)})")
            value = (value or "").strip()
            _check(name, value)
            old = shown_value(article, name)
            if not value and name not in corrected:
                continue  # nothing to restore: the extractor's value stays
            if value != (old or ""):
                changes.append(Change(article.path, name, old, value or None, by, now))
        if changes:
            with _LOCK:
                self.file.parent.mkdir(parents=True, exist_ok=True)
                with open(self.file, "a", encoding="utf-8") as handle:
                    for change in changes:
                        handle.write(json.dumps(change.__dict__, ensure_ascii=False) + "\n")
                    handle.flush()
                    os.fsync(handle.fileno())
        return changes


def digest(fields: dict[str, str] | None) -> str:
    """A short fingerprint of an article's corrections, part of its sync stamp."""
    if not fields:
        return ""
    return hashlib.blake2b(json.dumps(fields, sort_keys=True).encode(), digest_size=6).hexdigest()


def apply(article: Article, fields: dict[str, str] | None) -> Article:
    """The article as the archivists corrected it (provenance "corrected" on date and outlet)."""
    if not fields:
        return article
    for name, value in fields.items():
        if name == "date":
            article.date = dt.date.fromisoformat(value)
            article.date_precision, article.date_source, article.date_partial = PRECISION_DAY, CORRECTED, None
        elif name == "outlet":
            article.outlet, article.outlet_source = value, CORRECTED
        elif name == "place":
            article.place = value
        else:
            setattr(article, name, value)
    article.corrected = sorted(fields)
    return article


def shown_value(article: Article, name: str) -> str | None:
    if name == "date":
        return article.date.isoformat() if article.date else None
    return getattr(article, name)


def _check(name: str, value: str) -> None:
    if not value:
        return
    if name == "date":
        try:
            date = dt.date.fromisoformat(value)
        except ValueError:
            raise InvalidCorrection(f"date: {value!r} is not a date written as YYYY-MM-DD") from None
        if date > dt.date.today() + dt.timedelta(days=1):
            raise InvalidCorrection(f"date: {value} is in the future")
    elif name == "time":
        try:
            dt.time.fromisoformat(value)
        except ValueError:
            raise InvalidCorrection(f"time: {value!r} is not a time written as HH:MM") from None
    elif len(value) > 300:
        raise InvalidCorrection(f"{name}: longer than 300 characters")
