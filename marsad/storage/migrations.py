"""Numbered schema migrations. Each runs once, in order, inside one transaction.

The DDL is plain SQL that SQLite and PostgreSQL both accept: text keys (content
hashes), ISO dates as text, JSON as text. A migration may also be dialect-specific
(FTS5 exists only in SQLite). Never edit a migration that has shipped; add one.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from sqlalchemy import Connection, text


@dataclass(frozen=True, kw_only=True)
class Migration:
    number: int
    name: str
    apply: Callable[[Connection], None]


def _run(conn: Connection, statements: str) -> None:
    for statement in statements.split(";"):
        if statement.strip():
            conn.execute(text(statement))


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


MIGRATIONS: tuple[Migration, ...] = (
    Migration(number=1, name="documents, paragraphs, events, claims, incidents", apply=_0001_core),
    Migration(number=2, name="full-text search", apply=_0002_search),
    Migration(number=3, name="incidents, copies, credibility, outlet profiles, reference records",
              apply=_0003_incidents),
    Migration(number=4, name="analysts' corrections (audit)", apply=_0004_review),
    Migration(number=5, name="full-text search on PostgreSQL", apply=_0005_postgres_search),
)
