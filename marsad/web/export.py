"""Exports from the database: documents as JSONL or CSV, events (as reviewed by analysts) as JSONL, each with
its claims, or ACLED-column CSV, and the claims of those events as JSONL or CSV (``CLAIM_COLUMNS``: each
claim with its claimant's type, channel, scope and period, the start of its total when it is a part, and its
event, incident and report)."""
from __future__ import annotations

import csv
import json
from typing import IO, Iterator

from ..storage import Store

DOCUMENT_COLUMNS = ("id", "key", "language", "title", "publisher", "author", "published", "url", "format",
                    "source", "ingested_at")

# ACLED's published column order; columns marsad cannot fill yet stay empty.
ACLED_COLUMNS = ("event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
                 "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
                 "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
                 "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
                 "fatalities", "tags", "timestamp")
TIME_PRECISION = {"day": 1, "week": 2, "month": 3}
GEO_PRECISION = {"site": 1, "district": 1, "village": 1, "town": 1, "city": 1, "region": 2, "governorate": 3}
CLAIM_COLUMNS = ("id", "event_id", "incident_id", "doc_id", "publisher", "published", "kind", "low", "high",
                 "qualifier", "victims", "claimant", "claimant_type", "via", "scope", "period", "part_of", "added",
                 "evidence", "evidence_start", "evidence_end")
WHAT = ("documents", "events", "claims")
FORMATS = ("jsonl", "csv")


def _documents(store: Store) -> Iterator[dict]:
    for row in store.iter_documents():
        yield {c: row.get(c) for c in DOCUMENT_COLUMNS} | {"text": row["text"]}


def _events(store: Store) -> Iterator[dict]:
    """Events as reviewed: analysts' corrections applied, rejected events left out; each with its claims."""
    events = [row for row in store.reviewed_events() if row["status"] != "rejected"]
    claims = claims_by_event(store)
    for row in events:
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


def acled_row(event: dict) -> dict:
    """An event row in ACLED's columns."""
    date = event.get("date") or ""
    return {
        "event_id_cnty": event["id"], "event_date": date, "year": date[:4],
        "time_precision": TIME_PRECISION.get(event.get("date_precision") or "", ""),
        "event_type": event.get("event_type"), "sub_event_type": event.get("sub_event_type"),
        "actor1": event.get("actor1"), "actor2": event.get("actor2"), "country": event.get("country"),
        "admin1": event.get("admin1"), "admin2": event.get("admin2"), "location": event.get("location_name"),
        "latitude": event.get("lat"), "longitude": event.get("lon"),
        "geo_precision": GEO_PRECISION.get(event.get("geo_precision") or "", ""),
        "source": event.get("publisher"), "notes": event.get("evidence"),
        "fatalities": event.get("fatalities_best"),
    }


def export(store: Store, out: IO[str], *, what: str = "documents", fmt: str = "jsonl") -> int:
    """Write ``what`` from ``store`` to ``out`` in ``fmt``; return the number of rows written."""
    if what not in WHAT:
        raise ValueError(f"cannot export {what!r}: choose one of {', '.join(WHAT)}")
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    rows = {"documents": _documents, "events": _events, "claims": _claims}[what](store)
    if fmt == "jsonl":
        count = 0
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
        return count
    columns = {"documents": DOCUMENT_COLUMNS, "events": ACLED_COLUMNS, "claims": CLAIM_COLUMNS}[what]
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow(acled_row(row) if what == "events" else row)
        count += 1
    return count
