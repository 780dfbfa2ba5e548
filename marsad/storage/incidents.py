"""The storage of linking: reading reports back as linking inputs, and writing incidents, copies,
credibility, outlet profiles and reference records. Mixed into :class:`marsad.storage.Store`."""
from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import and_, bindparam, delete, func, insert, or_, select, update

from ..extraction.knowledge import PRECISION_RANK, knowledge
from ..linking.copies import sketch
from ..linking.credibility import ReferenceRecord
from ..linking.incremental import Known
from ..linking.judging import Linked, Report
from ..linking.links import UNDATED_CANDIDATES, WEEK, EventRef, Incident, block_of, neighbours
from ..model import fatalities
from . import schema
from .claims import claim_of, in_order


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _event_ref(row: dict, published: date | None) -> EventRef:
    return EventRef(event_id=row["id"], doc_id=row["doc_id"], event_type=row["event_type"],
                    sub_event_type=row["sub_event_type"], actor1=row["actor1"], actor2=row["actor2"],
                    place_id=row["place_id"], lat=row["lat"], lon=row["lon"], precision=row["geo_precision"],
                    admin1=row["admin1"], date=_day(row["date"]), date_precision=row["date_precision"],
                    published=published, killed=row["fatalities_best"] or 0, killed_low=row["fatalities_low"] or 0,
                    killed_high=row["fatalities_high"] or 0, background=row["salience"] == "background")


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


