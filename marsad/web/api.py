"""The JSON API under ``/api`` (documented at ``/docs`` and ``/openapi.json``)."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from ..extraction.claimants import claimant_list
from ..jobs.batch import ingest_documents
from ..linking.incidents import link_database
from ..reading.inputs import read_row
from ..storage import DatabaseBusy
from .body import changes_field, json_object, read_json, text_field
from .lists import DocumentFilters, DocumentSort, IncidentSort, facets, select_documents, select_incidents
from .names import folded
from .query import EventFilter, EventSort, FilterError, Filters, no_unknown_parameters, select_events
from .security import token_ok

router = APIRouter(prefix="/api", tags=["api"], dependencies=[Depends(no_unknown_parameters)])
_WRITE_ANSWERS = {400: {"description": "a field of the body that cannot be used: {error, field}"},
                  401: {"description": "no write token, or the wrong one"},
                  403: {"description": "the server is read-only (no write token is configured)"},
                  413: {"description": "the body is past the server's limit"}}
_READ_ANSWERS = {400: {"description": "a parameter that cannot be used, or one the endpoint does not have: "
                                      "{error, param}"}}
EVENT_KEYS = ("id", "doc_id", "doc_key", "incident_id", "salience", "status", "date", "date_precision",
              "event_type", "sub_event_type", "actor1", "actor2", "location_name", "admin1", "lat", "lon",
              "geo_precision", "location_confidence", "fatalities_low", "fatalities_best", "fatalities_high",
              "evidence", "language", "publisher", "published")
CLAIM_KINDS = ("killed", "injured", "captured", "missing", "displaced")


def _store(request: Request):
    return request.app.state.store


def _page(items: list, total: int, f: EventFilter) -> dict:
    return {"total": total, "limit": f.limit, "offset": f.offset, "items": items}


def event_json(ev: dict) -> dict:
    return {k: ev.get(k) for k in EVENT_KEYS}


def _require_token(request: Request) -> None:
    """Refuse a write without the token; called before the body is read."""
    if not request.app.state.write_token:
        raise HTTPException(status_code=403, detail="this server is read-only: no write token is configured")
    given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
    if not token_ok(request.app, given):
        raise HTTPException(status_code=401, detail="a valid write token is needed (Authorization: Bearer ...)")


@router.get("/events", summary="Events, reviewed, with filters, sorting and pagination", responses=_READ_ANSWERS)
def events(request: Request, f: Filters,
           sort: EventSort = None) -> dict:
    """Every filter is a query parameter (listed below); those that take several values take the parameter
    repeated, and an event passes with any of them. An unknown parameter is a 400 naming it."""
    items, total = select_events(_store(request), f)
    return _page([event_json(e) for e in items], total, f)


@router.get("/facets", summary="Counts of the filtered events by type, sub-type, governorate, actor, outlet and "
                                "review status", responses=_READ_ANSWERS)
def event_facets(request: Request, f: Filters) -> dict:
    """Each facet names the filter its values set (``param``): adding ``param=value`` narrows the events
    to those counted."""
    chosen, total = select_events(_store(request), f, paginate=False, sort=False)
    return {"total": total, "facets": facets(chosen)}


@router.get("/events/{event_id}", summary="One event with its claims and its review history")
def event(request: Request, event_id: str) -> dict:
    store = _store(request)
    ev = store.event(event_id)
    if ev is None:
        raise HTTPException(status_code=404, detail=f"no event {event_id!r}")
    return {**event_json(ev), "machine": ev["machine"], "claims": store.claims_of(event_id),
            "corrections": store.corrections("event", event_id)}


def claim_filter(
        kind: Annotated[list[str], Query(description="killed, injured, captured, missing or displaced (several: "
                                                     "repeat the parameter)",
                                         json_schema_extra={"items": {"type": "string", "enum": list(CLAIM_KINDS)}})
                        ] = (),
        claimant: Annotated[list[str], Query(description="who made the claim, as stored, case ignored (several: "
                                                         "repeat the parameter)")] = (),
        claimant_type: Annotated[list[str], Query(description="the claimant's type in the claimant list (monitor, "
                                                              "state_media, medical, ...; several: repeat the "
                                                              "parameter)")] = ()) -> tuple[set, set, set]:
    """The claim filters (a FastAPI dependency): ``(kinds, claimants folded, types)``."""
    types = claimant_list().types
    for value in kind:
        if value not in CLAIM_KINDS:
            raise FilterError("kind", f"{value!r} is not one of {', '.join(CLAIM_KINDS)}")
    for value in claimant_type:
        if value not in types:
            raise FilterError("claimant_type", f"{value!r} is not one of {', '.join(types)}")
    return set(kind), {folded(c) for c in claimant}, set(claimant_type)


ClaimFilters = Annotated[tuple, Depends(claim_filter)]


def claims_of_events(store, chosen: list[dict], wanted) -> list[dict]:
    kinds, claimants, types = wanted
    ids = {e["id"] for e in chosen}
    return [c for c in store.all_claims() if c["event_id"] in ids
            and (not kinds or c["kind"] in kinds) and (not claimants or folded(c["claimant"]) in claimants)
            and (not types or c["claimant_type"] in types)]


@router.get("/claims", summary="Casualty claims of the filtered events", responses=_READ_ANSWERS)
def claims(request: Request, f: Filters, wanted: ClaimFilters) -> dict:
    """Each claim with its claimant's type (``claimant_type``), channel (``via``), ``scope`` and ``period``,
    ``part_of`` (the start of its total's claim) and ``added``."""
    chosen, _ = select_events(_store(request), f, paginate=False, sort=False)
    items = claims_of_events(_store(request), chosen, wanted)
    return _page(items[f.offset:f.offset + f.limit], len(items), f)


@router.get("/documents", summary="Documents, with filters, sorting and pagination", responses=_READ_ANSWERS)
def documents(request: Request, f: DocumentFilters,
              sort: DocumentSort = None) -> dict:
    """Without ``sort``, by date; with ``q`` and no ``sort``, the best match first."""
    rows, total = select_documents(_store(request), f)
    return _page(rows, total, f)


@router.get("/documents/{doc_id}", summary="One document: text, paragraphs, events and claims")
def document(request: Request, doc_id: str) -> dict:
    store = _store(request)
    row = store.document(doc_id)
    if row is None:
        raise HTTPException(status_code=404, detail=f"no document {doc_id!r}")
    for private in ("raw", "search_text", "source"):
        row.pop(private, None)
    row["events"] = [event_json(e) for e in store.reviewed_events() if e["doc_id"] == row["id"]]
    return row


@router.get("/incidents", summary="Incidents with their reconciled figures, filtered by their events",
            responses=_READ_ANSWERS)
def incidents(request: Request, f: Filters,
              sort: IncidentSort = None) -> dict:
    """An incident is listed when one of its events passes the filters; each has a ``title`` ("Air/drone
    strike, Douma, 2015-08-16") and its ``flags``. Without ``sort``, those told by most reports first."""
    rows, total = select_incidents(_store(request), f)
    return _page(rows, total, f)


@router.get("/incidents/{incident_id}", summary="One incident: its events, every claim, reconciled figures")
def incident(request: Request, incident_id: str) -> dict:
    store = _store(request)
    row = store.incident(incident_id)
    events = [e for e in store.reviewed_events() if e["incident_id"] == incident_id]
    if row is None and not events:
        raise HTTPException(status_code=404, detail=f"no incident {incident_id!r}")
    return {"incident": row, "events": [event_json(e) for e in events],
            "corrections": store.corrections("incident", incident_id)}


@router.get("/sources", summary="Outlet profiles")
def sources(request: Request) -> dict:
    rows = _store(request).outlet_profiles()
    return {"total": len(rows), "items": rows}


def outlet_profile(store, outlet: str) -> dict | None:
    """An outlet's profile by its name, else by its name with case ignored."""
    rows = store.outlet_profiles()
    return (next((r for r in rows if r["outlet"] == outlet), None)
            or next((r for r in rows if folded(r["outlet"]) == folded(outlet)), None))


@router.get("/sources/{outlet:path}", summary="One outlet's profile (its name with case ignored)")
def source(request: Request, outlet: str) -> dict:
    row = outlet_profile(_store(request), outlet)
    if row is None:
        raise HTTPException(status_code=404, detail=f"no outlet {outlet!r}")
    return row


def _json_body(description: str) -> dict:
    return {"requestBody": {"required": True, "description": description,
                            "content": {"application/json": {"schema": {}}}}}


@router.post("/documents", summary="Ingest documents (needs the write token)", status_code=201,
             responses=_WRITE_ANSWERS,
             openapi_extra=_json_body("a document object or a list of them: {text, id?, title?, url?, publisher?, "
                                      "published?, language?}; the body may hold up to the server's limit "
                                      "(413 past it)"))
async def post_documents(request: Request) -> JSONResponse:
    _require_token(request)  # before a byte of the body is read
    payload = await read_json(request)
    return await run_in_threadpool(_ingest, _store(request), payload if isinstance(payload, list) else [payload])


def _ingest(store, rows: list) -> JSONResponse:
    # Each row is read as a JSON Lines row is: a bad one is rejected in the report, the rest are stored.
    docs = [read_row(row, f"api:{n}", f"api-{n}") for n, row in enumerate(rows)]
    try:
        with store.writing("ingest (API)", wait=False):
            report = ingest_documents(docs, store)
            if report.new or store.unlinked_count():
                link_database(store)  # new reports join the incidents already stored
    except DatabaseBusy as exc:
        return JSONResponse(status_code=409, content={"error": exc.public})  # no path, pid or host name
    nothing_taken = report.rejected and not report.new and not report.duplicates
    return JSONResponse(status_code=422 if nothing_taken else 201, content=report.as_dict())


@router.post("/events/{event_id}/review", summary="Confirm, correct, reject or split an event (write token)",
             responses=_WRITE_ANSWERS,
             openapi_extra=_json_body('{"action": "confirm|correct|reject|split", "who": ..., "why": ..., '
                                      '"changes": {field: value}}'))
async def review_event(request: Request, event_id: str) -> dict:
    """Body: {"action": "confirm|correct|reject|split", "who": ..., "why": ..., "changes": {field: value}};
    each value of ``changes`` a string, a whole number or null."""
    _require_token(request)
    body = json_object(await read_json(request))
    action, who = text_field(body, "action", required=True), text_field(body, "who")
    why, changes = text_field(body, "why"), changes_field(body)
    return await run_in_threadpool(_store(request).review, "event", event_id, action, who=who, why=why,
                                   changes=changes)


@router.post("/incidents/{incident_id}/merge", summary="Merge an incident into another (write token)",
             responses=_WRITE_ANSWERS,
             openapi_extra=_json_body('{"into": other incident id, "who": ..., "why": ...}'))
async def merge_incident(request: Request, incident_id: str) -> dict:
    """Body: {"into": other incident id, "who": ..., "why": ...}."""
    _require_token(request)
    body = json_object(await read_json(request))
    into, who = text_field(body, "into", required=True), text_field(body, "who")
    return await run_in_threadpool(_store(request).review, "incident", incident_id, "merge", who=who,
                                   why=text_field(body, "why"), changes={"into": into})

