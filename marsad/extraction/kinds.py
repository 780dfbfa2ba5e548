"""What kind of event a trigger tells: its ACLED type and sub-type, refined by the trigger's rule and the words
around it, and whether it tells an event at all.

- :func:`refine`: weapons decide a remote-violence sub-type (``weapon_rules`` of ``data/acled.json``: warplanes
  and barrel bombs an air strike, rockets and mortars shelling, a chemical agent a chemical weapon, a suicide
  bomber a suicide bomb); a state actor's "bombing" is an air strike, an air power's "strikes" too; an "attack"
  with no armed opponent by a state actor is shelling; territory taken by the government's side is
  *Government regains territory*, by anyone else *Non-state actor overtakes territory*, by a convoy that
  merely moves in nothing (*Other*); gunmen who shoot dead a fighter fight an armed clash, a civilian an attack;
  gunfire is no shelling; Israel's missiles are fired from the air;
- :func:`priority`: how telling a reading is when mentions of one event merge;
- :func:`vague`: words that tell violence but not its kind ("a massacre", "terrorist attacks on Aleppo");
- :func:`cancelled`: a trigger that names what did not happen ("to end the fighting", "an operation to retake
  Raqqa", "captured 20 soldiers" where no place was taken, a drone that was shot down);
- :func:`one_event_per_clause`: parts of one event told in one sentence make no events of their own;
- :func:`best_per_token`: one trigger reading per phrase.
"""
from __future__ import annotations

from typing import TypeVar

from .analysis import Item, Sentence
from .knowledge import Knowledge, knowledge
from .places import compatible_place, seat_of_area, words

STATE_TYPES = {"state forces", "foreign state forces", "coalition"}
NOT_AGENTS = {6, 7}  # protesters and civilians: ACLED names them by the event type, never by the words
CIVILIAN_VICTIMS = {"civilians", "children", "women", "people", "families"}
COMBATANT_VICTIMS = {"security personnel", "government forces", "fighters"}
REMOTE = "Explosions/Remote violence"
SHELLING = "Shelling/artillery/missile attack"
UNIDENTIFIED = "Unidentified Armed Group"
TERRITORY = ("Government regains territory", "Non-state actor overtakes territory")
TRANSFER = "Non-violent transfer of territory"
LOOTING = "Looting/property destruction"
ABDUCTION = "Abduction/forced disappearance"
STRIKES = {"Air/drone strike", "Shelling/artillery/missile attack"}
VIOLENT = {"Battles", REMOTE, "Violence against civilians"}
CAPTURE_RULES = ("territory", "entry", "passive")
TELLING = {"Air/drone strike", "Chemical weapon", "Suicide bomb"}
GUESS = 1  # how telling a kind guessed from a killing alone is
KILLED_BY = {"Remote explosive/landmine/IED", "Suicide bomb", "Grenade", "Air/drone strike"}  # "assassinated by"
AGREEMENT = "Agreement"
RIOTS = {"Violent demonstration", "Mob violence"}
VICTIM_REACH = 4  # the one killed is named this close to the killing word
D = TypeVar("D")  # an event being built (events.Draft)


def refine(trigger_item: Item, s: Sentence, lo: int, hi: int, actor1: str | None, target: str | None,
           kb: Knowledge) -> tuple[str, str]:
    """The trigger's type and sub-type, refined by its rule; ``target`` is an actor named after it."""
    trig = kb.triggers[trigger_item.value]
    armed_target = target is not None and kb.actors[target].inter not in NOT_AGENTS
    if trig.rule == "attack" and armed_target:  # "attacked SNA positions with heavy weapons and drones": a battle
        return trig.event_type, trig.sub_event_type
    remote = _remote_kind(trigger_item, s, lo, hi, actor1, kb)
    if remote is not None:
        return remote
    if trig.rule == "attack":
        return _attack_kind(trigger_item, s, hi, actor1, kb)
    if trig.rule in CAPTURE_RULES:
        return _capture_kind(s, actor1, kb)
    if trig.rule == "killing" and (armed_target or _combatant_victim(s, trigger_item, hi)):
        return "Battles", "Armed clash"  # gunmen who shoot dead a fighter or a soldier fight an armed actor
    return trig.event_type, trig.sub_event_type


