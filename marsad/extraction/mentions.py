"""Place names that no lexicon phrase lists, found in a sentence by their variant keys.

The bundled gazetteer's phrases are matched exactly (:mod:`.matcher`); every other spelling of a bundled
place, and every place of the local gazetteer, is found here by the variant keys of
:mod:`.gazetteer.keys` (``Knowledge.by_key``). Villages are named like people and ordinary words, so a
name is read only where the words around it say it is a place (the words are data:
``data/<lang>/syntax.json``):

- it follows a ``place_cue`` ("in", "near", "shelled"; في، بلدة، قرية، مدينة، حي، ريف), or "of" after a
  ``place_noun`` ("the village of", "the outskirts of"), or a place already named ("Syria's Raqa",
  "Syrias Raqa"), or
  it continues a list of places ("in Kafr Nabl, Hass and Kafr Roma", "في كفرنبل وحاس");
- in English it is written with capitals (an article such as "al-" may lead), and none of the capitalised
  words that run on from it is a ``not_names`` word ("in March", "Al-Alam News Network"); in a headline
  written in title case, where every word has a capital, a name after a weaker cue than "the village
  of" can only be another spelling of a bundled place;
- it is no person's: no ``person_before`` word before it ("President X", "الشيخ X") and no
  ``person_after`` word after it ("X said", "X الذي");
- it takes none of the words another lexicon read (an actor, a trigger, a casualty word, a date).

An English name is the whole run of capitalised words after its cue ("Rajm Sleibi" is not the village
Rajm), an Arabic one the longest run of up to four words whose key names a place; a name of one Latin
word needs a key of four letters or more. Which of the places a name may stand for is decided in context by
:func:`.places.resolve`.
"""
from __future__ import annotations

from functools import cached_property, lru_cache

from .gazetteer.keys import articles, query_keys
from .knowledge import Knowledge
from .matcher import Token, variants

MAX_WORDS = 4  # the longest name looked up, in words
MIN_SINGLE_KEY = 4  # a one-word Latin name needs a key this long
HEADLINE_SHARE = 0.6  # a sentence with more of its longer words capitalised is a headline in title case
_LINKS = set(" -'’‘")  # what may stand between the words of one name


def _is_arabic(text: str) -> bool:
    return "\u0600" <= text[:1] <= "\u06ff"


def _role(kb: Knowledge, role: str) -> frozenset[str]:
    return kb.words.get(role, frozenset())


def _in(kb: Knowledge, role: str, token: str) -> bool:
    words = _role(kb, role)
    return not words.isdisjoint(variants(token)) if _is_arabic(token) else token in words


_keys_of = lru_cache(maxsize=65536)(query_keys)  # names recur in reports: each is keyed once
_looked_up: tuple[Knowledge, dict[str, tuple[str, ...]]] | None = None  # the knowledge, and its lookups


def looked_up(kb: Knowledge, name: str) -> tuple[str, ...]:
    """:func:`lookup`, kept per name for the knowledge last asked about (names recur in reports)."""
    global _looked_up
    held = _looked_up
    if held is None or held[0] is not kb or len(held[1]) >= 65536:
        held = _looked_up = (kb, {})
    ids = held[1].get(name)
    if ids is None:
        ids = held[1][name] = lookup(kb, name)
    return ids


def lookup(kb: Knowledge, name: str) -> tuple[str, ...]:
    """The places a name may stand for by its spelling keys. Consonant skeletons, which find a name in any
    vowel spelling when an analyst asks (``marsad gazetteer find``), match too many ordinary words of
    running text ("Shiite", "Astana") to be read there."""
    if name[-1:] == "s" and not _is_arabic(name):  # "Hamas countryside" is "Hama's" with its apostrophe lost
        owner = _spelt(kb, name[:-1])
        if owner and not any(kb.places[i].imported for i in owner):
            return owner
    return _spelt(kb, name)


def _spelt(kb: Knowledge, name: str) -> tuple[str, ...]:
    for key in _keys_of(name):
        ids = kb.by_key.get(key) if not key.startswith("~") else None
        if ids:
            return ids
    return ()


