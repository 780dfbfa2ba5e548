"""Linking a set of reports: incidents, wire copies, reconciled figures, credibility and outlet profiles.

:func:`build` is the one function behind ``marsad extract --link`` (in memory) and ``marsad link``
(over the database): it finds wire copies (:mod:`marsad.linking.copies`), links events into incidents
(:mod:`marsad.linking.links`), reconciles each incident's claims (:mod:`marsad.linking.reconcile`) and judges
every article and outlet (:mod:`marsad.linking.credibility`, :mod:`marsad.linking.profiles`).
:func:`link_database` links what an ingest added to a database without rereading the rest
(:mod:`marsad.linking.incremental`), or relinks it all.
"""
from __future__ import annotations

from ..model import Document
from .copies import find_copies, sketch
from .credibility import ReferenceRecord
from .incremental import link_new
from .judging import Linked, Report, judge_all, reconcile_all
from .links import EventRef, Incident, link
from .pairs import latest_year
from .profiles import Tally, add_all, incident_tally, report_tally

__all__ = ["Linked", "Report", "build", "link_database", "relink", "report_of", "reviewed"]

RECONCILE_CHUNK = 2000  # incidents reconciled and written at once by a full link of a database


def report_of(doc: Document) -> Report:
    year = latest_year(doc.text) if doc.meta.published is None else None
    refs = []
    for e in doc.events:
        loc = e.location
        refs.append(EventRef(event_id=e.id, doc_id=doc.id, event_type=e.event_type, sub_event_type=e.sub_event_type,
                             actor1=e.actor1, actor2=e.actor2, place_id=loc.id if loc else None,
                             lat=loc.lat if loc else None, lon=loc.lon if loc else None,
                             precision=loc.precision if loc else None, admin1=loc.admin1 if loc else None,
                             date=e.date, date_precision=e.date_precision, published=doc.meta.published,
                             killed=e.fatalities["best"], killed_low=e.fatalities["low"],
                             killed_high=e.fatalities["high"], background=e.salience == "background",
                             year=year))
    return Report(doc_id=doc.id, key=doc.key, outlet=doc.meta.publisher, published=doc.meta.published,
                  sketch=sketch(doc.story), events=tuple(refs), claims={e.id: e.claims for e in doc.events})


def build(reports: list[Report], *, existing: list[Incident] = (), reference: list[ReferenceRecord] = ()) -> Linked:
    """Link the reports (see the module docstring); ``existing`` incidents may grow."""
    by_doc = {r.doc_id: r for r in reports}
    copies = find_copies([r.story for r in reports])
    incidents = link([e for r in reports for e in r.events], existing)
    incident_of = {e.event_id: inc.id for inc in incidents for e in inc.events}
    reconciled = reconcile_all(incidents, by_doc, copies)
    return _judged(reports, incidents, incident_of, reconciled, by_doc, copies, reference)


def _judged(reports, incidents, incident_of, reconciled, by_doc, copies, reference) -> Linked:
    """What linking found, with each report judged and each outlet's profile."""
    judged = judge_all(reports, incidents, incident_of, reconciled, by_doc, copies, reference)
    tallies: dict[str, Tally] = {}
    for inc in incidents:
        add_all(tallies, incident_tally(inc, (reconciled[inc.id].get("killed") or {}).get("best"), by_doc))
    for r in reports:
        add_all(tallies, report_tally(r.outlet, copy=r.doc_id in copies, score=judged[r.doc_id][0]))
    return Linked(incidents=incidents, incident_of=incident_of, copies=copies, reconciled=reconciled,
                  credibility=judged, outlets=[t.profile(o) for o, t in sorted(tallies.items())], loaded=len(reports))


