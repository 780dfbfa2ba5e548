"""Events from analysed sentences: type, actors, place, date and salience.

One candidate event is made per trigger ("shelled", "اشتباكات", "car bomb"),
in the scope of the sentence that lies between its neighbouring triggers:

- type: the trigger's ACLED type, refined by its rule (weapons decide between
  air strike, shelling, a device, a suicide or a chemical attack; territory taken
  by the government is "Government regains territory"; see :mod:`.kinds`);
- actors: in English the actor before the trigger (or after "by"/"of"), in
  Arabic the actor right after a trigger (verb-subject order), else before it;
  the other actor named in the scope is actor2 ("Civilians" for violence
  against civilians);
- place: chosen by :mod:`marsad.extraction.places` among the places named in the scope; title
  and lead events without a place take the most precise place named beside
  their actor elsewhere in the story, else the title's or dateline's place;
  "the town"/"المدينة" is the report's main place;
- date: an explicit date in the sentence ("May 9" takes the report's year), else a weekday or relative
  word resolved against the report's date (the text's dateline, else the publication date), the day
  nearest the event word when the sentence tells two; see :mod:`.dating` (the stage dates the rest);
- salience: background when the sentence marks the past (a past year, "in
  December 2017", "وكان ... قد"), or its date lies 30+ days before publication;
  main for events of the title and the lead paragraph; else secondary.

Candidates of one type with compatible actors, places and dates are merged by
:mod:`.merging` (mentions of one event; a dateline's date gives way to the date
a later sentence tells), and events with no place are dropped: ACLED codes no
event without a location.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Callable

from ..model import Claim, Event
from .agency import alleged, civilians_hit, habitual, intended, repels, tells
from .analysis import Item, Quotes, Sentence
from .dating import dateline_dated, event_date
from .implicit import KILLING, implicit_triggers, joined_killing, killing_verbs
from .kinds import (
    NOT_AGENTS,
    REMOTE,
    STATE_TYPES,
    UNIDENTIFIED,
    best_per_token,
    cancelled,
    one_event_per_clause,
    priority,
    refine,
    vague,
)
from .knowledge import Knowledge, knowledge
from .matcher import variants
from .places import choose_place, compatible_place, names_taken, place_context, words

AGENT_AFTER = 5  # the most words between an event word and "by X" ("قتل سبعة مدنيين على يد قوات النظام")
APPOSITION_TOKENS = 6  # a generic actor followed this closely by a named one of its side is that one
BACKGROUND_DAYS = 30
NEWS_DAYS = 3  # a day this close before the report is the news, whatever past the sentence also recalls
GENERIC_ACTORS = {"Syrian rebels", "Syrian government forces"}
INTERVENTION = "Protest with intervention"
DISTINCT_SUBTYPES = {"Strategic developments", "Violence against civilians"}  # never one event of two sub-types
COUNTRY = "country"
EXCESSIVE_FORCE = "Excessive force against protesters"


@dataclass(kw_only=True)
class Draft:
    """An event being built; frozen into :class:`~marsad.model.Event` at the end."""

    event_type: str
    sub_event_type: str
    priority: int
    actor1: str | None
    actor2: str | None
    place_id: str | None
    date: date | None
    date_precision: str | None
    background: bool
    role: str  # the sentence's role: title, lead, body
    quoted: bool  # read inside quotation marks (a statement, not the report's own account)
    refers: bool = False  # "the attack" with no place of its own: a mention of an event told already
    locates: bool = False  # opens on a definite event word ("The assault targeted IS positions south of Ras
    # al-Ain"): it may say where an event told already was
    dateline: bool = False  # its date is the report's dateline ("DAMASCUS, May 9 (Reuters) -"), not the story's
    vague: bool = False  # "a massacre", "مجزرة" with no weapon named: any event of the place may be it
    repelled: bool = False  # its actor2 repelled it ("repelled an attack by IS"): the sides are sure
    rule: str | None = None  # its event word's rule (data/<lang>/events.json): "departure", "deal" ...
    sentence: int
    start: int
    end: int
    claims: list[Claim] = field(default_factory=list)


# -- actors -------------------------------------------------------------------------------------
def _actor_items(s: Sentence, lo: int, hi: int) -> list[Item]:
    seen, out = set(), []
    for item in s.starting("actor", lo, hi):
        if item.tok not in seen:
            seen.add(item.tok)
            out.append(item)
    return out


def _specific(s: Sentence, actor: Item, kb: Knowledge) -> str:
    """A generic actor ("the factions", "regime forces") named more precisely right after it."""
    if actor.value not in GENERIC_ACTORS and actor.value != UNIDENTIFIED:
        return actor.value
    side = kb.actors[actor.value].side
    nearby = s.ending("actor", actor.tok - 1, actor.tok) + list(
        s.starting("actor", actor.tok_end, actor.tok_end + APPOSITION_TOKENS + 1))  # (in sentence order)
    for other in nearby:
        if other.value in GENERIC_ACTORS | {UNIDENTIFIED} or kb.actors[other.value].inter in NOT_AGENTS:
            continue
        before = actor.tok - 1 <= other.tok_end <= actor.tok  # "Syrian National Army factions", "IS gunmen"
        after = actor.tok_end <= other.tok <= actor.tok_end + APPOSITION_TOKENS  # "the factions, led by X"
        if before and (actor.value == UNIDENTIFIED or kb.actors[other.value].side == side):
            return other.value
        if after and actor.value != UNIDENTIFIED and kb.actors[other.value].side == side:
            return other.value
    return actor.value


def _is_victim(s: Sentence, actor: Item) -> bool:
    """The actor is named as whose people were hit: "dozens of regime fighters", "34 members of the ...",
    "a former commander of the opposition factions", "rebel commander", "قياديا سابقا في فصائل المعارضة";
    not when a word between names the cause: "killed in Russian strikes", "قتلوا بغارات روسية"; nor when an
    Arabic killing verb has it for its subject, its count after it ("قتلت الطائرات الروسية 12 عنصراً")."""
    cause = words("cause_before")
    if _member_of(s, actor):
        return True
    verb = s.tokens[actor.tok - 1].text if actor.tok else ""
    subject = verb in killing_verbs(knowledge()) and not verb.isascii() and bool(
        s.near(actor.tok_end, actor.tok_end, "num", "vague", "dual"))
    return not subject and any(not (i.kind == "num" and 1900 <= i.value <= 2100)
                               and not any(s.tokens[t].text.lower() in cause for t in range(i.tok_end, actor.tok))
                               for kind in ("kind", "num", "vague") for i in s.ending(kind, actor.tok - 3, actor.tok))


def _former_member(s: Sentence, actor: Item) -> bool:
    """ "a former rebel commander", "قياديا سابقا في فصائل المعارضة": the actor names a group its man has
    left; no side of the event."""
    former = words("former")
    before = {t.text for t in s.tokens[max(0, actor.tok - MEMBER_REACH - 2):actor.tok]}  # ("a former commander
    return bool(former & before) and _member_of(s, actor)  # of the opposition factions")


MEMBER_REACH = 3  # "a commander of the opposition factions", "قياديا سابقا في فصائل": the noun this close before


def _member_of(s: Sentence, actor: Item) -> bool:
    """The actor names the group of one of its people named beside it: "rebel commander", "HTS officer", "a
    senior commander of the factions", "قيادي في فصائل المعارضة" (a former one names no side at all:
    :func:`_former_member`)."""
    members = words("ranks")
    after = s.tokens[actor.tok_end].text if actor.tok_end < len(s.tokens) else ""
    if after in members and after.isascii():  # ("rebel commander"; in Arabic the rank comes first)
        return True
    lo = max(-1, actor.tok - 1 - MEMBER_REACH)
    if not any(s.tokens[n].text in members for n in range(actor.tok - 1, lo, -1)):
        return False
    joins = words("partitive") | words("locative") | words("determiners") | words("rank_modifiers") | words("former")
    for n in range(actor.tok - 1, lo, -1):
        w = s.tokens[n].text
        if w in members:
            return n < actor.tok - 1  # (a join between: "commander of", "قيادي في")
        if w not in joins:
            return False
    return False


def _counted_of(s: Sentence, actor: Item) -> bool:
    """ "يقتل 18 إرهابيا من داعش": the actor after a count and a partitive word names whose people were hit
    (in Arabic an actor after the count is otherwise the one who acted: "مقتل مدنيين برصاص مسلحين")."""
    return actor.tok > 0 and s.tokens[actor.tok - 1].text in words("partitive")


def _holds(s: Sentence, actor: Item) -> bool:
    """ "a Daesh-held town", "rebel-controlled areas", "Assad supporters", "مؤيدا للأسد": the actor names who
    holds a place or whom people back, not who acted."""
    if actor.tok and s.tokens[actor.tok - 1].text in words("supporter_before") | words("frontier_nouns"):
        return True  # (also the ground of a country: "نحو الحدود التركية", toward the Turkish border)
    return actor.tok_end < len(s.tokens) and s.tokens[actor.tok_end].text in words("holder_after")


def _actors(s: Sentence, trigger: Item, lo: int, hi: int, arabic: bool,
            kb: Knowledge) -> tuple[str | None, str | None, bool]:
    """actor1, actor2, and whether actor2 stands after the trigger (its target)."""
    named = _actor_items(s, lo, hi)
    tellers = {a.value for a in named if tells(s, a)}  # ("the Kurdish security forces, the Asayish, said")
    found = [a for a in named if kb.actors[a.value].inter not in NOT_AGENTS and a.value not in tellers
             and kb.actors[a.value].type != "political"  # a coalition that condemns, a government that says
             and not _former_member(s, a)]
    before = [a for a in found if a.tok < trigger.tok]  # an actor may hold the trigger: "Turkish drone strike"
    holder = [a for a in found if a.tok == trigger.tok < trigger.tok_end < a.tok_end]  # ... "الطائرات الروسية"
    after = [a for a in found if a.tok >= trigger.tok_end]
    before = [a for a in before if not _holds(s, a)  # "a Daesh-held town" names no side of the event, nor
              and (arabic or not a.tok or s.tokens[a.tok - 1].text not in words("governing"))]  # "with Turkey"
    after = [a for a in after if not _holds(s, a)]
    hit = [a for a in before + (after if not arabic else [a for a in after if _counted_of(s, a) or _member_of(s, a)])
           if _is_victim(s, a)]  # "ISIS kills dozens of regime fighters", "strikes kill 20 IS militants": the side hit
    before = [a for a in before if a not in hit] + holder
    after = [a for a in after if a not in hit]
    target_words = words("target_before")

    def prev_word(a: Item) -> str:
        return s.tokens[a.tok - 1].text if a.tok else ""

    def targeted(a: Item) -> bool:
        return any(s.tokens[t].text in target_words for t in range(max(0, a.tok - 2), a.tok))

    actor1 = None
    recipient = words("recipient_before")
    if arabic and after and after[0].tok - trigger.tok_end <= 3 and prev_word(after[0]) not in recipient \
            and not targeted(after[0]):
        actor1 = after[0]
    elif after and prev_word(after[0]) in words("agent_after") and after[0].tok - trigger.tok_end <= AGENT_AFTER:
        actor1 = after[0]
    elif before:
        actor1 = before[-1]
        conjunctions = words("conjunctions")
        for earlier in reversed(before[:-1]):  # "Rebels and regime reach deal": the first of joined subjects
            between = [s.tokens[t].text for t in range(earlier.tok_end, actor1.tok)]
            if between and all(w in conjunctions for w in between):
                actor1 = earlier
    elif after and prev_word(after[0]) not in recipient and not targeted(after[0]):
        actor1 = after[0]
    name1 = _specific(s, actor1, kb) if actor1 else None
    rest = [a for a in after + list(reversed(before)) + hit
            if a is not actor1 and a.value not in (name1, actor1 and actor1.value)]
    if name1:  # the other side first: "factions, represented by X, Y and Z, against the regime"
        side = kb.actors[name1].side
        rest.sort(key=lambda a: kb.actors[a.value].side == side)
    actor2 = rest[0].value if rest else None
    return name1, actor2, bool(rest and rest[0].tok >= trigger.tok_end)


# -- types and dates ----------------------------------------------------------------------------
def _is_background(s: Sentence, when: date | None, precision: str | None, published: date | None,
                   kb: Knowledge) -> bool:
    """The sentence tells the past: a cue ("in 2016", "months-long", "وكانت ... قد") unless it tells a day
    of the news ("pounded Kafr Nabl on Monday, as a months-long offensive ..."), or a date long before."""
    if when and published and (published - when).days >= BACKGROUND_DAYS:
        return True
    news_day = bool(when and published and precision == "day" and 0 <= (published - when).days <= NEWS_DAYS)
    return not news_day and bool(kb.background.search(s.text))


def _clause_date(s: Sentence, published: date | None, at: int) -> dict:
    """The date of the event whose word is at token ``at`` (see :func:`.dating.event_date`)."""
    when, precision = event_date(s, published, at)
    return {"date": when, "date_precision": precision}


# -- building -----------------------------------------------------------------------------------
def drafts(sentences: list[Sentence], published: date | None, arabic: dict[int, bool], text: str) -> list[Draft]:
    """One draft event per trigger of every sentence."""
    kb = knowledge()
    context = place_context(sentences, kb)
    paragraph_start: dict[int, int] = {}
    for s in sentences:
        paragraph_start.setdefault(s.paragraph, s.start)
    out: list[Draft] = []
    in_quotes = Quotes(text)
    for s in sentences:
        triggers = best_per_token(s.of("trigger"), kb)
        if habitual(s):  # "has been hit repeatedly": a pattern, no event
            continue
        dead = {t.tok for t in triggers if cancelled(s, t) or alleged(s, t) or intended(s, t)}  # what did not
        live = [t for t in triggers if t.tok not in dead]  # happen, an accusation, an aim: no events
        if live:
            triggers = implicit_triggers(s, kb, before=live[0].tok) + triggers + joined_killing(s, live, kb)
        else:
            triggers = implicit_triggers(s, kb)
        if not triggers:
            continue
        when, precision = event_date(s, published)
        dateline = dateline_dated(s, published, paragraph_start.get(s.paragraph))
        background = _is_background(s, when, precision, published, kb)
        first: Draft | None = None
        repeller: str | None = None
        for n, trig in enumerate(triggers):
            if trig.tok in dead and trig.kind == "trigger":
                continue
            lo = triggers[n - 1].tok_end if n else 0
            hi = triggers[n + 1].tok if n + 1 < len(triggers) else len(s.tokens)
            actor1, actor2, targeted = _actors(s, trig, lo, hi, arabic.get(s.index, False), kb)
            if repels(s, trig, triggers, n):  # "repelled an attack by IS": the attack's other side
                repeller = actor1
                continue
            repelled = bool(repeller and actor2 in (None, actor1))
            if repelled:
                actor2, repeller = repeller, None
            # "X attacked ... and took control", "Army retakes X, kills 50 in Y": one subject
            opened = KILLING in (trig.kind, triggers[0].kind)  # (a killing's subject is the next predicate's)
            if first is not None and (_conjoined(s, trig) or actor1 is None and opened):
                actor1, actor2 = first.actor1, first.actor2 if actor2 in (None, first.actor1) else actor2
            event_type, sub = refine(trig, s, lo, hi, actor1, actor2 if targeted else None, kb)
            if first is not None and _conjoined(s, trig) and sub == first.sub_event_type \
                    and not names_taken(s, trig, kb):  # "stormed Darat Izza and took control of it": one capture
                continue
            if actor2 is None and (event_type == "Violence against civilians" or (
                    event_type == REMOTE and civilians_hit(s, lo, hi))):  # ACLED's actor2: the civilians hit
                actor2 = "Civilians" if "Civilians" in kb.actors else None
            if event_type == "Protests":
                sub = _protest_kind(s, lo, hi, sub, trig)
                actor1, actor2 = "Protesters", actor1 or actor2
            elif event_type == "Riots":
                actor1, actor2 = "Rioters", actor1 or actor2

            out.append(Draft(event_type=event_type, sub_event_type=sub, priority=priority(trig, sub, kb),
                             actor1=actor1, actor2=actor2, place_id=choose_place(s, lo, hi, trig, context, kb),
                             **_clause_date(s, published, trig.tok), dateline=dateline, background=background,
                             role=s.role, repelled=repelled, rule=kb.triggers[trig.value].rule,
                             quoted=in_quotes(trig, paragraph_start.get(s.paragraph, s.start)),
                             refers=_refers(s, trig, lo, hi, kb), locates=trig.tok <= 2 and _definite(s, trig),
                             sentence=s.index, start=s.start, end=s.end,
                             vague=trig.kind == KILLING or vague(trig, event_type, kb)))
            first = first or out[-1]
    return _fighting_around(one_event_per_clause(out))


def _fighting_around(drafts_: list[Draft]) -> list[Draft]:
    """ "... hit by shelling, as fighting for the city entered its second week", "في وقت تتواصل فيه المعارك":
    fighting that names no other side, told after a strike or an attack of the same side and place in one
    sentence, is the setting of that event, not an event of its own."""
    kb = knowledge()
    out: list[Draft] = []
    for d in drafts_:  # (the strike told first, the fighting after it)
        if d.sub_event_type == "Armed clash" and not d.vague and d.actor2 is None and any(
                o.sentence == d.sentence and o.event_type in (REMOTE, "Violence against civilians")
                and d.actor1 in (None, o.actor1) and compatible_place(d.place_id, o.place_id, kb) for o in out):
            continue
        out.append(d)
    return out


def _refers(s: Sentence, trig: Item, lo: int, hi: int, kb: Knowledge) -> bool:
    """A definite trigger ("the attack", "التفجير") with no place in its scope may name an earlier event."""
    return not s.starting("place", lo, hi) and _definite(s, trig)


def _definite(s: Sentence, trig: Item) -> bool:
    prev = s.tokens[trig.tok - 1].text if trig.tok else ""
    return prev in words("determiners") or s.tokens[trig.tok].text.startswith("ال")


GRIEVANCE_REACH = 3  # "protesting the killing of a young man": a casualty word this close after the protest


def _protest_kind(s: Sentence, lo: int, hi: int, sub: str, trig: Item) -> str:
    """Protesters shot at are met with excessive force; dispersed or arrested, with intervention. A casualty
    word right after the protest word names what the crowd protests ("protesting the killing of",
    "احتجاجا على مقتل"), not what was done to it."""
    cancel = words("cancel_before") | words("release_before")  # "الإفراج عن المعتقلين": a demand, no arrest
    grievance = words("grievance_before")  # "over the killing of", "تنديدا بمقتل"
    kinds = {i.value for i in s.starting("kind", lo, hi)
             if not any(cancel.intersection(variants(s.tokens[t].text)) for t in range(max(0, i.tok - 3), i.tok))
             and not 0 <= i.tok - trig.tok_end <= GRIEVANCE_REACH
             and not grievance.intersection(t.text for t in s.tokens[max(0, i.tok - 2):i.tok])}
    if kinds & {"killed", "injured"}:
        return EXCESSIVE_FORCE
    if kinds & {"captured"} or s.starting("intervention", lo, hi):
        return INTERVENTION
    return sub


def _conjoined(s: Sentence, trigger: Item) -> bool:
    """The trigger opens a predicate joined to an earlier one: "... and took control", "... وسيطرت"."""
    if trigger.tok == 0:
        return False
    prev = s.tokens[trigger.tok - 1].text
    own = s.tokens[trigger.tok].text
    return prev in words("conjunctions") or (own.startswith("و") and len(own) > 3 and own not in words("waw_words"))


def state_force(name: str | None, kb: Knowledge) -> str | None:
    """A unit of a state's forces (Republican Guard, Quds Force) stands for that state's forces, as in ACLED."""
    seen = set()
    while name and name not in seen and kb.actors[name].type in STATE_TYPES:
        seen.add(name)
        parent = kb.actors[name].parent
        if not parent or parent not in kb.actors or kb.actors[parent].type not in STATE_TYPES:
            break
        name = parent
    return name


def anaphoric_places(events: list[Draft], sentences: list[Sentence], main_place: str | None) -> None:
    """An event told of "the town" / "المدينة" without naming it happened in the report's main place."""
    if main_place is None:
        return
    by_index = {s.index: s for s in sentences}
    anaphora = words("anaphora")
    refers: dict[int, bool] = {}  # per sentence: does it speak of "the town" without naming it?
    for ev in events:
        if ev.place_id is not None:
            continue
        if ev.sentence not in refers:
            s = by_index[ev.sentence]
            named = {t for i in s.of("place") for t in range(i.tok - 2, i.tok)}  # "the town of Douma" names it
            spread_before = words("spread_before")
            spread = {n + 1 for n, t in enumerate(s.tokens) if t.text in spread_before}  # "across the area"
            refers[ev.sentence] = any(t.text in anaphora and n not in named | spread and not _indefinite(s, n)
                                      for n, t in enumerate(s.tokens))
        if refers[ev.sentence]:
            ev.place_id = main_place


