"""Scoring pairs of events: the windows of days they can have happened in, and how far their kinds,
places, days, actors and tolls say they are one incident (see :mod:`marsad.linking.links`)."""
from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from ..extraction.datafiles import DATA
from ..extraction.kinds import UNIDENTIFIED
from ..extraction.knowledge import PRECISION_RANK, knowledge
from ..reading.textnorm import digits_to_ascii

CONTAINED = {"region": 1.0, "governorate": 1.0, "country": 0.0}  # a place inside one of these: else 1.5
RADIUS_KM = {"site": 5, "district": 5, "village": 5, "town": 10, "city": 20, "region": 40, "governorate": 80,
             "country": 0}
SLACK_DAYS = 1  # windows this close still meet: a night's attack, "yesterday" told on either side of midnight
WEEK_SPAN = (7, 3)  # a week-precision date: up to this many days before it and after it
MONTH_SPAN = 16  # a month-precision date (the 15th of its month): this many days either side
REPORT_SPAN = {"week": 7, "month": 31}  # an event dated by its report alone: this many days up to the report's date
LOOSE_DAYS = 12  # a window wider than this (a month) says little of the day
THRESHOLD = 5.0
LOOSE_THRESHOLD = 6.0
SAME_REPORT = 8.0
TOLL_FACTOR = 20
MAX_PARTNERS = 30  # a loosely dated event with more candidates than this cannot tell which is its own
MERGE_SAMPLE = 24  # incidents larger than this are compared by this many of their events, spread by id
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
    year: int | None = None  # for a report with no date: the latest year its text writes (latest_year)


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


YEAR = re.compile(r"(?<!\d)(?:199\d|20[0-4]\d)(?!\d)")


def latest_year(text: str | None) -> int | None:
    """The latest year a text writes (1990 to 2049, in any digits): a report with no date was written in it
    or after it."""
    years = [int(y) for y in YEAR.findall(digits_to_ascii(text or ""))]
    return max(years) if years else None


def window(ev: EventRef) -> tuple[int, int] | None:
    """The first and last day (ordinals) the event can have happened on; None when neither it nor its
    report is dated. A span never runs past the report's date."""
    published = ev.published.toordinal() if ev.published else None
    if ev.date is None:
        if published is None:
            return None
        return published - REPORT_SPAN["month" if ev.background else "week"], published
    day, precision = ev.date.toordinal(), ev.date_precision or "day"
    if precision == "day":
        return day, day
    if published is not None and day >= published:  # dated by its report alone: the span up to the report
        return published - REPORT_SPAN.get(precision, 31), published
    first, last = (day - WEEK_SPAN[0], day + WEEK_SPAN[1]) if precision == "week" else (day - MONTH_SPAN,
                                                                                         day + MONTH_SPAN)
    if published is not None and first <= published < last:
        last = published
    return first, last


def radius(ev: EventRef) -> float:
    return RADIUS_KM.get(ev.precision or "city", 15)


def loose(span: tuple[int, int] | None) -> bool:
    return span is None or span[1] - span[0] > LOOSE_DAYS


@lru_cache(maxsize=None)
def _same_actors() -> dict[str, frozenset[str]]:
    """Each first actor that is one party with others told in other words, and those others."""
    found: dict[str, frozenset[str]] = {}
    for group in DATA.load("linking")["same_actors"]:
        for name in group:
            if name not in knowledge().actors:
                raise ValueError(f"data/linking.json: same_actors names {name!r}, which data/actors.json lacks")
            found[name] = frozenset(group)
    return found


@lru_cache(maxsize=None)
def _kind_rules() -> tuple[frozenset[str], dict[str, frozenset[str]]]:
    data = DATA.load("linking")
    taxonomy = knowledge().taxonomy
    members: dict[str, set[str]] = {}
    for group, entries in data["groups"].items():
        for entry in entries:
            kind, _, sub = entry.partition("/")
            if kind not in taxonomy and "/".join(entry.split("/")[:2]) in taxonomy:  # "Explosions/Remote violence/.."
                kind, sub = "/".join(entry.split("/")[:2]), "/".join(entry.split("/")[2:])
            if kind not in taxonomy or (sub and sub not in taxonomy[kind]):
                raise ValueError(f"data/linking.json: {entry!r} is no ACLED event type or sub-event type")
            for s in ([sub] if sub else taxonomy[kind]):
                members.setdefault(f"{kind}/{s}", set()).add(group)
    return frozenset(data["by_sub_type"]), {k: frozenset(v) for k, v in members.items()}


