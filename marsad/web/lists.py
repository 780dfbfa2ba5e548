"""The lists the API and the dashboard share besides events: facets of the filtered events, incidents and
documents, each filtered, sorted and paged one way (see :mod:`.query` for the filters). An actor's facet
counts its sub-units' events too, as its filter finds them."""
from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Annotated, Any, Callable

from fastapi import Depends, Query, Request

from ..storage import Store
from .names import folded, with_parents
from .query import (
    LANGUAGES,
    MAX_LIMIT,
    EventFilter,
    parse_filters,
    search_ids,
    select_events,
    sort_parameter,
    sort_rows,
)
from .readable import incident_title

# facet name -> (the filter its values set, the values of an event)
FACETS: dict[str, tuple[str, Callable[[dict], list]]] = {
    "event_type": ("event_type", lambda e: [e["event_type"]]),
    "sub_event_type": ("sub_event_type", lambda e: [e["sub_event_type"]]),
    "governorate": ("place", lambda e: [e["admin1"]]),
    "actor": ("actor", lambda e: list(dict.fromkeys(a for n in (e["actor1"], e["actor2"]) for a in with_parents(n)))),
    "outlet": ("outlet", lambda e: [e["publisher"]]),
    "status": ("status", lambda e: [e["status"]]),
}


def facets(events: list[dict]) -> list[dict]:
    """For each facet, its values among ``events`` with how many events have each, most first: ``[{name,
    param, values: [{value, count}]}]``."""
    found = []
    for name, (param, values_of) in FACETS.items():
        counts = Counter(v for e in events for v in values_of(e) if v)
        values = [{"value": v, "count": n} for v, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
        found.append({"name": name, "param": param, "values": values})
    return found


INCIDENT_SORTS: dict[str, Callable[[dict], Any]] = {
    "date": lambda r: r["date"], "type": lambda r: (r["event_type"] or "", r["sub_event_type"] or ""),
    "place": lambda r: folded(r["location_name"]) or None, "reports": lambda r: r["reports"],
    "outlets": lambda r: r["outlets"], "killed": lambda r: r["fatalities_best"]}


def incident_flags(row: dict) -> list[str]:
    return list(row.get("summary", {}).get("reconciled", {}).get("killed", {}).get("flags", []))


def select_incidents(store: Store, f: EventFilter, *, paginate: bool = True) -> tuple[list[dict], int]:
    """The incidents one of whose events passes the filters, each with its ``title`` and ``flags``, sorted
    by ``f.sort`` (a column of :data:`INCIDENT_SORTS`; by default those told by most reports first), one
    page of them unless ``paginate`` is False, and how many in all."""
    chosen, _ = select_events(store, f, paginate=False, sort=False)
    wanted = {e["incident_id"] for e in chosen}
    rows = [r for r in store.incidents() if r["id"] in wanted]
    rows.sort(key=lambda r: (-(r["reports"] or 0), r["date"] or "9999", r["id"]))
    rows = sort_rows(rows, f.sort, INCIDENT_SORTS)
    for row in rows:
        row["title"] = incident_title(row)
        row["flags"] = incident_flags(row)
    return (rows[f.offset:f.offset + f.limit] if paginate else rows), len(rows)


DOCUMENT_SORTS: dict[str, Callable[[dict], Any]] = {
    "published": lambda d: d["published"], "title": lambda d: folded(d["title"] or d["key"]) or None,
    "outlet": lambda d: folded(d["publisher"]) or None, "language": lambda d: d["language"]}


def select_documents(store: Store, f: EventFilter, *, paginate: bool = True) -> tuple[list[dict], int]:
    """Stored documents (no text) that match ``q``, ``language``, ``outlet`` (case ignored) and were
    published between ``date_from`` and ``date_to``, sorted by ``f.sort`` (a column of
    :data:`DOCUMENT_SORTS`; by default by date, the best match first with ``q``), one page unless
    ``paginate`` is False, and how many in all. Server paths are left out."""
    rows = store.documents()
    if f.q:
        rank = {doc_id: n for n, doc_id in enumerate(search_ids(store, f.q))}
        rows = sorted((r for r in rows if r["id"] in rank), key=lambda r: rank[r["id"]])
    outlets = {folded(o) for o in f.outlet}
    rows = [{k: v for k, v in r.items() if k != "source"} for r in rows
            if (not f.language or r["language"] in f.language) and (not outlets or folded(r["publisher"]) in outlets)
            and (not f.date_from or (r["published"] or "")[:10] >= f.date_from.isoformat())
            and (not f.date_to or (r["published"] or "9999")[:10] <= f.date_to.isoformat())]
    rows = sort_rows(rows, f.sort, DOCUMENT_SORTS)
    return (rows[f.offset:f.offset + f.limit] if paginate else rows), len(rows)


def document_filter(
        request: Request,
        q: Annotated[str | None, Query(description="full text, Arabic or English: every word must match")] = None,
        language: Annotated[list[str], Query(description="the report's language (several: repeat the parameter)",
                                             json_schema_extra={"items": {"type": "string",
                                                                          "enum": list(LANGUAGES)}})] = (),
        outlet: Annotated[list[str], Query(description="the outlet, case ignored (several: repeat the "
                                                       "parameter)")] = (),
        date_from: Annotated[date | None, Query(description="published on or after this day (YYYY-MM-DD)")] = None,
        date_to: Annotated[date | None, Query(description="published on or before this day (YYYY-MM-DD)")] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"items per page, 1 to {MAX_LIMIT}")] = 100,
        offset: Annotated[int, Query(ge=0, le=10**9, description="items to skip")] = 0) -> EventFilter:
    """The filters of a document list (a FastAPI dependency); a list that sorts declares ``sort`` itself."""
    return parse_filters(request.query_params)


DocumentFilters = Annotated[EventFilter, Depends(document_filter)]
DocumentSort = Annotated[str | None, sort_parameter(DOCUMENT_SORTS)]
IncidentSort = Annotated[str | None, sort_parameter(INCIDENT_SORTS)]
