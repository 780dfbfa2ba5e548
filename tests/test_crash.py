"""Crash safety: ``marsad ingest`` and ``marsad link`` killed with SIGKILL at random points, again and
again, then run once more, leave the database an uninterrupted run makes; a damaged or locked database
is a clear error."""
from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
import time

import pytest

from conftest import fresh_database
from corpora import sample_batch, snapshot
from marsad.storage import Store

KILLS = 8


def _marsad(*args: str) -> list[str]:
    return [sys.executable, "-m", "marsad", *args]


def _kill_repeatedly(command: list[str], rng: random.Random, low: float, high: float, probe,
                     progress: bool = False) -> list[tuple]:
    """Start ``command`` KILLS times, each time killing it after a random delay; for every run that was cut
    short, the delay and what ``probe()`` then found in the database. With ``progress``, every other run is
    killed instead once ``probe()`` has grown by a random amount (up to 300), so that kills also fall in the
    middle of the work however slow the machine is to start."""
    killed = []
    for attempt in range(KILLS):
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        started = time.monotonic()
        if progress and attempt % 2:
            target = probe() + rng.randint(1, 300)
            while proc.poll() is None and probe() < target and time.monotonic() - started < 120:
                time.sleep(0.05)
        else:
            time.sleep(rng.uniform(low, high))
        delay = time.monotonic() - started
        if proc.poll() is None:
            proc.kill()
            proc.wait()
            killed.append((round(delay, 2), probe()))
        proc.wait()
    return killed


def _reference(tmp_path, corpus) -> tuple:
    clean = tmp_path / "clean.db"
    assert subprocess.run(_marsad("ingest", str(corpus), "--db", str(clean), "-q"), capture_output=True).returncode == 0
    with Store(clean) as store:
        return snapshot(store)


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_random_kills_of_ingest_then_a_rerun_give_the_uninterrupted_database(backend, tmp_path):
    corpus, size = sample_batch(tmp_path / "batch.jsonl", copies=100)
    db = fresh_database(backend, tmp_path)
    command = _marsad("ingest", str(corpus), "--db", db, "-q")

    def stored() -> int:
        with Store(db) as store:
            return store.count_documents()

    killed = _kill_repeatedly(command, random.Random(f"ingest-{backend}"), 0.3, 2.5, stored, progress=True)
    assert len(killed) >= KILLS // 2, f"too few runs were cut short ({killed}): make the batch larger"
    assert len({n for _, n in killed}) >= 2, killed  # cut at different points of the work
    final = subprocess.run(command, capture_output=True, text=True)
    assert final.returncode == 0, final.stderr
    with Store(db) as store:
        assert store.count_documents() == size and store.unlinked_count() == 0
        assert snapshot(store) == _reference(tmp_path, corpus)


@pytest.mark.slow
def test_random_kills_of_linking_leave_no_half_written_incidents(tmp_path):
    corpus, size = sample_batch(tmp_path / "batch.jsonl", copies=40)
    db = str(tmp_path / "link.db")
    stored = subprocess.run(_marsad("ingest", str(corpus), "--db", db, "-q", "--no-link"), capture_output=True)
    assert stored.returncode == 0
    def linked() -> tuple[int, int]:
        with sqlite3.connect(db) as con:
            return con.execute("select count(incident_id), count(*) - count(incident_id) from events").fetchone()

    killed = _kill_repeatedly(_marsad("link", "--db", db), random.Random("link"), 0.5, 2.5, linked)
    assert killed, "linking always finished before it could be killed: make the batch larger"
    assert all(done == 0 or left == 0 for _, (done, left) in killed), killed  # all or nothing, every time
    rerun = subprocess.run(_marsad("ingest", str(corpus), "--db", db, "-q"), capture_output=True, text=True)
    assert rerun.returncode == 0 and "duplicates" in rerun.stderr  # nothing new, yet a cut-short link is redone
    with Store(db) as store:
        assert store.unlinked_count() == 0
        assert snapshot(store) == _reference(tmp_path, corpus)


def test_a_damaged_database_is_a_clear_error_and_its_file_is_left_alone(tmp_path):
    db = tmp_path / "damaged.db"
    doc = tmp_path / "report.txt"
    doc.write_text("Clashes in Homs\n\nClashes broke out in Homs on Monday between the army and rebels.",
                   encoding="utf-8")
    assert subprocess.run(_marsad("ingest", str(doc), "--db", str(db), "-q"), capture_output=True).returncode == 0
    data = bytearray(db.read_bytes())
    data[100:4096] = bytes(range(256)) * 15 + bytes(range(256))[:196]  # the schema page, overwritten
    db.write_bytes(bytes(data))
    before = db.read_bytes()
    for args in (("ingest", str(doc)), ("export",), ("link",), ("search", "Homs")):
        run = subprocess.run(_marsad(*args, "--db", str(db)), capture_output=True, text=True)
        assert run.returncode == 1, (args, run.stderr)
        assert "error:" in run.stderr and str(db) in run.stderr and "Traceback" not in run.stderr, run.stderr
        assert "malformed" in run.stderr or "not a database" in run.stderr
    assert db.read_bytes() == before


def test_an_ingest_into_a_damaged_table_stops_with_the_damage_named_and_blames_no_input(tmp_path):
    db, doc = tmp_path / "damaged.db", tmp_path / "report.txt"
    doc.write_text("Clashes in Homs\n\nClashes broke out in Homs on Monday between the army and rebels.",
                   encoding="utf-8")
    assert subprocess.run(_marsad("ingest", str(doc), "--db", str(db), "-q"), capture_output=True).returncode == 0
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page = con.execute("PRAGMA page_size").fetchone()[0]
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'events'").fetchone()[0]
    con.close()
    with open(db, "r+b") as f:  # the schema reads fine; the events table does not
        f.seek((root - 1) * page)
        f.write(bytes(range(256)) * (page // 256))
    other = tmp_path / "other.txt"
    other.write_text("Shelling in Daraa\n\nShelling by government forces killed 4 civilians in Daraa on Monday.",
                     encoding="utf-8")
    run = subprocess.run(_marsad("ingest", str(other), "--db", str(db)), capture_output=True, text=True)
    assert run.returncode == 1, run.stderr
    assert "malformed (the file is damaged; restore it from a backup)" in run.stderr, run.stderr
    assert "rejected" not in run.stderr + run.stdout and "Traceback" not in run.stderr


def test_a_locked_database_is_a_clear_error_after_the_busy_timeout(tmp_path):
    db = tmp_path / "locked.db"
    doc = tmp_path / "report.txt"
    doc.write_text("Clashes in Homs\n\nClashes broke out in Homs on Monday between the army and rebels.",
                   encoding="utf-8")
    Store(db).close()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another program holds the database
    try:
        run = subprocess.run(_marsad("ingest", str(doc), "--db", str(db), "-q"), capture_output=True, text=True,
                             env={**os.environ, "MARSAD_BUSY_TIMEOUT": "1"}, timeout=60)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert run.returncode == 1 and "locked" in run.stderr and "MARSAD_BUSY_TIMEOUT" in run.stderr, run.stderr
    assert "Traceback" not in run.stderr
    again = subprocess.run(_marsad("ingest", str(doc), "--db", str(db), "-q"), capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
