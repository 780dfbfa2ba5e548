"""The extraction lexicons, loaded once from ``marsad/extraction/data`` and compiled into one matcher.

Shared files describe things (``actors.json``, ``places.json``, ``acled.json``);
per-language files list how each language names them (``<lang>/actors.json``,
``<lang>/places.json``, ``<lang>/events.json``, ``<lang>/claims.json``,
``<lang>/calendar.json``). Every phrase of every language goes into the
:class:`~marsad.extraction.matcher.Matcher` of its layer (actors, places, events,
claims); a match carries payloads such as ``("actor", "Jaysh al-Islam")`` or
``("place", "sy-damascus")``.
"""
from __future__ import annotations

import os
import re
import re._constants as sre
import re._parser as sre_parse
from collections import defaultdict
from contextlib import closing
from dataclasses import dataclass, field
from functools import lru_cache

from ..model import Location
from ..reading import outlets
from ..reading.lexicon import READING
from .datafiles import DATA
from .gazetteer import LocalGazetteer, default_path
from .gazetteer.keys import keys
from .gazetteer.store import km
from .matcher import Layers, Matcher, phrase_tokens

PRECISION_RANK = {"site": 7, "district": 6, "village": 5, "town": 4, "city": 3, "region": 2, "governorate": 1,
                  "country": 0}
# Outlet names that are ordinary words or places in running text; they never name a claimant.
_OUTLET_WORDS = {"العربية", "الجزيرة", "المنار", "الوطن", "الشرق الأوسط", "smart", "aa", "ap", "rt", "amc",
                 "the observatory", "المرصد", "أورينت"}
# How an imported place's kind reads as a precision: administrative districts are regions.
IMPORTED_PRECISION = {"neighbourhood": "district", "district": "region", "subdistrict": "region",
                      "governorate": "governorate", "city": "city", "town": "town", "village": "village",
                      "site": "site"}
SAME_PLACE_KM = 6.0  # an imported place this close to a bundled place sharing a key is that place
COORDINATE_DIGITS = 4  # imported points are rounded as the bundled ones are (about 10 m): every database
# stores them alike (PostgreSQL's REAL keeps about seven digits)


