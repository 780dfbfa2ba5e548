"""Downloads under ``/api/export``: every list of the dashboard as CSV and as JSON, with the list's filters
and sort. Events, one row per report's event, in ACLED's columns, as GeoJSON points and as JSON lines with
their claims; the events' claims; incidents, one row per incident, in ACLED's and UCDP's columns
(:mod:`.records`), as CSV, GeoJSON points and JSON lines with their reconciled figures; documents (no text);
outlet profiles. Background mentions are left out of the event and incident downloads unless
``background=true`` (or a ``salience`` filter that names them); ``excel=true`` makes a CSV for Excel (a
byte-order mark, and no cell read as a formula: see :mod:`.columns`)."""
from __future__ import annotations

import io
import json
from typing import Annotated, Iterable

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from .api import EVENT_KEYS, ClaimFilters, claims_of_events, event_json
from .columns import ACLED_COLUMNS, INCIDENT_COLUMNS, acled_row, feature, write_csv
from .export import CLAIM_COLUMNS, claim_rows, claims_by_event
from .lists import DocumentFilters, DocumentSort, IncidentSort, select_documents, select_incidents
from .query import EventFilter, EventSort, Filters, no_unknown_parameters, select_events
from .records import incident_feature, incident_records

router = APIRouter(prefix="/api/export", tags=["downloads"], dependencies=[Depends(no_unknown_parameters)])
DOCUMENT_COLUMNS = ("id", "key", "title", "publisher", "author", "published", "language", "url", "format",
                    "ingested_at")
SOURCE_COLUMNS = ("outlet", "reports", "incidents", "first_reports", "copies", "bias", "credibility")
_CSV = "text/csv; charset=utf-8"
_JSONL = "application/x-ndjson"
Background = Annotated[bool, Query(description="keep background mentions (events told as context)")]
Excel = Annotated[bool, Query(description="CSV for Excel: a UTF-8 byte-order mark first, so that Arabic opens "
                                          "as Arabic; a cell that would start a formula gets an apostrophe")]


