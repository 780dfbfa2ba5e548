"""Concurrency: the API keeps answering while a batch is ingested, and two ingests into one database take
turns (the second waits, saying for whom, or stops at once with --no-wait) instead of corrupting it."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import pytest

from conftest import free_port, fresh_database
from corpora import sample_batch, snapshot
from marsad.storage import DatabaseBusy, Store

httpx = pytest.importorskip("httpx", reason="needs optional part: httpx (marsad[test])")
TOKEN = "concurrency-token"


def _marsad(*args: str) -> list[str]:
    return [sys.executable, "-m", "marsad", *args]


def _serve(db: str):
    port = free_port()
    proc = subprocess.Popen(_marsad("serve", "--db", db, "--port", str(port), "--write-token", TOKEN),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            if httpx.get(f"{base}/api/documents?limit=1", timeout=2).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            raise AssertionError(f"marsad serve stopped: {proc.stderr.read()}")
        time.sleep(0.1)
    proc.kill()
    raise AssertionError("marsad serve did not start")


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_the_api_answers_reads_while_a_batch_is_ingested(backend, tmp_path):
    corpus, size = sample_batch(tmp_path / "batch.jsonl", copies=60)
    db = fresh_database(backend, tmp_path)
    Store(db).close()  # the schema exists before the server opens it
    server, base = _serve(db)
    try:
        ingest = subprocess.Popen(_marsad("ingest", str(corpus), "--db", db, "-q"),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        totals, statuses, slowest = [], [], 0.0
        with httpx.Client(base_url=base, timeout=30) as client:
            while ingest.poll() is None:
                started = time.monotonic()
                docs = client.get("/api/documents?limit=5")
                events = client.get("/api/events?limit=5&q=Azaz")
                incidents = client.get("/api/incidents?limit=5")
                slowest = max(slowest, time.monotonic() - started)
                statuses += [docs.status_code, events.status_code, incidents.status_code]
                if docs.status_code == 200:
                    totals.append(docs.json()["total"])
                busy = client.post("/api/documents", headers={"Authorization": f"Bearer {TOKEN}"},
                                   json={"text": "Clashes in Homs\n\nClashes broke out in Homs on Monday."})
                statuses.append(busy.status_code)
                if busy.status_code == 409:  # a write while the batch holds the writer lock: refused, named
                    error = busy.json()["error"]  # what the writer does, but no path, pid or host name
                    assert "being written by another marsad process (ingest)" in error, error
                    assert "pid" not in error and socket.gethostname() not in error and db not in error
            assert ingest.wait() == 0, ingest.stderr.read()
            assert client.get("/api/documents?limit=1").json()["total"] >= size
        assert len(totals) >= 5, "the ingest ended before the API was asked much: make the batch larger"
        assert set(statuses) <= {200, 201, 409}, statuses
        assert 409 in statuses, statuses  # at least one write met the running batch
        assert totals == sorted(totals) and totals[-1] > totals[0], totals  # reads saw the batch arrive
        print(f"{len(totals)} rounds of reads during the ingest; slowest round {slowest:.2f} s")
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_two_ingests_into_one_database_take_turns(backend, tmp_path):
    corpus, size = sample_batch(tmp_path / "batch.jsonl", copies=60)
    db = fresh_database(backend, tmp_path)
    Store(db).close()
    first = subprocess.Popen(_marsad("ingest", str(corpus), "--db", db, "-q"), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    with Store(db) as store:  # the first holds the lock once it has written its first documents
        deadline = time.monotonic() + 120
        while store.count_documents() == 0 and first.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
    assert first.poll() is None, "the first ingest ended before the second began: make the batch larger"
    second = subprocess.Popen(_marsad("ingest", str(corpus), "--db", db, "-q"), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    refused = subprocess.run(_marsad("ingest", str(corpus), "--db", db, "-q", "--no-wait"), capture_output=True,
                             text=True)
    first_out, second_out = first.communicate(timeout=300), second.communicate(timeout=300)
    assert first.returncode == 0 and second.returncode == 0, (first_out, second_out)
    assert "waiting: the database is being written by marsad ingest (pid" in second_out[1]
    assert refused.returncode == 1 and "being written by marsad ingest" in refused.stderr
    assert "Traceback" not in refused.stderr + second_out[1]
    with Store(db) as store:
        assert store.count_documents() == size and store.unlinked_count() == 0
        together = snapshot(store)
    alone = str(tmp_path / "alone.db")
    assert subprocess.run(_marsad("ingest", str(corpus), "--db", alone, "-q"), capture_output=True).returncode == 0
    with Store(alone) as store:
        assert together == snapshot(store)


def test_the_lock_is_freed_when_its_holder_dies(tmp_path):
    db = str(tmp_path / "x.db")
    holder = subprocess.Popen([sys.executable, "-c", (
        "import time, marsad.storage as s\n"
        f"st = s.Store({db!r})\n"
        "with st.writing('ingest'):\n"
        "    print('held', flush=True)\n"
        "    time.sleep(60)\n")], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    with Store(db) as store:
        with pytest.raises(DatabaseBusy, match=f"being written by marsad ingest \\(pid {holder.pid}"):
            with store.writing("ingest", wait=False):
                pass
        holder.kill()
        holder.wait()
        with store.writing("ingest", wait=False):  # kill -9 left no stale lock behind
            assert os.path.exists(db + ".lock")
