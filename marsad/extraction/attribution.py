"""Who gives a casualty figure: the claimant of a figure in an analysed sentence.

:func:`claimant` reads, in order: the attribution nearest to the figure ("according to X", "X said", "أفاد
X", "بحسب X"; of several, the one fewest clause breaks away, then the nearest); a source that opens the
sentence ("The Observatory's toll stood at eight"), unless it is also the actor who struck; the attribution
that closes the quoted paragraph ('..." the source said'); the attribution of the nearest other sentence of
the paragraph; else "unattributed". A source that spoke through another keeps both: the source is the
claimant and the other the channel ("the Observatory, citing medical sources": medics through SOHR).

Claimants come from the claims lexicons (``claimants`` in ``data/<lang>/claims.json``), the outlets and the
actors; a generic one ("figures", "reports") gives way to a named one after it ("according to figures
compiled by local medical sources"), and an actor that only qualifies a noun ("the rebel-held town") gives
none.
"""
from __future__ import annotations

from bisect import bisect_left

from .analysis import Item, Sentence
from .knowledge import knowledge
from .scope import SAME_SOURCE, claim_words, clauses_between

CLAIMANT_WINDOW = 7
RELAY_REACH = 12  # tokens after "نقلت" in which "عن" names the source it relays
TOLD_REACH = 6  # tokens after a speaker in which an outlet written with ل is the one told, before "that"
ATTRIBUTION_REACH = 120  # tokens between a figure and the "said"/"according to" that attributes it
_QUOTES = "\"”“»«'’"
_ENTITY_ORDER = {"claimant": 0, "outlet": 1, "actor": 2}  # of several readings of one phrase, the first
GENERIC = {"unattributed statistics", "reports"}  # claimants that name no one: a named one after them tells


def _label(item: Item, publisher: str | None) -> str:
    if item.kind == "claimant" and item.value == "correspondent":
        return f"{publisher} correspondent" if publisher else "correspondent"
    return str(item.value)


def _named(s: Sentence, item: Item, publisher: str | None) -> str:
    """The claimant's name; a correspondent of an outlet named right before it ("SANA's correspondent") or right
    after it ("مراسل سانا") is that outlet's, any other the publisher's."""
    if item.kind == "claimant" and item.value == "correspondent":
        whose = [o for o in s.near(item.tok - 4, item.tok_end, "outlet") if o.tok_end == item.tok or (
            o.tok == item.tok_end and not s.tokens[o.tok].text.isascii())]
        if whose:
            return f"{whose[0].value} correspondent"
    return _label(item, publisher)


def _entity_near(s: Sentence, cue: Item, publisher: str | None) -> str | None:
    found = _speaker(s, cue)
    return _named(s, found, publisher) if found else None


