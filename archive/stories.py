"""The duplicate register beside the index: for every article its story, a 64-bit key of its exact
text, a b-bit sketch of its MinHash signature and its LSH band keys, in SQLite (stdlib) next to the
Whoosh segments -- about 0.4 KB per article.

Kept out of Whoosh because every article brings 16 band keys: as Whoosh terms and stored fields
they tripled the index and slowed every write. Like the index, the register is derived from
corpus/ and rebuilt with it; a crash can only leave it missing rows (a near-duplicate goes
unnoticed) or holding rows the index lacks (checked before use). A register of the earlier
layout (full signatures, 2.6 KB per article) is converted when it is opened.
"""

from __future__ import annotations

import sqlite3
from array import array
from pathlib import Path

from archive.article import article_id
from archive.duplicates import NEAR_DUPLICATE, band_keys, hash_key, similarity, sketch

MAX_CANDIDATES = 50
_SCHEMA = """
    CREATE TABLE IF NOT EXISTS register (
        article INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, story TEXT NOT NULL,
        text_key INTEGER NOT NULL, sketch BLOB NOT NULL, keys BLOB NOT NULL);
    CREATE INDEX IF NOT EXISTS register_text ON register(text_key);
    CREATE INDEX IF NOT EXISTS register_story ON register(story);
    CREATE TABLE IF NOT EXISTS band (
        key INTEGER NOT NULL, article INTEGER NOT NULL, PRIMARY KEY (key, article)) WITHOUT ROWID;
"""


class StoryRegister:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.db = sqlite3.connect(self.path, timeout=60, check_same_thread=False)
        self.db.executescript("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;")
        self.db.executescript(_SCHEMA)
        if self._has_table("articles"):
            self._convert_earlier_layout()

    def close(self) -> None:
        self.db.close()

    def commit(self) -> None:
        self.db.commit()

    # -- look-ups ----------------------------------------------------------------------------
    def same_text(self, text_hash: str, other_than: str) -> list[str]:
        rows = self.db.execute(
            "SELECT path FROM register WHERE text_key = ? AND path != ? ORDER BY path",
            (hash_key(text_hash), other_than),
        )
        return [r[0] for r in rows]

    def closest_story(self, path: str, signature: list[int]) -> str | None:
        """The story of the most similar registered article at or above NEAR_DUPLICATE, if any."""
        keys = band_keys(signature)
        if not keys:
            return None
        marks = ",".join("?" * len(keys))
        rows = self.db.execute(
            "SELECT r.path, r.story, r.sketch, COUNT(*) AS shared FROM band b "
            f"JOIN register r ON r.article = b.article WHERE b.key IN ({marks}) "
            "GROUP BY r.article ORDER BY shared DESC LIMIT ?",
            (*keys, MAX_CANDIDATES),
        )
        mine = sketch(signature)
        best, best_score = None, NEAR_DUPLICATE
        for other_path, story, other_sketch, _ in rows:
            if other_path == path:
                continue
            score = similarity(mine, other_sketch)
            if score >= best_score:
                best, best_score = story, score
        return best

    def story_members(self, story: str) -> list[str]:
        """The article ids of a story."""
        rows = self.db.execute("SELECT path FROM register WHERE story = ? ORDER BY path", (story,))
        return [article_id(r[0]) for r in rows]

    def story_paths(self) -> dict[str, list[str]]:
        """story -> the paths of its articles, for every story with more than one."""
        rows = self.db.execute(
            "SELECT story, path FROM register WHERE story IN "
            "(SELECT story FROM register GROUP BY story HAVING COUNT(*) > 1) ORDER BY story, path"
        )
        out: dict[str, list[str]] = {}
        for story, path in rows:
            out.setdefault(story, []).append(path)
        return out

    def paths(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT path FROM register")}

    # -- changes -----------------------------------------------------------------------------
    def put(self, path: str, story: str, text_hash: str, signature: list[int]) -> None:
        self._insert(path, story, hash_key(text_hash), sketch(signature), band_keys(signature))

    def _insert(self, path: str, story: str, text_key: int, reduced: bytes, keys: list[int]) -> None:
        self.remove(path)
        cursor = self.db.execute(
            "INSERT INTO register (path, story, text_key, sketch, keys) VALUES (?, ?, ?, ?, ?)",
            (path, story, text_key, reduced, array("i", keys).tobytes()),
        )
        self.db.executemany("INSERT OR IGNORE INTO band VALUES (?, ?)", [(k, cursor.lastrowid) for k in keys])

    def remove(self, path: str) -> None:
        row = self.db.execute("SELECT article, keys FROM register WHERE path = ?", (path,)).fetchone()
        if row is None:
            return
        keys = array("i")
        keys.frombytes(row[1])
        self.db.executemany("DELETE FROM band WHERE key = ? AND article = ?", [(k, row[0]) for k in keys])
        self.db.execute("DELETE FROM register WHERE article = ?", (row[0],))

    def keep_only(self, paths: set[str]) -> None:
        """Forget articles the index no longer holds (after a crash or outside changes)."""
        for stale in self.paths() - paths:
            self.remove(stale)
        self.commit()

    # -- the earlier layout ------------------------------------------------------------------
    def _has_table(self, name: str) -> bool:
        found = self.db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,))
        return found.fetchone() is not None

    def _convert_earlier_layout(self) -> None:
        """Rows with full 128-value signatures become sketches and 32-bit band keys; one transaction."""
        rows = self.db.execute("SELECT path, story, text_hash, signature FROM articles").fetchall()
        for path, story, text_hash, blob in rows:
            values = array("I")
            values.frombytes(blob or b"")
            signature = values.tolist()
            self._insert(path, story, hash_key(text_hash), sketch(signature), band_keys(signature))
        self.db.execute("DROP TABLE IF EXISTS bands")
        self.db.execute("DROP TABLE articles")
        self.db.commit()
        self.db.execute("VACUUM")
