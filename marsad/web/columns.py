"""The rows of the event and incident exports: ACLED's columns (and UCDP GED's for incidents), filled
with the codes of :mod:`.codes`; the events to export; and CSV written as a spreadsheet reads it."""
from __future__ import annotations

import csv
import re
from typing import IO, Iterable

from .codes import codebook

# ACLED's published column order (the codes are in extraction/data/codebook.json: see .codes).
ACLED_COLUMNS = ("event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
                 "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
                 "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
                 "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
                 "fatalities", "tags", "timestamp")
UCDP_COLUMNS = ("low", "best", "high", "date_prec", "where_prec", "number_of_sources")
INCIDENT_COLUMNS = ACLED_COLUMNS + UCDP_COLUMNS
NOTE_CHARS = 300  # a note longer than this is cut at a word, with an ellipsis
BOM = "\ufeff"
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def kept_events(events: Iterable[dict], *, background: bool = False) -> list[dict]:
    """The events to export: not rejected, and not background mentions unless ``background``."""
    return [e for e in events if e["status"] != "rejected" and (background or e["salience"] != "background")]


def short_note(text: str | None, limit: int = NOTE_CHARS) -> str:
    """``text`` on one line, cut at the last word that fits in ``limit`` characters (with an ellipsis)."""
    flat = re.sub(r"\s+", " ", text or "").strip()
    if len(flat) <= limit:
        return flat
    cut = flat[:limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:،") + "…"


def acled_row(event: dict, **known) -> dict:
    """An event row in ACLED's columns, codes from the codebook (:mod:`.codes`); ``known`` gives columns an
    incident knows better than its event (every outlet as ``source``, ``fatalities``, ``assoc_actor_1`` ...).
    An event's own ``fatalities`` is its report's best figure."""
    codes = codebook()
    date = event.get("date") or ""
    inter1, inter2 = codes.inter_of(event.get("actor1")), codes.inter_of(event.get("actor2"))
    country = codes.countries.get(event.get("country") or "", {})
    row = {
        "event_id_cnty": event["id"], "event_date": date, "year": date[:4],
        "time_precision": codes.time_precision.get(event.get("date_precision") or "", ""),
        "disorder_type": codes.disorder.get(event.get("event_type") or "", ""),
        "event_type": event.get("event_type"), "sub_event_type": event.get("sub_event_type"),
        "actor1": event.get("actor1"), "assoc_actor_1": "", "inter1": inter1 or "",
        "actor2": event.get("actor2"), "assoc_actor_2": "", "inter2": inter2 or "",
        "interaction": codes.interaction(inter1, inter2) or "",
        "civilian_targeting": codes.civilian_targeting(event.get("event_type"), inter2),
        "iso": country.get("iso", ""), "region": country.get("region", ""), "country": event.get("country"),
        "admin1": event.get("admin1"), "admin2": event.get("admin2"), "admin3": "",
        "location": event.get("location_name"), "latitude": event.get("lat"), "longitude": event.get("lon"),
        "geo_precision": codes.geo_precision.get(event.get("geo_precision") or "", ""),
        "source": event.get("publisher"), "source_scale": codes.source_scale([event.get("publisher")]),
        "notes": short_note(event.get("evidence")), "fatalities": event.get("fatalities_best"), "tags": "",
        "timestamp": "",
    }
    return row | {k: v for k, v in known.items() if k in row}


def feature(properties: dict, lat: float | None, lon: float | None) -> dict:
    """A GeoJSON point feature."""
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": properties}


def excel_cell(value):
    """A CSV value Excel shows as text: one that would start a formula gets an apostrophe first."""
    if isinstance(value, str) and value.startswith(_FORMULA):
        try:
            float(value)
        except ValueError:
            return "'" + value
    return value


def write_csv(out: IO[str], rows: Iterable[dict], columns, *, excel: bool = False) -> int:
    """``rows`` as CSV in ``columns`` (a list joined by "; "); for Excel with ``excel``. Returns the rows written."""
    if excel:
        out.write(BOM)
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    count = 0
    for row in rows:
        flat = {k: "; ".join(map(str, v)) if isinstance(v, list) else v for k, v in row.items() if k in columns}
        writer.writerow({k: excel_cell(v) for k, v in flat.items()} if excel else flat)
        count += 1
    return count
