"""The dashboard: server-rendered pages over the same queries as the API."""
from __future__ import annotations

from dataclasses import replace

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse

from ..extraction.claimants import claimant_type
from .api import outlet_profile
from .lists import DocumentFilters, DocumentSort, IncidentSort, facets, select_documents, select_incidents
from .query import (
    LANGUAGES,
    SALIENCES,
    STATUSES,
    EventFilter,
    EventSort,
    FilterError,
    Filters,
    no_unknown_parameters,
    select_events,
    taxonomy,
)
from .readable import figure, toll, words
from .reference import operations
from .review import render_with_csrf
from .timeline import BINS, colour
from .timeline import timeline as draw_timeline

router = APIRouter(include_in_schema=False, dependencies=[Depends(no_unknown_parameters)])
FACETS_SHOWN = 12  # values of a facet shown on the dashboard


def _render(request: Request, template: str, status: int = 200, **context) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(request, template, context, status_code=status)


def _sources(incident: dict) -> list[str]:
    """The outlets whose reports give the incident's figures, as its reconciliation keeps them."""
    reconciled = incident.get("summary", {}).get("reconciled", {})
    return sorted({c["outlet"] for rec in reconciled.values() for c in rec.get("claims", []) if c.get("outlet")})


def _paging(f: EventFilter, total: int) -> dict:
    return {"total": total, "first": f.offset + 1 if total else 0, "last": min(total, f.offset + f.limit),
            "next": f.query_string(offset=f.offset + f.limit) if f.offset + f.limit < total else None,
            "prev": f.query_string(offset=max(0, f.offset - f.limit)) if f.offset else None}


def _form_choices() -> dict:
    return {"taxonomy": taxonomy(), "languages": LANGUAGES, "saliences": SALIENCES, "statuses": STATUSES}


@router.get("/", response_class=HTMLResponse)
def index(request: Request, f: Filters, sort: EventSort = None, timeline: str | None = None) -> HTMLResponse:
    """The events: map, timeline (by ``timeline``: day, week or month; by default by the span), facets, table.
    The table, facets and timeline hold the events in ``bbox``; the map shows every event the other filters
    keep, so that it can be moved back over the ones outside (the page's script fetches the page for the new
    area and puts its table, counts, facets and timeline in place)."""
    if timeline is not None and timeline not in BINS:
        raise FilterError("timeline", f"{timeline!r} is not one of {', '.join(BINS)}")
    if timeline:
        f = replace(f, view=(("timeline", timeline),))  # every link of the page keeps the timeline's unit
    store = request.app.state.store
    chosen, total = select_events(store, f, paginate=False)
    mapped = select_events(store, replace(f, bbox=None), paginate=False, sort=False)[0] if f.bbox else chosen
    page = chosen[f.offset:f.offset + f.limit]
    incident_tolls = {r["id"]: {"toll": toll(r["fatalities_low"], r["fatalities_best"], r["fatalities_high"]),
                                "reports": r["reports"], "sources": _sources(r)} for r in store.incidents()}
    points = [{"lat": e["lat"], "lon": e["lon"], "type": e["event_type"], "sub": e["sub_event_type"],
               "date": e["date"], "place": e["location_name"], "incident": e["incident_id"], "doc": e["doc_id"],
               "killed": e["fatalities_best"], "colour": colour(e["event_type"]),
               **incident_tolls.get(e["incident_id"], {})}
              for e in mapped if e["lat"] is not None]
    return _render(request, "index.html", f=f, events=page, points=points, timeline=draw_timeline(chosen, timeline),
                   facets=facets(chosen), facets_shown=FACETS_SHOWN, qs=f.query_string(view=()),
                   paging=_paging(f, total), **_form_choices())


@router.get("/incidents", response_class=HTMLResponse)
def incidents(request: Request, f: Filters,
              sort: IncidentSort = None) -> HTMLResponse:
    rows, total = select_incidents(request.app.state.store, f)
    return _render(request, "incidents.html", f=f, rows=rows, qs=f.query_string(), paging=_paging(f, total),
                   **_form_choices())


