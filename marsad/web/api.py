"""The JSON API under ``/api`` (documented at ``/docs`` and ``/openapi.json``)."""
from __future__ import annotations

import csv
import io
import json

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from ..extraction.claimants import claimant_list
from ..jobs.batch import ingest_documents
from ..linking.incidents import link_database
from ..reading.inputs import read_row
from ..storage import DatabaseBusy
from .body import changes_field, json_object, read_json, text_field
from .export import ACLED_COLUMNS, CLAIM_COLUMNS, acled_row, claim_rows, claims_by_event
from .query import FILTER_PARAMETERS, FilterError, parse_filters, search_ids, select_events
from .security import token_ok

router = APIRouter(prefix="/api", tags=["api"])
_FILTERS = {"parameters": FILTER_PARAMETERS}
_WRITE_ANSWERS = {400: {"description": "a field of the body that cannot be used: {error, field}"},
                  401: {"description": "no write token, or the wrong one"},
                  403: {"description": "the server is read-only (no write token is configured)"},
                  413: {"description": "the body is past the server's limit"}}
EVENT_KEYS = ("id", "doc_id", "doc_key", "incident_id", "salience", "status", "date", "date_precision",
              "event_type", "sub_event_type", "actor1", "actor2", "location_name", "admin1", "lat", "lon",
              "geo_precision", "location_confidence", "fatalities_low", "fatalities_best", "fatalities_high",
              "evidence", "language", "publisher", "published")


def _store(request: Request):
    return request.app.state.store


def _filters(request: Request):
    return parse_filters(dict(request.query_params))


def _page(items: list, total: int, f) -> dict:
    return {"total": total, "limit": f.limit, "offset": f.offset, "items": items}


def _event_json(ev: dict) -> dict:
    return {k: ev.get(k) for k in EVENT_KEYS}


def _require_token(request: Request) -> None:
    """Refuse a write without the token; called before the body is read."""
    if not request.app.state.write_token:
        raise HTTPException(status_code=403, detail="this server is read-only: no write token is configured")
    given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
    if not token_ok(request.app, given):
        raise HTTPException(status_code=401, detail="a valid write token is needed (Authorization: Bearer ...)")


@router.get("/events", summary="Events, reviewed, with filters and pagination", openapi_extra=_FILTERS)
def events(request: Request) -> dict:
    """Filters: date_from, date_to (YYYY-MM-DD), event_type, sub_event_type, actor, place (name or
    governorate), bbox (west,south,east,north), language, outlet, q (full text, Arabic or English),
    salience, incident_id, include_rejected; limit (1-1000) and offset."""
    f = _filters(request)
    items, total = select_events(_store(request), f)
    return _page([_event_json(e) for e in items], total, f)


@router.get("/events/{event_id}", summary="One event with its claims and its review history")
def event(request: Request, event_id: str) -> dict:
    store = _store(request)
    ev = store.event(event_id)
    if ev is None:
        raise HTTPException(status_code=404, detail=f"no event {event_id!r}")
    return {**_event_json(ev), "machine": ev["machine"], "claims": store.claims_of(event_id),
            "corrections": store.corrections("event", event_id)}


@router.get("/claims", summary="Casualty claims of the filtered events", openapi_extra=_FILTERS)
def claims(request: Request,
           kind: str | None = Query(None, description="killed, injured, captured, missing or displaced"),
           claimant: str | None = Query(None, description="who made the claim, as stored"),
           claimant_type: str | None = Query(None, description="the claimant's type in the claimant list "
                                                               "(monitor, state_media, medical, ...)")) -> dict:
    """Each claim with its claimant's type (``claimant_type``), channel (``via``), ``scope`` and ``period``,
    ``part_of`` (the start of its total's claim) and ``added``."""
    f = _filters(request)
    if kind and kind not in ("killed", "injured", "captured", "missing", "displaced"):
        raise FilterError("kind", f"{kind!r} is not one of killed, injured, captured, missing, displaced")
    types = claimant_list().types
    if claimant_type and claimant_type not in types:
        raise FilterError("claimant_type", f"{claimant_type!r} is not one of {', '.join(types)}")
    chosen, _ = select_events(_store(request), f, paginate=False)
    wanted = {e["id"] for e in chosen}
    items = [c for c in _store(request).all_claims() if c["event_id"] in wanted
             and (not kind or c["kind"] == kind) and (not claimant or c["claimant"] == claimant)
             and (not claimant_type or c["claimant_type"] == claimant_type)]
    return _page(items[f.offset:f.offset + f.limit], len(items), f)


@router.get("/documents", summary="Documents, with filters and pagination", openapi_extra=_FILTERS)
def documents(request: Request) -> dict:
    f = _filters(request)
    store = _store(request)
    rows = store.documents()
    if f.q:
        hits = set(search_ids(store, f.q))
        rows = [r for r in rows if r["id"] in hits]
    rows = [r for r in rows if (not f.language or r["language"] == f.language)
            and (not f.outlet or r["publisher"] == f.outlet)
            and (not f.date_from or (r["published"] or "") >= f.date_from.isoformat())
            and (not f.date_to or (r["published"] or "9999") <= f.date_to.isoformat())]
    rows = [{k: v for k, v in r.items() if k != "source"} for r in rows]  # no server paths in answers
    return _page(rows[f.offset:f.offset + f.limit], len(rows), f)


