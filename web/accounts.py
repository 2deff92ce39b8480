"""Archivist accounts: names and password hashes (werkzeug's scrypt) in a JSON file.

Managed from the command line (`arsip user add NAME`); the web app only verifies.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

NAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")
MIN_PASSWORD = 10


class AccountError(ValueError):
    """A name or password that cannot be used; the message says why."""


class Accounts:
    def __init__(self, path: Path):
        self.path = Path(path)

    def _load(self) -> dict[str, dict]:
        try:
            return json.loads(self.path.read_text("utf-8"))
        except FileNotFoundError:
            return {}

    def _save(self, users: dict[str, dict]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(users, indent=1), encoding="utf-8")
        tmp.chmod(0o600)
        os.replace(tmp, self.path)

    def add(self, name: str, password: str) -> None:
        name = name.strip().lower()
        if not NAME_RE.match(name):
            raise AccountError("a name is 2-32 characters: lower-case letters, digits, '.', '_' or '-'")
        if len(password) < MIN_PASSWORD:
            raise AccountError(f"a password needs at least {MIN_PASSWORD} characters")
        users = self._load()
        users[name] = {"hash": generate_password_hash(password), "created": int(time.time())}
        self._save(users)

    def remove(self, name: str) -> bool:
        users = self._load()
        if users.pop(name.strip().lower(), None) is None:
            return False
        self._save(users)
        return True

    def names(self) -> list[str]:
        return sorted(self._load())

    def verify(self, name: str, password: str) -> bool:
        user = self._load().get((name or "").strip().lower())
        if user is None:
            check_password_hash(generate_password_hash("x"), password or "")  # same time either way
            return False
        return check_password_hash(user["hash"], password or "")
