"""Migrations apply whole or not at all: a kill in the middle of any migration, or a failure inside one
(a full disk), leaves the previous schema and the stored data intact, and the next open finishes it."""
from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import create_engine, inspect, select, text

import marsad.storage.migrations as migrations
from conftest import fresh_database
from marsad.storage import StorageError, Store, database_url, schema
from marsad.storage.migrations import MIGRATIONS

HELPER = Path(__file__).with_name("interrupt_migration.py")
NOTHING_TO_RUN = {("sqlite", 5), ("postgresql", 2)}  # full-text search is made one way on each database
CASES = [(backend, m.number) for backend in ("sqlite", "postgresql") for m in MIGRATIONS
         if (backend, m.number) not in NOTHING_TO_RUN]


def _layout(db: str) -> tuple[dict[str, list[str]], list[int]]:
    """Every table with its columns, and the migrations recorded, read without marsad."""
    engine = create_engine(database_url(db))
    with engine.connect() as conn:
        found = inspect(conn)
        tables = {t: sorted(c["name"] for c in found.get_columns(t)) for t in found.get_table_names()}
        version = schema.schema_migrations.c.version
        versions = (conn.execute(select(version).order_by(version)).scalars().all()
                    if "schema_migrations" in tables else [])
    engine.dispose()
    return tables, versions


def _helper(db: str, number: int, mode: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(HELPER), db, str(number), mode], capture_output=True, text=True,
                          timeout=120)


def _assert_whole(store: Store, documents: int) -> None:
    """Every migration recorded, every table and column of the schema there, the stored rows kept."""
    assert store.schema_version() == MIGRATIONS[-1].number
    with store.engine.connect() as conn:
        recorded = list(conn.execute(select(schema.schema_migrations.c.version)
                                     .order_by(schema.schema_migrations.c.version)).scalars())
        found = inspect(conn)
        for table in schema.metadata.sorted_tables:
            columns = {c["name"] for c in found.get_columns(table.name)}
            assert set(table.columns.keys()) <= columns, (table.name, columns)
        assert conn.execute(text("SELECT count(*) FROM documents")).scalar() == documents
    assert recorded == [m.number for m in MIGRATIONS]


@pytest.mark.parametrize("backend, number", CASES)
def test_a_kill_inside_a_migration_leaves_a_database_the_next_open_finishes(backend, number, tmp_path):
    db = fresh_database(backend, tmp_path)
    built = _helper(db, number, "build")
    assert built.returncode == 0 and f"schema {number - 1}" in built.stdout, built.stderr
    before = _layout(db)
    killed = _helper(db, number, "kill")
    assert killed.returncode == -signal.SIGKILL and "ran:" in killed.stdout, (killed.stdout, killed.stderr)
    assert _layout(db) == before  # the schema before the kill is whole: no trace of migration N
    with Store(db) as store:
        _assert_whole(store, documents=1 if number > 1 else 0)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_failure_inside_the_first_migration_leaves_a_database_that_opens(backend, tmp_path, monkeypatch):
    db = fresh_database(backend, tmp_path)
    real_run = migrations._run

    def fail_after_the_first_statement(conn, statements: str) -> None:
        first = next(s for s in statements.split(";") if s.strip())
        conn.execute(text(first))
        conn.execute(text("CREATE TABLE documents (x TEXT)"))  # fails as a full disk would: mid-migration

    monkeypatch.setattr(migrations, "_run", fail_after_the_first_statement)
    with pytest.raises(StorageError, match="cannot open database .*already exists"):
        Store(db)
    monkeypatch.setattr(migrations, "_run", real_run)
    with Store(db) as store:
        _assert_whole(store, documents=0)


def test_an_up_to_date_database_is_opened_without_waiting_for_a_writer(tmp_path, monkeypatch):
    import sqlite3

    db = tmp_path / "busy.db"
    Store(db).close()
    writer = sqlite3.connect(db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another process is in the middle of a write
    monkeypatch.setenv("MARSAD_BUSY_TIMEOUT", "0")
    try:
        with Store(db) as store:  # the migration check only reads: no write lock is asked for
            assert store.count_documents() == 0
    finally:
        writer.execute("ROLLBACK")
        writer.close()


@pytest.fixture
def tiny_filesystem(tmp_path):
    """A 4 MB tmpfs (root only): a disk that can be filled."""
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("filling a disk needs root, to mount a small tmpfs")
    where = tmp_path / "tiny"
    where.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(where)]).returncode:
        pytest.skip("mounting a tmpfs failed (no mount permission here)")
    yield where
    subprocess.run(["umount", str(where)])


def test_a_full_disk_while_a_database_is_made_leaves_a_file_that_opens_once_space_is_freed(tiny_filesystem):
    db, filler = tiny_filesystem / "x.db", tiny_filesystem / "filler"
    for free_kb in (64, 96, 128, 48, 160, 32):  # the space left so that the first migration runs out of it
        for f in tiny_filesystem.iterdir():
            f.unlink()
        stat = os.statvfs(tiny_filesystem)
        filler.write_bytes(b"\0" * max(0, stat.f_bavail * stat.f_frsize - free_kb * 1024))
        try:
            Store(db).close()
        except StorageError as exc:
            assert "full" in str(exc), exc
            break
    else:
        pytest.fail("no size of free space made the first open fail: the check did not run")
    filler.unlink()
    with Store(db) as store:
        _assert_whole(store, documents=0)


def _statements(number: int, monkeypatch) -> list[str]:
    """The SQL statements migration ``number`` runs on SQLite."""
    seen: list[str] = []
    with monkeypatch.context() as patched:
        patched.setattr(migrations, "_run", lambda _conn, sql: seen.extend(s for s in sql.split(";") if s.strip()))
        MIGRATIONS[number - 1].apply(SimpleNamespace(dialect=SimpleNamespace(name="sqlite")))
    return seen


@pytest.mark.parametrize("number", [1, 3])
def test_a_migration_left_half_done_by_an_earlier_marsad_is_finished(number, tmp_path, monkeypatch):
    """Earlier releases let SQLite commit each statement of a migration on its own, so a kill or a full
    disk left some of its tables or columns made and no row for it: such a database opens again."""
    db = tmp_path / "half.db"
    built = _helper(str(db), number, "build")
    assert built.returncode == 0, built.stderr
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT, "
                "applied_at TEXT)")
    for statement in _statements(number, monkeypatch)[:2]:  # committed one by one, then the process died
        con.execute(statement)
        con.commit()
    con.close()
    with Store(db) as store:
        _assert_whole(store, documents=1 if number > 1 else 0)
