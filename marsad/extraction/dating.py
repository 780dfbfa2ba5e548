"""When an event happened: the date a sentence tells, resolved against the report's date.

The report's date (:func:`report_date`) is the date its byline, dateline or heading writes out
("13-1-2017" on a line of its own, "Wednesday 22 July 2015 18 civilians killed ..."), else the publication
date. An event's date, in order of preference:

- the first date the sentence writes out, with a year ("14 March 2021") or without one ("May 9", "9 أيار/مايو",
  given its year by the report's date, see ``resolve_day_month``); a day and month that is part of a name
  ("قوى 14 آذار", "the March 14 alliance") is no date, nor one that starts a period ("since May 2") (the
  words are in ``data/<lang>/syntax.json``). A written date a month or more before the report gives way
  to a weekday or a day word of the same sentence: it is a reference to the past ("on Tuesday, four years
  after the attack of 21 August 2013");
- else a weekday ("on Tuesday", the last one on or before the report's date; an Arabic weekday only with
  its article or after a cue word such as يوم or صباح, since أحد alone is "one of") or a relative word:
  a day ("yesterday", "أمس", "الليلة الماضية"), else a week ("days ago": three days before the report) or a
  month ("this month": the report's date);
- else, in a sentence that tells the past, a month written with its year ("in May 2015": its 15th, month
  precision);
- else, when the report's date is known, that date with a coarser precision (:func:`undated`, ACLED's
  convention: an event reported without its day is dated to the report, time precision 2 or 3).

A date among the first words of a sentence, after no preposition ("DAMASCUS, May 9 (Reuters) -",
"Sunday 25 August 2013 Kerry said ...") is a dateline: it says when the report was filed. Any other date
the sentence writes out, and any weekday or day word but a statement's ("..., the monitor said on
Sunday"), is preferred to it; failing those it is the date, and :func:`dateline_dated` tells the stage
that a later sentence may date the event better (as a statement's day may be). A sentence that tells two
days or more dates each event by the day told nearest to its event word.
"""
from __future__ import annotations

from bisect import bisect_left
from datetime import date, timedelta
from functools import lru_cache

from ..model import Document
from ..reading.dates import DateMention, DayMonth, find_dates, find_month_years, resolve_day_month
from ..reading.lexicon import READING
from ..reading.metadata import latest_plausible
from .analysis import Item, Sentence
from .knowledge import knowledge
from .matcher import phrase_tokens, tokenize, variants
from .places import words

DATELINE_TOKENS = 5  # the most words before a dateline's date in its sentence (after the title it repeats)
MIN_TITLE_TOKENS = 3  # the fewest words of a title repeated at the story's start
TEXT_DATE_DAYS = 366  # a date the text writes this far from the publication date is not the report's
STATEMENT_TOKENS = 3  # the most words between a verb of saying and the day word that dates its statement
SPEAKER_TOKENS = 12  # the most words of a speaker's name between a verb of saying and the day word
SPEAKERS = ("claimant", "outlet", "actor")
PAST_DAYS = 30  # a date written this many days or more before the report's is a reference to the past
WEEK_BACK = 3  # "days ago", "last week", "earlier this week": about this many days before the report


def event_date(s: Sentence, published: date | None, at: int | None = None) -> tuple[date | None, str | None]:
    """The date and precision of the sentence's events, by the rules in the module docstring (without the
    last); for the event word at token ``at`` of a sentence that tells two days or more, the day told
    nearest to it ("jets struck X the day before yesterday, while artillery shelled it this morning")."""
    if at is not None:
        days = s.memo.get(("event_days", published))
        if days is None:
            days = s.memo[("event_days", published)] = _event_days(s, published)
        if len({when for _, when in days}) > 1:
            return min(days, key=lambda day: abs(day[0] - at))[1], "day"
    when, precision, _ = _dated(s, published)
    return when, precision


def _event_days(s: Sentence, published: date | None) -> list[tuple[int, date]]:
    """The days the sentence tells an event on, with their tokens: written dates (not a dateline, a
    name, a period's start or a reference to the past), weekdays and day words (not a statement's)."""
    if published is None:
        return []
    found = [(_token_at(s, d.start), d.value) for d in s.dates
             if not _since(s, d) and not _at_dateline(s, d) and _token_at(s, d.start) != s.memo.get("heading_at")]
    found += [(_token_at(s, d.start), resolve_day_month(d.month, d.day, published)) for d in s.day_months
              if not _names_something(s, d) and not _since(s, d) and not _at_dateline(s, d)]
    found += [(i.tok, _weekday_date(published, i.value)) for i in _weekdays(s) if not _statement_day(s, i)]
    found += [(i.tok, published + timedelta(days=i.value)) for i in s.of("rel")
              if isinstance(i.value, int) and not _statement_day(s, i)]
    return [(at, when) for at, when in found if (published - when).days < PAST_DAYS]


