"""Places in a sentence: which one an event happened at, and how places relate.

An ambiguous name is resolved in context by :func:`resolve` (``al-Malki`` in a Damascus story is not
``al-Malikiyah``; a village named in two governorates is the one "in Idlib countryside"); the event's
place is the one in its clause not after "from"/"to" or a casualty word ("victims of Douma"), a
place before an area (a region or governorate: "X in the southern countryside of Idlib" is X), then
one after a locative word ("in", "near", "في", "على"), then the most precise; a place after a word
of direction or of countryside ("east of Deir ez-Zor", "شرق دير الزور") stands for its area
(:func:`area_of`), not for itself.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import Counter

from ..model import Location
from .analysis import Item, Sentence
from .knowledge import PRECISION_RANK, Knowledge, Place, knowledge

MERGE_KM = 3.0  # two sites this close are one place for merging mentions


def words(role: str) -> frozenset[str]:
    """Function words of a role from ``data/<lang>/syntax.json`` (see there), folded like tokens."""
    return knowledge().words.get(role, frozenset())


def km(a: Location, b: Location) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


class Context(Counter):
    """How often each governorate is named through unambiguous bundled place names in the document; and
    ``elsewhere``, the names (as their candidates) the document places, by the area it names beside them,
    away from every place the lexicon knows by that name ("Shaer in Homs province"). One name is one place
    throughout a report, so such a name is a place the lexicon does not know wherever the report names it."""

    def __init__(self) -> None:
        super().__init__()
        self.elsewhere: frozenset[tuple[str, ...]] = frozenset()
        self.sure: set[str] = set()  # places a name was resolved to on evidence ...
        self.unsure: set[str] = set()  # ... and with low confidence (see :func:`resolve`)

    def judge(self, place_id: str, sure: bool) -> None:
        """Note how a name was resolved to ``place_id``. A place the document names once with evidence is sure
        throughout it."""
        (self.sure if sure else self.unsure).add(place_id)

    def confidence(self, place_id: str) -> str:
        """"low" when every reading of the place in the document rested on weak evidence, else "high"."""
        return "low" if place_id in self.unsure and place_id not in self.sure else "high"


def place_context(sentences: list[Sentence], kb: Knowledge) -> Context:
    """The document's :class:`Context` (read once per document: kept with its first sentence)."""
    key = ("context", len(sentences), id(sentences[-1]) if sentences else 0, id(kb))
    memo = sentences[0].memo if sentences else {}
    if key in memo:
        return memo[key]
    counts = memo[key] = Context()
    elsewhere = set()
    for s in sentences:
        for tok, ids in place_groups(s).items():
            if len(ids) == 1 and not kb.places[ids[0]].imported:
                counts[kb.places[ids[0]].location.admin1] += 1
            if tok not in s.memo.get("keyed", ()) and _seated_elsewhere(s, tok, ids, kb):
                elsewhere.add(tuple(ids))
    counts.elsewhere = frozenset(elsewhere)
    return counts


def place_groups(s: Sentence) -> dict[int, list[str]]:
    """The place ids named at each token of the sentence (an ambiguous name has several), in order."""
    groups = s.memo.get("place_groups")
    if groups is None:
        groups = s.memo["place_groups"] = {}
        for item in s.of("place"):
            if not _metonym(s, item):
                groups.setdefault(item.tok, []).append(item.value)
    return groups


def _metonym(s: Sentence, item: Item) -> bool:
    """ "despite Damascus promises of a truce", "its Damascus ally", "Damascus denied": a city named for the
    government that sits there, no place of an event; "Bab Tadmor", "باب تدمر": a gate or a quarter named
    after a town, not the town."""
    after = s.tokens[item.tok_end].text if item.tok_end < len(s.tokens) else ""
    before = s.tokens[item.tok - 1].text if item.tok else ""
    heads = words("name_heads")
    if before in heads or s.tokens[item.tok].text in heads and s.starting("place", item.tok_end, item.tok_end + 1):
        return True  # ("Bab" is no al-Bab when a name follows it)
    return after in words("metonym_after") or before in words("metonym_before")


def _groups_within(s: Sentence, lo: int, hi: int) -> list[tuple[int, list[str]]]:
    """The place groups at tokens ``lo`` to ``hi - 1``, in order (by bisection over the sentence's groups)."""
    groups = place_groups(s)
    toks = s.memo.get("place_toks")
    if toks is None:
        toks = s.memo["place_toks"] = list(groups)
    return [(tok, groups[tok]) for tok in toks[bisect_left(toks, lo):bisect_left(toks, hi)]]


