"""Search latency on a large database: the storage search alone and through the HTTP API.

    python benchmarks/search_latency.py [--docs 50000] [--db URL] [--write BENCHMARKS.md]

Templated English and Arabic shelling reports (a few hundred distinct texts, each extracted once by the
pipeline) are copied under new ids, titles and event ids and stored straight through
:meth:`Store.add_documents`, which is much faster than ingesting them. A fresh SQLite file is used
unless ``--db`` names a database (it must be empty). Each query is then timed (median of several runs)
as the CLI asks it (20 hits with snippets), as the API asks it (up to 1,000 ids, no snippets), and as
whole requests to ``/api/documents`` and ``/api/events`` in process (FastAPI's test client).

``--before DIR`` also times an older marsad (a folder holding its ``marsad`` package, e.g. from
``git archive COMMIT marsad | tar -x -C DIR``) on the same database, as its API searched: every hit,
with snippets (``Store.search(q, limit=100_000)``), once per query.
"""
from __future__ import annotations

import argparse
import dataclasses
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from extract_throughput import write_section  # noqa: E402

HEADING = "## Search latency"
PLACES = [("Daraa", "درعا"), ("Douma", "دوما"), ("Idlib", "إدلب"), ("Azaz", "اعزاز"), ("Homs", "حمص"),
          ("Hama", "حماة"), ("Jobar", "جوبر"), ("Maarat al-Numan", "معرة النعمان"), ("Saraqib", "سراقب"),
          ("Ariha", "أريحا")]
DAYS = [("Monday", "الاثنين"), ("Tuesday", "الثلاثاء"), ("Friday", "الجمعة")]
QUERIES = [("one common English word", "shelling"), ("one common Arabic word", "قصف"),
           ("one place, in English (1 report in 20)", "Daraa"), ("two words", "Idlib civilians"),
           ("32 words (the cap)", " ".join(["shelling", "civilians", "Daraa", "killed"] * 8)),
           ("33 words (refused)", " ".join(["shelling"] * 33))]


def templates() -> list:
    import marsad

    docs = []
    for n, ((place, place_ar), (day, day_ar)) in enumerate((p, d) for p in PLACES for d in DAYS):
        for killed in (2, 3, 5, 7, 9, 12):
            en = (f"Shelling on {place}\n\nGovernment forces shelled {place} on {day}, killing {killed} civilians "
                  f"and wounding others, the Syrian Observatory for Human Rights said. Rescue teams searched "
                  f"the rubble of two houses in {place} after the shelling.")
            ar = (f"قصف على {place_ar}\n\nقصفت قوات النظام مدينة {place_ar} يوم {day_ar} ما أدى إلى مقتل {killed} "
                  f"مدنيين وإصابة آخرين بحسب المرصد السوري لحقوق الإنسان، وبحثت فرق الدفاع المدني تحت الأنقاض.")
            docs.append(marsad.extract(en, key=f"t{n}-{killed}-en", publisher="Enab Baladi",
                                       published="2021-03-15"))
            docs.append(marsad.extract(ar, key=f"t{n}-{killed}-ar", publisher="تلفزيون سوريا",
                                       published="2021-03-16"))
    return docs


def copies(base: list, count: int):
    """``count`` documents: the templates in turn, each copy with its own id, key, title and event ids."""
    for i in range(count):
        t = base[i % len(base)]
        doc_id = f"bench{i:07d}"
        events = tuple(dataclasses.replace(ev, id=f"{doc_id}-e{k + 1}") for k, ev in enumerate(t.events))
        meta = dataclasses.replace(t.meta, title=f"{t.meta.title} ({i})")
        yield t.with_(id=doc_id, key=f"bench-{i}.txt", meta=meta, events=events)


def build(store, count: int) -> float:
    base = templates()
    start, batch = time.perf_counter(), []
    for doc in copies(base, count):
        batch.append(doc)
        if len(batch) == 2000:
            store.add_documents(batch)
            batch = []
    store.add_documents(batch)
    return time.perf_counter() - start


