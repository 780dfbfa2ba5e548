"""Which events linking compares: those whose windows meet, whose places can be one and, when one of them
has no window, whose kinds are one.

:class:`Blocks` files every event under where it is and when it can have happened, and :meth:`Blocks.near`
returns, for one event, every filed event it could be linked with (a superset of the pairs that can agree:
:func:`marsad.linking.pairs.agrees`), so each event is compared with what lies near it in time and space and
the cost of linking grows with the number of events, not with its square:

- places known to the city or better lie on a fine grid (a quarter of a degree, about 25 km); each of its
  cells keeps its events sorted by the first day of their windows, in three lists by the width of the
  window (a day, up to ``LOOSE_DAYS``, wider), so that an event finds the events of the cells around its
  own whose windows meet its own by bisection, not by reading weeks of them;
- every place is also filed by week under its governorate and on a wide grid (a degree, about 100 km),
  for the pairs with a coarser place (a region, a governorate): an event known to the city or better
  looks in the wide cells around its own and its governorate for coarser places; a coarser one looks in
  the wide cells around its own for every place, and in its governorate;
- every event looks at its own place, the places inside it and the places above it, by week;
- an event with no window looks only at its place, the places inside it and above it, at any time, and
  only at events of its own event type and sub-event type: linking with it needs the same kind (the
  loose threshold, :data:`marsad.linking.pairs.LOOSE_THRESHOLD`, is more than a pair of two kinds told in
  other words can score), and so do two events of one report. So the events it is compared with are
  those of its kind at its place, not every event there.

Each filed event's window, place and radius are worked out once, when it is filed. The grid assumes, as
the radii of :mod:`marsad.linking.links` do, latitudes below about 40 degrees (a quarter degree of longitude
is then at least 20 km).
"""
from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import defaultdict

from ..extraction.knowledge import PRECISION_RANK
from .pairs import LOOSE_DAYS, SLACK_DAYS, EventRef, ancestors, place_score, radius, time_score, window

FINE_KM = 20  # places of this radius or less (cities and finer) go on the fine grid
FINE_DEGREES = 0.1  # a cell of the grids of places of FINE_KM or less
COARSE_DEGREES = 0.5  # a cell of the grids of coarser places, and of the grid of every place
PLACE_PAIRS = 200_000  # place scores of pairs of places kept for reuse, at most (a few tens of MB)
WIDTHS = (0, LOOSE_DAYS)  # a fine cell's lists: windows of one day, of up to LOOSE_DAYS more, and wider


def compatible(a: EventRef, b: EventRef) -> bool:
    """Whether the two events' windows meet and their places say they can be one (a place score of 1 or
    more: pairs of towns that only share a governorate never link on their own)."""
    wa, wb = window(a), window(b)
    if time_score(wa, wb) is None:
        return False
    return (place_score(a, b, by_name_only=wa is None or wb is None) or 0) >= 1