NEAR_TOKENS = 12  # a governorate named this close to a mention places it ("X in Idlib countryside")
NEAR_KM = 25.0  # a candidate this close to a place its sentence names is likely the one meant
MAJOR = ("city", "governorate", "country")  # bundled places a village of the same name does not hide
AREAS = ("region", "governorate")  # an event named with a place inside one of these happened at that place


def _near_governorates(s: Sentence, kb: Knowledge) -> list[tuple[int, str]]:
    """``(token, governorate)`` of every place of the sentence named by a lexicon phrase whose candidates all
    lie in one governorate (names found by spelling keys alone vouch for nothing)."""
    near = s.memo.get("near_governorates")
    if near is None:
        near = []
        keyed = s.memo.get("keyed", ())
        for tok, ids in place_groups(s).items():
            if tok in keyed:
                continue
            admins = {kb.places[i].location.admin1 for i in ids}
            if len(admins) == 1 and None not in admins:
                near.append((tok, admins.pop()))
        s.memo["near_governorates"] = near
    return near


def _anchors(s: Sentence, kb: Knowledge) -> list[tuple[int, Location]]:
    """``(token, location)`` of the places the sentence names unambiguously by a lexicon phrase, finer
    than a region: the points a name of the same sentence is likely near."""
    found = s.memo.get("anchors")
    if found is None:
        keyed = s.memo.get("keyed", ())
        found = s.memo["anchors"] = [
            (tok, kb.places[ids[0]].location) for tok, ids in place_groups(s).items()
            if tok not in keyed and len(ids) == 1
            and PRECISION_RANK.get(kb.places[ids[0]].location.precision, 0) > PRECISION_RANK["region"]]
    return found


SEAT_REACH = 7  # "Shaer gas field in Homs province", "Shaar in the northern countryside of Hama": the area
# named this close after a name
SEAT_KM = 60.0  # a place may lie this far from the city named as its area ("Douma in Damascus")


def _seats_after(s: Sentence, tok: int, kb: Knowledge) -> list[Place]:
    """The governorates and bundled cities named right after the name at ``tok`` as where it lies ("in Homs
    province", "east of Homs", "بريف حمص"), with only such words between (not "near", not another clause),
    words for the kind of site ("gas field") and the other names of a list ("al-Midan and al-Muhafaza in
    Aleppo city")."""
    end = max((i.tok_end for i in s.starting("place", tok, tok + 1)), default=tok + 1)
    glue = words("area_of") | words("determiners") | words("site_nouns") | words("place_noun") | words(
        "conjunctions") | {"of", "in", "في", ",", "،"}
    read = {n for i in s.items for n in range(i.tok, i.tok_end)}
    named = {n for i in s.starting("place", end, end + SEAT_REACH) for n in range(i.tok, i.tok_end)}
    seats = []
    for t, ids in _groups_within(s, end, end + SEAT_REACH):
        place = kb.places[ids[0]]
        if len(ids) == 1 and _major(place) and place.location.precision != "country" \
                and _listed(s.tokens[end:t], end, glue, named, read) \
                and not _ROAD.search(s.text[s.tokens[end - 1].end:s.tokens[end].start]):
            seats.append(place)
    return seats


LISTED_WORDS = 3  # "al-Midan and al-Muhafaza in Aleppo city": a name the lexicon does not know, this long


def _listed(between: list, start: int, glue: frozenset[str], named: set[int], read: set[int]) -> bool:
    """Only glue words stand between a name and its area, or other names of its list: places, or, after a
    conjunction, a few words nothing else reads ("al-Muhafaza")."""
    listed, unknown = False, 0
    for n, w in enumerate(between, start=start):
        if w.text in glue or w.text.removeprefix("و") in glue:
            listed = listed or w.text in words("conjunctions")
        elif n in named:
            continue
        elif listed and n not in read and unknown < LISTED_WORDS:
            unknown += 1
        else:
            return False
    return True


_ROAD = re.compile(r"[–—/|]|\s-|-\s")  # "the Palmyra–Deir ez-Zor road", "طريق تدمر - دير الزور": two ends, no
# seat (a dash right after the name; not the hyphen of "al-Muhafaza")


