"""What linking says of each report and incident: reconciled figures and credibility.

:class:`Report` is one article as linking sees it and :class:`Linked` what linking found;
:func:`reconcile_all` and :func:`judge_all` are shared by the full link (:mod:`.incidents`) and the
incremental one (:mod:`.incremental`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..extraction.claimants import in_group
from ..extraction.knowledge import PRECISION_RANK
from ..model import Claim, fatalities
from .copies import Story
from .credibility import ArticleEvidence, credibility, reference_total
from .links import EventRef, Incident
from .reconcile import ReportedClaim, reconcile
from .victims import top_actor


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
    day: date | None = None  # the date its wire copies are looked for around: published, else stored

    @property
    def story(self) -> Story:
        return Story(doc_id=self.doc_id, sketch=self.sketch, published=self.published, day=self.day or self.published)


@dataclass(kw_only=True)
class Linked:
    incidents: list[Incident]
    incident_of: dict[str, str]  # event id -> incident id
    copies: dict[str, str]  # copy doc id -> original doc id
    reconciled: dict[str, dict]  # incident id -> kind -> reconciled figures
    credibility: dict[str, tuple[float, list[str]]]  # doc id -> score, reasons
    outlets: list[dict] = field(default_factory=list)
    loaded: int = 0  # how many stored reports were read to link (all of them for a full link)
    full: bool = True  # whether every stored report was relinked
    reports: dict[str, Report] = field(default_factory=dict)  # what an incremental link read, by doc id

def reconcile_all(incidents: list[Incident], by_doc: dict[str, Report], copies: dict[str, str]) -> dict[str, dict]:
    """Reconciled figures of each incident from the claims of its events (``by_doc`` holds its reports)."""
    reconciled = {}
    for inc in incidents:
        reported = [ReportedClaim(claim=c, doc_id=e.doc_id, outlet=by_doc[e.doc_id].outlet,
                                  published=by_doc[e.doc_id].published)
                    for e in sorted(inc.events, key=lambda e: (e.doc_id, e.event_id))
                    for c in by_doc[e.doc_id].claims.get(e.event_id, ())]
        parties = tuple(sorted({p for e in inc.events for p in (top_actor(e.actor1), top_actor(e.actor2)) if p}))
        reconciled[inc.id] = {k: v.as_dict() for k, v in reconcile(reported, copies, parties).items()}
    return reconciled


def judge_all(reports, incidents, incident_of, reconciled, by_doc, copies, reference) -> dict:
    """The credibility of each report; ``incidents`` must hold every incident of their events."""
    by_id = {inc.id: inc for inc in incidents}
    outlets_of = {inc.id: _independent_outlets(inc, copies, by_doc) for inc in incidents}
    return {r.doc_id: _judge(r, by_id, outlets_of, incident_of, reconciled, copies, reference) for r in reports}


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
    named = sum(not in_group(c.claimant, "unnamed") for c in claims)
    evidence = ArticleEvidence(doc_id=r.doc_id, outlet=r.outlet, copy_of=copies.get(r.doc_id),
                               claims=len(claims), named_claims=named)
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
        placed = max(inc.events, key=lambda e: PRECISION_RANK.get(e.precision or "", -1))  # its finest place
        evidence.reference = reference_total(list(reference), when=when, admin1=first.admin1,
                                             place_id=placed.place_id) if reference else None
    return credibility(evidence)
