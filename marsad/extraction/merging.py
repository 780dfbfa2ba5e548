"""Merging an event's mentions: drafts of one report that tell one event become one.

- :func:`resolve_references`: a definite event word with no place of its own ("the attack", "التفجير") is
  folded into the event of its kind told before it;
- :func:`merge`: drafts of one type with compatible actors, places and dates are one event; the more telling
  reading gives the kind, a place inside the one known is more precise, a side named beats one unnamed.
  A later sentence's mention at no place or a coarser one does not make a precisely told event another
  kind; a bomb set off on the ground and a strike from afar, each told precisely, are two events; civilians
  killed are never made a battle or an abduction by the fighting told beside them.
"""
from __future__ import annotations

from .events import DISTINCT_SUBTYPES, EXCESSIVE_FORCE, GENERIC_ACTORS, INTERVENTION, Draft
from .kinds import TERRITORY, UNIDENTIFIED, VIOLENT
from .knowledge import PRECISION_RANK, Knowledge, knowledge
from .places import NEAR_KM, compatible_place, km, seat_of_area
from .scope import one_per_figure, point


def resolve_references(events: list[Draft]) -> list[Draft]:
    """Fold each referring draft into the event of its kind told before it: its actors fill the gaps, its
    claims join. A referring draft with nothing to refer to stays an event of its own. A sentence that opens
    on a definite event word and names a place ("The assault targeted IS positions south of Ras al-Ain") right
    after a title or lead that told a violent event at no place more precise than a region says where that
    event was: the event takes its place (see :func:`_locate`)."""
    kept: list[Draft] = []
    placed: dict[int, str] = {}  # per sentence, the first place its drafts name
    for ev in events:
        if ev.place_id:
            placed.setdefault(ev.sentence, ev.place_id)
    for ev in events:
        _locate(ev, kept, ev.place_id or placed.get(ev.sentence))
        target = next((k for k in reversed(kept) if _type_group(k.event_type) == _type_group(ev.event_type)
                       or ev.event_type == "Battles" and k.event_type != "Strategic developments"),
                      None) if ev.refers else None
        if target is not None:  # "the attack" may be told of a bombing; "the bombing" only of explosions
            target.actor1 = target.actor1 or ev.actor1
            target.actor2 = target.actor2 or (ev.actor2 if ev.actor2 != target.actor1 else None)
            target.claims.extend(ev.claims)
            continue
        kept.append(ev)
    return kept


def _locate(ev: Draft, kept: list[Draft], place: str | None) -> None:
    """The title's and lead's violent events told at no place more precise than a region take the place of
    a sentence right after them that opens on a definite event word: the reading that opens it (its place,
    else the first its sentence names) is then one of theirs, and merging folds it in."""
    kb = knowledge()
    if not ev.locates or place is None or ev.event_type not in VIOLENT or ev.role != "body":
        return
    told = [k for k in kept if k.role in ("title", "lead") and k.event_type in VIOLENT and not k.background]
    if not told or told[-1].sentence < ev.sentence - LOCATES_REACH:
        return
    if any(k.place_id and PRECISION_RANK.get(kb.places[k.place_id].location.precision, 0) > PRECISION_RANK["region"]
           for k in told):
        return
    for k in (*told, ev):
        k.place_id = place


LOCATES_REACH = 2  # a sentence this close after the lead's last event may say where it was


CROWD = {"Protesters", "Rioters"}  # ACLED's names for crowds


def _compatible_actor(a: str | None, b: str | None, kb: Knowledge) -> bool:
    if a is None or b is None or a == b:
        return True
    if UNIDENTIFIED in (a, b):  # "the terrorists" of one sentence may be the side the next one names
        return True
    if {a, b} == CROWD:  # a protest that turned into a riot is one crowd
        return True
    x, y = kb.actors[a], kb.actors[b]
    return (a in GENERIC_ACTORS or b in GENERIC_ACTORS) and x.side == y.side


def _type_group(event_type: str) -> str:
    """Protests and riots are one event when one report tells both of one crowd."""
    return "Demonstrations" if event_type in ("Protests", "Riots") else event_type


def _mirrored(a: Draft, b: Draft) -> bool:
    """One report's two readings of one exchange: the same kind of event with the sides swapped."""
    return a.sub_event_type == b.sub_event_type and (
        (a.actor2 is not None and a.actor2 == b.actor1) or (b.actor2 is not None and b.actor2 == a.actor1))


NOT_KILLING = {"Abduction/forced disappearance", "Sexual violence"}  # violence against civilians that kills none
MERGE_WINDOW = 300  # a draft is merged with one of the last this many events (all of them in any real report)


