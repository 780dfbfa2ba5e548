"""``/api/outlines.geojson``: the admin areas' outlines for the dashboard's map, from the local gazetteer.

The outlines come with a Who's On First import (``marsad gazetteer import whosonfirst-data-admin-sy-….tar.gz``):
the importer keeps them simplified (:mod:`marsad.extraction.gazetteer.outlines`). The server reads them from
the gazetteer the knowledge reads (``$MARSAD_GAZETTEER``, else the user's data folder) or the one given to
:func:`~marsad.web.app.create_app`, and sends them with the attributions of the sources they came from. With
no gazetteer, or one imported without Who's On First, the answer is an empty collection and a ``note`` saying
how to get them; the map then still draws the events, with that note under it.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from ..extraction.gazetteer import GazetteerError, LocalGazetteer, default_path
from ..extraction.gazetteer.outlines import OUTLINE_KINDS
from .query import FilterError, no_unknown_parameters

router = APIRouter(prefix="/api", tags=["api"], dependencies=[Depends(no_unknown_parameters)])
DEFAULT_KINDS = ("country", "governorate")
NO_OUTLINES = ("the country's and governorates' outlines come with an imported gazetteer: marsad gazetteer import "
               "whosonfirst-data-admin-sy-….tar.gz (see the README's Gazetteer section)")


def gazetteer_path(app) -> Path:
    """The gazetteer the server reads outlines from: the one it was made with, else the configured one."""
    return Path(app.state.gazetteer) if getattr(app.state, "gazetteer", None) else default_path()


def _read(path: Path, kinds: tuple[str, ...]) -> dict:
    """The outlines of ``kinds`` in the gazetteer at ``path`` (empty when there is none)."""
    if not path.is_file():
        return {"type": "FeatureCollection", "features": [], "attribution": []}
    try:
        with LocalGazetteer(path) as gz:
            return gz.outlines(kinds)
    except GazetteerError as exc:
        raise FilterError("kind", str(exc)) from None


@router.get("/outlines.geojson", summary="The country's and governorates' outlines, for a map",
            responses={200: {"content": {"application/geo+json": {}},
                             "description": "a GeoJSON FeatureCollection; each feature's properties: kind, name, "
                                            "name_ar, admin1, source; `attribution` lists the sources' licences, "
                                            "`note` says how to get outlines when there are none"},
                       400: {"description": "a kind that is not one of the outlines' kinds: {error, param}"}})
def outlines(request: Request,
             kind: Annotated[list[str], Query(description="country, governorate or district (several: repeat "
                                                          "the parameter; default: country and governorate)",
                                              json_schema_extra={"items": {"type": "string",
                                                                           "enum": list(OUTLINE_KINDS)}})] = ()):
    """The simplified outlines the local gazetteer keeps from a Who's On First import: read with no network,
    so the map needs no tiles to show where the events are."""
    kinds = tuple(dict.fromkeys(kind)) or DEFAULT_KINDS
    for value in kinds:
        if value not in OUTLINE_KINDS:
            raise FilterError("kind", f"{value!r} is not one of {', '.join(OUTLINE_KINDS)}")
    path = gazetteer_path(request.app)
    stamp = (str(path), path.stat().st_mtime_ns if path.is_file() else None, kinds)
    if not hasattr(request.app.state, "outlines_cache"):
        request.app.state.outlines_cache = {}
    cache = request.app.state.outlines_cache
    if stamp not in cache:
        cache.clear()
        collection = _read(path, kinds)
        if not collection["features"]:
            collection["note"] = NO_OUTLINES
        cache[stamp] = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    return Response(cache[stamp], media_type="application/geo+json")


__all__ = ["DEFAULT_KINDS", "NO_OUTLINES", "gazetteer_path", "router"]
