"""The rows linking reads from the database and writes to it: the columns of events and claims it needs,
reports read a chunk at a time with their repeated values kept once, wire copies found over the stored
stories a window of days at a time, and incidents written in place. Used by
:class:`marsad.storage.incidents.LinkingStore`."""
from __future__ import annotations

from array import array
from collections import defaultdict
from datetime import date

from sqlalchemy import bindparam, case, insert, select, update

from ..linking.copies import COPY_DAYS, Groups, Story, join_copies, originals
from ..linking.judging import Report
from ..linking.links import EventRef
from ..linking.pairs import latest_year
from . import schema
from .claims import claim_of, in_order

UNDATED_TEXT = case((schema.documents.c.published.is_(None), schema.documents.c.text), else_=None).label(
    "undated_text")  # a report's text, read only when it has no date (for the years it writes)
NEAR_DAYS = 40  # a stored event dated this far from the new events' windows may still meet them (a month's span)
READ_CHUNK = 500  # reports read at once for a full link
WRITE_CHUNK = 1000  # incidents or reports written at once
COPY_WINDOW = 60  # days of stories compared for copies at once in a full link (stored_copies)
EVENT_COLUMNS = ("id", "doc_id", "incident_id", "salience", "date", "date_precision", "event_type", "sub_event_type",
                 "actor1", "actor2", "place_id", "lat", "lon", "geo_precision", "admin1", "fatalities_low",
                 "fatalities_best", "fatalities_high")  # what linking reads of an event
CLAIM_COLUMNS = ("id", "event_id", "kind", "low", "high", "qualifier", "victims", "claimant", "evidence",
                 "evidence_start", "evidence_end", "scope", "period", "part_of", "added", "via")
SHARED_CLAIM_FIELDS = ("kind", "qualifier", "victims", "claimant", "scope", "period", "via")


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


class _Shared:
    """One object for each value that many rows repeat (names, types, places, days), so that a link over
    the whole database keeps each once."""

    def __init__(self) -> None:
        self._texts: dict[str, str] = {}
        self._days: dict[str, date] = {}

    def text(self, value: str | None) -> str | None:
        return value if value is None else self._texts.setdefault(value, value)

    def day(self, value: str | None) -> date | None:
        if not value:
            return None
        found = self._days.get(value)
        if found is None:
            found = self._days[value] = date.fromisoformat(value)
        return found


def _event_ref(row: dict, published: date | None, text: str | None = None, shared: _Shared | None = None) -> EventRef:
    """A stored event as linking input; ``text``: its report's, when the report has no date (for
    :func:`marsad.linking.pairs.latest_year`); ``shared``: keeps repeated values once."""
    same = shared.text if shared else (lambda value: value)
    return EventRef(event_id=row["id"], doc_id=same(row["doc_id"]), event_type=same(row["event_type"]),
                    sub_event_type=same(row["sub_event_type"]), actor1=same(row["actor1"]),
                    actor2=same(row["actor2"]), place_id=same(row["place_id"]), lat=row["lat"], lon=row["lon"],
                    precision=same(row["geo_precision"]), admin1=same(row["admin1"]),
                    date=shared.day(row["date"]) if shared else _day(row["date"]),
                    date_precision=same(row["date_precision"]), published=published,
                    killed=row["fatalities_best"] or 0, killed_low=row["fatalities_low"] or 0,
                    killed_high=row["fatalities_high"] or 0, background=row["salience"] == "background",
                    year=latest_year(text) if published is None else None)


