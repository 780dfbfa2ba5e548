"""Stage ``metadata``: title, publisher, author and published date, by one fallback chain.

:func:`resolve` is the whole chain; each field takes the first link that gives a
value and records which link it was in ``Metadata.<field>_source``:

title
    ``input`` (given with the document) → ``html`` (the page's markup) →
    ``page`` (the headline line the cleaner found) → unknown.
publisher
    ``input`` → ``url`` (the web domain of the given or page URL) → ``html``
    (the site name in the markup) → ``credit`` ("Translated and edited by X",
    "المصدر: X") → ``dateline`` ("Damascus, SMART", "(Zaman Al Wasl)-") →
    ``byline`` ("Eldorar Alshamia Editor | ...") → ``banner`` (an outlet's slogan
    line) → ``correspondent`` (the outlet's own reporter in the story,
    "Eldorar correspondent", "مراسل سمارت") → unknown. Names are made canonical
    with ``data/outlets.json``; an unknown name given with the input is kept as given.
author
    ``html`` → ``byline`` → unknown.
published
    ``input`` → ``html`` → ``page``: the first explicit date (with a year) on a
    header byline or dateline line, else on any non-story line that labels a
    publication date ("Published:", "تم النشر بتاريخ") → unknown. Dates in the
    story are never taken for the publication date, and nothing is guessed.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from email.utils import parsedate_to_datetime

from ..model import Document, Metadata
from . import outlets
from .clean import dateline_match
from .dates import find_dates
from .lexicon import READING
from .textnorm import fold


class _Page:
    """The document's lines by role, folded once for pattern matching."""

    def __init__(self, doc: Document):
        self.doc = doc

    def lines(self, *roles: str) -> list[tuple[str, str, list[int]]]:
        """``(text, folded text, origin offsets)`` of the lines with these roles, in order."""
        found = []
        for p in self.doc.paragraphs_with(*roles):
            text = self.doc.text[p.start:p.end]
            found.append((text, *fold(text)))
        return found


def _first_match(key: str, folded: str) -> re.Match | None:
    return READING.first_match("page", key, folded)


def _outlet_in(name: str | None) -> str | None:
    """A canonical outlet for a captured name: the name itself, else an outlet named inside it."""
    if not name:
        return None
    found = outlets.canonical(name)
    if found:
        return found
    named = outlets.mentions(name)
    return named[0].outlet.name if named else None


def _group(m: re.Match | None, name: str, text: str | None = None, origin: list[int] | None = None) -> str | None:
    """A named group of a match on folded text; as written in ``text`` when its origin map is given."""
    if m is None or name not in m.re.groupindex or m.group(name) is None:
        return None
    if text is not None and origin is not None:
        return text[origin[m.start(name)]:origin[m.end(name)]].strip() or None
    return m.group(name).strip() or None


EARLIEST_YEAR = 1900  # the same plausible span as dates read in text (``dates.find_dates``)


def parse_given_date(value: str | None) -> date | None:
    """A date given with the input, or ``None`` when the value is not wholly a plausible date.

    Accepted: ISO 8601 (a date, or a date and time with an optional zone, ``2024-03-04T10:00:00Z``), an
    e-mail/RSS date (``Mon, 04 Mar 2024 10:00:00 GMT``) and any explicit date form that ``find_dates``
    reads, when it is the whole value. A value with anything else in it (``2024-03-04T25:61``, a date
    followed by other text) is not a date, and neither is a year before 1900.
    """
    text = str(value or "").strip()
    if not text:
        return None
    found = _iso_date(text) or _mail_date(text) or _whole_date(text)
    return found if found is not None and EARLIEST_YEAR <= found.year else None


def _iso_date(text: str) -> date | None:
    try:
        return datetime.fromisoformat(text.replace("z", "Z")).date()
    except ValueError:
        return None


def _mail_date(text: str) -> date | None:
    if not text[:1].isalpha():
        return None
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _whole_date(text: str) -> date | None:
    found = find_dates(text)
    if len(found) != 1:
        return None
    rest = text[:found[0].start] + text[found[0].end:]
    return found[0].value if not rest.strip(" \t,.،") else None


