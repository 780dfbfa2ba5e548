"""The storage of linking: reading reports back as linking inputs, and writing incidents, copies,
credibility, outlet profiles and reference records. Mixed into :class:`marsad.storage.Store`."""
from __future__ import annotations

import hashlib
import json
from array import array
from collections import defaultdict
from datetime import date, timedelta
from typing import Callable, Iterable

from sqlalchemy import and_, bindparam, delete, func, insert, or_, select, update

from ..extraction.knowledge import PRECISION_RANK, knowledge
from ..linking.blocking import Blocks
from ..linking.copies import sketch
from ..linking.credibility import ReferenceRecord
from ..linking.incidents import reviewed
from ..linking.incremental import Known
from ..linking.judging import Linked, Report, reconcile_all
from ..linking.links import EventRef, Incident, ancestors, window
from ..model import fatalities
from . import schema
from .claims import claim_of, in_order
from .linkrows import (
    NEAR_DAYS,
    READ_CHUNK,
    UNDATED_TEXT,
    WRITE_CHUNK,
    _chunks,
    _day,
    _event_ref,
    _linking_rows,
    _report,
    _Shared,
    _write_incidents,
    copies_by_window,
)


class LinkingStore:
    """Methods of :class:`~marsad.storage.Store` for incidents and sources."""

    engine = None  # set by Store

    def reports(self, *, sketches: bool = True) -> tuple[list[Report], list[Incident]]:
        """Every stored report as linking input, and the incidents already stored (their events). Only the
        columns linking reads are read, a chunk of reports at a time, and the values many rows repeat
        (types, actors, places, dates, claimants) are kept once; a text is read only for its sketch
        (``sketches``; else the sketches are empty: :meth:`stored_copies` finds the copies) or, for a report
        with no date, the years it writes."""
        d = schema.documents
        shared = _Shared()
        columns = [d.c.id, d.c.key, d.c.publisher, d.c.published, d.c.ingested_at, UNDATED_TEXT]
        reports, existing, last = [], defaultdict(list), ""
        while True:
            with self.engine.connect() as conn:
                rows = [dict(r) for r in conn.execute(select(*columns, *([d.c.text] if sketches else [])).where(
                    d.c.id > last).order_by(d.c.id).limit(READ_CHUNK)).mappings()]
                if not rows:
                    break
                events, claims, spans = _linking_rows(conn, [r["id"] for r in rows], shared, sketches)
            for doc in rows:
                published = shared.day(doc["published"])
                mine = events[doc["id"]]
                refs = tuple(_event_ref(row, published, doc["undated_text"], shared) for row in mine)
                for row, ref in zip(mine, refs, strict=True):
                    if row["incident_id"]:
                        existing[row["incident_id"]].append(ref)
                story = "\n\n".join(doc["text"][s:t] for s, t in spans[doc["id"]]) if sketches else ""
                doc["publisher"] = shared.text(doc["publisher"])
                reports.append(_report(doc, refs, {row["id"]: tuple(claims[row["id"]]) for row in mine},
                                       sketch(story) if sketches else ()))
            last = rows[-1]["id"]
        return reports, [Incident(id=i, events=evs) for i, evs in sorted(existing.items())]

    def stored_copies(self) -> dict[str, str]:
        """``{copy: original}`` over every stored report, as :func:`marsad.linking.copies.find_copies` finds
        them, holding no texts: each story's sketch is kept (packed) and the copies are looked for a window
        of days at a time (copies are published within ``COPY_DAYS`` of each other)."""
        d, p = schema.documents, schema.paragraphs
        found: list[tuple[date | None, str, date | None, bytes]] = []
        last = ""
        while True:
            with self.engine.connect() as conn:
                rows = conn.execute(select(d.c.id, d.c.published, d.c.ingested_at, d.c.text).where(d.c.id > last)
                                    .order_by(d.c.id).limit(READ_CHUNK)).all()
                if not rows:
                    break
                spans = defaultdict(list)
                for r in conn.execute(select(p.c.doc_id, p.c.start_offset, p.c.end_offset).where(
                        p.c.doc_id.in_([r[0] for r in rows]) & p.c.role.in_(("body", "heading")))
                        .order_by(p.c.doc_id, p.c.idx)):
                    spans[r[0]].append((r[1], r[2]))
            for doc_id, published, ingested_at, text in rows:
                published = _day(published)
                day = published or (_day(ingested_at[:10]) if ingested_at else None)
                packed = array("Q", sketch("\n\n".join(text[s:t] for s, t in spans[doc_id]))).tobytes()
                found.append((day, doc_id, published, packed))
            last = rows[-1][0]
        return copies_by_window(found)

    def unlinked_count(self) -> int:
        """How many stored events no incident holds yet: linking is due (after new reports, or after a
        link that was interrupted, which writes nothing)."""
        e = schema.events
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(e).where(e.c.incident_id.is_(None))).scalar() or 0

    # What incremental linking (marsad.linking.incremental) reads: only the reports and incidents near new ones.

    def linked_before(self) -> bool:
        """Whether linking has judged any stored report or placed any event in an incident."""
        d, e = schema.documents, schema.events
        with self.engine.connect() as conn:
            return bool(conn.execute(select(d.c.id).where(d.c.credibility.is_not(None)).limit(1)).first()
                        or conn.execute(select(e.c.id).where(e.c.incident_id.is_not(None)).limit(1)).first())

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
        columns = [d.c.id, d.c.key, d.c.publisher, d.c.published, d.c.ingested_at, d.c.copy_of, d.c.credibility,
                   UNDATED_TEXT]
        rows = []
        with self.engine.connect() as conn:
            for part in _chunks(doc_ids):
                rows += [dict(r) for r in conn.execute(select(*columns, *([d.c.text] if sketches else []))
                                                       .where(d.c.id.in_(part))).mappings()]
        return self._known(rows, sketches)

    def linking_state_between(self, first: date, last: date, *, sketches: bool) -> dict[str, Known]:
        """The judged reports published between the two dates (or, with no date, stored between them)."""
        d = schema.documents
        columns = [d.c.id, d.c.key, d.c.publisher, d.c.published, d.c.ingested_at, d.c.copy_of, d.c.credibility,
                   UNDATED_TEXT]
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
            refs = tuple(_event_ref(ev, _day(row["published"]), row["undated_text"]) for ev in mine)
            story = "\n\n".join(row["text"][s:t] for s, t in spans[row["id"]]) if sketches else ""
            report = _report(row, refs, {ev["id"]: tuple(claims[ev["id"]]) for ev in mine},
                             sketch(story) if sketches else ())
            known[row["id"]] = Known(report=report, copy_of=row["copy_of"], score=row["credibility"],
                                     incident_of={ev["id"]: ev["incident_id"] for ev in mine})
        return known

    def incidents_near(self, events: list[EventRef]) -> set[str]:
        """Stored incidents that linking could join these events to: those with an event whose window
        meets one of theirs and whose place can be theirs (:func:`marsad.linking.blocking.compatible`,
        found as :meth:`marsad.linking.blocking.Blocks.near` finds it)."""
        blocks = Blocks()
        for ev in events:
            blocks.add(ev)
        spans = [s for s in (window(ev) for ev in events) if s]
        names = {p for ev in events if ev.place_id for p in (ev.place_id, *ancestors(ev.place_id))}
        e, d = schema.events, schema.documents
        wanted = e.c.place_id.in_(sorted(names)) if names else None
        if spans:
            first = date.fromordinal(max(1, min(s[0] for s in spans) - NEAR_DAYS)).isoformat()
            last = date.fromordinal(max(s[1] for s in spans) + NEAR_DAYS).isoformat()
            when = or_(e.c.date.between(first, last), e.c.date.is_(None))
            admin1 = sorted({ev.admin1 for ev in events if ev.admin1})
            where = [e.c.admin1.in_(admin1)] if admin1 else []
            placed = [ev for ev in events if ev.lat is not None and ev.lon is not None]
            if placed:
                where.append(e.c.lat.between(min(ev.lat for ev in placed) - 1, max(ev.lat for ev in placed) + 1)
                             & e.c.lon.between(min(ev.lon for ev in placed) - 1, max(ev.lon for ev in placed) + 1))
            if where:
                timed = when & or_(*where)
                wanted = timed if wanted is None else or_(wanted, timed)
        if wanted is None:
            return set()
        found: set[str] = set()
        query = select(e, d.c.published, UNDATED_TEXT).join(d, d.c.id == e.c.doc_id).where(
            e.c.incident_id.is_not(None) & wanted)
        with self.engine.connect() as conn:
            for row in conn.execute(query).mappings():
                if row["incident_id"] not in found and blocks.near(
                        _event_ref(row, _day(row["published"]), row["undated_text"])):
                    found.add(row["incident_id"])
        return found

    def stored_incidents(self, ids) -> list[Incident]:
        """The named stored incidents with their events, in the order a full link reads them."""
        e, d = schema.events, schema.documents
        events = defaultdict(list)
        with self.engine.connect() as conn:
            for part in _chunks(sorted(ids)):
                for row in conn.execute(select(e, d.c.published, UNDATED_TEXT).join(d, d.c.id == e.c.doc_id)
                                        .where(e.c.incident_id.in_(part)).order_by(e.c.doc_id, e.c.id)).mappings():
                    events[row["incident_id"]].append(_event_ref(row, _day(row["published"]), row["undated_text"]))
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

    def save_linking(self, incidents: list[Incident], reconciled: Iterable[tuple[Incident, dict]],
                     finish: Callable[[], Linked], by_doc: dict[str, Report]) -> Linked:
        """Write what a full link found, in one transaction: the incident of every event and the incidents
        with their reconciled figures, written a chunk at a time as ``reconciled`` yields them (each incident
        with its figures), then the copies and credibility of documents and the outlet profiles of
        ``finish()``'s result, which is returned."""
        d, i, o = schema.documents, schema.incidents, schema.outlet_profiles
        analyst = self._analyst_figures(incidents)
        with self.engine.begin() as conn:
            conn.execute(update(schema.events).values(incident_id=None))
            conn.execute(delete(i))
            rows, links = [], {}
            for inc, figures in reconciled:
                rows.append(_incident_row(inc, figures, by_doc, analyst.get(inc.id)))
                links.update((e.event_id, inc.id) for e in inc.events)
                if len(rows) >= WRITE_CHUNK:
                    _write_incidents(conn, rows, set(), links)
                    rows, links = [], {}
            _write_incidents(conn, rows, set(), links)
            linked = finish()
            for part in _chunks(by_doc, WRITE_CHUNK):
                judged = [{"did": doc_id, "copy": linked.copies.get(doc_id),
                           "score": linked.credibility.get(doc_id, (None, []))[0],
                           "why": json.dumps(linked.credibility.get(doc_id, (None, []))[1], ensure_ascii=False)}
                          for doc_id in part]
                conn.execute(update(d).where(d.c.id == bindparam("did")).values(
                    copy_of=bindparam("copy"), credibility=bindparam("score"),
                    credibility_reasons=bindparam("why")), judged)
            conn.execute(delete(o))
            if linked.outlets:
                conn.execute(insert(o), [_profile_row(p) for p in linked.outlets])
        return linked

    def _analyst_figures(self, incidents: list[Incident]) -> dict[str, dict]:
        """Per incident, the killed figures an analyst gave one of its events (the latest correction's, with
        who gave them and why)."""
        incident_of = {ev.event_id: inc.id for inc in incidents for ev in inc.events}
        found: dict[str, dict] = {}  # (self.corrections: ReviewStore's, mixed into Store beside this class)
        for c in self.corrections("event"):
            if c["problem"] or c["action"] != "correct" or c["target_id"] not in incident_of:
                continue
            figures = {k.removeprefix("fatalities_"): int(v) for k, v in c["changes"].items()
                       if k.startswith("fatalities_") and v not in (None, "")}
            if figures:
                iid = incident_of[c["target_id"]]
                found[iid] = {**found.get(iid, {}), **figures, "event": c["target_id"], "who": c["who"],
                              "why": c["why"], "at": c["at"]}
        return found

    def apply_review(self, correction: dict) -> None:
        """Make an analyst's merge, split or correction show at once: the incidents it touches are rebuilt
        as :func:`marsad.linking.incidents.reviewed` leaves them, reconciled again (with the killed figures
        analysts gave their events) and written back (the one merged away is gone, the split event has its
        incident). Credibility and outlet profiles move at the next link."""
        e, i = schema.events, schema.incidents
        if correction["target"] == "incident":
            ids = {correction["target_id"], correction["changes"]["into"]}
        else:
            with self.engine.connect() as conn:
                ids = set(conn.execute(select(e.c.incident_id).where(e.c.id == correction["target_id"])).scalars())
        before = self.stored_incidents(ids - {None})
        after = reviewed(before, [{**correction, "problem": None}])
        known = self.linking_state(sorted({d for inc in after for d in inc.docs}), sketches=False)
        by_doc = {d: k.report for d, k in known.items()}
        copies = {d: k.copy_of for d, k in known.items() if k.copy_of}
        linked = Linked(incidents=after, incident_of={ev.event_id: inc.id for inc in after for ev in inc.events},
                        copies=copies, reconciled=reconcile_all(after, by_doc, copies), credibility={})
        analyst = self._analyst_figures(after)
        rows = [_incident_row(inc, linked.reconciled.get(inc.id, {}), by_doc, analyst.get(inc.id)) for inc in after]
        stored, kept = {inc.id for inc in before}, {r["id"] for r in rows}
        with self.engine.begin() as conn:
            _write_incidents(conn, rows, stored, linked.incident_of)
            if gone := sorted(stored - kept):
                conn.execute(delete(i).where(i.c.id.in_(gone)))

    def save_increment(self, linked: Linked, reports: dict[str, Report]) -> None:
        """Write what incremental linking found, in one transaction: the incident of each new event, the
        incidents that changed, the judged reports and the outlet profiles that moved (``reports``: every
        report of those incidents, by id)."""
        d, i, o = schema.documents, schema.incidents, schema.outlet_profiles
        with self.engine.begin() as conn:
            stored = set()
            for part in _chunks([inc.id for inc in linked.incidents]):
                stored |= set(conn.execute(select(i.c.id).where(i.c.id.in_(part))).scalars())
            analyst = self._analyst_figures(linked.incidents)
            rows = [_incident_row(inc, linked.reconciled.get(inc.id, {}), reports, analyst.get(inc.id))
                    for inc in linked.incidents]
            _write_incidents(conn, rows, stored, linked.incident_of)
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


