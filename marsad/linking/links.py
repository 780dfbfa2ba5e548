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
- compatible first actors (the same, one unknown or unidentified, a generic name of the same side, or the sides
  swapped) and, when both name one, the same sub-event type or second actor;
- compatible death tolls (neither report's lowest figure more than twenty times the other's highest).

Blocking keeps the cost near-linear: events are compared only with incidents in the same or a
neighbouring one-degree grid cell (about 100 km) and the same or a neighbouring week, of the same
family of event types; an event that
cannot be dated only with the latest incidents at its place. Linking is deterministic (events are taken in
date, report and id order; an incident's id derives from its first event) and incremental: pass the
incidents already stored as ``existing`` and new events join them.
"""
from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from ..extraction.kinds import UNIDENTIFIED
from ..extraction.knowledge import PRECISION_RANK, knowledge

RADIUS_KM = {"site": 5, "district": 5, "village": 5, "town": 10, "city": 20, "region": 40, "governorate": 80,
             "country": 0}
DAYS = {"day": 1, "week": 7, "month": 31}
UNDATED_DAYS = 7  # an undated event's report date stands for its date with this tolerance
TOLL_FACTOR = 20
WEEK = 7
REPRESENTATIVES = 10  # a large incident is compared by its first and its latest events, this many of each
UNDATED_CANDIDATES = 20  # an event that cannot be dated is compared with this many incidents at most
GENERIC_ACTORS = {"Syrian rebels", "Syrian government forces", UNIDENTIFIED}


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
    killed: int = 0  # the report's best figure of the dead
    killed_low: int = 0
    killed_high: int = 0
    background: bool = False

    @property
    def when(self) -> tuple[date | None, int]:
        """The best date known and its tolerance in days; a past event told in passing is not dated by
        its report."""
        if self.date:
            return self.date, DAYS.get(self.date_precision or "day", 1)
        if self.published and not self.background:
            return self.published, UNDATED_DAYS
        return None, 0


@dataclass(kw_only=True)
class Incident:
    id: str
    events: list[EventRef] = field(default_factory=list)
    docs: set[str] = field(init=False)  # the reports that tell of it

    def __post_init__(self) -> None:
        self.docs = {e.doc_id for e in self.events}

    def add(self, event: EventRef) -> None:
        self.events.append(event)
        self.docs.add(event.doc_id)


def _family(event_type: str) -> str:
    return "Demonstrations" if event_type in ("Protests", "Riots") else event_type


def _km(a: EventRef, b: EventRef) -> float:
    la1, lo1, la2, lo2 = (math.radians(v) for v in (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def same_place(a: EventRef, b: EventRef) -> bool:
    if a.place_id and a.place_id == b.place_id:
        return True
    coarser = a.precision if PRECISION_RANK.get(a.precision, 3) < PRECISION_RANK.get(b.precision, 3) else b.precision
    coarser = coarser or "city"
    if coarser in ("region", "governorate") and a.admin1 and a.admin1 == b.admin1:
        return True  # "the Syrian desert", "Idlib countryside": anywhere in its governorate
    kb = knowledge()
    if a.place_id in kb.places and b.place_id in kb.places and (
            a.place_id in kb.ancestors(b.place_id) or b.place_id in kb.ancestors(a.place_id)):
        return True
    if None in (a.lat, a.lon, b.lat, b.lon):
        return False
    radius = RADIUS_KM.get(coarser, 15)
    if abs(a.lat - b.lat) * 111 > radius or abs(a.lon - b.lon) * 92 > radius:  # clearly too far: skip the sines
        return False
    return _km(a, b) <= radius


def same_time(a: EventRef, b: EventRef) -> bool | None:
    """True or False when both events can be dated; None when one of them cannot."""
    (da, ta), (db, tb) = a.when, b.when
    if da is None or db is None:
        return None
    return abs((da - db).days) <= max(ta, tb)


def _lineage(name: str) -> set[str]:
    """The actor and every group it belongs to (the YPG within the SDF)."""
    kb, found = knowledge(), set()
    while name and name in kb.actors and name not in found:
        found.add(name)
        name = kb.actors[name].parent
    return found


def same_actors(a: EventRef, b: EventRef) -> bool:
    if a.actor1 is None or b.actor1 is None or a.actor1 == b.actor1:
        return True
    if UNIDENTIFIED in (a.actor1, b.actor1):  # "the terrorists" of one report may be the side another names
        return True
    if a.actor1 == b.actor2 or b.actor1 == a.actor2:
        return True
    if a.actor1 in _lineage(b.actor1) or b.actor1 in _lineage(a.actor1):
        return True
    kb = knowledge()
    x, y = kb.actors.get(a.actor1), kb.actors.get(b.actor1)
    return bool(x and y and (a.actor1 in GENERIC_ACTORS or b.actor1 in GENERIC_ACTORS) and x.side == y.side)


def same_toll(a: EventRef, b: EventRef) -> bool:
    """Neither report's lowest death figure is more than twenty times the other's highest."""
    a_high, b_high = max(a.killed_high, a.killed), max(b.killed_high, b.killed)
    if a_high <= 0 or b_high <= 0:
        return True
    a_low, b_low = a.killed_low or a.killed, b.killed_low or b.killed
    return a_low <= TOLL_FACTOR * b_high and b_low <= TOLL_FACTOR * a_high


def agree(a: EventRef, b: EventRef) -> bool:
    """Whether two events can be one incident (see the module docstring). Two events of one report
    are one incident only when they are told alike: same sub-event type and place, nothing against."""
    if _family(a.event_type) != _family(b.event_type):
        return False
    if a.doc_id == b.doc_id:
        return (a.sub_event_type == b.sub_event_type and same_place(a, b) and same_actors(a, b)
                and same_time(a, b) is not False and a.background == b.background)
    if not same_place(a, b) or not same_actors(a, b) or not same_toll(a, b):
        return False
    timing = same_time(a, b)
    if timing is False:
        return False
    corroborated = (a.sub_event_type == b.sub_event_type or (a.actor2 and a.actor2 == b.actor2)
                    or (a.actor1 and a.actor1 == b.actor1))
    if timing is None:  # nothing to tell the time by: everything else must agree exactly
        return bool(a.background == b.background and a.place_id and a.sub_event_type == b.sub_event_type
                    and a.actor1 and
                    (a.actor1 == b.actor1 or a.actor1 == b.actor2 or a.actor2 == b.actor1)
                    and same_place(a, b))
    return bool(corroborated)


def _representatives(incident: Incident) -> list[EventRef]:
    """The events an incident is compared by: all of a small one; the first and latest of a large one."""
    events = incident.events
    return events if len(events) <= 2 * REPRESENTATIVES else events[:REPRESENTATIVES] + events[-REPRESENTATIVES:]


def _score(ev: EventRef, incident: Incident) -> tuple[int, int, int, str]:
    """Of the incident's (representative) events, how many agree with this one, how many exactly (same
    place, first actor and sub-event type), how many were compared, then the id, for a deterministic choice."""
    compared = _representatives(incident)
    agreeing = [e for e in compared if agree(ev, e)]
    exact = sum((e.place_id == ev.place_id) + (e.actor1 == ev.actor1) + (e.sub_event_type == ev.sub_event_type)
                for e in agreeing)
    return len(agreeing), exact, len(compared), incident.id


def block_of(ev: EventRef) -> tuple[str, int, int, int | None]:
    """The event's family, a one-degree grid cell (about 100 km) and a week: where and when to look
    for its incident."""
    when, _ = ev.when
    cell = (math.floor(ev.lat), math.floor(ev.lon)) if ev.lat is not None and ev.lon is not None else (999, 999)
    return _family(ev.event_type), cell[0], cell[1], (when.toordinal() // WEEK if when else None)


def neighbours(key: tuple[str, int, int, int | None]) -> list[tuple[str, int, int, int | None]]:
    family, lat, lon, week = key
    weeks = [week] if week is None else [week - 1, week, week + 1]
    return [(family, lat + dy, lon + dx, w) for dy in (-1, 0, 1) for dx in (-1, 0, 1) for w in weeks]


def incident_id(first: EventRef) -> str:
    return "inc-" + hashlib.sha1(first.event_id.encode()).hexdigest()[:12]


def _order(ev: EventRef) -> tuple:
    when, _ = ev.when
    return (when or date.max, ev.doc_id, ev.event_id)


def link(events: list[EventRef], existing: list[Incident] = ()) -> list[Incident]:
    """Group events into incidents; ``existing`` incidents are kept and may grow."""
    incidents = [Incident(id=i.id, events=list(i.events)) for i in existing]
    blocks: dict[tuple, list[Incident]] = defaultdict(list)  # (family, cell, week) -> incidents, oldest first
    by_place: dict[str | None, list[Incident]] = defaultdict(list)  # for events that cannot be dated
    filed: set[tuple] = set()

    def file(inc: Incident, ev: EventRef) -> None:
        for index, key in ((blocks, block_of(ev)), (by_place, ev.place_id)):
            if (id(index), key, inc.id) not in filed:
                filed.add((id(index), key, inc.id))
                index[key].append(inc)

    for inc in incidents:
        for ev in inc.events:
            file(inc, ev)
    known = {e.event_id for inc in incidents for e in inc.events}
    for ev in sorted((e for e in events if e.event_id not in known), key=_order):
        if ev.when[0] is None:  # cannot be dated: compared with the latest incidents at its place
            nearby = (by_place.get(ev.place_id, [])[-UNDATED_CANDIDATES:]
                      + blocks.get(block_of(ev), [])[-UNDATED_CANDIDATES:])
        else:
            nearby = [i for key in neighbours(block_of(ev)) for i in blocks.get(key, [])]
        best, best_score = None, None
        for inc in {id(i): i for i in nearby}.values():
            score = _score(ev, inc)
            if score[0] and score[0] * 3 >= score[2] and (best is None or score > best_score):
                best, best_score = inc, score  # at least a third of the incident's events agree with this one
        if best is None:
            best = Incident(id=incident_id(ev))
            incidents.append(best)
        best.add(ev)
        file(best, ev)
    return incidents
