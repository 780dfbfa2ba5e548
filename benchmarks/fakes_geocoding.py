"""Extraction on real articles with and without the full Syrian gazetteer: speed, memory, load time, accuracy.

    python benchmarks/fakes_geocoding.py --gazetteer /path/to/gazetteer.sqlite [--runs 3]

The articles are FA-KES dev (``../shared/eval/fakes/dev.jsonl``, 631 English news articles). Each
configuration runs in a fresh process on one core:

- load: the time ``knowledge()`` takes to compile the lexicons, with the local gazetteer or without
  (the gazetteer's share is the difference);
- documents/s: the whole pipeline (ingest, clean, language, metadata, extract) over the 631 articles after
  start-up, per CPU second (process time, so that other work on a shared machine does not count), the best
  of ``--runs`` passes;
- peak memory: the process's maximum resident set size at the end (the articles are held in memory);
- governorate accuracy: the main event's governorate against the crowd annotations, by the reference
  script ``../shared/eval/score_fakes.py``.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "eval"


def measure(runs: int) -> dict:
    """One configuration, in this process (the gazetteer is whatever $MARSAD_GAZETTEER names)."""
    import csv
    import resource

    started = time.perf_counter()
    from marsad.extraction.knowledge import knowledge

    kb = knowledge()
    load = time.perf_counter() - started
    import marsad
    from marsad.pipeline import default_pipeline
    from marsad.reading.inputs import read_paths
    from marsad.web.output import document_record

    raw = list(read_paths([SHARED / "fakes" / "dev.jsonl"]))
    pipe = default_pipeline()
    best, docs = None, []
    for _ in range(runs):
        start = time.process_time()  # CPU seconds: other work on a shared machine does not count
        docs = [pipe.run(d) for d in raw]
        took = time.process_time() - start
        best = took if best is None else min(best, took)
    spec = importlib.util.spec_from_file_location("score_fakes", SHARED / "score_fakes.py")
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    records = {str(r["doc"]): r for r in (json.loads(json.dumps(document_record(d), default=str)) for d in docs)}
    gold = list(csv.DictReader((SHARED / "fakes" / "dev_gold.csv").open(encoding="utf-8")))
    scores = scorer.score(gold, records)
    del marsad
    return {"gazetteer": getattr(kb, "gazetteer", None), "places": len(kb.places), "load_s": round(load, 3),
            "docs": len(docs), "docs_per_s": round(len(docs) / best, 1),
            "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "governorate_acc": scores["governorate_acc"], "with_event": scores["with_event"]}


def run_child(gazetteer: str | None, runs: int) -> dict:
    env = dict(os.environ, MARSAD_GAZETTEER=gazetteer or "/nonexistent/marsad-gazetteer.sqlite")
    env["OMP_NUM_THREADS"] = "1"
    done = subprocess.run([sys.executable, __file__, "--child", "--runs", str(runs)], env=env, check=True,
                          capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gazetteer", help="the local gazetteer file (the full Syrian import)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        print(json.dumps(measure(a.runs)))
        return
    rows = [run_child(None, a.runs)] + ([run_child(a.gazetteer, a.runs)] if a.gazetteer else [])
    print("| gazetteer | places | lexicons loaded (s) | documents/s | peak memory (MB) | governorate accuracy |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        name = "bundled only" if not r["gazetteer"] else "bundled + full Syrian import"
        print(f"| {name} | {r['places']:,} | {r['load_s']} | {r['docs_per_s']} | {r['peak_mb']} | "
              f"{r['governorate_acc']} |")


if __name__ == "__main__":
    main()
