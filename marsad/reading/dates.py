"""Explicit calendar dates in English and Arabic text, with their offsets.

Month and weekday names come from ``data/<lang>/calendar.json`` (Levantine
شباط/آذار/نيسان/تشرين and Maghrebi names included). Recognised forms:

- ``2018-04-22`` (ISO, also with ``/`` or ``.``);
- ``22 March, 2017``, ``22nd of March 2017``, ``12 فبراير، 2018``, ``٥ شباط ٢٠١٥``;
- ``March 22, 2017``;
- ``22/03/2017``, read day first; month first only when the second number
  cannot be a month (``03/22/2017``).

Only dates with a year are read here; a date without a year, or a relative one
("on Monday"), is resolved against a reference date by the extraction stage.
"""
from __future__ import annotations

import re
from bisect import bisect_left, insort
from dataclasses import dataclass
from datetime import date
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
def _patterns() -> tuple[re.Pattern, ...]:
    names = sorted(month_table(), key=len, reverse=True)
    raw_names = sorted({n for d in READING.load_all("calendar").values() for n in d["months"]}, key=len, reverse=True)
    month = "(?P<month>" + "|".join(tolerant(n) for n in raw_names + names) + r")\.?"
    day = rf"(?P<day>{_D}{{1,2}})(?:st|nd|rd|th)?"
    year = rf"(?P<year>{_D}{{4}})"
    sep = r"\s*[,،]?\s*"
    return (
        re.compile(rf"(?<![\w])(?P<year>{_D}{{4}})[-/.](?P<m>{_D}{{1,2}})[-/.](?P<day>{_D}{{1,2}})(?![\w])"),
        re.compile(rf"(?<![\w]){day}{sep}(?:of\s+)?{month}{sep}{year}(?![\w])", re.IGNORECASE),
        re.compile(rf"(?<![\w]){month}\s+{day}{sep}{year}(?![\w])", re.IGNORECASE),
        re.compile(rf"(?<![\w])(?P<day>{_D}{{1,2}})[/.](?P<m>{_D}{{1,2}})[/.]{year}(?![\w])"),
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
        if "/" in match.group(0) or "." in match.group(0):
            if month > 12 >= day and not match.group(0)[:4].isdigit():  # 03/22/2017: month first
                day, month = month, day
    if month is None or not 1900 <= year <= 2100:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


_ANY_DIGIT = re.compile(r"\d")


def find_dates(text: str) -> list[DateMention]:
    """Every explicit date in ``text``, in order of position, without overlaps."""
    if not _ANY_DIGIT.search(text):  # every form has a day and a year in digits
        return []
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []  # spans already read, sorted by start (they never overlap)
    for pattern in _patterns():
        for m in pattern.finditer(text):
            at = bisect_left(taken, (m.start(), m.start()))
            if (at < len(taken) and taken[at][0] < m.end()) or (at and taken[at - 1][1] > m.start()):
                continue  # overlaps a date read by an earlier pattern
            value = _to_date(m)
            if value is not None:
                found.append(DateMention(start=m.start(), end=m.end(), value=value))
                insort(taken, (m.start(), m.end()))
    return sorted(found, key=lambda d: d.start)


def first_date(text: str) -> date | None:
    found = find_dates(text)
    return found[0].value if found else None
