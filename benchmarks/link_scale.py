"""Incident linking at scale: ``marsad link`` over a database of 10,000 to 100,000 reports, and linking
10,000 to 100,000 events in memory; time and memory, and how they grow.

    python benchmarks/link_scale.py --reports 10000,30000,100000 [--before REV] [--after REV] [--write BENCHMARKS.md]
    python benchmarks/link_scale.py --in-memory [--sizes 10000,30000,100000] [--write BENCHMARKS.md]

**Database** (the default): each size is a SQLite database of synthetic reports with their texts, events
and claims (:mod:`link_database` says how they are made; built once and cached in ``--cache``). Each run
links a fresh copy of it as ``marsad link`` does (:func:`marsad.linking.incidents.link_database` with
``full=True``) in a child process of its own, which reports its wall and CPU time and its peak resident
memory (``getrusage``: the whole process, Python and the database driver included) and writes the incident
of every event. ``--before REV`` runs the same on the code of an earlier commit (its ``marsad`` package,
exported with ``git archive`` into the cache), size by size beside the current code, and checks that both
make the same incidents: the same partition of the events, whatever the incidents' ids, and whether they
write the same (the incidents' rows, the documents' copies and credibility, the outlet profiles). ``--after
REV`` measures that commit's code instead of the working tree's.

**In memory** (``--in-memory``): the events are the bundled sample corpus's, copied with shifted dates and
places (any gazetteer town, village or city), so that copies of one report form incidents of their own as
real reports would: the reports of one original incident move together, so every synthetic incident is told
by the same two or three outlets as the original. Dates spread over one month per ``--per-month`` events
(3,000 by default, the intensity of the Syrian war's worst years in ACLED's count), so that a larger corpus
is a longer archive at the same density, as a monitor's database grows. Memory is the peak of Python
allocations during linking (tracemalloc), measured in a separate pass from the timing.
"""
from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import platform
import random
import subprocess
import sys
import time
import tracemalloc
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

if "--code" in sys.argv:  # a child process: the marsad package it is given comes first, before any import of it
    sys.path.insert(0, sys.argv[sys.argv.index("--code") + 1])
sys.path.insert(1, str(Path(__file__).parent))
from extract_throughput import write_section  # noqa: E402
from link_database import build, cached_path, fresh_copy  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

START = date(2015, 1, 1)