def _linking_rows(conn, doc_ids: list[str], shared: _Shared, spans_too: bool) -> tuple[dict, dict, dict]:
    """For these reports: their events' rows (the columns linking reads), their claims by event, and (with
    ``spans_too``) the spans of their stories' paragraphs."""
    e, c, p = schema.events, schema.claims, schema.paragraphs
    events, claims, spans = defaultdict(list), defaultdict(list), defaultdict(list)
    for r in conn.execute(select(*(e.c[k] for k in EVENT_COLUMNS)).where(e.c.doc_id.in_(doc_ids))
                          .order_by(e.c.doc_id, e.c.id)).mappings():
        events[r["doc_id"]].append(dict(r))
    for part in _chunks(ev["id"] for evs in events.values() for ev in evs):
        rows = [dict(r) for r in conn.execute(select(*(c.c[k] for k in CLAIM_COLUMNS))
                                              .where(c.c.event_id.in_(part))).mappings()]
        for r in in_order(rows):
            r.update({k: shared.text(r[k]) for k in SHARED_CLAIM_FIELDS})
            claims[r["event_id"]].append(claim_of(r))
    if spans_too:
        for r in conn.execute(select(p.c.doc_id, p.c.start_offset, p.c.end_offset).where(
                p.c.doc_id.in_(doc_ids) & p.c.role.in_(("body", "heading"))).order_by(p.c.doc_id, p.c.idx)):
            spans[r[0]].append((r[1], r[2]))
    return events, claims, spans


def copies_by_window(stories: list[tuple[date | None, str, date | None, bytes]]) -> dict[str, str]:
    """``{copy: original}`` among stories given as (day, doc id, published date, packed sketch), found as
    :func:`marsad.linking.copies.find_copies` finds them but ``COPY_WINDOW`` days at a time (with the
    ``COPY_DAYS`` after them, so that every two stories near enough in time meet in one window), so that
    only one window's sketches are unpacked at once. Every pair that is compared is judged alike; a window's
    buckets of shared hashes are smaller than the whole archive's, so a pair that a walk of a crowded bucket
    passes over (``COMMON``) can be compared here and found a copy (one more copy than at once among
    100,000 synthetic reports)."""
    groups = Groups()

    def join(part) -> None:
        join_copies([Story(doc_id=i, sketch=tuple(array("Q", packed)), published=published, day=day)
                     for day, i, published, packed in part], groups)

    join([s for s in stories if s[0] is None])
    dated = sorted((s for s in stories if s[0] is not None), key=lambda s: (s[0], s[1]))
    start = 0
    while start < len(dated):
        end = start
        while end < len(dated) and (dated[end][0] - dated[start][0]).days < COPY_WINDOW:
            end += 1
        reach = end
        while reach < len(dated) and (dated[reach][0] - dated[start][0]).days < COPY_WINDOW + COPY_DAYS + 1:
            reach += 1
        join(dated[start:reach])
        start = end
    sketched = {doc_id: published for _, doc_id, published, packed in stories if packed}
    return originals(groups.members(sketched), sketched)


def _report(doc: dict, refs: tuple[EventRef, ...], claims: dict, story_sketch: tuple[int, ...]) -> Report:
    """A stored report as linking input; its copies are looked for around its published date, else the
    day it was stored."""
    published = _day(doc["published"])
    day = published or (_day(doc["ingested_at"][:10]) if doc.get("ingested_at") else None)
    return Report(doc_id=doc["id"], key=doc["key"], outlet=doc["publisher"], published=published,
                  sketch=story_sketch, events=refs, claims=claims, day=day)


def _chunks(items, size: int = 500):
    items = list(items)
    for n in range(0, len(items), size):
        yield items[n:n + size]


def _write_incidents(conn, rows: list[dict], stored: set[str], incident_of: dict[str, str]) -> None:
    """Insert the incidents not stored yet, update the stored ones, and point each event at its incident."""
    i, e = schema.incidents, schema.events
    if new := [r for r in rows if r["id"] not in stored]:
        conn.execute(insert(i), new)
    if same := [{**r, "iid": r["id"]} for r in rows if r["id"] in stored]:
        conn.execute(update(i).where(i.c.id == bindparam("iid")).values(
            {k: bindparam(k) for k in rows[0] if k != "id"}), same)
    if links := [{"eid": event, "iid": incident} for event, incident in incident_of.items()]:
        conn.execute(update(e).where(e.c.id == bindparam("eid")).values(incident_id=bindparam("iid")), links)


