"""Casualty claims: every figure about people killed, injured, captured, missing or displaced.

:func:`read_claims` reads the claims of one analysed sentence. A figure is a
number (digits or words), a dual ("مدنيان"), a singular noun for one person with no figure ("a
civilian", "مقتل شاب") or a vague amount ("dozens", "عشرات"); it becomes a
claim when a casualty word ("killed", "مقتل", "wounded", "أسرى" ...) stands
near it and no unit ("rockets", "غارة", "km", "years") makes it count
something else. Around the figure it reads:

- the qualifier before it ("more than", "at least", "نحو", "only"; a negation
  before "more than" makes it "at most");
- the victims after it ("civilians", "عناصر الأمن"; else those of the previous
  figure in the sentence, else "people");
- the claimant (:mod:`.attribution`);
- whether it is part of another figure's total, and its scope (:mod:`.scope`).

Bounds: exact and "about" figures are low = high; "more than N" is low N (the stated
number; the qualifier ``more_than`` says the figure lies above it, see :class:`..model.Claim`);
"at least N" low N; "up to"/"at most" N is high N; a range ("between 5 and 10", "10-12",
"من 10 إلى 12") is low 5, high 10 (qualifier ``range``); vague amounts have none.
"""
from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from ..model import Claim
from .analysis import Item, Sentence
from .attribution import claimant
from .datafiles import DATA
from .figures import claims_word
from .knowledge import knowledge
from .matcher import phrase_tokens
from .scope import JOIN_GAP, PRIOR, breakdown, claim_words, clauses_between, cues, only_between, scopes, starting_cue

AFTER_WINDOW = 9  # tokens after a figure in which its casualty word may stand
TOLL_REACH = 32  # ... and the farthest a toll noun stands before "to N" ("the toll since ... rose to 229")
TOLL_VICTIMS = 3  # tokens after a toll noun in which the people it counts are named ("the toll for Russian soldiers")
PASSIVE_REACH = 16  # ... and the farthest it may stand after a long subject, as a passive verb ("were killed")
BEFORE_WINDOW = 10  # ... and before it
VICTIM_WINDOW = 3
APPOSITION = 4  # tokens after a figure in which a singular noun describes its people instead of counting one
PHRASE_REACH = 8  # the most tokens a qualifier or casualty phrase spans, for looking back from a figure


# The largest figure one report can plausibly claim for one event, by kind; above it a figure is a
# typo, a garbled number or a hoax, and is not kept as a claim (the document gets a warning).
PLAUSIBLE_MAX = {"displaced": 20_000_000}


PLAUSIBLE_MAX_DEFAULT = 2_000_000


def _telling(s: Sentence, victim: Item) -> bool:
    """ "Dozens were wounded, residents said": the people named are the tellers, with their verb right after them
    ("including four children, said Raed al-Saleh" counts the children)."""
    verb = s.starting("attr_verb", victim.tok_end, victim.tok_end + 1)
    return bool(verb) and not s.text[victim.end - s.start:verb[0].start - s.start].strip()


def _bounds(value: int, qualifier: str) -> tuple[int | None, int | None]:
    if qualifier in ("more_than", "at_least"):  # "more than 42" is low 42, as stated (see model.Claim)
        return value, None
    if qualifier in ("up_to", "at_most"):
        return None, value
    return value, value


def _between(s: Sentence, lo: int, hi: int, *kinds: str) -> list[Item]:
    return [i for i in s.near(lo, hi, *kinds) if i.tok_end <= hi]


