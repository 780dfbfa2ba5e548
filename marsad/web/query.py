"""Filtering events for the API, the dashboard and the exports: one set of filters, one function.

:func:`event_filter` is the filters as FastAPI declares them (typed query parameters, so the OpenAPI
description lists them); :func:`parse_filters` checks what types cannot (closed lists, a box, a search,
dates in order) and names the parameter in any error; :func:`select_events` applies the filters to the
reviewed events (:meth:`Store.reviewed_events`), sorts them and returns one page with the total. Filters
marked "several" take repeated parameters (``event_type=Battles&event_type=Riots``): an event passes
when it has any of the values. Actor and place values are read through the knowledge (:mod:`.names`).
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Annotated, Any, Mapping
from urllib.parse import urlencode

from fastapi import Depends, Query, Request

from ..extraction.datafiles import DATA
from ..storage import Store
from ..storage.search import MAX_HITS, MAX_QUERY_WORDS, SearchError, search_terms
from .names import actor_names, folded, in_place, place_query

MAX_LIMIT = 1000
SALIENCES = ("main", "secondary", "background")
STATUSES = ("machine", "confirmed", "corrected", "rejected")
LANGUAGES = ("ar", "en")
MULTI = ("event_type", "sub_event_type", "actor", "place", "language", "outlet", "salience", "status",
         "incident_id")


def taxonomy() -> dict[str, tuple[str, ...]]:
    """ACLED's event types and their sub-event types (``extraction/data/acled.json``)."""
    return {t: tuple(subs) for t, subs in DATA.load("acled")["types"].items()}


class FilterError(ValueError):
    """A filter value that cannot be read; ``param`` names it."""

    def __init__(self, param: str, problem: str):
        self.param = param
        super().__init__(f"parameter {param!r}: {problem}")


@dataclass(frozen=True, kw_only=True)
class EventFilter:
    date_from: date | None = None
    date_to: date | None = None
    event_type: tuple[str, ...] = ()
    sub_event_type: tuple[str, ...] = ()
    actor: tuple[str, ...] = ()
    place: tuple[str, ...] = ()
    bbox: tuple[float, float, float, float] | None = None  # west, south, east, north
    language: tuple[str, ...] = ()
    outlet: tuple[str, ...] = ()
    q: str | None = None
    salience: tuple[str, ...] = ()
    status: tuple[str, ...] = ()
    min_fatalities: int | None = None
    incident_id: tuple[str, ...] = ()
    include_rejected: bool = False
    sort: str | None = None
    limit: int = 100
    offset: int = 0
    view: tuple[tuple[str, str], ...] = ()  # a page's own parameters its links keep (``timeline=month``); no filter

    def pairs(self, **override) -> list[tuple[str, str]]:
        """The filters as URL query parameters (repeated for several values), ``override`` applied, then the
        page's ``view`` parameters (``view=()`` leaves them out, as a link to the API must)."""
        found = []
        for f in fields(self):
            value = override.get(f.name, getattr(self, f.name))
            if value in (None, False, "", ()) or (f.name == "limit" and value == 100) or (f.name == "offset"
                                                                                         and not value):
                continue
            if f.name == "view":
                found += [(k, v) for k, v in value]
            elif f.name == "bbox":
                found.append((f.name, ",".join(f"{x:g}" for x in value)))
            elif isinstance(value, tuple):
                found += [(f.name, str(v)) for v in value]
            else:
                found.append((f.name, "1" if value is True else str(value)))
        return found

    def query_string(self, **override) -> str:
        """The filters as a URL query (for links that keep them)."""
        return urlencode(self.pairs(**override))

    def with_value(self, name: str, value: str) -> str:
        """The query string with ``value`` added to the filter ``name`` (a facet's link), from the first page."""
        current = getattr(self, name)
        return self.query_string(**{name: current if value in current else (*current, value), "offset": 0})

    def without_value(self, name: str, value: str) -> str:
        return self.query_string(**{name: tuple(v for v in getattr(self, name) if v != value), "offset": 0})

    def sorted_by(self, column: str) -> str:
        """The query string sorting by ``column``, the other way round when it is already sorted by it."""
        return self.query_string(sort=f"-{column}" if self.sort == column else column, offset=0)


