"""The duplicate register beside the index: text hashes, MinHash signatures, LSH band keys and the
story each article belongs to, in SQLite (stdlib) next to the Whoosh segments.

Kept out of Whoosh because every article brings 16 unique band keys and a 512-byte signature:
as Whoosh terms and stored fields they tripled the index and slowed every write. Like the index,
the register is derived from corpus/ and rebuilt with it; a crash can only leave it missing
rows (a near-duplicate goes unnoticed) or holding rows the index lacks (checked before use).
"""

from __future__ import annotations

import hashlib
import sqlite3
from array import array
from pathlib import Path

from archive.duplicates import BANDS, NEAR_DUPLICATE, similarity

MAX_CANDIDATES = 50


def band_keys(signature: list[int]) -> list[int]:
    """One signed 64-bit key per band of the signature (SQLite integers)."""
    if not signature:
        return []
    rows = len(signature) // BANDS
    keys = []
    for band in range(BANDS):
        chunk = array("I", signature[band * rows : (band + 1) * rows]).tobytes()
        digest = hashlib.blake2b(chunk, digest_size=8, person=band.to_bytes(2, "little")).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


class StoryRegister:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.db = sqlite3.connect(self.path, timeout=60, check_same_thread=False)
        self.db.executescript(
            """
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            CREATE TABLE IF NOT EXISTS articles (
                path TEXT PRIMARY KEY, id TEXT NOT NULL, story TEXT NOT NULL,
                text_hash TEXT NOT NULL, signature BLOB);
            CREATE INDEX IF NOT EXISTS articles_hash ON articles(text_hash);
            CREATE INDEX IF NOT EXISTS articles_story ON articles(story);
            CREATE TABLE IF NOT EXISTS bands (key INTEGER NOT NULL, path TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS bands_key ON bands(key);
            CREATE INDEX IF NOT EXISTS bands_path ON bands(path);
            """
        )

    def close(self) -> None:
        self.db.close()

    def commit(self) -> None:
        self.db.commit()

    # -- look-ups ----------------------------------------------------------------------------
    def same_text(self, text_hash: str, other_than: str) -> list[str]:
        rows = self.db.execute(
            "SELECT path FROM articles WHERE text_hash = ? AND path != ? ORDER BY path",
            (text_hash, other_than),
        )
        return [r[0] for r in rows]

    def closest_story(self, article_id: str, signature: list[int]) -> str | None:
        """The story of the most similar registered article at or above NEAR_DUPLICATE, if any."""
        keys = band_keys(signature)
        if not keys:
            return None
        marks = ",".join("?" * len(keys))
        rows = self.db.execute(
            "SELECT a.id, a.story, a.signature, COUNT(*) AS shared FROM bands b "
            f"JOIN articles a ON a.path = b.path WHERE b.key IN ({marks}) "
            "GROUP BY a.path ORDER BY shared DESC LIMIT ?",
            (*keys, MAX_CANDIDATES),
        )
        best, best_score = None, NEAR_DUPLICATE
        for other_id, story, blob, _ in rows:
            if other_id == article_id:
                continue
            values = array("I")
            values.frombytes(blob or b"")
            score = similarity(signature, values.tolist())
            if score >= best_score:
                best, best_score = story, score
        return best

    def story_members(self, story: str) -> list[str]:
        return [
            r[0] for r in self.db.execute("SELECT id FROM articles WHERE story = ? ORDER BY path", (story,))
        ]

    def story_paths(self) -> dict[str, list[str]]:
        """story -> the paths of its articles, for every story with more than one."""
        rows = self.db.execute(
            "SELECT story, path FROM articles WHERE story IN "
            "(SELECT story FROM articles GROUP BY story HAVING COUNT(*) > 1) ORDER BY story, path"
        )
        out: dict[str, list[str]] = {}
        for story, path in rows:
            out.setdefault(story, []).append(path)
        return out

    def paths(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT path FROM articles")}

    # -- changes -----------------------------------------------------------------------------
    def put(self, path: str, article_id: str, story: str, text_hash: str, signature: list[int]) -> None:
        self.remove(path)
        self.db.execute(
            "INSERT INTO articles VALUES (?, ?, ?, ?, ?)",
            (path, article_id, story, text_hash, array("I", signature).tobytes()),
        )
        self.db.executemany("INSERT INTO bands VALUES (?, ?)", [(k, path) for k in band_keys(signature)])

    def remove(self, path: str) -> None:
        self.db.execute("DELETE FROM articles WHERE path = ?", (path,))
        self.db.execute("DELETE FROM bands WHERE path = ?", (path,))

    def keep_only(self, paths: set[str]) -> None:
        """Forget articles the index no longer holds (after a crash or outside changes)."""
        for stale in self.paths() - paths:
            self.remove(stale)
        self.commit()
