"""Adding one report to a linked database: the time must not grow with the database.

    python benchmarks/incremental_link.py [--sizes 2000,20000] [--per-day 20] [--repeat 5] [--write BENCHMARKS.md]

For each size, a database of that many templated shelling reports (English and Arabic, every report of
a language sharing two boilerplate sentences, one in 25 reprinted the next day by a wire outlet with one
word changed) is ingested and linked. Reports are dated ``--per-day`` a day over 15 towns, so that a
larger database is a longer archive at the same density, as a monitor's database grows. Then, ``--repeat``
times, one new report dated in the middle of the archive is ingested and linked (in process, the library
calls behind ``marsad ingest``), and three times more through the command line (``marsad ingest new.txt``,
a fresh process: start-up included). Printed: the seconds the link of one report takes (median), how many
stored reports it read, the command's wall time, and for contrast a full relink (``marsad link``) of the
whole database.
"""
from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from marsad.jobs.batch import ingest
from marsad.linking.incidents import link_database
from marsad.storage import Store

sys.path.insert(0, str(Path(__file__).parent))
from extract_throughput import write_section  # noqa: E402

START = date(2019, 1, 1)
EN_PLACES = ["Daraa", "Homs", "Hama", "Idlib", "Aleppo", "Azaz", "Douma", "Manbij", "Raqqa", "Jisr al-Shughur",
             "Kafr Nabl", "Maarat al-Numan", "Saraqib", "Ariha", "al-Bab"]
AR_PLACES = ["درعا", "حمص", "حماة", "إدلب", "حلب", "أعزاز", "دوما", "منبج", "الرقة", "جسر الشغور", "كفرنبل",
             "معرة النعمان", "سراقب", "أريحا", "الباب"]
EN_ACTORS = ["government forces", "Russian warplanes", "the regime's artillery", "Turkish forces"]
AR_ACTORS = ["قوات النظام", "الطيران الروسي", "مدفعية النظام", "القوات التركية"]
EN_OUTLETS = ["Enab Baladi", "SANA", "Syria Direct", "North Press", "Anadolu Agency"]
AR_OUTLETS = ["عنب بلدي", "سانا", "تلفزيون سوريا", "المدن", "أورينت نت"]


def report(n: int, rng: random.Random, day: date, place: int | None = None) -> dict:
    """One templated report, published on ``day``."""
    k = rng.randrange(len(EN_PLACES)) if place is None else place
    killed, wounded = rng.randint(1, 40), rng.randint(2, 80)
    if rng.random() < 0.5:
        text = (f"Shelling by {rng.choice(EN_ACTORS)} killed {killed} civilians in {EN_PLACES[k]} on "
                f"{day.strftime('%d %B %Y')}, the Syrian Civil Defence said.\n\nAt least {wounded} people were "
                "wounded in the attack, which hit a market and residential buildings. Residents said the "
                "bombardment lasted for hours and that ambulances could not reach the wounded.\n\n"
                f"Report {n}: rescuers were still searching the rubble of house {rng.randrange(10**6)} at nightfall.")
        outlet = rng.choice(EN_OUTLETS)
    else:
        text = (f"قتل {killed} مدنيين في قصف لـ{rng.choice(AR_ACTORS)} على {AR_PLACES[k]} بتاريخ "
                f"{day.isoformat()}، بحسب الدفاع المدني السوري.\n\nوأصيب {wounded} آخرون بجروح، بينهم أطفال ونساء، "
                "في القصف الذي استهدف سوقاً شعبياً ومباني سكنية. وقال سكان إن القصف استمر ساعات.\n\n"
                f"التقرير {n}: واصلت فرق الإنقاذ البحث تحت أنقاض المنزل {rng.randrange(10**6)} حتى المساء.")
        outlet = rng.choice(AR_OUTLETS)
    return {"id": f"r{n}", "text": text, "published": day.isoformat(), "publisher": outlet}


