"""Whose dead a casualty figure counts: the victim group reconciliation compares it within.

:func:`victim_group` puts every claim in one group: ``civilians`` (children and women among them),
``people`` (everyone: a toll that does not say who), or the fighters of one party, named by the party's
top actor ("Syrian Democratic Forces" for the YPG too), else ``combatants`` when nothing tells whose.
The party of fighters is, first found:

1. an actor named in the claim's own words ("15 fighters of the Turkish-backed factions", "YPG/PKK
   terrorists");
2. victims whose name says their party ("government forces": ``victims_parties`` in
   ``extraction/data/linking.json``);
3. for a claim by a party (an actor, or a name of ``claimant_parties``): its own side when its words
   mourn ("martyred", "استشهد": ``own_losses`` in ``extraction/data/<lang>/linking.json``), the other
   party of the incident when they count an enemy ("mercenaries", "neutralized": ``enemy_losses``), or
   of several, the one whose fighters other claims of the incident count (:func:`enemy_of`).

So a side's own losses are never compared with its claim of the enemy's dead.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..extraction.datafiles import DATA
from ..extraction.kinds import UNIDENTIFIED
from ..extraction.knowledge import knowledge
from ..model import Claim
from ..reading.textnorm import normalize

CIVILIANS = ("civilians", "children", "women", "families")
ENEMY = "enemies of "  # a party's count of its enemy's dead, the enemy not known yet (see enemy_of)
NO_PARTY = {UNIDENTIFIED, "Unidentified military forces", "Civilians", "Protesters", "Rioters"}


def top_actor(name: str | None) -> str | None:
    """The actor and the group it belongs to, highest first: the party it fights for."""
    kb = knowledge()
    if not name or name not in kb.actors or name in NO_PARTY:
        return None
    seen = {name}
    while kb.actors[name].parent in kb.actors and kb.actors[name].parent not in seen:
        name = kb.actors[name].parent
        seen.add(name)
    return name


@lru_cache(maxsize=1)
def _rules() -> tuple[dict[str, str], dict[str, str], re.Pattern, re.Pattern]:
    data = DATA.load("linking")
    own, enemy = [], []
    for lang_data in DATA.load_all("linking").values():
        own += lang_data.get("own_losses", [])
        enemy += lang_data.get("enemy_losses", [])

    def words(cues: list[str]) -> re.Pattern:
        return re.compile(r"(?<!\w)(?:" + "|".join(sorted((re.escape(normalize(c)) for c in cues), key=len,
                                                          reverse=True)) + r")(?!\w)")
    return data["claimant_parties"], data["victims_parties"], words(own), words(enemy)


def party_of_claimant(claimant: str) -> str | None:
    return top_actor(claimant) or top_actor(_rules()[0].get(claimant))


def _named_party(evidence: str) -> str | None:
    for match in knowledge().matchers["actors"].find(evidence):
        for kind, name in match.payloads:
            if kind == "actor" and (party := top_actor(name)):
                return party
    return None


def victim_group(claim: Claim, parties: tuple[str, ...] = ()) -> str:
    """The group of victims the claim counts (see the module docstring); ``parties`` are the incident's
    (top actors of its events' actors)."""
    if claim.victims in CIVILIANS:
        return "civilians"
    if claim.victims == "people":
        return "people"
    named = _named_party(claim.evidence)
    if named:
        return named
    _, by_victims, own, enemy = _rules()
    if claim.victims in by_victims and (party := top_actor(by_victims[claim.victims])):
        return party
    speaker = party_of_claimant(claim.claimant)
    if speaker:
        text = normalize(claim.evidence)
        if enemy.search(text):
            others = [p for p in parties if p != speaker]
            return others[0] if len(others) == 1 else ENEMY + speaker
        if own.search(text):
            return speaker
    return "combatants"


def enemy_of(group: str, named: set[str]) -> str:
    """The party a count of "enemies of X" is of: the one other party whose fighters the incident's claims
    name, when only one is; else fighters of no known side."""
    if not group.startswith(ENEMY):
        return group
    others = named - {group.removeprefix(ENEMY)}
    return next(iter(others)) if len(others) == 1 else "combatants"


def label(group: str) -> str:
    """How a group is named in a flag."""
    return group if group in ("civilians", "people", "combatants") else f"fighters of {group}"
