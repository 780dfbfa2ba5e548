"""The dashboard's own view parameters: ``?timeline=`` kept by every link of the page that shows the same
view (facets, sorting, paging, the whole map, the form), left out of the links to the API; and the map's
outlines served as GeoJSON with their attribution."""
import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest

pytest.importorskip("fastapi", reason="needs optional part: the web extra (pip install marsad[web])")

from fastapi.testclient import TestClient  # noqa: E402

from marsad.extraction.gazetteer import import_paths  # noqa: E402
from marsad.jobs.demo import run_demo  # noqa: E402
from marsad.web.app import create_app  # noqa: E402
from outline_sample import write_wof_sample  # noqa: E402


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("views") / "demo.db"
    _, store = run_demo(db)
    store.close()
    return db


@pytest.fixture(scope="module")
def client(demo_db, tmp_path_factory):
    folder = tmp_path_factory.mktemp("outlines")
    import_paths([write_wof_sample(folder / "wof")], gazetteer=folder / "g.sqlite")
    with TestClient(create_app(demo_db, gazetteer=folder / "g.sqlite")) as c:
        yield c


def _links(page: str) -> dict[str, list[dict]]:
    """The page's links by kind, each as its parsed query."""
    found: dict[str, list[dict]] = {}
    for attributes in re.findall(r"<a ([^>]*)>", page):
        href = html.unescape(re.search(r'href="([^"]*)"', attributes).group(1))
        kind = ("facet" if "facet-value" in attributes else "sort" if 'class="sort' in attributes
                else "download" if "download" in attributes else "pager" if "rel=" in attributes
                else "whole-map" if 'id="whole-map"' in attributes else None)
        if kind:
            found.setdefault(kind, []).append({"path": urlsplit(href).path, **parse_qs(urlsplit(href).query)})
    return found


def test_the_timelines_unit_is_kept_by_the_pages_links_and_not_sent_to_the_api(client):
    page = client.get("/?timeline=month&limit=5&bbox=35,32,43,38&sort=-killed").text
    links = _links(page)
    assert set(links) == {"facet", "sort", "download", "pager", "whole-map"}
    for kind in ("facet", "sort", "pager", "whole-map"):
        for query in links[kind]:
            assert query["path"] == "/" and query["timeline"] == ["month"], (kind, query)
    for query in links["download"]:
        assert query["path"].startswith("/api/") and "timeline" not in query
        assert query["bbox"] == ["35,32,43,38"]  # the filters go with the download
    assert '<input type="hidden" name="timeline" value="month">' in page  # the form keeps it too
    assert re.search(r'data-query="[^"]*timeline=month', page)  # and the map, when it is moved
    facet = links["facet"][0]
    narrowed = client.get("/", params={k: v for k, v in facet.items() if k != "path"})
    assert narrowed.status_code == 200 and 'data-unit="month"' in narrowed.text
    plain = client.get("/?limit=5").text
    assert all("timeline" not in q for kind in ("facet", "sort", "pager") for q in _links(plain)[kind])
    assert client.get("/?timeline=year").status_code == 400


def test_the_table_follows_the_area_and_the_map_keeps_every_event_the_other_filters_keep(client):
    everything = client.get("/api/events?limit=1000&event_type=Explosions/Remote violence").json()["items"]
    located = [e for e in everything if e["lat"] is not None]
    west = sorted(e["lon"] for e in located)[len(located) // 2]
    page = client.get(f"/?event_type=Explosions/Remote violence&bbox=30,30,{west},40&limit=1000").text
    shown = set(re.findall(r'<tr class="event-row" data-type="[^"]*" data-id="([^"]+)"', page))
    assert shown == {e["id"] for e in located if e["lon"] <= west} and 0 < len(shown) < len(located)
    points = re.search(r'<script id="map-data" type="application/json">(.*?)</script>', page, re.S).group(1)
    assert points.count('"lat"') == len(located)


def test_the_outlines_are_valid_geojson_with_their_attribution(client):
    answer = client.get("/api/outlines.geojson")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/geo+json")
    shapes = answer.json()
    assert shapes["type"] == "FeatureCollection" and "note" not in shapes
    assert [f["properties"]["kind"] for f in shapes["features"]] == ["country", "governorate", "governorate"]
    for feature in shapes["features"]:
        assert feature["type"] == "Feature" and feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
        rings = feature["geometry"]["coordinates"]
        rings = rings if feature["geometry"]["type"] == "Polygon" else [r for p in rings for r in p]
        assert all(len(r) >= 4 and r[0] == r[-1] and all(len(pt) == 2 for pt in r) for r in rings)
    assert any("Who's On First" in a and "CC0" in a and "GeoNames" in a and "CC BY 4.0" in a
               for a in shapes["attribution"])
    districts = client.get("/api/outlines.geojson?kind=district").json()["features"]
    assert [f["properties"]["name"] for f in districts] == ["Ariha"]
    refused = client.get("/api/outlines.geojson?kind=village")
    assert refused.status_code == 400 and refused.json()["param"] == "kind"
    assert client.get("/api/outlines.geojson?level=country").status_code == 400
    schema = client.get("/openapi.json").json()["paths"]["/api/outlines.geojson"]["get"]
    assert [p["name"] for p in schema["parameters"]] == ["kind"]


def test_with_no_imported_outlines_the_answer_says_how_to_get_them(demo_db, tmp_path):
    with TestClient(create_app(demo_db, gazetteer=tmp_path / "none.sqlite")) as c:
        shapes = c.get("/api/outlines.geojson").json()
        assert shapes["features"] == [] and "marsad gazetteer import" in shapes["note"]
        assert c.get("/").status_code == 200
    own = tmp_path / "own.csv"  # a gazetteer imported without Who's On First has no shapes either
    own.write_text("name,lat,lon\nCamp Alpha,35.0,38.0\n", encoding="utf-8")
    import_paths([own], gazetteer=tmp_path / "points.sqlite")
    with TestClient(create_app(demo_db, gazetteer=tmp_path / "points.sqlite")) as c:
        assert "note" in c.get("/api/outlines.geojson").json()
