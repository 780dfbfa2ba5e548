"""The admin areas' outlines a Who's On First import leaves in the gazetteer, simplified, for the map."""
from __future__ import annotations

import json

import pytest
from test_gazetteer import WOF, needs

from marsad.extraction.gazetteer import GazetteerError, LocalGazetteer, import_paths
from marsad.extraction.gazetteer.outlines import simplify
from outline_sample import write_wof_sample


def _rings(geometry: dict) -> list[list[list[float]]]:
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return [ring for polygon in polygons for ring in polygon]


def _valid(geometry: dict) -> None:
    assert geometry["type"] in ("Polygon", "MultiPolygon")
    for ring in _rings(geometry):
        assert len(ring) >= 4 and ring[0] == ring[-1]
        assert all(-180 <= x <= 180 and -90 <= y <= 90 for x, y in ring)


def test_simplifying_keeps_the_shape_and_drops_the_ripples():
    ring = [[36.0 + 0.001 * (i % 2), 35.0 + i * 0.01] for i in range(101)]  # a zigzag up the west side
    ring += [[37.0, 36.0], [37.0, 35.0], ring[0]]
    shape = simplify({"type": "Polygon", "coordinates": [ring]})
    _valid(shape)
    kept = shape["coordinates"][0]
    assert len(kept) < 10  # the zigzag is under the tolerance: a triangle-ish ring is left
    assert {(36.0, 35.0), (37.0, 36.0), (37.0, 35.0)} <= {tuple(p) for p in kept}
    assert simplify({"type": "Point", "coordinates": [36, 35]}) is None
    speck = [[36.0, 35.0], [36.00001, 35.0], [36.0, 35.00001], [36.0, 35.0]]
    assert simplify({"type": "Polygon", "coordinates": [speck]}) is None
    both = simplify({"type": "MultiPolygon", "coordinates": [[ring], [speck]]})
    assert both["type"] == "Polygon"  # the speck is gone, one part is left


def test_a_wof_import_stores_the_country_governorate_and_district_outlines(tmp_path):
    folder = write_wof_sample(tmp_path / "wof")
    path = tmp_path / "g.sqlite"
    [summary] = import_paths([folder], gazetteer=path)
    assert summary["outlines"] == 4  # the country, Idlib, Hama, Ariha; the zone outside the governorates left out
    with LocalGazetteer(path) as gz:
        everything = gz.outlines()
        shown = gz.outlines(["country", "governorate"])
        assert gz.counts()["outlines"] == 4
        with pytest.raises(GazetteerError, match="'province'"):
            gz.outlines(["province"])
    kinds = [(f["properties"]["kind"], f["properties"]["name"]) for f in everything["features"]]
    assert kinds == [("country", "Syria"), ("governorate", "Hama"), ("governorate", "Idlib"), ("district", "Ariha")]
    assert [f["properties"]["kind"] for f in shown["features"]] == ["country", "governorate", "governorate"]
    idlib = next(f for f in everything["features"] if f["properties"]["name"] == "Idlib")
    assert idlib["properties"]["name_ar"] == "إدلب" and idlib["properties"]["admin1"] == "Idlib"
    ariha = everything["features"][-1]["properties"]
    assert ariha["admin1"] == "Idlib" and ariha["name_ar"] == "أريحا"
    for feature in everything["features"]:
        _valid(feature["geometry"])
        assert len(_rings(feature["geometry"])[0]) <= 12  # hundreds of rippled points became a box's few
    assert everything["features"][0]["geometry"]["type"] == "Polygon"  # the country's speck simplified away
    assert any("Who's On First" in a and "GeoNames" in a for a in everything["attribution"])
    json.dumps(everything)  # plain JSON throughout


def test_importing_again_replaces_the_outlines(tmp_path):
    folder = write_wof_sample(tmp_path / "wof")
    path = tmp_path / "g.sqlite"
    import_paths([folder], gazetteer=path)
    import_paths([folder], gazetteer=path)
    with LocalGazetteer(path) as gz:
        assert gz.counts()["outlines"] == 4


def test_other_formats_bring_no_outlines(tmp_path):
    own = tmp_path / "own.csv"
    own.write_text("name,lat,lon\nCamp Alpha,35.0,38.0\n", encoding="utf-8")
    [summary] = import_paths([own], gazetteer=tmp_path / "g.sqlite")
    assert summary["outlines"] == 0
    with LocalGazetteer(tmp_path / "g.sqlite") as gz:
        assert gz.outlines() == {"type": "FeatureCollection", "features": [], "attribution": []}


def test_the_shared_wof_archive_gives_every_governorate_a_small_outline(tmp_path):
    needs(WOF.is_file(), "the Who's On First archive in ../shared/data/gazetteer")
    path = tmp_path / "g.sqlite"
    [summary] = import_paths([WOF], gazetteer=path)
    with LocalGazetteer(path) as gz:
        shown = gz.outlines(["country", "governorate"])
        districts = gz.outlines(["district"])
    names = [f["properties"]["name"] for f in shown["features"] if f["properties"]["kind"] == "governorate"]
    assert len(names) == len(set(names)) == 14
    assert [f["properties"]["kind"] for f in shown["features"]].count("country") == 1
    assert len(districts["features"]) >= 60
    assert summary["outlines"] == len(shown["features"]) + len(districts["features"])
    for feature in shown["features"] + districts["features"]:
        _valid(feature["geometry"])
    assert len(json.dumps(shown)) < 100_000  # small enough to send with every map


def test_an_older_gazetteer_that_cannot_be_written_opens_without_outlines(tmp_path, monkeypatch):
    import sqlite3

    from marsad.extraction.gazetteer import store

    own = tmp_path / "own.csv"
    own.write_text("name,name_ar,lat,lon\nKafr Najd,كفر نجد,35.78,36.55\n", encoding="utf-8")
    path = tmp_path / "old.sqlite"
    import_paths([own], gazetteer=path)
    with sqlite3.connect(path) as con:  # as a gazetteer made before the outlines were kept
        con.execute("DROP TABLE outlines")
    opened = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda p, *a, **k: opened(f"file:{p}?mode=ro", uri=True))
    monkeypatch.setattr(store.os, "access", lambda *a: False)  # a file this user may only read
    with LocalGazetteer(path) as gz:
        assert gz.counts()["outlines"] == 0 and gz.outlines()["features"] == []
        assert [c.name for c in gz.find("كفر نجد")] == ["Kafr Najd"]