def _seated_elsewhere(s: Sentence, tok: int, ids: list[str], kb: Knowledge) -> bool:
    """The name at ``tok`` is placed, by the area named right after it, away from every place it may name
    (none of which is a city, a governorate or the country)."""
    if any(_major(kb.places[i]) for i in ids):
        return False
    seats = _seats_after(s, tok, kb)
    return bool(seats) and not any(_lies_in(kb.places[i], seat) for i in ids for seat in seats)


def _lies_in(place: Place, seat: Place) -> bool:
    if seat.location.precision == "governorate":
        return place.location.admin1 == seat.location.admin1
    return place.location.admin1 == seat.location.admin1 or km(place.location, seat.location) <= SEAT_KM


def _major(place: Place) -> bool:
    """A bundled city, governorate or country: a village of the same name does not hide it."""
    return not place.imported and place.location.precision in MAJOR


def resolve(ids: list[str], context: Context, kb: Knowledge, s: Sentence | None = None,
            tok: int = -1) -> str | None:
    """Which place a name stands for, of the places ``ids`` it may name, if any. The evidence, strongest first:

    1. the governorate another place names near the mention in its sentence ("Khan Sheikhun in Idlib
       countryside", "قرية X في ريف حلب الشمالي", "al-Shadadi in the province of Hasaka");
    2. the candidate within :data:`NEAR_KM` of a place the sentence names ("the villages of Saida and
       Mu'allaq on the outskirts of Ain Issa": the Saida beside Ain Issa, not one 100 km away);
    3. a bundled city or governorate before any other place of its name ("Raqa" is Raqqa, not the hamlet
       of Arak whose key it shares);
    4. how often the document names each governorate through unambiguous names, the title's included
       (see :func:`place_context`);
    5. the bundled gazetteer before the imported one (a city's neighbourhood before a village far away of
       the same name), a town or city before a village, then the bigger place.

    None when the name was found by its spelling key (:mod:`.mentions`) and every place it may name lies
    in another governorate than the one named beside it ("the villages of Saida and Mu'allaq on the
    outskirts of Ain Issa" is no Sweida), or, with none named beside it, when they are all imported and
    in none of the governorates the document names: an unknown village, whose area the text names anyway.
    None when the report names the place, anywhere, with the governorate or city it lies in right after it,
    and none of the places the name may stand for lies there ("the Shaer gas field in Homs province" is no
    al-Shaar of Aleppo; see :class:`Context`). None too when a name found by its key stands for villages in
    several governorates and no evidence above tells them apart: rather than a guess, the event keeps the
    area the text names, at the lower geo precision that says how little is known.

    A place picked on weak evidence is noted in ``context`` as picked with low confidence (see
    :meth:`Context.confidence`, which the event's ``location_confidence`` reports): a name found only by its
    spelling key that nothing around it vouches for (no governorate named near it, no place of the sentence
    within :data:`NEAR_KM`, its governorate not named in the document), or, of namesakes in several
    governorates, one that none of the evidence 1 to 5 above sets apart (chosen by its size alone).
    """
    near: set[str] = set()
    if s is not None:
        near = {admin for t, admin in _near_governorates(s, kb) if t != tok and abs(t - tok) <= NEAR_TOKENS}
    guessed = s is not None and tok in s.memo.get("keyed", ())  # found by its spelling key, not a phrase
    if near and guessed and all(kb.places[i].location.admin1 not in near and not _major(kb.places[i]) for i in ids):
        return None  # "Al-Shafah in Deir az-Zour province": a village the gazetteer knows only elsewhere (a
    # city is no such village: "Kills 18 in Deir Ezour, Advances in Jobar" names two fronts)
    if not guessed and tuple(ids) in context.elsewhere:
        return None  # "Shaer in Homs province" is no al-Shaar of Aleppo: a place of that name the lexicon does
    # not know, in the area named beside it (see :class:`Context`)
    named = {admin for admin, n in context.items() if admin and n}
    if guessed and not near and named and all(kb.places[i].imported and kb.places[i].location.admin1 not in named
                                              for i in ids):
        return None  # "the village of Ghareebeh" in a Deir Ezzor story is no Gharibah of Hasakah
    anchors = [loc for t, loc in _anchors(s, kb) if t != tok] if s is not None else []
    if len(ids) == 1:  # (a name found only by its spelling key, that nothing around it vouches for, is unsure)
        only = kb.places[ids[0]]
        context.judge(ids[0], not guessed or only.location.admin1 in near | named or _major(only) or any(
            km(only.location, a) <= NEAR_KM for a in anchors))
        return ids[0]

    def weight(i: str) -> tuple:
        p = kb.places[i]
        distance = min((km(p.location, a) for a in anchors), default=NEAR_KM + 1)
        return (p.location.admin1 in near, distance <= NEAR_KM, _major(p), context.get(p.location.admin1, 0),
                not p.imported, PRECISION_RANK.get(p.location.precision, 0) >= 3, p.population, -distance, -len(i))

    best = max(ids, key=weight)
    evidence = weight(best)[:4]
    spread = {kb.places[i].location.admin1 for i in ids}
    if guessed and len(spread) > 1 and not any(evidence[:2]) and not evidence[3] and kb.places[best].imported:
        return None  # villages of one name in several governorates and nothing to tell them apart: too unsure
    elsewhere = [weight(i)[:5] for i in ids if kb.places[i].location.admin1 != kb.places[best].location.admin1]
    context.judge(best, weight(best)[:5] > max(elsewhere, default=()))  # (a namesake in its own governorate is
    # no doubt about where)
    return best  # (picked by its size alone, among namesakes in several governorates: unsure)