def _remote_kind(trigger_item: Item, s: Sentence, lo: int, hi: int, actor1: str | None,
                 kb: Knowledge) -> tuple[str, str] | None:
    """The remote-violence kind the weapons named (or the striker) give the trigger, if any."""
    trig = kb.triggers[trigger_item.value]
    weapons = {w.value for kind in ("weapon", "means") for w in s.starting(kind, lo, hi)}
    if trig.rule == "bomb":  # a bomb's payload is named beside it: "bombs containing sarin", "chlorine bombs"
        near = (trigger_item.tok - PAYLOAD_REACH, trigger_item.tok_end + PAYLOAD_REACH)
        weapons = {w.value for w in s.starting("weapon", lo, hi)} | {w.value for w in s.starting("means", *near)}
    by_weapon = next((kb.weapon_sub_types[w] for w in kb.weapon_rules.get(trig.rule or "", ()) if w in weapons), None)
    if by_weapon is None and trig.rule == "strike" and "shelling" not in weapons and s.starting("firearm", lo, hi):
        return _shooting(s, trigger_item, hi)  # "targeted HTS positions with heavy machine guns": gunfire
    if actor1 in kb.air_missiles and by_weapon in (None, SHELLING) and trig.event_type == REMOTE \
            and trig.rule != "ground" and not _ground_fire(s, lo, hi):
        return REMOTE, "Air/drone strike"  # "Israeli missiles targeted ...": fired from its warplanes
    if by_weapon:
        return REMOTE, by_weapon
    if trig.rule == "strike" and actor1 in kb.air_powers and not weapons:  # "US strikes", "Russian raids"
        return REMOTE, "Air/drone strike"
    if trig.rule == "bomb" and not _state(actor1, kb):
        return REMOTE, "Remote explosive/landmine/IED"
    return None


def _state(actor: str | None, kb: Knowledge) -> bool:
    return actor is not None and kb.actors[actor].type in STATE_TYPES


def _attack_kind(trigger_item: Item, s: Sentence, hi: int, actor1: str | None, kb: Knowledge) -> tuple[str, str]:
    """An "attack" with no armed opponent and no weapon named: a state's is shelling, one on civilians only
    an attack on civilians, one told with a capture that capture's fighting."""
    trig = kb.triggers[trigger_item.value]
    if any(kb.triggers[t.value].rule in CAPTURE_RULES for t in s.of("trigger")):
        return trig.event_type, trig.sub_event_type  # "recaptured X in a counter-attack": the capture's
    if _state(actor1, kb):
        return REMOTE, SHELLING
    victims = {v.value for v in s.starting("victim", trigger_item.tok_end, hi)}
    if victims & CIVILIAN_VICTIMS and not victims - CIVILIAN_VICTIMS:
        return "Violence against civilians", "Attack"  # gunmen killing civilians fight nobody
    return trig.event_type, trig.sub_event_type


def _capture_kind(s: Sentence, actor1: str | None, kb: Knowledge) -> tuple[str, str]:
    """Ground taken: by the government's side, by anyone else, without a fight, or only a convoy moving in."""
    if _moving(s, kb):  # "a Turkish convoy of 40 tanks entered ...": a movement, nothing taken
        return "Strategic developments", "Other"
    if _unopposed(s):  # "entered the town without a fight"
        return "Strategic developments", TRANSFER
    if actor1 is not None and kb.actors[actor1].side == "government":
        return "Battles", TERRITORY[0]
    return "Battles", TERRITORY[1]


def priority(trig: Item, sub_event_type: str, kb: Knowledge) -> int:
    """How telling a reading is when two of one event merge: the trigger's own, or, when its rule made it an
    air strike, a chemical or a suicide attack ("pounded" with jets named), that sub-type's most telling
    trigger's (a device or shelling read from a bare "bombs" or "strikes" stays as weak as its word)."""
    if trig.kind != "trigger":  # a killing read without an event word: its kind is a guess any word betters
        return GUESS
    own = kb.triggers[trig.value]
    if own.sub_event_type == sub_event_type or sub_event_type not in TELLING:
        return own.priority
    return max((t.priority for t in kb.triggers if t.sub_event_type == sub_event_type), default=own.priority)


