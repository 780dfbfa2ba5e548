"""What an analyst's actor or place filter names, in any spelling or script, read through the knowledge.

An actor filter ("SDF", "قسد", "Syrian Democratic Forces", "the regime") is looked up in the actor lexicons
(``extraction/data/<lang>/actors.json``): a value that is wholly one of an actor's phrases names that actor,
and with it the actor's sub-units, at any depth, as the actor list's ``parent`` field files them
(``extraction/data/actors.json``: the YPG and the Manbij Military Council under the SDF, the Quds Force and
the militias it backs under Iran's forces). A place filter ("أعزاز", "Azaz", "Aleppo") is looked up in the
place lexicons, else by its spelling keys in the places the knowledge holds (the bundled list and the imported
gazetteer). An event is at the place when its place is a place found or lies inside one, or when its place
name or governorate is the name given or the name of a place found ("Aleppo": the city and the governorate). A
value the knowledge does not know still matches the stored names, ignoring case and Arabic spelling variants.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..extraction.gazetteer.keys import query_keys
from ..extraction.knowledge import Knowledge, knowledge
from ..reading.textnorm import normalize


def folded(value: str | None) -> str:
    """A name as filters compare it: Arabic spelling variants, case and accents folded, spaces single."""
    return normalize(value or "")


_cache: dict[tuple[str, str], object] = {}
_cached_for: list[Knowledge] = []


def _remembered(kind: str, value: str, compute):
    """``compute(knowledge, value)``, kept while the knowledge stays the same (a gazetteer set anew drops it)."""
    kb = knowledge()
    if not _cached_for or _cached_for[0] is not kb or len(_cache) > 4096:
        _cache.clear()
        _cached_for[:] = [kb]
    found = _cache.get((kind, value))
    if found is None:
        found = _cache[kind, value] = compute(kb, value)
    return found


def _whole(kb: Knowledge, layer: str, value: str) -> set[str]:
    """What ``layer``'s lexicon says ``value`` names, when one phrase of it spans the whole value."""
    text = value.strip()
    found = kb.matchers[layer].find(text)
    if len(found) != 1 or found[0].start != 0 or found[0].end != len(text):
        return set()
    return {payload[1] for payload in found[0].payloads if payload[0] == layer[:-1]}


def sub_units(kb: Knowledge, names: set[str]) -> set[str]:
    """``names`` and every actor filed under one of them, at any depth (the actor list's ``parent``)."""
    children: dict[str, list[str]] = {}
    for actor in kb.actors.values():
        if actor.parent:
            children.setdefault(actor.parent, []).append(actor.name)
    found, waiting = set(names), list(names)
    while waiting:
        for child in children.get(waiting.pop(), ()):
            if child not in found:
                found.add(child)
                waiting.append(child)
    return found


def with_parents(name: str | None) -> list[str]:
    """An event's actor and the actors it is filed under, nearest first ("People's Protection Units (YPG)",
    "Syrian Democratic Forces"), so that an actor's facet counts what its filter finds."""
    if not name:
        return []
    kb, chain = knowledge(), [name]
    while chain[-1] in kb.actors and kb.actors[chain[-1]].parent and kb.actors[chain[-1]].parent not in chain:
        chain.append(kb.actors[chain[-1]].parent)
    return chain


def _actor_names(kb: Knowledge, value: str) -> frozenset[str]:
    named = _whole(kb, "actors", value) | {a for a in kb.actors if folded(a) == folded(value)}
    return frozenset(folded(name) for name in sub_units(kb, named) | {value})


def actor_names(value: str) -> frozenset[str]:
    """The actor names (folded) that ``value`` stands for: itself, the actor whose phrase it is, and that
    actor's sub-units."""
    return _remembered("actor", value, _actor_names)


@dataclass(frozen=True, kw_only=True, slots=True)
class PlaceQuery:
    """The places a filter value names: their ids, and the names an event's place or governorate may hold."""
    ids: frozenset[str]
    names: frozenset[str]  # folded


def _place_query(kb: Knowledge, value: str) -> PlaceQuery:
    ids = _whole(kb, "places", value)  # a phrase of the lexicons first: "Damascus" is the city, not Rural Damascus
    if not ids:  # else the places whose names share its spelling keys (the imported gazetteer's among them)
        for key in query_keys(value):
            ids.update(kb.by_key.get(key, ()))
    ids = {i for i in ids if i in kb.places and kb.places[i].location.precision != "country"}
    names = {folded(value)}
    for place_id in ids:
        loc = kb.places[place_id].location
        names.add(folded(loc.name))
        if loc.precision == "governorate" and loc.admin1:
            names.add(folded(loc.admin1))
    return PlaceQuery(ids=frozenset(ids), names=frozenset(names))


def place_query(value: str) -> PlaceQuery:
    return _remembered("place", value, _place_query)


def in_place(event: dict, query: PlaceQuery) -> bool:
    """Whether the event happened at one of the query's places or inside one, or at a place or in a
    governorate of one of its names."""
    if folded(event.get("location_name")) in query.names or folded(event.get("admin1")) in query.names:
        return True
    place_id = event.get("place_id")
    if not place_id or not query.ids:
        return False
    if place_id in query.ids:
        return True
    kb = knowledge()
    return place_id in kb.places and not query.ids.isdisjoint(kb.ancestors(place_id))
