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

from bisect import bisect_left, bisect_right
from dataclasses import replace
from functools import lru_cache

from ..model import Claim
from .analysis import Item, Sentence
from .datafiles import DATA
from .knowledge import knowledge
from .matcher import Matcher

AFTER_WINDOW = 9  # tokens after a figure in which its casualty word may stand
PASSIVE_REACH = 16  # ... and the farthest it may stand after a long subject, as a passive verb ("were killed")
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


def _is_count(s: Sentence, q: Item, part: bool = False) -> bool:
    if q.kind == "single" and not part and any(n.tok_end >= q.tok - APPOSITION for n in s.near(
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


def _added(s: Sentence, q: Item, kind: Item) -> bool:
    """The figure is told as more than those before it: a word right before it ("another 20", "a further
    12"), in its noun right after it ("six others", "20 other fighters", "three more"), or right before its
    casualty word ("were also killed")."""
    qualifiers = {t for i in s.of("qual") for t in range(i.tok, i.tok_end)}  # ("more than" is no "more")
    nouns = {t for i in s.of("victim") for t in range(i.tok, i.tok_end)}
    links = knowledge().words["link_words"]
    for c in _cues(s):
        if c.kind != "added" or c.tok in qualifiers:
            continue
        if c.tok_end == q.tok or (q.tok_end <= c.tok <= q.tok_end + 1 and _only_between(s, q.tok_end, c.tok, nouns)):
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
    if best_after and _passive_link(s, q, best_after):
        return best_after  # "42 security personnel were killed", "dozens more were injured", "8 مواطنين أصيبوا"
    if best_after and best_before and best_before.tok in used:  # "a woman was killed and 25 others wounded"
        return best_after
    if best_after and best_before:  # the nearer, and the one in the figure's clause before one beyond a comma
        noun = s.near(q.tok_end, q.tok_end, "victim")
        gap_after = best_after.tok - (noun[0].tok_end if noun else q.tok_end)
        breaks = (_clauses_between(s, best_before.tok_end - 1, q.tok),
                  _clauses_between(s, q.tok_end - 1, best_after.tok))
        if breaks[0] != breaks[1]:
            return best_after if breaks[1] < breaks[0] else best_before
        return best_after if gap_after < q.tok - best_before.tok_end else best_before
    return best_after or best_before


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
    if not found or _clauses_between(s, q.tok_end - 1, found[0].tok):
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


# -- breakdowns and scope ------------------------------------------------------------------------
PRIOR = -1  # ``part_of`` of a part whose total was told in an earlier sentence, until :func:`link_parts`
PART_GAP = 3  # tokens (a qualifier: "including at least") between a breakdown word and its part
TOTAL_REACH = 14  # the farthest a total may stand before the breakdown word that opens its parts
JOIN_GAP = 5  # tokens (the part's noun, "and") between one part and the next
SCOPE_REACH = 8  # tokens around a figure and its casualty word in which a scope word makes it cumulative
PERIOD_REACH = 10  # tokens after "since" in which a year, a month or a period noun must follow
PRIOR_CLAIMS = 12  # how many claims back a part told after its total's sentence looks for it
SOURCE_PLACE_GAP = 3  # tokens after a correspondent or an outlet in which a place is where the source is


@lru_cache(maxsize=1)
def _cue_matcher() -> Matcher:
    """The words of breakdowns and scope (``breakdown``, ``scope`` and ``upper_bound_kinds`` in
    ``data/<lang>/claims.json``), matched in a sentence's tokens apart from the lexicon layers."""
    matcher = Matcher()
    for data in DATA.load_all("claims").values():
        for role in ("part_before", "part_after", "joiners"):
            for phrase in data.get("breakdown", {}).get(role, []):
                matcher.add(phrase, (role, None))
        scope = data.get("scope", {})
        for role, kind in (("since", "since"), ("period_nouns", "period"), ("months", "month"),
                           ("weekdays", "period"), ("comparisons", "comparison"), ("cumulative", "cumulative"),
                           ("past", "past"), ("in_month", "in_month"), ("month_past", "month_past")):
            for phrase in scope.get(role, []):
                matcher.add(phrase, (kind, None))
        for phrase in scope.get("country_before", []):
            matcher.add(phrase, ("country_scope", None))
        for phrase in data.get("added", []):
            matcher.add(phrase, ("added", None))
        for kind, phrases in data.get("upper_bound_kinds", {}).items():
            for phrase in ([] if kind.startswith("_") else phrases):
                matcher.add(phrase, ("upper_bound", kind))
    return matcher


def _cues(s: Sentence) -> list[Item]:
    """The breakdown and scope words of a sentence, read once per sentence."""
    found = s.memo.get("claim_cues")
    if found is None:
        matches = _cue_matcher().find(s.text, list(s.tokens))
        found = s.memo["claim_cues"] = [
            Item(kind=kind, value=value, start=s.start + m.start, end=s.start + m.end, tok=m.token_start,
                 tok_end=m.token_end) for m in matches for kind, value in m.payloads]
    return found


def _starting_cue(s: Sentence, kind: str, at: Item) -> bool:
    return any(c.kind == kind and c.tok == at.tok for c in _cues(s))


def _only_between(s: Sentence, lo: int, hi: int, allowed: set[int]) -> bool:
    return all(t in allowed for t in range(lo, hi))


def _breakdown(s: Sentence, quantities: list[Item]) -> dict[int, int]:
    """Which figures are parts of a breakdown, and the index of each one's total, else :data:`PRIOR` (a total
    told in an earlier sentence): "killing 12 people, including 5 children and 2 women", "بينهم امرأة
    وطفلان", "three of them", "ten children were among at least 48 people killed", "Among the dead were 11
    children". A part is joined to the next by "and" ("و" written onto it)."""
    cues = [c for c in _cues(s) if c.kind in ("part_before", "part_after", "joiners")]
    if not cues or not quantities:
        return {}
    before = [c for c in cues if c.kind == "part_before"]
    after = [c for c in cues if c.kind == "part_after"]
    joiners = {t for c in cues if c.kind == "joiners" for t in range(c.tok, c.tok_end)}
    qualifiers = {t for i in s.of("qual") for t in range(i.tok, i.tok_end)}
    nouns = {t for i in s.of("victim") for t in range(i.tok, i.tok_end)}
    links = {n for n, t in enumerate(s.tokens) if t.text in knowledge().words["link_words"]}
    parts: dict[int, int] = {}
    for at, q in enumerate(quantities):
        opener = next((c for c in reversed(before) if q.tok - PART_GAP <= c.tok_end <= q.tok
                       and _only_between(s, c.tok_end, q.tok, qualifiers)), None)
        if opener is not None:  # "including five", "بينهم ثلاثة"
            parts[at] = _total_before(quantities, parts, at, opener.tok)
            continue
        if at - 1 in parts and q.tok - quantities[at - 1].tok_end <= JOIN_GAP and _only_between(
                s, quantities[at - 1].tok_end, q.tok, nouns | joiners | qualifiers) and (
                joiners.intersection(range(quantities[at - 1].tok_end, q.tok)) or s.tokens[q.tok].text[:1] == "و"):
            parts[at] = parts[at - 1]  # "... and two women", "وطفلان"
            continue
        closer = next((c for c in after if q.tok_end <= c.tok <= q.tok_end + PART_GAP
                       and _only_between(s, q.tok_end, c.tok, nouns | links)), None)
        if closer is None:
            continue
        following = next((n for n in range(at + 1, len(quantities))
                          if 0 <= quantities[n].tok - closer.tok_end <= PART_GAP), None)
        if following is None:  # "three of them", "ثلاثة منهم", "were among the dead"
            parts[at] = _total_before(quantities, parts, at, q.tok)
        elif not any(c.tok == closer.tok for c in before):  # "were among at least 48 people killed"
            parts[at] = following
    return parts


def _total_before(quantities: list[Item], parts: dict[int, int], at: int, cue_tok: int) -> int:
    """The nearest figure before a breakdown word that is no part itself, else :data:`PRIOR`."""
    for n in range(at - 1, -1, -1):
        if n not in parts and quantities[n].kind != "single":
            return n if cue_tok - quantities[n].tok_end <= TOTAL_REACH else PRIOR
    return PRIOR


def _scopes(s: Sentence, read: list[tuple[Claim, Item]]) -> list[Claim]:
    """The claims with their scope (see ``scope`` in ``data/<lang>/claims.json``): a scope word in a claim's
    clause, within its reach and nearer to it than to any other claim, makes it cumulative ("since 2011",
    "in May") or the toll of an earlier incident told as background ("an earlier attack", "last week"); one
    that opens the sentence ("Since July 11, ...") scopes every claim of it. A part takes its total's scope."""
    claims = [c for c, _ in read]
    found = _scope_cues(s) if claims else []
    if not found:
        return claims
    spans = [(min(c.start, k.start), max(c.end, k.end)) for c, k in read]
    toks = [(_token_at(s, a), _token_at(s, b - 1) + 1) for a, b in spans]
    scoped: dict[int, tuple[str, str]] = {}
    for cue, scope, period in found:
        distance = [(0 if lo <= cue.tok < hi else min(abs(cue.tok - hi + 1), abs(lo - cue.tok_end + 1)), n)
                    for n, (lo, hi) in enumerate(toks) if claims[n].part_of in (None, PRIOR)]
        if not distance:
            continue
        if _opens_sentence(s, cue):
            chosen = [n for _, n in distance]
        else:
            gap, n = min(distance)
            lo, hi = toks[n]
            near = lo if cue.tok < lo else hi - 1
            chosen = [n] if gap <= SCOPE_REACH and (gap == 0 or not _clauses_between(s, cue.tok, near)) else []
        for n in chosen:
            scoped.setdefault(claims[n].start, (scope, period))
    out = []
    for c in claims:
        key = c.part_of if c.part_of not in (None, PRIOR) else c.start
        out.append(replace(c, scope=scoped[key][0], period=scoped[key][1]) if key in scoped else c)
    return out


def _scope_cues(s: Sentence) -> list[tuple[Item, str, str]]:
    """The scope words of a sentence that hold: each with the scope it gives and the words of its period."""
    cues = _cues(s)
    months = {c.tok: c for c in cues if c.kind == "month"}
    found = []
    for cue in cues:
        if cue.kind == "cumulative":
            found.append((cue, "cumulative", _period(s, cue)))
        elif cue.kind == "since" and _compared(s, cue):  # "the deadliest since an attack that killed 50"
            found.append((cue, "background", _period(s, cue)))
        elif cue.kind == "since" and _period_end(s, cue) > cue.tok_end:
            found.append((cue, "cumulative", _period(s, cue)))
        elif cue.kind == "past":
            found.append((cue, "background", _period(s, cue)))
        elif cue.kind == "in_month" and cue.tok_end in months and not _day_after(s, months[cue.tok_end]):
            found.append((cue, "cumulative", _period(s, cue)))  # "In May", "خلال آذار"
        elif cue.kind == "month_past":  # "last March", "أيار الماضي"
            month = months.get(cue.tok_end) or next((m for m in months.values() if m.tok_end == cue.tok), None)
            if month is not None:
                first, last = min(cue, month, key=lambda i: i.tok), max(cue, month, key=lambda i: i.tok)
                found.append((cue, "background", s.text[first.start - s.start:last.end - s.start]))
    return found


def _day_after(s: Sentence, month: Item) -> bool:
    """A day number after a month's name ("May 9"): a date, not the month."""
    nxt = s.tokens[month.tok_end].text if month.tok_end < len(s.tokens) else ""
    return nxt.isdigit() and int(nxt) <= 31


def _opens_sentence(s: Sentence, cue: Item) -> bool:
    """The scope word opens the sentence ("Since July 11, ...", "ومنذ بداية ..."), after a conjunction at most."""
    return cue.tok == 0 or (cue.tok == 1 and s.tokens[0].text in ("and", "but", "و", "ف"))


def _token_at(s: Sentence, offset: int) -> int:
    """The token that holds document offset ``offset`` (else the last before it)."""
    at = bisect_right([t.start for t in s.tokens], offset - s.start) - 1
    return max(at, 0)


def _compared(s: Sentence, since: Item) -> bool:
    """ "the deadliest attack since 2016", "the first death in the town since": a comparison, whose figures
    after "since" are another incident's, not a period's."""
    return any(c.kind == "comparison" and since.tok - 4 <= c.tok < since.tok for c in _cues(s))


def _period_end(s: Sentence, cue: Item) -> int:
    """One past the last token of a period's words after ``cue``: years, months and period nouns."""
    end = cue.tok_end
    periods = {t for c in _cues(s) if c.kind in ("period", "month") for t in range(c.tok, c.tok_end)}
    for t in range(cue.tok_end, min(cue.tok_end + PERIOD_REACH, len(s.tokens))):
        if t > cue.tok_end and _clauses_between(s, t - 1, t):
            break
        word = s.tokens[t].text
        if t in periods or (word.isdigit() and 1900 <= int(word) <= 2100):
            end = t + 1
    return end


def _period(s: Sentence, cue: Item) -> str:
    end = max(_period_end(s, cue), cue.tok_end)
    return s.text[s.tokens[cue.tok].start:s.tokens[end - 1].end]


def link_told(told: list[tuple[int, list[Claim]]]) -> list[list[Claim]]:
    """Each sentence's claims, given with its paragraph in text order, with what needs the claims before them:
    a part whose total was told in an earlier sentence ("Among the dead were 11 children") is linked to it,
    the latest earlier claim of the same kind with a figure no smaller (else it stands as a figure of its
    own); a figure told as more ("six others") stays so only after a figure of the same kind in its
    paragraph (in "his son and 20 other fighters" it is more than the son, not than the title's 20)."""
    out: list[list[Claim]] = []
    before: list[tuple[int, Claim]] = []
    for paragraph, claims in told:
        mine = []
        for claim in claims:
            if claim.part_of == PRIOR:
                total = next((c for _, c in reversed(before[-PRIOR_CLAIMS:]) if c.kind == claim.kind
                              and c.part_of is None and _point(c) is not None and _point(c) > (_point(claim) or 0)),
                             None)
                claim = replace(claim, part_of=total.start if total else None, scope=total.scope if total else
                                claim.scope, claimant=total.claimant if total and claim.claimant == "unattributed"
                                else claim.claimant)
            elif claim.added and not any(p == paragraph and c.kind == claim.kind for p, c in before + [
                    (paragraph, m) for m in mine]):
                claim = replace(claim, added=False)
            mine.append(claim)
        before += [(paragraph, c) for c in mine]
        out.append(mine)
    return out


def _point(claim: Claim) -> int | None:
    return claim.low if claim.low is not None else claim.high


def one_per_figure(claims: list[Claim], title_end: int = 0) -> list[Claim]:
    """An event's claims with each figure kept once: a figure told unattributed and by a named claimant is the
    named telling ("Car bomb kills 12" and "12 people were killed, SOHR said"); a title's figure told again
    in the story by the same claimant is the story's telling (the title ends at ``title_end``). Figures a
    claimant tells twice in its story may be two figures, and stay. Parts that pointed to a dropped telling
    point to the kept one."""
    kept: list[Claim] = []
    moved: dict[int, int] = {}
    for claim in sorted(claims, key=lambda c: (c.claimant == "unattributed", c.start < title_end, c.start)):
        same = next((k for k in kept if _same_figure(k, claim)
                     and (claim.claimant == "unattributed" or min(k.start, claim.start) < title_end)), None)
        if same is not None and claim.part_of is None:
            moved[claim.start] = same.start
        else:
            kept.append(claim)
    kept.sort(key=lambda c: c.start)
    return [replace(c, part_of=moved[c.part_of]) if c.part_of in moved else c for c in kept]


def _same_figure(a: Claim, b: Claim) -> bool:
    if (a.kind, a.scope, a.added) != (b.kind, b.scope, b.added) or a.part_of is not None or b.part_of is not None:
        return False
    if a.claimant != b.claimant and "unattributed" not in (a.claimant, b.claimant):
        return False
    if _stated(a) is None or _stated(b) is None:  # vague amounts: the same word
        if (a.low, a.high, a.qualifier) != (b.low, b.high, b.qualifier):
            return False
    elif _stated(a) != _stated(b):
        return False
    return a.victims == b.victims or "people" in (a.victims, b.victims) or a.evidence == b.evidence


def _stated(claim: Claim) -> int | None:
    """The figure as it was written ("more than 50" is 50)."""
    return claim.low - 1 if claim.qualifier == "more_than" and claim.low is not None else _point(claim)


def incident_places(s: Sentence, countries: set[str]) -> Sentence:
    """The sentence without the places that tell nothing of where its figures happened: where a correspondent
    or an outlet is ("مراسل أورينت في إدلب", "a correspondent in Aleppo"), and countries ("Syrian", "سوريا"),
    which hold every place. ``countries`` are the ids of country places."""
    sources = [i for i in s.of("claimant", "outlet") if i.kind == "outlet" or i.value == "correspondent"]
    kept = tuple(p for p in s.of("place") if p.value not in countries
                 and not any(0 < p.tok - src.tok_end <= SOURCE_PLACE_GAP for src in sources))
    return s if len(kept) == len(s.of("place")) else replace(s, by_kind={**s.by_kind, "place": kept}, memo={})


def country_wide(s: Sentence, countries: set[str]) -> bool:
    """The sentence's figures are the whole country's ("in Syria", "في عموم سوريا"): it names a country after
    one of ``country_before`` (``scope`` in ``data/<lang>/claims.json``) and no smaller place ("in northern
    Syria" is a region). ``countries`` are the ids of country places."""
    places = s.of("place")
    if not places or any(p.value not in countries for p in places):
        return False
    openers = {t for c in _cues(s) if c.kind == "country_scope" for t in range(c.tok, c.tok_end)}
    return any(p.tok - 1 in openers for p in places)


def read_claims(s: Sentence, paragraph: list[Sentence], publisher: str | None, text: str) -> list[Claim]:
    """The claims stated in sentence ``s``; ``paragraph`` is its paragraph's sentences, for attribution.

    Totals and figures of their own are read first, then the parts of breakdowns, which take their total's
    kind, claimant and scope (see :func:`_breakdown`); last, each claim's scope (see :func:`_scopes`)."""
    quantities = [i for i in s.items if i.kind in ("num", "range", "vague", "dual", "single")]
    parts = _breakdown(s, quantities)
    read: dict[int, tuple[Claim, Item]] = {}  # figure index -> its claim and casualty word
    for at in sorted(range(len(quantities)), key=lambda n: n in parts):  # totals before their parts
        q = quantities[at]
        if not _is_count(s, q, at in parts):
            continue
        total = read.get(parts.get(at, PRIOR))
        used = {k.tok for _, k in read.values()}
        kind = total[1] if total else _kind(s, q, quantities, at, parts, used)
        if kind is None:
            continue
        claim = _claim(s, q, kind, [c for c, _ in read.values()], paragraph, publisher, text, own_kind=not total)
        if total:
            claim = replace(claim, claimant=total[0].claimant, part_of=total[0].start)
        elif at in parts:
            claim = replace(claim, part_of=PRIOR)
        elif _added(s, q, kind):
            claim = replace(claim, added=True)
        read[at] = (claim, kind)
    return _scopes(s, [read[at] for at in sorted(read)])


def _claim(s: Sentence, q: Item, kind: Item, earlier: list[Claim], paragraph: list[Sentence],
           publisher: str | None, text: str, own_kind: bool = True) -> Claim:
    """The claim of figure ``q`` with casualty word ``kind``; ``earlier`` are the sentence's claims read before
    it (whose victims a figure with no noun of its own shares). A part's casualty word is its total's, and
    no part of its evidence (``own_kind`` False)."""
    if q.kind == "num":
        qualifier, qual_item = _qualifier(s, q)
        low, high = _bounds(q.value, qualifier)
        if qualifier in ("exact", "about") and _starting_cue(s, "upper_bound", kind):
            qualifier, low, high = "up_to", None, q.value  # "neutralized 11": killed, captured or surrendered
    elif q.kind == "range":  # "between 5 and 10", "10-12": its bounds
        qualifier, qual_item, (low, high) = "range", None, q.value
    elif q.kind in ("dual", "single"):
        qualifier, qual_item, (low, high) = "exact", None, ((2, 2) if q.kind == "dual" else (1, 1))
    else:
        qualifier, qual_item, (low, high) = q.value, None, (None, None)
    victims_item = None if q.kind in ("dual", "single") else next(  # "مدنيان", "a child" name their victims
        (v for v in s.near(q.tok_end, q.tok_end + VICTIM_WINDOW, "victim") if not _telling(s, v)), None)
    before = [c for c in earlier if c.start < q.start]
    victims = (victims_item.value if victims_item else q.value if q.kind in ("dual", "single")
               else before[-1].victims if before else "people")
    claimant = (_attribution(s, q.tok, publisher) or _subject_claimant(s, q, publisher)
                or _closing_attribution(paragraph, publisher)
                or _neighbour_attribution(s, paragraph, publisher) or "unattributed")
    parts = [p for p in (qual_item, q, kind if own_kind else None, victims_item) if p is not None]
    start, end = min(p.start for p in parts), max(p.end for p in parts)
    return Claim(kind=kind.value, low=low, high=high, qualifier=qualifier, victims=victims, claimant=claimant,
                 start=start, end=end, evidence=text[start:end])


def plausible(claim: Claim) -> bool:
    """False for a figure beyond :data:`PLAUSIBLE_MAX` ("1,000,000,000 killed")."""
    top = PLAUSIBLE_MAX.get(claim.kind, PLAUSIBLE_MAX_DEFAULT)
    return all(v is None or 0 <= v <= top for v in (claim.low, claim.high))