def _shooting(s: Sentence, trig: Item, hi: int) -> tuple[str, str]:
    """Gunfire is a battle, or an attack when only civilians are hit."""
    victims = {v.value for v in s.starting("victim", trig.tok_end, hi)}
    if victims and victims <= CIVILIAN_VICTIMS:
        return "Violence against civilians", "Attack"
    return "Battles", "Armed clash"


def _ground_fire(s: Sentence, lo: int, hi: int) -> bool:
    """The clause names a ground weapon (artillery, rockets, mortars), not only missiles."""
    missiles = words("missile_words")
    return any(s.tokens[w.tok].text not in missiles for w in s.starting("weapon", lo, hi) if w.value == "shelling")


def _moving(s: Sentence, kb: Knowledge) -> bool:
    """The sentence tells troops on the move: a convoy, reinforcements ("رتل", "تعزيزات")."""
    return bool(s.of("movement")) or any(kb.triggers[t.value].sub_event_type == "Other" for t in s.of("trigger"))


def _unopposed(s: Sentence) -> bool:
    """ "without a fight", "دون قتال": the place changed hands, nobody fought for it."""
    fight = words("fight_words")
    return any(t.text in words("without") and any(s.tokens[n].text in fight for n in range(i + 1, i + 3)
                                                   if n < len(s.tokens)) for i, t in enumerate(s.tokens))


def _combatant_victim(s: Sentence, trig: Item, hi: int) -> bool:
    """The one killed is a combatant: a fighter or a soldier named right after the killing word ("shot dead a
    fighter of ..."), or a commander or officer named beside it ("اغتيال قيادي في ...", "HTS commander shot")."""
    agents = {n for a in s.of("actor") for n in range(a.tok, a.tok_end)}  # "by unidentified gunmen": no victim
    former = words("former")  # "a former rebel commander", "قياديا سابقا": a combatant no more, a civilian
    named = [v for v in s.starting("victim", trig.tok_end, min(hi, trig.tok_end + VICTIM_REACH))
             if v.tok not in agents and s.tokens[v.tok].text not in words("not_combatant_alone")
             and not former.intersection(t.text for t in s.tokens[max(0, v.tok - 2):v.tok_end + 1])]
    victims = {v.value for v in named}
    if victims & CIVILIAN_VICTIMS:
        return False
    beside = range(max(0, trig.tok - VICTIM_REACH), min(len(s.tokens), trig.tok_end + VICTIM_REACH))
    return bool(victims & COMBATANT_VICTIMS) or any(
        s.tokens[n].text in words("combatant_nouns") and not former.intersection(
            t.text for t in s.tokens[max(0, n - 2):n + 2]) for n in beside)


def vague(trig: Item, event_type: str, kb: Knowledge) -> bool:
    """A word that tells violence but not its kind ("a massacre", "terrorist attacks on Aleppo", "an IS attack
    on Kurdish positions": no weapon named, whoever was hit): the event of the story it names may tell its
    kind (a rocket attack, a suicide bomber)."""
    rule = kb.triggers[trig.value].rule
    if rule == "massacre":
        return event_type == "Violence against civilians"
    return rule == "attack" and event_type in ("Battles", "Violence against civilians")


