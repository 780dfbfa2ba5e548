"""Linking new reports into a linked database, reading only what they can touch.

A report is new until linking has judged it (its credibility is unset). :func:`link_new` reads the new
reports and, of the stored ones, only those they can affect:

- for wire copies, the reports published within ``COPY_DAYS`` of a new one (a report with no date by
  the day it was stored), and the members of any group of copies a new report joins;
- for incidents, the incidents with an event that a new event's window and place can meet, found by
  the blocks :func:`marsad.linking.links.link` compares events in (:mod:`marsad.linking.blocking`: for an
  event that cannot be dated, every incident at its place);
- for figures and credibility, the reports of every incident that changed (it gained an event, or one
  of its reports became a copy or an original) and the incidents those reports tell of.

It then links, reconciles and judges as :func:`marsad.linking.incidents.build` does over everything,
so the result equals a full relink: events already in incidents keep them, the new ones join the same
incidents, and outlet profiles move by the difference each changed incident and report makes
(:mod:`marsad.linking.profiles`). The cost follows the new reports and what lies near them in time and
place, not the size of the database.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from .copies import COPY_DAYS, Groups, join_copies, originals
from .judging import Linked, Report, judge_all, reconcile_all
from .links import Incident, link
from .profiles import Tally, add_all, incident_tally, report_tally


@dataclass(frozen=True, kw_only=True, slots=True)
class Known:
    """A stored report as incremental linking needs it: its linking input and what linking stored of it."""

    report: Report
    copy_of: str | None = None
    score: float | None = None  # its stored credibility; None while it has not been judged
    incident_of: dict[str, str | None] = field(default_factory=dict)  # its event id -> stored incident id


def link_new(store) -> Linked | None:
    """Link the reports not yet judged into the stored incidents (see the module docstring); None when
    the stored outlet profiles predate incremental linking, so a full link is needed."""
    totals = store.outlet_totals()
    if any(t is None for t in totals.values()):
        return None
    known: dict[str, Known] = store.linking_state(store.unjudged_ids(), sketches=True)
    fresh = set(known)
    if not fresh:
        return Linked(incidents=[], incident_of={}, copies={}, reconciled={}, credibility={}, full=False)
    after, changed = _copies(store, known, fresh)
    fresh_events = [e for d in sorted(fresh) for e in known[d].report.events
                    if known[d].incident_of[e.event_id] is None]
    old = {i.id: i for i in store.stored_incidents(store.incidents_near(fresh_events))}
    grown = {inc.id: inc for inc in link(fresh_events, sorted(old.values(), key=lambda i: i.id))
             if inc.id not in old or len(inc.events) != len(old[inc.id].events)}
    current, touched, judged_ids = _reach(store, known, old, grown, fresh | changed)
    before = {d: k.copy_of for d, k in known.items() if k.copy_of}
    after.update({d: k.copy_of for d, k in known.items() if k.copy_of and d not in after and d not in changed})
    _load(store, known, set(after.values()) | set(before.values()))  # originals, for their outlets
    by_doc = {d: k.report for d, k in known.items()}
    incidents = sorted(current.values(), key=lambda i: i.id)
    reconciled = reconcile_all(incidents, by_doc, after)
    which = {e.event_id: inc.id for inc in incidents for e in inc.events}
    judged = judge_all([by_doc[d] for d in sorted(judged_ids)], incidents, which, reconciled, by_doc, after,
                       store.reference_between(*_span(incidents)))
    delta: dict[str, Tally] = {}
    was = reconcile_all([old[i] for i in sorted(touched) if i in old], by_doc, before)
    for i in sorted(touched):
        add_all(delta, incident_tally(current[i], (reconciled[i].get("killed") or {}).get("best"), by_doc))
        if i in old:
            add_all(delta, incident_tally(old[i], (was[i].get("killed") or {}).get("best"), by_doc), -1)
    for d in sorted(judged_ids):
        add_all(delta, report_tally(by_doc[d].outlet, copy=d in after, score=judged[d][0]))
        if known[d].score is not None:
            add_all(delta, report_tally(by_doc[d].outlet, copy=d in before, score=known[d].score), -1)
    placed = {e.event_id: inc.id for inc in grown.values() for e in inc.events}
    return Linked(incidents=[current[i] for i in sorted(touched)], incident_of={e.event_id: placed[e.event_id]
                  for e in fresh_events}, copies={d: after.get(d) for d in sorted(judged_ids)}, reconciled=reconciled,
                  credibility=judged, outlets=_profiles(totals, delta), loaded=len(known), full=False, reports=by_doc)


def _reach(store, known: dict[str, Known], old: dict[str, Incident], grown: dict[str, Incident],
           changed: set[str]) -> tuple[dict[str, Incident], set[str], set[str]]:
    """What the new reports reach: the incidents as they now are (those that changed, and every incident
    of the reports to judge again), the ids of those that changed (they gained events, or hold a report
    whose original changed), and the reports to judge again (the ``changed`` ones and those of changed
    incidents). Loads what it needs into ``known`` and ``old``."""
    placed = {e.event_id: inc.id for inc in grown.values() for e in inc.events}

    def incidents_of(docs: set[str]) -> set[str]:
        _load(store, known, docs)
        found = {placed.get(e.event_id) or known[d].incident_of.get(e.event_id)
                 for d in docs for e in known[d].report.events}
        _load_incidents(store, old, found - set(grown) - {None})
        return found - {None}

    touched = set(grown) | incidents_of(changed)
    current = {i: grown.get(i) or old[i] for i in touched}
    judged_ids = changed | {d for inc in current.values() for d in inc.docs}
    current.update({i: grown.get(i) or old[i] for i in incidents_of(judged_ids)})
    _load(store, known, {d for inc in current.values() for d in inc.docs})
    return current, touched, judged_ids


def _profiles(totals: dict[str, dict], delta: dict[str, Tally]) -> list[dict]:
    """The profiles of the outlets that moved: their stored sums plus what changed."""
    profiles = []
    for outlet, change in sorted(delta.items()):
        total = Tally.from_json(totals[outlet]) if outlet in totals else Tally()
        total.add(change)
        profiles.append(total.profile(outlet))
    return profiles


def _copies(store, known: dict[str, Known], fresh: set[str]) -> tuple[dict[str, str], set[str]]:
    """Wire copies after the new reports join: ``{copy: original}`` for the groups they join or make,
    and the stored reports whose original changed."""
    days = [k.report.day for k in known.values() if k.report.day]
    if days:
        near = store.linking_state_between(min(days) - timedelta(days=COPY_DAYS),
                                           max(days) + timedelta(days=COPY_DAYS), sketches=True)
        known.update({d: k for d, k in near.items() if d not in known})
    groups = Groups()
    for d, k in list(known.items()):
        if k.copy_of:
            groups.join(d, k.copy_of)
    join_copies([k.report.story for k in known.values()], groups, fresh=fresh)
    joined = [set(g) for g in groups.members(set(known)) if len(g) > 1 and g and fresh & set(g)]
    stored_roots = {known[m].copy_of or m for g in joined for m in g if m not in fresh}
    if stored_roots:
        for d, k in store.copy_members(stored_roots).items():
            known.setdefault(d, k)
            groups.join(d, k.copy_of or d)
    members = [g for g in groups.members(set(known)) if fresh & set(g) and len(g) > 1]
    after = originals(members, {d: known[d].report.published for g in members for d in g})
    changed = {d for g in members for d in g if d not in fresh and after.get(d) != known[d].copy_of}
    return after, changed


def _load(store, known: dict[str, Known], ids: set[str]) -> None:
    missing = {d for d in ids if d and d not in known}
    if missing:
        known.update(store.linking_state(sorted(missing), sketches=False))


def _load_incidents(store, old: dict[str, Incident], ids: set[str]) -> None:
    missing = {i for i in ids if i not in old}
    if missing:
        old.update({i.id: i for i in store.stored_incidents(missing)})


def _span(incidents: list[Incident]) -> tuple[date | None, date | None]:
    """The dates reference records are needed for: around each incident's first event."""
    days = [d for inc in incidents for d in (inc.events[0].date or inc.events[0].published,) if d]
    if not days:
        return None, None
    return min(days) - timedelta(days=1), max(days) + timedelta(days=1)
