"""Linking a set of reports: incidents, wire copies, reconciled figures, credibility and outlet profiles.

:func:`build` is the one function behind ``marsad extract --link`` (in memory) and ``marsad link``
(over the database): it finds wire copies (:mod:`marsad.linking.copies`), links events into incidents
(:mod:`marsad.linking.links`), reconciles each incident's claims (:mod:`marsad.linking.reconcile`) and judges
every article and outlet (:mod:`marsad.linking.credibility`).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from statistics import mean

from ..model import Claim, Document, fatalities
from .copies import Story, find_copies, sketch
from .credibility import ArticleEvidence, ReferenceRecord, credibility, log_ratio, reference_total, side_of
from .links import EventRef, Incident, link
from .reconcile import ReportedClaim, reconcile


@dataclass(frozen=True, kw_only=True, slots=True)
class Report:
    """One article as linking sees it."""

    doc_id: str
    key: str
    outlet: str | None
    published: date | None
    sketch: tuple[int, ...]  # of its story, for finding wire copies (marsad.linking.copies)
    events: tuple[EventRef, ...]
    claims: dict[str, tuple[Claim, ...]]  # event id -> its claims


@dataclass(kw_only=True)
class Linked:
    incidents: list[Incident]
    incident_of: dict[str, str]  # event id -> incident id
    copies: dict[str, str]  # copy doc id -> original doc id
    reconciled: dict[str, dict]  # incident id -> kind -> reconciled figures
    credibility: dict[str, tuple[float, list[str]]]  # doc id -> score, reasons
    outlets: list[dict] = field(default_factory=list)


def report_of(doc: Document) -> Report:
    refs = []
    for e in doc.events:
        loc = e.location
        refs.append(EventRef(event_id=e.id, doc_id=doc.id, event_type=e.event_type, sub_event_type=e.sub_event_type,
                             actor1=e.actor1, actor2=e.actor2, place_id=loc.id if loc else None,
                             lat=loc.lat if loc else None, lon=loc.lon if loc else None,
                             precision=loc.precision if loc else None, admin1=loc.admin1 if loc else None,
                             date=e.date, date_precision=e.date_precision, published=doc.meta.published,
                             killed=e.fatalities["best"], killed_low=e.fatalities["low"],
                             killed_high=e.fatalities["high"], background=e.salience == "background"))
    return Report(doc_id=doc.id, key=doc.key, outlet=doc.meta.publisher, published=doc.meta.published,
                  sketch=sketch(doc.story), events=tuple(refs), claims={e.id: e.claims for e in doc.events})


def build(reports: list[Report], *, existing: list[Incident] = (), reference: list[ReferenceRecord] = ()) -> Linked:
    """Link the reports (see the module docstring); ``existing`` incidents may grow."""
    by_doc = {r.doc_id: r for r in reports}
    copies = find_copies([Story(doc_id=r.doc_id, sketch=r.sketch, published=r.published) for r in reports])
    incidents = link([e for r in reports for e in r.events], existing)
    incident_of = {e.event_id: inc.id for inc in incidents for e in inc.events}
    reconciled: dict[str, dict] = {}
    reported: dict[str, list[ReportedClaim]] = defaultdict(list)
    for r in reports:
        for event_id, claims in r.claims.items():
            for c in claims:
                reported[incident_of[event_id]].append(
                    ReportedClaim(claim=c, doc_id=r.doc_id, outlet=r.outlet, published=r.published))
    for inc in incidents:
        reconciled[inc.id] = {k: v.as_dict() for k, v in reconcile(reported[inc.id], copies).items()}
    by_id = {inc.id: inc for inc in incidents}
    outlets_of = {inc.id: _independent_outlets(inc, copies, by_doc) for inc in incidents}
    judged = {r.doc_id: _judge(r, by_id, outlets_of, incident_of, reconciled, copies, reference) for r in reports}
    return Linked(incidents=incidents, incident_of=incident_of, copies=copies, reconciled=reconciled,
                  credibility=judged, outlets=_outlets(reports, incidents, reconciled, copies, by_doc))


def _main_incident(r: Report, incident_of: dict[str, str], by_id: dict[str, Incident]) -> str | None:
    """The incident an article is judged by: of its present-day events, the one told by most reports."""
    told = [e for e in r.events if not e.background] or list(r.events)
    if not told:
        return None

    def size(e: EventRef) -> int:
        return len(by_id[incident_of[e.event_id]].docs) if incident_of.get(e.event_id) in by_id else 0

    best = max(enumerate(told), key=lambda ne: (size(ne[1]), -ne[0]))[1]
    return incident_of.get(best.event_id)


def _independent_outlets(inc: Incident, copies: dict[str, str], by_doc: dict[str, Report]) -> set[str]:
    originals = {copies.get(d, d) for d in inc.docs}
    return {by_doc[d].outlet or d for d in originals if d in by_doc} | {d for d in originals if d not in by_doc}


def _judge(r: Report, by_id, outlets_of, incident_of, reconciled, copies, reference) -> tuple[float, list[str]]:
    inc_id = _main_incident(r, incident_of, by_id)
    inc = by_id.get(inc_id)
    claims = [c for cs in r.claims.values() for c in cs]
    evidence = ArticleEvidence(doc_id=r.doc_id, outlet=r.outlet, copy_of=copies.get(r.doc_id),
                               claims=len(claims), named_claims=sum(c.claimant != "unattributed" for c in claims))
    if inc is not None:
        outlets = outlets_of[inc.id] - {r.outlet}
        evidence.corroborated = bool(outlets)
        evidence.sole_report = len(inc.docs) == 1
        killed = reconciled.get(inc.id, {}).get("killed")
        mine = [c for e in r.events if incident_of[e.event_id] == inc.id for c in r.claims[e.event_id]]
        figure = fatalities(mine)["high"]
        evidence.figure = figure or None
        evidence.best = killed["best"] if killed else None
        first = inc.events[0]
        when = first.date or first.published
        evidence.reference = reference_total(list(reference), when=when, admin1=first.admin1,
                                             place=None) if reference else None
    return credibility(evidence)


def _outlets(reports, incidents, reconciled, copies, by_doc) -> list[dict]:
    stats: dict[str, dict] = defaultdict(lambda: {"reports": 0, "incidents": set(), "first": 0, "copies": 0,
                                                  "ratios": [], "by_side": defaultdict(list)})
    for r in reports:
        s = stats[r.outlet or "(unknown)"]
        s["reports"] += 1
        s["copies"] += r.doc_id in copies
    for inc in incidents:
        docs = sorted((by_doc[d] for d in inc.docs if d in by_doc), key=lambda r: (r.published or date.max, r.doc_id))
        if docs:
            stats[docs[0].outlet or "(unknown)"]["first"] += 1
        killed = reconciled.get(inc.id, {}).get("killed") or {}
        members = {x.event_id for x in inc.events}
        for r in docs:
            s = stats[r.outlet or "(unknown)"]
            s["incidents"].add(inc.id)
            mine = [c for e in r.events if e.event_id in members for c in r.claims[e.event_id]]
            figure = fatalities(mine)["high"]
            if figure and killed.get("best"):
                s["ratios"].append(log_ratio(figure, killed["best"]))
                for c in mine:
                    if c.kind == "killed" and c.low:
                        s["by_side"][side_of(c.victims)].append(log_ratio(c.low, killed["best"]))
    out = []
    for outlet, s in sorted(stats.items()):
        out.append({"outlet": outlet, "reports": s["reports"], "incidents": len(s["incidents"]),
                    "first": s["first"], "copies": s["copies"],
                    "bias": round(mean(s["ratios"]), 3) if s["ratios"] else None,
                    "bias_by_side": {k: round(mean(v), 3) for k, v in sorted(s["by_side"].items())}})
    return out


def link_database(store, *, wait: bool = True, on_wait=None) -> Linked:
    """Link everything stored in ``store`` (a :class:`marsad.storage.Store`): events already in incidents
    keep them, new ones join or start incidents; figures, copies and credibility are written back in one
    transaction, under the writer lock (``wait``/``on_wait`` as in :meth:`Store.writing`)."""
    with store.writing("link", wait=wait, on_wait=on_wait):
        reports, existing = store.reports()
        linked = build(reports, existing=existing, reference=store.reference())
        store.save_linking(linked, reports)
    return linked