def _incident_row(inc: Incident, reconciled: dict, by_doc: dict[str, Report], analyst: dict | None = None) -> dict:
    """The incidents table's row; ``reconciled``: its reconciled figures; ``analyst``: killed figures an
    analyst gave one of its events, which stand for the incident's (kept in the summary with who gave them)."""
    first = min(inc.events, key=lambda ev: (ev.background, -PRECISION_RANK.get(ev.precision or "", 0), ev.event_id))
    place = knowledge().places.get(first.place_id)
    dated = sorted(e.date for e in inc.events if e.date)
    killed = reconciled.get("killed", {})
    docs = sorted(inc.docs)
    outlets = {by_doc[x].outlet for x in docs if x in by_doc}
    published = sorted(by_doc[x].published for x in docs if x in by_doc and by_doc[x].published)
    claims = [c for ev in inc.events for c in by_doc[ev.doc_id].claims.get(ev.event_id, ())] if by_doc else []
    own = fatalities(claims)
    figures = {k: (analyst or {}).get(k, killed.get(k, own[k])) for k in ("low", "best", "high")}
    summary = {"events": sorted(e.event_id for e in inc.events), "documents": docs,
               "reconciled": reconciled}
    if analyst:
        summary["analyst"] = analyst
    return {"id": inc.id, "date": dated[0].isoformat() if dated else None,
            "date_precision": first.date_precision, "event_type": first.event_type,
            "sub_event_type": first.sub_event_type, "location_name": place.location.name if place else None,
            "admin1": first.admin1, "country": place.location.country if place else None,
            "lat": first.lat, "lon": first.lon,
            "fatalities_low": figures["low"], "fatalities_best": figures["best"], "fatalities_high": figures["high"],
            "created_at": None, "reports": len(docs),
            "outlets": len(outlets), "first_published": published[0].isoformat() if published else None,
            "summary": json.dumps(summary, ensure_ascii=False)}


def _profile_row(p: dict) -> dict:
    return {"outlet": p["outlet"], "reports": p["reports"], "incidents": p["incidents"], "first_reports": p["first"],
            "copies": p["copies"], "bias": p["bias"], "credibility": p["credibility"],
            "bias_by_side": json.dumps({"by_side": p["bias_by_side"], "totals": p["totals"]})}


def _side_json(text: str | None) -> dict:
    """The ``bias_by_side`` column: the bias by side and the sums the profile derives from (an older
    link stored the bias by side alone)."""
    data = json.loads(text) if text else {}
    return data if "totals" in data else {"by_side": data, "totals": None}
