"""Where a casualty figure stands among the others: breakdowns, scope, and one telling per figure.

- :func:`breakdown`: which figures of a sentence are parts of another's total ("killing 12 people, including
  5 children", "بينهم امرأة وطفلان", "three of them", "Among the dead were 11 children").
- :func:`scopes`: which figures are running totals over a period ("since 2011", "so far this year", "in
  May") or another, earlier incident's toll told as background ("an earlier attack", "last week", "the
  deadliest since an attack that killed 50").
- :func:`link_told`, over a document: parts whose total an earlier sentence told, "the same source",
  figures told as more ("six others").
- :func:`one_per_figure`, over an event: each figure once, with its claimant; :func:`told_once`, over a
  document: a sentence printed twice gives its figures once.
- :func:`country_wide` and :func:`incident_places`: what a sentence's places say about its figures.

The words are ``breakdown``, ``scope``, ``tolls``, ``added``, ``upper_bound_kinds``, ``casualty_pairs`` and
``people_only_kinds`` in ``data/<lang>/claims.json``, compiled into one matcher of their own.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace
from functools import lru_cache

from ..model import Claim
from .analysis import Item, Sentence
from .datafiles import DATA
from .knowledge import knowledge
from .matcher import Matcher, phrase_tokens

SAME_SOURCE = "same source"  # the claimant a text names as the one before ("the same source", "المصدر ذاته")
PRIOR = -1  # ``part_of`` of a part whose total was told in an earlier sentence, until :func:`link_told`
PART_GAP = 3  # tokens (a qualifier: "including at least") between a breakdown word and its part
TOTAL_REACH = 14  # the farthest a total may stand before the breakdown word that opens its parts
JOIN_GAP = 5  # tokens (the part's noun, "and") between one part and the next
SCOPE_REACH = 8  # tokens around a figure and its casualty word in which a scope word makes it cumulative
PERIOD_REACH = 10  # tokens after "since" in which a year, a month or a period noun must follow
COMPARED_REACH = 6  # tokens before "since" in which a superlative makes it a comparison ("deadliest ... since")
PRIOR_CLAIMS = 12  # how many claims back a part told after its total's sentence looks for it
SOURCE_PLACE_GAP = 3  # tokens after a correspondent or an outlet in which a place is where the source is


@lru_cache(maxsize=None)
def claim_words(key: str) -> frozenset[str]:
    """A list of single words from ``data/<lang>/claims.json``, folded as tokens are."""
    return frozenset(t for data in DATA.load_all("claims").values() for w in data.get(key, [])
                     for t in phrase_tokens(w))


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
                           ("past", "past"), ("in_month", "in_month"), ("month_past", "month_past"),
                           ("times_of_day", "time_of_day")):
            for phrase in scope.get(role, []):
                matcher.add(phrase, (kind, None))
        for phrase in scope.get("past_clause", []):
            matcher.add(phrase, ("past_clause", None))
        for phrase in scope.get("country_before", []):
            matcher.add(phrase, ("country_scope", None))
        for phrase in data.get("added", []):
            matcher.add(phrase, ("added", None))
        for role in ("toll_nouns", "toll_to"):
            for phrase in data.get("tolls", {}).get(role, []):
                matcher.add(phrase, (role, None))
        for phrase in data.get("casualty_pairs", []):
            matcher.add(phrase, ("casualty_pair", None))
        for phrase in data.get("people_only_kinds", []):
            matcher.add(phrase, ("people_only", None))
        for kind, phrases in data.get("upper_bound_kinds", {}).items():
            for phrase in ([] if kind.startswith("_") else phrases):
                matcher.add(phrase, ("upper_bound", kind))
    return matcher


def cues(s: Sentence) -> list[Item]:
    """The breakdown and scope words of a sentence, read once per sentence."""
    found = s.memo.get("claim_cues")
    if found is None:
        matches = _cue_matcher().find(s.text, list(s.tokens))
        found = s.memo["claim_cues"] = [
            Item(kind=kind, value=value, start=s.start + m.start, end=s.start + m.end, tok=m.token_start,
                 tok_end=m.token_end) for m in matches for kind, value in m.payloads]
    return found


def starting_cue(s: Sentence, kind: str, at: Item) -> bool:
    return any(c.kind == kind and c.tok == at.tok for c in cues(s))


def only_between(s: Sentence, lo: int, hi: int, allowed: set[int]) -> bool:
    return all(t in allowed for t in range(lo, hi))


def clauses_between(s: Sentence, a: int, b: int) -> int:
    """How many clause breaks (commas, semicolons) separate two tokens."""
    lo, hi = sorted((a, b))
    if hi >= len(s.tokens):
        hi = len(s.tokens) - 1
    between = s.text[s.tokens[lo].end:s.tokens[hi].start]
    return sum(between.count(c) for c in ",،;؛")


def token_at(s: Sentence, offset: int) -> int:
    """The token that holds document offset ``offset`` (else the last before it)."""
    at = bisect_right([t.start for t in s.tokens], offset - s.start) - 1
    return max(at, 0)


def breakdown(s: Sentence, quantities: list[Item]) -> dict[int, int]:
    """Which figures are parts of a breakdown, and the index of each one's total, else :data:`PRIOR` (a total
    told in an earlier sentence): "killing 12 people, including 5 children and 2 women", "بينهم امرأة
    وطفلان", "three of them", "ten children were among at least 48 people killed", "Among the dead were 11
    children". A part is joined to the next by "and" ("و" written onto it)."""
    words = [c for c in cues(s) if c.kind in ("part_before", "part_after", "joiners")]
    if not words or not quantities:
        return {}
    before = [c for c in words if c.kind == "part_before"]
    after = [c for c in words if c.kind == "part_after"]
    joiners = {t for c in words if c.kind == "joiners" for t in range(c.tok, c.tok_end)}
    qualifiers = {t for i in s.of("qual") for t in range(i.tok, i.tok_end)}
    nouns = {t for i in s.of("victim") for t in range(i.tok, i.tok_end)}
    links = {n for n, t in enumerate(s.tokens) if t.text in knowledge().words["link_words"]}
    parts: dict[int, int] = {}
    for at, q in enumerate(quantities):
        opener = next((c for c in reversed(before) if q.tok - PART_GAP <= c.tok_end <= q.tok
                       and only_between(s, c.tok_end, q.tok, qualifiers | links)), None)
        if opener is not None:  # "including five", "بينهم ثلاثة"
            parts[at] = _total_before(quantities, parts, at, opener.tok)
            continue
        if at - 1 in parts and q.tok - quantities[at - 1].tok_end <= JOIN_GAP and only_between(
                s, quantities[at - 1].tok_end, q.tok, nouns | joiners | qualifiers) and (
                joiners.intersection(range(quantities[at - 1].tok_end, q.tok)) or s.tokens[q.tok].text[:1] == "و"):
            parts[at] = parts[at - 1]  # "... and two women", "وطفلان"
            continue
        closer = next((c for c in after if q.tok_end <= c.tok <= q.tok_end + PART_GAP
                       and only_between(s, q.tok_end, c.tok, nouns | links)), None)
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


