"""Explicit calendar dates in English and Arabic text, with their offsets.

Month and weekday names come from ``data/<lang>/calendar.json`` (Levantine
شباط/آذار/نيسان/تشرين and Maghrebi names included). Recognised forms:

- ``2018-04-22`` (ISO, also with ``/`` or ``.``, and with a time glued after it: ``2018-04-22T10:00``);
- ``22 March, 2017``, ``22nd of March 2017``, ``12 فبراير، 2018``, ``٥ شباط ٢٠١٥``;
- ``March 22, 2017``;
- ``22/03/2017`` (also with ``.`` or ``-``), read day first; month first only
  when the second number cannot be a month (``03/22/2017``); a scraped page may glue a word to it
  (``21.08.2013Get short URL``).

A month may be named twice, as Arabic reporting does: ``9 أيار/مايو 2024``,
``9 أيار (مايو) 2024``.

:func:`find_dates` reads dates with a year. :func:`find_day_months` reads the
day and month of a date written without one (``May 9``, ``9th of May``,
``9 أيار/مايو``), :func:`find_month_years` a month written with its year but no
day (``in May 2015``), and :func:`resolve_day_month` gives it its year from a
reference date (the report's date): the last such day on or before it (a day
after it is still this year's). A relative date ("on Monday")
is resolved by the extraction stage.
"""
from __future__ import annotations

import re
from bisect import bisect_left, insort
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from .lexicon import READING
from .textnorm import digits_to_ascii, normalize, tolerant

_D = "[0-9\u0660-\u0669\u06f0-\u06f9]"


@lru_cache(maxsize=None)
def month_table() -> dict[str, int]:
    table = {}
    for data in READING.load_all("calendar").values():
        for name, number in data["months"].items():
            table[normalize(name)] = number
    return table


@lru_cache(maxsize=None)
def _parts() -> tuple[str, str]:
    """The regex sources of a month (named once or twice: "أيار/مايو", "أيار (مايو)") and of a day."""
    names = sorted(month_table(), key=len, reverse=True)
    raw_names = sorted({n for d in READING.load_all("calendar").values() for n in d["months"]}, key=len, reverse=True)
    any_month = "|".join(tolerant(n) for n in raw_names + names)
    month = rf"(?P<month>{any_month})\.?(?:\s*/\s*(?:{any_month})\b|\s*\(\s*(?:{any_month})\s*\))?"
    return month, rf"(?P<day>{_D}{{1,2}})(?:st|nd|rd|th)?"


@lru_cache(maxsize=None)
def _patterns() -> tuple[tuple[re.Pattern, bool], ...]:
    """The forms of a full date, each with whether it names its month as a whole word (after a space, before
    one): only a text that :func:`_may_name_month` may hold one ("22March2017" has no space to tell)."""
    month, day = _parts()
    year = rf"(?P<year>{_D}{{4}})"
    sep = r"\s*[,،]?\s*"
    return (
        (re.compile(rf"(?<![\w])(?P<year>{_D}{{4}})[-/.](?P<m>{_D}{{1,2}})[-/.](?P<day>{_D}{{1,2}})(?!{_D})"), False),
        (re.compile(rf"(?<![\w]){day}{sep}(?:of\s+)?{month}{sep}{year}(?![\w])", re.IGNORECASE), False),
        (re.compile(rf"(?<![\w]){month}\s+{day}{sep}{year}(?![\w])", re.IGNORECASE), True),
        (re.compile(rf"(?<![\w])(?P<day>{_D}{{1,2}})[/.](?P<m>{_D}{{1,2}})[/.]{year}(?!{_D})"), False),
        (re.compile(rf"(?<![\w-])(?P<day>{_D}{{1,2}})-(?P<m>{_D}{{1,2}})-{year}(?!{_D}|-)"), False),
    )


@lru_cache(maxsize=None)
def _latin_month_words() -> frozenset[str] | None:
    """The month names written in ASCII, when each is one word and every other name has an Arabic letter
    (which ASCII text lacks); else None."""
    words = set()
    for name in [n for d in READING.load_all("calendar").values() for n in d["months"]] + list(month_table()):
        if name.isascii() and _WORD.fullmatch(name):
            words.add(name.lower())
        elif name.isascii() or not _ARABIC_LETTER.search(name):
            return None
    return frozenset(words)


_WORD = re.compile(r"\w+")
_ARABIC_LETTER = re.compile("[\u0600-\u06ff]")


def _may_name_month(text: str) -> bool:
    """Whether a month name of the calendar may stand in ``text`` as a whole word (after a space or no word
    character, before a full stop, a slash, a bracket or no word character), as the forms that start with
    the month or have a space before it need. Their alternatives of every month are tried at every
    character, which is slow; most sentences name no month, and an ASCII one is told by its words."""
    words = _latin_month_words()
    return words is None or not text.isascii() or not words.isdisjoint(_WORD.findall(text.lower()))


@lru_cache(maxsize=None)
def _day_month_patterns() -> tuple[re.Pattern, ...]:
    month, day = _parts()
    no_group = rf"(?![\w]|[,.٬]{_D}{{3}})"  # "May 9,000 people": the day of no date
    return (
        re.compile(rf"(?<![\w]){day}\s+(?:of\s+)?{month}(?![\w])", re.IGNORECASE),
        re.compile(rf"(?<![\w]){month}\s+{day}{no_group}", re.IGNORECASE),
    )