class LinkingStore:
    """Methods of :class:`~marsad.storage.Store` for incidents and sources."""

    engine = None  # set by Store

    def reports(self) -> tuple[list[Report], list[Incident]]:
        """Every stored report as linking input, and the incidents already stored (their events). Texts
        are read a chunk at a time and only their sketches kept, so memory holds events, not texts."""
        e, c = schema.events, schema.claims
        with self.engine.connect() as conn:
            events = defaultdict(list)
            for r in conn.execute(select(e).order_by(e.c.doc_id, e.c.id)).mappings():
                events[r["doc_id"]].append(dict(r))
            claims = defaultdict(list)
            for r in in_order(dict(r) for r in conn.execute(select(c)).mappings()):
                claims[r["event_id"]].append(claim_of(r))
        reports, existing = [], defaultdict(list)
        for doc in self.iter_documents():
            doc_id, published = doc["id"], _day(doc["published"])
            refs = tuple(_event_ref(row, published) for row in events[doc_id])
            for row, ref in zip(events[doc_id], refs, strict=True):
                if row["incident_id"]:
                    existing[row["incident_id"]].append(ref)
            story = "\n\n".join(doc["text"][s:t] for s, t in self.paragraph_spans(doc_id))
            reports.append(_report(doc, refs, {row["id"]: tuple(claims[row["id"]]) for row in events[doc_id]},
                                   sketch(story)))
        return reports, [Incident(id=i, events=evs) for i, evs in sorted(existing.items())]

    def unlinked_count(self) -> int:
        """How many stored events no incident holds yet: linking is due (after new reports, or after a
        link that was interrupted, which writes nothing)."""
        e = schema.events
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(e).where(e.c.incident_id.is_(None))).scalar() or 0

    # What incremental linking (marsad.linking.incremental) reads: only the reports and incidents near new ones.

    def unjudged_ids(self) -> list[str]:
        """Reports linking has not judged yet: new ones, or ones with an event no incident holds."""
        d, e = schema.documents, schema.events
        with self.engine.connect() as conn:
            ids = set(conn.execute(select(d.c.id).where(d.c.credibility.is_(None))).scalars())
            ids |= set(conn.execute(select(e.c.doc_id).where(e.c.incident_id.is_(None))).scalars())
        return sorted(ids)

    def linking_state(self, doc_ids, *, sketches: bool) -> dict[str, Known]:
        """The named reports as linking input (with sketches of their stories, if asked) and what linking
        stored of them."""
        d = schema.documents
        columns = [d.c.id, d.c.key, d.c.publisher, d.c.published, d.c.ingested_at, d.c.copy_of, d.c.credibility]
        rows = []
        with self.engine.connect() as conn:
            for part in _chunks(doc_ids):
                rows += [dict(r) for r in conn.execute(select(*columns, *([d.c.text] if sketches else []))
                                                       .where(d.c.id.in_(part))).mappings()]
        return self._known(rows, sketches)

    def linking_state_between(self, first: date, last: date, *, sketches: bool) -> dict[str, Known]:
        """The judged reports published between the two dates (or, with no date, stored between them)."""
        d = schema.documents
        columns = [d.c.id, d.c.key, d.c.publisher, d.c.published, d.c.ingested_at, d.c.copy_of, d.c.credibility]
        dated = d.c.published.between(first.isoformat(), last.isoformat())
        undated = and_(d.c.published.is_(None), d.c.ingested_at.between(
            first.isoformat(), (last + timedelta(days=1)).isoformat()))
        with self.engine.connect() as conn:
            rows = [dict(r) for r in conn.execute(select(*columns, *([d.c.text] if sketches else [])).where(
                d.c.credibility.is_not(None) & or_(dated, undated))).mappings()]
        return self._known(rows, sketches)

    def copy_members(self, originals: set[str]) -> dict[str, Known]:
        """The stored groups of copies of these originals: the originals and their copies."""
        d = schema.documents
        ids = set(originals)
        with self.engine.connect() as conn:
            for part in _chunks(originals):
                ids |= set(conn.execute(select(d.c.id).where(d.c.copy_of.in_(part))).scalars())
        return self.linking_state(sorted(ids), sketches=False)

    def _known(self, rows: list[dict], sketches: bool) -> dict[str, Known]:
        e, c, p = schema.events, schema.claims, schema.paragraphs
        ids = [r["id"] for r in rows]
        events, claims, spans = defaultdict(list), defaultdict(list), defaultdict(list)
        with self.engine.connect() as conn:
            for part in _chunks(ids):
                for r in conn.execute(select(e).where(e.c.doc_id.in_(part)).order_by(e.c.doc_id, e.c.id)).mappings():
                    events[r["doc_id"]].append(dict(r))
                if sketches:
                    for r in conn.execute(select(p.c.doc_id, p.c.start_offset, p.c.end_offset).where(
                            p.c.doc_id.in_(part) & p.c.role.in_(("body", "heading"))).order_by(p.c.doc_id, p.c.idx)):
                        spans[r[0]].append((r[1], r[2]))
            for part in _chunks(ev["id"] for evs in events.values() for ev in evs):
                for r in in_order(dict(r) for r in conn.execute(select(c).where(c.c.event_id.in_(part))).mappings()):
                    claims[r["event_id"]].append(claim_of(r))
        known = {}
        for row in sorted(rows, key=lambda r: r["id"]):
            mine = events[row["id"]]
            refs = tuple(_event_ref(ev, _day(row["published"])) for ev in mine)
            story = "\n\n".join(row["text"][s:t] for s, t in spans[row["id"]]) if sketches else ""
            report = _report(row, refs, {ev["id"]: tuple(claims[ev["id"]]) for ev in mine},
                             sketch(story) if sketches else ())
            known[row["id"]] = Known(report=report, copy_of=row["copy_of"], score=row["credibility"],
                                     incident_of={ev["id"]: ev["incident_id"] for ev in mine})
        return known

    def incidents_near(self, events: list[EventRef]) -> set[str]:
        """Stored incidents that linking could join these events to: those with an event in a block
        next to theirs (family, grid cell, week), and for an event that cannot be dated, the latest
        incidents at its place and in its undated block (as :func:`marsad.linking.links.link` looks)."""
        wanted = {key for ev in events if ev.when[0] is not None for key in neighbours(block_of(ev))}
        undated = [ev for ev in events if ev.when[0] is None]
        wanted_undated = {block_of(ev) for ev in undated}
        found: set[str] = set()
        e, d = schema.events, schema.documents
        query = select(e, d.c.published).join(d, d.c.id == e.c.doc_id).where(e.c.incident_id.is_not(None))
        with self.engine.connect() as conn:
            if wanted:
                weeks = [k[3] for k in wanted]
                first = date.fromordinal(max(1, min(weeks) * WEEK)).isoformat()
                last = date.fromordinal((max(weeks) + 1) * WEEK - 1).isoformat()
                when = or_(e.c.date.between(first, last), and_(e.c.date.is_(None), d.c.published.between(first, last)))
                for row in conn.execute(query.where(when & _cells(e, wanted))).mappings():
                    if block_of(_event_ref(row, _day(row["published"]))) in wanted:
                        found.add(row["incident_id"])
            if wanted_undated:
                latest = defaultdict(set)
                for row in conn.execute(query.where(e.c.date.is_(None) & _cells(e, wanted_undated))).mappings():
                    key = block_of(_event_ref(row, _day(row["published"])))
                    if key in wanted_undated:
                        latest[key].add(row["incident_id"])
                found.update(i for ids in latest.values() for i in sorted(ids)[-UNDATED_CANDIDATES:])
            for place in {ev.place_id for ev in undated}:
                at = e.c.place_id.is_(None) if place is None else e.c.place_id == place
                found.update(conn.execute(select(e.c.incident_id).where(at & e.c.incident_id.is_not(None)).distinct()
                                          .order_by(e.c.incident_id.desc()).limit(UNDATED_CANDIDATES)).scalars())
        return found

    def stored_incidents(self, ids) -> list[Incident]:
        """The named stored incidents with their events, in the order a full link reads them."""
        e, d = schema.events, schema.documents
        events = defaultdict(list)
        with self.engine.connect() as conn:
            for part in _chunks(sorted(ids)):
                for row in conn.execute(select(e, d.c.published).join(d, d.c.id == e.c.doc_id)
                                        .where(e.c.incident_id.in_(part)).order_by(e.c.doc_id, e.c.id)).mappings():
                    events[row["incident_id"]].append(_event_ref(row, _day(row["published"])))
        return [Incident(id=i, events=evs) for i, evs in sorted(events.items())]

    def outlet_totals(self) -> dict[str, dict | None]:
        """The sums behind each stored outlet profile (None for a profile stored before they were kept)."""
        o = schema.outlet_profiles
        with self.engine.connect() as conn:
            rows = conn.execute(select(o.c.outlet, o.c.bias_by_side)).all()
        return {outlet: _side_json(text).get("totals") for outlet, text in rows}

    def reference_between(self, first: date | None, last: date | None) -> list[ReferenceRecord]:
        if first is None:
            return []
        return self.reference(first, last)

    def save_linking(self, linked: Linked, reports: list[Report]) -> None:
        """Write what linking found, in one transaction: incident of every event, incidents with their
        reconciled figures, copies and credibility of documents, outlet profiles."""
        d, e, i, o = schema.documents, schema.events, schema.incidents, schema.outlet_profiles
        by_doc = {r.doc_id: r for r in reports}
        with self.engine.begin() as conn:
            conn.execute(update(e).values(incident_id=None))
            conn.execute(delete(i))
            rows = [_incident_row(inc, linked, by_doc) for inc in linked.incidents]
            if rows:
                conn.execute(insert(i), rows)
            links = [{"eid": event_id, "iid": incident_id} for event_id, incident_id in linked.incident_of.items()]
            if links:
                conn.execute(update(e).where(e.c.id == bindparam("eid")).values(incident_id=bindparam("iid")), links)
            judged = [{"did": r.doc_id, "copy": linked.copies.get(r.doc_id),
                       "score": linked.credibility.get(r.doc_id, (None, []))[0],
                       "why": json.dumps(linked.credibility.get(r.doc_id, (None, []))[1], ensure_ascii=False)}
                      for r in reports]
            if judged:
                conn.execute(update(d).where(d.c.id == bindparam("did")).values(
                    copy_of=bindparam("copy"), credibility=bindparam("score"),
                    credibility_reasons=bindparam("why")), judged)
            conn.execute(delete(o))
            if linked.outlets:
                conn.execute(insert(o), [_profile_row(p) for p in linked.outlets])

    def save_increment(self, linked: Linked, reports: dict[str, Report]) -> None:
        """Write what incremental linking found, in one transaction: the incident of each new event, the
        incidents that changed, the judged reports and the outlet profiles that moved (``reports``: every
        report of those incidents, by id)."""
        d, e, i, o = schema.documents, schema.events, schema.incidents, schema.outlet_profiles
        with self.engine.begin() as conn:
            stored = set()
            for part in _chunks([inc.id for inc in linked.incidents]):
                stored |= set(conn.execute(select(i.c.id).where(i.c.id.in_(part))).scalars())
            rows = [_incident_row(inc, linked, reports) for inc in linked.incidents]
            if new := [r for r in rows if r["id"] not in stored]:
                conn.execute(insert(i), new)
            if grown := [{**r, "iid": r["id"]} for r in rows if r["id"] in stored]:
                conn.execute(update(i).where(i.c.id == bindparam("iid")).values(
                    {k: bindparam(k) for k in rows[0] if k != "id"}), grown)
            links = [{"eid": event_id, "iid": incident_id} for event_id, incident_id in linked.incident_of.items()]
            if links:
                conn.execute(update(e).where(e.c.id == bindparam("eid")).values(incident_id=bindparam("iid")), links)
            judged = [{"did": doc_id, "copy": linked.copies.get(doc_id), "score": score,
                       "why": json.dumps(reasons, ensure_ascii=False)}
                      for doc_id, (score, reasons) in linked.credibility.items()]
            if judged:
                conn.execute(update(d).where(d.c.id == bindparam("did")).values(
                    copy_of=bindparam("copy"), credibility=bindparam("score"),
                    credibility_reasons=bindparam("why")), judged)
            for part in _chunks([p["outlet"] for p in linked.outlets]):
                conn.execute(delete(o).where(o.c.outlet.in_(part)))
            if linked.outlets:
                conn.execute(insert(o), [_profile_row(p) for p in linked.outlets])

    def incidents(self) -> list[dict]:
        i = schema.incidents
        with self.engine.connect() as conn:
            rows = [dict(r) for r in conn.execute(select(i).order_by(i.c.date.is_(None), i.c.date, i.c.id))
                    .mappings()]
        for row in rows:
            row["summary"] = json.loads(row["summary"]) if row["summary"] else {}
        return rows

    def incident(self, incident_id: str) -> dict | None:
        """One stored incident, or None."""
        i = schema.incidents
        with self.engine.connect() as conn:
            row = conn.execute(select(i).where(i.c.id == incident_id)).mappings().first()
        if row is None:
            return None
        row = dict(row)
        row["summary"] = json.loads(row["summary"]) if row["summary"] else {}
        return row

    def outlet_profiles(self) -> list[dict]:
        o = schema.outlet_profiles
        with self.engine.connect() as conn:
            rows = [dict(r) for r in conn.execute(select(o).order_by(o.c.incidents.desc(), o.c.outlet)).mappings()]
        for row in rows:
            row["bias_by_side"] = _side_json(row["bias_by_side"]).get("by_side", {})
        return rows

    def add_reference(self, records: list[ReferenceRecord]) -> int:
        """Store reference casualty records; a row already stored is not added twice. Returns how many were new."""
        r = schema.reference_records
        rows = []
        for rec in records:
            key = f"{rec.date}|{rec.admin1}|{rec.place}|{rec.civilians}|{rec.fighters}|{rec.total}|{rec.source}"
            rows.append({"id": hashlib.sha1(key.encode()).hexdigest()[:16], "date": rec.date.isoformat(),
                         "admin1": rec.admin1, "place": rec.place, "civilians": rec.civilians,
                         "fighters": rec.fighters, "total": rec.total, "source": rec.source})
        with self.engine.begin() as conn:
            known = set(conn.execute(select(r.c.id)).scalars())
            new = [row for row in {row["id"]: row for row in rows}.values() if row["id"] not in known]
            if new:
                conn.execute(insert(r), new)
        return len(new)

    def reference(self, first: date | None = None, last: date | None = None) -> list[ReferenceRecord]:
        """The stored reference records (those dated between ``first`` and ``last``, when given)."""
        r = schema.reference_records
        query = select(r).order_by(r.c.id)
        if first is not None and last is not None:
            query = query.where(r.c.date.between(first.isoformat(), last.isoformat()))
        with self.engine.connect() as conn:
            return [ReferenceRecord(date=_day(x["date"]), admin1=x["admin1"], place=x["place"],
                                    civilians=x["civilians"] or 0, fighters=x["fighters"] or 0, total=x["total"] or 0,
                                    source=x["source"]) for x in conn.execute(query).mappings()]