class KnowledgeError(ValueError):
    """The lexicons contradict each other."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Actor:
    name: str
    type: str
    inter: int
    side: str
    parent: str | None


@dataclass(frozen=True, kw_only=True, slots=True)
class Place:
    location: Location
    population: int
    parent: str | None
    imported: bool = False  # from the local gazetteer, not the bundled list


@dataclass(frozen=True, kw_only=True, slots=True)
class Trigger:
    event_type: str
    sub_event_type: str
    priority: int
    rule: str | None


class Cues:
    """Regular expressions read as one, ignoring case: :meth:`search` finds what
    ``re.compile("|".join(f"(?:{cue})" ...), re.IGNORECASE).search`` finds (``pattern`` is that expression).

    The one expression tries every cue at every character, and a cased letter leaves the engine no literal to
    skip ahead to, so it is slow on long English text. An ASCII text is searched in lower case by each cue
    compiled with case, which skips ahead; the one expression then matches only where the first cue stands.
    That reads the same when no cue has a letter in upper case or another script's cased letter, a flag
    set inside it, or a back reference (:func:`_same_in_lower_case`); else every text takes the one
    expression."""

    def __init__(self, cues: list[str]):
        self.pattern = re.compile("|".join(f"(?:{c})" for c in cues) or "(?!)", re.IGNORECASE)
        self._lower = tuple(re.compile(c) for c in cues) if all(_same_in_lower_case(c) for c in cues) else None

    def search(self, text: str) -> re.Match | None:
        if self._lower is None or not text.isascii():
            return self.pattern.search(text)
        lower = text.lower()  # (an ASCII text keeps its length and its word boundaries)
        starts = [m.start() for m in (cue.search(lower) for cue in self._lower) if m]
        return self.pattern.match(text, min(starts)) if starts else None


def _same_in_lower_case(cue: str) -> bool:
    """Whether the cue, ignoring case, matches an ASCII text where it matches the text in lower case without
    ignoring case."""
    try:
        return _caseless(sre_parse.parse(cue, re.IGNORECASE))
    except Exception:  # (an expression the parser of this Python reads otherwise: the one expression reads it)
        return False


def _uncased(code: int) -> bool:
    """A character that matches itself alone, with or without case: a lower-case ASCII letter or no letter
    with a case."""
    ch = chr(code)
    return ("a" <= ch <= "z") or ch.lower() == ch == ch.upper()


def _caseless(parsed) -> bool:
    for op, av in parsed:
        if op in (sre.LITERAL, sre.NOT_LITERAL):
            if not _uncased(av):
                return False
        elif op is sre.IN:
            for kind, value in av:
                if kind is sre.LITERAL and not _uncased(value) or kind is sre.RANGE and not all(
                        _uncased(c) for c in range(value[0], value[1] + 1)):
                    return False
                if kind not in (sre.LITERAL, sre.RANGE, sre.CATEGORY, sre.NEGATE):
                    return False
        elif op is sre.BRANCH:
            if not all(_caseless(branch) for branch in av[1]):
                return False
        elif op is sre.SUBPATTERN:
            if av[1] or av[2] or not _caseless(av[3]):  # (flags set or cleared inside)
                return False
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            if not _caseless(av[2]):
                return False
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            if not _caseless(av[1]):
                return False
        elif op is sre.ATOMIC_GROUP:
            if not _caseless(av):
                return False
        elif op not in (sre.AT, sre.ANY, sre.CATEGORY):
            return False  # a back reference, or what this reading does not know
    return True


@dataclass(frozen=True, kw_only=True)
class Knowledge:
    matchers: dict[str, Matcher]  # one per layer: actors, places, events, claims
    layers: Layers  # the same matchers, read in one pass
    actors: dict[str, Actor]
    places: dict[str, Place]
    triggers: tuple[Trigger, ...]
    taxonomy: dict[str, tuple[str, ...]]
    background: Cues  # any of the languages' background cues
    words: dict[str, frozenset[str]]  # function words by role, folded (data/<lang>/syntax.json)
    suffixes: dict[str, int]  # letters written onto digits that scale them: "1.5k" (data/<lang>/claims.json)
    by_key: dict[str, tuple[str, ...]] = field(default_factory=dict)  # variant key -> the places it names
    weapon_rules: dict[str, tuple[str, ...]] = field(default_factory=dict)  # trigger rule -> weapon classes
    # that refine it, first found wins (data/acled.json); weapon_sub_types: the sub-type each class means
    weapon_sub_types: dict[str, str] = field(default_factory=dict)
    air_powers: frozenset[str] = frozenset()  # actors whose strikes, no weapon named, are air strikes
    air_missiles: frozenset[str] = frozenset()  # actors whose missiles are fired from the air (Israel's)
    gazetteer: str | None = None  # the local gazetteer read, if any
    _ancestors: dict[str, list[str]] = field(default_factory=dict, repr=False, compare=False)

    def place(self, place_id: str) -> Place:
        return self.places[place_id]

    def ancestors(self, place_id: str) -> list[str]:
        """The place's parents, nearest first."""
        cached = self._ancestors.get(place_id)
        if cached is not None:
            return cached
        chain, seen = [], {place_id}
        parent = self.places[place_id].parent
        while parent and parent in self.places and parent not in seen:
            chain.append(parent)
            seen.add(parent)
            parent = self.places[parent].parent
        self._ancestors[place_id] = chain
        return chain


