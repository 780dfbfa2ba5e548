"""Clustering scored pairs of events into incidents, whatever order the events come in.

:func:`cluster` is :func:`marsad.linking.links.link`: it scores every pair :class:`~.blocking.Blocks`
finds, drops the links of loosely dated events whose candidates contradict each other, and joins
incidents along the agreeing pairs, best pair first, only when nothing across them is vetoed and most
of what can be judged agrees (see :mod:`marsad.linking.links`).
"""
from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from .blocking import Blocks
from .pairs import (
    MAX_PARTNERS,
    MERGE_SAMPLE,
    EventRef,
    Incident,
    agrees,
    incident_id,
    loose,
    order,
    score,
    window,
)


class _Groups:
    """Incidents being built: each event's group, each group's events, and which hold a stored incident."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.members: dict[str, list[EventRef]] = {}
        self.stored: dict[str, str] = {}  # group root -> the stored incident's id

    def add(self, ev: EventRef, root: str | None = None) -> None:
        root = root or ev.event_id
        self.parent[ev.event_id] = root
        self.members.setdefault(root, []).append(ev)

    def find(self, event_id: str) -> str:
        root = event_id
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[event_id] != root:
            self.parent[event_id], event_id = root, self.parent[event_id]
        return root

    def join(self, a: str, b: str) -> None:
        if b in self.stored:  # a stored incident's root stays its root
            a, b = b, a
        self.parent[b] = a
        self.members[a].extend(self.members.pop(b))


def _sample(events: list[EventRef]) -> list[EventRef]:
    if len(events) <= MERGE_SAMPLE:
        return events
    ranked = sorted(events, key=lambda e: e.event_id)
    step = len(ranked) / MERGE_SAMPLE
    return [ranked[int(n * step)] for n in range(MERGE_SAMPLE)]


def _may_join(a: list[EventRef], b: list[EventRef], known: dict[tuple[str, str], float]) -> bool:
    """No pair across the two incidents is vetoed, and at least half the pairs across them agree (of
    those that can: not two events of one report, nor a background mention)."""
    agreeing = counted = 0
    for x in _sample(a):
        wx = window(x)
        for y in _sample(b):
            key = (x.event_id, y.event_id) if x.event_id < y.event_id else (y.event_id, x.event_id)
            wy = window(y)
            value = known[key] if key in known else score(x, y, wx, wy, windows=True)
            if value is None and x.doc_id == y.doc_id:
                continue  # two things one report tells: neither for nor against
            if value is None:
                return False
            if x.background or y.background:
                continue  # a past event told in passing may belong, but its word decides nothing
            counted += 1
            agreeing += agrees(value, wx, wy)
    return 2 * agreeing >= counted  # (the pair that proposes the join agrees)


def _ambiguous(partners: list[EventRef]) -> bool:
    """A loosely dated event's candidates that cannot all be one incident."""
    if len(partners) > MAX_PARTNERS:
        return True
    return any(p.doc_id != q.doc_id and score(p, q) is None for p, q in combinations(partners, 2))


def _agreeing_pairs(fresh: list[EventRef], blocks: Blocks) -> dict[tuple[str, str], float]:
    """Every pair of a new event and a filed one whose score is high enough to link on."""
    fresh_ids = {e.event_id for e in fresh}
    pairs: dict[tuple[str, str], float] = {}
    partners: dict[str, list[EventRef]] = defaultdict(list)
    for ev in fresh:
        wa = window(ev)
        for other in blocks.near(ev):
            if other.event_id in fresh_ids and other.event_id < ev.event_id:
                continue  # (scored from the other side)
            wb = window(other)
            value = score(ev, other, wa, wb, windows=True)
            if agrees(value, wa, wb):
                key = (ev.event_id, other.event_id) if ev.event_id < other.event_id else (other.event_id, ev.event_id)
                pairs[key] = value
                partners[ev.event_id].append(other)
                partners[other.event_id].append(ev)
    by_id = {e.event_id: e for e in blocks.events}
    for event_id, found in partners.items():
        if loose(window(by_id[event_id])) and _ambiguous(found):
            for other in found:
                key = (event_id, other.event_id) if event_id < other.event_id else (other.event_id, event_id)
                pairs.pop(key, None)
    return pairs


def cluster(events: list[EventRef], existing: list[Incident] = ()) -> list[Incident]:
    """Group events into incidents; ``existing`` incidents are kept and may grow."""
    groups, blocks = _Groups(), Blocks()
    for inc in existing:
        first = inc.events[0].event_id
        for ev in inc.events:
            groups.add(ev, first)
            blocks.add(ev)
        groups.stored[first] = inc.id
    fresh = sorted({e.event_id: e for e in events if e.event_id not in groups.parent}.values(),
                   key=lambda e: e.event_id)
    for ev in fresh:
        groups.add(ev)
        blocks.add(ev)
    pairs = _agreeing_pairs(fresh, blocks)
    for (a, b), _ in sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0])):
        ra, rb = groups.find(a), groups.find(b)
        if ra == rb or (ra in groups.stored and rb in groups.stored):
            continue
        if _may_join(groups.members[ra], groups.members[rb], pairs):
            groups.join(ra, rb)
    stored_roots = {root: inc_id for root, inc_id in groups.stored.items()}
    result = []
    for inc in existing:
        root = inc.events[0].event_id
        known = {e.event_id for e in inc.events}
        grown = sorted((e for e in groups.members[root] if e.event_id not in known), key=order)
        result.append(Incident(id=stored_roots[root], events=list(inc.events) + grown))
    new = [sorted(members, key=order) for root, members in groups.members.items() if root not in stored_roots]
    result += [Incident(id=incident_id(evs[0]), events=evs) for evs in sorted(new, key=lambda evs: order(evs[0]))]
    return result