def synthetic(size: int, per_month: int = 3000, seed: int = 7) -> list:
    import marsad  # (imported here: a child process imports the marsad of the code it is given)
    from marsad.extraction.knowledge import knowledge
    from marsad.jobs.demo import sample_path
    from marsad.linking.incidents import report_of

    base = [report_of(d) for d in marsad.read(sample_path())]
    by_doc = [e for r in base for e in r.events]
    places = [p.location for p in knowledge().places.values() if p.location.precision in ("town", "village", "city")]
    rng = random.Random(seed)
    events, copy = [], 0
    while len(events) < size:
        day = START + timedelta(days=rng.randrange(0, max(30, 30 * size // per_month)))
        moved = {}  # each original place moves to one new place in this copy, for all its reports
        for e in by_doc:
            if e.place_id not in moved:
                moved[e.place_id] = rng.choice(places)
            loc = moved[e.place_id]
            # every report of the copy is published on `day`; events keep their distance to their report's date
            when = day + (e.date - e.published) if e.date and e.published else (e.date and day)
            events.append(replace(e, event_id=f"{e.event_id}~{copy}", doc_id=f"{e.doc_id}~{copy}", date=when,
                                  published=day if e.published else None, place_id=loc.id,
                                  lat=loc.lat, lon=loc.lon, precision=loc.precision, admin1=loc.admin1))
        copy += 1
    return events[:size]


def measure(events: list) -> tuple[float, float, int]:
    from marsad.linking.links import link

    gc.collect()
    start = time.perf_counter()
    incidents = link(events)
    seconds = time.perf_counter() - start
    tracemalloc.start()
    link(events)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak / 2**20, len(incidents)


def in_memory_main(args) -> int:
    from marsad.extraction.knowledge import knowledge

    sizes = [int(s) for s in args.sizes.split(",")]
    knowledge()
    rows = []
    for size in sizes:
        events = synthetic(size, args.per_month)
        seconds, peak_mb, incidents = measure(events)
        rows.append((size, seconds, peak_mb, incidents))
        print(f"{size} events: {seconds:.2f} s, {peak_mb:.0f} MB, {incidents} incidents", file=sys.stderr)
    first = rows[0]
    lines = ["## Incident linking at scale", "",
             f"`python benchmarks/link_scale.py --sizes {args.sizes} --per-month {args.per_month}` on "
             f"{platform.machine()}, "
             f"Python {platform.python_version()} (one core):", "",
             "| events | seconds | µs per event | peak memory (MB) | incidents | time growth vs first |",
             "|---|---|---|---|---|---|"]
    for size, seconds, peak_mb, incidents in rows:
        lines.append(f"| {size} | {seconds:.2f} | {1e6 * seconds / size:.0f} | {peak_mb:.0f} | {incidents} | "
                     f"{seconds / first[1]:.1f}x for {size / first[0]:.0f}x the events |")
    lines += ["", ("Linking compares only events whose windows of days meet and whose places can agree (each "
                   "place, governorate and grid cell keeps its events sorted by the first day of their windows, "
                   "read by bisection within the pair's reach), so the work per event stays bounded by how many "
                   "events lie near it in space and time, not by the size of the archive. It still grows a little "
                   "with the archive: an event whose report has no date meets every event of its kind at its "
                   "place, at any time. Peak memory is what linking allocates (the blocks, the agreeing pairs and "
                   "the incidents), not the events given to it. The events are synthetic (see the script's "
                   "docstring); the machine was shared with other work during the run, so the times are upper "
                   "bounds.")]
    report = "\n".join(lines) + "\n"
    print(report)
    if args.write:
        write_section(args.write, "## Incident linking at scale", report)
    return 0



def child(db: str, code: str, out: str) -> int:
    """Link one database as ``marsad link`` does, with the ``marsad`` package found in ``code``; print time
    and memory as JSON and write each event's incident to ``out``."""
    import resource

    from marsad.extraction.knowledge import knowledge
    from marsad.linking.incidents import link_database
    from marsad.storage import Store

    knowledge()
    ready_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    before = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    with Store(db) as store:
        link_database(store, full=True)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    import sqlite3
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT id, incident_id FROM events ORDER BY id").fetchall()
        incidents = conn.execute("SELECT count(*) FROM incidents").fetchone()[0]
        digest = hashlib.sha1()  # everything else linking writes: incidents, copies, credibility, profiles
        for query in ("SELECT * FROM incidents ORDER BY id",
                      "SELECT id, copy_of, credibility, credibility_reasons FROM documents ORDER BY id",
                      "SELECT * FROM outlet_profiles ORDER BY outlet"):
            for row in conn.execute(query):
                digest.update(repr(row).encode())
    Path(out).write_text(json.dumps(rows), encoding="utf-8")
    print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_mb": after.ru_maxrss / 1024, "ready_mb": ready_mb,
                      "incidents": incidents, "events": len(rows), "written": digest.hexdigest(),
                      "marsad": __import__("marsad").__file__}))
    return 0


def partition(path: Path) -> frozenset[frozenset[str]]:
    """The events grouped by incident, whatever the incidents' ids."""
    groups: dict[str, set[str]] = {}
    for event, incident in json.loads(path.read_text(encoding="utf-8")):
        groups.setdefault(incident or f"none:{event}", set()).add(event)
    return frozenset(frozenset(g) for g in groups.values())


def export_code(rev: str, cache: Path) -> Path:
    """The ``marsad`` package of an earlier commit, exported into the cache."""
    sha = subprocess.run(["git", "rev-parse", "--short", rev], cwd=ROOT, check=True, capture_output=True,
                         text=True).stdout.strip()
    folder = cache / f"code-{sha}"
    if not (folder / "marsad" / "__init__.py").exists():
        folder.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "archive", sha, "marsad"], cwd=ROOT, check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def run(db: Path, code: Path, cache: Path, label: str) -> dict:
    work = fresh_copy(db, cache / f"run-{label}.db")
    out = cache / f"run-{label}.json"
    env = {k: v for k, v in os.environ.items() if k not in ("MARSAD_GAZETTEER", "MARSAD_DB")}
    done = subprocess.run([sys.executable, __file__, "--child", str(work), "--code", str(code), "--out", str(out)],
                          check=True, capture_output=True, text=True, env=env)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["partition"] = partition(out)
    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)
    return result


