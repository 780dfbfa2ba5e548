"""Filtering events for the API, the dashboard and the exports: one set of filters, one function.

:func:`parse_filters` reads the filters from strings (query parameters) and names the parameter in
any error; :func:`select_events` applies them to the reviewed events (:meth:`Store.reviewed_events`)
and returns one page of them with the total.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from ..extraction.knowledge import knowledge
from ..reading.textnorm import normalize
from ..storage import Store
from ..storage.search import MAX_HITS, MAX_QUERY_WORDS, SearchError, search_terms

MAX_LIMIT = 1000
SALIENCES = ("main", "secondary", "background")


class FilterError(ValueError):
    """A filter value that cannot be read; ``param`` names it."""

    def __init__(self, param: str, problem: str):
        self.param = param
        super().__init__(f"parameter {param!r}: {problem}")


@dataclass(frozen=True, kw_only=True)
class EventFilter:
    date_from: date | None = None
    date_to: date | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor: str | None = None
    place: str | None = None
    bbox: tuple[float, float, float, float] | None = None  # west, south, east, north
    language: str | None = None
    outlet: str | None = None
    q: str | None = None
    salience: str | None = None
    incident_id: str | None = None
    include_rejected: bool = False
    limit: int = 100
    offset: int = 0

    def query_string(self, **override) -> str:
        """The filters as URL query parameters (for links that keep them)."""
        from urllib.parse import urlencode

        values = {}
        for f in fields(self):
            value = override.get(f.name, getattr(self, f.name))
            if value in (None, False, "") or (f.name == "limit" and value == 100) or (f.name == "offset" and not value):
                continue
            values[f.name] = ",".join(map(str, value)) if f.name == "bbox" else value
        return urlencode(values)


def _date(name: str, value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise FilterError(name, f"{value!r} is not a date YYYY-MM-DD") from None


def _int(name: str, value: str | int | None, default: int, low: int, high: int) -> int:
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise FilterError(name, f"{value!r} is not a whole number") from None
    if not low <= number <= high:
        raise FilterError(name, f"{number} is not between {low} and {high}")
    return number


def parse_filters(params: dict[str, str | None]) -> EventFilter:
    """Filters from query parameters; unknown values of closed lists are errors, not empty results."""
    kb = knowledge()
    event_type = params.get("event_type") or None
    if event_type and event_type not in kb.taxonomy:
        raise FilterError("event_type", f"{event_type!r} is not one of ACLED's event types")
    sub = params.get("sub_event_type") or None
    if sub and not any(sub in subs for subs in kb.taxonomy.values()):
        raise FilterError("sub_event_type", f"{sub!r} is not one of ACLED's sub-event types")
    salience = params.get("salience") or None
    if salience and salience not in SALIENCES:
        raise FilterError("salience", f"{salience!r} is not one of {', '.join(SALIENCES)}")
    bbox = None
    if params.get("bbox"):
        try:
            west, south, east, north = (float(x) for x in str(params["bbox"]).split(","))
        except ValueError:
            raise FilterError("bbox", "expected four numbers: west,south,east,north") from None
        if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
            raise FilterError("bbox", "expected west ≤ east and south ≤ north, in degrees")
        bbox = (west, south, east, north)
    q = params.get("q") or None
    if q:
        try:
            search_terms(q)
        except SearchError as exc:
            raise FilterError("q", str(exc)) from None
    date_from, date_to = _date("date_from", params.get("date_from")), _date("date_to", params.get("date_to"))
    if date_from and date_to and date_from > date_to:
        raise FilterError("date_to", "is before date_from")
    return EventFilter(date_from=date_from, date_to=date_to, event_type=event_type, sub_event_type=sub,
                       actor=params.get("actor") or None, place=params.get("place") or None, bbox=bbox,
                       language=params.get("language") or None, outlet=params.get("outlet") or None,
                       q=q, salience=salience, incident_id=params.get("incident_id") or None,
                       include_rejected=str(params.get("include_rejected") or "").lower() in ("1", "true", "yes"),
                       limit=_int("limit", params.get("limit"), 100, 1, MAX_LIMIT),
                       offset=_int("offset", params.get("offset"), 0, 0, 10**9))


def _matches(ev: dict, f: EventFilter, found_docs: set[str] | None) -> bool:
    day = date.fromisoformat(ev["date"]) if ev["date"] else None
    if (f.date_from or f.date_to) and day is None:
        return False
    if f.date_from and day < f.date_from or f.date_to and day > f.date_to:
        return False
    if (f.event_type and ev["event_type"] != f.event_type
            or f.sub_event_type and ev["sub_event_type"] != f.sub_event_type):
        return False
    if f.actor and normalize(f.actor) not in (normalize(ev["actor1"] or ""), normalize(ev["actor2"] or "")):
        return False
    if f.place and normalize(f.place) not in {normalize(ev["location_name"] or ""), normalize(ev["admin1"] or "")}:
        return False
    if f.bbox:
        west, south, east, north = f.bbox
        if ev["lat"] is None or not (south <= ev["lat"] <= north and west <= ev["lon"] <= east):
            return False
    if f.language and ev["language"] != f.language or f.outlet and ev["publisher"] != f.outlet:
        return False
    if f.salience and ev["salience"] != f.salience or f.incident_id and ev["incident_id"] != f.incident_id:
        return False
    if found_docs is not None and ev["doc_id"] not in found_docs:
        return False
    return f.include_rejected or ev["status"] != "rejected"


def search_ids(store: Store, q: str) -> list[str]:
    """The ids of the documents that best match ``q`` (at most :data:`MAX_HITS`, best first; no snippets)."""
    try:
        return [hit.id for hit in store.search(q, limit=MAX_HITS, snippets=False)]
    except SearchError as exc:
        raise FilterError("q", str(exc)) from None


def select_events(store: Store, f: EventFilter, *, paginate: bool = True) -> tuple[list[dict], int]:
    """The reviewed events that pass the filters (one page of them unless ``paginate`` is False), and
    how many pass in all. With ``q``, the events of the best-matching documents (see :func:`search_ids`)."""
    found = set(search_ids(store, f.q)) if f.q else None
    chosen = [ev for ev in store.reviewed_events() if _matches(ev, f, found)]
    if not paginate:
        return chosen, len(chosen)
    return chosen[f.offset:f.offset + f.limit], len(chosen)


def _parameter(name: str, description: str, kind: str = "string") -> dict:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": {"type": kind}}


FILTER_PARAMETERS = [  # for the API's documentation (the filters are read by parse_filters)
    _parameter("date_from", "events on or after this day (YYYY-MM-DD)"),
    _parameter("date_to", "events on or before this day (YYYY-MM-DD)"),
    _parameter("event_type", "one of ACLED's event types"),
    _parameter("sub_event_type", "one of ACLED's sub-event types"),
    _parameter("actor", "an actor's name, either side"),
    _parameter("place", "a place's name or its governorate"),
    _parameter("bbox", "west,south,east,north in degrees"),
    _parameter("language", "the report's language (ar, en)"),
    _parameter("outlet", "the outlet that published the report"),
    _parameter("q", f"full text, Arabic or English: every word must match; at most {MAX_QUERY_WORDS} words; "
                    f"the best {MAX_HITS:,} matching documents are kept"),
    _parameter("salience", "main, secondary or background"),
    _parameter("incident_id", "the events of one incident"),
    _parameter("include_rejected", "1 to keep events an analyst rejected", "boolean"),
    _parameter("limit", f"items per page, 1 to {MAX_LIMIT}", "integer"),
    _parameter("offset", "items to skip", "integer"),
]
