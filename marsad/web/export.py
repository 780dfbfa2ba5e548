"""Exports from the database: documents as JSONL or CSV; events, one row per report's event (as reviewed by
analysts), as JSONL with their claims, GeoJSON points or ACLED-column CSV; incidents, one row per incident
(:mod:`.records`: ACLED's and UCDP's columns) as CSV, JSONL or GeoJSON; and the claims of the events as JSONL
or CSV (``CLAIM_COLUMNS``: each claim with its claimant's type, channel, scope and period, the start of its
total when it is a part, and its event, incident and report).

Background mentions (events told as context, salience "background") are left out of the event and incident
exports unless ``background`` is asked for. ``excel`` writes CSV for Excel: a UTF-8 byte-order mark first,
so that Arabic opens as Arabic, and a cell that Excel would run as a formula (``=``, ``+``, ``-``, ``@``
first) is written with an apostrophe before it."""
from __future__ import annotations

import json
from typing import IO, Iterable, Iterator

from ..storage import Store
from .columns import ACLED_COLUMNS, INCIDENT_COLUMNS, acled_row, feature, kept_events, write_csv
from .records import incident_feature, incident_records

DOCUMENT_COLUMNS = ("id", "key", "language", "title", "publisher", "author", "published", "url", "format",
                    "source", "ingested_at")

CLAIM_COLUMNS = ("id", "event_id", "incident_id", "doc_id", "publisher", "published", "kind", "low", "high",
                 "qualifier", "victims", "claimant", "claimant_type", "via", "scope", "period", "part_of", "added",
                 "evidence", "evidence_start", "evidence_end")
WHAT = ("documents", "events", "incidents", "claims")
FORMATS = ("jsonl", "csv", "geojson")
GEOJSON_OF = ("events", "incidents")  # what has points
def _documents(store: Store) -> Iterator[dict]:
    for row in store.iter_documents():
        yield {c: row.get(c) for c in DOCUMENT_COLUMNS} | {"text": row["text"]}


def _events(store: Store, background: bool) -> Iterator[dict]:
    """Events as reviewed: analysts' corrections applied, rejected events left out; each with its claims."""
    claims = claims_by_event(store)
    for row in kept_events(store.reviewed_events(), background=background):
        yield {k: v for k, v in row.items() if k != "machine"} | {"claims": claims.get(row["id"], [])}


def claims_by_event(store: Store) -> dict[str, list[dict]]:
    """Every stored claim with its claimant's type, by event id (see ``Store.all_claims``)."""
    found: dict[str, list[dict]] = {}
    for claim in store.all_claims():
        found.setdefault(claim["event_id"], []).append(claim)
    return found


def claim_rows(events: list[dict], claims: dict[str, list[dict]]) -> Iterator[dict]:
    """The claims of these events (as reviewed), in ``CLAIM_COLUMNS``: each with its event's incident and its
    report's outlet and date."""
    for event in events:
        for claim in claims.get(event["id"], []):
            yield {c: claim.get(c) for c in CLAIM_COLUMNS} | {
                "incident_id": event.get("incident_id"), "publisher": event.get("publisher"),
                "published": event.get("published")}


def _claims(store: Store) -> Iterator[dict]:
    events = [row for row in store.reviewed_events() if row["status"] != "rejected"]
    yield from claim_rows(events, claims_by_event(store))


def _rows(store: Store, what: str, fmt: str, background: bool) -> tuple[Iterable[dict], tuple[str, ...]]:
    """The rows of ``what`` as ``fmt`` writes them (GeoJSON: features), and the CSV's columns."""
    if what == "incidents":
        records = incident_records(store, background=background)
        if fmt == "geojson":
            return [f for f in map(incident_feature, records) if f], ()
        return records, INCIDENT_COLUMNS
    if what == "events":
        events = _events(store, background)
        if fmt == "geojson":
            return [feature(e, e["lat"], e["lon"]) for e in events if e["lat"] is not None], ()
        return ((acled_row(e) for e in events) if fmt == "csv" else events), ACLED_COLUMNS
    if what == "claims":
        return _claims(store), CLAIM_COLUMNS
    return _documents(store), DOCUMENT_COLUMNS


def check_choice(what: str, fmt: str) -> None:
    """Refuse what cannot be exported, naming the choices."""
    if what not in WHAT:
        raise ValueError(f"cannot export {what!r}: choose one of {', '.join(WHAT)}")
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if fmt == "geojson" and what not in GEOJSON_OF:
        raise ValueError(f"{what} have no places: GeoJSON exports {' and '.join(GEOJSON_OF)} only")


def export(store: Store, out: IO[str], *, what: str = "documents", fmt: str = "jsonl", background: bool = False,
           excel: bool = False) -> int:
    """Write ``what`` from ``store`` to ``out`` in ``fmt``; return the number of rows (or features) written.
    ``background``: export background mentions too; ``excel``: CSV for Excel (see the module docstring)."""
    check_choice(what, fmt)
    rows, columns = _rows(store, what, fmt, background)
    if fmt == "csv":
        return write_csv(out, rows, columns, excel=excel)
    if fmt == "geojson":
        features = list(rows)
        json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False)
        out.write("\n")
        return len(features)
    count = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count


__all__ = ["ACLED_COLUMNS", "CLAIM_COLUMNS", "DOCUMENT_COLUMNS", "FORMATS", "INCIDENT_COLUMNS", "WHAT", "acled_row",
           "check_choice", "claim_rows", "claims_by_event", "export"]
