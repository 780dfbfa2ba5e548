"""Incidents: events from different reports that tell of one thing that happened.

:func:`link` groups :class:`EventRef` records into incidents, in Arabic and English alike (the records
carry canonical names and gazetteer places, never words). It does so in three steps, none of which
depends on the order the events come in:

1. **Windows.** Every event gets the span of days it can have happened in
   (:func:`marsad.linking.pairs.window`): its day; a week-precision date the week before it; a
   month-precision date its month. A report's publication
   date bounds its events: a span never runs past it, and an event its report tells without a day (the
   report's date, coarser) spans the week (the month, for background) up to the report's date. An event
   whose report has no date at all has no window: it is never linked on time, and two such events whose
   reports' texts reach different latest years (:func:`marsad.linking.pairs.latest_year`) are vetoed.
2. **Pairs.** Two events are compared when their windows lie within a day of each other and their places
   can be one (:mod:`marsad.linking.blocking` finds them, near-linearly). The pair is scored
   (:func:`marsad.linking.pairs.score`) or vetoed (None) on what both say:

   - kind: the same sub-event type 2; one kind told in other words 1 (one event type, or a group of
     ``extraction/data/linking.json``: an evacuation told as a battle or a deal, a suicide bomb and an
     IED, an air strike and shelling when the weapon is vague); anything else vetoes;
   - place: the same place 2; one inside the other by the gazetteer's hierarchy (a neighbourhood in its
     city, a town in its governorate) 1.5; the same governorate for a place known only to the region or
     governorate, or within the radius of the coarser precision (5 km for sites, districts and villages,
     10 km for towns, 20 km for cities, 40 km for regions, 80 km for governorates) 1; else veto;
   - time: the same day 2; overlapping windows of a week 1, of a month 0; a day apart 0 (-1 between
     two days told exactly); further apart vetoes;
   - actors: the same first actor (or one inside the other: the YPG within the SDF) 2; the sides told
     the other way round 1.5; one unknown, unidentified, or a generic name ("government forces") of the
     other's side 1; two named actors of different sides veto; the same second actor adds 0.5;
   - tolls: one report's lowest death figure more than twenty times the other's highest vetoes.

   Two events of one report told alike (same sub-event type and place, nothing against) are linked;
   two it tells otherwise are not linked to each other, but may meet in an incident other reports
   make of them (a strike and the interception of its missiles, told as two events by one report).
3. **Clusters.** Pairs scoring ``THRESHOLD`` or more (``LOOSE_THRESHOLD`` when one window is a month,
   or one event has none: then kind, place and actor must agree exactly) are taken best first; each
   joins the two events' incidents when no pair across them is vetoed (so an unknown actor joins the
   incident of one named side, never both; a chain of days never spans more than the window) and at
   least half the other pairs across them agree (two events of one report not told alike, and a
   background mention, count neither way). A loosely dated event whose candidates
   contradict each other (the same strike in May and in June) is ambiguous and joins none.

Incidents already stored (``existing``) keep their ids and events and may grow, never merge; a new
incident's id derives from its earliest event, so the result is the same in any input order and the same
whether reports are linked at once or as they come (:mod:`marsad.linking.incremental`).
"""
from __future__ import annotations

from .clusters import cluster
from .pairs import (
    GENERIC_ACTORS,
    LOOSE_THRESHOLD,
    RADIUS_KM,
    THRESHOLD,
    EventRef,
    Incident,
    ancestors,
    incident_id,
    score,
    window,
)

__all__ = ["GENERIC_ACTORS", "LOOSE_THRESHOLD", "RADIUS_KM", "THRESHOLD", "EventRef", "Incident", "ancestors",
           "incident_id", "link", "score", "window"]


def link(events: list[EventRef], existing: list[Incident] = ()) -> list[Incident]:
    """Group events into incidents; ``existing`` incidents are kept and may grow (see the module docstring)."""
    return cluster(events, existing)