def _actors(matcher: Matcher) -> dict[str, Actor]:
    actors = {}
    for row in DATA.load("actors")["actors"]:
        actors[row["name"]] = Actor(name=row["name"], type=row.get("type", ""), inter=int(row.get("inter") or 0),
                                    side=row.get("side", "unknown"), parent=row.get("parent"))
    for lang, forms in DATA.load_all("actors").items():
        for name, phrases in forms.items():
            if name.startswith("_"):
                continue
            if name not in actors:
                raise KnowledgeError(f"data/{lang}/actors.json names {name!r}, which data/actors.json lacks")
            for phrase in phrases + [name]:
                matcher.add(phrase, ("actor", name))
    return actors


def _places(matcher: Matcher, phrases_of: dict[str, set[str]]) -> dict[str, Place]:
    """The bundled places, their phrases in ``matcher``; ``phrases_of`` gets each place's phrases."""
    places = {}
    for row in DATA.load("places")["places"]:
        loc = Location(id=row["id"], name=row["name"], admin1=row.get("admin1"), admin2=row.get("admin2"),
                       country=row.get("country", ""), lat=float(row["lat"]), lon=float(row["lon"]),
                       precision=row["precision"])
        places[row["id"]] = Place(location=loc, population=int(row.get("population") or 0), parent=row.get("parent"))
    for lang, names in DATA.load_all("places").items():
        for place_id, phrases in names.items():
            if place_id.startswith("_"):
                continue
            if place_id not in places:
                raise KnowledgeError(f"data/{lang}/places.json names {place_id!r}, which data/places.json lacks")
            for phrase in phrases:
                matcher.add(phrase, ("place", place_id))
                phrases_of.setdefault(place_id, set()).add(phrase)
    return places


def _bundled_keys(places: dict[str, Place], names: dict[str, set[str]]) -> dict[str, set[str]]:
    by_key: dict[str, set[str]] = defaultdict(set)
    for place_id, phrases in names.items():
        if places[place_id].location.precision == "country":
            continue
        for phrase in phrases | {places[place_id].location.name}:
            for key in keys(phrase):
                by_key[key].add(place_id)
    return by_key


def _admin_parents(places: dict[str, Place]) -> dict[str, str]:
    """Per governorate name, the bundled place imported places hang under (the governorate, else its city)."""
    parents: dict[str, str] = {}
    for pid, p in sorted(places.items(), key=lambda kv: -kv[1].population):
        if p.location.admin1 and (p.location.precision == "governorate" or p.location.admin1 not in parents):
            if parents.get(p.location.admin1) is None or p.location.precision == "governorate":
                parents[p.location.admin1] = pid
    return parents


def _import(places: dict[str, Place], by_key: dict[str, set[str]], path: str) -> None:
    """Add the local gazetteer's places to ``places`` and their names' keys to ``by_key``."""
    parents = _admin_parents(places)
    with closing(LocalGazetteer(path)) as gz:
        own: dict[str, list[str]] = defaultdict(list)
        for pid, key in gz.con.execute("SELECT place_id, key FROM names"):
            own[pid].append(key)
        for pid, name, _, lat, lon, kind, admin1, admin2, population in gz.places():
            parent = parents.get(admin1)
            if parent is None:
                continue
            same = parent if kind == "governorate" else _bundled_twin(own[pid], lat, lon, places, by_key)
            if same is None:
                country = places[parent].location.country
                loc = Location(id=pid, name=name, admin1=admin1, admin2=admin2, country=country,
                               lat=round(lat, COORDINATE_DIGITS), lon=round(lon, COORDINATE_DIGITS),
                               precision=IMPORTED_PRECISION.get(kind, "village"))
                places[pid] = Place(location=loc, population=int(population or 0), parent=parent, imported=True)
            for key in own[pid]:
                by_key[key].add(same or pid)