def one_event_per_clause(drafts_: list[D]) -> list[D]:
    """Parts of one event told in one sentence make no events of their own: air defences that intercept
    the strike told beside them; the fighting of a capture ("took X after clashes with Y": Y lost X) and the
    other side's withdrawal ("after IS withdrew": a capture still, a transfer only "without a fight"); the
    fighting ended by a surrender or evacuation; the terms of a deal told with it; a convoy or reinforcements
    that were attacked; a place a crowd stormed. A place entered after a handover or under a deal, with no
    fighting told, changed hands without a fight. Looting and destruction hit civilians (actor2)."""
    kb = knowledge()
    capture_priorities = {t.priority for t in kb.triggers if t.rule in CAPTURE_RULES}
    told: dict[int, set[str]] = {}
    violent: set[int] = set()  # sentences that tell a violent event in words that say its kind
    captures: dict[int, list[D]] = {}
    for d in drafts_:
        told.setdefault(d.sentence, set()).add(d.sub_event_type)
        if d.event_type in VIOLENT and not d.vague:
            violent.add(d.sentence)
        if d.sub_event_type in TERRITORY or d.sub_event_type == TRANSFER and d.priority in capture_priorities:
            captures.setdefault(d.sentence, []).append(d)
    handed = {d.sentence for d in drafts_ if d.sub_event_type in (TRANSFER, AGREEMENT)
              and d.rule not in (*CAPTURE_RULES, "departure", "withdrawal")}  # (a withdrawal may end a fight)
    for sentence, taken in captures.items():  # "entered Manbij after the SDF handed over positions under a
        if sentence in handed and "Armed clash" not in told[sentence]:  # deal": no fight
            for c in taken:
                c.event_type, c.sub_event_type = "Strategic developments", TRANSFER
    out = []
    for d in drafts_:
        here, taken = told[d.sentence], captures.get(d.sentence, [])
        fighting = d.sub_event_type == "Armed clash"
        if d.sub_event_type == "Disrupted weapons use" and here & STRIKES:
            continue
        if d in taken and here & RIOTS:
            continue  # "angry residents stormed a checkpoint and set fire to it": the riot's, no capture
        if taken and d not in taken and (fighting or d.sub_event_type == TRANSFER) and any(
                _same_place(c, d, kb) for c in taken):  # ("kills 18 in Deir Ezzor, advances in Jobar": two)
            for capture in taken:
                _other_side(capture, d)
            continue
        if fighting and not d.vague and TRANSFER in here:
            continue
        if d.sub_event_type in (AGREEMENT, TRANSFER) and here >= {AGREEMENT, TRANSFER} and any(
                o is not d and o.sentence == d.sentence and o.sub_event_type in (AGREEMENT, TRANSFER)
                and o.sub_event_type != d.sub_event_type for o in out):
            continue  # "reached a deal providing for the fighters' exit": the deal, its terms are no event yet
        if d.sub_event_type == "Other" and d.sentence in violent:
            continue
        if d.sub_event_type == LOOTING:  # ACLED: the property looted or destroyed is civilians'
            d.actor2 = "Civilians"
        out.append(d)
    _captors_decide([c for group in captures.values() for c in group], [d for d in out if d.role != "body"])
    return out


def _other_side(capture: D, part: D) -> None:
    """The side the capture's sentence names beside it (fighting it, or withdrawing) lost the place."""
    if not capture.actor2:
        capture.actor2 = next((a for a in (part.actor1, part.actor2) if a and a != capture.actor1), None)


def _captors_decide(captures: list[D], leading: list[D]) -> None:
    """Captures of one place are one reading: a capture told without its captor ("Army establishes control
    over X", no army read, or "terrorists" read) is typed as the one that names it, else by the side the
    title or lead shows fighting the same enemy there ("Syrian Army kills 48 ISIL terrorists in Deir Ezzor":
    merging gives it that captor); one told as taken by force as one told taken without a fight."""
    kb = knowledge()
    for n, c in enumerate(captures):  # (within a window: a list of a thousand incidents costs linear time)
        near = captures[max(0, n - CAPTURE_WINDOW):n + CAPTURE_WINDOW]
        same = [o for o in near if o is not c and _same_place(o, c, kb)]
        if c.sub_event_type in TERRITORY and any(o.sub_event_type == TRANSFER and o.actor1 == c.actor1 for o in same):
            c.event_type, c.sub_event_type = "Strategic developments", TRANSFER
        elif c.actor1 in (None, UNIDENTIFIED) and c.sub_event_type in TERRITORY:
            told = next((o for o in same if o.actor1 not in (None, UNIDENTIFIED) and o.sub_event_type in TERRITORY),
                        None) or next((o for o in leading if o.actor1 not in (None, UNIDENTIFIED) and c.actor2
                                       and o.actor2 == c.actor2 and _same_place(o, c, kb)), None)
            if told is not None and told.sub_event_type not in TERRITORY:
                side = kb.actors[told.actor1].side == "government"
                c.sub_event_type = TERRITORY[0] if side else TERRITORY[1]
            elif told is not None:
                c.sub_event_type = told.sub_event_type