def scopes(s: Sentence, read: list[tuple[Claim, Item]]) -> list[Claim]:
    """The claims with their scope (see ``scope`` in ``data/<lang>/claims.json``): a scope word in a claim's
    clause, within its reach and nearer to it than to any other claim, makes it cumulative ("since 2011",
    "in May") or the toll of an earlier incident told as background ("an earlier attack", "last week"); one
    that opens the sentence ("Since July 11, ...") scopes every claim of it. A part takes its total's scope."""
    claims = [c for c, _ in read]
    found = _scope_cues(s) if claims else []
    if not found:
        return claims
    spans = [(min(c.start, k.start), max(c.end, k.end)) for c, k in read]
    toks = [(token_at(s, a), token_at(s, b - 1) + 1) for a, b in spans]
    scoped: dict[int, tuple[str, str]] = {}
    for cue, scope, period in sorted(found, key=lambda f: f[1] != "background"):  # another incident first
        compared = cue.kind == "since"  # (a "since" that gives background is a comparison: its figures follow)
        distance = [(0 if lo <= cue.tok < hi else min(abs(cue.tok - hi + 1), abs(lo - cue.tok_end + 1)), n)
                    for n, (lo, hi) in enumerate(toks) if claims[n].part_of in (None, PRIOR)
                    and not (compared and scope == "background" and lo < cue.tok)]
        if not distance:
            continue
        if _opens_sentence(s, cue):  # (one that heads a phrase of its own reaches to its clause's end only: "A
            clause = any(c.kind == "past_clause" and c.tok == cue.tok for c in cues(s))  # day after X, Y")
            chosen = [n for _, n in distance if not clause or not clauses_between(s, cue.tok, toks[n][0])]
        else:
            gap, n = min(distance)
            lo, hi = toks[n]
            near = lo if cue.tok < lo else hi - 1
            # an earlier incident told after its cue reaches to its clause's end ("a day after air strikes by
            # Russian and regime warplanes killed 26 people")
            # as does a period told after its figure ("killed in the bombing of the city's east since November 15")
            reach = 2 * SCOPE_REACH if (scope == "background" and lo >= cue.tok_end) or (
                cue.kind == "since" and scope == "cumulative" and hi <= cue.tok) else SCOPE_REACH
            chosen = [n] if gap <= reach and (gap == 0 or not clauses_between(s, cue.tok, near)) else []
        for n in chosen:
            scoped.setdefault(claims[n].start, (scope, period))
    out = []
    for c in claims:
        key = c.part_of if c.part_of not in (None, PRIOR) else c.start
        out.append(replace(c, scope=scoped[key][0], period=scoped[key][1]) if key in scoped else c)
    return out