def corpus(size: int, per_day: int, seed: int = 42) -> list[dict]:
    rng = random.Random(seed)
    rows: list[dict] = []
    while len(rows) < size:
        n = len(rows)
        day = START + timedelta(days=n // per_day)
        rows.append(report(n, rng, day))
        if n % 25 == 24:  # a wire outlet reprints the story the next day, one word changed
            text = rows[-1]["text"].replace("Residents", "Locals").replace("وقال سكان", "وقال أهالي")
            rows.append(dict(rows[-1], id=f"w{n}", publisher="Reuters", text=text,
                             published=(day + timedelta(days=1)).isoformat()))
    return rows[:size]


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def _time_scans(store: Store) -> list[float]:
    """Time, in the store, the two lookups that read the database as a whole: the reports not yet judged,
    and the stored events in the new events' blocks (indexed since migration 6)."""
    spent: list[float] = []
    for name in ("unjudged_ids", "incidents_near"):
        read = getattr(store, name)

        def timed(*args, _read=read, **kwargs):
            start = time.perf_counter()
            try:
                return _read(*args, **kwargs)
            finally:
                spent.append(time.perf_counter() - start)
        setattr(store, name, timed)
    return spent


def measure(size: int, per_day: int, repeat: int, work: Path) -> dict:
    db = work / f"db{size}.db"
    rows = corpus(size, per_day)
    with Store(db) as store:
        ingest([write_jsonl(work / f"corpus{size}.jsonl", rows)], store)
        start = time.perf_counter()
        link_database(store, full=True)
        full = time.perf_counter() - start
        days = size // per_day
        rng = random.Random(size)
        seconds, loaded = [], []
        scans = _time_scans(store)
        for n in range(repeat):
            new = report(10**7 + n, rng, START + timedelta(days=days // 2 + n), place=n % len(EN_PLACES))
            ingest([write_jsonl(work / f"new{size}-{n}.jsonl", [dict(new, id=f"new{n}")])], store)
            start = time.perf_counter()
            linked = link_database(store)
            seconds.append(time.perf_counter() - start)
            loaded.append(linked.loaded)
            assert not linked.full and linked.credibility, "the new report was not linked incrementally"
        documents = store.count_documents()
    commands = []
    for n in range(3):
        one = work / f"one{size}-{n}.txt"
        day = (START + timedelta(days=days // 2 + n)).strftime("%d %B %Y")
        one.write_text(f"Fresh report {n}\n\nShelling by government forces killed {7 + n} civilians in Daraa on "
                       f"{day}, activists said.\n", encoding="utf-8")
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "marsad", "ingest", str(one), "--db", str(db), "-q"], check=True,
                       capture_output=True)
        commands.append(time.perf_counter() - start)
    command = statistics.median(commands)
    return {"documents": documents, "link": statistics.median(seconds), "loaded": statistics.median(loaded),
            "scans": sum(scans) / repeat,
            "command": command, "full": full, "days": days}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="2000,20000")
    ap.add_argument("--per-day", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--write", type=Path)
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        results = [measure(size, args.per_day, args.repeat, Path(tmp)) for size in sizes]
    first = results[0]
    lines = ["## Adding one report to a linked database", "",
             f"`python benchmarks/incremental_link.py --sizes {args.sizes} --per-day {args.per_day} "
             f"--repeat {args.repeat}` on {platform.machine()}, Python {platform.python_version()} (SQLite):", "",
             "| reports stored | days covered | link of 1 new report: s (median) | stored reports read | "
             "of which the two lookups: s (mean) | `marsad ingest` of 1 report: s (median of 3) | "
             "full relink (`marsad link`): s |",
             "|---|---|---|---|---|---|---|"]
    for r in results:
        lines.append(f"| {r['documents']} | {r['days']} | {r['link']:.3f} | {r['loaded']:.0f} | {r['scans']:.3f} | "
                     f"{r['command']:.2f} | {r['full']:.1f} |")
    last = results[-1]
    lines += ["", f"From {first['documents']} to {last['documents']} reports, linking one new report went from "
              f"{first['link']:.3f} s to {last['link']:.3f} s ({last['link'] / first['link']:.1f}x) and read "
              f"{first['loaded']:.0f} and {last['loaded']:.0f} stored reports: ingest links only the new report, "
              "against the incidents of its blocks (event family, grid cell, week) and the reports published "
              "within a week of it (wire copies), and moves the outlet profiles by what changed. The two "
              "lookups over the whole database (the reports not yet judged; the stored events in the new events' "
              "blocks) go through indexes (migration 6): "
              f"{first['scans'] * 1000:.0f} ms and {last['scans'] * 1000:.0f} ms; they scanned their tables "
              "before it (11 ms and 34 ms in an earlier run). The command's "
              "time is mostly start-up (loading the extraction lexicons and the gazetteer). Before this, every "
              "ingest relinked the whole database: adding one report to 2,000 took 65 s, as long as linking "
              "them all, and copy detection was quadratic in reports that share boilerplate. The reports are "
              "synthetic (see the script's docstring)."]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.write:
        write_section(args.write, "## Adding one report to a linked database", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