def _incident_row(inc: Incident, linked: Linked, by_doc: dict[str, Report]) -> dict:
    first = min(inc.events, key=lambda ev: (ev.background, -PRECISION_RANK.get(ev.precision or "", 0), ev.event_id))
    place = knowledge().places.get(first.place_id)
    dated = sorted(e.date for e in inc.events if e.date)
    killed = linked.reconciled.get(inc.id, {}).get("killed", {})
    docs = sorted(inc.docs)
    outlets = {by_doc[x].outlet for x in docs if x in by_doc}
    published = sorted(by_doc[x].published for x in docs if x in by_doc and by_doc[x].published)
    claims = [c for ev in inc.events for c in by_doc[ev.doc_id].claims.get(ev.event_id, ())] if by_doc else []
    own = fatalities(claims)
    return {"id": inc.id, "date": dated[0].isoformat() if dated else None,
            "date_precision": first.date_precision, "event_type": first.event_type,
            "sub_event_type": first.sub_event_type, "location_name": place.location.name if place else None,
            "admin1": first.admin1, "country": place.location.country if place else None,
            "lat": first.lat, "lon": first.lon,
            "fatalities_low": killed.get("low", own["low"]), "fatalities_best": killed.get("best", own["best"]),
            "fatalities_high": killed.get("high", own["high"]), "created_at": None, "reports": len(docs),
            "outlets": len(outlets), "first_published": published[0].isoformat() if published else None,
            "summary": json.dumps({"events": sorted(e.event_id for e in inc.events), "documents": docs,
                                   "reconciled": linked.reconciled.get(inc.id, {})}, ensure_ascii=False)}


def _profile_row(p: dict) -> dict:
    return {"outlet": p["outlet"], "reports": p["reports"], "incidents": p["incidents"], "first_reports": p["first"],
            "copies": p["copies"], "bias": p["bias"], "credibility": p["credibility"],
            "bias_by_side": json.dumps({"by_side": p["bias_by_side"], "totals": p["totals"]})}


def _side_json(text: str | None) -> dict:
    """The ``bias_by_side`` column: the bias by side and the sums the profile derives from (an older
    link stored the bias by side alone)."""
    data = json.loads(text) if text else {}
    return data if "totals" in data else {"by_side": data, "totals": None}


def _cells(e, keys) -> object:
    """SQL condition: the event lies in one of the grid cells of these blocks (or has no coordinates,
    when a block is of events without them)."""
    lats, lons = [k[1] for k in keys if abs(k[1]) < 900], [k[2] for k in keys if abs(k[2]) < 900]
    parts = []
    if lats and lons:
        parts.append(e.c.lat.between(min(lats), max(lats) + 1) & e.c.lon.between(min(lons), max(lons) + 1))
    if len(lats) < len(keys):
        parts.append(e.c.lat.is_(None) | e.c.lon.is_(None))
    return or_(*parts)