@dataclass(frozen=True, kw_only=True, slots=True)
class DateMention:
    start: int
    end: int
    value: date


def _to_date(match: re.Match) -> date | None:
    groups = match.groupdict()
    year = int(digits_to_ascii(groups["year"]))
    day = int(digits_to_ascii(groups["day"]))
    if groups.get("month"):
        month = month_table().get(normalize(groups["month"]).rstrip("."))
    else:
        month = int(digits_to_ascii(groups["m"]))
        if month > 12 >= day and not match.group(0)[:4].isdigit():  # 03/22/2017: month first
            day, month = month, day
    if month is None or not 1900 <= year <= 2100:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


_ANY_DIGIT = re.compile(r"\d")
_YEAR = re.compile(f"{_D}{{4}}")


def find_dates(text: str) -> list[DateMention]:
    """Every explicit date in ``text``, in order of position, without overlaps."""
    if not _YEAR.search(text):  # every form has a year in four digits
        return []
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []  # spans already read, sorted by start (they never overlap)
    month_named = _may_name_month(text)
    for pattern, names_month in _patterns():
        if names_month and not month_named:
            continue
        for m in pattern.finditer(text):
            if _overlaps(taken, m):
                continue  # overlaps a date read by an earlier pattern
            value = _to_date(m)
            if value is not None:
                found.append(DateMention(start=m.start(), end=m.end(), value=value))
                insort(taken, (m.start(), m.end()))
    return sorted(found, key=lambda d: d.start)


def _overlaps(taken: list[tuple[int, int]], m: re.Match) -> bool:
    """Whether the match overlaps one of the sorted, disjoint spans ``taken``."""
    at = bisect_left(taken, (m.start(), m.start()))
    return (at < len(taken) and taken[at][0] < m.end()) or bool(at and taken[at - 1][1] > m.start())


def first_date(text: str) -> date | None:
    found = find_dates(text)
    return found[0].value if found else None


@dataclass(frozen=True, kw_only=True, slots=True)
class DayMonth:
    """A day and month written without a year ("May 9", "9 أيار/مايو"); offsets into the text read."""

    start: int
    end: int
    month: int
    day: int


def find_day_months(text: str, dates: list[DateMention] | None = None) -> list[DayMonth]:
    """Every day and month written without a year in ``text``, in order, leaving out those inside a
    full date (``dates``: what :func:`find_dates` found in it). A Latin month name must be capitalised
    ("May 9", "MAY 9"): "may 9" is a verb and a number. Impossible days ("April 31") are no dates."""
    if not _ANY_DIGIT.search(text) or not _may_name_month(text):
        return []
    taken = sorted((d.start, d.end) for d in (find_dates(text) if dates is None else dates))
    found: list[DayMonth] = []
    for pattern in _day_month_patterns():
        for m in pattern.finditer(text):
            if _overlaps(taken, m):
                continue
            name = m.group("month")
            if name[:1].isascii() and name[:1].islower():
                continue
            month = month_table().get(normalize(name).rstrip("."))
            day = int(digits_to_ascii(m.group("day")))
            if month is None or not 1 <= day <= _DAYS[month - 1]:
                continue
            found.append(DayMonth(start=m.start(), end=m.end(), month=month, day=day))
            insort(taken, (m.start(), m.end()))
    return sorted(found, key=lambda d: d.start)


_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


@lru_cache(maxsize=None)
def _month_year_pattern() -> re.Pattern:
    month, _ = _parts()
    return re.compile(rf"(?<![\w]){month}\s*[,،]?\s*(?P<year>{_D}{{4}})(?![\w])", re.IGNORECASE)


def find_month_years(text: str, dates: list[DateMention] | None = None) -> list[tuple[int, int, int]]:
    """The months written with their year but no day ("in May 2015", "في أيار 2015", "آب/أغسطس 2013"), as
    (offset, month, year), in order, leaving out those inside a full date (``dates``: what
    :func:`find_dates` found in the text). A Latin month name must be capitalised."""
    if not _YEAR.search(text):  # (the form has a year in four digits)
        return []
    taken = sorted((d.start, d.end) for d in (find_dates(text) if dates is None else dates))
    found = []
    for m in _month_year_pattern().finditer(text):
        name = m.group("month")
        month = month_table().get(normalize(name).rstrip("."))
        year = int(digits_to_ascii(m.group("year")))
        lower_latin = name[:1].isascii() and name[:1].islower()  # "may 2015": a verb and a number
        if month and 1900 <= year <= 2100 and not _overlaps(taken, m) and not lower_latin:
            found.append((m.start(), month, year))
    return found


FUTURE_DAYS = 1  # a day and month this long after the reference date is that date (time zones); later, last year's


def resolve_day_month(month: int, day: int, reference: date) -> date | None:
    """The date of this day and month in the year that puts it last on or before ``reference``, the
    publication's year or the year before: reports tell the past ("December 30" in a report of 24 July is
    last December's, and "June 3" in a report of 10 May last June's). A day after it (:data:`FUTURE_DAYS`)
    is still this year's: the report's time zone may be behind the event's."""
    candidates = []
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:  # 29 February of a common year
            continue
    latest = reference + timedelta(days=FUTURE_DAYS)
    return max((d for d in candidates if d <= latest), default=min(candidates, default=None))