def database_main(args) -> int:
    sizes = [int(s) for s in args.reports.split(",")]
    cache = args.cache
    cache.mkdir(parents=True, exist_ok=True)
    before = export_code(args.before, cache) if args.before else None
    after = export_code(args.after, cache) if args.after else ROOT
    rows = []
    for size in sizes:
        db = build(cached_path(cache, size, args.per_month, args.seed), size, args.per_month, args.seed,
                   log=lambda m: print(m, file=sys.stderr))
        now = run(db, after, cache, f"{size}-now")
        print(f"{size} reports, this code: {now['seconds']:.1f} s, {now['cpu']:.1f} s CPU, "
              f"{now['peak_mb']:.0f} MB, {now['incidents']} incidents", file=sys.stderr)
        then = None
        if before is not None:
            then = run(db, before, cache, f"{size}-before")
            print(f"{size} reports, {args.before}: {then['seconds']:.1f} s, {then['cpu']:.1f} s CPU, "
                  f"{then['peak_mb']:.0f} MB, {then['incidents']} incidents, same incidents: "
                  f"{then['partition'] == now['partition']}, the same written: {then['written'] == now['written']}",
                  file=sys.stderr)
        rows.append((size, now, then))
    report = database_section(args, rows)
    print(report)
    if args.write:
        write_section(args.write, "## Linking a database of reports at scale", report)
    if any(then is not None and then["partition"] != now["partition"] for _, now, then in rows):
        print("the incidents differ between the two versions", file=sys.stderr)
        return 1
    return 0


def database_section(args, rows) -> str:
    command = f"python benchmarks/link_scale.py --reports {args.reports} --per-month {args.per_month}"
    if args.before:
        command += f" --before {args.before}"
    if args.after:
        command += f" --after {args.after}"
    lines = ["## Linking a database of reports at scale", "",
             f"`{command}` on {platform.machine()}, Python {platform.python_version()}, SQLite "
             f"(`marsad link` over every report: read, link, reconcile, judge, write; one process each):", "",
             "| reports | events | code | seconds | CPU seconds | peak memory (MB) | incidents | time growth vs first |"
             " same incidents | same written |", "|---|---|---|---|---|---|---|---|---|---|"]
    firsts: dict[str, float] = {}
    for size, now, then in rows:
        for label, result in ((args.before, then), (args.after or "this", now)):
            if result is None:
                continue
            first = firsts.setdefault(label, (size, result["cpu"]))
            same = "" if then is None else ("yes" if then["partition"] == now["partition"] else "**no**")
            written = "" if then is None else ("yes" if then["written"] == now["written"] else "**no**")
            lines.append(f"| {size} | {result['events']} | {label} | {result['seconds']:.1f} | {result['cpu']:.1f} | "
                         f"{result['peak_mb']:.0f} | {result['incidents']} | {result['cpu'] / first[1]:.1f}x for "
                         f"{size / first[0]:.0f}x the reports | {same} | {written} |")
    lines += ["", ("Each run is a child process that links a fresh copy of the database as `marsad link` does. Peak "
                   "memory is the process's largest resident set (`getrusage`): the interpreter, SQLAlchemy and the "
                   "bundled knowledge (about 55 MB before linking starts) included. CPU seconds are the process's "
                   "own; the wall-clock seconds also count the waits of a shared machine. The reports are synthetic "
                   "(`benchmarks/link_database.py`): the sample corpus and the linking test set told again at other "
                   "places and days, often by other actors, about 1.6 events and 2 claims a report, texts of about "
                   "1,200 characters, one report in twenty undated and one in twenty a wire copy, "
                   f"{args.per_month} reports a month (a larger database is a longer archive). 'Same incidents': "
                   "both codes group the events into the same incidents; 'same written': they also write the "
                   "same incident rows, copies, credibility and outlet profiles (commits between the two that "
                   "change reconciliation or credibility write other figures for the same incidents).")]
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--in-memory", action="store_true", help="link synthetic events in memory (--sizes)")
    ap.add_argument("--sizes", default="10000,30000,100000", help="events, with --in-memory")
    ap.add_argument("--reports", default="10000,30000,100000", help="reports in the database")
    ap.add_argument("--per-month", type=int, default=None, help="events (in memory) or reports a month")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--before", help="also link with the code of this commit, and compare the incidents")
    ap.add_argument("--after", help="link with the code of this commit rather than the working tree's")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/marsad-linkbench"))
    ap.add_argument("--write", type=Path)
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--code", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        return child(args.child, args.code, args.out)
    if args.in_memory:
        args.per_month = args.per_month or 3000
        return in_memory_main(args)
    args.per_month = args.per_month or 1000
    return database_main(args)


if __name__ == "__main__":
    sys.exit(main())
