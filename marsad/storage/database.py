"""The one storage module: every read and write of the database goes through :class:`Store`.

SQLite by default (a file, ``marsad.db`` unless told otherwise); any SQLAlchemy
URL is accepted, so ``postgresql://user@host/db`` works with the ``postgres``
extra installed. Opening a store applies the numbered migrations it lacks, each whole or not at
all; which databases are opened, created or read-only is said in :mod:`.opening`.
"""
from __future__ import annotations

import json
import os
import threading
from contextlib import contextmanager
from dataclasses import asdict
from datetime import datetime, timezone
from typing import Callable, Iterable, Iterator

from sqlalchemy import create_engine, event, func, insert, inspect, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import ArgumentError, DataError, DBAPIError, IntegrityError, OperationalError

from ..model import Claim, Document, Event, Rejection
from ..reading.textnorm import index_terms
from . import locking, migrations, opening, schema
from . import search as fulltext
from .incidents import LinkingStore
from .review import ReviewStore
from .search import SearchHit

DEFAULT_PATH = "marsad.db"


class StorageError(RuntimeError):
    """The database cannot be opened or written; the message names it."""


class DatabaseBusy(StorageError):
    """Another marsad process is writing to the database (see :meth:`Store.writing`). The message names
    the database and the writer (pid, host); :attr:`public` says only what the writer does, for clients
    of the API."""

    def __init__(self, message: str, purpose: str | None = None):
        super().__init__(message)
        self.purpose = purpose

    @property
    def public(self) -> str:
        doing = f" ({self.purpose})" if self.purpose else ""
        return f"the database is being written by another marsad process{doing}; try again when it has finished"


class DatabaseReadOnly(StorageError):
    """The database was opened read-only (a read-only file, folder or file system): it can be read, not
    written. The message says why."""


class _DocumentProblem(Exception):
    """A write failed because of what the rows hold, not because of the database."""


def database_url(db: str | os.PathLike | None = None) -> str:
    """A SQLAlchemy URL for a path or URL; ``None`` means ``$MARSAD_DB`` or ``marsad.db``."""
    db = str(db or os.environ.get("MARSAD_DB") or DEFAULT_PATH)
    if "://" not in db:
        return f"sqlite:///{db}"
    if db.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + db.split("://", 1)[1]
    return db


def busy_timeout() -> float:
    """Seconds a SQLite statement waits for another program's lock: ``$MARSAD_BUSY_TIMEOUT`` or 30."""
    value = os.environ.get("MARSAD_BUSY_TIMEOUT", "30")
    try:
        seconds = float(value)
    except ValueError:
        seconds = float("nan")
    if not 0 <= seconds <= MAX_BUSY_TIMEOUT:  # NaN and infinities fail this too
        raise StorageError(f"MARSAD_BUSY_TIMEOUT must be a number of seconds from 0 to {MAX_BUSY_TIMEOUT}, "
                           f"not {value!r}")
    return seconds


MAX_BUSY_TIMEOUT = 86400  # a day; SQLite counts the wait in milliseconds in a 32-bit integer