def kind_score(a: EventRef, b: EventRef) -> float | None:
    """2 for the same sub-event type, 1 for one kind told in other words, None for different things."""
    if a.event_type == b.event_type and a.sub_event_type == b.sub_event_type:
        return 2.0
    by_sub_type, groups = _kind_rules()
    if a.event_type == b.event_type and a.event_type not in by_sub_type:
        return 1.0
    empty = frozenset()
    shared = groups.get(f"{a.event_type}/{a.sub_event_type}", empty) & groups.get(f"{b.event_type}/{b.sub_event_type}",
                                                                                  empty)
    return 1.0 if shared else None


def _km(a: EventRef, b: EventRef) -> float:
    la1, lo1, la2, lo2 = (math.radians(v) for v in (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


@lru_cache(maxsize=65536)
def ancestors(place_id: str | None) -> tuple[str, ...]:
    """The place's parents in the gazetteer, nearest first (none for a place it lacks)."""
    kb = knowledge()
    return tuple(kb.ancestors(place_id)) if place_id in kb.places else ()


def contained(a: EventRef, b: EventRef) -> bool:
    """One event's place lies inside the other's, by the gazetteer's hierarchy."""
    return bool(a.place_id and b.place_id and (a.place_id in ancestors(b.place_id)
                                               or b.place_id in ancestors(a.place_id)))


def place_score(a: EventRef, b: EventRef, *, by_name_only: bool = False) -> float | None:
    """2 for one place; for one inside the other, 1.5 (a neighbourhood in its city, a village in its district),
    1 (in its region or governorate) or 0 (in the country); 1 for places near enough for the coarser
    precision (or in the same governorate when that is the coarser precision); 0 for two towns or coarser
    places of one governorate beyond that (reports place a desert ambush at either town on its road); None
    when the places cannot be one. ``by_name_only``: only the places and their hierarchy count."""
    pa, pb = a.place_id, b.place_id
    if pa and pa == pb:
        return 2.0
    if pa and pb:
        if pa in ancestors(pb):
            return CONTAINED.get(a.precision or "city", 1.5)
        if pb in ancestors(pa):
            return CONTAINED.get(b.precision or "city", 1.5)
    if by_name_only:
        return None
    rank_a, rank_b = PRECISION_RANK.get(a.precision, 3), PRECISION_RANK.get(b.precision, 3)
    coarser = (a.precision if rank_a < rank_b else b.precision) or "city"
    same_admin1 = bool(a.admin1 and a.admin1 == b.admin1)
    if coarser in ("region", "governorate") and same_admin1:
        return 1.0  # "the Syrian desert", "Idlib countryside": anywhere in its governorate
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    reach = RADIUS_KM.get(coarser, 15)
    if abs(a.lat - b.lat) * 111 <= reach and abs(a.lon - b.lon) * 92 <= reach and _km(a, b) <= reach:
        return 1.0
    towns = max(rank_a, rank_b) <= PRECISION_RANK["town"]
    return 0.0 if towns and same_admin1 else None


def time_score(wa: tuple[int, int] | None, wb: tuple[int, int] | None) -> float | None:
    """How much two windows say the events are one: None when they lie more than a day apart."""
    if wa is None or wb is None:
        return 0.0
    gap = max(wa[0], wb[0]) - min(wa[1], wb[1])
    if gap > SLACK_DAYS:
        return None
    width = max(wa[1] - wa[0], wb[1] - wb[0])
    if width == 0:
        return 2.0 if gap <= 0 else -1.0
    if width > LOOSE_DAYS:
        return 0.0
    closeness = min(abs(wa[1] - wb[1]), 10) / 100  # of two candidates in a week, the nearer the report's day
    return (1.0 if gap <= 0 else 0.0) - closeness


def _lineage(name: str) -> frozenset[str]:
    """The actor and every group it belongs to (the YPG within the SDF)."""
    return _lineage_cached(name)


def _one_line(x: str, y: str | None) -> bool:
    """One actor, or one a unit of the other (the YPG and the SDF)."""
    return y is not None and (x == y or x in _lineage(y) or y in _lineage(x))


@lru_cache(maxsize=4096)
def _lineage_cached(name: str) -> frozenset[str]:
    kb, found = knowledge(), set()
    while name and name in kb.actors and name not in found:
        found.add(name)
        name = kb.actors[name].parent
    return frozenset(found)


def actor_score(a: EventRef, b: EventRef) -> float | None:
    """2 for one first actor, 1.5 for the sides told the other way round, 1 when one is unknown or a
    generic name of the other's side; None for two different sides. The same second actor adds 0.5."""
    x, y = a.actor1, b.actor1
    if x is None or y is None:
        found = 1.0
    elif _one_line(x, y) or y in _same_actors().get(x, ()):
        found = 2.0
    elif _one_line(x, b.actor2) or _one_line(y, a.actor2):  # (a unit for its force: "Turkey against the YPG"
        found = 1.5  # and "the SDF against the rebels")
    elif UNIDENTIFIED in (x, y):
        found = 1.0
    else:
        kb = knowledge()
        p, q = kb.actors.get(x), kb.actors.get(y)
        if not (p and q and (x in GENERIC_ACTORS or y in GENERIC_ACTORS) and p.side == q.side):
            return None
        found = 1.0
    return found + (0.5 if a.actor2 and a.actor2 == b.actor2 else 0.0)


def same_toll(a: EventRef, b: EventRef) -> bool:
    """Neither report's lowest death figure is more than twenty times the other's highest."""
    a_high, b_high = max(a.killed_high, a.killed), max(b.killed_high, b.killed)
    if a_high <= 0 or b_high <= 0:
        return True
    a_low, b_low = a.killed_low or a.killed, b.killed_low or b.killed
    return a_low <= TOLL_FACTOR * b_high and b_low <= TOLL_FACTOR * a_high


def score(a: EventRef, b: EventRef, wa: tuple[int, int] | None = None, wb: tuple[int, int] | None = None,
          *, windows: bool = False) -> float | None:
    """The pair's score (see the module docstring), or None when the two cannot be one incident.
    ``windows``: ``wa`` and ``wb`` are given (else they are worked out)."""
    if not windows:
        wa, wb = window(a), window(b)
    timing = time_score(wa, wb)
    if timing is None:
        return None
    undated = wa is None or wb is None
    if wa is None and wb is None and a.year and b.year and a.year != b.year:
        return None  # two reports with no date whose texts reach different years: years apart
    if a.doc_id == b.doc_id:
        alike = (a.event_type == b.event_type and a.sub_event_type == b.sub_event_type and a.background == b.background
                 and (place_score(a, b, by_name_only=True) or 0) >= 1.5 and actor_score(a, b) is not None)
        return SAME_REPORT if alike else None
    kind, place, actors = kind_score(a, b), place_score(a, b, by_name_only=undated), actor_score(a, b)
    if kind is None or place is None or actors is None or not same_toll(a, b):
        return None
    total = kind + place + actors + timing
    return total if place >= 1 else min(total, 0.0)  # places that only share a governorate: never on their own


def agrees(value: float | None, wa: tuple[int, int] | None, wb: tuple[int, int] | None) -> bool:
    """A pair's score is high enough to link on."""
    if value is None:
        return False
    return value >= (LOOSE_THRESHOLD if loose(wa) or loose(wb) else THRESHOLD)


def incident_id(first: EventRef) -> str:
    return "inc-" + hashlib.sha1(first.event_id.encode()).hexdigest()[:12]


def order(ev: EventRef) -> tuple:
    """Events in the order of their days, then report and id: an incident's first event names it."""
    span = window(ev)
    return (span[0] if span else date.max.toordinal(), ev.doc_id, ev.event_id)