@router.get("/documents", response_class=HTMLResponse)
def documents(request: Request, f: DocumentFilters,
              sort: DocumentSort = None) -> HTMLResponse:
    rows, total = select_documents(request.app.state.store, f)
    return _render(request, "documents.html", f=f, rows=rows, qs=f.query_string(), paging=_paging(f, total),
                   languages=LANGUAGES)


@router.get("/incidents/{incident_id}", response_class=HTMLResponse)
def incident(request: Request, incident_id: str) -> HTMLResponse:
    store = request.app.state.store
    row = store.incident(incident_id)
    events = [e for e in store.reviewed_events() if e["incident_id"] == incident_id]
    if row is None and not events:
        raise HTTPException(status_code=404, detail=f"no incident {incident_id!r}")
    reconciled = (row or {}).get("summary", {}).get("reconciled", {}) if row else {}
    for rec in reconciled.values():  # the type as the claimant list says now (a link before it kept none)
        for claim in rec.get("claims", []):
            claim["claimant_type"] = claimant_type(claim.get("claimant"))
    return render_with_csrf(request, "incident.html", incident_id=incident_id, row=row, events=events,
                            reconciled=reconciled)


def _pieces(text: str, marks: list[tuple[int, int, str, str]]) -> list[dict]:
    """The text cut into plain and highlighted pieces (claims inside event evidence stay claims)."""
    label = [None] * (len(text) + 1)
    for start, end, kind, title in sorted(marks, key=lambda m: m[2] == "claim"):
        for i in range(max(0, start), min(len(text), end)):
            label[i] = (kind, title)
    pieces, cursor = [], 0
    for i in range(1, len(text) + 1):
        if i == len(text) or label[i] != label[cursor]:
            mark = label[cursor]
            pieces.append({"text": text[cursor:i], "mark": mark[0] if mark else None, "title": mark[1] if mark else ""})
            cursor = i
    return pieces


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document(request: Request, doc_id: str) -> HTMLResponse:
    store = request.app.state.store
    doc = store.document(doc_id)
    if doc is None:
        raise HTTPException(status_code=404, detail=f"no document {doc_id!r}")
    events = [e for e in store.reviewed_events() if e["doc_id"] == doc["id"]]
    marks = [(e["evidence_start"], e["evidence_end"], "event", e["sub_event_type"]) for e in events]
    for e in events:
        marks += [(c["evidence_start"], c["evidence_end"], "claim",
                   f'{c["kind"]}: {figure(c["low"], c["high"], c["qualifier"])} · {c["claimant"]} '
                   f'({words(c["claimant_type"])})')
                  for c in store.claims_of(e["id"])]
    return _render(request, "document.html", doc=doc, events=events, pieces=_pieces(doc["text"], marks))


@router.get("/sources", response_class=HTMLResponse)
def sources(request: Request, outlet: str | None = None) -> HTMLResponse:
    """Every outlet, or with ``?outlet=`` one outlet's page (the form the links use: a query keeps any
    name whole, where a path would lose a ``/`` or a name such as ``..``)."""
    if outlet is not None:
        return source(request, outlet)
    rows = request.app.state.store.outlet_profiles()
    return _render(request, "source.html", title="sources", rows=rows, documents=[])


@router.get("/sources/{outlet:path}", response_class=HTMLResponse)
def source(request: Request, outlet: str) -> HTMLResponse:
    store = request.app.state.store
    row = outlet_profile(store, outlet)
    if row is None:
        raise HTTPException(status_code=404, detail=f"no outlet {outlet!r}")
    documents = [d for d in store.documents() if d["publisher"] == row["outlet"]]
    return _render(request, "source.html", title=row["outlet"], rows=[row], documents=documents)


@router.get("/docs", response_class=HTMLResponse)
def api_reference(request: Request) -> HTMLResponse:
    spec = request.app.openapi()
    return _render(request, "api.html", spec=spec, operations=operations(spec))