def _is_count(s: Sentence, q: Item, part: bool = False) -> bool:
    if q.kind == "single" and not part and not _joined_single(s, q) and any(
            n.tok_end >= q.tok - APPOSITION for n in s.near(
            q.tok - PHRASE_REACH - APPOSITION, q.tok - 1, "num", "range", "vague", "scale", "dual")):
        return False  # "100 مدني": a number's noun; "two civilians, a woman and her son": who they were
    if q.kind not in ("num", "range"):  # "hundreds of rockets", "المئات من الصواريخ" (not "العشرات في غارات")
        nxt = [i for i in s.near(q.tok_end, q.tok_end + 1, "unit", "victim") if i.tok == q.tok_end
               or s.tokens[q.tok_end].text in knowledge().words["partitive"]]
        return not (nxt and nxt[0].kind == "unit")
    if _between(s, q.tok - 1, q.tok, "unit_before") or _designation(s, q) or _percent(s, q):
        return False
    if q.tok and not s.tokens[q.tok].text.isascii() and any(u.tok_end == q.tok for u in s.near(
            q.tok - 3, q.tok - 1, "unit")) and not s.near(q.tok_end, q.tok_end, "victim"):
        return False  # a number after its noun, in Arabic: "خلال الأيام العشرة الماضية" (not "الغارات 12 مدنياً")
    nxt = [i for i in s.near(q.tok_end, q.tok_end + 2, "unit", "victim", "kind")
           if not clauses_between(s, q.tok_end - 1, i.tok)]  # ("سبعة قادة ميدانيين، بغارة": the raid is no unit)
    if nxt and nxt[0].kind == "unit" and not any(i.kind in ("victim", "kind") and i.tok == nxt[0].tok for i in nxt):
        return False
    if nxt and nxt[0].kind == "victim" and nxt[0].tok_end < len(s.tokens) and \
            s.tokens[nxt[0].tok_end].text in claim_words("thing_heads"):
        return False  # a people word naming a thing counted: "15 fighter planes", "two fighter jets"
    if q.kind == "range":  # years ("between 2011 and 2013", "2012-2013"), unless people follow
        return not all(1900 <= v <= 2100 for v in q.value) or any(
            i.kind == "victim" and i.tok == q.tok_end for i in nxt)
    told = bool(nxt and nxt[0].tok == q.tok_end and nxt[0].kind != "unit")  # people or a casualty word follow
    if 1900 <= q.value <= 2100 and not told:
        return False  # a year
    return told or not _clock_time(s, q)


def _family_of(s: Sentence, q: Item) -> bool:
    """The family the figure before came from ("Five civilians of one family", "three children from one family",
    "خمسة مدنيين من عائلة واحدة"): "of" or "from" after that figure, then the number and a word for families, in
    either order."""
    family = [v for v in s.near(q.tok - 1, q.tok_end, "victim") if v.value == "families"
              and v.tok in (q.tok_end, q.tok - 1)]
    head = min([q.tok, *(v.tok for v in family)])
    words = knowledge().words
    return bool(family) and head > 1 and s.tokens[head - 1].text in words["partitive"] | words["origin"] and any(
        n.tok_end >= head - 3 for n in s.near(head - 8, head - 2, "num", "vague", "dual", "range"))


def _joined_single(s: Sentence, q: Item) -> bool:
    """A singular written with "و" onto it after a figure and its words, with no comma and no other singular
    between ("عنصران من قوات النظام ومقاتل من الفصائل"): one more person, not who the figure's people were."""
    word = s.tokens[q.tok].text
    if not word.startswith("و") or q.tok_end - q.tok != 1:
        return False
    figure = [n for n in s.near(q.tok - PHRASE_REACH - APPOSITION, q.tok - 1, "num", "range", "vague", "dual")]
    if not figure:
        return False
    lo = figure[-1].tok_end
    return not clauses_between(s, lo - 1, q.tok) and not s.near(lo, q.tok - 1, "single")


def _designation(s: Sentence, q: Item) -> bool:
    """Digits that name a model or a thing, not a count: written after a short word and a hyphen ("F-16",
    "MiG-23", "إف-16"), or after a word of ``units_before`` and another number ("Get short URL 0 87")."""
    if not q.tok:
        return False
    prev, here = s.tokens[q.tok - 1], s.tokens[q.tok]
    if s.text[prev.end:here.start] == "-" and prev.text.isalpha() and len(prev.text) <= 4 and not s.near(
            q.tok - 1, q.tok - 1, "num", "vague", "range"):
        return True
    return q.tok >= 2 and prev.text.isdigit() and bool(_between(s, q.tok - 2, q.tok - 1, "unit_before"))