def _scope_cues(s: Sentence) -> list[tuple[Item, str, str]]:
    """The scope words of a sentence that hold: each with the scope it gives and the words of its period."""
    words = cues(s)
    months = {c.tok: c for c in words if c.kind == "month"}
    periods = [range(c.tok_end, _period_end(s, c)) for c in words if c.kind == "since"]
    found = []
    for cue in words:
        if any(cue.tok in period for period in periods):
            continue  # "منذ بداية الحملة أواخر نيسان الماضي": the words of a period, not a scope of their own
        if cue.kind == "cumulative" and not _hours(s, cue):
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


def told_over_time(s: Sentence) -> bool:
    """The sentence tells a running total or an earlier time ("since the army retook the town", "over the past
    week", "last March"); a comparison ("the largest wave since the offensive began") tells none."""
    return any(c.kind == "since" and not _compared(s, c) for c in cues(s)) or any(
        not (cue.kind == "since" and scope == "background") for cue, scope, _ in _scope_cues(s))


@lru_cache(maxsize=1)
def _hour_words() -> frozenset[str]:
    return frozenset(t for data in DATA.load_all("claims").values() for w in data.get("scope", {}).get("hours", [])
                     for t in phrase_tokens(w))


HOURS_REACH = 3  # tokens after a period's words ("in the last", "خلال") in which an hours word may follow


def _hours(s: Sentence, cue: Item) -> bool:
    """A period of hours ("in the last 24 hours", "خلال الساعات الماضية") makes no running total: the figure is
    the day's toll."""
    words = _hour_words()
    return any(t.text in words for t in s.tokens[cue.tok_end:cue.tok_end + HOURS_REACH]) or any(
        t.text in words for t in s.tokens[cue.tok:cue.tok_end])


def _day_after(s: Sentence, month: Item) -> bool:
    """A day number after a month's name ("May 9"): a date, not the month."""
    nxt = s.tokens[month.tok_end].text if month.tok_end < len(s.tokens) else ""
    return nxt.isdigit() and int(nxt) <= 31


def _opens_sentence(s: Sentence, cue: Item) -> bool:
    """The scope word opens the sentence ("Since July 11, ...", "ومنذ بداية ..."), after a conjunction at most."""
    return cue.tok == 0 or (cue.tok == 1 and s.tokens[0].text in ("and", "but", "و", "ف"))