def merge(events: list[Draft]) -> list[Draft]:
    """Merge drafts that are mentions of one event (same type, compatible actors, place and date).

    A draft is compared with the latest :data:`MERGE_WINDOW` events only, so a document that is a
    list of thousands of incidents costs linear time, not quadratic."""
    kb = knowledge()
    merged: list[Draft] = []
    claim_sets: dict[int, set] = {}  # the claims of each merged draft, for finding repeats at once
    for ev in events:
        target = next((m for m in merged[-MERGE_WINDOW:] if (_type_group(m.event_type) == _type_group(ev.event_type)
                                             and (m.sub_event_type == ev.sub_event_type
                                                  or ev.event_type not in DISTINCT_SUBTYPES)
                                             or m.vague or ev.vague)
                       and (_compatible_actor(m.actor1, ev.actor1, kb) or _mirrored(m, ev))
                       and (compatible_place(m.place_id, ev.place_id, kb) or "title" in (m.role, ev.role)
                            and seat_of_area(m.place_id, ev.place_id, kb))
                       and (m.date is None or ev.date is None or m.date == ev.date or m.dateline or ev.dateline)
                       and m.background == ev.background and not _distinct_means(m, ev)), None)
        if target is None:
            merged.append(ev)
            continue
        target.quoted = target.quoted and ev.quoted
        setting = target.event_type == "Violence against civilians" and _setting(ev)
        if target.vague and not ev.vague and not setting:  # "a massacre" told more precisely: an air strike
            target.event_type, target.sub_event_type, target.priority = ev.event_type, ev.sub_event_type, ev.priority
        target.vague = target.vague and (ev.vague or setting)
        if ev.event_type == "Riots" and target.event_type == "Protests":  # a protest that turned violent
            target.event_type, target.sub_event_type, target.priority = ev.event_type, ev.sub_event_type, ev.priority
            target.actor1 = ev.actor1
        elsewhere = _elsewhere(target, ev, kb)
        if ev.priority > target.priority and not (elsewhere or setting) or (
                target.event_type == "Protests" and ev.sub_event_type in (INTERVENTION, EXCESSIVE_FORCE)
                and target.sub_event_type != EXCESSIVE_FORCE):
            target.sub_event_type, target.priority = ev.sub_event_type, max(ev.priority, target.priority)
            if target.sub_event_type not in kb.taxonomy[target.event_type]:  # merged across types: the
                target.event_type = ev.event_type  # more telling reading brings its type with its sub-type
        if ev.repelled and target.actor2 is None and ev.actor2 == target.actor1:
            target.actor1, target.actor2 = ev.actor1, ev.actor2  # the fuller telling: "repelled an attack by IS"
        if target.actor1 in (None, UNIDENTIFIED, *GENERIC_ACTORS) and ev.actor1 not in (None, target.actor1):
            if target.actor1 is None or target.actor1 == UNIDENTIFIED or (
                    ev.actor1 != UNIDENTIFIED and kb.actors[ev.actor1].side == kb.actors[target.actor1].side):
                target.actor1 = ev.actor1
        if target.actor2 in (None, UNIDENTIFIED) and ev.actor2 not in (None, UNIDENTIFIED, target.actor1):
            target.actor2 = ev.actor2  # a side named beats one unnamed
        target.actor2 = target.actor2 or (ev.actor2 if ev.actor2 != target.actor1 else None)
        if not elsewhere and (target.place_id is None or ev.place_id and _within(ev.place_id, target.place_id, kb)):
            target.place_id = ev.place_id  # a place inside the one already known is more precise
        if not target.date or (target.dateline and ev.date_precision == "day" and not ev.dateline):  # the story's day
            target.date, target.date_precision, target.dateline = ev.date, ev.date_precision, ev.dateline
        if target.sub_event_type in TERRITORY and target.actor1 not in (None, UNIDENTIFIED):  # (its side says
            government = kb.actors[target.actor1].side == "government"  # whose gain it is, whoever's reading won)
            target.sub_event_type = TERRITORY[0] if government else TERRITORY[1]
        if ev.role in ("title", "lead") and target.role == "body":
            target.role = ev.role
        known = claim_sets.get(id(target))
        if known is None:
            known = claim_sets[id(target)] = set(target.claims)
        for claim in ev.claims:
            if claim not in known:
                known.add(claim)
                target.claims.append(claim)
    return merged


PLACED = {"Remote explosive/landmine/IED", "Suicide bomb", "Grenade"}  # what is set off where it explodes
LAUNCHED = {"Air/drone strike", "Shelling/artillery/missile attack"}  # what is fired or dropped from afar


def _setting(ev: Draft) -> bool:
    """What told beside a killing of civilians is its setting, not its kind: a fight between two armed sides
    ("clashes between IS and the Kurdish units") or by no one named ("many of them were fighting"), a
    capture, an abduction ("the terrorists ambushed the bus" is the killing told precisely)."""
    if ev.sub_event_type in NOT_KILLING or ev.sub_event_type in TERRITORY:
        return True
    return ev.event_type == "Battles" and (ev.actor1 is None or ev.actor2 not in (None, "Civilians"))