def _weekday_date(reference: date, weekday: int) -> date:
    """The last such weekday on or before the reference date."""
    return reference - timedelta(days=(reference.weekday() - weekday) % 7)


def undated(reference: date | None, background: bool) -> tuple[date | None, str | None]:
    """The date of an event whose report tells no day for it: the report's date, about a week for an event
    of the report's news, the month for one of its background; nothing without the report's date."""
    if reference is None:
        return None, None
    return reference, "month" if background else "week"


def report_date(doc: Document, sentences: list[Sentence]) -> date | None:
    """The date the report was written: the date its byline or dateline line writes out, else the one the
    title or the story's first sentence opens with (a dated heading: "Wednesday 22 July 2015 18 civilians
    killed ..."), else the publication date. The text's own date comes first: a page's publication date
    is often that of its last update, and relative words ("on Sunday") count from the day they were
    written on. A date the text writes after tomorrow is nobody's report date."""
    lead = next((s for s in sentences if s.role == "lead"), None)
    if lead is not None:
        _mark_heading(doc, lead)
    published, latest = doc.meta.published, latest_plausible()
    for written in _written_dates(doc, sentences):
        if written <= latest and (published is None or abs((written - published).days) <= TEXT_DATE_DAYS):
            return written
    return published


def _repeated_title(doc: Document, lead: Sentence) -> int:
    """How many words of the title the story's first sentence opens with, when it repeats the title before
    its dateline ("Car bomb kills 10 Monitor AFP Sunday 25 May 2014 Ten people were killed ..."), else 0."""
    titles = doc.paragraphs_with("title")[:1]
    if not titles:
        return 0
    title = [t.text for t in tokenize(doc.text[titles[0].start:titles[0].end])]
    opening = [t.text for t in lead.tokens[:len(title)]]
    shared = next((n for n, (a, b) in enumerate(zip(title, opening, strict=False)) if a != b), len(opening))
    return shared if shared >= max(MIN_TITLE_TOKENS, len(title) / 2) else 0  # (a title may end with its site)


def _written_dates(doc: Document, sentences: list[Sentence]):
    """The dates of the byline and dateline lines, then of the title's opening, then of the lead's (after
    the title when it repeats it)."""
    for p in doc.paragraphs_with("byline", "dateline"):
        found = find_dates(doc.text[p.start:p.end])
        if found:
            yield found[0].value
    firsts: dict[str, Sentence] = {}
    for s in sentences:
        firsts.setdefault(s.role, s)
    for s in (firsts.get("title"), firsts.get("lead")):
        told = _told_date(s, None) if s is not None else None
        if told is not None and told[1]:
            yield told[0]
    lead = firsts.get("lead")
    if lead is not None and "heading_at" in lead.memo:
        yield lead.dates[0].value


def _mark_heading(doc: Document, lead: Sentence) -> None:
    """When the story's first sentence repeats the title and then writes the dateline's date, keep the
    date's token in the sentence's memo ("heading_at"): like a dateline, it gives way to a day the story
    tells, and dates no event of its own among several days."""
    skip = _repeated_title(doc, lead)
    if not skip or not lead.dates:
        return
    at = _token_at(lead, lead.dates[0].start)
    if skip <= at <= skip + DATELINE_TOKENS and lead.tokens[at - 1].text not in words("locative") | words("away"):
        lead.memo["heading_at"] = at


def dateline_dated(s: Sentence, published: date | None, paragraph_start: int | None) -> bool:
    """The sentence's date says when the report was filed or a statement made, not when its event happened,
    so that another mention's date may replace it: the sentence opens the story (the first of its lead
    paragraph) and its date is the dateline's, or its only day is a statement's ("..., the monitor said on
    Wednesday")."""
    kind = _dated(s, published)[2]
    return kind == "statement" or (kind == "dateline" and s.role == "lead" and s.start == paragraph_start)


def _dated(s: Sentence, published: date | None) -> tuple[date | None, str | None, str | None]:
    """The date, its precision, and where it comes from: "dateline", "statement", else "story" (or None);
    read once per sentence and report's date."""
    found = s.memo.get(("dated", published))
    if found is None:
        found = s.memo[("dated", published)] = _read_date(s, published)
    return found


def _read_date(s: Sentence, published: date | None) -> tuple[date | None, str | None, str | None]:
    told = _told_date(s, published)
    said = _said_day(s, published) if published is not None else None
    if told is not None and said and said[1] == "day" and not said[2]:
        if told[1] or told[2] == s.memo.get("heading_at") or (published - told[0]).days >= PAST_DAYS:
            # a dateline (or the heading's date after a repeated title), or a reference to the past
            told = None
    if told is not None:
        return told[0], "day", "dateline" if told[1] else "story"
    if said is None:
        past = _past_month(s)
        return (past, "month", "story") if past else (None, None, None)
    return said[0], said[1], "statement" if said[2] else "story"