def _download(body: str, filename: str, media_type: str) -> Response:
    return Response(content=body, media_type=media_type,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _csv(rows: Iterable[dict], columns, excel: bool = False) -> str:
    buf = io.StringIO()
    write_csv(buf, rows, columns, excel=excel)
    return buf.getvalue()


def _lines(rows: Iterable[dict]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def _events(request: Request, f: EventFilter, background: bool = True) -> list[dict]:
    """The filtered events; background mentions only with ``background`` or a salience filter naming them."""
    chosen = select_events(request.app.state.store, f, paginate=False)[0]
    keep = background or "background" in f.salience
    return [e for e in chosen if keep or e["salience"] != "background"]


def _geojson(features: list[dict], filename: str) -> Response:
    body = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
    return _download(body, filename, "application/geo+json")


@router.get("/events.csv", summary="The filtered events, one row per report's event, in ACLED's columns")
def events_csv(request: Request, f: Filters, sort: EventSort = None, background: Background = False,
               excel: Excel = False) -> Response:
    rows = (acled_row(e) for e in _events(request, f, background))
    return _download(_csv(rows, ACLED_COLUMNS, excel), "marsad-events.csv", _CSV)


@router.get("/events.geojson", summary="The filtered events as GeoJSON points, with their claims")
def events_geojson(request: Request, f: Filters, sort: EventSort = None, background: Background = False) -> Response:
    claims = claims_by_event(request.app.state.store)
    return _geojson([feature({**event_json(ev), "claims": claims.get(ev["id"], [])}, ev["lat"], ev["lon"])
                     for ev in _events(request, f, background) if ev["lat"] is not None], "marsad-events.geojson")


@router.get("/events.jsonl", summary="The filtered events as JSON lines, with their claims")
def events_jsonl(request: Request, f: Filters, sort: EventSort = None, background: Background = False) -> Response:
    claims = claims_by_event(request.app.state.store)
    rows = ({**event_json(ev), "claims": claims.get(ev["id"], [])} for ev in _events(request, f, background))
    return _download(_lines(rows), "marsad-events.jsonl", _JSONL)


@router.get("/claims.csv", summary="The claims of the filtered events, with their claimant's type")
def claims_csv(request: Request, f: Filters, wanted: ClaimFilters) -> Response:
    return _download(_csv(_claim_rows(request, f, wanted), CLAIM_COLUMNS), "marsad-claims.csv", _CSV)


@router.get("/claims.jsonl", summary="The claims of the filtered events as JSON lines")
def claims_jsonl(request: Request, f: Filters, wanted: ClaimFilters) -> Response:
    return _download(_lines(_claim_rows(request, f, wanted)), "marsad-claims.jsonl", _JSONL)


def _claim_rows(request: Request, f: EventFilter, wanted) -> list[dict]:
    chosen = _events(request, f)
    kept: dict[str, list[dict]] = {}
    for claim in claims_of_events(request.app.state.store, chosen, wanted):
        kept.setdefault(claim["event_id"], []).append(claim)
    return list(claim_rows(chosen, kept))


def _incidents(request: Request, f: EventFilter, background: bool) -> list[dict]:
    """The records of the incidents one of whose exported events passes the filters, in the list's order."""
    store = request.app.state.store
    wanted = {e["incident_id"] for e in _events(request, f, background)}
    order = {r["id"]: n for n, r in enumerate(select_incidents(store, f, paginate=False)[0])}
    records = incident_records(store, background=background, wanted=wanted)
    return sorted(records, key=lambda r: order.get(r["event_id_cnty"], len(order)))


@router.get("/incidents.csv", summary="The incidents of the filtered events, one row per incident, in ACLED's "
                                      "and UCDP's columns")
def incidents_csv(request: Request, f: Filters, sort: IncidentSort = None, background: Background = False,
                  excel: Excel = False) -> Response:
    return _download(_csv(_incidents(request, f, background), INCIDENT_COLUMNS, excel), "marsad-incidents.csv",
                     _CSV)


@router.get("/incidents.geojson", summary="The incidents of the filtered events as GeoJSON points")
def incidents_geojson(request: Request, f: Filters, sort: IncidentSort = None,
                      background: Background = False) -> Response:
    features = map(incident_feature, _incidents(request, f, background))
    return _geojson([point for point in features if point], "marsad-incidents.geojson")


@router.get("/incidents.jsonl", summary="The incidents of the filtered events as JSON lines, each with its "
                                         "events, reports and reconciliation")
def incidents_jsonl(request: Request, f: Filters, sort: IncidentSort = None,
                    background: Background = False) -> Response:
    return _download(_lines(_incidents(request, f, background)), "marsad-incidents.jsonl", _JSONL)


@router.get("/documents.csv", summary="The filtered documents' metadata (no text)")
def documents_csv(request: Request, f: DocumentFilters,
                  sort: DocumentSort = None) -> Response:
    rows = select_documents(request.app.state.store, f, paginate=False)[0]
    return _download(_csv(rows, DOCUMENT_COLUMNS), "marsad-documents.csv", _CSV)


@router.get("/documents.jsonl", summary="The filtered documents' metadata as JSON lines (no text)")
def documents_jsonl(request: Request, f: DocumentFilters,
                    sort: DocumentSort = None) -> Response:
    rows = select_documents(request.app.state.store, f, paginate=False)[0]
    return _download(_lines(rows), "marsad-documents.jsonl", _JSONL)


@router.get("/sources.csv", summary="The outlet profiles")
def sources_csv(request: Request) -> Response:
    return _download(_csv(request.app.state.store.outlet_profiles(), SOURCE_COLUMNS), "marsad-sources.csv", _CSV)


@router.get("/sources.jsonl", summary="The outlet profiles as JSON lines, with the bias by victims' side")
def sources_jsonl(request: Request) -> Response:
    return _download(_lines(request.app.state.store.outlet_profiles()), "marsad-sources.jsonl", _JSONL)


__all__ = ["EVENT_KEYS", "router"]
