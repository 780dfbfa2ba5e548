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
- the claimant, from the attribution nearest to the figure: "according to X",
  "X said", "أفاد X", "بحسب X"; else the attribution that closes the quoted
  paragraph ("..., the source said"); else "unattributed".

Bounds: exact and "about" figures are low = high; "more than N" is low N+1;
"at least N" low N; "up to"/"at most" N is high N; a range ("between 5 and 10",
"10-12", "من 10 إلى 12") is low 5, high 10 (qualifier ``range``); vague amounts
have none.
"""
from __future__ import annotations

from bisect import bisect_left

from ..model import Claim
from .analysis import Item, Sentence
from .knowledge import knowledge

AFTER_WINDOW = 9  # tokens after a figure in which its casualty word may stand
BEFORE_WINDOW = 10  # ... and before it
VICTIM_WINDOW = 3
CLAIMANT_WINDOW = 7
APPOSITION = 4  # tokens after a figure in which a singular noun describes its people instead of counting one
PHRASE_REACH = 8  # the most tokens a qualifier or casualty phrase spans, for looking back from a figure
ATTRIBUTION_REACH = 120  # tokens between a figure and the "said"/"according to" that attributes it
_QUOTES = "\"”“»«'’"
_ENTITY_ORDER = {"claimant": 0, "outlet": 1, "actor": 2}  # of several readings of one phrase, the first
# The largest figure one report can plausibly claim for one event, by kind; above it a figure is a
# typo, a garbled number or a hoax, and is not kept as a claim (the document gets a warning).
PLAUSIBLE_MAX = {"displaced": 20_000_000}
PLAUSIBLE_MAX_DEFAULT = 2_000_000




def _telling(s: Sentence, victim: Item) -> bool:
    """ "Dozens were wounded, residents said": the people named are the tellers, with their verb after them."""
    return bool(s.starting("attr_verb", victim.tok_end, victim.tok_end + 1))


def _bounds(value: int, qualifier: str) -> tuple[int | None, int | None]:
    if qualifier == "more_than":
        return value + 1, None
    if qualifier == "at_least":
        return value, None
    if qualifier in ("up_to", "at_most"):
        return None, value
    return value, value


def _between(s: Sentence, lo: int, hi: int, *kinds: str) -> list[Item]:
    return [i for i in s.near(lo, hi, *kinds) if i.tok_end <= hi]


def _is_count(s: Sentence, q: Item) -> bool:
    if q.kind == "single" and any(n.tok_end >= q.tok - APPOSITION for n in s.near(
            q.tok - PHRASE_REACH - APPOSITION, q.tok - 1, "num", "range", "vague", "scale", "dual")):
        return False  # "100 مدني": a number's noun; "two civilians, a woman and her son": who they were
    if q.kind not in ("num", "range"):  # "hundreds of rockets", "المئات من الصواريخ"
        nxt = s.near(q.tok_end, q.tok_end + 1, "unit", "victim")
        return not (nxt and nxt[0].kind == "unit")
    if _between(s, q.tok - 1, q.tok, "unit_before"):
        return False
    nxt = s.near(q.tok_end, q.tok_end + 2, "unit", "victim", "kind")
    if nxt and nxt[0].kind == "unit" and not any(i.kind in ("victim", "kind") and i.tok == nxt[0].tok for i in nxt):
        return False
    if q.kind == "range":  # years ("between 2011 and 2013", "2012-2013"), unless people follow
        return not all(1900 <= v <= 2100 for v in q.value) or any(
            i.kind == "victim" and i.tok == q.tok_end for i in nxt)
    if 1900 <= q.value <= 2100 and not (nxt and nxt[0].tok == q.tok_end and nxt[0].kind != "unit"):
        return False  # a year
    return True


def _qualifier(s: Sentence, q: Item) -> tuple[str, Item | None]:
    before = [i for i in s.near(q.tok - PHRASE_REACH, q.tok, "qual") if q.tok - 2 <= i.tok_end <= q.tok]
    if before:
        qual = before[-1]
        negated = _between(s, qual.tok - 4, qual.tok, "neg")
        if negated and qual.value in ("more_than", "up_to"):
            return "at_most", qual
        return qual.value, qual
    after = [i for i in s.near(q.tok_end, q.tok_end + 3, "qual") if i.value == "at_least"]
    return ("at_least", after[0]) if after else ("exact", None)


def _kind(s: Sentence, q: Item, quantities: list[Item], at: int) -> Item | None:
    """The casualty word of figure ``q`` (``quantities[at]``): the nearest one around it, within windows that
    stop at the neighbouring figures."""
    verb = [i for i in s.near(q.tok - PHRASE_REACH, q.tok, "kind_before_number") if i.tok_end == q.tok]
    if verb:  # أسر أربعة: "captured four"
        return Item(kind="kind", value=verb[0].value, start=verb[0].start, end=verb[0].end, tok=verb[0].tok,
                    tok_end=verb[0].tok_end)
    prev_q = max((x.tok_end for x in quantities[max(0, at - 8):at] if x.tok_end <= q.tok and x.kind != "single"),
                 default=-1)  # (a single noun never bounds another figure's reach)
    next_q = min((x.tok for x in quantities[at + 1:at + 9] if x.tok >= q.tok_end and x.kind != "single"),
                 default=len(s.tokens))
    after = s.near(q.tok_end, min(q.tok_end + AFTER_WINDOW, next_q), "kind")
    low = max(q.tok - BEFORE_WINDOW, prev_q)
    before = [i for i in s.near(low - PHRASE_REACH, q.tok, "kind") if low <= i.tok_end <= q.tok]
    best_after = after[0] if after else None
    best_before = before[-1] if before else None
    if best_after and _passive_link(s, q, best_after):
        return best_after  # "42 security personnel were killed", "dozens more were injured", "8 مواطنين أصيبوا"
    if best_after and best_before:
        return best_after if best_after.tok - q.tok_end < q.tok - best_before.tok_end else best_before
    return best_after or best_before


def _passive_link(s: Sentence, q: Item, kind: Item) -> bool:
    """Only victims and auxiliaries stand between the figure and the casualty word after it."""
    victims = s.memo.get("victim_tokens")
    if victims is None:
        victims = s.memo["victim_tokens"] = {t for v in s.of("victim") for t in range(v.tok, v.tok_end)}
    if s.tokens[kind.tok].text.startswith("و") and s.tokens[kind.tok].text[1:2] != "و":
        return False  # "مقتل خمسة مدنيين وإصابة آخرين": a new figure's word, joined by و
    return all(t in victims or s.tokens[t].text in knowledge().words["link_words"] for t in range(q.tok_end, kind.tok))


def _label(item: Item, publisher: str | None) -> str:
    if item.kind == "claimant" and item.value == "correspondent":
        return f"{publisher} correspondent" if publisher else "correspondent"
    return str(item.value)


def _entity_near(s: Sentence, cue: Item, publisher: str | None) -> str | None:
    lo, hi = cue.tok - CLAIMANT_WINDOW - 8, cue.tok_end + CLAIMANT_WINDOW  # (phrases are a few tokens long)
    entities = sorted((i for i in s.near(lo, hi, "claimant", "outlet", "actor")
                       if not (i.kind == "actor" and knowledge().actors[i.value].inter in (6, 7))),
                      key=lambda i: (i.tok, -i.tok_end, _ENTITY_ORDER[i.kind]))
    if cue.kind == "cue_before":
        after = [e for e in entities if cue.tok_end <= e.tok <= cue.tok_end + CLAIMANT_WINDOW]
        if not after:
            return None
        return _label(_prefer([e for e in after if e.tok == after[0].tok]), publisher)
    before = [e for e in entities if cue.tok - CLAIMANT_WINDOW <= e.tok_end <= cue.tok]
    after = [e for e in entities if cue.tok_end <= e.tok <= cue.tok_end + CLAIMANT_WINDOW]
    near_before = before[-1] if before else None
    near_after = after[0] if after else None
    if near_before and near_after:
        pick = near_before if cue.tok - near_before.tok_end <= near_after.tok - cue.tok_end else near_after
    else:
        pick = near_before or near_after
    if pick is None:
        return None
    return _label(_prefer([e for e in entities if e.tok == pick.tok]), publisher)


def _prefer(candidates: list[Item]) -> Item:
    """Of several readings of one phrase, the claimant reading first, then outlet, then actor."""
    return sorted(candidates, key=lambda e: _ENTITY_ORDER[e.kind])[0]


def _clauses_between(s: Sentence, a: int, b: int) -> int:
    """How many clause breaks (commas, semicolons) separate two tokens."""
    lo, hi = sorted((a, b))
    if hi >= len(s.tokens):
        hi = len(s.tokens) - 1
    between = s.text[s.tokens[lo].end:s.tokens[hi].start]
    return sum(between.count(c) for c in ",،;؛")


def _attribution(s: Sentence, tok: int, publisher: str | None) -> str | None:
    cues = sorted(s.near(tok - ATTRIBUTION_REACH, tok + ATTRIBUTION_REACH, "cue_before", "attr_verb"),
                  key=lambda c: (_clauses_between(s, c.tok, tok), min(abs(c.tok - tok), abs(c.tok_end - tok)),
                                 c.tok, -c.tok_end, c.kind != "cue_before"))
    for cue in cues:
        found = _entity_near(s, cue, publisher)
        if found:
            return found
    return None


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
    """A source that opens the sentence gives its figures: "The Observatory put the death toll at eight"."""
    entities = [i for i in s.near(0, 2, "claimant", "outlet") if i.tok_end <= q.tok]
    return _label(_prefer([e for e in entities if e.tok == entities[0].tok]), publisher) if entities else None


def _neighbour_attribution(s: Sentence, paragraph: list[Sentence], publisher: str | None) -> str | None:
    """The attribution of the nearest other sentence of the paragraph, earlier ones first at equal distance."""
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
    after = next((a for a in attributed[at:at + 2] if a[0] != s.index), None)
    if before and after:
        return before[1] if s.index - before[0] <= after[0] - s.index else after[1]
    return (before or after or (None, None))[1]


def read_claims(s: Sentence, paragraph: list[Sentence], publisher: str | None, text: str) -> list[Claim]:
    """The claims stated in sentence ``s``; ``paragraph`` is its paragraph's sentences, for attribution."""
    quantities = [i for i in s.items if i.kind in ("num", "range", "vague", "dual", "single")]
    claims: list[Claim] = []
    for at, q in enumerate(quantities):
        if not _is_count(s, q):
            continue
        kind = _kind(s, q, quantities, at)
        if kind is None:
            continue
        if q.kind == "num":
            qualifier, qual_item = _qualifier(s, q)
            low, high = _bounds(q.value, qualifier)
        elif q.kind == "range":  # "between 5 and 10", "10-12": its bounds
            qualifier, qual_item, (low, high) = "range", None, q.value
        elif q.kind in ("dual", "single"):
            qualifier, qual_item, (low, high) = "exact", None, ((2, 2) if q.kind == "dual" else (1, 1))
        else:
            qualifier, qual_item, (low, high) = q.value, None, (None, None)
        victims_item = None if q.kind in ("dual", "single") else next(  # "مدنيان", "a child" name their victims
            (v for v in s.near(q.tok_end, q.tok_end + VICTIM_WINDOW, "victim") if not _telling(s, v)), None)
        victims = (victims_item.value if victims_item else q.value if q.kind in ("dual", "single")
                   else claims[-1].victims if claims else "people")
        claimant = (_attribution(s, q.tok, publisher) or _subject_claimant(s, q, publisher)
                    or _closing_attribution(paragraph, publisher)
                    or _neighbour_attribution(s, paragraph, publisher) or "unattributed")
        parts = [p for p in (qual_item, q, kind, victims_item) if p is not None]
        start, end = min(p.start for p in parts), max(p.end for p in parts)
        claims.append(Claim(kind=kind.value, low=low, high=high, qualifier=qualifier, victims=victims,
                            claimant=claimant, start=start, end=end, evidence=text[start:end]))
    return claims


def plausible(claim: Claim) -> bool:
    """False for a figure beyond :data:`PLAUSIBLE_MAX` ("1,000,000,000 killed")."""
    top = PLAUSIBLE_MAX.get(claim.kind, PLAUSIBLE_MAX_DEFAULT)
    return all(v is None or 0 <= v <= top for v in (claim.low, claim.high))
