"""Numbered schema migrations. Each runs once, in order, inside one transaction.

The DDL is plain SQL that SQLite and PostgreSQL both accept: text keys (content
hashes), ISO dates as text, JSON as text. A migration may also be dialect-specific
(FTS5 exists only in SQLite). Never edit a migration that has shipped; add one.

:func:`apply_pending` runs every pending migration and its row of ``schema_migrations`` in one
transaction, DDL included, so a migration cut short (a kill, a full disk, a power cut) leaves the
previous schema whole and the next open applies it again. PostgreSQL's DDL is transactional as it
is; Python's sqlite3 module, left to itself, commits before some DDL and never opens a transaction
for it, so on SQLite the transaction is begun and ended by hand on a connection the driver leaves
alone (SQLAlchemy's ``AUTOCOMMIT`` level, which means "no implicit transactions" for sqlite3).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable

from sqlalchemy import Connection, Engine, insert, inspect, select, text

from . import schema

MIGRATION_LOCK = 0x6D61727361640002  # PostgreSQL advisory lock held while migrating ("marsad" + 2)


@dataclass(frozen=True, kw_only=True)
class Migration:
    number: int
    name: str
    apply: Callable[[Connection], None]


def versions(conn: Connection) -> set[int] | None:
    """The migrations applied to the database, or None when it has no ``schema_migrations`` table."""
    if not inspect(conn).has_table("schema_migrations"):
        return None
    return set(conn.execute(select(schema.schema_migrations.c.version)).scalars())


def pending(conn: Connection) -> list["Migration"]:
    done = versions(conn) or set()
    return [m for m in MIGRATIONS if m.number not in done]


def apply_pending(engine: Engine) -> list[int]:
    """Apply the migrations the database lacks, all in one transaction; return their numbers.

    A database already up to date is only read (no write lock is taken, so opening it never waits
    for a writer)."""
    with engine.connect() as conn:
        if not pending(conn):
            return []
    if engine.dialect.name != "sqlite":
        with engine.begin() as conn:
            if engine.dialect.name == "postgresql":  # two first opens at once: one migrates, the other waits
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
            return _apply(conn)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("BEGIN IMMEDIATE")  # the write lock first: a second opener waits, then finds none
        try:
            applied = _apply(conn)
            conn.exec_driver_sql("COMMIT")
        except BaseException:
            if conn.connection.dbapi_connection.in_transaction:  # SQLite may have rolled back already
                conn.exec_driver_sql("ROLLBACK")
            raise
    return applied


def _apply(conn: Connection) -> list[int]:
    schema.schema_migrations.create(conn, checkfirst=True)
    applied = []
    for migration in pending(conn):
        migration.apply(conn)
        conn.execute(insert(schema.schema_migrations).values(
            version=migration.number, name=migration.name,
            applied_at=datetime.now(timezone.utc).isoformat(timespec="seconds")))
        applied.append(migration.number)
    return applied


def _run(conn: Connection, statements: str) -> None:
    for statement in statements.split(";"):
        if statement.strip() and not _made_already(conn, statement):
            conn.execute(text(statement))


_CREATES = re.compile(r"\s*CREATE\s+(?:VIRTUAL\s+)?(?:TABLE|INDEX)\s+(\w+)", re.IGNORECASE)
_ADDS = re.compile(r"\s*ALTER\s+TABLE\s+(\w+)\s+ADD\s+COLUMN\s+(\w+)", re.IGNORECASE)


def _made_already(conn: Connection, statement: str) -> bool:
    """Whether a statement's table, index or column exists already in a SQLite database: the trace of a
    migration cut short under an earlier marsad, which let SQLite commit each statement on its own. Such
    a statement is skipped, so that the migration can finish (a migration run in one transaction leaves
    no trace when it is cut short)."""
    if conn.dialect.name != "sqlite":
        return False
    if made := _CREATES.match(statement):
        return conn.execute(text("SELECT count(*) FROM sqlite_master WHERE name = :name"),
                            {"name": made.group(1)}).scalar() > 0
    if added := _ADDS.match(statement):
        table, column = added.groups()
        return column in {row[1] for row in conn.execute(text(f"PRAGMA table_info({table})"))}
    return False


def _0001_core(conn: Connection) -> None:
    _run(conn, """
    CREATE TABLE documents (
        id TEXT PRIMARY KEY, key TEXT NOT NULL, source TEXT, format TEXT NOT NULL, encoding TEXT,
        raw TEXT, text TEXT NOT NULL, language TEXT, language_score REAL,
        title TEXT, title_source TEXT, publisher TEXT, publisher_source TEXT, author TEXT,
        published TEXT, published_source TEXT, url TEXT, given TEXT, warnings TEXT,
        search_text TEXT, ingested_at TEXT NOT NULL);
    CREATE INDEX documents_key ON documents (key);
    CREATE INDEX documents_publisher ON documents (publisher);
    CREATE INDEX documents_published ON documents (published);
    CREATE INDEX documents_language ON documents (language);
    CREATE TABLE paragraphs (
        doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE, idx INTEGER NOT NULL,
        start_offset INTEGER NOT NULL, end_offset INTEGER NOT NULL, role TEXT NOT NULL, language TEXT,
        PRIMARY KEY (doc_id, idx));
    CREATE TABLE incidents (
        id TEXT PRIMARY KEY, date TEXT, date_precision TEXT, event_type TEXT, sub_event_type TEXT,
        location_name TEXT, admin1 TEXT, country TEXT, lat REAL, lon REAL,
        fatalities_low INTEGER, fatalities_best INTEGER, fatalities_high INTEGER, created_at TEXT);
    CREATE TABLE events (
        id TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        incident_id TEXT REFERENCES incidents (id), salience TEXT, date TEXT, date_precision TEXT,
        event_type TEXT, sub_event_type TEXT, actor1 TEXT, actor2 TEXT,
        location_name TEXT, admin1 TEXT, admin2 TEXT, country TEXT, lat REAL, lon REAL, geo_precision TEXT,
        fatalities_low INTEGER, fatalities_best INTEGER, fatalities_high INTEGER,
        evidence TEXT, evidence_start INTEGER, evidence_end INTEGER);
    CREATE INDEX events_doc ON events (doc_id);
    CREATE INDEX events_incident ON events (incident_id);
    CREATE TABLE claims (
        id TEXT PRIMARY KEY, event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
        doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        kind TEXT NOT NULL, low INTEGER, high INTEGER, qualifier TEXT, victims TEXT, claimant TEXT,
        evidence TEXT, evidence_start INTEGER, evidence_end INTEGER);
    CREATE INDEX claims_event ON claims (event_id)
    """)


def _0002_search(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        # Porter stems English words; Arabic words are indexed already folded and light-stemmed.
        _run(conn, "CREATE VIRTUAL TABLE documents_fts USING fts5("
                   "doc_id UNINDEXED, title, body, tokenize = 'porter unicode61 remove_diacritics 2')")


def _0003_incidents(conn: Connection) -> None:
    _run(conn, """
    ALTER TABLE documents ADD COLUMN copy_of TEXT;
    ALTER TABLE documents ADD COLUMN credibility REAL;
    ALTER TABLE documents ADD COLUMN credibility_reasons TEXT;
    ALTER TABLE events ADD COLUMN place_id TEXT;
    ALTER TABLE incidents ADD COLUMN reports INTEGER;
    ALTER TABLE incidents ADD COLUMN outlets INTEGER;
    ALTER TABLE incidents ADD COLUMN first_published TEXT;
    ALTER TABLE incidents ADD COLUMN summary TEXT;
    CREATE TABLE outlet_profiles (
        outlet TEXT PRIMARY KEY, reports INTEGER, incidents INTEGER, first_reports INTEGER, copies INTEGER,
        bias REAL, bias_by_side TEXT, credibility REAL);
    CREATE TABLE reference_records (
        id TEXT PRIMARY KEY, date TEXT NOT NULL, admin1 TEXT NOT NULL, place TEXT, civilians INTEGER,
        fighters INTEGER, total INTEGER, source TEXT);
    CREATE INDEX reference_records_date ON reference_records (date)
    """)


def _0004_review(conn: Connection) -> None:
    _run(conn, """
    CREATE TABLE corrections (
        id TEXT PRIMARY KEY, target TEXT NOT NULL, target_id TEXT NOT NULL, action TEXT NOT NULL,
        changes TEXT, who TEXT NOT NULL, why TEXT, at TEXT NOT NULL);
    CREATE INDEX corrections_target ON corrections (target, target_id)
    """)


def _0005_postgres_search(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        # English words stemmed by PostgreSQL's English configuration; Arabic terms pass unchanged, already
        # folded and light-stemmed in search_text.
        _run(conn, """
        ALTER TABLE documents ADD COLUMN search_vector tsvector
            GENERATED ALWAYS AS (to_tsvector('english', coalesce(search_text, ''))) STORED;
        CREATE INDEX documents_search ON documents USING GIN (search_vector)
        """)


def _0006_linking_indexes(conn: Connection) -> None:
    # What incremental linking looks up: reports and events not linked yet, events by date and by place,
    # and the copies of a stored original (partial indexes: both SQLite and PostgreSQL have them).
    _run(conn, """
    CREATE INDEX documents_unjudged ON documents (id) WHERE credibility IS NULL;
    CREATE INDEX documents_copy_of ON documents (copy_of);
    CREATE INDEX events_unlinked ON events (doc_id) WHERE incident_id IS NULL;
    CREATE INDEX events_date ON events (date);
    CREATE INDEX events_place ON events (place_id, incident_id)
    """)


def _0007_claim_scope(conn: Connection) -> None:
    # What a claim counts and through whom (marsad.model.Claim): its scope ("incident" or "cumulative") and
    # period, the start offset of its total's claim when it is a part of a breakdown, whether it is told as
    # more than the figures before it, and the channel its claimant spoke through. Claims stored before
    # this migration read as they were read then: incident figures, no part, nothing added, no channel.
    _run(conn, """
    ALTER TABLE claims ADD COLUMN scope TEXT NOT NULL DEFAULT 'incident';
    ALTER TABLE claims ADD COLUMN period TEXT NOT NULL DEFAULT '';
    ALTER TABLE claims ADD COLUMN part_of INTEGER;
    ALTER TABLE claims ADD COLUMN added INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE claims ADD COLUMN via TEXT NOT NULL DEFAULT ''
    """)


def _0008_location_confidence(conn: Connection) -> None:
    # How sure the reading of an event's place was (marsad.model.Event.location_confidence): "low" when the
    # gazetteer candidate was picked on weak evidence. Events stored before this migration read as "high",
    # the only confidence marsad reported then.
    _run(conn, "ALTER TABLE events ADD COLUMN location_confidence TEXT NOT NULL DEFAULT 'high'")


MIGRATIONS: tuple[Migration, ...] = (
    Migration(number=1, name="documents, paragraphs, events, claims, incidents", apply=_0001_core),
    Migration(number=2, name="full-text search", apply=_0002_search),
    Migration(number=3, name="incidents, copies, credibility, outlet profiles, reference records",
              apply=_0003_incidents),
    Migration(number=4, name="analysts' corrections (audit)", apply=_0004_review),
    Migration(number=5, name="full-text search on PostgreSQL", apply=_0005_postgres_search),
    Migration(number=6, name="indexes for incremental linking", apply=_0006_linking_indexes),
    Migration(number=7, name="claims: scope, period, part of a total, added, channel", apply=_0007_claim_scope),
    Migration(number=8, name="events: how sure the place is", apply=_0008_location_confidence),
)
