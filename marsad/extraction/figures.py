"""Numbers in a sentence, as reports write them, read into items.

- digits: ``12``, ``٢٣``, ``و10`` (joined to و), ``إلى25`` (a preposition of ``digit_prefixes`` written onto
  them); thousands grouped by a comma or a space (``1,700``,
  ``1 200 000``, also the no-break and thin spaces); a letter that scales them (``1.5k``; the letters
  are ``digit_suffixes`` in ``data/<lang>/claims.json``). A time (``11:29``) is no number, and a
  decimal (``2.5``) is one only with a scale after it (``1.5 million``).
- words: ``twenty-five``, ``three hundred and twenty``, ``خمسة وعشرون``, ``nine hundred trillion``,
  ``one thousand billion``, ``3 million``, ``ثلاثة مليارات`` (scales from the same file). A number too
  big to be a count is still read at its size, so that the claims stage can refuse it as implausible.
- ranges: two numbers joined as bounds of one figure: ``between 5 and 10``, ``from 10 to 12``,
  ``10 to 12``, ``10-12``, ``بين 5 و10``, ``من 10 إلى 12`` (the words are ``range_*`` in
  ``data/<lang>/syntax.json``); the second must be larger, and a scale after it also scales a first
  bound that is smaller than its number (``between 5 and 10 thousand``, ``between 1.5 and 2 million``).
  A range is an item of kind ``range`` whose value is ``(low, high)``.
"""
from __future__ import annotations

import re
from functools import lru_cache
from operator import itemgetter
from typing import Any, NamedTuple

from .datafiles import DATA
from .knowledge import knowledge
from .matcher import Token, phrase_tokens, variants

MAX_DIGITS = 12
_DIGITS = re.compile(r"^\d+$")
_JOINED = re.compile(r"^[وف](\d+)$")  # و10, ف5: a proclitic written onto the digits
_SUFFIXED = re.compile(r"^(\d+)([^\W\d]+)$")  # 10k
_GLUED = re.compile(r"^([^\W\d_]{1,5})(\d+)$")  # إلى25 (the word is one of digit_prefixes)
_THOUSANDS_COMMAS = (",", "٬", "،")
_THOUSANDS_SPACES = (" ", "\u00a0", "\u2009", "\u202f")
_DASHES = ("-", "–", "—")


class Item(NamedTuple):
    """One thing found in a sentence: a lexicon match or a number."""

    kind: str
    value: Any
    start: int  # offsets in Document.text
    end: int
    tok: int  # index of the first and one past the last token, in the sentence
    tok_end: int


_TOK, _TOK_END = itemgetter(4), itemgetter(5)  # Item.tok, Item.tok_end
_TEXT, _KIND = itemgetter(2), itemgetter(0)  # Token.text, Item.kind
_NUMBER_KINDS = frozenset({"num", "scale", "decimal"})
SCALE_VALUES = frozenset({1000, 1_000_000, 1_000_000_000})  # a number word of these values may scale digits
_DIGIT_WORD = re.compile(r"^(?:.?\d|[^\W\d_]{2,5}\d)", re.MULTILINE)  # a word with a digit first or second,
# or after a short word written onto it ("إلى25"), one word a line
_ANY_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=1)
def _digit_prefixes() -> frozenset[str]:
    """Words written onto digits with no space ('إلى25'), folded as tokens are (``digit_prefixes`` in
    ``data/<lang>/claims.json``)."""
    return frozenset(t for data in DATA.load_all("claims").values() for w in data.get("digit_prefixes", [])
                     for t in phrase_tokens(w))


def in_order(items: list[Item]) -> None:
    """Sort items by their first token, the longer first where two start together, and else as they came
    (what ``key=lambda i: (i.tok, -i.tok_end)`` does, in two stable sorts without a Python call per item)."""
    items.sort(key=_TOK_END, reverse=True)
    items.sort(key=_TOK)


def _digits(token: str, raw: str = "") -> tuple[str, int, int] | None:
    """The digits of a token written in digits, the scale of a letter written after them, and the number of
    characters written before them (in ``raw``, the token as the text writes it: folding may drop a tatweel)."""
    if _DIGITS.match(token):
        return token, 1, 0
    joined = _JOINED.match(token)
    if joined:
        return joined.group(1), 1, 1
    glued = _GLUED.match(token)
    if glued and glued.group(1) in _digit_prefixes():  # "إلى25", "لـ25": a preposition written onto the digits
        return glued.group(2), 1, len(raw or token) - len(glued.group(2))
    suffixed = _SUFFIXED.match(token)
    scale = knowledge().suffixes.get(suffixed.group(2)) if suffixed else None
    return (suffixed.group(1), scale, 0) if scale else None