def _speaker(s: Sentence, cue: Item) -> Item | None:
    """The claimant, outlet or actor an attribution word names (see the module docstring)."""
    lo, hi = cue.tok - CLAIMANT_WINDOW - 8, cue.tok_end + CLAIMANT_WINDOW  # (phrases are a few tokens long)
    entities = sorted((i for i in s.near(lo, hi, "claimant", "outlet", "actor")
                       if not (i.kind == "actor" and (knowledge().actors[i.value].inter in (6, 7)
                                                      or _modifier(s, i))) and not _place_named(s, i)),
                      key=lambda i: (i.tok, -i.tok_end, _ENTITY_ORDER[i.kind]))
    entities = [e for e in entities if not any(o.tok <= e.tok and e.tok_end <= o.tok_end and o.tok_end - o.tok >
                                                   e.tok_end - e.tok for o in entities)]  # (a name inside a longer
    # one is part of it: "المعارضة" in "فصائل المعارضة", "Syrian opposition" in "Syrian opposition fighters")
    if cue.kind == "cue_before":
        after = [e for e in entities if cue.tok_end <= e.tok <= cue.tok_end + CLAIMANT_WINDOW]
        if not after:
            return None
        first = _prefer([e for e in after if e.tok == after[0].tok])
        named = [e for e in after if e.tok >= first.tok_end and e.kind != "actor" and e.value not in GENERIC]
        if first.value in GENERIC and named:  # "according to figures compiled by local medical sources"
            first = _prefer([e for e in named if e.tok == named[0].tok])
        return first
    before = [e for e in entities if cue.tok - CLAIMANT_WINDOW <= e.tok_end <= cue.tok]
    after = [e for e in entities if cue.tok_end <= e.tok <= cue.tok_end + CLAIMANT_WINDOW]
    near_before = before[-1] if before else None
    near_after = after[0] if after else None
    arabic = "\u0600" <= s.tokens[cue.tok].text[:1] <= "\u06ff"
    if _words_of(s, cue) & claim_words("accusation_verbs"):  # the accuser, never the accused: "activists
        # accused the army", "اتهم ناشطون النظام"
        pick = near_before if not arabic else near_after if near_after and near_after.tok == cue.tok_end else None
    elif _words_of(s, cue) & claim_words("told_verbs"):  # "a source told SANA": the listener never speaks
        pick = near_before
    elif near_before and near_after:
        pick = near_before if cue.tok - near_before.tok_end <= near_after.tok - cue.tok_end else near_after
    else:
        pick = near_before or near_after
    return _prefer([e for e in entities if e.tok == pick.tok]) if pick else None


def _place_named(s: Sentence, item: Item) -> bool:
    """An outlet's name that is a place's after a word of place ("near al-Mayadin", "قرب الميادين"): the town,
    not the channel."""
    return item.kind == "outlet" and item.tok > 0 and s.tokens[item.tok - 1].text in knowledge().words["locative"] \
        and bool(s.near(item.tok, item.tok, "place"))


def _modifier(s: Sentence, actor: Item) -> bool:
    """An actor that only qualifies a noun ("the rebel-held town", "Turkish-backed factions") says nothing, nor
    does one that is counted ("19 insurgents have been killed")."""
    if any(n.tok_end == actor.tok for n in s.near(actor.tok - 4, actor.tok - 1, "num", "vague", "range")):
        return True
    return actor.tok_end < len(s.tokens) and s.tokens[actor.tok_end].text in claim_words("actor_modifiers")


def _prefer(candidates: list[Item]) -> Item:
    """Of several readings of one phrase, the claimant reading first, then outlet, then actor."""
    return sorted(candidates, key=lambda e: _ENTITY_ORDER[e.kind])[0]


def _attribution(s: Sentence, tok: int, publisher: str | None) -> tuple[str, str] | None:
    """The claimant named by the attribution nearest the figure at token ``tok``, with the channel it spoke
    through (see :func:`_channel`); "It added that", "وأضاف أن" with no one named is :data:`.scope.SAME_SOURCE`."""
    cues = sorted(s.near(tok - ATTRIBUTION_REACH, tok + ATTRIBUTION_REACH, "cue_before", "attr_verb"),
                  key=lambda c: (clauses_between(s, c.tok, tok), min(abs(c.tok - tok), abs(c.tok_end - tok)),
                                 c.tok, -c.tok_end, c.kind != "cue_before"))
    for cue in cues:
        found = _entity_near(s, cue, publisher)
        if found:
            said_by, via = _channel(s, cue, found, cues, publisher)
            return (said_by, via) if via else _through_outlet(s, cue, said_by, cues, publisher)
        if _unnamed_speaker(s, cue):
            return SAME_SOURCE, ""
    return None


def _through_outlet(s: Sentence, cue: Item, found: str, cues: list[Item], publisher: str | None) -> tuple[str, str]:
    """A source and an outlet that carried its words, each named by an attribution of its own in the sentence:
    "the Russian Defence Ministry said, as quoted by Sputnik", "the ministry said 12 were killed, according to
    RIA Novosti", "أعلنت وزارة الدفاع الروسية ...، وفق ما نقلت وكالة سبوتنيك": the source is the claimant and
    the outlet its channel."""
    mine = _speaker(s, cue)
    for other in cues:
        if other is cue or (other.kind != "cue_before" and cue.kind != "cue_before"):
            continue  # (one of the two is "according to", "as quoted by", "وفق ما نقلت")
        item = _speaker(s, other)
        if item is None or item.tok == mine.tok or (item.kind == "outlet") == (mine.kind == "outlet"):
            continue
        named = _named(s, item, publisher)
        return (found, named) if item.kind == "outlet" else (named, found)
    return found, ""


