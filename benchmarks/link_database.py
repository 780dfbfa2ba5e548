"""A synthetic archive of reports stored in a database, for measuring ``marsad link`` at scale.

:func:`build` writes ``size`` reports into a SQLite database through :meth:`marsad.storage.Store.add_documents`,
as ingest would: documents with their texts and paragraphs, their events and their claims. The reports are
made from real ones: the bundled sample corpus and the linking test set (``tests/data/linking``), read by
``marsad.extract`` once. Their reports are grouped into stories (the reports of one incident), and each
story is told again and again, each time:

- on another day of the archive (its reports keep their days apart; ``per_month`` reports a month, so a
  larger archive is a longer one at the same density, as a monitor's database grows);
- at other places (each of the story's places becomes a place of the bundled gazetteer of the same
  precision, the same for all its reports);
- often by other actors (each named actor, with a chance of one in three, becomes another of the bundled
  actor list) and sometimes as another kind of event (one story in five: each event type and sub-event
  type becomes another of the ACLED taxonomy);
- with a paragraph of its own (words drawn from the corpus), so that two tellings are not wire copies of
  each other; one report in twenty is a wire copy of another report of its story, printed by another
  outlet the same day;
- and one report in thirty loses its date (no publication date, no event date): the undated reports
  every archive holds.

The build is cached (``cache`` folder, one file per size, density and seed), so the timing runs need not
rebuild it; :func:`fresh_copy` gives each run its own copy.
"""
from __future__ import annotations

import json
import os
import random
import shutil
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

BUILD_VERSION = 1
START = date(2014, 1, 1)
ROOT = Path(__file__).resolve().parent.parent
LINKING_SET = ROOT / "tests" / "data" / "linking" / "reports.jsonl"
OUTLETS = ("Reuters", "AFP", "SANA", "Enab Baladi", "Syrian Observatory for Human Rights", "North Press",
           "Al Jazeera", "SMART", "Step News", "Qasioun", "Syria TV", "Hawar News")


def cached_path(cache: Path, size: int, per_month: int, seed: int) -> Path:
    return cache / f"reports-{size}-{per_month}-{seed}-v{BUILD_VERSION}.db"


def _base_stories() -> list[list]:
    """The real reports the archive is made of, grouped by the incident they tell."""
    import marsad
    from marsad.jobs.demo import sample_path

    stories: dict[str, list] = {}
    sample = sorted((d for d in marsad.read(sample_path())), key=lambda d: (d.meta.published or date.max, d.id))
    anchor = None
    for doc in sample:  # the sample's reports of one incident are published within two days of each other
        day = doc.meta.published
        if day is None:
            stories[f"sample-{doc.id}"] = [doc]
            continue
        if anchor is None or (day - anchor).days > 2:
            anchor = day
        stories.setdefault(f"sample-{anchor}", []).append(doc)
    for line in LINKING_SET.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        doc = marsad.extract(row["text"], key=row["id"], published=row["published"], publisher=row["publisher"])
        stories.setdefault(f"set-{row['incident']}", []).append(doc)
    return [docs for _, docs in sorted(stories.items())]


