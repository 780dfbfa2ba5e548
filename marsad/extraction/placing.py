"""Where an event happened when its own clause says it vaguely or not at all: the fallback chain.

:func:`.places.choose_place` gives an event the place its clause names. After that, :func:`.stage.run`
applies, in this order:

0. a title that names places in several governorates and tells one event (a round-up: "... in Daraa
   countryside, Aleppo, Damascus") takes the place of the lead's first event of its kind in one of them
   (:func:`title_of_fronts`); a title's event with no place takes that of the lead's event of its kind that
   tells one of its figures, else the most precise place named beside its actor (:func:`fill_places`);
1. a title or lead event placed at the country ("air strikes in Syria kill 20") takes the place of the
   story's first event of its type told at a more precise place ("... strikes on al-Mayadin"), else the
   most precise place the lead paragraph names where something happened;
2. an event with no place keeps the most precise area the text gives: a place named elsewhere in its
   sentence, taken at the precision of its area (a town's governorate: ACLED geo precision 3); an event
   that counts casualties or that the title or lead tells, also the area its paragraph names, else the
   area of the report's main place (when that is the country, the most precise area the story names
   outside its background), else the dateline's place. Only an event that names no place in its
   sentence and tells nobody's death or injury outside the lead ("It made no mention of anyone being
   abducted") is still dropped: such readings are mostly words that name no event.
"""
from __future__ import annotations

from .analysis import Sentence
from .events import COUNTRY, Draft
from .knowledge import PRECISION_RANK, Knowledge, knowledge
from .places import area_of, around_at, away_at, more_precise, place_context, place_groups, resolve


def _rank(place_id: str | None, kb: Knowledge) -> int:
    return -1 if place_id is None else PRECISION_RANK.get(kb.places[place_id].location.precision, 0)


def _inside(place_id: str, country: str, kb: Knowledge) -> bool:
    return place_id == country or country in kb.ancestors(place_id)


def _lead_place(sentences: list[Sentence], paragraph: int | None, country: str | None, kb: Knowledge) -> str | None:
    """The most precise place the paragraph (else the lead's sentences) names after a locative word, inside
    the country if one is given."""
    context = place_context(sentences, kb)
    best = None
    for s in sentences:
        if (s.paragraph != paragraph if paragraph is not None else s.role != "lead") or kb.background.search(s.text):
            continue
        for tok, ids in place_groups(s).items():
            if away_at(s, tok):  # ("evacuees from the towns of Foua and Kefraya")
                continue
            place = resolve(ids, context, kb, s, tok)
            if place and around_at(s, tok):  # ("west of Aleppo", "غرب حلب": its area)
                place = area_of(place, kb)
            if place and place != country and (country is None or _inside(place, country, kb)) \
                    and _rank(place, kb) > _rank(best, kb):
                best = place
    return best


def fill_places(events: list[Draft], sentences: list[Sentence], fallback: str | None,
                roles: tuple[str, ...] = ("title", "lead")) -> None:
    """Give events of these roles that lack a place: a title's event, the place of the lead's event of its
    kind that tells one of its figures (the same news); else the most precise place named beside their actor
    anywhere in the story (but not in a sentence that tells only events of other kinds: "the army retook
    al-Karimah" places no ambush); else, a title's event, the most precise place the lead's sentences name
    (the title tells the lead's news); else ``fallback``."""
    kb = knowledge()
    context = place_context(sentences, kb)
    beside: dict[tuple[str, str], str | None] = {}  # per actor and kind, the most precise place named
    lead: list[str | None] = []  # beside it (read once); the lead's place, read once when needed
    for ev in events:
        if ev.place_id or ev.role not in roles:
            continue
        if ev.role == "title" and ev.claims:  # the title tells the lead's news: the lead's event of its kind
            figures = {(c.kind, c.low) for c in ev.claims}  # that tells one of its figures is the same event
            ev.place_id = next((o.place_id for o in events if o.role == "lead" and o.place_id and not o.vague
                                and o.sub_event_type == ev.sub_event_type
                                and figures & {(c.kind, c.low) for c in o.claims}), None)
            if ev.place_id:
                continue
        if ev.actor1 and (ev.actor1, ev.sub_event_type) not in beside:
            best = None
            for s in sentences:
                kinds = {kb.triggers[t.value].sub_event_type for t in s.of("trigger")}
                if kinds and ev.sub_event_type not in kinds:
                    continue
                if any(a.value == ev.actor1 for a in s.of("actor")):
                    for tok, ids in place_groups(s).items():  # (places only the local gazetteer knows
                        if all(kb.places[i].imported for i in ids):  # are too many to vouch for a title)
                            continue
                        best = more_precise(best, resolve(ids, context, kb, s, tok) or best, kb)
            beside[ev.actor1, ev.sub_event_type] = best
        ev.place_id = beside[ev.actor1, ev.sub_event_type] if ev.actor1 else None
        if ev.place_id is None and ev.role == "title":
            if not lead:
                lead.append(_lead_place(sentences, None, None, kb))
            ev.place_id = lead[0]
        ev.place_id = ev.place_id or fallback


