"""Downloads under ``/api/export``: every list of the dashboard as CSV and as JSON, with the list's filters
and sort. Events in ACLED's columns, as GeoJSON points and as JSON lines with their claims; the events'
claims; incidents with their reconciled tolls; documents (no text); outlet profiles."""
from __future__ import annotations

import csv
import io
import json
from typing import Iterable

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from .api import EVENT_KEYS, ClaimFilters, claims_of_events, event_json
from .export import ACLED_COLUMNS, CLAIM_COLUMNS, acled_row, claim_rows, claims_by_event
from .lists import DocumentFilters, DocumentSort, IncidentSort, select_documents, select_incidents
from .query import EventFilter, EventSort, Filters, no_unknown_parameters, select_events

router = APIRouter(prefix="/api/export", tags=["downloads"], dependencies=[Depends(no_unknown_parameters)])
INCIDENT_COLUMNS = ("id", "title", "date", "date_precision", "event_type", "sub_event_type", "location_name",
                    "admin1", "country", "lat", "lon", "fatalities_low", "fatalities_best", "fatalities_high",
                    "reports", "outlets", "first_published", "flags")
DOCUMENT_COLUMNS = ("id", "key", "title", "publisher", "author", "published", "language", "url", "format",
                    "ingested_at")
SOURCE_COLUMNS = ("outlet", "reports", "incidents", "first_reports", "copies", "bias", "credibility")
_CSV = "text/csv; charset=utf-8"
_JSONL = "application/x-ndjson"


def _download(body: str, filename: str, media_type: str) -> Response:
    return Response(content=body, media_type=media_type,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _csv(rows: Iterable[dict], columns) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "; ".join(v) if isinstance(v, list) else v for k, v in row.items()})
    return buf.getvalue()


def _lines(rows: Iterable[dict]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def _events(request: Request, f: EventFilter) -> list[dict]:
    return select_events(request.app.state.store, f, paginate=False)[0]


@router.get("/events.csv", summary="The filtered events in ACLED's columns")
def events_csv(request: Request, f: Filters,
               sort: EventSort = None) -> Response:
    return _download(_csv((acled_row(e) for e in _events(request, f)), ACLED_COLUMNS), "marsad-events.csv", _CSV)


@router.get("/events.geojson", summary="The filtered events as GeoJSON points, with their claims")
def events_geojson(request: Request, f: Filters,
                   sort: EventSort = None) -> Response:
    claims = claims_by_event(request.app.state.store)
    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [ev["lon"], ev["lat"]]},
                 "properties": {**event_json(ev), "claims": claims.get(ev["id"], [])}}
                for ev in _events(request, f) if ev["lat"] is not None]
    body = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
    return _download(body, "marsad-events.geojson", "application/geo+json")


@router.get("/events.jsonl", summary="The filtered events as JSON lines, with their claims")
def events_jsonl(request: Request, f: Filters,
                 sort: EventSort = None) -> Response:
    claims = claims_by_event(request.app.state.store)
    rows = ({**event_json(ev), "claims": claims.get(ev["id"], [])} for ev in _events(request, f))
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


@router.get("/incidents.csv", summary="The incidents of the filtered events, with their reconciled tolls")
def incidents_csv(request: Request, f: Filters,
                  sort: IncidentSort = None) -> Response:
    rows = select_incidents(request.app.state.store, f, paginate=False)[0]
    return _download(_csv(rows, INCIDENT_COLUMNS), "marsad-incidents.csv", _CSV)


@router.get("/incidents.jsonl", summary="The incidents of the filtered events as JSON lines, each with every "
                                         "claim and its reconciliation")
def incidents_jsonl(request: Request, f: Filters,
                    sort: IncidentSort = None) -> Response:
    rows = select_incidents(request.app.state.store, f, paginate=False)[0]
    return _download(_lines(rows), "marsad-incidents.jsonl", _JSONL)


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
