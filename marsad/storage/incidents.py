"""The storage of linking: reading reports back as linking inputs, and writing incidents, copies,
credibility, outlet profiles and reference records. Mixed into :class:`marsad.storage.Store`."""
from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from datetime import date

from sqlalchemy import bindparam, delete, func, insert, select, update

from ..extraction.knowledge import PRECISION_RANK, knowledge
from ..linking.copies import sketch
from ..linking.credibility import ReferenceRecord
from ..linking.incidents import Linked, Report
from ..linking.links import EventRef, Incident
from ..model import Claim, fatalities
from . import schema


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _event_ref(row: dict, published: date | None) -> EventRef:
    return EventRef(event_id=row["id"], doc_id=row["doc_id"], event_type=row["event_type"],
                    sub_event_type=row["sub_event_type"], actor1=row["actor1"], actor2=row["actor2"],
                    place_id=row["place_id"], lat=row["lat"], lon=row["lon"], precision=row["geo_precision"],
                    admin1=row["admin1"], date=_day(row["date"]), date_precision=row["date_precision"],
                    published=published, killed=row["fatalities_best"] or 0, killed_low=row["fatalities_low"] or 0,
                    killed_high=row["fatalities_high"] or 0, background=row["salience"] == "background")


def _claim(row: dict) -> Claim:
    return Claim(kind=row["kind"], low=row["low"], high=row["high"], qualifier=row["qualifier"],
                 victims=row["victims"], claimant=row["claimant"], start=row["evidence_start"],
                 end=row["evidence_end"], evidence=row["evidence"])


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
            for r in conn.execute(select(c).order_by(c.c.event_id, c.c.id)).mappings():
                claims[r["event_id"]].append(_claim(dict(r)))
        reports, existing = [], defaultdict(list)
        for doc in self.iter_documents():
            doc_id, published = doc["id"], _day(doc["published"])
            refs = tuple(_event_ref(row, published) for row in events[doc_id])
            for row, ref in zip(events[doc_id], refs, strict=True):
                if row["incident_id"]:
                    existing[row["incident_id"]].append(ref)
            story = "\n\n".join(doc["text"][s:t] for s, t in self.paragraph_spans(doc_id))
            reports.append(Report(doc_id=doc_id, key=doc["key"], outlet=doc["publisher"], published=published,
                                  sketch=sketch(story), events=refs,
                                  claims={row["id"]: tuple(claims[row["id"]]) for row in events[doc_id]}))
        return reports, [Incident(id=i, events=evs) for i, evs in sorted(existing.items())]

    def unlinked_count(self) -> int:
        """How many stored events no incident holds yet: linking is due (after new reports, or after a
        link that was interrupted, which writes nothing)."""
        e = schema.events
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(e).where(e.c.incident_id.is_(None))).scalar() or 0

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
            mean_credibility = defaultdict(list)
            for report in reports:
                mean_credibility[report.outlet or "(unknown)"].append(linked.credibility[report.doc_id][0])
            if linked.outlets:
                conn.execute(insert(o), [{
                    "outlet": p["outlet"], "reports": p["reports"], "incidents": p["incidents"],
                    "first_reports": p["first"], "copies": p["copies"], "bias": p["bias"],
                    "bias_by_side": json.dumps(p["bias_by_side"]),
                    "credibility": round(sum(mean_credibility[p["outlet"]]) / len(mean_credibility[p["outlet"]]), 3)
                    if mean_credibility[p["outlet"]] else None} for p in linked.outlets])

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
            row["bias_by_side"] = json.loads(row["bias_by_side"]) if row["bias_by_side"] else {}
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

    def reference(self) -> list[ReferenceRecord]:
        r = schema.reference_records
        with self.engine.connect() as conn:
            return [ReferenceRecord(date=_day(x["date"]), admin1=x["admin1"], place=x["place"],
                                    civilians=x["civilians"] or 0, fighters=x["fighters"] or 0, total=x["total"] or 0,
                                    source=x["source"]) for x in conn.execute(select(r).order_by(r.c.id)).mappings()]


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
            "summary": json.dumps({"events": [e.event_id for e in inc.events], "documents": docs,
                                   "reconciled": linked.reconciled.get(inc.id, {})}, ensure_ascii=False)}
