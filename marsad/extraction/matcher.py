"""A token-trie phrase matcher over folded text, with offsets into the original.

Phrases (actor names, places, triggers ...) are compiled once into a trie of
folded tokens. Matching walks the text's tokens once: at each token it tries the
token as written and, for Arabic, with the proclitics و ف / ب ك ل / the article
ال stripped (so بدمشق finds دمشق and وبالمزة finds المزة); the longest phrase
wins and matches never overlap. An English phrase that starts with an article
("al-", "the") is also found without it.

Folding here keeps the text's length (one character in, one out), so a token's
offsets are offsets into the original text: case and accents are dropped,
Arabic letter variants unified, diacritics, tatweel and apostrophes turned into
an in-word joiner that is removed from the token.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import accumulate, repeat
from operator import add
from typing import Any, Iterable, NamedTuple

JOINER = "\x00"
_TOKEN = re.compile(r"[\w\x00]+")
_GAP = re.compile(r"([^\w\x00]+)")  # what lies between tokens (kept by the split, for the offsets)
ARTICLES = frozenset({"al", "el", "the", "ad", "ar", "as", "ash", "az", "at", "an"})
_AR_STRIP_FIRST = ("و", "ف")
_AR_STRIP_SECOND = ("ب", "ك", "ل")


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x0041, 0x0250):  # Latin: lower case, accents off, when that keeps one character
        ch = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFKD", ch.lower()) if not unicodedata.combining(c))
        if len(base) == 1 and base != ch:
            table[code] = base
    # Apostrophes, tatweel, and the invisible marks scraped text carries inside names (zero-width
    # space/joiners, bidi marks, embeddings and isolates, soft hyphen, word joiner, BOM) join a word.
    for ch in "'’‘ʿʾ`´\u200b\u200c\u200d\u200e\u200f\u00ad\u0640\u2060\ufeff" + "".join(
            map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)])):
        table[ord(ch)] = JOINER
    for code in list(range(0x0610, 0x061B)) + list(range(0x064B, 0x0660)) + [0x0670] + list(range(0x06D6, 0x06EE)):
        table[code] = JOINER
    for src, dst in zip("أإآٱىةؤئ", "اااايهوي", strict=True):
        table[ord(src)] = dst
    for i, ch in enumerate("٠١٢٣٤٥٦٧٨٩"):
        table[ord(ch)] = str(i)
    for i, ch in enumerate("۰۱۲۳۴۵۶۷۸۹"):
        table[ord(ch)] = str(i)
    return table


@lru_cache(maxsize=1)
def _ascii_table() -> dict[int, str]:
    """What folding does to ASCII text besides lower case: apostrophes join a word."""
    return {code: folded for code, folded in _table().items() if code < 128 and chr(code).lower() != folded}


# Characters that fold into more than one (Arabic presentation-form ligatures): handled by a slower path.
_EXPANDING = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")


def fold_same_length(text: str) -> str:
    """Fold ``text`` character for character; the result has the same length."""
    if text.isascii():  # most text: str.lower is much faster than a translation table
        return text.lower().translate(_ascii_table())
    folded = text.translate(_table())
    if _EXPANDING.search(folded):
        folded = "".join(_one(c) for c in folded)
    return folded


def _one(ch: str) -> str:
    if not _EXPANDING.match(ch):
        return ch
    nf = unicodedata.normalize("NFKC", ch).translate(_table())
    return nf[-1] if nf else JOINER  # a lam-alef ligature keeps its alef, which is what names need


@lru_cache(maxsize=65536)
def variants(token: str) -> tuple[str, ...]:
    """The forms a token may be looked up under: Arabic ones without proclitics; others as they are."""
    return tuple(arabic_variants(token)) if _is_arabic(token) else (token,)


def arabic_variants(token: str) -> list[str]:
    """The token and its forms without proclitics, most literal first."""
    out = [token]
    rest = token
    if rest[:1] in _AR_STRIP_FIRST and len(rest) > 3:
        rest = rest[1:]
        out.append(rest)
    if rest[:1] in _AR_STRIP_SECOND and len(rest) > 3:
        rest = rest[1:]
        out.append(rest)
        if rest.startswith("ل") and len(rest) > 3:  # لل = ل + ال
            out.append("ا" + rest)
    if rest.startswith("ال") and len(rest) > 3:
        out.append(rest[2:])
    for form in list(out):  # the accusative ending: قتيلاً، هجوماً، انتحارياً
        if form.endswith("ا") and len(form) > 4:
            out.append(form[:-1])
    return out


def phrase_tokens(phrase: str) -> list[str]:
    return [t.replace(JOINER, "") for t in _TOKEN.findall(fold_same_length(phrase)) if t.replace(JOINER, "")]


def _is_arabic(token: str) -> bool:
    return "\u0600" <= token[:1] <= "\u06ff"


class Match(NamedTuple):
    start: int
    end: int
    payloads: tuple[Any, ...]
    token_start: int
    token_end: int


class Token(NamedTuple):
    """A word of the text: offsets into it, and the folded form (joiners removed)."""

    start: int
    end: int
    text: str


def tokenize(text: str) -> list[Token]:
    """The words of ``text``, folded, with their offsets in it."""
    if not text.isascii() and _EXPANDING.search(text):  # (the ligatures are no ASCII)
        return _tokenize_expanding(text)
    folded = fold_same_length(text)
    if JOINER not in folded:
        return _plain_tokens(folded)
    out = []
    for m in _TOKEN.finditer(folded):
        raw, start, end = m.group(0), m.start(), m.end()
        trimmed = raw.lstrip(JOINER)
        start += len(raw) - len(trimmed)
        raw = trimmed.rstrip(JOINER)
        end -= len(trimmed) - len(raw)
        if raw.endswith(JOINER + "s") and len(raw) > 2:  # English possessive: "town's" is "town"
            raw, end = raw[:-2], end - 2
        word = raw.replace(JOINER, "")
        if word:
            out.append(Token(start, end, word))
    return out


def _plain_tokens(folded: str) -> list[Token]:
    """The tokens of folded text with no joiner, built without a match object per word: the split keeps
    the gaps, so the pieces' lengths add up to the offsets (the words are the even pieces; only the first
    and the last may be empty)."""
    pieces = _GAP.split(folded)
    offsets = list(accumulate(map(len, pieces), initial=0))
    words, starts = pieces[::2], offsets[::2]
    first, last = (0 if words[0] else 1), (len(words) if words[-1] else len(words) - 1)
    words, starts = words[first:last], starts[first:last]
    return list(map(tuple.__new__, repeat(Token), zip(starts, map(add, starts, map(len, words)), words, strict=True)))


def _tokenize_expanding(text: str) -> list[Token]:
    """Text with ligatures (اﻷسد is الأسد) folds to a longer string: map the words back by offsets."""
    from ..reading.textnorm import fold

    folded, origin = fold(text)
    return [Token(origin[m.start()], origin[m.end() - 1] + 1, m.group()) for m in re.finditer(r"\w+", folded)]


class Matcher:
    """Compile ``(phrase, payload)`` pairs; find them in text."""

    END = ""

    def __init__(self, entries: Iterable[tuple[str, Any]] = ()):
        self.root: dict = {}
        self._firsts: dict[str, tuple[dict, ...]] = {}  # word -> see _first_nodes (emptied by add)
        for phrase, payload in entries:
            self.add(phrase, payload)

    def add(self, phrase: str, payload: Any, *, articles: bool = True) -> None:
        """Add a phrase; with ``articles`` it is also found without a leading article ("al-", "the", ال)."""
        tokens = phrase_tokens(phrase)
        if not tokens:
            return
        self._firsts.clear()
        forms = [tokens]
        if articles and tokens[0] in ARTICLES and len(tokens) > 1:
            forms.append(tokens[1:])
        if articles and _is_arabic(tokens[0]) and tokens[0].startswith("ال") and len(tokens[0]) > 4:
            forms.append([tokens[0][2:], *tokens[1:]])
        for form in forms:
            node = self.root
            for token in form:
                node = node.setdefault(token, {})
            bucket = node.setdefault(self.END, [])
            if payload not in bucket:
                bucket.append(payload)

    def _first_nodes(self, word: str) -> tuple[dict, ...]:
        """The trie nodes after each form of the word that starts a phrase, most literal form first (kept per
        word: words recur)."""
        nodes = self._firsts.get(word)
        if nodes is None:
            nodes = tuple(node for node in map(self.root.get, variants(word)) if node is not None)
            if len(self._firsts) < 200_000:
                self._firsts[word] = nodes
        return nodes

    def find(self, text: str, tokens: list[Token] | None = None) -> list[Match]:
        """Longest, non-overlapping matches, left to right."""
        tokens = tokenize(text) if tokens is None else tokens
        found, i, firsts = [], 0, self._firsts
        while i < len(tokens):
            nodes = firsts.get(tokens[i].text)
            if nodes is None:
                nodes = self._first_nodes(tokens[i].text)
            hit = _longest(tokens, i, nodes) if nodes else None  # (most words start no phrase)
            if hit is None:
                i += 1
                continue
            j, payloads = hit
            found.append(Match(tokens[i].start, tokens[j - 1].end, tuple(payloads), i, j))
            i = j
        return found


def _longest(tokens: list[Token], i: int, nodes: tuple[dict, ...]) -> tuple[int, list] | None:
    """The longest phrase that starts at token ``i`` (whose first nodes are ``nodes``): the token after it and
    its payloads; of equal ones, the most literal form's."""
    best, count, end = None, len(tokens), Matcher.END
    for node in nodes:
        j = i + 1
        while True:
            payloads = node.get(end)
            if payloads is not None and (best is None or j > best[0]):
                best = (j, payloads)
            if j >= count:
                break
            node = node.get(tokens[j].text)
            if node is None:
                break
            j += 1
    return best