def _compared(s: Sentence, since: Item) -> bool:
    """ "the deadliest attack since 2016", "the first death in the town since": a comparison, whose figures
    after "since" are another incident's, not a period's."""
    bounds = {t for i in s.of("qual") for t in range(i.tok, i.tok_end)}  # ("أكثر من 500": no "the most")
    return any(c.kind == "comparison" and since.tok - COMPARED_REACH <= c.tok < since.tok and c.tok not in bounds
               for c in cues(s))


def _period_end(s: Sentence, cue: Item) -> int:
    """One past the last token of a period's words after ``cue``: years, months and period nouns."""
    end = cue.tok_end
    if any(c.kind == "time_of_day" and c.tok in (cue.tok_end, cue.tok_end + 1) for c in cues(s)):
        return end  # "since dawn (on Tuesday)", "منذ صباح اليوم": the day's toll so far
    periods = {t for c in cues(s) if c.kind in ("period", "month") for t in range(c.tok, c.tok_end)}
    for t in range(cue.tok_end, min(cue.tok_end + PERIOD_REACH, len(s.tokens))):
        if clauses_between(s, t - 1, t):  # ("in recent days, the ministry said on Monday")
            break
        word = s.tokens[t].text
        if t in periods or (word.isdigit() and 1900 <= int(word) <= 2100):
            end = t + 1
    late = [c for c in cues(s) if c.kind == "month_past" and c.tok == end]  # "... أواخر نيسان الماضي"
    return late[0].tok_end if late else end


def _period(s: Sentence, cue: Item) -> str:
    end = max(_period_end(s, cue), cue.tok_end)
    return s.text[s.tokens[cue.tok].start:s.tokens[end - 1].end]


def link_told(told: list[tuple[int, list[Claim]]], titles: frozenset[int] = frozenset()) -> list[list[Claim]]:
    """Each sentence's claims, given with its paragraph in text order, with what needs the claims before them:
    a part whose total was told in an earlier sentence ("Among the dead were 11 children") is linked to it,
    the latest earlier claim of the same kind with a figure no smaller (else it stands as a figure of its
    own); a figure of "the same source" is the claimant's of the figure before; a figure told as more ("six
    others") stays so only after a figure of the same kind told in the story
    (in "his son and 20 other fighters" it is more than the son, not than the title's 20); ``titles`` are the
    title's paragraphs."""
    out: list[list[Claim]] = []
    before: list[tuple[int, Claim]] = []
    for paragraph, claims in told:
        mine = []
        for claim in claims:
            if claim.claimant == SAME_SOURCE:  # "بحسب المصدر ذاته": the claimant of the figure before
                earlier = [c for _, c in before] + mine
                claim = replace(claim, claimant=earlier[-1].claimant if earlier else "unattributed",
                                via=earlier[-1].via if earlier else "")
            if claim.part_of == PRIOR:
                total = next((c for _, c in reversed(before[-PRIOR_CLAIMS:]) if c.kind == claim.kind
                              and c.part_of is None and point(c) is not None and point(c) > (point(claim) or 0)),
                             None)
                adopt = total is not None and claim.claimant == "unattributed"
                claim = replace(claim, part_of=total.start if total else None, scope=total.scope if total else
                                claim.scope, claimant=total.claimant if adopt else claim.claimant,
                                via=total.via if adopt else claim.via)
            elif claim.added and not any(p not in titles and c.kind == claim.kind for p, c in before + [
                    (paragraph, m) for m in mine]):
                claim = replace(claim, added=False)
            mine.append(claim)
        before += [(paragraph, c) for c in mine]
        out.append(mine)
    return out


def told_once(claims_by_sentence: dict[int, list[Claim]], sents: list[Sentence]) -> dict[int, list[Claim]]:
    """The claims of each sentence, but none of a sentence that repeats an earlier one word for word (a page that
    prints its lead twice): its figures are copies, not figures of their own. So are those of a sentence's
    opening passage printed again right after it with no stop between."""
    seen: set[str] = set()
    out: dict[int, list[Claim]] = {}
    for s in sents:
        words = " ".join(s.text.lower().split())
        if words in seen:
            out[s.index] = []
            continue
        seen.add(words)
        claims = claims_by_sentence.get(s.index, [])
        lo, hi = _printed_twice(s) or (0, 0)
        out[s.index] = [c for c in claims if not lo <= c.start < hi]
    return out