def _date(name: str, value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise FilterError(name, f"{value!r} is not a date YYYY-MM-DD") from None


def _int(name: str, value: Any, default: int | None, low: int, high: int) -> int | None:
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise FilterError(name, f"{value!r} is not a whole number") from None
    if not low <= number <= high:
        raise FilterError(name, f"{number} is not between {low} and {high}")
    return number


def _values(params: Mapping[str, Any], name: str) -> tuple[str, ...]:
    """Every non-empty value of a parameter (repeated parameters of a query, or a list, or one string)."""
    if hasattr(params, "getlist"):
        raw = params.getlist(name)
    else:
        raw = params.get(name)
        raw = [] if raw is None else raw if isinstance(raw, (list, tuple)) else [raw]
    seen: list[str] = []
    for value in raw:
        value = str(value).strip()
        if value and value not in seen:
            seen.append(value)
    return tuple(seen)


def _closed(name: str, values: tuple[str, ...], allowed, what: str) -> tuple[str, ...]:
    for value in values:
        if value not in allowed:
            raise FilterError(name, f"{value!r} is not one of {what}")
    return values


def _bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if not value:
        return None
    try:
        west, south, east, north = (float(x) for x in str(value).split(","))
    except ValueError:
        raise FilterError("bbox", "expected four numbers: west,south,east,north") from None
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise FilterError("bbox", "expected west ≤ east and south ≤ north, in degrees")
    return west, south, east, north


def _one(params: Mapping[str, Any], name: str) -> str | None:
    values = _values(params, name)
    return values[-1] if values else None


def parse_filters(params: Mapping[str, Any]) -> EventFilter:
    """Filters from query parameters; unknown values of closed lists are errors, not empty results."""
    types = taxonomy()
    subs = {s for ss in types.values() for s in ss}
    q = _one(params, "q")
    if q:
        try:
            search_terms(q)
        except SearchError as exc:
            raise FilterError("q", str(exc)) from None
    date_from, date_to = _date("date_from", _one(params, "date_from")), _date("date_to", _one(params, "date_to"))
    if date_from and date_to and date_from > date_to:
        raise FilterError("date_to", "is before date_from")
    return EventFilter(
        date_from=date_from, date_to=date_to,
        event_type=_closed("event_type", _values(params, "event_type"), types, "ACLED's event types"),
        sub_event_type=_closed("sub_event_type", _values(params, "sub_event_type"), subs, "ACLED's sub-event types"),
        actor=_values(params, "actor"), place=_values(params, "place"), bbox=_bbox(_one(params, "bbox")),
        language=_values(params, "language"), outlet=_values(params, "outlet"), q=q,
        salience=_closed("salience", _values(params, "salience"), SALIENCES, ", ".join(SALIENCES)),
        status=_closed("status", _values(params, "status"), STATUSES, ", ".join(STATUSES)),
        min_fatalities=_int("min_fatalities", _one(params, "min_fatalities"), None, 0, 10**9),
        incident_id=_values(params, "incident_id"),
        include_rejected=str(_one(params, "include_rejected") or "").lower() in ("1", "true", "yes", "on"),
        sort=_one(params, "sort"), limit=_int("limit", _one(params, "limit"), 100, 1, MAX_LIMIT),
        offset=_int("offset", _one(params, "offset"), 0, 0, 10**9))


def _several(description: str, enum: list[str] | None = None) -> Any:
    extra = {"items": {"type": "string", "enum": enum}} if enum else None
    return Query(description=description + " (several: repeat the parameter)", json_schema_extra=extra)


_SUBS = [s for subs in taxonomy().values() for s in subs]
Several = list[str]


def event_filter(
        request: Request,
        date_from: Annotated[date | None, Query(description="events on or after this day (YYYY-MM-DD)")] = None,
        date_to: Annotated[date | None, Query(description="events on or before this day (YYYY-MM-DD)")] = None,
        event_type: Annotated[Several, _several("ACLED's event type", list(taxonomy()))] = (),
        sub_event_type: Annotated[Several, _several("ACLED's sub-event type", _SUBS)] = (),
        actor: Annotated[Several, _several("an actor, either side, by any of its names in Arabic or English (SDF, "
                                           "قسد, Syrian Democratic Forces), with its sub-units (the YPG with the "
                                           "SDF)")] = (),
        place: Annotated[Several, _several("a place or governorate by any of its names in Arabic or English "
                                           "(أعزاز, Azaz): the events there or inside it")] = (),
        bbox: Annotated[str | None, Query(description="west,south,east,north in degrees")] = None,
        language: Annotated[Several, _several("the report's language", list(LANGUAGES))] = (),
        outlet: Annotated[Several, _several("the outlet that published the report (case ignored)")] = (),
        q: Annotated[str | None, Query(description=f"full text, Arabic or English: every word must match; at most "
                                                   f"{MAX_QUERY_WORDS} words; the best {MAX_HITS:,} matching "
                                                   "documents are kept")] = None,
        salience: Annotated[Several, _several("main, secondary or background", list(SALIENCES))] = (),
        status: Annotated[Several, _several("the review status", list(STATUSES))] = (),
        min_fatalities: Annotated[int | None, Query(ge=0, description="events whose best death toll is at least "
                                                                      "this")] = None,
        incident_id: Annotated[Several, _several("the events of an incident")] = (),
        include_rejected: Annotated[bool, Query(description="keep events an analyst rejected")] = False,
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"items per page, 1 to {MAX_LIMIT}")] = 100,
        offset: Annotated[int, Query(ge=0, le=10**9, description="items to skip")] = 0) -> EventFilter:
    """The filters of a request (a FastAPI dependency: it declares them, :func:`parse_filters` reads them).
    A list that sorts declares ``sort`` itself (:func:`sort_parameter`), its columns being its own."""
    return parse_filters(request.query_params)


Filters = Annotated[EventFilter, Depends(event_filter)]