def _past_month(s: Sentence) -> date | None:
    """In a sentence that tells the past (a background cue: "in May 2015", "في أيار 2015"), the month it
    names with its year (its 15th), unless it starts a period ("since March 2011")."""
    written = find_month_years(s.text, list(s.dates))
    if not written or not knowledge().background.search(s.text):
        return None
    for offset, month, year in written:
        at = _token_at(s, offset)
        if not (at and words("period_start").intersection(variants(s.tokens[at - 1].text))):
            return date(year, month, 15)
    return None


def _said_day(s: Sentence, reference: date) -> tuple[date, str, bool] | None:
    """A weekday or a relative word, resolved against the report's date, and whether it dates a statement
    rather than the event: "last month" (its sentence is background), else a day the event is told on,
    else a week or a month, else the day of a statement ("..., the monitor said on Sunday")."""
    relative = s.of("rel")
    for item in relative:
        if item.value == "last_month":
            return (reference.replace(day=1) - timedelta(days=1)).replace(day=15), "month", False
    days = [(i, _weekday_date(reference, i.value)) for i in _weekdays(s)]
    days += [(i, reference + timedelta(days=i.value)) for i in relative if isinstance(i.value, int)]
    for item, when in days:
        if not _statement_day(s, item):
            return when, "day", False
    for item in relative:
        if item.value == "week":
            return reference - timedelta(days=WEEK_BACK), "week", False
        if item.value == "month":
            return reference, "month", False
    return (days[0][1], "day", True) if days else None


def _statement_day(s: Sentence, item: Item) -> bool:
    """The day word follows a verb of saying closely ("said on Sunday", "told AFP on Sunday"), or with
    only the speaker's name between ("وقال المرصد السوري لحقوق الإنسان الأربعاء"): it dates the statement,
    which may come a day or more after the event. A possessive is the event's ("said Wednesday's strike")."""
    token = s.tokens[item.tok]
    if token.text.endswith("days") or s.text[token.end:token.end + 2] in ("'s", "’s"):
        return False
    if s.ending("attr_verb", item.tok - STATEMENT_TOKENS, item.tok):
        return True
    verbs = s.ending("attr_verb", item.tok - SPEAKER_TOKENS, item.tok)
    if not verbs:
        return False
    named = {t for i in s.near(verbs[-1].tok_end, item.tok, *SPEAKERS) for t in range(i.tok, i.tok_end)}
    return len(set(range(verbs[-1].tok_end, item.tok)) - named) <= 1


@lru_cache(maxsize=1)
def _weekday_cues() -> frozenset[str]:
    return frozenset(t for data in READING.load_all("calendar").values()
                     for phrase in data.get("weekday_cues", ()) for t in phrase_tokens(phrase))


def _weekdays(s: Sentence) -> list[Item]:
    """The weekdays of the sentence, but for one that opens a written date ("Wednesday 07 December 2016").
    An Arabic one needs its article ("الأحد", "والأحد") or a cue word before it ("يوم", "صباح", "ليل":
    ``weekday_cues`` in the calendar): "أحد عناصر" is "one of", not Sunday."""
    found = []
    written = {_token_at(s, d.start) for d in (*s.dates, *s.day_months)}
    for item in s.of("weekday"):
        if item.tok_end in written:  # "Wednesday 07 December 2016": the written date's own weekday
            continue
        token = s.tokens[item.tok].text
        if not "\u0600" <= token[:1] <= "\u06ff" or any(v.startswith("ال") for v in variants(token)) or (
                item.tok and _weekday_cues().intersection(variants(s.tokens[item.tok - 1].text))):
            found.append(item)
    return found


def _told_date(s: Sentence, published: date | None) -> tuple[date, bool, int] | None:
    """The first date the sentence writes out, whether it is a dateline (see the module docstring), and its
    token."""
    found: list[tuple[DateMention | DayMonth, date]] = [(d, d.value) for d in s.dates if not _since(s, d)]
    if published is not None:  # "May 9": its year from the publication date
        found += [(d, resolve_day_month(d.month, d.day, published)) for d in s.day_months
                  if not _names_something(s, d) and not _since(s, d)]
    if not found:
        return None
    found.sort(key=lambda f: f[0].start)
    told = [(mention, when) for mention, when in found if not _at_dateline(s, mention)]
    mention, when = (told or found)[0]
    return when, not told, _token_at(s, mention.start)


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