def _percent(s: Sentence, q: Item) -> bool:
    """A share, not a count: "40% of them", "٤٠٪", "40 per cent", "40 في المئة" (and the "المئة" of it)."""
    if s.text[q.end - s.start:q.end - s.start + 2].lstrip()[:1] in ("%", "٪"):
        return True
    def told(lo: int, phrase: list[str]) -> bool:
        return lo >= 0 and [t.text for t in s.tokens[lo:lo + len(phrase)]] == phrase
    return any(told(q.tok_end, p) or len(p) > 1 and told(q.tok - len(p) + 1, p) for p in _percent_words())


@lru_cache(maxsize=1)
def _percent_words() -> tuple[list[str], ...]:
    return tuple(phrase_tokens(w) for data in DATA.load_all("claims").values() for w in data.get("percent", []))


def _clock_time(s: Sentence, q: Item) -> bool:
    """A time written as four digits after "at" or "updated" ("Sat 04 Oct 2014 at 1514", "(updated 2340")."""
    word = s.tokens[q.tok].text
    return (len(word) == 4 and word.isdigit() and int(word[:2]) < 24 and int(word[2:]) < 60 and q.tok > 0
            and s.tokens[q.tok - 1].text in claim_words("time_before"))


def _qualifier(s: Sentence, q: Item) -> tuple[str, Item | None]:
    """The word that bounds the figure: right before it ("more than", "نحو"), or "at least" after it and its
    noun ("12 people at least", "58 مدنياً على الأقل"); never one across a breakdown word, a casualty word or a
    comma ("58 civilians at least, including 11 children", "أربعة أشخاص على الأقل وأصيب 15")."""
    opener = {t for c in cues(s) if c.kind == "part_before" for t in range(c.tok, c.tok_end)}
    apart = opener | {t for i in s.of("place", "actor", "victim") for t in range(i.tok, i.tok_end)} | {
        t for c in cues(s) if c.kind == "joiners" for t in range(c.tok, c.tok_end)}  # ("around Aleppo and 22")
    apart |= {t for i in s.of("kind") for t in range(i.tok, i.tok_end)}  # ("أربعة أشخاص على الأقل وأصيب 15")
    before = [i for i in s.near(q.tok - PHRASE_REACH, q.tok, "qual") if q.tok - 2 <= i.tok_end <= q.tok
              and not apart.intersection(range(i.tok_end, q.tok)) and not clauses_between(s, i.tok_end - 1, q.tok)]
    if before:
        qual = before[-1]
        negated = _between(s, qual.tok - 4, qual.tok, "neg")
        if negated and qual.value in ("more_than", "up_to"):
            return "at_most", qual
        return qual.value, qual
    glued = _glued_qualifier(s, q)
    if glued:  # "حوالي20"
        return glued, None
    nouns = {t for i in s.of("victim") for t in range(i.tok, i.tok_end)}
    after = [i for i in s.near(q.tok_end, q.tok_end + 3, "qual") if i.value == "at_least"
             and only_between(s, q.tok_end, i.tok, nouns)]
    return ("at_least", after[0]) if after else ("exact", None)


def _glued_qualifier(s: Sentence, q: Item) -> str | None:
    """A qualifier written onto the digits with no space ("حوالي20", "بنحو15"), as the lexicon knows it."""
    word = s.tokens[q.tok].text
    if q.kind != "num" or word.isdigit() or not word[-1:].isdigit():
        return None
    return claims_word(word.rstrip("0123456789"), "qual")