def _bundled_twin(own_keys: list[str], lat: float, lon: float, places: dict[str, Place],
                  by_key: dict[str, set[str]]) -> str | None:
    near = [(km(lat, lon, places[b].location.lat, places[b].location.lon), b) for key in own_keys
            for b in by_key.get(key, ()) if not places[b].imported and places[b].location.precision != "governorate"]
    near = [n for n in near if n[0] <= SAME_PLACE_KM]
    return min(near)[1] if near else None


def _events(matcher: Matcher) -> tuple[tuple[Trigger, ...], list[str]]:
    triggers: list[Trigger] = []
    background = []
    index: dict[Trigger, int] = {}
    for data in DATA.load_all("events").values():
        for row in data["triggers"]:
            trig = Trigger(event_type=row["type"], sub_event_type=row["sub"], priority=int(row["priority"]),
                           rule=row.get("rule"))
            if trig not in index:
                index[trig] = len(triggers)
                triggers.append(trig)
            for phrase in row["phrases"]:
                matcher.add(phrase, ("trigger", index[trig]))
        for cls, phrases in data.get("weapons", {}).items():
            for phrase in phrases:
                matcher.add(phrase, ("weapon", cls))
        for cls, phrases in data.get("means", {}).items():  # chemical agents, suicide bombers: weapons'
            for phrase in phrases:  # kin that refine a trigger but make no event of their own
                matcher.add(phrase, ("means", cls))
        for phrase in data.get("movement", []):  # "convoy", "رتل": troops that move, not a weapon used
            matcher.add(phrase, ("movement", None))
        for phrase in data.get("firearms", []):  # "heavy machine guns", "الرشاشات": gunfire, not shelling
            matcher.add(phrase, ("firearm", None))
        for cue in data.get("background_cues", []):
            re.compile(cue, re.IGNORECASE)  # (each must read alone)
            background.append(cue)
        for phrase in data.get("protest_intervention", []):
            matcher.add(phrase, ("intervention", None))
        for phrase in data.get("not_triggers", []):  # longer phrases that shadow a trigger word in them:
            matcher.add(phrase, ("not_trigger", None))  # "إسقاط النظام" is a slogan, not a downed aircraft
    return tuple(triggers), background


def _claims(matcher: Matcher) -> None:
    for data in DATA.load_all("claims").values():
        for kind, phrases in data["kinds"].items():
            for phrase in phrases:
                matcher.add(phrase, ("kind", kind))
        for victims, phrases in data["victims"].items():
            for phrase in phrases:
                matcher.add(phrase, ("victim", victims))
        for phrase in data["units"]:
            matcher.add(phrase, ("unit", None))
        for phrase in data.get("units_before", []):
            matcher.add(phrase, ("unit_before", None))
        for qualifier, phrases in data["qualifiers"].items():
            for phrase in phrases:
                matcher.add(phrase, ("qual", qualifier))
        for phrase, value in data["numbers"].items():
            matcher.add(phrase, ("num", value))
        for phrase, value in data["scales"].items():
            matcher.add(phrase, ("scale", value))
        for label, phrases in data["vague"].items():
            for phrase in phrases:
                matcher.add(phrase, ("vague", label))
        for phrase, kind in data.get("kind_before_number", {}).items():
            matcher.add(phrase, ("kind_before_number", kind))
        for phrase, victims in data.get("duals", {}).items():
            matcher.add(phrase, ("dual", victims))
        for phrase, victims in data.get("singulars", {}).items():
            matcher.add(phrase, ("single", victims))
        for label, phrases in data["claimants"].items():
            for phrase in phrases:
                matcher.add(phrase, ("claimant", label))
        for phrase in data["attribution"]["cue_before"]:
            matcher.add(phrase, ("cue_before", None))
        for phrase in data["attribution"]["verbs"]:
            matcher.add(phrase, ("attr_verb", None))
        for phrase in data["negation"]:
            matcher.add(phrase, ("neg", None))
    for outlet in outlets.outlets():
        for alias in outlet.aliases:
            if alias.lower() not in _OUTLET_WORDS and alias not in _OUTLET_WORDS and len(alias) > 3:
                # activist networks speak for activists: their figures are the activists' figures
                label = f"{outlet.name} activists" if outlet.kind == "activist network" else outlet.name
                matcher.add(alias, ("outlet", label))


