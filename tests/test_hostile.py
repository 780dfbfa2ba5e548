"""The hostile-input corpus (tests/hostile_corpus.py) through the real ``marsad ingest``, on SQLite and
PostgreSQL: every input is stored as specified or rejected with a reason naming it, and the batch goes on."""
from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func, select

from conftest import fresh_database
from hostile_corpus import build
from marsad.extraction.claims import PLAUSIBLE_MAX_DEFAULT
from marsad.jobs.batch import ingest_documents
from marsad.model import Claim, Document
from marsad.pipeline import default_pipeline
from marsad.storage import Store, schema

EXIT_REJECTED = 3


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return build(tmp_path_factory.mktemp("hostile"))


def _ingest(root: Path, db: str, report: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "marsad", "ingest", str(root), "--db", db, "-q",
                           "--report", str(report)], capture_output=True, text=True, timeout=600)


def _relative(source: str, root: Path) -> str:
    return source[len(str(root)) + 1:] if source.startswith(str(root)) else source


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_every_hostile_input_is_stored_or_rejected_by_name(corpus, backend, tmp_path):
    db = fresh_database(backend, tmp_path)
    run = _ingest(corpus.root, db, tmp_path / "report.json")
    assert run.returncode == EXIT_REJECTED, run.stderr[-3000:]
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    rejected = {}
    for r in report["rejected"]:
        rejected.setdefault(_relative(r["source"], corpus.root), []).append(r["reason"])
    expected_rejections = {c.source for c in corpus.cases if c.outcome == "rejected"}
    assert set(rejected) == expected_rejections  # nothing else was refused
    for case in corpus.cases:
        if case.outcome == "rejected":
            assert any(case.reason in reason for reason in rejected[case.source]), (case, rejected[case.source])
    shown = [line for line in run.stderr.splitlines() if line.startswith("  rejected ")]
    assert len(shown) == min(20, len(report["rejected"]))  # the summary names the first 20 rejected inputs
    for r in report["rejected"][:20]:
        assert any(r["source"] in line for line in shown), r
    if len(report["rejected"]) > 20:
        assert f"... and {len(report['rejected']) - 20} more rejections" in run.stderr
    assert report["new"] == len({c.source for c in corpus.cases if c.outcome == "stored"})
    assert report["duplicates"] == sum(1 for c in corpus.cases if c.outcome == "duplicate")
    assert report["read"] == report["new"] + report["duplicates"] + len(report["rejected"])

    with Store(db) as store:
        documents = {_relative(d["source"], corpus.root): d for d in
                     (store.document(row["id"]) for row in store.documents())}
        events = store.events()
        for case in corpus.cases:
            if case.outcome != "stored":
                continue
            doc = documents[case.source]
            _check(case, doc, [e for e in events if e["doc_id"] == doc["id"]],
                   json.loads(doc["warnings"] or "[]"))
        with store.engine.connect() as conn:
            assert conn.execute(select(func.max(schema.claims.c.low))).scalar() <= PLAUSIBLE_MAX_DEFAULT

    again = _ingest(corpus.root, db, tmp_path / "again.json")  # re-running changes nothing
    second = json.loads((tmp_path / "again.json").read_text(encoding="utf-8"))
    assert again.returncode == EXIT_REJECTED
    assert second["new"] == 0 and second["duplicates"] == report["new"] + report["duplicates"]
    assert len(second["rejected"]) == len(report["rejected"])


def _check(case, doc: dict, events: list[dict], warnings: list[str]) -> None:
    where = f"{case.source} ({case})"
    if case.encoding:
        assert doc["encoding"] == case.encoding, where
    if case.language:
        assert doc["language"] == case.language, where
    if case.warning:
        assert any(case.warning in w for w in warnings), (where, warnings)
    for text in case.absent:
        assert text not in doc["text"], where
    for text in case.present:
        assert text in doc["text"], where
    if case.published != "unchanged":
        assert doc["published"] == case.published, where
    if case.place is not None:
        assert any(e["location_name"] == case.place for e in events), (where, [e["location_name"] for e in events])
    if case.deaths is not None:
        located = [e for e in events if case.place is None or e["location_name"] == case.place]
        assert any(e["fatalities_best"] == case.deaths for e in located), (where, located)
    if case.dated is not None:
        at_place = [e for e in events if case.place is None or e["location_name"] == case.place]
        assert at_place and all((e["date"] is not None) == case.dated for e in at_place), (where, at_place)
    assert "\x00" not in doc["text"]


