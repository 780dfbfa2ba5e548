"""When an event happened: the date a sentence tells, resolved against the publication date.

In order of preference:

- the first date the sentence writes out, with a year ("14 March 2021") or without one ("May 9", "9 أيار/مايو",
  given its year by the publication date, see ``resolve_day_month``); a day and month that is part of a name
  ("قوى 14 آذار", "the March 14 alliance") is no date, nor one that starts a period ("since May 2") (the
  words are in ``data/<lang>/syntax.json``);
- else a weekday ("on Tuesday", the last one on or before publication) or a relative word ("yesterday",
  "last week").

A date among the first words of a sentence, after no preposition ("DAMASCUS, May 9 (Reuters) -",
"Sunday 25 August 2013 Kerry said ...") is a dateline: it says when the report was filed. Any other date
the sentence writes out is preferred to it; failing one it is the date (before a weekday or a relative
word, which in such a sentence often dates a statement), and :func:`dateline_dated` tells the stage that a
later sentence may date the event better.
"""
from __future__ import annotations

from bisect import bisect_left
from datetime import date, timedelta

from ..reading.dates import DateMention, DayMonth, resolve_day_month
from .analysis import Sentence
from .matcher import variants
from .places import words

DATELINE_TOKENS = 5  # the most words before a dateline's date in its sentence


def event_date(s: Sentence, published: date | None) -> tuple[date | None, str | None]:
    """The sentence's date and its precision, by the rules in the module docstring."""
    when, precision, _ = _dated(s, published)
    return when, precision


def dateline_dated(s: Sentence, published: date | None, paragraph_start: int | None) -> bool:
    """The sentence opens the story (the first of its lead paragraph) and its date is the dateline's."""
    return s.role == "lead" and s.start == paragraph_start and _dated(s, published)[2]


def _dated(s: Sentence, published: date | None) -> tuple[date | None, str | None, bool]:
    """The date, its precision, and whether it is the dateline's."""
    told = _told_date(s, published)
    if told is not None:
        return told[0], "day", told[1]
    if published is None:
        return None, None, False
    for item in s.of("weekday"):
        return published - timedelta(days=(published.weekday() - item.value) % 7), "day", False
    for item in s.of("rel"):
        if isinstance(item.value, int):
            return published + timedelta(days=item.value), "day", False
        if item.value in ("week", "month"):
            return published - timedelta(days=3 if item.value == "week" else 15), item.value, False
    return None, None, False


def _told_date(s: Sentence, published: date | None) -> tuple[date, bool] | None:
    """The first date the sentence writes out, and whether it is a dateline (see the module docstring)."""
    found: list[tuple[DateMention | DayMonth, date]] = [(d, d.value) for d in s.dates if not _since(s, d)]
    if published is not None:  # "May 9": its year from the publication date
        found += [(d, resolve_day_month(d.month, d.day, published)) for d in s.day_months
                  if not _names_something(s, d) and not _since(s, d)]
    if not found:
        return None
    found.sort(key=lambda f: f[0].start)
    told = [(mention, when) for mention, when in found if not _at_dateline(s, mention)]
    return (told or found)[0][1], not told


def _token_at(s: Sentence, offset: int) -> int:
    starts = s.memo.get("token_starts")
    if starts is None:
        starts = s.memo["token_starts"] = [t.start for t in s.tokens]
    return bisect_left(starts, offset)


def _at_dateline(s: Sentence, mention: DateMention | DayMonth) -> bool:
    at = _token_at(s, mention.start)
    return at <= DATELINE_TOKENS and not (at and s.tokens[at - 1].text in words("locative") | words("away"))


def _since(s: Sentence, mention: DateMention | DayMonth) -> bool:
    """The date starts a period ("since May 2", "منذ 2 أيار"): the events of the period happened after it."""
    at = _token_at(s, mention.start)
    return bool(at and words("period_start").intersection(variants(s.tokens[at - 1].text)))


def _names_something(s: Sentence, day_month: DayMonth) -> bool:
    """A day and month that is part of a name: "قوى 14 آذار", "the March 14 alliance", "حاجز 8 آذار"."""
    first, end = _token_at(s, day_month.start), _token_at(s, day_month.end)
    before = s.tokens[first - 1].text if first else ""
    after = s.tokens[end].text if end < len(s.tokens) else ""
    return bool(words("date_name_before").intersection(variants(before))) or after in words("date_name_after")
