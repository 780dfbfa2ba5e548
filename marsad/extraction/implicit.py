"""Events told without an event word (rules and words in ``data/implicit.json``).

A sentence with no trigger may still tell an event by its casualty word:

- a weapon that kills or wounds: "a missile fired by Syrian forces killed 18 civilians", "قذيفة هاون
  أودت بحياة طفلين": the weapon's class gives the sub-type (an air, shelling or explosive event);
- an armed actor that kills, by a killing verb: "Syrian Army Kills 28 ISIL Terrorists in Hama": the dead
  say which, an attack when they are all civilians, else an armed clash. Such a reading says little of how they were
  killed, so it is vague: another reading of the same event ("... in air strikes on Raqqa") gives its type;
- a displacement with a count of those who fled ("About 12,000 civilians fled the Eastern Ghouta", "نزح نحو 12 ألف
  مدني"): a strategic development (``displacement`` in the data).

The weapon must stand within a few words before the casualty word, or right after it ("killed by a
mortar shell"); the actor right before it, as its subject, or right after it, as its agent ("killed by
the regime", "قتلوا على يد"). An actor after a preposition ("near the border with Turkey, killing ...") or
named as whose people were hit ("34 regime fighters were killed") kills nobody. The reading is a trigger
like any other, so the rest of the stage (actors, place, date, merging) treats the event as it treats one
with an event word.
"""
from __future__ import annotations

from functools import lru_cache

from .analysis import Item, Sentence
from .datafiles import DATA
from .kinds import CIVILIAN_VICTIMS, NOT_AGENTS
from .knowledge import Knowledge
from .places import words
from .scope import told_over_time

AGENT_GAP = 2  # words between an actor and its killing verb: "Syrian Army Kills", "IS reportedly killed"
KILLING = "killing"  # the kind of an actor's killing: its type is a guess any other reading of the event betters
DISPLACED = "displaced"  # the casualty kind of people who fled


@lru_cache(maxsize=8)
def _rules(triggers: tuple) -> tuple[dict[str, int], dict[str, int], frozenset[str], int, frozenset[str]]:
    """Per weapon class and per kind of dead, the index of the trigger that stands for the event."""
    data = DATA.load("implicit")

    def index(sub: str) -> int:
        found = [n for n, t in enumerate(triggers) if t.sub_event_type == sub]
        plain = [n for n in found if triggers[n].rule in (None, "remote")]
        return (plain or found)[0]

    weapon = {cls: index(sub) for cls, sub in data["weapon"].items()}
    killing = {who: index(sub) for who, sub in data["killing"].items()}
    killing[DISPLACED] = index(data["displacement"])
    verbs = frozenset(data["verbs"]) | {"و" + v for v in data["verbs"]}  # (with the conjunction written on)
    return weapon, killing, frozenset(data["kinds"]), int(data["window"]), frozenset(verbs)


def killing_verbs(kb: Knowledge) -> frozenset[str]:
    """The casualty words that can have an actor as their subject (``verbs`` in ``data/implicit.json``)."""
    return _rules(kb.triggers)[4]


def implicit_triggers(s: Sentence, kb: Knowledge, before: int | None = None) -> list[Item]:
    """The event a trigger-less sentence tells by a weapon or an actor that kills, if any (at most one);
    with ``before``, the killing an actor tells before the sentence's first event word ("Syrian Army Kills 18
    ISIL Terrorists in Deir Ezzor, Advances in Jobar"): an event of its own, told first."""
    weapon_rule, killing_rule, kinds, window, verbs = _rules(kb.triggers)
    for kind in s.of("kind"):
        if kind.value == DISPLACED and before is None and _flight(s, kind, kb, kinds, window):
            return [kind._replace(kind="trigger", value=killing_rule[DISPLACED])]
        if kind.value not in kinds or before is not None and not _own_clause(s, kind, before):
            continue
        weapons = list(s.starting("weapon", kind.tok - window, kind.tok)) + list(
            s.starting("weapon", kind.tok_end, kind.tok_end + 3))
        if weapons and before is None:
            w = weapons[0]
            return [w._replace(kind="trigger", value=weapon_rule[w.value])]
        agents = [a for a in s.ending("actor", kind.tok - AGENT_GAP, kind.tok)
                  if kb.actors[a.value].inter not in NOT_AGENTS and not _counted(s, a) and not _governed(s, a)]
        if not s.tokens[kind.tok].text.isascii():  # "قتل تنظيم داعش خمسة": the Arabic verb's subject follows it
            agents += [a for a in s.starting("actor", kind.tok_end, kind.tok_end + 1)
                       if kb.actors[a.value].inter not in NOT_AGENTS]
        agents += [a for a in s.starting("actor", kind.tok_end, kind.tok_end + window)  # "killed by the
                   if kb.actors[a.value].inter not in NOT_AGENTS and a.tok and before is None  # regime"
                   and s.tokens[a.tok - 1].text in words("agent_after")]  # ("قتل على يد"; before an event
        # word, only a subject makes the killing a clause of its own)
        if agents and s.tokens[kind.tok].text.lower() in verbs:
            reach = max([kind.tok_end] + [a.tok_end + window for a in agents if a.tok >= kind.tok_end])
            return [_killing(s, kind, kind.tok - window, reach + window, agents, killing_rule)]
    return []


