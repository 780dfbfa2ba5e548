"""The write token (who may change the database through the API and the review forms), the analysts'
login sessions, and the security headers every answer carries."""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import sqlite3
import time
from pathlib import Path
from typing import Callable

from fastapi import FastAPI

from ..storage.database import database_url


def token_ok(app: FastAPI, given: str | None) -> bool:
    """Whether ``given`` is the configured write token (compared in constant time)."""
    expected = app.state.write_token
    return bool(expected and given and hmac.compare_digest(expected.encode(), given.encode()))


SESSION_HOURS = 12.0  # a login lasts this long, unless $MARSAD_SESSION_HOURS says otherwise
MAX_SESSIONS = 10_000  # past this, the oldest logins end first


def session_hours() -> float:
    value = os.environ.get("MARSAD_SESSION_HOURS", str(SESSION_HOURS))
    try:
        hours = float(value)
    except ValueError:
        hours = float("nan")
    if not 0 < hours <= 24 * 366:
        raise ValueError(f"MARSAD_SESSION_HOURS must be a number of hours above 0 and at most a year, not {value!r}")
    return hours


def sessions_file(db: str | os.PathLike | None) -> Path | None:
    """Where the logins of the database ``db`` are kept: beside a SQLite file (``marsad.db.sessions``), else in
    the user's data folder under a name drawn from the database's address; None for an in-memory database."""
    url = database_url(db)
    if url.startswith("sqlite:///"):
        path = url.removeprefix("sqlite:///")
        return None if path in ("", ":memory:") else Path(path + ".sessions")
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "marsad" / f"sessions-{hashlib.sha256(url.encode()).hexdigest()[:16]}.sqlite"


class Sessions:
    """Analysts' logins, kept in a small SQLite file beside the database, so they outlive a restart of the
    server and are shared by its workers. The cookie holds a random id; the file holds only its SHA-256, who
    logged in, when the login ends, and a digest of the write token it was given (a server started with
    another token honours none of the old logins). Logging out deletes it; an ended login is deleted when next
    seen."""

    def __init__(self, path: str | os.PathLike | None, *, hours: float | None = None,
                 clock: Callable[[], float] = time.time):
        self.path = Path(path) if path else None
        self.seconds = (hours if hours is not None else session_hours()) * 3600
        self.clock = clock
        self._memory: dict[str, tuple[str, float, str]] = {}  # for a database with no file: lost on restart

    def _make(self) -> None:
        """The file, made at the first login (a server no one logs in to writes nothing)."""
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._connect() as con:
                con.execute("CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, who TEXT NOT NULL, "
                            "started REAL NOT NULL, ends REAL NOT NULL, token TEXT NOT NULL)")
            os.chmod(self.path, 0o600)
        except (OSError, sqlite3.Error):
            self.path = None  # a folder that cannot be written (a database served read-only): in memory

    def _connect(self):
        con = sqlite3.connect(self.path, timeout=30)
        return _Committing(con)

    @staticmethod
    def _key(session_id: str) -> str:
        return hashlib.sha256(session_id.encode()).hexdigest()

    @staticmethod
    def _token(token: str) -> str:
        return hashlib.sha256(b"marsad login for token\0" + token.encode()).hexdigest()

    def start(self, who: str, token: str) -> str:
        """A new login for ``who``, given the write ``token``: the id to set in the cookie."""
        session_id = secrets.token_urlsafe(32)
        now = self.clock()
        self._make()
        if self.path is None:
            self._memory[self._key(session_id)] = (who, now + self.seconds, self._token(token))
            while len(self._memory) > MAX_SESSIONS:
                self._memory.pop(next(iter(self._memory)))
            return session_id
        with self._connect() as con:
            con.execute("DELETE FROM sessions WHERE ends <= ?", (now,))
            con.execute("DELETE FROM sessions WHERE id IN (SELECT id FROM sessions ORDER BY started DESC "
                        "LIMIT -1 OFFSET ?)", (MAX_SESSIONS - 1,))
            con.execute("INSERT INTO sessions VALUES (?, ?, ?, ?, ?)", (self._key(session_id), who, now,
                                                                         now + self.seconds, self._token(token)))
        return session_id

    def get(self, session_id: str | None, token: str | None) -> dict | None:
        """The login a cookie's id names, while it lasts and while the server's write token is ``token``, the
        one it was given: ``{"who": ...}``; else None."""
        if not session_id or not token:
            return None
        key, now = self._key(session_id), self.clock()
        if self.path is None or not self.path.is_file():
            row = self._memory.get(key)
        else:
            with self._connect() as con:
                row = con.execute("SELECT who, ends, token FROM sessions WHERE id = ?", (key,)).fetchone()
                if row is not None and row[1] <= now:
                    con.execute("DELETE FROM sessions WHERE id = ?", (key,))
        if row is None or row[1] <= now or not hmac.compare_digest(row[2], self._token(token)):
            return None
        return {"who": row[0]}

    def end(self, session_id: str | None) -> None:
        """Log out: the id no longer opens anything, on any worker."""
        if not session_id:
            return
        self._memory.pop(self._key(session_id), None)
        if self.path is None or not self.path.is_file():
            return
        with self._connect() as con:
            con.execute("DELETE FROM sessions WHERE id = ?", (self._key(session_id),))


class _Committing:
    """A SQLite connection that commits (or rolls back) and closes at the end of a ``with`` block."""

    def __init__(self, con: sqlite3.Connection):
        self.con = con

    def __enter__(self) -> sqlite3.Connection:
        return self.con

    def __exit__(self, kind, *_) -> None:
        try:
            if kind is None:
                self.con.commit()
            else:
                self.con.rollback()
        finally:
            self.con.close()


CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data: https://*.tile.openstreetmap.org; object-src 'none'; base-uri 'none'; "
       "frame-ancestors 'none'; form-action 'self'")
HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
           (b"referrer-policy", b"no-referrer")]


class SecurityHeaders:
    """ASGI middleware setting :data:`HEADERS` on every answer (replacing any the app set)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _ in HEADERS}
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message = {**message, "headers": kept + HEADERS}
            await send(message)

        await self.app(scope, receive, send_with_headers)
