"""Which events linking compares: those whose windows meet and whose places can be one.

:class:`Blocks` files every event under the weeks its window covers and under where it is: a fine grid
(a quarter of a degree, about 25 km) for places known to the city or better, a wide grid (a degree, about
100 km) for every place, its governorate, its gazetteer place and each place above it. :meth:`Blocks.near`
returns, for one event, every filed event it could be linked with (a superset: :func:`compatible` says
which can agree), so each event is compared with what lies near it in time and space and the cost of
linking grows with the number of events, not with its square:

- an event known to the city or better looks in the fine cells around its own and the wide cells around
  its own for coarser places; a coarser one looks in the wide cells around its own for every place, and
  in its governorate;
- every event looks at its own place, the places inside it and the places above it; an event with no
  window looks only there, at any time (:func:`marsad.linking.pairs.place_score`, by name only).

The grid assumes, as the radii of :mod:`marsad.linking.links` do, latitudes below about 40 degrees (a
quarter degree of longitude is then at least 20 km).
"""
from __future__ import annotations

import math
from collections import defaultdict

from .pairs import SLACK_DAYS, EventRef, ancestors, contained, place_score, radius, time_score, window

FINE_KM = 20  # places of this radius or less (cities and finer) go on the fine grid
FINE_CELL = 4  # cells per degree of the fine grid
FINE_DEGREES = (FINE_KM / 111, FINE_KM / 92)  # a fine radius in degrees of latitude and longitude (as place_score)


def compatible(a: EventRef, b: EventRef) -> bool:
    """Whether the two events' windows meet and their places say they can be one (a place score of 1 or
    more: pairs of towns that only share a governorate never link on their own): the pairs linking scores."""
    wa, wb = window(a), window(b)
    if time_score(wa, wb) is None:
        return False
    return (place_score(a, b, by_name_only=wa is None or wb is None) or 0) >= 1


def _weeks(span: tuple[int, int], slack: int = 0) -> range:
    return range((span[0] - slack) // 7, (span[1] + slack) // 7 + 1)


class Blocks:
    """The events filed for :meth:`near`."""

    def __init__(self) -> None:
        self.events: list[EventRef] = []
        self._spans: list[tuple[int, int] | None] = []
        self._index: dict[tuple, list[int]] = defaultdict(list)

    def _file(self, key: tuple, n: int) -> None:
        bucket = self._index[key]
        if not bucket or bucket[-1] != n:
            bucket.append(n)

    def add(self, ev: EventRef) -> None:
        n = len(self.events)
        span = window(ev)
        self.events.append(ev)
        self._spans.append(span)
        places = [("at", ev.place_id)] + [("under", p) for p in ancestors(ev.place_id)] if ev.place_id else []
        for key in places:
            self._file((*key, "any"), n)
        if span is None:
            for key in places:
                self._file((*key, None), n)
            return
        fine = radius(ev) <= FINE_KM
        for week in _weeks(span):
            for key in places:
                self._file((*key, week), n)
            if ev.admin1:
                self._file(("admin1", ev.admin1, week), n)
                if not fine:
                    self._file(("coarse-admin1", ev.admin1, week), n)
            if ev.lat is not None and ev.lon is not None:
                wide = (math.floor(ev.lat), math.floor(ev.lon))
                self._file(("every", wide, week), n)
                if fine:
                    self._file(("fine", (math.floor(ev.lat * FINE_CELL), math.floor(ev.lon * FINE_CELL)), week), n)
                else:
                    self._file(("coarse", wide, week), n)

    def _keys(self, ev: EventRef) -> list[tuple]:
        span = window(ev)
        if span is None:
            keys = [("at", ev.place_id, "any"), ("under", ev.place_id, "any")]
            return keys + [("at", p, "any") for p in ancestors(ev.place_id)] if ev.place_id else []
        keys = []
        fine = radius(ev) <= FINE_KM
        names = [("at", ev.place_id), ("under", ev.place_id)] + [("at", p) for p in ancestors(ev.place_id)] \
            if ev.place_id else []
        keys += [(*name, None) for name in names]
        for week in _weeks(span, SLACK_DAYS):
            keys += [(*name, week) for name in names]
            if ev.admin1:
                keys.append(("coarse-admin1" if fine else "admin1", ev.admin1, week))
            if ev.lat is None or ev.lon is None:
                continue
            wide = (math.floor(ev.lat), math.floor(ev.lon))
            keys += [("coarse" if fine else "every", (wide[0] + dy, wide[1] + dx), week)
                     for dy in (-1, 0, 1) for dx in (-1, 0, 1)]
            if fine:
                cell = (math.floor(ev.lat * FINE_CELL), math.floor(ev.lon * FINE_CELL))
                keys += [("fine", (cell[0] + dy, cell[1] + dx), week) for dy in (-1, 0, 1) for dx in (-1, 0, 1)]
        return keys

    def near(self, ev: EventRef) -> list[EventRef]:
        """Every filed event that could be linked with this one (see the module docstring), itself excluded."""
        found: set[int] = set()
        for key in self._keys(ev):
            bucket = self._index.get(key)
            if bucket:
                found.update(bucket)
        span, near, fine = window(ev), [], radius(ev) <= FINE_KM
        for n in sorted(found):
            other, other_span = self.events[n], self._spans[n]
            if other.event_id == ev.event_id:
                continue
            if span is not None and other_span is not None and (
                    max(span[0], other_span[0]) - min(span[1], other_span[1]) > SLACK_DAYS):
                continue  # (windows apart: what compatible() says first, without its calls)
            if (not (ev.place_id and ev.place_id == other.place_id) and fine and radius(other) <= FINE_KM
                    and None not in (ev.lat, ev.lon, other.lat, other.lon)
                    and (abs(ev.lat - other.lat) > FINE_DEGREES[0] or abs(ev.lon - other.lon) > FINE_DEGREES[1])
                    and not contained(ev, other)):
                continue  # (two fine places further apart than a city's radius: what place_score says, quicker)
            if (place_score(ev, other, by_name_only=span is None or other_span is None) or 0) >= 1:
                near.append(other)
        return near
