"""``marsad demo``: the bundled sample corpus through the whole pipeline (ingest, extraction and
incident linking) into a fresh database."""
from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from rich.table import Table
from rich.text import Text

from ..linking.incidents import link_database
from ..reading.textnorm import printable
from ..storage import Store
from .batch import IngestReport, ingest

SAMPLE = resources.files("marsad") / "sample"


def sample_path() -> Path:
    """The folder of the bundled sample corpus's reports (its manifest sits one level up)."""
    return Path(str(SAMPLE / "reports"))


def run_demo(db: str | os.PathLike) -> tuple[IngestReport, Store]:
    """Ingest and link the sample corpus into the database ``db`` (an existing file there is replaced)."""
    if "://" not in str(db):  # a file: start afresh (a server database is the caller's to empty)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(db) + suffix).unlink(missing_ok=True)
    store = Store(db)
    report = ingest([sample_path()], store)
    link_database(store)
    return report, store


def cells(*values: object) -> list[Text]:
    """Table cells from stored values, shown as plain text (never markup) with controls escaped."""
    return [Text(printable(v)) for v in values]


NO_TOLL = "no toll"


def toll(low: int | None, best: int | None, high: int | None) -> str:
    """A death toll as low/best/high ("8/9/12"); "no toll" when no report gives one, "?" for a figure missing."""
    if low is None and best is None and high is None:
        return NO_TOLL
    return "/".join("?" if n is None else str(n) for n in (low, best, high))


def summary_tables(store: Store) -> list[Table]:
    """Documents by language, by outlet and by date, the list of documents, the events found, and the
    incidents several reports tell."""
    tables = []
    for column, title in (("language", "documents by language"), ("publisher", "documents by outlet"),
                          ("published", "documents by published date")):
        table = Table(title=title)
        table.add_column(column)
        table.add_column("documents", justify="right")
        for value, count in store.counts(column):
            table.add_row(*cells(str(value) if value else "(unknown)", str(count)))
        tables.append(table)
    listing = Table(title="documents")
    for name in ("key", "lang", "published", "outlet", "title"):
        listing.add_column(name, overflow="fold")
    for d in store.documents():
        listing.add_row(*cells(d["key"], d["language"] or "?", d["published"] or "?", d["publisher"] or "?",
                        (d["title"] or "")[:70]))
    tables.append(listing)
    kinds = Table(title="events by type")
    for name in ("event type", "sub-event type", "events"):
        kinds.add_column(name)
    for event_type, sub, count in store.event_counts():
        kinds.add_row(*cells(event_type, sub, str(count)))
    tables.append(kinds)
    main = Table(title="main events")
    for name in ("date", "type", "actor1", "place", "killed low/best/high", "report"):
        main.add_column(name, overflow="fold")
    for e in store.events(salience=("main",)):
        main.add_row(*cells(e["date"] or "?", e["sub_event_type"], e["actor1"] or "?", e["location_name"] or "?",
                     toll(e["fatalities_low"], e["fatalities_best"], e["fatalities_high"]), e["doc_key"]))
    tables.append(main)
    linked = Table(title="incidents told by more than one report")
    for name in ("date", "type", "place", "reports", "killed low/best/high", "flags"):
        linked.add_column(name, overflow="fold")
    for inc in store.incidents():
        if (inc["reports"] or 0) > 1:
            flags = inc["summary"].get("reconciled", {}).get("killed", {}).get("flags", [])
            deaths = toll(inc["fatalities_low"], inc["fatalities_best"], inc["fatalities_high"])
            linked.add_row(*cells(inc["date"] or "?", inc["sub_event_type"], inc["location_name"] or "?",
                                   str(inc["reports"]), deaths, "; ".join(flags)))
    tables.append(linked)
    return tables