def _words_of(s: Sentence, item: Item) -> set[str]:
    return {t.text for t in s.tokens[item.tok:item.tok_end]}


def _channel(s: Sentence, cue: Item, found: str, cues: list[Item], publisher: str | None) -> tuple[str, str]:
    """A source that spoke through another keeps both: "the Observatory said, citing medical sources" is the
    medics' figure through SOHR; "نقلت سانا عن مصدر عسكري" the source's through SANA; "a source told SANA"
    the source's through SANA. ``found`` is the entity ``cue`` names."""
    citing = claim_words("channel_cues")
    if _words_of(s, cue) & citing:  # "citing medical sources": the speaker is the channel
        speaker = next((e for c in cues if c is not cue and not _words_of(s, c) & citing
                        for e in [_entity_near(s, c, publisher)] if e and e != found), "")
        subject = [e for e in s.near(cue.tok - CLAIMANT_WINDOW - 8, cue.tok - 1, "claimant", "outlet", "actor")
                   if cue.tok - 2 <= e.tok_end <= cue.tok]  # "the Observatory, citing medical sources, said"
        if not speaker and subject:
            speaker = _named(s, _prefer([e for e in subject if e.tok == subject[-1].tok]), publisher)
        return found, speaker
    for other in cues:  # "X said, citing Y"
        if _words_of(s, other) & citing and abs(other.tok - cue.tok) <= CLAIMANT_WINDOW * 2:
            source = _entity_near(s, other, publisher)
            if source and source != found:
                return source, found
    if _words_of(s, cue) & claim_words("relay_verbs"):  # "نقلت سانا عن مصدر عسكري"
        preps = [t for t in range(cue.tok_end, min(cue.tok_end + RELAY_REACH, len(s.tokens)))
                 if s.tokens[t].text in claim_words("relay_preps")]
        if preps:
            source = _first_entity(s, preps[0] + 1, publisher)
            if source and source != found:
                return source, found
    if _words_of(s, cue) & claim_words("told_verbs"):  # "a military source told SANA('s reporter)"
        listener = _first_entity(s, cue.tok_end, publisher, outlets_only=True)
        reporter = [c for c in s.near(cue.tok_end, cue.tok_end + 4, "claimant") if c.value == "correspondent"]
        if listener and reporter and _named(s, reporter[0], publisher) == f"{listener} correspondent":
            listener = f"{listener} correspondent"
        if listener and listener != found:
            return found, listener
    speaker = _speaker(s, cue)
    if speaker is not None:  # "أفاد مصدر عسكري لسانا": an outlet told, written with ل onto its name
        said = [t for t in range(speaker.tok_end, min(speaker.tok_end + TOLD_REACH, len(s.tokens)))
                if s.tokens[t].text in claim_words("that_words")]  # ("مصدر في قيادة شرطة حلب لسانا إن")
        told = [o for o in s.near(speaker.tok_end, (said[0] if said else speaker.tok_end + 1), "outlet", "claimant")
                if o.tok != speaker.tok and s.tokens[o.tok].text[:1] == "ل"
                and (o.kind == "outlet" or o.value == "correspondent")]  # ("لمراسل سانا": SANA's correspondent)
        if told and _named(s, told[0], publisher) != found:
            return found, _named(s, told[0], publisher)
    return found, ""


def _first_entity(s: Sentence, at: int, publisher: str | None, outlets_only: bool = False) -> str | None:
    """The claimant or outlet that starts within a few tokens after token ``at``."""
    kinds = ("outlet",) if outlets_only else ("claimant", "outlet")
    found = s.near(at, at + 3, *kinds)
    return _named(s, _prefer([e for e in found if e.tok == found[0].tok]), publisher) if found else None