def _sqlite_pragmas(timeout: float, wal: Callable[[], bool]):
    def on_connect(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if wal():  # readers (the API) never wait for a writer (an ingest), nor it for them
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()
    return on_connect


class Store(LinkingStore, ReviewStore):
    """A marsad database. Use as a context manager, or call :meth:`close`.

    ``create=False`` is for commands that only read: a database with no tables yet is then an error
    instead of being made a marsad database. A SQLite file that cannot be written is opened read-only
    (:attr:`read_only` says why). See :mod:`.opening`."""

    def __init__(self, db: str | os.PathLike | None = None, *, create: bool = True):
        self.busy_timeout = busy_timeout()
        self.url = database_url(db)
        self.name = opening.shown(self.url.replace("postgresql+psycopg://", "postgresql://", 1))  # no password
        self.path = opening.sqlite_path(self.url)
        found = opening.access(self.path) if self.path else opening.Access(writable=True)
        self.read_only = found.reason
        if self.path and not os.path.exists(self.path):
            self._check_new_file(create, found)
        if found.unreadable:
            raise StorageError(f"cannot open {self.name}: {found.unreadable}")
        self._writers = 0
        self._thread_lock = threading.RLock()
        self._outer_lock = None
        self._wal = False  # switched on once the database is known to be marsad's and writable
        try:
            url = opening.read_only_url(self.path, found.immutable) if self.read_only else self.url
            self.engine: Engine = create_engine(url)
        except ModuleNotFoundError as exc:
            raise StorageError(f"cannot open {self.name}: driver not installed ({exc.name}); "
                               "for PostgreSQL install marsad[postgres]") from None
        except ArgumentError:
            raise StorageError(f"cannot open {self.name}: not a file name or database URL") from None
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas(self.busy_timeout, lambda: self._wal))
        try:
            self._open(create)
        except BaseException:
            self.engine.dispose()
            raise

    def _check_new_file(self, create: bool, found: opening.Access) -> None:
        folder = os.path.dirname(os.path.abspath(self.path))
        if not create:
            raise StorageError(f"cannot open {self.name}: there is no database at {self.path} "
                               "(marsad ingest makes one)")
        if not os.path.isdir(folder):
            raise StorageError(f"cannot create {self.name}: there is no folder {folder}")
        if not found.writable:
            raise StorageError(f"cannot create {self.name}: {found.reason}")

    def _open(self, create: bool) -> None:
        try:
            with self.engine.connect() as conn:
                tables = set(inspect(conn).get_table_names())
        except DBAPIError as exc:
            raise self.failure(exc, "open database") from None
        problem = opening.foreign(tables)
        if problem is None and not tables and not create:
            problem = "it holds no marsad database yet (marsad ingest makes one)"
        if problem is None and not tables and self.read_only:
            problem = f"it holds no marsad database yet, and cannot be made one: {self.read_only}"
        if problem:
            raise StorageError(f"cannot open {self.name}: {problem}")
        if self.path and not self.read_only:
            self._wal = True
            self.engine.dispose()  # the next connections switch the file to WAL
        self.migrate()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def files(self) -> list[str]:
        """The files of a SQLite database on disk: itself, its journals and its writer lock."""
        path = self.path
        return [path + suffix for suffix in ("", "-wal", "-shm", "-journal", ".lock")] if path else []

    def failure(self, exc: DBAPIError | OperationalError, doing: str) -> StorageError:
        """A clear error for a failure of the database itself."""
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        if "locked" in reason or "busy" in reason:
            reason += (f" (another program holds a lock on it; waited {self.busy_timeout:g} s, see "
                       "MARSAD_BUSY_TIMEOUT); what was stored before is kept")
        elif "malformed" in reason or "not a database" in reason:
            reason += " (the file is damaged; restore it from a backup)"
        return StorageError(f"cannot {doing} {self.name}: {reason}")

    @contextmanager
    def writing(self, purpose: str, *, wait: bool = True, on_wait: Callable[[str], None] | None = None,
                timeout: float | None = None) -> Iterator[None]:
        """Hold the database's writer lock (one ``ingest``/``link`` at a time, see
        :mod:`marsad.storage.locking`). Re-entrant within this store. While another process holds it,
        ``on_wait(holder)`` is called once and this waits (up to ``timeout`` seconds), or with
        ``wait=False`` raises :class:`DatabaseBusy` at once."""
        self.check_writable()
        if not self._thread_lock.acquire(blocking=wait, timeout=-1 if timeout is None or not wait else timeout):
            raise DatabaseBusy(f"{self.name} is being written by another thread of this process; "
                               "wait for it to finish and try again")
        try:
            self._writers += 1
            if self._writers == 1:
                self._outer_lock = self._process_lock(purpose, wait=wait, on_wait=on_wait, timeout=timeout)
            yield
        finally:
            self._writers -= 1
            if self._writers == 0 and self._outer_lock is not None:
                self._outer_lock.release()
                self._outer_lock = None
            self._thread_lock.release()

    def check_writable(self) -> None:
        """Raise :class:`DatabaseReadOnly` if this database was opened read-only."""
        if self.read_only:
            raise DatabaseReadOnly(f"cannot write to {self.name}: {self.read_only} (it can be read, not written)")

    def _process_lock(self, purpose: str, *, wait: bool, on_wait, timeout: float | None):
        path = self.path
        if self.dialect == "postgresql":
            lock = locking.AdvisoryLock(self.engine, purpose)
        elif path is not None:
            lock = locking.FileLock(f"{path}.lock", purpose)
        else:
            return None  # an in-memory database has no other writers
        try:
            locking.acquire(lock, wait=wait, on_wait=on_wait, timeout=timeout)
        except locking.Busy as busy:
            raise DatabaseBusy(f"{self.name} is being written by {busy.holder}; "
                               "wait for it to finish and try again", busy.purpose) from None
        except OSError as exc:  # never write without the lock: two batches would race (see locking)
            raise StorageError(f"cannot write to {self.name}: its writer lock {path}.lock cannot be taken "
                               f"({exc.strerror or exc}); marsad writes only while holding it, so that two "
                               "writers take turns: make it a file this process can write, or remove it") from None
        return lock

    # -- schema -------------------------------------------------------------------------------
    def migrate(self) -> list[int]:
        """Apply the migrations this database lacks, in one transaction; return their numbers."""
        try:
            if self.read_only:
                with self.engine.connect() as conn:
                    lacking = [m.number for m in migrations.pending(conn)]
                if lacking:
                    raise StorageError(f"cannot open {self.name}: it needs schema migrations "
                                       f"{', '.join(map(str, lacking))} and cannot be written "
                                       f"({self.read_only}); open it once where it can be written")
                return []
            return migrations.apply_pending(self.engine)
        except DBAPIError as exc:
            raise self.failure(exc, "open database") from None

    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.max(schema.schema_migrations.c.version))).scalar() or 0

    # -- the write path -----------------------------------------------------------------------
    def existing_ids(self, ids: Iterable[str]) -> set[str]:
        ids = list(ids)
        found: set[str] = set()
        with self.engine.connect() as conn:
            for i in range(0, len(ids), 500):
                chunk = ids[i:i + 500]
                found.update(conn.execute(select(schema.documents.c.id).where(
                    schema.documents.c.id.in_(chunk))).scalars())
        return found

    def add_documents(self, docs: Iterable[Document], *, rejected: list[Rejection] | None = None) -> list[str]:
        """Store processed documents in one transaction; return the ids that were new.

        When the transaction fails because of what a document holds (a value the database refuses),
        the documents are written one by one: with a ``rejected`` list the ones that cannot be stored
        are added to it and the others are kept; without one, :class:`StorageError` is raised. A
        failure of the database itself (locked, full, gone) always raises :class:`StorageError`;
        what earlier transactions stored stays.
        """
        docs = list(docs)
        if not docs:
            return []
        known = self.existing_ids(d.id for d in docs)
        fresh: list[Document] = []
        for doc in docs:
            if doc.id not in known:
                known.add(doc.id)
                fresh.append(doc)
        if not fresh:
            return []
        try:
            self._write([_rows(d) for d in fresh])
            return [d.id for d in fresh]
        except _DocumentProblem as exc:
            if rejected is None:
                raise StorageError(f"cannot write to {self.name}: {exc}") from None
        new = []
        for doc in fresh:
            if self.existing_ids([doc.id]):  # stored meanwhile by another writer
                continue
            try:
                self._write([_rows(doc)])
                new.append(doc.id)
            except _DocumentProblem as exc:
                rejected.append(Rejection(source=doc.source or doc.key,
                                          reason=f"cannot be stored: {exc}"))
        return new

    def _write(self, parts: list[dict[str, list[dict]]]) -> None:
        try:
            with self.engine.begin() as conn:
                for table in ("documents", "paragraphs", "events", "claims"):
                    rows = [r for p in parts for r in p[table]]
                    if rows:
                        conn.execute(insert(getattr(schema, table)), rows)
                if self.dialect == "sqlite":
                    conn.execute(text("INSERT INTO documents_fts (doc_id, title, body) "
                                      "VALUES (:doc_id, :title, :body)"), [r for p in parts for r in p["fts"]])
        except (IntegrityError, DataError) as exc:  # a value the database refuses: something in the rows
            raise _DocumentProblem(str(exc.orig).strip().splitlines()[0]) from None
        except DBAPIError as exc:  # the database itself: locked, full, damaged, gone
            raise self.failure(exc, "write to") from None
        except (OverflowError, ValueError, TypeError) as exc:
            raise _DocumentProblem(f"{type(exc).__name__}: {exc}") from None

    def lookup(self, doc_id: str, key: str) -> tuple[bool, str | None]:
        """Whether a document with this id is stored, and the id of another stored document with this key
        (the first stored: by ingest time, then id)."""
        d = schema.documents
        with self.engine.connect() as conn:
            rows = conn.execute(select(d.c.id, d.c.key).where((d.c.id == doc_id) | (d.c.key == key))
                                .order_by(d.c.ingested_at, d.c.id)).all()
        return (any(r.id == doc_id for r in rows),
                next((r.id for r in rows if r.key == key and r.id != doc_id), None))

    # -- reads --------------------------------------------------------------------------------
    def count_documents(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(schema.documents)).scalar() or 0

    def document(self, id_or_key: str) -> dict | None:
        d = schema.documents
        with self.engine.connect() as conn:
            row = conn.execute(select(d).where((d.c.id == id_or_key) | (d.c.key == id_or_key))).mappings().first()
            if row is None:
                return None
            record = dict(row)
            record["paragraphs"] = [dict(p) for p in conn.execute(
                select(schema.paragraphs).where(schema.paragraphs.c.doc_id == record["id"])
                .order_by(schema.paragraphs.c.idx)).mappings()]
        return record

    def documents(self, *, limit: int | None = None, offset: int = 0) -> list[dict]:
        d = schema.documents
        columns = [d.c.id, d.c.key, d.c.source, d.c.format, d.c.language, d.c.title, d.c.publisher,
                   d.c.author, d.c.published, d.c.url, d.c.ingested_at]
        query = select(*columns).order_by(d.c.published.is_(None), d.c.published, d.c.key).offset(offset)
        if limit is not None:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]

    def iter_documents(self, *, chunk: int = 500) -> Iterator[dict]:
        """Every stored document with its text, in a stable order, read in chunks."""
        d = schema.documents
        last = ""
        while True:
            with self.engine.connect() as conn:
                rows = [dict(r) for r in conn.execute(select(d).where(d.c.id > last).order_by(d.c.id)
                                                      .limit(chunk)).mappings()]
            if not rows:
                return
            yield from rows
            last = rows[-1]["id"]

    def event_counts(self) -> list[tuple[str, str, int]]:
        """How many events of each type and sub-event type are stored."""
        e = schema.events
        with self.engine.connect() as conn:
            rows = conn.execute(select(e.c.event_type, e.c.sub_event_type, func.count())
                                .group_by(e.c.event_type, e.c.sub_event_type)
                                .order_by(func.count().desc(), e.c.event_type, e.c.sub_event_type)).all()
        return [(r[0], r[1], r[2]) for r in rows]

    def report_facts(self) -> dict[str, dict]:
        """Per stored document id: its outlet, when it was stored and the document it copies (if any)."""
        d = schema.documents
        with self.engine.connect() as conn:
            rows = conn.execute(select(d.c.id, d.c.publisher, d.c.ingested_at, d.c.copy_of)).mappings()
            return {r["id"]: dict(r) for r in rows}

    def events(self, *, salience: tuple[str, ...] = ("main", "secondary", "background")) -> list[dict]:
        """Stored events with their document's key and outlet, by date then id."""
        e, d = schema.events, schema.documents
        query = (select(e, d.c.key.label("doc_key"), d.c.publisher).join(d, d.c.id == e.c.doc_id)
                 .where(e.c.salience.in_(salience)).order_by(e.c.date.is_(None), e.c.date, e.c.id))
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]

    def counts(self, column: str) -> list[tuple[str | None, int]]:
        """How many documents have each value of ``column`` (language, publisher, published)."""
        if column not in ("language", "publisher", "published", "format", "author"):
            raise ValueError(f"cannot count documents by {column!r}")
        c = schema.documents.c[column]
        with self.engine.connect() as conn:
            rows = conn.execute(select(c, func.count()).group_by(c).order_by(func.count().desc(), c)).all()
        return [(r[0], r[1]) for r in rows]

    def search(self, query: str, *, limit: int = 20, snippets: bool = True) -> list[SearchHit]:
        """Documents matching every word of ``query`` (Arabic or English), best first; see :mod:`.search`."""
        return fulltext.search(self, query, limit=limit, snippets=snippets)

    def paragraph_spans(self, doc_id: str, roles: tuple[str, ...] = ("body", "heading")) -> list[tuple[int, int]]:
        p = schema.paragraphs
        with self.engine.connect() as conn:
            return [(r[0], r[1]) for r in conn.execute(
                select(p.c.start_offset, p.c.end_offset).where((p.c.doc_id == doc_id) & p.c.role.in_(roles))
                .order_by(p.c.idx)).all()]


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _event_row(doc_id: str, event: Event) -> dict:
    loc, dead = event.location, event.fatalities
    return {
        "id": event.id, "doc_id": doc_id, "incident_id": event.incident_id, "salience": event.salience,
        "date": event.date.isoformat() if event.date else None, "date_precision": event.date_precision,
        "event_type": event.event_type, "sub_event_type": event.sub_event_type, "actor1": event.actor1,
        "actor2": event.actor2, "location_name": loc.name if loc else None, "admin1": loc.admin1 if loc else None,
        "admin2": loc.admin2 if loc else None, "country": loc.country if loc else None,
        "lat": loc.lat if loc else None, "lon": loc.lon if loc else None,
        "geo_precision": loc.precision if loc else None, "fatalities_low": dead["low"],
        "fatalities_best": dead["best"], "fatalities_high": dead["high"], "evidence": event.evidence,
        "evidence_start": event.start, "evidence_end": event.end, "place_id": loc.id if loc else None,
        "location_confidence": event.location_confidence,
    }