def _matches(ev: dict, f: EventFilter, found_docs: set[str] | None, places: list, actors: frozenset[str]) -> bool:
    day = date.fromisoformat(ev["date"]) if ev["date"] else None
    if (f.date_from or f.date_to) and day is None:
        return False
    if f.date_from and day < f.date_from or f.date_to and day > f.date_to:
        return False
    if (f.event_type and ev["event_type"] not in f.event_type
            or f.sub_event_type and ev["sub_event_type"] not in f.sub_event_type):
        return False
    if actors and folded(ev["actor1"]) not in actors and folded(ev["actor2"]) not in actors:
        return False
    if places and not any(in_place(ev, p) for p in places):
        return False
    if f.bbox:
        west, south, east, north = f.bbox
        if ev["lat"] is None or not (south <= ev["lat"] <= north and west <= ev["lon"] <= east):
            return False
    if f.language and ev["language"] not in f.language:
        return False
    if f.outlet and folded(ev["publisher"]) not in {folded(o) for o in f.outlet}:
        return False
    if f.salience and ev["salience"] not in f.salience or f.incident_id and ev["incident_id"] not in f.incident_id:
        return False
    if f.min_fatalities is not None and (ev["fatalities_best"] or 0) < f.min_fatalities:
        return False
    if found_docs is not None and ev["doc_id"] not in found_docs:
        return False
    if f.status:
        return ev["status"] in f.status
    return f.include_rejected or ev["status"] != "rejected"


def search_ids(store: Store, q: str) -> list[str]:
    """The ids of the documents that best match ``q`` (at most :data:`MAX_HITS`, best first; no snippets)."""
    try:
        return [hit.id for hit in store.search(q, limit=MAX_HITS, snippets=False)]
    except SearchError as exc:
        raise FilterError("q", str(exc)) from None


EVENT_SORTS = {  # the columns an event list sorts by
    "date": lambda e: e["date"], "type": lambda e: (e["event_type"] or "", e["sub_event_type"] or ""),
    "actor": lambda e: folded(e["actor1"]) or None, "place": lambda e: folded(e["location_name"]) or None,
    "killed": lambda e: e["fatalities_best"], "outlet": lambda e: folded(e["publisher"]) or None,
    "status": lambda e: e["status"]}


def sort_parameter(sorts: Mapping[str, Any]) -> Any:
    """The ``sort`` parameter of a list sorted by the columns ``sorts``, for ``Annotated[str | None, ...]``."""
    return Query(description=f"sort by one of {', '.join(sorts)}; '-' before it for the largest or latest "
                                   "first (rows without a value stay last)")


def sort_rows(rows: list[dict], sort: str | None, sorts: Mapping[str, Any]) -> list[dict]:
    """``rows`` sorted by ``sort`` (a column of ``sorts``, '-' before it for the largest first; rows without a
    value last either way), else as they are. The sort is stable: rows of one value keep their order."""
    if not sort:
        return rows
    key = sorts.get(sort.removeprefix("-"))
    if key is None:
        raise FilterError("sort", f"{sort!r} is not one of {', '.join(sorts)} (with '-' before it: largest first)")
    known = [r for r in rows if key(r) is not None]
    return sorted(known, key=key, reverse=sort.startswith("-")) + [r for r in rows if key(r) is None]


EventSort = Annotated[str | None, sort_parameter(EVENT_SORTS)]


def select_events(store: Store, f: EventFilter, *, paginate: bool = True,
                  sort: bool = True) -> tuple[list[dict], int]:
    """The reviewed events that pass the filters, sorted by ``f.sort`` unless ``sort`` is False (a list of
    something else sorts by its own columns), one page of them unless ``paginate`` is False, and how many
    pass in all. With ``q``, the events of the best-matching documents (see :func:`search_ids`)."""
    found = set(search_ids(store, f.q)) if f.q else None
    places = [place_query(p) for p in f.place]
    actors = frozenset().union(*(actor_names(a) for a in f.actor)) if f.actor else frozenset()
    chosen = [ev for ev in store.reviewed_events() if _matches(ev, f, found, places, actors)]
    if sort:
        chosen = sort_rows(chosen, f.sort, EVENT_SORTS)
    if not paginate:
        return chosen, len(chosen)
    return chosen[f.offset:f.offset + f.limit], len(chosen)


def _declared(dependant) -> set[str]:
    names = {p.alias for p in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _declared(sub)
    return names


def no_unknown_parameters(request: Request) -> None:
    """Refuse a query parameter the route does not declare (a FastAPI dependency of every router): a
    misspelt filter (``eventtype=Battles``) is a 400 naming it, never a filter silently left out."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    known = _declared(dependant)
    for name in request.query_params:
        if name not in known:
            listed = ", ".join(sorted(known)) or "none"
            raise FilterError(name, f"is not a parameter of {request.url.path} (its parameters: {listed})")


class EmptyParameters:
    """ASGI middleware: a query parameter with an empty value (``date_from=``, as a form sends a field left
    blank) is no filter, so it is dropped before the parameters are read."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and scope.get("query_string"):
            pairs = [p for p in scope["query_string"].split(b"&") if p and p.partition(b"=")[1:] != (b"=", b"")]
            scope = {**scope, "query_string": b"&".join(pairs)}
        await self.app(scope, receive, send)