class Layers:
    """Several matchers read in one pass: each keeps its own longest, non-overlapping matches, so that
    matches of different layers may overlap."""

    def __init__(self, matchers: dict[str, Matcher]):
        self.matchers = matchers
        self._firsts: dict[str, tuple[tuple[str, tuple[dict, ...]], ...]] = {}  # word -> see _first_nodes

    def _first_nodes(self, word: str) -> tuple[tuple[str, tuple[dict, ...]], ...]:
        """Per layer that has a phrase starting with this word (in any of its forms), in layer order: the
        layer's trie nodes after each form, most literal form first. Kept per word (words recur)."""
        found = self._firsts.get(word)
        if found is None:
            forms = variants(word)
            found = tuple((name, nodes) for name, matcher in self.matchers.items()
                          if (nodes := tuple(node for node in map(matcher.root.get, forms) if node is not None)))
            if len(self._firsts) < 200_000:
                self._firsts[word] = found
        return found

    def find(self, tokens: list[Token]) -> list[tuple[str, Match]]:
        """Each layer's longest, non-overlapping matches (:meth:`Matcher.find`'s), walked here in one loop:
        this runs for every word of every sentence."""
        found: list[tuple[str, Match]] = []
        free_from = dict.fromkeys(self.matchers, 0)  # per layer, the first token not inside a match
        firsts = self._firsts
        new = tuple.__new__  # (a match made without the named tuple's Python constructor)
        for i, token in enumerate(tokens):
            starting = firsts.get(token.text)
            if starting is None:
                starting = self._first_nodes(token.text)
            for name, nodes in starting:
                if i < free_from[name]:
                    continue
                best = _longest(tokens, i, nodes)
                if best is not None:
                    j, payloads = best
                    found.append((name, new(Match, (token.start, tokens[j - 1].end, tuple(payloads), i, j))))
                    free_from[name] = j
        return found
