"""Who did what, read around an event word: words that make an actor a teller, an accuser, a defender
or the civilians hit rather than the one who acted (the words are in ``data/<lang>/syntax.json``).

- :func:`tells`: "the Asayish said the explosion ..." tells of the event; "the SDF said it killed ...",
  "IS claimed the attack" own it;
- :func:`alleged`: "the rebels accuse the army of attacks near Damascus", with no day told, is no event;
- :func:`habitual`: "Azaz has been hit repeatedly by car bombs", "تعرضت ... مرارا": a pattern, not an event;
- :func:`intended`: "an operation to liberate al-Tabqa", "بهدف السيطرة على": an aim, not an event;
- :func:`repels`: "repelled an attack by IS" is one event, the attacker first, the defender second;
- :func:`civilians_hit`: the people a clause counts as killed or hurt are civilians and no one else
  (ACLED's actor2 of remote violence that hits them).
"""
from __future__ import annotations

from .analysis import Item, Sentence
from .kinds import CIVILIAN_VICTIMS, NOT_AGENTS
from .knowledge import knowledge
from .places import words


def repels(s: Sentence, trig: Item, triggers: list[Item], n: int) -> bool:
    """ "repelled an attack", "تصدت لهجوم": the word names the defence against the event told right after it."""
    return (s.tokens[trig.tok].text in words("repel_words") and n + 1 < len(triggers)
            and triggers[n + 1].tok - trig.tok_end <= 3)


def alleged(s: Sentence, trig: Item) -> bool:
    """ "The rebels accuse the army of violating the truce with attacks near Damascus": an accusation of
    deeds told with no day of their own tells no event."""
    first = s.memo.get("accused")
    if first is None:  # (read once per sentence: the first word of accusing, or none)
        accuse = words("allegation_verbs")
        first = s.memo["accused"] = next((n for n, t in enumerate(s.tokens) if t.text in accuse), len(s.tokens))
    return first < trig.tok and not (s.dates or s.day_months or s.of("weekday") or s.of("rel"))


def habitual(s: Sentence) -> bool:
    """The sentence tells what happens again and again, not one event."""
    cues = words("habitual")
    return any(t.text in cues for t in s.tokens)


def intended(s: Sentence, trig: Item) -> bool:
    """ "as part of an operation to liberate al-Tabqa", "a bid to capture", "في محاولة للسيطرة": the event
    word names what a side means to do."""
    before = [s.tokens[t].text for t in range(max(0, trig.tok - 3), trig.tok)]
    aims = words("aim_words")
    if any(w in aims for w in before[-1:]):  # "بهدف", "لتحرير" (an aim written as one word)
        return True
    return len(before) >= 2 and before[-1] in words("aim_to") and any(w in aims for w in before[:-1])


def tells(s: Sentence, actor: Item) -> bool:
    """ "the Asayish said the explosion ...": the actor tells of the event, not the one who made it, unless
    it speaks of its own deed ("the SDF said it killed ...", "أعلنت قسد أنها ...", "IS claimed the attack")."""
    verbs = s.starting("attr_verb", actor.tok_end, actor.tok_end + 2)
    if not verbs:
        return False
    if s.tokens[verbs[0].tok].text in words("claim_deed"):  # "IS claimed the attack"
        return False
    after = {s.tokens[t].text for t in range(verbs[0].tok + 1, min(len(s.tokens), verbs[0].tok_end + 3))}
    return not after & words("self_reference")


def civilians_hit(s: Sentence, lo: int, hi: int) -> bool:
    """The people the clause counts as killed or hurt are civilians, and no one else (a word inside an actor's
    name, the "army" of "Syrian army helicopters", counts nobody)."""
    kb = knowledge()
    named = {t for a in s.starting("actor", lo, hi) if kb.actors[a.value].inter not in NOT_AGENTS
             for t in range(a.tok, a.tok_end)}
    victims = {v.value for v in s.starting("victim", lo, hi)
               if v.tok not in named and not _teller(s, v) and _hurt(s, v)}
    return bool(victims) and victims <= CIVILIAN_VICTIMS and bool(s.starting("kind", lo, hi))


HURT_REACH = 3  # a word for people is counted as hurt with a figure or a casualty word this close to it


def _hurt(s: Sentence, victim: Item) -> bool:
    """The people are counted ("69 civilians", "dozens of children") or told killed or hurt right beside it
    ("civilians were killed", "killing civilians"); "since the militants were driven out", "... injured on
    Tuesday after militants fired" count none."""
    lo, hi = victim.tok - HURT_REACH, victim.tok_end + HURT_REACH
    return bool(s.ending("num", lo, victim.tok) or s.ending("vague", lo, victim.tok)
                or s.ending("kind", victim.tok - 1, victim.tok) or s.starting("kind", victim.tok_end, hi))


def _teller(s: Sentence, victim: Item) -> bool:
    """ "a police source said", "a military source told SANA": the word, uncounted, qualifies the teller named
    right after it ("killing civilians, activists said" counts the civilians)."""
    if victim.tok_end >= len(s.tokens) or s.ending("num", victim.tok - 3, victim.tok):
        return False
    gap = s.text[s.tokens[victim.tok_end - 1].end:s.tokens[victim.tok_end].start]
    return not gap.strip() and bool(s.starting("claimant", victim.tok_end, victim.tok_end + 1))