def _publisher_chain(doc: Document, page: _Page):
    given = doc.given
    if given.publisher and given.publisher.strip():
        yield "input", outlets.canonical(given.publisher) or given.publisher.strip()
    yield "url", outlets.by_domain(given.url) or outlets.by_domain(doc.page.url)
    if doc.page.sitename:
        yield "html", outlets.canonical(doc.page.sitename) or doc.page.sitename
    for text, folded, origin in reversed(page.lines("credit")):
        name = _group(_first_match("credit", folded), "outlet", text, origin)
        yield "credit", _outlet_in(name) or _outlet_in(text) or name
    for _, folded, _ in page.lines("dateline"):
        yield "dateline", _outlet_in(_group(dateline_match(folded), "outlet"))
    for _, folded, _ in page.lines("byline"):
        yield "byline", _outlet_in(_group(_first_match("byline", folded), "outlet"))
    for text, _, _ in page.lines("banner"):
        yield "banner", outlets.by_banner(text)
    for _, folded, _ in page.lines("body"):
        m = _first_match("own_reporter", folded)
        if m:
            named = outlets.mentions(m.group("outlet"))
            yield "correspondent", named[-1].outlet.name if named else None


def _published_chain(doc: Document, page: _Page):
    yield "input", parse_given_date(doc.given.published)
    yield "html", parse_given_date(doc.page.published)
    for text, _, _ in page.lines("byline", "dateline"):
        found = find_dates(text)
        yield "page", found[0].value if found else None
    for text, folded, _ in page.lines("title", "banner", "lead", "credit", "furniture"):
        label = _first_match("published", folded)
        if label:
            found = find_dates(text)
            yield "page", found[0].value if found else None


def _author_chain(doc: Document, page: _Page):
    yield "html", doc.page.author
    for text, folded, origin in page.lines("byline"):
        yield "byline", _group(_first_match("byline", folded), "author", text, origin)


def _title_chain(doc: Document, page: _Page):
    yield "input", (doc.given.title or "").strip() or None
    yield "html", doc.page.title
    titles = page.lines("title")
    yield "page", titles[0][0] if titles else None


def _first(chain) -> tuple[object, str]:
    for source, value in chain:
        if value:
            return value, source
    return None, "unknown"


def latest_plausible(today: date | None = None) -> date:
    """The latest date a report can carry: tomorrow (time zones), counted from ``today``."""
    return (today or date.today()) + timedelta(days=1)


def _not_future(chain, skipped: list[tuple[str, date]]):
    limit = latest_plausible()
    for source, value in chain:
        if value and value > limit:
            skipped.append((source, value))
            continue
        yield source, value


def resolve(doc: Document, skipped: list[tuple[str, date]] | None = None) -> Metadata:
    """The document's metadata by the fallback chain described in this module; a published date after
    tomorrow is skipped (and added to ``skipped``) as impossible."""
    page = _Page(doc)
    title, title_source = _first(_title_chain(doc, page))
    publisher, publisher_source = _first(_publisher_chain(doc, page))
    author, _ = _first(_author_chain(doc, page))
    published, published_source = _first(_not_future(_published_chain(doc, page), [] if skipped is None else skipped))
    return Metadata(title=title, title_source=title_source, publisher=publisher,
                    publisher_source=publisher_source, author=author, published=published,
                    published_source=published_source, url=doc.given.url or doc.page.url)


def run(doc: Document) -> Document:
    skipped: list[tuple[str, date]] = []
    meta = resolve(doc, skipped)
    warnings = doc.warnings + tuple(f"published date {value.isoformat()} ({source}) is in the future; ignored"
                                    for source, value in skipped)
    if doc.given.published and meta.published_source != "input" and not any(s == "input" for s, _ in skipped):
        warnings += (f"the given published date {doc.given.published!r} could not be read as a date",)
    return doc.with_(meta=meta, warnings=warnings)
