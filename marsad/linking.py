"""Incidents: events from different reports that tell of one thing that happened.

:func:`link` groups :class:`EventRef` records into incidents, in Arabic and English alike (the
records carry canonical names and gazetteer places, never words). An event joins an incident when
everything it says agrees with what the incident's events say, never on one feature alone:

- the same event type (protests and riots count as one family);
- places within a radius set by the coarser precision of the two (5 km for sites, districts and
  villages, 10 km for towns, 15 km for cities, 40 km for regions, 80 km for governorates), or one
  place inside the other;
- dates within the tolerance of the coarser precision (1 day for days, 7 for weeks, 31 for
  months); an undated event uses its report's publication date with a week's tolerance, and one with
  neither joins only an incident whose place, sub-event type and first actor it shares exactly;
- compatible first actors (the same, one unknown, a generic name of the same side, or the sides
  swapped) and, when both name one, the same sub-event type or second actor;
- compatible death tolls (neither more than ten times the other).

Blocking keeps the cost near-linear: events are compared only with incidents in the same
governorate and the same or a neighbouring week. Linking is deterministic (events are taken in
date, report and id order; an incident's id derives from its first event) and incremental: pass the
incidents already stored as ``existing`` and new events join them.
"""
from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from .knowledge import PRECISION_RANK, knowledge

RADIUS_KM = {"site": 5, "district": 5, "village": 5, "town": 10, "city": 15, "region": 40, "governorate": 80,
             "country": 0}
DAYS = {"day": 1, "week": 7, "month": 31}
UNDATED_DAYS = 7  # an undated event's report date stands for its date with this tolerance
TOLL_FACTOR = 10
WEEK = 7
GENERIC_ACTORS = {"Syrian rebels", "Syrian government forces", "Unidentified Armed Group"}


@dataclass(frozen=True, kw_only=True, slots=True)
class EventRef:
    """What linking needs to know of one event."""

    event_id: str
    doc_id: str
    event_type: str
    sub_event_type: str
    actor1: str | None
    actor2: str | None
    place_id: str | None
    lat: float | None
    lon: float | None
    precision: str | None
    admin1: str | None
    date: date | None
    date_precision: str | None
    published: date | None
    killed: int = 0

    @property
    def when(self) -> tuple[date | None, int]:
        """The best date known and its tolerance in days."""
        if self.date:
            return self.date, DAYS.get(self.date_precision or "day", 1)
        if self.published:
            return self.published, UNDATED_DAYS
        return None, 0


@dataclass(kw_only=True)
class Incident:
    id: str
    events: list[EventRef] = field(default_factory=list)

    @property
    def docs(self) -> set[str]:
        return {e.doc_id for e in self.events}


def _family(event_type: str) -> str:
    return "Demonstrations" if event_type in ("Protests", "Riots") else event_type