def area_of(place_id: str, kb: Knowledge) -> str:
    """The area a place lies in, for an event told only of its surroundings: the place itself when it is a
    region, governorate or country, else its governorate (the nearest ancestor that is one)."""
    if kb.places[place_id].location.precision in ("region", "governorate", "country"):
        return place_id
    return next((a for a in kb.ancestors(place_id) if kb.places[a].location.precision == "governorate"),
                place_id)


def around_at(s: Sentence, tok: int) -> bool:
    """The place at ``tok`` is named for its surroundings: "east of X", "the countryside of X", "شرق X"."""
    area = words("area_of")
    prev = s.tokens[tok - 1].text if tok > 0 else ""
    prev2 = s.tokens[tok - 2].text if tok > 1 else ""
    return prev in area and not prev.isascii() or (prev == "of" and prev2 in area)


def _away(prev: str, prev2: str) -> bool:
    """The place is one people came from or went to, or that something lies away from: "from X", "to the
    X", "a few kilometres from the Bab al-Salameh crossing"."""
    away = words("away")
    return prev in away or (prev2 in away and prev in words("determiners"))


AWAY_REACH = 9  # "from the regime-held predominantly Shia towns of Foua": "from" this far before the name


def away_at(s: Sentence, tok: int) -> bool:
    """As :func:`_away`, also through a noun for places when people came from them: "evacuees from the
    besieged towns of Foua and Kefraya", "من بلدتي الفوعة وكفريا" (no preposition of place between)."""
    prev = s.tokens[tok - 1].text if tok > 0 else ""
    if _away(prev, s.tokens[tok - 2].text if tok > 1 else ""):
        return True
    if prev in words("conjunctions"):  # "... towns of Foua and Kefraya": the second as the first
        first = s.ending("place", tok - 2, tok - 1)
        return bool(first) and away_at(s, first[0].tok)
    if s.tokens[tok].text.startswith("و") and s.ending("place", tok, tok):  # "بلدتي الفوعة وكفريا"
        return away_at(s, s.ending("place", tok, tok)[0].tok)
    if prev != "of" and prev not in words("place_noun"):
        return False
    stop = (words("cause_before") | words("locative")) - words("away") - words("place_noun")  # ("near", "in")
    read = s.memo.get("verb_tokens")  # tokens read as an event, casualty or telling word (a verb, mostly)
    if read is None:
        read = s.memo["verb_tokens"] = {n for i in s.of("trigger", "kind", "attr_verb")
                                        for n in range(i.tok, i.tok_end)}
    for n in range(tok - 2, max(-1, tok - 1 - AWAY_REACH), -1):
        w = s.tokens[n].text
        if w in words("origin"):  # ("restored security to the town of X" is in X; "القريبة من مدينة X" is near X)
            return n == 0 or s.tokens[n - 1].text not in words("near_before")
        if w in stop or w == "of" or n in read:  # ("the strike hit the village of Rityan": hit)
            return False
    return False


