"""Helpers shared by the tests that compare whole databases: a batch made of the sample corpus, and a
snapshot of what a database holds (documents, events, incidents) that two databases can be compared by."""
from __future__ import annotations

import io
import json
from pathlib import Path

from marsad.jobs.demo import sample_path
from marsad.web.export import export


def sample_batch(path: Path, copies: int = 4) -> tuple[Path, int]:
    """The sample corpus and altered copies of it, as one JSONL batch; returns it and its size."""
    from marsad.reading.inputs import read_paths

    rows = []
    for n in range(copies):
        for doc in read_paths([sample_path()]):
            rows.append({"id": f"{doc.key}#{n}", "text": doc.raw + ("" if n == 0 else f"\n\nCopy {n}."),
                         "publisher": doc.given.publisher, "published": doc.given.published})
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    return path, len(rows)


def snapshot(store) -> tuple[list[dict], str, list[tuple]]:
    """Documents (without the ingest time), events, and incidents with their reports and tolls."""
    docs, events = io.StringIO(), io.StringIO()
    export(store, docs, what="documents", fmt="jsonl")
    export(store, events, what="events", fmt="jsonl")
    documents = [{k: v for k, v in json.loads(line).items() if k != "ingested_at"}
                 for line in docs.getvalue().splitlines()]
    return documents, events.getvalue(), [(i["id"], i["reports"], i["fatalities_best"]) for i in store.incidents()]