REPEAT_WORDS = 10  # the fewest words of a passage whose copy right after it is a page printing it twice
REPEAT_MAX = 80  # the most: a lead printed twice, not a list of like clauses ("killed 3 in Homs and killed 4 ...")


def _printed_twice(s: Sentence) -> tuple[int, int] | None:
    """Where the copy stands (document offsets) of a passage of a sentence printed twice in a row with no stop
    between ("04-04-2016 The spokesman ... were killed in air strikes The spokesman ... were killed in air
    strikes, a monitor said"), else None."""
    words = [t.text.lower() for t in s.tokens]
    at: dict[str, list[int]] = {}
    for n, w in enumerate(words):
        at.setdefault(w, []).append(n)
    for i, w in enumerate(words):
        first = bisect_right(at[w], i + REPEAT_WORDS - 1)
        for j in at[w][first:]:  # the copy would start at j, its passage being words[i:j]
            if j - i > REPEAT_MAX or 2 * j - i > len(words):
                break
            if _same(words, i, j):
                return s.start + s.tokens[j].start, s.start + s.tokens[2 * j - i - 1].end
    return None


def _same(words: list[str], i: int, j: int) -> bool:
    return all(words[i + k] == words[j + k] for k in range(j - i))


def point(claim: Claim) -> int | None:
    return claim.low if claim.low is not None else claim.high


def one_per_figure(claims: list[Claim], title_end: int = 0) -> list[Claim]:
    """An event's claims with each figure kept once: a figure told unattributed and by a named claimant is the
    named telling ("Car bomb kills 12" and "12 people were killed, SOHR said"); a title's figure told again
    in the story by the same claimant, or by anyone as a part or as more, is the story's telling (the title ends
    at ``title_end``). Figures a claimant tells twice in its story may be two figures, and stay. Parts that
    pointed to a dropped telling point to the kept one (or to its total, when the kept one is a part)."""
    kept: list[Claim] = []
    moved: dict[int, int] = {}
    for claim in sorted(claims, key=lambda c: (c.claimant == "unattributed", c.start < title_end, c.start)):
        same = next((k for k in kept if _same_figure(k, claim)
                     and (claim.claimant == "unattributed" or min(k.start, claim.start) < title_end)), None)
        if same is None and claim.start < title_end:  # the title's figure told in the story as a part or as
            same = next((k for k in kept if k.start >= title_end and _told_again(claim, k)), None)  # more
        if same is not None and claim.part_of is None:
            moved[claim.start] = same.start if same.part_of is None else same.part_of
        else:
            kept.append(claim)
    kept.sort(key=lambda c: c.start)
    return [replace(c, part_of=moved[c.part_of]) if c.part_of in moved else c for c in kept]


def _told_again(title: Claim, story: Claim) -> bool:
    """The story tells the title's figure again, maybe as a part of a total or as more than another figure
    ("Five policemen killed" and "15 people died, including five policemen")."""
    return ((title.kind, title.scope) == (story.kind, story.scope) and point(title) is not None
            and point(title) == point(story) and title.claimant in ("unattributed", story.claimant)
            and (title.victims == story.victims or "people" in (title.victims, story.victims)))


def _same_figure(a: Claim, b: Claim) -> bool:
    if (a.kind, a.scope, a.added) != (b.kind, b.scope, b.added) or a.part_of is not None or b.part_of is not None:
        return False
    if a.claimant != b.claimant and "unattributed" not in (a.claimant, b.claimant):
        return False
    if point(a) is None or point(b) is None:  # vague amounts: the same word
        if (a.low, a.high, a.qualifier) != (b.low, b.high, b.qualifier):
            return False
    elif point(a) != point(b):
        return False
    return a.victims == b.victims or "people" in (a.victims, b.victims) or a.evidence == b.evidence


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
    openers = {t for c in cues(s) if c.kind == "country_scope" for t in range(c.tok, c.tok_end)}
    return any(p.tok - 1 in openers for p in places)
