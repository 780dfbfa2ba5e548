"""The one storage module: every read and write of the database goes through :class:`Store`.

SQLite by default (a file, ``marsad.db`` unless told otherwise); any SQLAlchemy
URL is accepted, so ``postgresql://user@host/db`` works with the ``postgres``
extra installed. Opening a store applies the numbered migrations it lacks.
"""
from __future__ import annotations

import json
import os
import threading
from contextlib import contextmanager
from dataclasses import asdict
from datetime import datetime, timezone
from typing import Callable, Iterable, Iterator

from sqlalchemy import create_engine, event, func, insert, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, OperationalError

from ..model import Claim, Document, Event, Rejection
from ..reading.textnorm import index_terms
from . import locking, schema
from . import search as fulltext
from .incidents import LinkingStore
from .migrations import MIGRATIONS
from .review import ReviewStore
from .search import SearchHit

DEFAULT_PATH = "marsad.db"


class StorageError(RuntimeError):
    """The database cannot be opened or written; the message names it."""


class DatabaseBusy(StorageError):
    """Another marsad process is writing to the database (see :meth:`Store.writing`)."""


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


def _sqlite_pragmas(timeout: float, in_file: bool):
    def on_connect(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if in_file:  # readers (the API) never wait for a writer (an ingest), nor it for them
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()
    return on_connect


class Store(LinkingStore, ReviewStore):
    """A marsad database. Use as a context manager, or call :meth:`close`."""

    def __init__(self, db: str | os.PathLike | None = None):
        self.url = database_url(db)
        try:
            self.engine: Engine = create_engine(self.url)
        except ModuleNotFoundError as exc:
            raise StorageError(f"cannot open {self.url}: driver not installed ({exc.name}); "
                               "for PostgreSQL install marsad[postgres]") from None
        self.busy_timeout = busy_timeout()
        self._writers = 0
        self._thread_lock = threading.RLock()
        self._outer_lock = None
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas(self.busy_timeout, self._sqlite_file() is not None))
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

    def _sqlite_file(self) -> str | None:
        name = self.engine.url.database if self.engine.dialect.name == "sqlite" else None
        return name if name and name != ":memory:" and not name.startswith("file::memory:") else None

    def files(self) -> list[str]:
        """The files of a SQLite database on disk: itself, its journals and its writer lock."""
        path = self._sqlite_file()
        return [path + suffix for suffix in ("", "-wal", "-shm", "-journal", ".lock")] if path else []

    def failure(self, exc: DBAPIError | OperationalError, doing: str) -> StorageError:
        """A clear error for a failure of the database itself."""
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        if "locked" in reason or "busy" in reason:
            reason += (f" (another program holds a lock on it; waited {self.busy_timeout:g} s, see "
                       "MARSAD_BUSY_TIMEOUT); what was stored before is kept")
        elif "malformed" in reason or "not a database" in reason:
            reason += " (the file is damaged; restore it from a backup)"
        return StorageError(f"cannot {doing} {self.url}: {reason}")

    @contextmanager
    def writing(self, purpose: str, *, wait: bool = True, on_wait: Callable[[str], None] | None = None,
                timeout: float | None = None) -> Iterator[None]:
        """Hold the database's writer lock (one ``ingest``/``link`` at a time, see
        :mod:`marsad.storage.locking`). Re-entrant within this store. While another process holds it,
        ``on_wait(holder)`` is called once and this waits (up to ``timeout`` seconds), or with
        ``wait=False`` raises :class:`DatabaseBusy` at once."""
        if not self._thread_lock.acquire(blocking=wait, timeout=-1 if timeout is None or not wait else timeout):
            raise DatabaseBusy(f"{self.url} is being written by another thread of this process; "
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

    def _process_lock(self, purpose: str, *, wait: bool, on_wait, timeout: float | None):
        path = self._sqlite_file()
        if self.dialect == "postgresql":
            lock = locking.AdvisoryLock(self.engine, purpose)
        elif path is not None:
            lock = locking.FileLock(f"{path}.lock", purpose)
        else:
            return None  # an in-memory database has no other writers
        try:
            locking.acquire(lock, wait=wait, on_wait=on_wait, timeout=timeout)
        except locking.Busy as busy:
            raise DatabaseBusy(f"{self.url} is being written by {busy.holder}; "
                               "wait for it to finish and try again") from None
        except OSError:  # no lock file can be made (a read-only folder): SQLite's own locks still keep
            return None  # every transaction whole, and a write there fails with a clear error
        return lock

    # -- schema -------------------------------------------------------------------------------
    def migrate(self) -> list[int]:
        """Apply the migrations this database lacks; return their numbers."""
        applied: list[int] = []
        try:
            with self.engine.begin() as conn:
                schema.schema_migrations.create(conn, checkfirst=True)
                done = set(conn.execute(select(schema.schema_migrations.c.version)).scalars())
                for migration in MIGRATIONS:
                    if migration.number in done:
                        continue
                    migration.apply(conn)
                    conn.execute(insert(schema.schema_migrations).values(
                        version=migration.number, name=migration.name, applied_at=_now()))
                    applied.append(migration.number)
        except (OperationalError, DBAPIError) as exc:
            raise self.failure(exc, "open database") from None
        return applied

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
                raise StorageError(f"cannot write to {self.url}: {exc}") from None
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
        except OperationalError as exc:
            raise self.failure(exc, "write to") from None
        except DBAPIError as exc:  # IntegrityError, DataError ...: something in the rows
            raise _DocumentProblem(str(exc.orig).strip().splitlines()[0]) from None
        except (OverflowError, ValueError, TypeError) as exc:
            raise _DocumentProblem(f"{type(exc).__name__}: {exc}") from None

    def lookup(self, doc_id: str, key: str) -> tuple[bool, str | None]:
        """Whether a document with this id is stored, and the id of another stored document with this key."""
        d = schema.documents
        with self.engine.connect() as conn:
            rows = conn.execute(select(d.c.id, d.c.key).where((d.c.id == doc_id) | (d.c.key == key))
                                .order_by(d.c.id)).all()
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
    }


def _claim_row(doc_id: str, event_id: str, n: int, claim: Claim) -> dict:
    return {"id": f"{event_id}-c{n + 1}", "event_id": event_id, "doc_id": doc_id, "kind": claim.kind,
            "low": claim.low, "high": claim.high, "qualifier": claim.qualifier, "victims": claim.victims,
            "claimant": claim.claimant, "evidence": claim.evidence, "evidence_start": claim.start,
            "evidence_end": claim.end}


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