def _same_place(a: D, b: D, kb: Knowledge) -> bool:
    return compatible_place(a.place_id, b.place_id, kb) or seat_of_area(a.place_id, b.place_id, kb)


CAPTURE_WINDOW = 50  # captures told this close in a report may be one capture
FIRE_REACH = 4  # "قذائف هاون أطلقها": the fired weapon's word stands this close before the firing word
ENTRY_REACH = 10  # a word that takes a place only when one follows ("entered", "دخلت") finds it this close
SUPPORT_REACH = 3  # "backed by Russian air strikes": the support word stands this close before the strike
REFERENCE_REACH = 7  # "just days after a deadly Assad regime chemical attack": the cue this close before
PAYLOAD_REACH = 3  # "bombs containing sarin": the agent a bomb carries is named this close to it
SINCE_REACH = 4  # "since the town's recapture": the "since" stands this close before the event word
PRELUDE_REACH = 5  # "captured X after a day of heavy bombardment": the "after" stands this close before


def cancelled(s: Sentence, trig: Item) -> bool:
    """ "to end the fighting", "دون قتال": the event word names what did not happen; "captured 20 soldiers",
    "دخل الاتفاق حيز التنفيذ": a word that takes a place only when one follows it took none; "backed by
    Russian air strikes", "... after a day of bombardment": the support or the prelude of a capture; "in
    response to a chemical attack", "since the town's recapture": an event told already; "plotting attacks":
    one planned; "fired" with no weapon after it; a killing word beside the strike or the bomb that killed
    ("اغتيل ... بانفجار عبوة ناسفة")."""
    kb = knowledge()
    trigger = kb.triggers[trig.value]
    rule = trigger.rule
    near = [t.text for t in s.tokens[max(0, trig.tok - PRELUDE_REACH):trig.tok]]
    before = near[-2:]
    skip = words("determiners")
    if any(w in words("cancel_before") for w in before if w not in skip and w not in ("the", "ال")):
        return True
    if words("response_before").intersection(near):
        return True  # "in response to a chemical attack", "ردا على الهجوم": the event answered, told already
    if _since(s, trig):  # "since the town's recapture", "منذ السيطرة": the start of a period, told already
        return True
    if before and before[-1] in words("named_after"):
        return True  # "فصائل التسوية", "مراكز التسوية": a name of a group or a place, no event
    if (trigger.event_type == "Protests" or trigger.sub_event_type == TRANSFER) and _gathering_hit(s, trig, kb):
        return True  # "rebels shelled an election rally", "استهدف حافلات تقل مهجرين": the crowd, the convoy hit
    if trigger.sub_event_type == ABDUCTION and _names_the_held(s, trig):
        return True  # "began to kill abducted Christians", "الرهائن المختطفين": who is held, no new abduction
    if words("plot_before").intersection(near[-3:]):
        return True  # "operatives plotting terrorist attacks", "يخططون لتنفيذ هجمات": planned, not made
    if trigger.event_type == REMOTE or rule == "attack":
        if _intercepted(s, trig, kb) or _part_of_capture(s, trig, kb):
            return True
        if trigger.sub_event_type == "Chemical weapon" and _told_before(s, trig):
            return True
    elif rule in CAPTURE_RULES and _intended(s, trig):
        return True
    elif rule == "killing" and any(kb.triggers[t.value].sub_event_type in KILLED_BY for t in s.of("trigger")):
        return True  # "assassinated by a bomb planted in his car": the bomb's event
    if rule == "fire":  # "fired dozens of rockets", "أطلقت ... صواريخ": only a weapon fired makes it a strike
        return not s.starting("weapon", trig.tok_end, trig.tok_end + ENTRY_REACH)
    if rule in ("strike", "entry", "departure", "deal") and not _armed_context(s, kb):
        return True  # "prices struck a record", "the delegation entered Homs": no one armed, no weapon, no dead
    if trigger.sub_event_type in (AGREEMENT, TRANSFER) and before \
            and before[-1] in words("agreement_reference_before"):
        return True  # "under the agreement", "بموجب اتفاق": the deal named, not made
    if rule == "passive":  # "Morek was captured by ...", not "two soldiers were captured by ..."
        return not _taken_before(s, trig)
    if rule == "departure" and {v.value for v in s.starting("victim", max(0, trig.tok - VICTIM_REACH),
                                                         trig.tok_end + VICTIM_REACH)} & CIVILIAN_VICTIMS:
        return True  # "thousands of civilians left Douma": people displaced, no ground handed over
    if rule in CAPTURE_RULES and before and before[-1] in words("context_before"):
        return True  # "مع تقدم قوات النظام", "amid advances": the setting of another event
    if rule not in ("entry", "departure"):
        return False
    following = [s.tokens[n].text for n in range(trig.tok_end, min(len(s.tokens), trig.tok_end + FIRE_REACH))]
    if words("in_force").intersection(following):  # "دخل الاتفاق حيز التنفيذ", "entered into force"
        return True
    moving = bool(s.of("movement"))  # a convoy's sentence: "رتل عسكري" is no soldier taken, the place is far
    after = [i for i in s.of("place", "victim", "num") if trig.tok_end <= i.tok < trig.tok_end + ENTRY_REACH * (
        1 + moving) and (i.kind == "place" or not moving)]  # ("seized five tons of captagon": no place taken)
    return not after or after[0].kind != "place"