def _added(s: Sentence, q: Item, kind: Item) -> bool:
    """The figure is told as more than those before it: a word right before it ("another 20", "a further
    12"), in its noun right after it ("six others", "20 other fighters", "three more"), or right before its
    casualty word ("were also killed")."""
    qualifiers = {t for i in s.of("qual") for t in range(i.tok, i.tok_end)}  # ("more than" is no "more")
    nouns = {t for i in s.of("victim") for t in range(i.tok, i.tok_end)}
    links = knowledge().words["link_words"]
    for c in cues(s):
        if c.kind != "added" or c.tok in qualifiers:
            continue
        if c.tok_end == q.tok or (q.tok_end <= c.tok <= q.tok_end + 1 and only_between(s, q.tok_end, c.tok, nouns)):
            return True
        if c.tok_end <= kind.tok and kind.tok > q.tok and all(
                s.tokens[t].text in links for t in range(c.tok_end, kind.tok)) and c.tok >= q.tok_end:
            return True
    return False


def _kind(s: Sentence, q: Item, quantities: list[Item], at: int, parts: dict[int, int],
          used: set[int] = frozenset()) -> Item | None:
    """The casualty word of figure ``q`` (``quantities[at]``): the nearest one around it, within windows that
    stop at the neighbouring figures. The parts of a breakdown never bound their total's reach, which goes on
    past them ("56 civilians, including 11 children, were killed"); nor does a long subject bound a passive
    verb ("34 members of the regime forces and allied militias were killed")."""
    verb = [i for i in s.near(q.tok - PHRASE_REACH, q.tok, "kind_before_number") if i.tok_end == q.tok]
    if verb:  # أسر أربعة: "captured four"
        return Item(kind="kind", value=verb[0].value, start=verb[0].start, end=verb[0].end, tok=verb[0].tok,
                    tok_end=verb[0].tok_end)
    bounding = [(n, x) for n, x in enumerate(quantities) if x.kind != "single" and n not in parts]
    # (a single noun never bounds another figure's reach, nor does a part of a breakdown)
    prev_q = max((x.tok_end for n, x in bounding if n < at and x.tok_end <= q.tok), default=-1)
    toll = _toll_before(s, q, prev_q)
    if toll is not None:  # "the death toll in the blast targeting evacuees rises to 70": the toll's figure
        return toll
    next_q = min((x.tok for n, x in bounding if n > at and x.tok >= q.tok_end), default=len(s.tokens))
    own_parts = [quantities[n] for n, total in parts.items() if total == at]
    reach = max([q.tok_end + AFTER_WINDOW] + [p.tok_end + AFTER_WINDOW // 2 for p in own_parts])
    after = [] if _sentence_after(s, q) else [k for k in s.near(q.tok_end, min(reach, next_q), "kind")
                                              if not s.near(q.tok_end, k.tok - 1, "attr_verb", "cue_before")]
    low = max(q.tok - BEFORE_WINDOW, prev_q)
    before = [i for i in s.near(low - PHRASE_REACH, q.tok, "kind") if low <= i.tok_end <= q.tok]
    best_after = after[0] if after else None if _sentence_after(s, q) else _passive_beyond(
        s, q, min(q.tok_end + PASSIVE_REACH, next_q))
    best_before = before[-1] if before else None
    if best_after and best_before and only_between(s, best_before.tok_end, q.tok, _qualifier_tokens(s)) \
            and _opens_figure(s, best_after, quantities, at):
        return best_before  # "killing 5 terrorists, injuring 15 others", "kidnapped 900, executed 18"
    if best_after and _passive_link(s, q, best_after) and not (best_before and _opens_figure(
            s, best_after, quantities, at)):  # (not "displacement of 3000 families destroyed 11 hospitals")
        return best_after  # "42 security personnel were killed", "dozens more were injured", "8 مواطنين أصيبوا"
    if best_after and best_before and best_before.tok in used:  # "a woman was killed and 25 others wounded"
        return best_after
    if best_after and best_before and _opens_figure(s, best_after, quantities, at):  # "killed 100 and injured 400"
        return best_before
    if best_after and best_before:  # the nearer, and the one in the figure's clause before one beyond a comma
        noun = s.near(q.tok_end, q.tok_end, "victim")
        gap_after = best_after.tok - (noun[0].tok_end if noun else q.tok_end)
        qual = [i for i in s.near(q.tok - 3, q.tok - 1, "qual") if i.tok_end == q.tok]  # ("more than" is the figure's)
        start = qual[0].tok if qual else q.tok
        breaks = (clauses_between(s, best_before.tok_end - 1, q.tok),
                  clauses_between(s, q.tok_end - 1, best_after.tok))
        if breaks[0] != breaks[1]:
            return best_after if breaks[1] < breaks[0] else best_before
        return best_after if gap_after < start - best_before.tok_end else best_before
    return best_after or best_before


def _own_kind(s: Sentence, q: Item, total_kind: Item) -> bool:
    """A part of a breakdown told with a casualty word of another kind right before it ("kidnapped 900 and
    executed 18 of them"): a figure of that kind, not a part of its total."""
    own = [k for k in s.near(q.tok - PHRASE_REACH, q.tok, "kind") if k.tok_end == q.tok or only_between(
        s, k.tok_end, q.tok, _qualifier_tokens(s))]
    return bool(own) and own[-1].tok != total_kind.tok and own[-1].value != total_kind.value


def _qualifier_tokens(s: Sentence) -> set[int]:
    return {t for i in s.of("qual") for t in range(i.tok, i.tok_end)}


def _opens_figure(s: Sentence, kind: Item, quantities: list[Item], at: int) -> bool:
    """The casualty word stands right before a later figure of its own ("and injured 400 others")."""
    return any(kind.tok_end <= x.tok <= kind.tok_end + 2 and only_between(s, kind.tok_end, x.tok, set(
        t for i in s.near(kind.tok_end, x.tok, "qual") for t in range(i.tok, i.tok_end)))
        for x in quantities[at + 1:at + 3])


def _toll_before(s: Sentence, q: Item, prev_q: int) -> Item | None:
    """A toll told far before its figure, in the figure's clause: "the toll since the start of the offensive in
    late April rose to 229", "ارتفعت حصيلة الضحايا منذ بداية الحملة ... إلى 315" (``tolls`` in
    ``data/<lang>/claims.json``: a toll noun, and a word such as "to" or "إلى" right before the figure)."""
    words = cues(s)
    opener = q.tok - 1 if q.tok and not s.near(q.tok - 1, q.tok - 1, "qual") else q.tok - 3
    if not any(c.kind == "toll_to" and c.tok_end in range(opener, q.tok + 1) for c in words):
        return None
    nouns = {t for c in words if c.kind == "toll_nouns" for t in range(c.tok, c.tok_end)}
    found = [k for k in s.near(max(q.tok - TOLL_REACH, prev_q), q.tok, "kind") if k.tok in nouns]
    return found[-1] if found and not clauses_between(s, found[-1].tok, q.tok) else None


def _sentence_after(s: Sentence, q: Item) -> bool:
    """A new sentence starts right after the figure in text whose stops were lost ("Get short URL 548 A human
    rights group said ..."): a capitalised opener (``sentence_openers`` in ``data/<lang>/claims.json``)."""
    if q.tok_end >= len(s.tokens):
        return False
    nxt = s.tokens[q.tok_end]
    return s.text[nxt.start:nxt.end] in _sentence_openers()


@lru_cache(maxsize=1)
def _sentence_openers() -> frozenset[str]:
    return frozenset(w for data in DATA.load_all("claims").values() for w in data.get("sentence_openers", []))


def _passive_beyond(s: Sentence, q: Item, hi: int) -> Item | None:
    """A casualty word after an auxiliary ("were killed") beyond the usual window, in the figure's clause and
    with no other casualty word before it."""
    found = s.near(q.tok_end, hi, "kind")
    if not found or clauses_between(s, q.tok_end - 1, found[0].tok):
        return None
    first = found[0]
    return first if first.tok and s.tokens[first.tok - 1].text in knowledge().words["link_words"] else None


def _passive_link(s: Sentence, q: Item, kind: Item) -> bool:
    """Only victims and auxiliaries stand between the figure and the casualty word after it."""
    victims = s.memo.get("victim_tokens")
    if victims is None:
        victims = s.memo["victim_tokens"] = {t for v in s.of("victim") for t in range(v.tok, v.tok_end)}
    if s.tokens[kind.tok].text.startswith("و") and s.tokens[kind.tok].text[1:2] != "و":
        return False  # "مقتل خمسة مدنيين وإصابة آخرين": a new figure's word, joined by و
    return all(t in victims or s.tokens[t].text in knowledge().words["link_words"] for t in range(q.tok_end, kind.tok))


def _joined_to(s: Sentence, quantities: list[Item], at: int, read: dict) -> tuple[Claim, Item] | None:
    """The claim of the figure before ``quantities[at]`` when only that figure's noun and "and" join them
    ("three civilians and two soldiers", "أربعة مدنيين وسبعة عسكريين")."""
    if not at or at - 1 not in read:
        return None
    prev, q = quantities[at - 1], quantities[at]
    nouns = {t for i in s.of("victim", "actor") for t in range(i.tok, i.tok_end)}  # ("five SDF fighters and")
    nouns |= {t for i in s.of("place") for t in range(i.tok, i.tok_end)}  # ("... in Aleppo and 22 in Idlib")
    words = knowledge().words
    glue = words.get("partitive", frozenset()) | words.get("locative", frozenset()) | claim_words("place_glue")
    nouns |= {t for t in range(prev.tok_end, q.tok) if s.tokens[t].text in glue}
    joiners = {t for c in cues(s) if c.kind == "joiners" for t in range(c.tok, c.tok_end)}
    between = range(prev.tok_end, q.tok)
    if len(between) > JOIN_GAP + 3 or not only_between(s, prev.tok_end, q.tok, nouns | joiners):
        return None
    return read[at - 1] if joiners.intersection(between) or s.tokens[q.tok].text[:1] == "و" else None


def read_claims(s: Sentence, paragraph: list[Sentence], publisher: str | None, text: str) -> list[Claim]:
    """The claims stated in sentence ``s``; ``paragraph`` is its paragraph's sentences, for attribution.

    Totals and figures of their own are read first, then the parts of breakdowns, which take their total's
    kind, claimant and scope (see :func:`breakdown`); last, each claim's scope (see :func:`scopes`)."""
    quantities = [i for i in s.items if i.kind in ("num", "range", "vague", "dual", "single") and not (
        i.kind == "num" and _family_of(s, i))]  # (the family a figure's people came from counts no one)
    if not quantities:
        return []
    parts = breakdown(s, quantities)
    read: dict[int, tuple[Claim, Item]] = {}  # figure index -> its claim and casualty word
    for at in sorted(range(len(quantities)), key=lambda n: n in parts):  # totals before their parts
        q = quantities[at]
        if not _is_count(s, q, at in parts):
            continue
        total = read.get(parts.get(at, PRIOR))
        if total is not None and _own_kind(s, q, total[1]):  # "اختطف 900 مدني وأعدم 18 منهم": the 18 are killed
            parts.pop(at)
            total = None
        used = {k.tok for _, k in read.values()}
        kind = total[1] if total else _kind(s, q, quantities, at, parts, used)
        joined = None if kind is not None or at in parts else _joined_to(s, quantities, at, read)
        if joined is not None:  # "killing three civilians and two soldiers": the first one's word
            kind = joined[1]
        if kind is not None and not total:
            kind = _casualties(s, q, kind)
        if kind is None:
            continue
        claim = _claim(s, q, kind, [c for c, _ in read.values()], paragraph, publisher, text,
                       own_kind=not (total or joined))
        if total:
            claim = replace(claim, claimant=total[0].claimant, via=total[0].via, part_of=total[0].start)
        elif at in parts:
            claim = replace(claim, part_of=PRIOR)
        elif (joined is not None and joined[0].victims == claim.victims) or _added(s, q, kind):
            claim = replace(claim, added=True)  # ("and 22 in Idlib": as many again; of other people, such as
            # "16 civilians and three children", the groups tell how they add up: see model.fatalities)
        read[at] = (claim, kind)
    for at in range(len(quantities) - 1):  # "45 IS militants and 20 Kurdish fighters had been killed"
        if at in read or at in parts or at + 1 not in read or not _is_count(s, quantities[at]):
            continue
        if _joined_to(s, quantities, at + 1, {at: read[at + 1]}) is not None:
            claim = _claim(s, quantities[at], read[at + 1][1], [c for c, _ in read.values()], paragraph, publisher,
                           text, own_kind=False)
            read[at] = (claim, read[at + 1][1])
            if claim.victims == read[at + 1][0].victims:
                read[at + 1] = (replace(read[at + 1][0], added=True), read[at + 1][1])
    told = [read[at] for at in sorted(read)]
    return scopes(s, [t for pair in told for t in [pair, *_then_killed(s, *pair, text)]])


def _members_of(s: Sentence, members: Item, stop: int) -> str | None:
    """Whose members were counted: the armed actor named after "members of" (government forces for the state's
    side, fighters for any other), else the group of victims named there."""
    kb = knowledge()
    for actor in s.near(members.tok_end, min(members.tok_end + 4, stop - 1), "actor"):
        known = kb.actors[actor.value]
        if known.inter not in (6, 7):
            return "government forces" if known.side == "government" else "fighters"
    whose = [v for v in s.near(members.tok_end, members.tok_end + 4, "victim") if v.tok < stop]
    return whose[0].value if whose else None


def _then_killed(s: Sentence, claim: Claim, kind: Item, text: str) -> list[tuple[Claim, Item]]:
    """People taken and then killed are told killed too: "41 rebels were rounded up and executed", "اختطفوا
    وقتلوا" (the killing word joined to the taking word by "and" or "then")."""
    if claim.kind not in ("captured", "missing"):
        return []
    joins = knowledge().words.get("conjunctions", frozenset()) | knowledge().words["link_words"]
    for then in s.near(kind.tok_end, kind.tok_end + 2, "kind"):
        between = range(kind.tok_end, then.tok)
        glued = then.tok == kind.tok_end and s.tokens[then.tok].text[:1] == "و"
        if then.value == "killed" and (glued or (between and all(s.tokens[t].text in joins for t in between))):
            start, end = min(claim.start, then.start), max(claim.end, then.end)
            return [(replace(claim, kind="killed", start=start, end=end, evidence=text[start:end]), then)]
    return []


def _victim_noun(s: Sentence, q: Item) -> tuple[int, Item | None]:
    """The word for the people figure ``q`` counts, right after it, and the token where the next figure's
    words start (its noun is its own). A dual or a singular names its people itself: no noun."""
    stop = min((i.tok for i in s.near(q.tok_end, q.tok_end + VICTIM_WINDOW, "num", "range", "vague", "dual")),
               default=len(s.tokens))
    if q.kind in ("dual", "single"):
        return stop, None
    named = [(a.tok, a.tok_end) for a in s.near(q.tok_end - 1, q.tok_end + VICTIM_WINDOW, "actor")]
    after = {c.tok for c in cues(s) if c.kind == "part_after"}  # ("ستة منهم أطفال": "of them" goes on to the noun)
    stop = min([stop] + [c.tok for c in cues(s) if c.kind == "part_before" and q.tok_end <= c.tok < stop
                         and c.tok not in after])  # ("Kills 23 including Militants": the militants are a part)
    return stop, next(
        (v for v in s.near(q.tok_end, q.tok_end + VICTIM_WINDOW, "victim") if v.tok < stop and not _telling(s, v)
         and not any(a <= v.tok and v.tok_end <= b and (a, b) != (v.tok, v.tok_end) for a, b in named)),
        None)  # (not "army" in "41 Free Syrian Army fighters")


def _casualties(s: Sentence, q: Item, kind: Item) -> Item | None:
    """The casualty word as it counts figure ``q``: a killing word told with a wounding word ("19 killed and
    injured", "قتيلاً وجريحاً") counts the hurt and the dead together, as casualties (kind injured); a killing
    word that also destroys things ("destroyed", "القضاء على") counts no one unless a word for people follows
    the figure (None). See ``casualty_pairs`` and ``people_only_kinds`` in ``data/<lang>/claims.json``."""
    for cue in cues(s):
        if not cue.tok <= kind.tok < cue.tok_end:
            continue
        if cue.kind == "casualty_pair":
            start, end = min(cue.start, kind.start), max(cue.end, kind.end)
            return Item(kind="kind", value="injured", start=start, end=end, tok=min(cue.tok, kind.tok),
                        tok_end=max(cue.tok_end, kind.tok_end))
        if cue.kind == "people_only" and kind.value == "killed" and q.kind not in ("dual", "single") \
                and _victim_noun(s, q)[1] is None:
            return None
    return kind


def _claim(s: Sentence, q: Item, kind: Item, earlier: list[Claim], paragraph: list[Sentence],
           publisher: str | None, text: str, own_kind: bool = True) -> Claim:
    """The claim of figure ``q`` with casualty word ``kind``; ``earlier`` are the sentence's claims read before
    it (whose victims a figure with no noun of its own shares). A part's casualty word is its total's, and
    no part of its evidence (``own_kind`` False)."""
    if q.kind == "num":
        qualifier, qual_item = _qualifier(s, q)
        low, high = _bounds(q.value, qualifier)
        if qualifier in ("exact", "about") and starting_cue(s, "upper_bound", kind):
            qualifier, low, high = "up_to", None, q.value  # "neutralized 11": killed, captured or surrendered
    elif q.kind == "range":  # "between 5 and 10", "10-12": its bounds
        qualifier, qual_item, (low, high) = "range", None, q.value
    elif q.kind in ("dual", "single"):
        qualifier, qual_item, (low, high) = "exact", None, ((2, 2) if q.kind == "dual" else (1, 1))
    else:
        qualifier, qual_item, (low, high) = q.value, None, (None, None)
    stop, victims_item = _victim_noun(s, q)
    group = None
    members = victims_item if victims_item is not None else q if q.kind in ("dual", "single") else None
    if members is not None and set(s.tokens[members.tok].text.split()) & claim_words("member_nouns"):
        group = _members_of(s, members, stop)  # "40 members of the regime forces", "عنصران من قوات النظام"
    if victims_item is None and q.kind not in ("dual", "single"):  # "the number of civilians killed ... to 20",
        victims_item = next((v for c in cues(s) if c.kind == "toll_nouns" and c.tok <= kind.tok < c.tok_end
                             for v in s.near(c.tok, c.tok_end + TOLL_VICTIMS, "victim")  # "the toll for Russian
                             if v.tok_end <= q.tok and not clauses_between(s, c.tok, v.tok)), None)  # soldiers"
    before = [c for c in earlier if c.start < q.start]
    victims = group or (victims_item.value if victims_item else q.value if q.kind in ("dual", "single")
               else before[-1].victims if before else "people")
    said_by, via = claimant(s, q, paragraph, publisher)
    parts = [p for p in (qual_item, q, kind if own_kind else None, victims_item) if p is not None]
    start, end = min(p.start for p in parts), max(p.end for p in parts)
    return Claim(kind=kind.value, low=low, high=high, qualifier=qualifier, victims=victims, claimant=said_by,
                 via=via, start=start, end=end, evidence=text[start:end])


def plausible(claim: Claim) -> bool:
    """False for a figure beyond :data:`PLAUSIBLE_MAX` ("1,000,000,000 killed")."""
    top = PLAUSIBLE_MAX.get(claim.kind, PLAUSIBLE_MAX_DEFAULT)
    return all(v is None or 0 <= v <= top for v in (claim.low, claim.high))
