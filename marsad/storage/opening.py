"""How :class:`marsad.storage.Store` opens a database: which file, whether it may be written, whose it is.

- **Whose.** A database with a ``schema_migrations`` table is marsad's. One that holds other tables
  but not that one belongs to another program: every command refuses it by name and leaves it as it
  was (no table added, no switch to WAL). One with no table at all (an absent or empty SQLite file, a
  new PostgreSQL database) becomes a marsad database when a command that writes opens it
  (``create=True``); a command that only reads says there is no marsad database there yet.
- **Read-only.** A SQLite file that this process cannot write, or whose folder it cannot write (the
  journal and WAL files live there), is opened read-only: no WAL switch, no migration, no writer lock.
  Reads work; a write is refused with a message saying why. A WAL database needs its shared-memory
  file (``-shm``) even to be read, and none can be made on a read-only file system, so there (and for
  a file that no one has permission to write) SQLite's ``immutable`` mode is used: nothing can change
  the file under the reader. That mode ignores the write-ahead log, so it is used only when the log
  (``-wal``) is absent or empty; a log with changes in it and no ``-shm`` beside it cannot be read
  there, which the error says.
- **Names in messages** hide the password of a URL.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from urllib.parse import quote

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError


@dataclass(frozen=True, kw_only=True, slots=True)
class Access:
    """Whether a SQLite file can be written here and, if not, why and how it is read."""
    writable: bool
    immutable: bool = False
    reason: str = ""  # why it cannot be written
    unreadable: str = ""  # why it cannot even be read here


def shown(url: str) -> str:
    """``url`` as messages show it: its password masked."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return re.sub(r"(://[^:/@]*:)[^@/]*@", r"\1***@", url)


def sqlite_path(url: str) -> str | None:
    """The file of a SQLite URL; None for another database or one in memory."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return None
    name = parsed.database if parsed.get_backend_name() == "sqlite" else None
    return name if name and name != ":memory:" and not name.startswith("file::memory:") else None


def access(path: str) -> Access:
    """Whether this process can write the SQLite database ``path`` (and the files beside it)."""
    folder = os.path.dirname(os.path.abspath(path))
    exists = os.path.exists(path)
    if os.access(folder, os.W_OK) and (not exists or os.access(path, os.W_OK)):
        return Access(writable=True)
    try:
        read_only_fs = bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
        no_one_writes = exists and not os.stat(path).st_mode & 0o222
    except OSError:
        read_only_fs = no_one_writes = False
    if read_only_fs:
        reason = "it is on a read-only file system"
    elif exists and not os.access(path, os.W_OK):
        reason = "the file is read-only"
    else:
        reason = f"its folder {folder} is read-only (SQLite writes its journal there)"
    logged = os.path.exists(path + "-wal") and os.path.getsize(path + "-wal") > 0
    if logged and (read_only_fs or no_one_writes) and not os.path.exists(path + "-shm"):
        return Access(writable=False, reason=reason, unreadable=(
            f"its write-ahead log {path}-wal holds changes that cannot be read while {reason}; open it "
            "once where it can be written, which moves them into the file"))
    return Access(writable=False, immutable=(read_only_fs or no_one_writes) and not logged, reason=reason)


def read_only_url(path: str, immutable: bool) -> URL:
    """A SQLite URL that opens ``path`` for reading only (and, with ``immutable``, without any lock or journal)."""
    query = {"mode": "ro", "uri": "true"} | ({"immutable": "1"} if immutable else {})
    return URL.create("sqlite", database="file:" + quote(os.path.abspath(path), safe="/"), query=query)


def foreign(tables: set[str]) -> str | None:
    """Why a database holding ``tables`` is not marsad's, or None when it is marsad's or empty."""
    if not tables or "schema_migrations" in tables:
        return None
    listed = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
    return (f"it is not a marsad database: it holds another program's tables ({listed}); marsad leaves it "
            "unchanged, so give marsad a database of its own")
