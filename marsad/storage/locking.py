"""One writer at a time: the lock that ``marsad ingest``, ``marsad link`` and the API's ingest hold.

SQLite and PostgreSQL keep every transaction whole on their own; this lock is about whole batches. Two
batches writing at once would both pass the "already stored?" check for the same document and then
race, and two linkings would each rewrite every incident. The lock makes them take turns.

- SQLite: an ``flock`` on ``<database>.lock`` beside the database file; the file names the holder
  (pid, what it does, since when) for the message the waiting process shows.
- PostgreSQL: a session-level advisory lock on a connection kept open while writing; the holder is
  named by that connection's ``application_name``.

The operating system or the server releases the lock when its holder dies (``kill -9`` included),
so a crashed ingest never leaves the database locked. A lock file that cannot be opened (a folder in
its place, no permission) is an error for the writer, never a reason to write without the lock.
"""
from __future__ import annotations

import json
import os
import re
import socket
import time
from datetime import datetime, timezone

from sqlalchemy import text

ADVISORY_KEY = 0x6D61727361640001  # "marsad" + 1: the writer lock's advisory-lock key
POLL = 0.25  # seconds between tries while waiting


class Busy(Exception):
    """The lock is held by someone else; ``holder`` says who (pid and host included), ``purpose`` only
    what it does (``ingest``, ``link`` ...), when that is known."""

    def __init__(self, holder: str, purpose: str | None = None):
        super().__init__(holder)
        self.holder, self.purpose = holder, purpose


def _since() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class FileLock:
    """An exclusive ``flock`` on a file beside a SQLite database."""

    def __init__(self, path: str, purpose: str):
        self.path, self.purpose, self.handle = path, purpose, None

    def try_acquire(self) -> None:
        import fcntl

        handle = open(self.path, "a+", encoding="utf-8")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = ""
            for _ in range(5):  # the holder writes its name just after it takes the lock
                handle.seek(0)
                holder = handle.read().strip()
                if holder:
                    break
                time.sleep(0.02)
            handle.close()
            raise Busy(*_describe(holder)) from None
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "purpose": self.purpose,
                                 "since": _since()}))
        handle.flush()
        self.handle = handle

    def release(self) -> None:
        if self.handle is not None:
            import fcntl

            self.handle.seek(0)
            self.handle.truncate()
            fcntl.flock(self.handle, fcntl.LOCK_UN)
            self.handle.close()
            self.handle = None


def _describe(holder: str) -> tuple[str, str | None]:
    try:
        info = json.loads(holder)
        return (f"marsad {info['purpose']} (pid {info['pid']} on {info['host']}, since {info['since']})",
                str(info["purpose"]))
    except (ValueError, KeyError, TypeError):
        return "another marsad process", None


class AdvisoryLock:
    """A PostgreSQL session-level advisory lock, held on its own connection."""

    def __init__(self, engine, purpose: str):
        self.engine, self.purpose, self.conn = engine, purpose, None

    def try_acquire(self) -> None:
        conn = self.engine.connect()
        got = conn.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": ADVISORY_KEY}).scalar()
        if not got:
            holder = conn.execute(text(
                "SELECT a.application_name, a.backend_start FROM pg_locks l "
                "JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted "
                "AND l.classid = :hi AND l.objid = :lo"),
                {"hi": ADVISORY_KEY >> 32, "lo": ADVISORY_KEY & 0xFFFFFFFF}).first()
            conn.rollback()
            conn.close()
            name = holder[0] if holder and holder[0] else "another marsad process"
            purpose = re.match(r"marsad (.+) \(pid ", name)
            raise Busy(f"{name} (since {holder[1]:%Y-%m-%dT%H:%M:%S})" if holder else name,
                       purpose.group(1) if purpose else None)
        label = f"marsad {self.purpose} (pid {os.getpid()} on {socket.gethostname()})"
        conn.execute(text("SELECT set_config('application_name', :name, false)"), {"name": label[:63]})
        conn.commit()
        self.conn = conn

    def release(self) -> None:
        if self.conn is not None:
            try:
                self.conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_KEY})
                self.conn.commit()
            finally:
                self.conn.close()
                self.conn = None


def acquire(lock, *, wait: bool, on_wait=None, timeout: float | None = None) -> None:
    """Take ``lock``; while it is busy call ``on_wait(holder)`` once and retry, or raise :class:`Busy`."""
    told = False
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        try:
            lock.try_acquire()
            return
        except Busy as busy:
            if not wait or (deadline is not None and time.monotonic() > deadline):
                raise
            if on_wait and not told:
                on_wait(busy.holder)
                told = True
            time.sleep(POLL)
