"""Values as people write them, for every page: no ``None``, no ``19.0``, no internal codes.

Each function is also a Jinja filter (registered by :func:`install`). Numbers: a whole float is shown
whole, a fraction with at most two decimals, thousands grouped. A claim's figure is written with its
qualifier in words ("more than 21", "about 12", "dozens"). Codes (``civil_defence``, ``state_media``)
are shown as words. An incident's title says what happened where and when ("Air/drone strike, Douma,
2015-08-16").
"""
from __future__ import annotations

import re
from datetime import date

from markupsafe import Markup, escape

NOTHING = "–"  # what a page shows for a value that is not known
QUALIFIER_WORDS = {"more_than": "more than {n}", "at_least": "at least {n}", "about": "about {n}",
                   "up_to": "up to {n}", "at_most": "at most {n}", "exact": "{n}"}
VAGUE = {"dozens": "dozens", "tens": "tens", "hundreds": "hundreds", "thousands": "thousands",
         "several": "several", "scores": "scores"}


def number(value, digits: int = 2) -> str:
    """A count or measure as written: ``19.0`` -> ``19``, ``0.456`` -> ``0.46``, 12000 -> ``12,000``."""
    if value is None or value == "":
        return NOTHING
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if value.is_integer():
            return f"{int(value):,}"
        return f"{value:,.{digits}f}".rstrip("0").rstrip(".")
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def text(value) -> str:
    """A stored text, or a dash for none."""
    return NOTHING if value is None or str(value).strip() == "" else str(value)


def words(code) -> str:
    """An internal code as words: ``civil_defence`` -> ``civil defence``."""
    return NOTHING if not code else str(code).replace("_", " ")


def figure(low, high, qualifier: str | None = None) -> str:
    """A claim's figure as its claimant put it: "more than 21", "4–6", "about 12", "dozens"."""
    qualifier = qualifier or "exact"
    if low is None and high is None:
        return VAGUE.get(qualifier, words(qualifier))
    if low is None:
        return f"up to {number(high)}" if qualifier == "up_to" else f"at most {number(high)}"
    if high is not None and high != low:
        return f"{number(low)}–{number(high)}"
    return QUALIFIER_WORDS.get(qualifier, "{n}").format(n=number(low))


def toll(low, best, high) -> str:
    """A reconciled toll: "12" when the figures agree, "12 (9–15)" when they do not, a dash when none."""
    if best is None and low is None and high is None:
        return NOTHING
    if best is None:
        return figure(low, high)
    if (low is None or low == best) and (high is None or high == best):
        return number(best)
    return f"{number(best)} ({number(low if low is not None else best)}–{number(high if high is not None else best)})"


_WHOLE_DECIMAL = re.compile(r"(?<![\d.])(\d+)\.0(?![\d])")


def plain_numbers(value) -> str:
    """A stored sentence (a flag, a reason) with ``19.0`` written ``19``."""
    return _WHOLE_DECIMAL.sub(r"\1", text(value))


def day(value) -> Markup:
    """A date isolated from the text around it (``<bdi dir="ltr">``), so that an Arabic title beside it
    does not reorder its parts; a dash for none."""
    if value is None or value == "":
        return Markup(f'<span class="none">{NOTHING}</span>')
    shown = value.isoformat() if isinstance(value, date) else str(value)
    return Markup('<bdi dir="ltr" class="date">{}</bdi>').format(escape(shown))


STATUS_WORDS = {"machine": "not reviewed"}


def status(value) -> str:
    """A review status as the dashboard says it (``machine``: not reviewed)."""
    return STATUS_WORDS.get(value, words(value))


def incident_title(row: dict) -> str:
    """What happened, where, when: "Air/drone strike, Douma, 2015-08-16" (the parts known)."""
    parts = [row.get("sub_event_type") or row.get("event_type") or "Incident", row.get("location_name"),
             row.get("date") or "undated"]
    return ", ".join(str(p) for p in parts if p)


def install(env) -> None:
    """Register the functions as Jinja filters of ``env``."""
    env.filters.update(number=number, text=text, words=words, plain=plain_numbers, day=day, status=status,
                       incident_title=incident_title)
    env.globals.update(figure=figure, toll=toll, NOTHING=NOTHING)