def relink(store) -> Linked:
    """Link every stored report again, as :func:`build` would over them all, keeping the analysts' merges
    and splits (:func:`reviewed`), and write the result. Memory holds the reports' events and claims (no
    texts: the copies are found first, a window of days at a time) and the incidents; each incident's
    figures are reconciled and written a chunk at a time, and only the killed figure that judging and the
    outlet profiles use is kept of them (the ``reconciled`` of the result)."""
    copies = store.stored_copies()
    reports, stored = store.reports(sketches=False)
    by_doc = {r.doc_id: r for r in reports}
    incidents = link([e for r in reports for e in r.events], reviewed(stored, store.corrections()))
    del stored
    incident_of = {e.event_id: inc.id for inc in incidents for e in inc.events}
    killed: dict[str, dict] = {}

    def reconciled():
        for n in range(0, len(incidents), RECONCILE_CHUNK):
            part = incidents[n:n + RECONCILE_CHUNK]
            figures = reconcile_all(part, by_doc, copies)
            for inc in part:
                found = figures[inc.id].get("killed")
                killed[inc.id] = {"killed": {"best": found["best"]}} if found else {}
                yield inc, figures[inc.id]

    def finish() -> Linked:
        return _judged(reports, incidents, incident_of, killed, by_doc, copies, store.reference())

    return store.save_linking(incidents, reconciled(), finish, by_doc)


def reviewed(existing: list[Incident], corrections: list[dict]) -> list[Incident]:
    """The stored incidents as analysts left them: their merges (an incident's events go to the one it was
    merged into) and splits (an event to an incident of its own) applied in the order they were made, so
    a full link keeps them (linking never splits or merges a stored incident). A correction that no longer
    applies (its ``problem`` says why) or names what is gone is passed over."""
    incidents = {i.id: list(i.events) for i in existing}
    where = {e.event_id: i.id for i in existing for e in i.events}
    merged: dict[str, str] = {}

    def current(incident_id: str) -> str:
        seen = set()
        while incident_id in merged and incident_id not in seen:
            seen.add(incident_id)
            incident_id = merged[incident_id]
        return incident_id

    for c in corrections:
        if c.get("problem"):
            continue
        if c["target"] == "incident" and c["action"] == "merge":
            source, into = current(c["target_id"]), current(c["changes"]["into"])
            if source != into and source in incidents and into in incidents:
                for ev in incidents.pop(source):
                    incidents[into].append(ev)
                    where[ev.event_id] = into
                merged[source] = into
        elif c["target"] == "event" and c["action"] == "split" and c["target_id"] in where:
            old, new = where[c["target_id"]], c["changes"]["incident_id"]
            moving = [ev for ev in incidents[old] if ev.event_id == c["target_id"]]
            incidents[old] = [ev for ev in incidents[old] if ev.event_id != c["target_id"]]
            if not incidents[old]:
                del incidents[old]
            incidents.setdefault(new, []).extend(moving)
            where[c["target_id"]] = new
    return [Incident(id=i, events=evs) for i, evs in sorted(incidents.items()) if evs]


def link_database(store, *, full: bool = False, wait: bool = True, on_wait=None) -> Linked:
    """Link the reports stored in ``store`` (a :class:`marsad.storage.Store`) that linking has not judged
    yet, reading only the stored reports and incidents near them (:mod:`marsad.linking.incremental`);
    with ``full``, when nothing was linked yet (every report is new: :func:`relink` reads them in less
    memory) or when the database was linked by a version that kept no profile sums, relink every
    stored report, keeping the analysts' merges and splits (:func:`reviewed`). Either way events already
    in incidents keep them and new ones join or start incidents, and the result is the same. Figures,
    copies and credibility are written back in one transaction, under the writer lock (``wait``/``on_wait``
    as in :meth:`Store.writing`)."""
    with store.writing("link", wait=wait, on_wait=on_wait):
        linked = None if full or not store.linked_before() else link_new(store)
        if linked is not None:
            if linked.credibility:
                store.save_increment(linked, linked.reports)
            return linked
        return relink(store)