def _indefinite(s: Sentence, n: int) -> bool:
    """ "a rebel-held town in the north": the noun names a place of its own, not the report's."""
    before = [t.text for t in s.tokens[max(0, n - 3):n]]
    last = max((k for k, w in enumerate(before) if w in words("indefinite") | words("determiners")), default=None)
    return last is not None and before[last] in words("indefinite")


def freeze(doc_id: str, drafts_: list[Draft], text: str,
           confidence: Callable[[str], str] = lambda place_id: "high") -> tuple[Event, ...]:
    """The events of the drafts kept; ``confidence`` says how sure the reading of each place was."""
    kb = knowledge()
    events = []
    main_seen = any(d.role in ("title", "lead") and not d.background for d in drafts_)
    for n, d in enumerate(drafts_):  # (an event told at the country alone is kept only as the report's news,
        # with a side or a toll of its own)
        if d.background:
            salience = "background"
        elif d.role in ("title", "lead") or (not main_seen and n == 0):
            salience = "main"
        else:
            salience = "secondary"
        named = d.actor1 not in (None, "Protesters", "Rioters")  # (ACLED's names for crowds name no side)
        if kb.places[d.place_id].location.precision == COUNTRY and (salience != "main" or not (named or d.claims)):
            continue  # "the war has killed 300,000", "the price of bombardment": no incident of its own
        actor1, actor2 = state_force(d.actor1, kb), state_force(d.actor2, kb)
        events.append(Event(id=f"{doc_id}-e{len(events) + 1}", event_type=d.event_type, sub_event_type=d.sub_event_type,
                            actor1=actor1, actor2=actor2 if actor2 != actor1 else None,
                            location=kb.places[d.place_id].location, location_confidence=confidence(d.place_id),
                            date=d.date, date_precision=d.date_precision, salience=salience,
                            claims=tuple(d.claims), start=d.start, end=d.end, evidence=text[d.start:d.end]))
    return tuple(events)