class _Maker:
    """Tells the base stories again (see the module docstring)."""

    def __init__(self, per_month: int, size: int, seed: int) -> None:
        from marsad.extraction.knowledge import knowledge

        kb = knowledge()
        self.rng = random.Random(seed)
        self.days = max(30, 30 * size // per_month)
        self.stories = _base_stories()
        self.places: dict[str, list] = {}
        for p in sorted(kb.places.values(), key=lambda p: p.location.id):
            self.places.setdefault(p.location.precision, []).append(p.location)
        self.actors = sorted(kb.actors)
        self.kinds = sorted((t, s) for t, subs in kb.taxonomy.items() for s in subs)
        words = {lang: set() for lang in ("en", "ar")}
        for docs in self.stories:
            for d in docs:
                words["ar" if d.language == "ar" else "en"].update(w for w in d.text.split() if w.isalpha())
        self.words = {lang: sorted(ws) for lang, ws in words.items()}
        self.count = 0

    def _paragraph(self, language: str | None) -> str:
        vocabulary = self.words["ar" if language == "ar" else "en"]
        sentences = [" ".join(self.rng.choice(vocabulary) for _ in range(self.rng.randrange(12, 24))) + "."
                     for _ in range(5)]
        return " ".join(sentences)

    def story(self) -> list:
        """One more telling of a base story: its reports, moved, renamed and dated anew."""
        from marsad.model import Paragraph

        rng, base = self.rng, self.rng.choice(self.stories)
        dated = [d.meta.published for d in base if d.meta.published]
        shift = timedelta(days=(START + timedelta(days=rng.randrange(self.days)) - min(dated)).days) if dated else None
        places, actors, kinds = {}, {}, {}
        new_kinds = rng.random() < 0.2
        made = []
        for doc in base:
            self.count += 1
            n = self.count
            undated = doc.meta.published is None or rng.random() < 1 / 30
            extra = self._paragraph(doc.language)
            text = doc.text + "\n\n" + extra
            paragraphs = doc.paragraphs + (Paragraph(index=len(doc.paragraphs), start=len(doc.text) + 2,
                                                     end=len(text), role="body", language=doc.language),)
            events = []
            for k, ev in enumerate(doc.events):
                loc = ev.location
                if loc is not None:
                    if loc.id not in places:
                        places[loc.id] = rng.choice(self.places.get(loc.precision) or [loc])
                    loc = places[loc.id]
                named = {}
                for role in ("actor1", "actor2"):
                    name = getattr(ev, role)
                    if name and name not in actors:
                        actors[name] = rng.choice(self.actors) if rng.random() < 1 / 3 else name
                    named[role] = actors.get(name) if name else None
                kind = (ev.event_type, ev.sub_event_type)
                if new_kinds and kind not in kinds:
                    kinds[kind] = rng.choice(self.kinds)
                kind = kinds.get(kind, kind)
                when = None if undated or ev.date is None or shift is None else ev.date + shift
                events.append(replace(ev, id=f"b{n:07d}-e{k + 1}", location=loc, event_type=kind[0],
                                      sub_event_type=kind[1], date=when,
                                      date_precision=ev.date_precision if when else None, **named))
            published = None if undated else doc.meta.published + shift
            outlet = doc.meta.publisher or rng.choice(OUTLETS)
            made.append(replace(doc, id=f"b{n:07d}", key=f"bench/{n:07d}", source=f"bench/{n:07d}", text=text,
                                raw=text, paragraphs=paragraphs, events=tuple(events),
                                meta=replace(doc.meta, published=published, publisher=outlet)))
            if rng.random() < 1 / 20:  # a wire copy, printed by another outlet the same day
                self.count += 1
                m = self.count
                copy = made[-1]
                made.append(replace(copy, id=f"b{m:07d}", key=f"bench/{m:07d}", source=f"bench/{m:07d}",
                                    events=tuple(replace(e, id=f"b{m:07d}-e{k + 1}")
                                                 for k, e in enumerate(copy.events)),
                                    meta=replace(copy.meta, publisher=rng.choice(OUTLETS))))
        return made


def build(path: Path, size: int, per_month: int, seed: int, log=print) -> Path:
    """Write the archive to ``path`` unless it is there already; returns the path."""
    if path.exists():
        return path
    from marsad.storage import Store

    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    maker, stored, batch = _Maker(per_month, size, seed), 0, []
    with Store(str(partial)) as store:
        while stored < size:
            batch += maker.story()
            if len(batch) >= 1000 or stored + len(batch) >= size:
                batch = batch[:size - stored]
                store.add_documents(batch)
                stored += len(batch)
                batch = []
                if stored % 20000 < 1000:
                    log(f"  built {stored} of {size} reports")
        with store.engine.begin() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    os.replace(partial, path)
    for suffix in ("-wal", "-shm", ".lock"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    return path


def fresh_copy(path: Path, into: Path) -> Path:
    """A copy of the cached archive for one run to link (linking writes into it)."""
    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(f"{into}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(path, into)
    return into