def choose_place(s: Sentence, lo: int, hi: int, trigger: Item, context: Context, kb: Knowledge) -> str | None:
    best, best_key = None, None
    # "victims of Douma", "لضحايا دوما": a place right after a casualty word names whose victims, not where
    genitive = s.memo.get("genitive")
    if genitive is None:
        genitive = s.memo["genitive"] = {i.tok_end for i in s.of("kind", "victim")}
    taking = trigger.kind == "trigger" and kb.triggers[trigger.value].rule in TAKING_RULES
    striking = trigger.kind == "trigger" and (kb.triggers[trigger.value].event_type == "Explosions/Remote violence"
                                              or kb.triggers[trigger.value].rule == "attack")  # (not one leaving
    # or taking people from a place: "withdrew from the town of X", "kidnapped a merchant from the city of X")
    for tok, ids in _groups_within(s, lo, hi):
        place_id = resolve(ids, context, kb, s, tok)
        if place_id is None:
            continue
        if around_at(s, tok):
            place_id = area_of(place_id, kb)
        loc = kb.places[place_id].location
        prev = s.tokens[tok - 1].text if tok > 0 else ""
        prev2 = s.tokens[tok - 2].text if tok > 1 else ""
        own = s.tokens[tok].text
        if striking and not _away(prev, prev2) and away_at(s, tok):
            continue  # a bomb hit "evacuees from the towns of Foua and Kefraya": where they came from
        key = (
            loc.precision != "country",
            not _away(prev, prev2) and tok not in genitive,
            taking and _taken(s, trigger, tok),  # "recaptures Muhasan", "سيطرت على بلدة محسن": the place taken
            loc.precision not in AREAS,  # "shelled Kafr Nabl in the southern countryside of Idlib": Kafr Nabl
            prev in words("locative") or prev2 in words("locative") or own.startswith(("ب", "وب", "في")),
            PRECISION_RANK.get(loc.precision, 0),
            -abs(tok - trigger.tok),
        )
        if best_key is None or key > best_key:
            best, best_key = place_id, key
    return best


TAKING_RULES = ("territory", "entry")  # event words whose object is the place taken (data/<lang>/events.json)
OBJECT_REACH = 4  # "took control of the village of X": the place taken stands this close after the word


def _taken(s: Sentence, trigger: Item, tok: int) -> bool:
    """The place at ``tok`` is the object of the capture word: right after it, no preposition of place or
    cause between ("recaptured Morek", "took control of the town of Morek", not "advanced in Jobar")."""
    if not 0 <= tok - trigger.tok_end <= OBJECT_REACH:
        return False
    between = {s.tokens[t].text for t in range(trigger.tok_end, tok)}
    return not between & (words("cause_before") | words("away"))


def names_taken(s: Sentence, trigger: Item, kb: Knowledge) -> bool:
    """The capture word names the place it took ("recaptured Morek"), not only a pronoun ("took control of
    it"): a second capture word joined to a first one without a place of its own tells the same capture."""
    if trigger.kind != "trigger" or kb.triggers[trigger.value].rule not in TAKING_RULES:
        return True
    after = _groups_within(s, trigger.tok_end, trigger.tok_end + OBJECT_REACH + 1)
    return any(_taken(s, trigger, tok) for tok, _ in after)


def compatible_place(a: str | None, b: str | None, kb: Knowledge) -> bool:
    if a is None or b is None or a == b:
        return True
    if a in kb.ancestors(b) or b in kb.ancestors(a):
        return True
    la, lb = kb.places[a].location, kb.places[b].location
    if "region" in (la.precision, lb.precision):
        return km(la, lb) <= 15 and la.admin1 == lb.admin1
    return km(la, lb) <= MERGE_KM


def seat_of_area(a: str, b: str, kb: Knowledge) -> bool:
    """One place is a city (or a region) and the other lies in its countryside: in the governorate the city
    names ("in Hama" may be said of a village of Hama's countryside), or within :data:`NEAR_KM` of it in
    its governorate ("near Qamishli" of a village of the Qamishli countryside, "ريف عفرين" of Jinderes): a
    title's coarser telling of the lead's event."""
    for city, other in ((a, b), (b, a)):
        loc, there = kb.places[city].location, kb.places[other].location
        if loc.precision not in ("city", "region") or there.admin1 != loc.admin1:
            continue
        if loc.name == loc.admin1 or km(loc, there) <= NEAR_KM:
            return True
    return False


def more_precise(a: str | None, b: str | None, kb: Knowledge) -> str | None:
    if a is None or b is None:
        return a or b

    def rank(p: str) -> int:
        return PRECISION_RANK.get(kb.places[p].location.precision, 0)

    return b if rank(b) > rank(a) else a