def _flight(s: Sentence, kind: Item, kb: Knowledge, kinds: frozenset[str], window: int) -> bool:
    """People who fled, counted, told as news: "12,000 civilians fled towns in the Eastern Ghouta", with no one
    killed or hurt in the sentence, a place in the country named, and no period or running total ("since the
    army retook Abu al-Duhur, thousands fled", "6.2 million people are displaced inside the country")."""
    return bool(s.near(kind.tok - window, kind.tok_end + window, "num", "vague")) and not any(
        k.value in kinds for k in s.of("kind")) and any(
        kb.places[p.value].location.precision != "country" for p in s.of("place")) and not told_over_time(s)


def _own_clause(s: Sentence, kind: Item, trigger: int) -> bool:
    """The killing word at ``kind`` ends its clause before the event word at ``trigger``: a comma or a
    conjunction stands between them, or a place the killing was in ("Army Kills 18 ISIL Terrorists in Deir
    Ezzor Advances in Jobar"), and the event word is no cause of the killing ("... in air strikes")."""
    if kind.tok_end >= trigger:
        return False
    gaps = s.text[s.tokens[kind.tok_end - 1].end:s.tokens[trigger].start]
    tokens = {t.text for t in s.tokens[kind.tok_end:trigger]}
    if "," in gaps or "،" in gaps or tokens & words("conjunctions"):
        return True
    return bool(s.starting("place", kind.tok_end, trigger)) and s.tokens[trigger - 1].text not in (
        words("cause_before") | words("agent_after") | words("locative"))


def joined_killing(s: Sentence, triggers: list[Item], kb: Knowledge) -> list[Item]:
    """A killing verb that opens a predicate of its own after an event word: "Army retakes Qaryatain, kills
    50 militants in Hama", "سيطر الجيش على القريتين وقتل 50 إرهابيا": a second event of the same subject."""
    _, killing_rule, _, window, verbs = _rules(kb.triggers)
    last = max(t.tok_end for t in triggers)
    for kind in s.of("kind"):
        verb = s.tokens[kind.tok].text.lower()
        if kind.tok <= last or verb not in verbs or verb.endswith("ing"):
            continue  # (", killing 44 people" tells what the event did: no predicate of its own)
        gap = s.text[s.tokens[kind.tok - 1].end:s.tokens[kind.tok].start]  # (token offsets are the sentence's)
        if "," in gap or "،" in gap or verb.startswith("و") or s.tokens[kind.tok - 1].text in words("conjunctions"):
            return [_killing(s, kind, kind.tok_end, kind.tok_end + window, [], killing_rule)]
    return []


def _killing(s: Sentence, kind: Item, lo: int, hi: int, agents: list[Item], killing_rule: dict[str, int]) -> Item:
    """The killing told by the casualty word: an attack when the dead counted from ``lo`` to ``hi`` (none of
    them inside the killers' names: "regime forces" hit nobody) are all civilians, else an armed clash."""
    victims = {v.value for v in s.starting("victim", lo, hi) if not any(a.tok <= v.tok < a.tok_end for a in agents)}
    victims |= {v.value for v in s.starting("single", lo, hi)}  # "killed a civilian", "قتل مدنيا"
    who = "civilians" if victims and victims <= CIVILIAN_VICTIMS else "fighters"
    return kind._replace(kind=KILLING, value=killing_rule[who])


def _governed(s: Sentence, actor: Item) -> bool:
    """ "near the border with Turkey killing ...": an actor after a preposition is no subject."""
    prev = s.tokens[actor.tok - 1].text.lower() if actor.tok else ""
    return prev in words("locative") | words("away") | words("agent_after") | words("target_before")


def _counted(s: Sentence, actor: Item) -> bool:
    """ "34 regime fighters", "dozens of IS militants": the actor is whose dead are counted."""
    return bool(s.ending("num", actor.tok - 3, actor.tok) or s.ending("vague", actor.tok - 3, actor.tok)
                or s.ending("kind", actor.tok - 3, actor.tok))