def _grouped(tokens: list[Token], text: str, i: int, value: str) -> tuple[str, int]:
    """The digits of a number whose thousands are grouped ("1,700", "1 200 000"), and the token after it."""
    j, grouping = i + 1, None
    while j < len(tokens) and len(tokens[j].text) == 3 and _DIGITS.match(tokens[j].text) and len(value) <= 9:
        between = text[tokens[j - 1].end:tokens[j].start]
        if between in _THOUSANDS_COMMAS:
            kind = "comma"
        elif between in _THOUSANDS_SPACES and (grouping == "space" or (len(value) <= 3 and value[0] != "0")):
            kind = "space"  # (a space groups thousands only after a group of one to three digits)
        else:
            break
        if grouping not in (None, kind):
            break
        grouping, value, j = kind, value + tokens[j].text, j + 1
    return value, j


def read_numbers(tokens: list[Token], text: str, base: int) -> list[Item]:
    """The numbers written in digits, as the module docstring says; ``text`` is what the tokens index,
    ``base`` its offset in the document."""
    if text.isascii() and not _ANY_DIGIT.search(text):  # (folding ASCII text makes no digit)
        return []
    items, i = [], 0
    for at in _digit_words(tokens):  # (each form _digits reads has a digit first or second, or a prefix)
        if at < i:
            continue  # inside the number read last
        i, tok = at, tokens[at]
        parsed = _digits(tok.text, text[tok.start:tok.end])
        if parsed is None or len(parsed[0]) > MAX_DIGITS:  # a phone number, an id, a run of digits: no count
            i += 1
            continue
        value, scale, skip = parsed
        value, j = _grouped(tokens, text, i, value) if scale == 1 else (value, i + 1)
        sep = text[tokens[j - 1].end:tokens[j].start] if j < len(tokens) else ""
        fraction = _digits(tokens[j].text) if j < len(tokens) and sep in (":", ".", "٫") else None
        if fraction is not None and not fraction[2]:  # a time (11:29) or a decimal: not a count ...
            if sep != ":" and len(fraction[0]) <= 3 and j == i + 1 and scale == 1:
                number = float(f"{value}.{fraction[0]}")
                kind, number = ("decimal", number) if fraction[1] == 1 else ("num", round(number * fraction[1]))
                items.append(Item(kind=kind, value=number, start=base + tok.start + skip, end=base + tokens[j].end,
                                  tok=i, tok_end=j + 1))
            i = j + 1  # ... unless a scale follows: 1.5 million
            continue
        items.append(Item(kind="num", value=int(value) * scale, start=base + tok.start + skip,
                          end=base + tokens[j - 1].end, tok=i, tok_end=j))
        i = j
    return items


def _digit_words(tokens: list[Token]) -> list[int]:
    """The tokens with a digit first or second (or after a short word written onto them), in order: found in
    the words written one a line, with no Python step per word (most sentences have none)."""
    lines = "\n".join(map(_TEXT, tokens))
    if not _ANY_DIGIT.search(lines):
        return []
    return [lines.count("\n", 0, m.start()) for m in _DIGIT_WORD.finditer(lines)]


def _joins(current: int, value: int) -> bool:
    """Whether number word ``value`` adds to the partial number ``current``: twenty five, three hundred
    twenty, and the Arabic order خمسة وعشرون (units before tens)."""
    if 0 < current % 100 < 10 and 20 <= value < 100 and value % 10 == 0:  # (ثلاثمائة) وخمسة وعشرون
        return True
    digits = str(current)
    place = 10 ** (len(digits) - len(digits.rstrip("0")))  # the place of its lowest non-zero digit
    return current >= 20 and value < place


class _Number:
    """A number being read from adjacent number items: "three hundred and twenty-five", "1.5 million"."""

    def __init__(self, item: Item, digits: bool):
        self.first = self.last = item
        self.total, self.current = 0.0, float(item.value)
        self.digits = digits  # written in digits: "3 million" scales, "3 5" never adds up
        self.decimal = item.kind == "decimal"
        self.scaled = False

    def take(self, item: Item, digits: bool, gap_word: str | None) -> bool:
        if gap_word is not None and not (gap_word in ("and", "و") and self.total + self.current >= 100):
            return False
        if item.kind == "scale":
            if self.current <= 0 and item.value > max(self.total, 100):  # "one thousand billion"
                self.total *= item.value
            elif self.current <= 0 or (item.value == 100 and self.current >= 100):
                return False
            elif item.value == 100:
                self.current *= 100
            else:
                self.total = (self.total + self.current) * item.value if self.total < item.value \
                    else self.total + self.current * item.value
                self.current = 0
            self.scaled, self.decimal = True, False
        elif item.kind == "num" and not digits and self.digits and item.value in SCALE_VALUES and self.current > 0 \
                and not self.scaled:  # "12 ألف": a number word for a thousand scales the digits before it
            self.total, self.current = (self.total + self.current) * item.value, 0
            self.scaled, self.decimal = True, False
        elif item.kind == "num" and not digits and not self.digits and not self.decimal:
            if self.current == 0 and self.total > 0 and item.value < 1000:
                self.current = item.value
            elif self.current and _joins(int(self.current), item.value):
                self.current += item.value
            else:
                return False
        else:
            return False
        self.last = item
        return True

    def item(self) -> Item:
        if self.decimal:  # "2.5" with no scale after it: a measure, unless a range's scale follows (read_ranges)
            return self.first
        return Item(kind="num", value=int(round(self.total + self.current)), start=self.first.start,
                    end=self.last.end, tok=self.first.tok, tok_end=self.last.tok_end)