TARGET_REACH = 5  # "bombarded a campaign rally in support of ...": the strike word stands this close before


def _gathering_hit(s: Sentence, trig: Item, kb: Knowledge) -> bool:
    """The gathering or the convoy is what a strike, a shell or a bomb told just before it hit: no protest or
    evacuation of its own ("fired on protesters" is force against them: a protest still)."""
    return any(kb.triggers[t.value].event_type == REMOTE and kb.triggers[t.value].rule != "fire"
               for t in s.of("trigger") if trig.tok - TARGET_REACH <= t.tok < trig.tok)


def _names_the_held(s: Sentence, trig: Item) -> bool:
    """The abduction word qualifies people named beside it ("kill abducted Christians", "the kidnapped
    journalists", "الرهائن المختطفين", "the Christians they abducted"): it says who is held, not that anyone
    was taken."""
    prev = s.tokens[trig.tok - 1].text if trig.tok else ""
    if prev in words("relative_pronouns") and s.ending("victim", trig.tok - 3, trig.tok - 1):
        return True  # "five of the Christians they abducted", "المسيحيين الذين اختطفهم"
    if s.starting("victim", trig.tok_end, trig.tok_end + 1):  # (an English adjective stands before its noun)
        return prev in words("determiners") or bool(s.ending("kind", trig.tok - 1, trig.tok)
                                                      or s.ending("num", trig.tok - 1, trig.tok))
    return s.tokens[trig.tok].text.startswith("ال") and bool(s.ending("victim", trig.tok - 1, trig.tok))


def _since(s: Sentence, trig: Item) -> bool:
    """ "since the town's recapture", "since the start of the offensive", "منذ استعادة القوات الكردية السيطرة":
    the event word names when a period began."""
    since = words("since_before")
    since = since | {"و" + w for w in since if not w.isascii()}  # ("ومنذ": and since)
    lo = max(0, trig.tok - SINCE_REACH)
    if not any(t.text in since for t in s.tokens[lo:trig.tok]):
        return False  # (most event words have no "since" before them: nothing more to read)
    skip = words("determiners") | words("possessives") | words("since_nouns")
    places = words("anaphora")
    sides = {n for a in s.of("actor") for n in range(a.tok, a.tok_end)}
    for n in range(trig.tok - 1, lo - 1, -1):
        w = s.tokens[n].text
        if w in since:
            return True
        if w not in skip and n not in sides and w not in places and w.removesuffix("s") not in places:
            return False
    return False