def _claim_row(doc_id: str, event_id: str, n: int, claim: Claim) -> dict:
    """A claim's row; ``part_of`` keeps the start offset of its total's claim in the document, as the
    :class:`~marsad.model.Claim` does, so that it is read back as it was (see ``storage.incidents``)."""
    return {"id": f"{event_id}-c{n + 1}", "event_id": event_id, "doc_id": doc_id, "kind": claim.kind,
            "low": claim.low, "high": claim.high, "qualifier": claim.qualifier, "victims": claim.victims,
            "claimant": claim.claimant, "evidence": claim.evidence, "evidence_start": claim.start,
            "evidence_end": claim.end, "scope": claim.scope, "period": claim.period, "part_of": claim.part_of,
            "added": int(claim.added), "via": claim.via}


def _rows(doc: Document) -> dict[str, list[dict]]:
    """The rows of one document, by table."""
    row = _document_row(doc)
    return {
        "documents": [row],
        "paragraphs": [{"doc_id": doc.id, "idx": p.index, "start_offset": p.start, "end_offset": p.end,
                        "role": p.role, "language": p.language} for p in doc.paragraphs],
        "events": [_event_row(doc.id, ev) for ev in doc.events],
        "claims": [_claim_row(doc.id, ev.id, n, c) for ev in doc.events for n, c in enumerate(ev.claims)],
        "fts": [{"doc_id": doc.id, "title": index_terms(doc.meta.title or ""), "body": row["search_text"]}],
    }


def _document_row(doc: Document) -> dict:
    meta = doc.meta
    given = {k: v for k, v in asdict(doc.given).items() if v}
    return {
        "id": doc.id, "key": doc.key, "source": doc.source, "format": doc.format, "encoding": doc.encoding,
        "raw": doc.raw if doc.format == "html" else None, "text": doc.text, "language": doc.language,
        "language_score": doc.language_score, "title": meta.title, "title_source": meta.title_source,
        "publisher": meta.publisher, "publisher_source": meta.publisher_source, "author": meta.author,
        "published": meta.published.isoformat() if meta.published else None,
        "published_source": meta.published_source, "url": meta.url,
        "given": json.dumps(given, ensure_ascii=False) if given else None,
        "warnings": json.dumps(list(doc.warnings), ensure_ascii=False) if doc.warnings else None,
        "search_text": index_terms(f"{meta.title or ''}\n{doc.story or doc.text}"), "ingested_at": _now(),
    }