class _Reader:
    """One sentence's tokens, read for names after their cues."""

    def __init__(self, piece: str, tokens: list[Token], taken: set[int], place_ends: set[int], kb: Knowledge):
        self.piece, self.tokens, self.taken, self.place_ends, self.kb = piece, tokens, taken, place_ends, kb
        self.last_end = -1  # where the last name found ends
        self.strong = False  # the last cue read was "the village of"-like
        self.owner: set[str] | None = None  # the governorates of the place whose possessive was the cue

    @cached_property
    def headline(self) -> bool:
        """Written in title case: most of its longer words capitalised."""
        words = [self.piece[t.start] for t in self.tokens if len(t.text) > 3 and self.piece[t.start].isalpha()]
        return len(words) > 3 and sum(c.isupper() for c in words) > HEADLINE_SHARE * len(words)

    def joined(self, a: int, b: int) -> bool:
        """Tokens ``a`` and ``b`` (= a + 1) are written as one name: only spaces, hyphens, apostrophes between."""
        return set(self.piece[self.tokens[a].end:self.tokens[b].start]) <= _LINKS

    def spaced(self, a: int, b: int) -> bool:
        """Only spaces between tokens ``a`` and ``b``: 'X said' is a person's, '"... in Raqa" said' is not."""
        return not self.piece[self.tokens[a].end:self.tokens[b].start].strip()

    def capital(self, i: int) -> bool:
        return self.piece[self.tokens[i].start].isupper()

    def cued(self, i: int) -> bool:
        t, kb = self.tokens, self.kb
        if i == 0:
            return False
        prev = t[i - 1].text
        if _in(kb, "person_before", prev):
            return False
        self.owner = None
        self.strong = prev == "of" and i > 1 and t[i - 2].text in _role(kb, "place_noun")
        if self.strong:
            return True
        if _in(kb, "place_cue", prev) or (i - 1) in self.place_ends or self._possessive(prev):
            return True
        after_a_place = self.last_end == i - 1 or (i - 2) in self.place_ends
        return self.last_end == i or (after_a_place and prev in _role(kb, "conjunctions"))

    def _possessive(self, word: str) -> bool:
        """ "Syrias Deir az-Zour", "Daraas Manshiyah": a place's possessive with its apostrophe lost; the
        name after it must lie in the owner's governorate (unless the owner is a country)."""
        root = self.kb.matchers["places"].root
        owners = root.get(word[:-1], {}).get("", []) if word.endswith("s") and not _is_arabic(word) else []
        admins = {self.kb.places[v].location.admin1 for _, v in owners}
        self.owner = admins if owners and None not in admins else None
        return bool(owners)

    def run(self, i: int) -> int:
        """How far a name starting at ``i`` may reach (exclusive)."""
        t = self.tokens
        arabic = _is_arabic(t[i].text)
        j = i
        while j < len(t) and j - i < MAX_WORDS and j not in self.taken and (j == i or self.joined(j - 1, j)):
            if arabic != _is_arabic(t[j].text) or t[j].text.isdigit() or _in(self.kb, "place_cue", t[j].text):
                break
            if not arabic and not self.capital(j):
                article = t[j].text in articles()
                hyphen = j + 1 < len(t) and "-" in self.piece[t[j].end:t[j + 1].start]
                if not (article and j + 1 < len(t) and self.capital(j + 1) and self.joined(j, j + 1)
                        and (j > i or hyphen)):  # "al-Shadadi", "Urum al Kubra"; not "in an Attack"
                    break
            j += 1
        return j

    def name_at(self, i: int) -> tuple[int, tuple[str, ...]] | None:
        t, kb = self.tokens, self.kb
        reach = self.run(i)
        if reach < len(t) and _in(kb, "person_after", t[reach].text) and self.spaced(reach - 1, reach):
            return None  # "Kara Ali said": a person, whatever part of the name a place shares
        if any(_in(kb, "not_names", t[n].text) for n in range(i + 1, reach)):
            return None  # "Al-Alam News Network": an organisation's name
        shortest = reach if not _is_arabic(t[i].text) else i + 1  # "Rajm Sleibi": not the village Rajm
        for end in range(reach, shortest - 1, -1):
            words = [t[n].text for n in range(i, end)]
            if any(_in(kb, "not_names", w) for w in words):
                continue
            name = self.piece[t[i].start:t[end - 1].end]
            ids = looked_up(kb, name)
            if self.owner is not None:  # "Daraas Manshiyah" is a Manshiyah of Daraa, or none the gazetteer knows
                ids = tuple(p for p in ids if kb.places[p].location.admin1 in self.owner)
            if self.headline and not self.strong:  # "Evacuees From Besieged Towns in Aleppo Rises to 70":
                ids = tuple(p for p in ids if not kb.places[p].imported)  # only other spellings of known places
            if not ids or (end - i == 1 and not _is_arabic(name) and len(_keys_of(name)[0]) < MIN_SINGLE_KEY):
                continue
            if end < len(t) and _in(kb, "person_after", t[end].text) and self.spaced(end - 1, end):
                return None
            return end, ids
        return None


def imported_mentions(piece: str, tokens: list[Token], taken: set[int], place_ends: set[int],
                      kb: Knowledge) -> list[tuple[int, int, tuple[str, ...]]]:
    """``(first token, end token, place ids)`` of every name found by its keys in the sentence ``piece``.
    ``taken`` are the tokens other lexicons read; ``place_ends`` the tokens ending a place they found."""
    if not kb.by_key:
        return []
    reader = _Reader(piece, tokens, taken, place_ends, kb)
    found, i, article = [], 0, articles()
    while i < len(tokens):
        token = tokens[i]  # (read for every word: reader.capital and _is_arabic written out)
        if i in taken or not (piece[token.start].isupper() or token.text in article
                              or "\u0600" <= token.text[:1] <= "\u06ff") or not reader.cued(i):
            i += 1
            continue
        hit = reader.name_at(i)
        if hit is None:
            i += 1
            continue
        end, ids = hit
        found.append((i, end, ids))
        reader.last_end = end
        i = end
    return found
