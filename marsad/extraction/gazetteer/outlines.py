"""The outlines of administrative areas (the country, its governorates and districts), kept small.

A Who's On First import brings Polygon and MultiPolygon shapes for the admin areas; the gazetteer keeps
them simplified by :func:`simplify` (Douglas-Peucker on each ring, in degrees, coordinates rounded), so
that the dashboard's map can draw the country and its governorates with no other host and no tiles.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass

TOLERANCE = 0.01  # degrees: about a kilometre, finer than a governorate's line on a map of the country
DIGITS = 4  # decimals kept in a coordinate (about 10 m)
OUTLINE_KINDS = ("country", "governorate", "district")


@dataclass(frozen=True, kw_only=True, slots=True)
class Outline:
    """One admin area's shape as its source gives it, simplified: ``geometry`` is GeoJSON text."""

    source_id: str
    kind: str  # country, governorate or district
    name: str
    name_ar: str | None
    admin1: str | None  # marsad's governorate name (the governorate's own, or the district's)
    geometry: str


def _offset(p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    """How far ``p`` lies from the segment ``a``-``b``."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    if dx == dy == 0:
        return math.hypot(p[0] - a[0], p[1] - a[1])
    t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def _line(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker: the points of an open line that keep it within ``tolerance`` of itself."""
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    spans = [(0, len(points) - 1)]
    while spans:
        first, last = spans.pop()
        far, where = 0.0, None
        for i in range(first + 1, last):
            d = _offset(points[i], points[first], points[last])
            if d > far:
                far, where = d, i
        if where is not None and far > tolerance:
            keep[where] = True
            spans += [(first, where), (where, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _ring(ring: list, tolerance: float) -> list[list[float]] | None:
    """A closed ring simplified, or None when too little of it is left to enclose anything."""
    points = [(float(x), float(y)) for x, y, *_ in ring]
    if len(points) > 1 and points[0] == points[-1]:
        points = points[:-1]
    if len(points) < 3:
        return None
    # a ring has no ends: cut it at the point farthest from its first, and simplify the two halves
    cut = max(range(len(points)), key=lambda i: math.hypot(points[i][0] - points[0][0], points[i][1] - points[0][1]))
    kept = _line(points[:cut + 1], tolerance)[:-1] + _line(points[cut:] + [points[0]], tolerance)[:-1]
    rounded: list[list[float]] = []
    for x, y in kept:
        point = [round(x, DIGITS), round(y, DIGITS)]
        if not rounded or rounded[-1] != point:
            rounded.append(point)
    if len(rounded) < 3:
        return None
    return rounded + [rounded[0]]


def _polygon(rings: list, tolerance: float) -> list | None:
    if not rings:
        return None
    outer = _ring(rings[0], tolerance)
    if outer is None:
        return None
    return [outer] + [r for r in (_ring(hole, tolerance) for hole in rings[1:]) if r is not None]


def simplify(geometry: dict, tolerance: float = TOLERANCE) -> dict | None:
    """A Polygon or MultiPolygon simplified to ``tolerance`` degrees (a MultiPolygon loses the parts too small
    to show, and becomes a Polygon when one part is left); None for any other geometry or nothing left."""
    kind = (geometry or {}).get("type")
    if kind == "Polygon":
        parts = [_polygon(geometry.get("coordinates") or [], tolerance)]
    elif kind == "MultiPolygon":
        parts = [_polygon(p, tolerance) for p in geometry.get("coordinates") or []]
    else:
        return None
    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    if len(parts) == 1:
        return {"type": "Polygon", "coordinates": parts[0]}
    return {"type": "MultiPolygon", "coordinates": parts}


def outline_text(geometry: dict, tolerance: float = TOLERANCE) -> str | None:
    """:func:`simplify`'s result as compact GeoJSON text, or None."""
    shape = simplify(geometry, tolerance)
    return json.dumps(shape, separators=(",", ":")) if shape else None