def median_ms(call, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def measure(db: str, runs: int) -> list[dict]:
    from fastapi.testclient import TestClient

    from marsad.storage import Store
    from marsad.storage.search import MAX_HITS, SearchError
    from marsad.web.app import create_app

    rows = []
    with Store(db) as store, TestClient(create_app(db)) as client:
        for label, q in QUERIES:
            try:
                hits = len(store.search(q, limit=MAX_HITS, snippets=False))
                cli = median_ms(lambda q=q: store.search(q, limit=20), runs)
                api = median_ms(lambda q=q: store.search(q, limit=MAX_HITS, snippets=False), runs)
            except SearchError:
                hits, cli, api = "refused", None, None
            params = {"q": q, "limit": 20}
            docs = median_ms(lambda p=params: client.get("/api/documents", params=p), max(1, runs // 2))
            events = median_ms(lambda p=params: client.get("/api/events", params=p), max(1, runs // 2))
            status = client.get("/api/events", params={"q": q, "limit": 20}).status_code
            rows.append({"label": label, "words": len(q.split()), "hits": hits, "cli": cli, "api": api,
                         "documents": docs, "events": events, "status": status})
        baseline = median_ms(lambda: client.get("/api/events", params={"limit": 20}), max(1, runs // 2))
        rows.append({"label": "no q (the event list alone)", "words": 0, "hits": "", "cli": None, "api": None,
                     "documents": median_ms(lambda: client.get("/api/documents", params={"limit": 20}),
                                            max(1, runs // 2)),
                     "events": baseline, "status": 200})
    return rows


BEFORE = """
import sys, time
sys.path.insert(0, sys.argv[1])
import marsad
assert marsad.__file__.startswith(sys.argv[1]), marsad.__file__
from marsad.storage import Store
with Store(sys.argv[2]) as store:
    for q in sys.argv[3:]:
        start = time.perf_counter()
        hits = store.search(q, limit=100_000)
        print(len(hits), (time.perf_counter() - start) * 1000)
"""


def measure_before(folder: Path, db: str) -> list[tuple[str, int, float]]:
    queries = [(label, q) for label, q in QUERIES if len(q.split()) <= 32]
    out = subprocess.run([sys.executable, "-c", BEFORE, str(folder.resolve()), db, *(q for _, q in queries)],
                         capture_output=True, text=True, check=True).stdout.splitlines()
    timed = [line.split() for line in out]
    return [(label, int(hits), float(ms)) for (label, _), (hits, ms) in zip(queries, timed, strict=True)]


def section(args, count: int, backend: str, build_s: float, rows: list[dict], before: list) -> str:
    def ms(v):
        return "" if v is None else f"{v:,.0f}" if v >= 10 else f"{v:.1f}"

    db_option = " --db postgresql://..." if backend == "PostgreSQL" else ""
    db_option += f' --before DIR --before-label "{args.before_label}"' if args.before else ""
    lines = [f"{HEADING} ({backend})", "",
             f"`python benchmarks/search_latency.py --docs {count}{db_option}` on {platform.machine()}, Python "
             f"{platform.python_version()}, {backend} ({count:,} documents, stored in {build_s:.0f} s; "
             f"median of {args.runs} runs, in milliseconds):", "",
             "| query | words | hits (cap 1,000) | CLI: 20 hits with snippets | API search: ids only "
             "| GET /api/documents?q= | GET /api/events?q= (HTTP status) |",
             "|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['label']} | {r['words']} | {r['hits']} | {ms(r['cli'])} | {ms(r['api'])} "
                     f"| {ms(r['documents'])} | {ms(r['events'])} ({r['status']}) |")
    lines += ["", "A search is ranked and cut in SQL (FTS5's bm25 on SQLite, ts_rank on PostgreSQL), so it costs "
              "about what ranking the matching documents costs; a repeated word is searched once, and a query "
              "past 32 words is refused before the database is asked. The list endpoints then read every "
              "stored event or document, with `q` or without (the last row): at this size that, not the "
              "search, is most of a request's time.", ""]
    if before:
        lines += [f"The same queries with the search before the bounds (`--before` {args.before_label}: every hit, "
                  "each with a snippet, as its API asked): "
                  + "; ".join(f"{label}: {hits:,} hits in {ms / 1000:.1f} s" for label, hits, ms in before) + ".", ""]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=50_000)
    parser.add_argument("--db", help="an empty database URL (default: a new SQLite file)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--write", type=Path, help="replace this section of a BENCHMARKS.md")
    parser.add_argument("--before", type=Path, help="a folder holding an older marsad package to compare with")
    parser.add_argument("--before-label", default="an older commit", help="what --before holds, for the text")
    args = parser.parse_args()
    from marsad.storage import Store

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "search.db")
        with Store(db) as store:
            if store.count_documents():
                parser.error(f"{db} is not empty")
            backend = store.dialect
            build_s = build(store, args.docs)
        rows = measure(db, args.runs)
        before = measure_before(args.before, db) if args.before else []
    text = section(args, args.docs, "SQLite" if backend == "sqlite" else "PostgreSQL", build_s, rows, before)
    print(text)
    if args.write:
        write_section(args.write, text.splitlines()[0], text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
