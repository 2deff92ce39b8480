"""What one sync of an index with the corpus has to do, decided before anything is written.

The plan compares each file with the stamp the index keeps for it ("sha256 size mtime [corrections]"):
same size, mtime and corrections -> unchanged, without reading the file; touched but the same
bytes -> only the stamp is renewed; otherwise the file is extracted again. Files gone from the
corpus leave the index. Failed files and exact duplicates are remembered in skipped.json with
their reason, so they are neither retried nor forgotten until they change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from archive import corrections
from archive.article import ExtractionFailure
from archive.corpus import Corpus, SourceFile


@dataclass(frozen=True)
class Stamp:
    """What the index remembers of the file an article came from."""

    digest: str
    size: int
    mtime_ns: int
    corrections: str = ""

    @classmethod
    def of(cls, source: SourceFile, digest: str) -> Stamp:
        return cls(digest, source.size, source.mtime_ns, source.corrections)

    @classmethod
    def parse(cls, text: str | None) -> Stamp | None:
        parts = (text or "").split(" ")
        if len(parts) < 3 or not parts[1].isdigit() or not parts[2].isdigit():
            return None
        return cls(parts[0], int(parts[1]), int(parts[2]), parts[3] if len(parts) > 3 else "")

    def __str__(self) -> str:
        return f"{self.digest} {self.size} {self.mtime_ns}" + (
            f" {self.corrections}" if self.corrections else ""
        )

    def same_file(self, source: SourceFile) -> bool:
        """Same size, time and corrections: unchanged, without reading a byte."""
        return (self.size, self.mtime_ns, self.corrections) == (
            source.size,
            source.mtime_ns,
            source.corrections,
        )


@dataclass
class SyncReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[ExtractionFailure] = field(default_factory=list)
    duplicates: dict[str, str] = field(default_factory=dict)  # path -> the indexed path it copies
    unchanged: int = 0
    seconds: float = 0.0
    rebuilt: bool = False
    rebuild_reason: str | None = None
    resumed: bool = False  # an interrupted build was continued, not started again
    total: int = 0  # articles in the index after the sync

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def to_dict(self) -> dict:
        return {
            "added": len(self.added),
            "updated": len(self.updated),
            "removed": len(self.removed),
            "failed": [{"path": f.path, "reason": f.reason} for f in self.failed],
            "duplicates": [{"path": p, "duplicate_of": o} for p, o in self.duplicates.items()],
            "unchanged": self.unchanged,
            "total": self.total,
            "seconds": round(self.seconds, 3),
            "rebuilt": self.rebuilt,
            "resumed": self.resumed,
        }

    def note_skipped(self, path: str, entry: dict) -> None:
        if entry.get("duplicate_of"):
            self.duplicates[path] = entry["duplicate_of"]
        else:
            self.failed.append(ExtractionFailure(path, entry["reason"]))


@dataclass
class SyncPlan:
    files: dict[str, SourceFile]
    extract: list[str] = field(default_factory=list)
    restamp: dict[str, str] = field(default_factory=dict)  # touched files with the same bytes
    remove: list[str] = field(default_factory=list)
    skipped: dict[str, dict] = field(default_factory=dict)  # still failing, still copies, refused
    unchanged: int = 0


def plan(
    corpus: Corpus,
    files: dict[str, SourceFile],
    refused: dict[str, str],
    known: dict[str, str],
    skipped: dict[str, dict],
    scope: set[str] | None,
    is_indexed: Callable[[str], bool],
) -> SyncPlan:
    """What this sync has to do. `known`: path -> stamp in the index; `skipped`: the generation's
    skipped.json; `scope`: the only paths looked at (None: the whole corpus). Archivists'
    corrections count as part of each file (its stamp carries their digest)."""
    _with_corrections(files, corpus)
    out = SyncPlan(files, remove=[p for p in known if p not in files])
    if scope is not None:  # entries outside the scope stay as they were
        out.skipped = {p: v for p, v in skipped.items() if p not in scope}
    for path, reason in refused.items():  # links and special files: reported every time
        out.skipped[path] = {"reason": reason, "refused": True}
    for path, source in files.items():
        stamp = Stamp.parse(known.get(path))
        if stamp and stamp.same_file(source):
            out.unchanged += 1
            continue
        entry = skipped.get(path)
        if (
            entry
            and not entry.get("refused")
            and (old := Stamp.parse(entry.get("stamp")))
            and old.same_file(source)
        ):
            original = entry.get("duplicate_of")
            if original is None or is_indexed(original):
                out.skipped[path] = entry  # still failing, or still a copy of an indexed article
                continue
        if stamp and stamp.corrections == source.corrections:
            digest = corpus.digest(path)
            if digest and stamp.digest == digest:
                out.restamp[path] = str(Stamp.of(source, digest))
                out.unchanged += 1
                continue
        out.extract.append(path)
    return out


def _with_corrections(files: dict[str, SourceFile], corpus: Corpus) -> None:
    for path, fields in corrections.Corrections(corpus.root).current().items():
        source = files.get(path)
        if source is not None:
            source.corrected, source.corrections = fields, corrections.digest(fields)


def still_skipped(skipped: dict[str, dict], scope: set[str] | None, retry_failed: bool = False) -> dict:
    """The skipped.json entries a sync starts from: links and special files are looked at again
    on a whole-corpus sync; `retry_failed` forgets failures (copies stay copies)."""
    out = {p: v for p, v in skipped.items() if not v.get("refused") or scope is not None}
    return {p: v for p, v in out.items() if v.get("duplicate_of")} if retry_failed else out
