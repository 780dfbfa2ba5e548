"""Places in a sentence: which one an event happened at, and how places relate.

An ambiguous name takes the place in the governorate the document names most
(``al-Malki`` in a Damascus story is not ``al-Malikiyah``); the event's place is
the most precise one in its clause, preferring those after a locative word
("in", "near", "في", "على") and not after "from"/"to" or a casualty word
("victims of Douma").
"""
from __future__ import annotations

import math
from bisect import bisect_left
from collections import Counter

from ..model import Location
from .analysis import Item, Sentence
from .knowledge import PRECISION_RANK, Knowledge, knowledge

MERGE_KM = 3.0  # two sites this close are one place for merging mentions


def words(role: str) -> frozenset[str]:
    """Function words of a role from ``data/<lang>/syntax.json`` (see there), folded like tokens."""
    return knowledge().words.get(role, frozenset())


def km(a: Location, b: Location) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


def place_context(sentences: list[Sentence], kb: Knowledge) -> Counter:
    """How often each governorate is named through unambiguous place names in the document."""
    counts: Counter = Counter()
    for s in sentences:
        for ids in place_groups(s).values():
            if len(ids) == 1:
                counts[kb.places[ids[0]].location.admin1] += 1
    return counts


def place_groups(s: Sentence) -> dict[int, list[str]]:
    """The place ids named at each token of the sentence (an ambiguous name has several), in order."""
    groups = s.memo.get("place_groups")
    if groups is None:
        groups = s.memo["place_groups"] = {}
        for item in s.of("place"):
            groups.setdefault(item.tok, []).append(item.value)
    return groups


def _groups_within(s: Sentence, lo: int, hi: int) -> list[tuple[int, list[str]]]:
    """The place groups at tokens ``lo`` to ``hi - 1``, in order (by bisection over the sentence's groups)."""
    groups = place_groups(s)
    toks = s.memo.get("place_toks")
    if toks is None:
        toks = s.memo["place_toks"] = list(groups)
    return [(tok, groups[tok]) for tok in toks[bisect_left(toks, lo):bisect_left(toks, hi)]]


def resolve(ids: list[str], context: Counter, kb: Knowledge) -> str:
    """One place for an ambiguous name: the governorate the document names most, then the bigger place."""
    return max(ids, key=lambda i: (context.get(kb.places[i].location.admin1, 0),
                                   PRECISION_RANK.get(kb.places[i].location.precision, 0) >= 3,
                                   kb.places[i].population, -len(i)))


def choose_place(s: Sentence, lo: int, hi: int, trigger: Item, context: Counter, kb: Knowledge) -> str | None:
    best, best_key = None, None
    # "victims of Douma", "لضحايا دوما": a place right after a casualty word names whose victims, not where
    genitive = s.memo.get("genitive")
    if genitive is None:
        genitive = s.memo["genitive"] = {i.tok_end for i in s.of("kind", "victim")}
    for tok, ids in _groups_within(s, lo, hi):
        place_id = resolve(ids, context, kb)
        loc = kb.places[place_id].location
        prev = s.tokens[tok - 1].text if tok > 0 else ""
        prev2 = s.tokens[tok - 2].text if tok > 1 else ""
        own = s.tokens[tok].text
        key = (
            loc.precision != "country",
            prev not in words("away") and tok not in genitive,
            prev in words("locative") or prev2 in words("locative") or own.startswith(("ب", "وب", "في")),
            PRECISION_RANK.get(loc.precision, 0),
            -abs(tok - trigger.tok),
        )
        if best_key is None or key > best_key:
            best, best_key = place_id, key
    return best


def compatible_place(a: str | None, b: str | None, kb: Knowledge) -> bool:
    if a is None or b is None or a == b:
        return True
    if a in kb.ancestors(b) or b in kb.ancestors(a):
        return True
    la, lb = kb.places[a].location, kb.places[b].location
    if "region" in (la.precision, lb.precision):
        return km(la, lb) <= 15 and la.admin1 == lb.admin1
    return km(la, lb) <= MERGE_KM


def more_precise(a: str | None, b: str | None, kb: Knowledge) -> str | None:
    if a is None or b is None:
        return a or b

    def rank(p: str) -> int:
        return PRECISION_RANK.get(kb.places[p].location.precision, 0)

    return b if rank(b) > rank(a) else a