def _part_of_capture(s: Sentence, trig: Item, kb: Knowledge) -> bool:
    """A strike that backed the capture its sentence tells, or that came before it ("after ... shelling")."""
    if kb.triggers[trig.value].event_type != REMOTE:
        return False
    captures = [t for t in s.of("trigger") if kb.triggers[t.value].rule in CAPTURE_RULES and t.tok != trig.tok]
    if not captures:
        return False
    near = {s.tokens[t].text for t in range(max(0, trig.tok - SUPPORT_REACH), trig.tok)}
    if near & words("support_before"):
        return True
    prelude = {s.tokens[t].text for t in range(max(0, trig.tok - PRELUDE_REACH), trig.tok)}
    return bool(prelude & words("prelude_before")) and any(c.tok < trig.tok for c in captures)


def _told_before(s: Sentence, trig: Item) -> bool:
    """A chemical attack named as the past a story refers to: "days after a chemical attack", "the airbase
    used as a launchpad for a chemical attack", "the chemical attack town": not this report's event."""
    before = [s.tokens[n].text for n in range(max(0, trig.tok - REFERENCE_REACH), trig.tok)]
    after = s.tokens[trig.tok_end].text if trig.tok_end < len(s.tokens) else ""
    since = any(w in words("prelude_before") and n and before[n - 1] in words("time_units")
                for n, w in enumerate(before))
    return since or bool(words("reference_before").intersection(before)) or after in words("reference_after")


def _taken_before(s: Sentence, trig: Item) -> bool:
    """A place, or a word for one ("several villages"), stands just before a passive capture word."""
    lo = max(0, trig.tok - ENTRY_REACH)
    return bool(s.ending("place", lo, trig.tok)) or any(
        s.tokens[n].text in words("territory_nouns") for n in range(lo, trig.tok))


def _armed_context(s: Sentence, kb: Knowledge) -> bool:
    """The sentence names an armed actor, a weapon, a convoy or people killed or wounded."""
    return any(kb.actors[a.value].inter not in NOT_AGENTS for a in s.of("actor")) or bool(
        s.of("weapon") or s.of("movement") or s.of("kind"))


def _intended(s: Sentence, trig: Item) -> bool:
    """ "an operation to retake Raqqa", "في محاولة للتقدم": a capture aimed at, not made ("managed to" made it)."""
    before = [s.tokens[t].text for t in range(max(0, trig.tok - 2), trig.tok)]
    if not before or before[-1] not in words("intent_before"):
        return False
    return len(before) < 2 or before[0] not in words("achieved_before")


def _intercepted(s: Sentence, trig: Item, kb: Knowledge) -> bool:
    """ "downed drones attacking its base", "أسقطت ... طائرات مسيرة", "فككت ... سيارة مفخخة": the strike
    word is what was stopped, no strike made: it follows the interception closely, or it names the craft
    downed or the device defused."""
    trigger = kb.triggers[trig.value]
    if trigger.event_type != REMOTE and trigger.rule != "attack":
        return False
    later = [t for t in s.of("trigger") if trig.tok_end <= t.tok < trig.tok_end + FIRE_REACH]
    if later and kb.triggers[later[0].value].sub_event_type == "Disrupted weapons use":
        return True  # "an explosive device was dismantled", "عبوة ناسفة تم تفكيكها"
    earlier = [t for t in s.of("trigger") if t.tok < trig.tok]
    if not earlier or kb.triggers[earlier[-1].value].sub_event_type != "Disrupted weapons use":
        return False
    craft = any(s.tokens[n].text in words("craft") for n in range(trig.tok, trig.tok_end))
    return craft or trigger.rule == "device" or earlier[-1].tok_end >= trig.tok - 2


def best_per_token(triggers: list[Item], kb: Knowledge) -> list[Item]:
    """One trigger reading per phrase: the highest priority. A firing word beside the word that tells what
    was fired ("fired mortar shells", "قذائف هاون أطلقها") is that event's, not one of its own."""
    best: dict[int, Item] = {}
    for t in triggers:
        if t.tok not in best or kb.triggers[t.value].priority > kb.triggers[best[t.tok].value].priority:
            best[t.tok] = t
    found = [best[k] for k in sorted(best)]
    return [t for t in found if kb.triggers[t.value].rule != "fire" or not any(
        o is not t and -FIRE_REACH <= o.tok - t.tok_end < ENTRY_REACH for o in found)]