def combine_number_words(items: list[Item], tokens: list[Token], digit_toks: set[int]) -> list[Item]:
    """Read adjacent number items as one number: twenty-five, خمسة وعشرون, three hundred and twenty,
    two thousand three hundred, 3 million, 1.5 million. A scale word alone ("hundreds") stays as it is."""
    if _NUMBER_KINDS.isdisjoint(map(_KIND, items)):  # no number: the items as they are, in order
        same = list(items)
        in_order(same)
        return same
    out: list[Item] = []
    number: _Number | None = None

    def close() -> None:
        nonlocal number
        if number is not None:
            out.append(number.item())
            number = None

    for item in items:
        if item.kind not in ("num", "scale", "decimal"):
            if number is not None and item.tok >= number.last.tok_end:
                close()
            out.append(item)
            continue
        if number is not None:
            gap = item.tok - number.last.tok_end
            word = tokens[number.last.tok_end].text if gap == 1 else None
            if gap in (0, 1) and number.take(item, item.tok in digit_toks, word if gap else None):
                continue
            close()
        if item.kind == "scale":
            out.append(item)
        else:
            number = _Number(item, item.tok in digit_toks)
    close()
    in_order(out)
    scaled = {t for i in out if i.kind == "num" and i.tok_end - i.tok > 1 for t in range(i.tok, i.tok_end)}
    return [i for i in out if not (i.kind == "vague" and i.tok in scaled)]  # "10 آلاف" is 10,000, not "thousands"


def _range_of(low: Item, high: Item, tokens: list[Token], text: str, base: int) -> Item | None:
    """The range two numbers make ("between 5 and 10", "10-12", "بين 5 و10"), or None."""
    if not (low.kind in ("num", "decimal") and high.kind == "num" and high.value > low.value):
        return None
    words = knowledge().words
    before = set(variants(tokens[low.tok - 1].text)) if low.tok else set()
    opened = bool(before & words.get("range_open", frozenset()))
    between = text[low.end - base:high.start - base].strip()
    if high.tok == low.tok_end:  # "10-12"; "بين 5 و10", "بين خمسة وعشرة" (و written onto the number)
        prefix = text[tokens[high.tok].start:high.start - base]  # (the و before digits read as a number)
        glued = prefix or tokens[high.tok].text[:1]  # (or the و inside a number word's item)
        chained = text[:low.start - base].endswith(_DASHES) or re.match(r"[-–—]\d", text[high.end - base:])
        joined = (between in _DASHES and not chained) or (
            opened and between == prefix and glued in words.get("range_and", frozenset()))
    elif high.tok == low.tok_end + 1:
        word = tokens[low.tok_end].text
        joined = word in words.get("range_to", ()) or (opened and word in words.get("range_and", ()))
    else:
        joined = False
    if not joined:
        return None
    first = low.tok - 1 if opened or before & words.get("range_from", frozenset()) else low.tok
    scale = _scale(tokens[high.tok_end - 1].text) if high.tok_end - high.tok > 1 else None
    if low.kind == "decimal":  # "between 1.5 and 2 million" takes the scale; "between 1.5 and 2" is no range
        if not scale or low.value * scale >= high.value:
            return None
        low = low._replace(value=round(low.value * scale))
    elif scale and low.tok_end - low.tok == 1 and low.value * scale < high.value:  # "between 5 and 10 thousand"
        low = low._replace(value=low.value * scale)
    return Item(kind="range", value=(low.value, high.value), start=base + tokens[first].start if first < low.tok
                else low.start, end=high.end, tok=first, tok_end=high.tok_end)


def claims_word(word: str, kind: str):
    """The value the claims lexicon gives a one-word entry of ``kind`` ("scale": "thousand", "آلاف" -> 1000;
    "qual": "حوالي" -> "about"), in any of the word's spellings, or None."""
    root = knowledge().matchers["claims"].root
    for form in variants(word):
        for found, value in root.get(form, {}).get("", ()):
            if found == kind:
                return value
    return None


def _scale(word: str) -> int | None:
    """The value of a scale word ("thousand", "آلاف"), from the claims lexicon."""
    return claims_word(word, "scale")


def read_ranges(items: list[Item], tokens: list[Token], text: str, base: int) -> list[Item]:
    """Replace each pair of numbers that makes a range (see the module docstring) by one ``range`` item."""
    if "num" not in map(_KIND, items):  # no range's upper bound
        return [i for i in items if i.kind != "decimal"]
    out: list[Item] = []
    for item in items:
        made = _range_of(out[-1], item, tokens, text, base) if out and item.kind == "num" else None
        if made is not None:
            out[-1] = made
        else:
            out.append(item)
    return [i for i in out if i.kind != "decimal"]  # a decimal left alone measures something