def test_the_corpus_covers_what_the_issue_lists(tmp_path):
    corpus = build(tmp_path, large=False)
    names = {c.source.split(":")[0] for c in corpus.cases}
    for needed in ("empty.txt", "noise.bin", "nul-inside.txt", "utf16-bom.txt", "arabic-cp1256.txt", "latin-1.txt",
                   "mixed-utf8-cp1256.txt", "scripts-and-broken-markup.html", "zero-width-and-bidi.txt",
                   "absurd-numbers.txt", "impossible-and-future-dates.txt", "malformed.jsonl", "malformed.csv",
                   "duplicate-ids.jsonl"):
        assert needed in names
    assert {c.outcome for c in corpus.cases} == {"stored", "rejected", "duplicate"}


def _poison(doc: Document) -> Document:
    """A stage that gives one document a figure no database integer can hold."""
    if "Poison" not in doc.text or not doc.events:
        return doc
    event = doc.events[0]
    huge = Claim(kind="killed", low=10 ** 30, high=10 ** 30, qualifier="exact", victims="people",
                 claimant="unattributed", start=0, end=6, evidence=doc.text[:6])
    return doc.with_(events=(replace(event, claims=event.claims + (huge,)),) + doc.events[1:])


def test_a_document_the_database_refuses_is_rejected_and_the_rest_are_stored(store):
    texts = [f"Clashes in Homs\n\nClashes broke out in Homs on Monday between the army and rebels, day {n}."
             for n in range(5)]
    texts[2] = "Poison in Homs\n\nClashes broke out in Homs on Monday between the army and rebels. Poison."
    docs = [Document(key=f"d{n}", raw=t, source=f"batch:{n}") for n, t in enumerate(texts)]
    pipeline = default_pipeline().add("poison", _poison, after="extract")
    report = ingest_documents(docs, store, pipeline=pipeline, chunk=10)
    assert report.new == 4 and [r.source for r in report.rejected] == ["batch:2"]
    assert "cannot be stored" in report.rejected[0].reason
    assert {d["key"] for d in store.documents()} == {"d0", "d1", "d3", "d4"}
    with store.engine.connect() as conn:  # no row of the refused document was left behind
        kept = {d["id"] for d in store.documents()}
        for table in (schema.paragraphs, schema.events):
            assert set(conn.execute(select(table.c.doc_id)).scalars()) == kept
        assert not conn.execute(select(schema.claims.c.doc_id)).first()


@pytest.mark.slow
def test_the_cluster_path_treats_the_corpus_as_one_process_does(tmp_path):
    pytest.importorskip("distributed", reason="needs optional part: dask[distributed] (marsad[cluster])")
    from corpora import snapshot

    corpus = build(tmp_path / "corpus", large=False)
    reports = {}
    for name, extra in (("one", []), ("two", ["--workers", "2"])):
        run = subprocess.run([sys.executable, "-m", "marsad", "ingest", str(corpus.root), "--db",
                              str(tmp_path / f"{name}.db"), "-q", "--report", str(tmp_path / f"{name}.json"), *extra],
                             capture_output=True, text=True, timeout=600)
        assert run.returncode == EXIT_REJECTED, run.stderr[-2000:]
        reports[name] = json.loads((tmp_path / f"{name}.json").read_text(encoding="utf-8"))
    assert reports["one"] == reports["two"]  # the same rejections, warnings and counts, in the same order
    with Store(tmp_path / "one.db") as one, Store(tmp_path / "two.db") as two:
        assert snapshot(one) == snapshot(two)


@pytest.mark.slow
def test_extract_gives_one_record_per_input_and_names_each_rejection(corpus, tmp_path):
    out = tmp_path / "out.jsonl"
    run = subprocess.run([sys.executable, "-m", "marsad", "extract", str(corpus.root), "-o", str(out)],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == EXIT_REJECTED, run.stderr[-2000:]
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    errors = {_relative(r["source"], corpus.root) for r in records if "error" in r}
    assert errors == {c.source for c in corpus.cases if c.outcome == "rejected"}
    stored_or_repeated = [c for c in corpus.cases if c.outcome in ("stored", "duplicate")]
    assert len(records) - len([r for r in records if "error" in r]) == len({c.source for c in stored_or_repeated})
    for record in records:
        for event in record["events"]:  # every event's evidence is text of its document, as extracted
            assert event["evidence"] and "\x00" not in event["evidence"]
