"""A real Dask cluster gives the database a single process gives; an ingest killed with -9 resumes
with no loss and no duplicates."""
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from corpora import sample_batch, snapshot
from marsad.jobs.batch import ingest
from marsad.linking.incidents import link_database
from marsad.storage import Store

distributed = pytest.importorskip("distributed", reason="needs optional part: dask[distributed] (marsad[cluster])")


def test_two_workers_give_the_single_process_database(tmp_path):
    from marsad.jobs.cluster import ingest_distributed

    corpus, size = sample_batch(tmp_path / "corpus.jsonl", copies=3)
    with Store(tmp_path / "one.db") as one:
        assert ingest([corpus], one).new == size
        link_database(one)
        single = snapshot(one)
    with Store(tmp_path / "two.db") as two:
        report = ingest_distributed([corpus], two, workers=2, partition=7)
        assert (report.read, report.new, report.duplicates) == (size, size, 0)
        link_database(two)
        assert snapshot(two) == single
        again = ingest_distributed([corpus], two, workers=2)
        assert (again.new, again.duplicates) == (0, size)


def test_a_killed_ingest_resumes_without_loss_or_duplicates(tmp_path):
    corpus, size = sample_batch(tmp_path / "big.jsonl", copies=30)
    command = [sys.executable, "-m", "marsad", "ingest", str(corpus), "--db", str(tmp_path / "k.db"), "-q",
               "--no-link"]
    killed = 0
    for attempt in range(3):  # kill it at a different point each time
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline, wanted = time.time() + 60, 50 * (attempt + 1)
        while time.time() < deadline and proc.poll() is None:
            if (tmp_path / "k.db").exists():
                try:
                    with sqlite3.connect(tmp_path / "k.db", timeout=1) as con:
                        if con.execute("select count(*) from documents").fetchone()[0] >= wanted:
                            break
                except sqlite3.Error:
                    pass
            time.sleep(0.05)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        killed += proc.wait() == -signal.SIGKILL
    assert killed >= 1, "the ingest finished before it could be killed: make the corpus larger"
    assert subprocess.run(command, capture_output=True).returncode == 0
    with sqlite3.connect(tmp_path / "k.db") as con:
        count, keys = con.execute("select count(*), count(distinct key) from documents").fetchone()
        paragraphs_orphaned = con.execute(
            "select count(*) from paragraphs where doc_id not in (select id from documents)").fetchone()[0]
    assert count == keys == size and paragraphs_orphaned == 0
    with Store(tmp_path / "k.db") as resumed, Store(tmp_path / "clean.db") as clean:
        ingest([corpus], clean)
        assert snapshot(resumed)[:2] == snapshot(clean)[:2]


def test_an_existing_cluster_by_its_scheduler_address(tmp_path):
    from distributed import LocalCluster

    from marsad.jobs.cluster import ingest_distributed

    corpus, size = sample_batch(tmp_path / "c.jsonl", copies=1)
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with Store(tmp_path / "s.db") as store:
            report = ingest_distributed([corpus], store, scheduler=cluster.scheduler_address)
            assert (report.new, report.rejected) == (size, [])
            assert store.count_documents() == size
