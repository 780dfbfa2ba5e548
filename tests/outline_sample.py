"""A small Who's On First folder written for tests: the country, two governorates, a region that is no
governorate, a district and a town, with invented shapes drawn by many points (so simplifying them shows)."""
from __future__ import annotations

import json
import math
from pathlib import Path

COUNTRY, IDLIB, HAMA, ZONE, ARIHA, TOWN = 8100001, 8100002, 8100003, 8100004, 8100005, 8100006


def _wavy_box(west: float, south: float, east: float, north: float, points: int = 240) -> list[list[float]]:
    """A closed ring round the box, its edges drawn by ``points`` points with a small ripple."""
    corners = [(west, south), (east, south), (east, north), (west, north)]
    ring = []
    per_side = points // 4
    for i, (x0, y0) in enumerate(corners):
        x1, y1 = corners[(i + 1) % 4]
        for k in range(per_side):
            t = k / per_side
            ripple = 0.002 * math.sin(k * 1.7)  # well under the simplifying tolerance
            ring.append([round(x0 + (x1 - x0) * t + ripple, 6), round(y0 + (y1 - y0) * t - ripple, 6)])
    return ring + [ring[0]]


def _record(wof_id: int, placetype: str, name: str, arabic: str | None, geometry: dict, hierarchy: dict) -> dict:
    lon, lat = geometry["coordinates"] if geometry["type"] == "Point" else (36.6, 35.8)
    props = {"wof:id": wof_id, "wof:placetype": placetype, "wof:name": name, "geom:latitude": lat,
             "geom:longitude": lon, "wof:hierarchy": [hierarchy], "src:geom": "meso"}
    if arabic:
        props["name:ara_x_preferred"] = [arabic]
    return {"id": wof_id, "type": "Feature", "properties": props, "geometry": geometry}


def _box(*edges: float) -> dict:
    return {"type": "Polygon", "coordinates": [_wavy_box(*edges)]}


def write_wof_sample(folder: Path) -> Path:
    """The sample as WOF's own layout: ``data/<id>.geojson`` under ``folder``; returns ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "data").mkdir(exist_ok=True)
    country = {"type": "MultiPolygon", "coordinates": [[_wavy_box(35.7, 32.3, 42.4, 37.3, 800)],
                                                       [[[35.9, 34.9], [35.90001, 34.90001], [35.9, 34.90002],
                                                         [35.9, 34.9]]]]}  # a speck that simplifies away
    records = [
        _record(COUNTRY, "country", "Syria", "سوريا", country, {"country_id": COUNTRY}),
        _record(IDLIB, "region", "Idlib", "إدلب", _box(36.2, 35.4, 37.0, 36.3),
                {"country_id": COUNTRY, "region_id": IDLIB}),
        _record(HAMA, "region", "Hama", "حماة", _box(36.0, 34.7, 38.0, 35.4),
                {"country_id": COUNTRY, "region_id": HAMA}),
        _record(ZONE, "region", "Disengagement Zone", None,
                _box(35.8, 32.8, 35.9, 33.3),
                {"country_id": COUNTRY, "region_id": ZONE}),
        _record(ARIHA, "county", "Ariha", "أريحا", _box(36.4, 35.7, 36.7, 35.9),
                {"country_id": COUNTRY, "region_id": IDLIB, "county_id": ARIHA}),
        _record(TOWN, "locality", "Kafr Najd", "كفر نجد", {"type": "Point", "coordinates": [36.55, 35.78]},
                {"country_id": COUNTRY, "region_id": IDLIB, "county_id": ARIHA}),
    ]
    for record in records:
        (folder / "data" / f"{record['id']}.geojson").write_text(json.dumps(record, ensure_ascii=False), "utf-8")
    return folder
