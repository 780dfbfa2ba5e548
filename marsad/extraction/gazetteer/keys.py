"""Variant keys: one key for every spelling of a place name, in either script.

A place is written Kafr Nabl, Kafranbel or Kfar Nabel; Ma'arrat al-Nu'man or Maarat al-Numan; Deir ez-Zor,
Deir Ezzor or Dayr az Zawr; كفرنبل or كفر نبل, with or without the article and with any hamza form. Each name
gets up to two keys, and two names match when they share one:

- the **spelling key** folds case, accents, apostrophes and hyphens; drops the article ("al-", "el-",
  "ad-", and its assimilated forms: "Ezzor" is "ez-Zor") and generic words ("village of", "camp"); rewrites
  letter groups that transliterate one Arabic letter (kh, gh, sh, th, q/k, ou/u, ee/i ...); reduces vowels
  to three classes and collapses doubled letters and vowel runs (to their last vowel). Arabic names are folded by
  :func:`marsad.reading.textnorm.normalize` and lose the article of each word and generic words;
- the **skeleton key** (``~`` and the consonants) is made only for Latin names with at least
  ``skeleton_min`` letters in the spelling key, so that long names survive any vowel spelling while short
  common words ("Tal", "Ain", "Bab") never match by skeleton.

The rules are data: ``data/en/spelling.json`` and ``data/ar/spelling.json``.
"""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from functools import lru_cache

from ...reading.textnorm import normalize, script_counts
from ..datafiles import DATA

_APOSTROPHES = re.compile("['`\u2018\u2019\u02bb\u02bc\u02be\u02bf\u02b9\u00b4]")
_VOWELS = frozenset("aiu")
MIN_KEY = 3  # shorter keys match too much to be worth keeping
RULES_VERSION = 3  # raise when the code of the keys changes; the data files' text is part of the version too


@lru_cache(maxsize=1)
def _latin_rules() -> tuple[frozenset[str], frozenset[str], tuple[tuple[str, str], ...], int]:
    data = DATA.load("spelling", "en")
    return (frozenset(data["articles"]), frozenset(data["generic"]),
            tuple((a, b) for a, b in data["replace"]), int(data["skeleton_min"]))


def articles() -> frozenset[str]:
    """The Latin spellings of the Arabic article ("al", "el", "ad" ...)."""
    return _latin_rules()[0]


@lru_cache(maxsize=1)
def _arabic_generic() -> frozenset[str]:
    return frozenset(normalize(w) for w in DATA.load("spelling", "ar")["generic"])


@lru_cache(maxsize=1)
def version() -> str:
    """What the keys are made by: the code's version and the spelling files' contents. A gazetteer whose
    names were keyed by another version is keyed again when opened (:class:`.store.LocalGazetteer`)."""
    data = json.dumps([DATA.load("spelling", "en"), DATA.load("spelling", "ar")], sort_keys=True)
    return f"{RULES_VERSION}-{hashlib.sha1(data.encode('utf-8')).hexdigest()[:12]}"


def is_arabic(name: str) -> bool:
    arabic, latin = script_counts(name)
    return arabic > latin


def keys(name: str) -> tuple[str, ...]:
    """The variant keys of one name (none when the name is too short or only generic words)."""
    if is_arabic(name):
        key = arabic_key(name)
        return (key,) if len(key) >= MIN_KEY - 1 else ()
    key = latin_key(name)
    if len(key) < MIN_KEY:
        return ()
    skeleton = "~" + "".join(c for c in key if c not in _VOWELS)
    return (key, skeleton) if len(key) >= _latin_rules()[3] and len(skeleton) >= 5 else (key,)


def latin_words(name: str) -> list[str]:
    """The name's words, folded to ASCII, without the article and generic words."""
    articles, generic, _, _ = _latin_rules()
    text = unicodedata.normalize("NFKD", name.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _APOSTROPHES.sub("", text)
    words = []
    for word in re.findall(r"[a-z0-9]+", text):
        if word in articles or word in generic:
            continue
        # "ezzor", "assalam": an article assimilated to the letter it doubles is the article
        m = re.match(r"^(?:a|e)([stdrznl])\1(?=[a-z]{2})", word)
        if m:
            word = word[2:]
        # "alqusayr": an article written on the word
        elif word.startswith(("al", "el")) and len(word) > 5 and word[2] not in "aeiou":
            word = word[2:]
        if len(word) > 3 and word.endswith("h") and word[-2] in "aeiou":
            word = word[:-1]  # Raqqah, Hasakah: a final h after a vowel is the ta marbuta
        words.append(word)
    return words


def latin_key(name: str) -> str:
    _, _, replace, _ = _latin_rules()
    key = "".join(latin_words(name))
    # y and w are consonants when doubled or between vowels (Darayya, Daraya, Hayyan, Zawiya), and kept apart
    # from the vowel rules; after a consonant they are vowels (Abyad = Abiad, Jawbar = Jobar)
    key = re.sub(r"([yw])\1|(?:(?<=^)|(?<=[aeiou]))([yw])(?=[aeiou])", lambda m: m.group(0).upper(), key)
    for old, new in replace:
        key = key.replace(old, new)
    key = key.lower()
    key = re.sub(r"(.)\1+", r"\1", key)  # doubled letters: Maarrat, Tell, Deir
    return re.sub(r"[aiu]+([aiu])", r"\1", key)  # vowel runs: the last vowel stands for them (Deir, Dayr: dir)


def arabic_key(name: str) -> str:
    generic = _arabic_generic()
    words = []
    for word in normalize(name).split():
        word = re.sub(r"[^\w]", "", word)
        if not word or word in generic:
            continue
        for article in ("ال", "وال", "بال", "لل"):
            if word.startswith(article) and len(word) - len(article) >= 2:
                word = word[len(article):]
                break
        words.append(word)
    return "".join(words)


def query_keys(name: str) -> tuple[str, ...]:
    """Keys to look a name up by: its own, and for Arabic the name without one leading proclitic
    (بكفرنبل, وإدلب), so a name met in running text finds its place."""
    found = list(keys(name))
    if is_arabic(name):
        folded = normalize(name)
        for clitic in ("و", "ف", "ب", "ل", "ك"):
            if folded.startswith(clitic) and len(folded) > 3:
                found += [k for k in keys(folded[1:]) if k not in found]
    return tuple(found)