def _unnamed_speaker(s: Sentence, cue: Item) -> bool:
    """The attribution names no one: "It added that ...", "he said", "وأضاف أن ..." (the verb opens the
    sentence and "that" follows it)."""
    if cue.kind != "attr_verb":
        return False
    if cue.tok and s.tokens[cue.tok - 1].text in claim_words("speaker_pronouns"):
        return True
    return cue.tok == 0 and cue.tok_end < len(s.tokens) and s.tokens[cue.tok_end].text in claim_words("that_words")


def _closing_attribution(paragraph: list[Sentence], publisher: str | None) -> str | None:
    """The attribution after a closing quote in the paragraph ('..." the source said'), read once per paragraph."""
    if not paragraph:
        return None
    key = ("closing", publisher)
    if key not in paragraph[0].memo:
        paragraph[0].memo[key] = next((found for s in reversed(paragraph) for cue in s.of("attr_verb")
                                       if any(q in s.text[max(0, cue.start - s.start - 40):cue.start - s.start]
                                              for q in _QUOTES)
                                       for found in [_entity_near(s, cue, publisher)] if found), None)
    return paragraph[0].memo[key]


def _subject_claimant(s: Sentence, q: Item, publisher: str | None) -> str | None:
    """A source that opens the sentence gives its figures: "The Observatory's toll stood at eight"; not one
    that is also the actor who struck ("Regime strikes kill 100"): the accused party is no claimant."""
    entities = [i for i in s.near(0, 2, "claimant", "outlet") if i.tok_end <= q.tok]
    if not entities or any(a.tok == entities[0].tok for a in s.near(entities[0].tok, entities[0].tok, "actor")):
        return None
    return _named(s, _prefer([e for e in entities if e.tok == entities[0].tok]), publisher)


def _neighbour_attribution(s: Sentence, paragraph: list[Sentence], publisher: str | None,
                           earlier_only: bool = False) -> str | None:
    """The attribution of the nearest other sentence of the paragraph, earlier ones first at equal distance
    (with ``earlier_only``, of the nearest earlier one)."""
    attributed = paragraph[0].memo.get(("attributed", publisher)) if paragraph else None
    if attributed is None:  # each sentence's own attribution, read once per paragraph, in sentence order
        attributed = []
        for other in paragraph:
            found = next(filter(None, (_entity_near(other, cue, publisher)
                                       for cue in other.of("cue_before", "attr_verb"))), None)
            if found:
                attributed.append((other.index, found))
        if paragraph:
            paragraph[0].memo[("attributed", publisher)] = attributed
    at = bisect_left(attributed, (s.index,))  # the nearest attributed sentences before and after this one
    before = attributed[at - 1] if at else None
    after = None if earlier_only else next((a for a in attributed[at:at + 2] if a[0] != s.index), None)
    if before and after:
        return before[1] if s.index - before[0] <= after[0] - s.index else after[1]
    return (before or after or (None, None))[1]


def claimant(s: Sentence, q: Item, paragraph: list[Sentence], publisher: str | None) -> tuple[str, str]:
    """The claimant of figure ``q`` of sentence ``s`` and the channel it spoke through, else "" (see the module
    docstring); the report itself is no channel ("local sources told North Press" in North Press's report)."""
    said_by, via = _attribution(s, q.tok, publisher) or (
        _subject_claimant(s, q, publisher) or _closing_attribution(paragraph, publisher)
        or _neighbour_attribution(s, paragraph, publisher) or "unattributed", "")
    if said_by == SAME_SOURCE:  # "he said": the speaker named earlier in the paragraph, else the one before
        said_by = _neighbour_attribution(s, paragraph, publisher, earlier_only=True) or SAME_SOURCE
    return said_by, "" if via in (publisher, _label(Item("claimant", "correspondent", 0, 0, 0, 0), publisher)) else via