def _km(a: EventRef, b: EventRef) -> float:
    la1, lo1, la2, lo2 = (math.radians(v) for v in (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def same_place(a: EventRef, b: EventRef) -> bool:
    if a.place_id and a.place_id == b.place_id:
        return True
    kb = knowledge()
    if a.place_id in kb.places and b.place_id in kb.places and (
            a.place_id in kb.ancestors(b.place_id) or b.place_id in kb.ancestors(a.place_id)):
        return True
    if None in (a.lat, a.lon, b.lat, b.lon):
        return False
    coarser = min((a.precision or "city", b.precision or "city"), key=lambda p: PRECISION_RANK.get(p, 3))
    return _km(a, b) <= RADIUS_KM.get(coarser, 15)


def same_time(a: EventRef, b: EventRef) -> bool | None:
    """True or False when both events can be dated; None when one of them cannot."""
    (da, ta), (db, tb) = a.when, b.when
    if da is None or db is None:
        return None
    return abs((da - db).days) <= max(ta, tb)


def same_actors(a: EventRef, b: EventRef) -> bool:
    if a.actor1 is None or b.actor1 is None or a.actor1 == b.actor1:
        return True
    if a.actor1 == b.actor2 or b.actor1 == a.actor2:
        return True
    kb = knowledge()
    x, y = kb.actors.get(a.actor1), kb.actors.get(b.actor1)
    return bool(x and y and (a.actor1 in GENERIC_ACTORS or b.actor1 in GENERIC_ACTORS) and x.side == y.side)


def same_toll(a: EventRef, b: EventRef) -> bool:
    if a.killed <= 0 or b.killed <= 0:
        return True
    return max(a.killed, b.killed) <= TOLL_FACTOR * min(a.killed, b.killed)


def agree(a: EventRef, b: EventRef) -> bool:
    """Whether two events from different reports can be one incident (see the module docstring)."""
    if a.doc_id == b.doc_id or _family(a.event_type) != _family(b.event_type):
        return False
    if not same_place(a, b) or not same_actors(a, b) or not same_toll(a, b):
        return False
    timing = same_time(a, b)
    if timing is False:
        return False
    corroborated = (a.sub_event_type == b.sub_event_type or (a.actor2 and a.actor2 == b.actor2)
                    or (a.actor1 and a.actor1 == b.actor1))
    if timing is None:  # nothing to tell the time by: everything else must agree exactly
        return bool(a.place_id and a.sub_event_type == b.sub_event_type and a.actor1 and
                    (a.actor1 == b.actor1 or a.actor1 == b.actor2 or a.actor2 == b.actor1)
                    and same_place(a, b))
    return bool(corroborated)


def _score(ev: EventRef, incident: Incident) -> tuple[int, str]:
    """How many of the incident's events agree with this one (higher is better), then the id for ties."""
    return sum(1 for e in incident.events if agree(ev, e)), incident.id


def _block(ev: EventRef) -> tuple[str, int | None]:
    when, _ = ev.when
    return ev.admin1 or "?", (when.toordinal() // WEEK if when else None)


def _neighbours(key: tuple[str, int | None]) -> list[tuple[str, int | None]]:
    admin1, week = key
    if week is None:
        return [key]
    return [(admin1, week - 1), key, (admin1, week + 1), (admin1, None)]


def incident_id(first: EventRef) -> str:
    return "inc-" + hashlib.sha1(first.event_id.encode()).hexdigest()[:12]


def _order(ev: EventRef) -> tuple:
    when, _ = ev.when
    return (when or date.max, ev.doc_id, ev.event_id)


def link(events: list[EventRef], existing: list[Incident] = ()) -> list[Incident]:
    """Group events into incidents; ``existing`` incidents are kept and may grow."""
    incidents = [Incident(id=i.id, events=list(i.events)) for i in existing]
    blocks: dict[tuple[str, int | None], list[Incident]] = defaultdict(list)
    for inc in incidents:
        for key in {_block(e) for e in inc.events}:
            blocks[key].append(inc)
    known = {e.event_id for inc in incidents for e in inc.events}
    for ev in sorted((e for e in events if e.event_id not in known), key=_order):
        candidates = {id(i): i for key in _neighbours(_block(ev)) for i in blocks.get(key, [])}
        if ev.when[0] is not None:  # a dated event may join an incident told only by undated reports
            candidates.update({id(i): i for i in blocks.get((ev.admin1 or "?", None), [])})
        best = None
        for inc in candidates.values():
            if ev.doc_id in inc.docs:
                continue
            agreeing, _ = _score(ev, inc)
            if agreeing * 2 > len(inc.events) and (best is None or _score(ev, inc) > _score(ev, best)):
                best = inc  # most of the incident's events agree with this one
        if best is None:
            best = Incident(id=incident_id(ev))
            incidents.append(best)
        best.events.append(ev)
        key = _block(ev)
        if best not in blocks[key]:
            blocks[key].append(best)
    return incidents