def _calendar(matcher: Matcher) -> None:
    for data in READING.load_all("calendar").values():
        for phrase, value in data.get("relative", {}).items():
            matcher.add(phrase, ("rel", value), articles=False)  # اليوم is today, يوم only "day"
        for phrase, value in data["weekdays"].items():
            matcher.add(phrase, ("weekday", value))


def _words() -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    roles = [data.items() for data in DATA.load_all("syntax").values()]
    roles += [data.get("words", {}).items() for data in DATA.load_all("events").values()]  # the triggers' own
    for items in roles:
        for role, phrases in items:
            if not role.startswith("_"):
                found.setdefault(role, set()).update(t for p in phrases for t in phrase_tokens(p))
    return {role: frozenset(tokens) for role, tokens in found.items()}


_current: tuple[str | None, Knowledge] | None = None  # the $MARSAD_GAZETTEER setting read, and its knowledge


def knowledge() -> Knowledge:
    """All lexicons and the configured local gazetteer, compiled once per process. It is called for every
    word read, so it reads no setting: :func:`refresh` does, once per document (the extract stage calls it)."""
    return _current[1] if _current is not None else refresh()


def refresh() -> Knowledge:
    """Read ``$MARSAD_GAZETTEER`` again and, when it changed, take the knowledge compiled for the new setting."""
    global _current
    setting = os.environ.get("MARSAD_GAZETTEER")
    if _current is None or _current[0] != setting:
        _current = (setting, _compile(_gazetteer_file()))
    return _current[1]


def _gazetteer_file() -> str | None:
    path = default_path()
    return str(path) if path.is_file() else None


@lru_cache(maxsize=2)
def _compile(gazetteer: str | None) -> Knowledge:
    """Each layer has its own matcher, so that matches of different layers may
    overlap ("Russian warplanes" is an actor, and "warplanes" a weapon in it);
    within a layer the longest match wins.
    """
    matchers = {layer: Matcher() for layer in ("actors", "places", "events", "claims")}
    actors = _actors(matchers["actors"])
    names: dict[str, set[str]] = {}
    places = _places(matchers["places"], names)
    by_key = _bundled_keys(places, names)
    if gazetteer:
        _import(places, by_key, gazetteer)
    triggers, background = _events(matchers["events"])
    _claims(matchers["claims"])
    _calendar(matchers["claims"])
    acled = DATA.load("acled")
    taxonomy = {t: tuple(subs) for t, subs in acled["types"].items()}
    for trig in triggers:
        if trig.sub_event_type not in taxonomy.get(trig.event_type, ()):
            raise KnowledgeError(f"trigger type {trig.event_type!r} / {trig.sub_event_type!r} is not ACLED's")
    for cls, sub in acled["weapon_sub_types"].items():
        if sub not in taxonomy["Explosions/Remote violence"]:
            raise KnowledgeError(f"weapon class {cls!r} means {sub!r}, which is no remote-violence sub-type")
    return Knowledge(matchers=matchers, layers=Layers(matchers), actors=actors, places=places, triggers=triggers,
                     taxonomy=taxonomy, background=Cues(background), words=_words(),
                     suffixes={k.lower(): int(v) for data in DATA.load_all("claims").values()
                               for k, v in data.get("digit_suffixes", {}).items()},
                     by_key={k: tuple(sorted(v)) for k, v in by_key.items()}, gazetteer=gazetteer,
                     weapon_rules={r: tuple(c) for r, c in acled["weapon_rules"].items()},
                     weapon_sub_types=dict(acled["weapon_sub_types"]), air_powers=frozenset(acled["air_powers"]),
                     air_missiles=frozenset(acled["air_missiles"]))
