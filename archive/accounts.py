"""Archivist accounts: names and password hashes (werkzeug's scrypt) in a JSON file.

Managed from the command line (`arsip user add NAME`); the web app only verifies.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

from archive.corpus import write_atomic

NAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")
MAX_SESSIONS = 20  # open sessions per account (devices); the oldest ends first
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
        write_atomic(self.path, json.dumps(users, indent=1), mode=0o600)

    def add(self, name: str, password: str) -> None:
        name = name.strip().lower()
        if not NAME_RE.match(name):
            raise AccountError("a name is 2-32 characters: lower-case letters, digits, '.', '_' or '-'")
        if len(password) < MIN_PASSWORD:
            raise AccountError(f"a password needs at least {MIN_PASSWORD} characters")
        users = self._load()
        users[name] = {"hash": generate_password_hash(password), "created": int(time.time())}
        self._save(users)

    def set_password(self, name: str, password: str) -> None:
        """A new password ends every session of the account (a stolen cookie stops working)."""
        name = name.strip().lower()
        users = self._load()
        if name not in users:
            raise AccountError(f"no account named {name!r}")
        if len(password) < MIN_PASSWORD:
            raise AccountError(f"a password needs at least {MIN_PASSWORD} characters")
        users[name]["hash"] = generate_password_hash(password)
        users[name]["sessions"] = {}
        self._save(users)

    # -- sessions: a signed cookie alone cannot be revoked, so each login is also recorded here ----
    def start_session(self, name: str) -> str:
        name = name.strip().lower()
        users = self._load()
        sessions = users[name].setdefault("sessions", {})
        session_id = secrets.token_urlsafe(18)
        sessions[session_id] = int(time.time())
        for old in sorted(sessions, key=sessions.get)[:-MAX_SESSIONS]:
            del sessions[old]
        self._save(users)
        return session_id

    def end_session(self, name: str, session_id: str) -> None:
        users = self._load()
        if users.get(name, {}).get("sessions", {}).pop(session_id, None) is not None:
            self._save(users)

    def session_valid(self, name: str | None, session_id: str | None) -> bool:
        """Logged out, password changed or account removed: the cookie no longer counts."""
        if not name or not session_id:
            return False
        return session_id in self._load().get(name, {}).get("sessions", {})

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


def installation_secret(path: Path) -> str:
    """A per-installation secret for signing sessions, made once and kept (sessions survive
    restarts; ARSIP_SECRET_KEY overrides it)."""
    path = Path(path)
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(32)
        write_atomic(path, key, mode=0o600)
        return key
