"""Which databases a Store opens, makes or refuses, and how: another program's database is left as it
was, a read command makes no database, a read-only file or file system is read, and messages hide
passwords."""
from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest
from sqlalchemy import create_engine, inspect, text

import marsad
import marsad.storage.migrations as migrations
from conftest import fresh_database
from marsad.storage import DatabaseBusy, DatabaseReadOnly, StorageError, Store, database_url


def _docs():
    return [marsad.extract("Car bomb in Azaz\n\nA car bomb exploded in the market of Azaz on Sunday, killing "
                           "seven civilians, the Civil Defence said.", key="en.txt", published="2021-03-14"),
            marsad.extract("Shelling by government forces killed 4 civilians in Daraa on Monday, the Syrian "
                           "Observatory said.", key="daraa.txt", published="2021-03-15")]


def _other_programs_file(path) -> bytes:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)")
    con.execute("INSERT INTO users VALUES (1, 'alice')")
    con.commit()
    con.close()
    return path.read_bytes()


@pytest.mark.parametrize("create", [False, True])
def test_another_programs_sqlite_file_is_refused_and_left_as_it_was(tmp_path, create):
    path = tmp_path / "other.db"
    before = _other_programs_file(path)
    with pytest.raises(StorageError, match="other.db: it is not a marsad database: it holds another program's "
                                           r"tables \(users\)"):
        Store(path, create=create)
    assert path.read_bytes() == before  # no table added, still in its own journal mode
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]  # no WAL, no lock file


def test_another_programs_postgresql_database_is_refused_and_left_as_it_was(tmp_path):
    url = fresh_database("postgresql", tmp_path)
    engine = create_engine(database_url(url))
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)"))
    with pytest.raises(StorageError, match="not a marsad database.*users"):
        Store(url)
    with engine.connect() as conn:
        assert inspect(conn).get_table_names() == ["users"]
    engine.dispose()


def test_a_read_makes_no_database_but_a_write_does(tmp_path):
    absent, empty = tmp_path / "absent.db", tmp_path / "empty.db"
    empty.write_bytes(b"")
    with pytest.raises(StorageError, match="there is no database at .*absent.db"):
        Store(absent, create=False)
    with pytest.raises(StorageError, match="empty.db: it holds no marsad database yet"):
        Store(empty, create=False)
    assert not absent.exists() and empty.read_bytes() == b""
    for path in (absent, empty):
        with Store(path) as store:  # ingest, link: a new database is made
            assert store.schema_version() == migrations.MIGRATIONS[-1].number
        with Store(path, create=False) as store:  # and read from then on
            assert store.count_documents() == 0
    with pytest.raises(StorageError, match="there is no folder"):
        Store(tmp_path / "missing" / "x.db")


def test_messages_hide_the_password():
    with pytest.raises(StorageError) as caught:
        Store("postgresql://analyst:S3cretPassw0rd@127.0.0.1:1/marsad")
    assert "S3cretPassw0rd" not in str(caught.value) and "analyst:***@127.0.0.1:1" in str(caught.value)


def test_a_busy_database_is_described_to_api_clients_without_path_pid_or_host(tmp_path):
    db = tmp_path / "x.db"
    holder = subprocess.Popen([sys.executable, "-c", (
        "import time, marsad.storage as s\n"
        f"st = s.Store({str(db)!r})\n"
        "with st.writing('ingest'):\n"
        "    print('held', flush=True)\n"
        "    time.sleep(60)\n")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with Store(db) as store, pytest.raises(DatabaseBusy) as caught:
            with store.writing("ingest (API)", wait=False):
                pass
    finally:
        holder.kill()
        holder.wait()
    busy = caught.value
    assert f"pid {holder.pid}" in str(busy) and "x.db" in str(busy)  # the command line names the writer
    assert busy.public == ("the database is being written by another marsad process (ingest); "
                           "try again when it has finished")


def test_an_unusable_writer_lock_is_refused_by_name_not_skipped(tmp_path):
    db = tmp_path / "x.db"
    (tmp_path / "x.db.lock").mkdir()  # cannot be opened as a file
    with Store(db) as store:
        with pytest.raises(StorageError, match=r"writer lock .*x.db.lock cannot be taken \(Is a directory\)"):
            with store.writing("ingest"):
                store.add_documents(_docs())
        assert store.count_documents() == 0


def test_a_damaged_table_stops_a_write_instead_of_rejecting_the_documents(tmp_path):
    db = tmp_path / "x.db"
    with Store(db) as store:
        store.add_documents(_docs()[:1])
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page = con.execute("PRAGMA page_size").fetchone()[0]
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'events'").fetchone()[0]
    con.close()
    with open(db, "r+b") as f:  # the events table's first page, overwritten
        f.seek((root - 1) * page)
        f.write(b"\xde\xad\xbe\xef" * (page // 4))
    rejected = []
    with Store(db) as store, pytest.raises(StorageError, match="malformed .*the file is damaged"):
        store.add_documents(_docs()[1:], rejected=rejected)
    assert rejected == []  # the documents are not blamed


# -- read-only files and file systems ---------------------------------------------------------------

def _filled(tmp_path):
    db = tmp_path / "x.db"
    with Store(db) as store:
        store.add_documents(_docs())
    return db


@pytest.mark.parametrize("create", [False, True])
def test_a_database_that_cannot_be_written_is_read(tmp_path, read_only_copy, create):
    folder = read_only_copy([_filled(tmp_path)])
    with Store(folder / "x.db", create=create) as store:
        assert store.read_only
        assert store.count_documents() == 2
        assert [h.key for h in store.search("Azaz")] == ["en.txt"]
        assert len(store.reviewed_events()) == 2
        with pytest.raises(DatabaseReadOnly, match="cannot write to .*x.db: .*read-only"):
            with store.writing("ingest"):
                pass
        with pytest.raises(DatabaseReadOnly):
            store.review("event", store.events()[0]["id"], "confirm", who="analyst")
    assert sorted(p.name for p in folder.iterdir()) == ["x.db"]


def test_changes_in_the_write_ahead_log_are_read_where_nothing_can_be_written(tmp_path, read_only_copy):
    db = _filled(tmp_path)
    writer = sqlite3.connect(db)  # a writer whose last changes are only in the -wal file
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("DELETE FROM claims")
    writer.execute("DELETE FROM events")
    writer.execute("DELETE FROM documents WHERE key = 'daraa.txt'")
    writer.commit()
    folder = read_only_copy([db, tmp_path / "x.db-wal", tmp_path / "x.db-shm"])
    writer.close()
    with Store(folder / "x.db", create=False) as store:
        assert store.count_documents() == 1 and store.events() == []


def test_a_write_ahead_log_that_cannot_be_read_is_a_clear_error(tmp_path, read_only_copy):
    db = _filled(tmp_path)
    writer = sqlite3.connect(db)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("DELETE FROM claims")
    writer.commit()
    folder = read_only_copy([db, tmp_path / "x.db-wal"])  # no -shm, and none can be made
    writer.close()
    with pytest.raises(StorageError, match="write-ahead log .*x.db-wal holds changes that cannot be read"):
        Store(folder / "x.db", create=False)


def test_a_database_that_needs_a_migration_and_cannot_be_written_is_a_clear_error(tmp_path, read_only_copy,
                                                                                    monkeypatch):
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:3])
    Store(tmp_path / "old.db").close()
    monkeypatch.undo()
    folder = read_only_copy([tmp_path / "old.db"])
    with pytest.raises(StorageError, match="old.db: it needs schema migrations 4, 5, 6, 7, 8 and cannot be written"):
        Store(folder / "old.db", create=False)
