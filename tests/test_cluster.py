"""A real Dask cluster gives the database a single process gives; an ingest killed with -9 resumes
with no loss and no duplicates."""
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from marsad.batch import ingest
from marsad.demo import sample_path
from marsad.export import export
from marsad.incidents import link_database
from marsad.storage import Store

distributed = pytest.importorskip("distributed", reason="needs optional part: dask[distributed] (marsad[cluster])")


def _corpus(path, copies=4):
    """The sample corpus and altered copies of it, as one JSONL batch."""
    from marsad.sources import read_paths

    rows = []
    for n in range(copies):
        for doc in read_paths([sample_path()]):
            rows.append({"id": f"{doc.key}#{n}", "text": doc.raw + ("" if n == 0 else f"\n\nCopy {n}."),
                         "publisher": doc.given.publisher, "published": doc.given.published})
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    return path, len(rows)


def _snapshot(store):
    docs, events = io.StringIO(), io.StringIO()
    export(store, docs, what="documents", fmt="jsonl")
    export(store, events, what="events", fmt="jsonl")
    documents = [{k: v for k, v in json.loads(line).items() if k != "ingested_at"} for line in docs.getvalue().splitlines()]
    return documents, events.getvalue(), [(i["id"], i["reports"], i["fatalities_best"]) for i in store.incidents()]


def test_two_workers_give_the_single_process_database(tmp_path):
    from marsad.cluster import ingest_distributed

    corpus, size = _corpus(tmp_path / "corpus.jsonl", copies=3)
    with Store(tmp_path / "one.db") as one:
        assert ingest([corpus], one).new == size
        link_database(one)
        single = _snapshot(one)
    with Store(tmp_path / "two.db") as two:
        report = ingest_distributed([corpus], two, workers=2, partition=7)
        assert (report.read, report.new, report.duplicates) == (size, size, 0)
        link_database(two)
        assert _snapshot(two) == single
        again = ingest_distributed([corpus], two, workers=2)
        assert (again.new, again.duplicates) == (0, size)


def test_a_killed_ingest_resumes_without_loss_or_duplicates(tmp_path):
    corpus, size = _corpus(tmp_path / "big.jsonl", copies=30)
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
        assert _snapshot(resumed)[:2] == _snapshot(clean)[:2]


def test_an_existing_cluster_by_its_scheduler_address(tmp_path):
    from distributed import LocalCluster

    from marsad.cluster import ingest_distributed

    corpus, size = _corpus(tmp_path / "c.jsonl", copies=1)
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with Store(tmp_path / "s.db") as store:
            report = ingest_distributed([corpus], store, scheduler=cluster.scheduler_address)
            assert (report.new, report.rejected) == (size, [])
            assert store.count_documents() == size