def _distinct_means(a: Draft, b: Draft) -> bool:
    """A bomb set off on the ground and a missile or a strike from afar, each told precisely in sentences
    of their own, are two events ("a missile hit the hospital ... casualties also after a car bomb explosion
    in al-Zahraa")."""
    return a.sentence != b.sentence and a.priority >= PRECISE and b.priority >= PRECISE and (
        a.sub_event_type in PLACED and b.sub_event_type in LAUNCHED
        or a.sub_event_type in LAUNCHED and b.sub_event_type in PLACED)


PRECISE = 65  # a reading this telling (shelling, a device, an air strike) says how the event was made


def _elsewhere(target: Draft, ev: Draft, kb: Knowledge) -> bool:
    """A later sentence's mention that names no place, or only a coarser one, or one of an event that named
    none, may tell another event (a chemical attack days before, an air campaign in the province, an advance
    into the countryside): it makes a reading that said its kind precisely ("car bomb", "air strikes") no
    other kind, nor fighting a capture, and gives it no place."""
    told = target.priority >= PRECISE or target.sub_event_type == "Armed clash" and not target.vague
    return told and ev.role == "body" and ev.sentence != target.sentence and (
        ev.place_id is None or target.place_id is None
        or ev.place_id != target.place_id and _within(target.place_id, ev.place_id, kb))


def _within(place: str, other: str, kb: Knowledge) -> bool:
    """The place lies inside the other, or in the countryside of the other (a city or a region): more
    precise."""
    loc = kb.places[other].location
    return other in kb.ancestors(place) or (loc.precision in ("city", "region") and seat_of_area(other, place, kb))


def join_main(events: list[Draft], title_end: int = 0) -> list[Draft]:
    """The title's event and the lead's event that tell one incident are one event. A headline tells in few
    words what the lead tells fully ("Regime jets bomb Kurdish fighters in Hasakah" and "clashes between
    government forces and the Asayish left 23 civilians dead"), and the two readings may part on what merging
    needs to agree on: the lead names the area and the title the town, a date read from a page's header, a
    strike told as clashes. A story that opens on what was said of an attack ("Kerry discusses chemical attack")
    gives its toll further down ("... killing as many as 1,300 people"). So the report's first event told in the
    title or the lead, when it gives no toll, takes in the first event told after it that gives one, when both
    are violent (Battles, Explosions/Remote violence, Violence against civilians: no capture, no abduction) or
    of one type, their sides agree (one side, or one reading's attacker the other's target: one fight told from
    each side) and their places lie in one governorate or near each other. The first event keeps its kind and
    place (the report's own headline); the other's claims, a side where it named none and the day where it told
    none join it, each figure once (the title ends at ``title_end``). A headline with a figure of its own may tell
    another incident than the lead's: it takes in nothing. Run on the events kept, once every claim has its event."""
    kb = knowledge()
    placed = [e for e in events if e.place_id and not e.quoted]
    told = [e for e in placed if e.role in ("title", "lead") and not e.background]
    if not told:
        return events
    first = told[0]
    if _toll(first):
        return events
    for other in placed[next(n for n, e in enumerate(placed) if e is first) + 1:]:
        if other.background or not _toll(other) or not _one_incident(first, other, kb):
            continue
        first.actor1 = first.actor1 if first.actor1 not in (None, UNIDENTIFIED) else other.actor1 or first.actor1
        first.actor2 = first.actor2 or (other.actor2 if other.actor2 != first.actor1 else None)
        if first.date is None or first.dateline and not other.dateline:  # the story's day
            first.date, first.date_precision, first.dateline = other.date, other.date_precision, other.dateline
        first.claims[:] = one_per_figure([*first.claims, *(c for c in other.claims if c not in first.claims)],
                                         title_end)  # (each figure once: see scope.one_per_figure)
        return [e for e in events if e is not other]
    return events


def _toll(ev: Draft) -> list:
    return [c for c in ev.claims if c.kind == "killed" and c.scope == "incident" and point(c) is not None]


def _one_incident(a: Draft, b: Draft, kb: Knowledge) -> bool:
    same_kind = _type_group(a.event_type) == _type_group(b.event_type) or a.vague or b.vague or all(
        e.event_type in VIOLENT and e.sub_event_type not in (*TERRITORY, *NOT_KILLING) for e in (a, b))
    actors = _compatible_actor(a.actor1, b.actor1, kb) or (  # one side, or one fight told from each side
        a.actor2 is not None and a.actor2 == b.actor1 or b.actor2 is not None and b.actor2 == a.actor1)
    la, lb = kb.places[a.place_id].location, kb.places[b.place_id].location
    one_area = la.admin1 == lb.admin1 or km(la, lb) <= NEAR_KM  # ("near Damascus" and the Ghouta beside it)
    return same_kind and actors and one_area