def refine_country_events(events: list[Draft], sentences: list[Sentence]) -> None:
    """Step 1: title and lead events placed at the country take the story's more precise place: that of an
    event of their type the title or lead tells, else the place the lead's sentences name, else that of an
    event of their type told later, else the place the lead paragraph names."""
    kb = knowledge()
    lead = next((s.paragraph for s in sentences if s.role == "lead"), None)
    for ev in events:
        if ev.role not in ("title", "lead") or ev.place_id is None:
            continue
        if kb.places[ev.place_id].location.precision != COUNTRY:
            continue
        told = [o for o in events if o is not ev and o.place_id and not o.background and not o.quoted
                and o.event_type == ev.event_type and _rank(o.place_id, kb) > _rank(ev.place_id, kb)
                and _inside(o.place_id, ev.place_id, kb)]
        same = next((o.place_id for o in told if o.role in ("title", "lead")), None)
        if same is None:
            same = _lead_place(sentences, None, ev.place_id, kb)
        if same is None:
            same = next((o.place_id for o in told), None)
        if same is None and lead is not None:
            same = _lead_place(sentences, lead, ev.place_id, kb)
        if same is not None:
            ev.place_id = same


def _area_in(sentences: list[Sentence], kb: Knowledge) -> str | None:
    """The area of the most precise place these sentences name (its governorate when it is a town)."""
    context = place_context(sentences, kb)
    best = None
    for s in sentences:
        for tok, ids in place_groups(s).items():
            if away_at(s, tok):  # ("evacuees from the towns of Foua and Kefraya")
                continue
            place = resolve(ids, context, kb, s, tok)
            place = area_of(place, kb) if place else None
            if place and kb.places[place].location.precision != COUNTRY and _rank(place, kb) > _rank(best, kb):
                best = place
    return best


def keep_unplaced(events: list[Draft], sentences: list[Sentence], main_place: str | None,
                  fallback: str | None) -> None:
    """Step 2: an event with no place takes the area its sentence, then its paragraph names, else the
    area of the report's main place, else the dateline's place; the title's and the lead's, else the area
    the story names."""
    kb = knowledge()
    by_index = {s.index: s for s in sentences}
    story: dict[str, str | None] = {}  # the story's area, read once when needed
    for ev in events:
        if ev.place_id is not None or ev.quoted:
            continue
        s = by_index[ev.sentence]
        ev.place_id = _area_in([s], kb)
        if ev.place_id is None and (ev.claims or ev.role in ("title", "lead")):
            paragraph = [o for o in sentences if o.paragraph == s.paragraph]
            main = area_of(main_place, kb) if main_place else None
            if main and kb.places[main].location.precision == COUNTRY:  # "in Syria": the story may say more
                main = story.setdefault("area", _area_in([o for o in sentences if not kb.background.search(o.text)],
                                                         kb)) or main
            ev.place_id = _area_in(paragraph, kb) or main or fallback
            if ev.place_id is None and ev.role in ("title", "lead"):  # the report's own news is never lost:
                ev.place_id = story.setdefault("area", _area_in(  # the area its story names, at least
                    [o for o in sentences if not kb.background.search(o.text)], kb))


def _governorate(place_id: str, kb: Knowledge) -> str | None:
    return kb.places[place_id].location.admin1


def _title_place(sentences: list[Sentence], kb: Knowledge) -> str | None:
    titles = [s for s in sentences if s.role == "title"]
    context = place_context(sentences, kb)
    best = None
    for s in titles:
        for tok, ids in place_groups(s).items():
            place = resolve(ids, context, kb, s, tok)
            if place and kb.places[place].location.precision != COUNTRY and _rank(place, kb) > _rank(best, kb):
                best = place
    return best


def follow_the_title(events: list[Draft], sentences: list[Sentence]) -> None:
    """Step 3: a title that tells no event of its own but names where ("Syrian Army Kills 48 ISIL Terrorists
    in Deir Ezzor") says which of the lead's events is the news: those in the title's governorate stay the
    main events, the lead's others (a round-up's other fronts) are told as secondary."""
    kb = knowledge()
    if any(ev.role == "title" for ev in events):
        return
    place = _title_place(sentences, kb)
    if place is None:
        return
    governorate = _governorate(place, kb)
    lead = [ev for ev in events if ev.role == "lead" and ev.place_id and not ev.background]
    agree = [ev for ev in lead if _governorate(ev.place_id, kb) == governorate]
    if agree:
        for ev in lead:
            if ev not in agree:
                ev.role = "body"


def title_of_fronts(events: list[Draft], sentences: list[Sentence]) -> None:
    """Step 0: a title that names places in several governorates ("Ten civilians injured in terrorist attacks
    in Daraa countryside, Aleppo, Damascus") tells a round-up: its event is told first in the lead, so it takes
    the place of the lead's first event of its kind (of any kind, when the title's is vague: "attacks") in one
    of those governorates, not the most precise of its own names."""
    kb = knowledge()
    context = place_context(sentences, kb)
    named: set[str] = set()
    for s in sentences:
        if s.role == "title":
            named |= {_governorate(p, kb) for tok, ids in place_groups(s).items()
                      if (p := resolve(ids, context, kb, s, tok)) and kb.places[p].location.precision != COUNTRY}
    named.discard(None)
    titles = [ev for ev in events if ev.role == "title"]
    if len(named) < 2 or len(titles) != 1:  # (a title of two clauses places each: "Kills 18 in X, Advances in Y")
        return
    for ev in titles:
        ev.place_id = next((o.place_id for o in events if o.role == "lead" and o.place_id and not o.background
                            and not o.vague and (o.sub_event_type == ev.sub_event_type or ev.vague)
                            and _governorate(o.place_id, kb) in named), ev.place_id)