@router.get("/documents/{doc_id}", summary="One document: text, paragraphs, events and claims")
def document(request: Request, doc_id: str) -> dict:
    store = _store(request)
    row = store.document(doc_id)
    if row is None:
        raise HTTPException(status_code=404, detail=f"no document {doc_id!r}")
    for private in ("raw", "search_text", "source"):
        row.pop(private, None)
    row["events"] = [_event_json(e) for e in store.reviewed_events() if e["doc_id"] == row["id"]]
    return row


@router.get("/incidents", summary="Incidents with their reconciled figures", openapi_extra=_FILTERS)
def incidents(request: Request) -> dict:
    f = _filters(request)
    chosen, _ = select_events(_store(request), f, paginate=False)
    wanted = {e["incident_id"] for e in chosen}
    rows = [r for r in _store(request).incidents() if r["id"] in wanted]
    return _page(rows[f.offset:f.offset + f.limit], len(rows), f)


@router.get("/incidents/{incident_id}", summary="One incident: its events, every claim, reconciled figures")
def incident(request: Request, incident_id: str) -> dict:
    store = _store(request)
    row = store.incident(incident_id)
    events = [e for e in store.reviewed_events() if e["incident_id"] == incident_id]
    if row is None and not events:
        raise HTTPException(status_code=404, detail=f"no incident {incident_id!r}")
    return {"incident": row, "events": [_event_json(e) for e in events],
            "corrections": store.corrections("incident", incident_id)}


@router.get("/sources", summary="Outlet profiles")
def sources(request: Request) -> dict:
    rows = _store(request).outlet_profiles()
    return {"total": len(rows), "items": rows}


@router.get("/sources/{outlet:path}", summary="One outlet's profile")
def source(request: Request, outlet: str) -> dict:
    row = next((r for r in _store(request).outlet_profiles() if r["outlet"] == outlet), None)
    if row is None:
        raise HTTPException(status_code=404, detail=f"no outlet {outlet!r}")
    return row


def _download(body: str, filename: str, media_type: str) -> Response:
    return Response(content=body, media_type=media_type,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@router.get("/export/events.csv", summary="The filtered events in ACLED's columns (download)", openapi_extra=_FILTERS)
def export_csv(request: Request) -> Response:
    chosen, _ = select_events(_store(request), _filters(request), paginate=False)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=ACLED_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for ev in chosen:
        writer.writerow(acled_row(ev))
    return _download(buf.getvalue(), "marsad-events.csv", "text/csv; charset=utf-8")


@router.get("/export/events.geojson", summary="The filtered events as GeoJSON points, with their claims (download)",
            openapi_extra=_FILTERS)
def export_geojson(request: Request) -> Response:
    chosen, _ = select_events(_store(request), _filters(request), paginate=False)
    claims = claims_by_event(_store(request))
    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [ev["lon"], ev["lat"]]},
                 "properties": {**_event_json(ev), "claims": claims.get(ev["id"], [])}}
                for ev in chosen if ev["lat"] is not None]
    body = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
    return _download(body, "marsad-events.geojson", "application/geo+json")


@router.get("/export/events.jsonl", summary="The filtered events as JSON lines, with their claims (download)",
            openapi_extra=_FILTERS)
def export_jsonl(request: Request) -> Response:
    chosen, _ = select_events(_store(request), _filters(request), paginate=False)
    claims = claims_by_event(_store(request))
    body = "".join(json.dumps({**_event_json(ev), "claims": claims.get(ev["id"], [])}, ensure_ascii=False) + "\n"
                   for ev in chosen)
    return _download(body, "marsad-events.jsonl", "application/x-ndjson")


@router.get("/export/claims.csv", summary="The claims of the filtered events, with their claimant's type (download)",
            openapi_extra=_FILTERS)
def export_claims_csv(request: Request) -> Response:
    chosen, _ = select_events(_store(request), _filters(request), paginate=False)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CLAIM_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(claim_rows(chosen, claims_by_event(_store(request))))
    return _download(buf.getvalue(), "marsad-claims.csv", "text/csv; charset=utf-8")


@router.get("/export/claims.jsonl", summary="The claims of the filtered events as JSON lines (download)",
            openapi_extra=_FILTERS)
def export_claims_jsonl(request: Request) -> Response:
    chosen, _ = select_events(_store(request), _filters(request), paginate=False)
    body = "".join(json.dumps(row, ensure_ascii=False) + "\n"
                   for row in claim_rows(chosen, claims_by_event(_store(request))))
    return _download(body, "marsad-claims.jsonl", "application/x-ndjson")


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