def _weeks(span: tuple[int, int], slack: int = 0) -> range:
    return range((span[0] - slack) // 7, (span[1] + slack) // 7 + 1)


def _width_class(span: tuple[int, int]) -> int:
    width = span[1] - span[0]
    return 0 if width <= WIDTHS[0] else 1 if width <= WIDTHS[1] else 2


class _Cell:
    """One fine grid cell's events, by the width of their windows, sorted by their first day when read."""

    __slots__ = ("starts", "events", "widest", "ready")

    def __init__(self) -> None:
        self.starts: list[list[int]] = [[], [], []]
        self.events: list[list[int]] = [[], [], []]
        self.widest = [0, 0, 0]
        self.ready = True

    def add(self, span: tuple[int, int], n: int) -> None:
        k = _width_class(span)
        self.starts[k].append(span[0])
        self.events[k].append(n)
        self.widest[k] = max(self.widest[k], span[1] - span[0])
        self.ready = False

    def meeting(self, span: tuple[int, int], found: set[int]) -> None:
        """Add the events whose windows may meet ``span`` (their first day is near enough; the caller
        checks their last)."""
        if not self.ready:
            for k in range(3):
                order = sorted(range(len(self.starts[k])), key=lambda i, k=k: (self.starts[k][i], self.events[k][i]))
                self.starts[k] = [self.starts[k][i] for i in order]
                self.events[k] = [self.events[k][i] for i in order]
            self.ready = True
        for k in range(3):
            starts = self.starts[k]
            if starts:
                lo = bisect_left(starts, span[0] - SLACK_DAYS - self.widest[k])
                hi = bisect_right(starts, span[1] + SLACK_DAYS)
                found.update(self.events[k][lo:hi])


class Blocks:
    """The events filed for :meth:`near`."""

    def __init__(self) -> None:
        self.events: list[EventRef] = []
        self._spans: list[tuple[int, int] | None] = []
        self._fine: list[bool] = []
        self._reach: list[float] = []
        self._rank: list[int] = []
        self._where: list[int] = []  # each event's place, as a number: events at one place share it
        self._places: dict[tuple, int] = {}
        self._agree: dict[tuple[int, int, bool], bool] = {}  # (place, place, by name only) -> a place score of 1+
        self._index: dict[tuple, list[int]] = defaultdict(list)  # events at any time (for events with no window)
        self._timed: dict[tuple, _Cell] = {}  # events by the days of their windows
        self._grids: dict[float, float] = {}  # the radii of the places filed on grids -> the grid's cell (degrees)

    def _file(self, key: tuple, n: int) -> None:
        bucket = self._index[key]
        if not bucket or bucket[-1] != n:
            bucket.append(n)

    def add(self, ev: EventRef) -> None:
        n = len(self.events)
        span, reach = window(ev), radius(ev)
        fine = reach <= FINE_KM
        self.events.append(ev)
        self._spans.append(span)
        self._fine.append(fine)
        self._reach.append(reach)
        self._rank.append(PRECISION_RANK.get(ev.precision, 3))
        self._where.append(self._place_number(ev))
        places = [("at", ev.place_id)] + [("under", p) for p in ancestors(ev.place_id)] if ev.place_id else []
        kind = (ev.event_type, ev.sub_event_type)
        for key in places:
            self._file((*key, "any", kind), n)
        if span is None:
            for key in places:
                self._file((*key, None, kind), n)
            return
        keys = list(places)
        if ev.admin1:
            keys.append(("admin1", ev.admin1))
            if not fine:
                keys.append(("coarse-admin1", ev.admin1))
        if ev.lat is not None and ev.lon is not None:
            size = self._grids.setdefault(reach, FINE_DEGREES if fine else COARSE_DEGREES)
            keys.append(("grid", reach, math.floor(ev.lat / size), math.floor(ev.lon / size)))
            keys.append(("all", math.floor(ev.lat / COARSE_DEGREES), math.floor(ev.lon / COARSE_DEGREES)))
        for key in keys:
            cell = self._timed.get(key)
            if cell is None:
                cell = self._timed[key] = _Cell()
            cell.add(span, n)

    def _place_number(self, ev: EventRef) -> int:
        """A number for what place_score reads of the event: its place, coordinates, precision, governorate."""
        where = (ev.place_id, ev.lat, ev.lon, ev.precision, ev.admin1)
        return self._places.setdefault(where, len(self._places))

    def _keys(self, ev: EventRef, span: tuple[int, int] | None, fine: bool) -> tuple[list[tuple], list[tuple]]:
        """The keys of the events at any time and of those filed by day that this event looks at."""
        kind = (ev.event_type, ev.sub_event_type)
        if span is None:
            keys = [("at", ev.place_id, "any", kind), ("under", ev.place_id, "any", kind)]
            return (keys + [("at", p, "any", kind) for p in ancestors(ev.place_id)] if ev.place_id else []), []
        names = [("at", ev.place_id), ("under", ev.place_id)] + [("at", p) for p in ancestors(ev.place_id)] \
            if ev.place_id else []
        timed = list(names)
        if ev.admin1:
            timed.append(("coarse-admin1" if fine else "admin1", ev.admin1))
        if ev.lat is not None and ev.lon is not None:
            own = radius(ev)
            if fine:  # each grid, as far as the pair's reach (the coarser place's radius)
                grids = [(r, size, max(own, r)) for r, size in self._grids.items()]
            else:  # every place, as far as the widest radius
                grids = [("all", COARSE_DEGREES, max([own, *self._grids]))]
            for r, size, reach in grids:
                row, column = math.floor(ev.lat / size), math.floor(ev.lon / size)
                rows, columns = math.ceil(reach / 111 / size), math.ceil(reach / 92 / size)
                prefix = ("all",) if r == "all" else ("grid", r)
                timed += [(*prefix, row + dy, column + dx) for dy in range(-rows, rows + 1)
                          for dx in range(-columns, columns + 1)]
        return [(*name, None, kind) for name in names], timed

    def near(self, ev: EventRef) -> list[EventRef]:
        """Every filed event that could be linked with this one (see the module docstring), itself excluded."""
        span, fine = window(ev), radius(ev) <= FINE_KM
        found: set[int] = set()
        untimed, timed = self._keys(ev, span, fine)
        for key in untimed:
            bucket = self._index.get(key)
            if bucket:
                found.update(bucket)
        for key in timed:
            cell = self._timed.get(key)
            if cell is not None:
                cell.meeting(span, found)
        placed = ev.lat is not None and ev.lon is not None
        own_reach, own_rank = radius(ev), PRECISION_RANK.get(ev.precision, 3)
        near, place, where, agree = [], ev.place_id, self._place_number(ev), self._agree
        events, spans, fines, reaches, ranks, wheres = (self.events, self._spans, self._fine, self._reach, self._rank,
                                                        self._where)
        for n in sorted(found):
            other, other_span = events[n], spans[n]
            if other.event_id == ev.event_id:
                continue
            if span is not None and other_span is not None and (
                    max(span[0], other_span[0]) - min(span[1], other_span[1]) > SLACK_DAYS):
                continue  # (windows apart: what time_score says first, without its calls)
            if place and place == other.place_id:
                near.append(other)  # (one place: place_score's 2)
                continue
            if fine and fines[n] and placed and other.lat is not None and other.lon is not None:
                # two fine places further apart than the coarser one's radius: what place_score says, quicker
                # (unless one lies inside the other)
                reach = own_reach if own_rank < ranks[n] else reaches[n]  # (the coarser one's, as place_score)
                if ((abs(ev.lat - other.lat) * 111 > reach or abs(ev.lon - other.lon) * 92 > reach)
                        and not (place and other.place_id and (place in ancestors(other.place_id)
                                                               or other.place_id in ancestors(place)))):
                    continue
            by_name = span is None or other_span is None
            key = (where, wheres[n], by_name)
            found_place = agree.get(key)
            if found_place is None:
                found_place = (place_score(ev, other, by_name_only=by_name) or 0) >= 1
                if len(agree) < PLACE_PAIRS:
                    agree[key] = found_place
            if found_place:
                near.append(other)
        return near
