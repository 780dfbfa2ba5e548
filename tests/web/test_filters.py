"""The API's filters: declared in the OpenAPI description, several values where they make sense, names read
through the knowledge in either script, unknown parameters refused by name, sorting, facets and downloads."""
import csv
import io
import json

import pytest

pytest.importorskip("fastapi", reason="needs optional part: the web extra (pip install marsad[web])")

from fastapi.testclient import TestClient  # noqa: E402

from marsad.jobs.demo import run_demo  # noqa: E402
from marsad.web.app import create_app  # noqa: E402

TOKEN = "filters-token-31"
EVENT_FILTERS = {"date_from", "date_to", "event_type", "sub_event_type", "actor", "place", "bbox", "language",
                 "outlet", "q", "salience", "status", "min_fatalities", "incident_id", "include_rejected", "limit",
                 "offset"}
SEVERAL = {"event_type", "sub_event_type", "actor", "place", "language", "outlet", "salience", "status",
           "incident_id"}


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    db = tmp_path_factory.mktemp("filters") / "demo.db"
    _, store = run_demo(db)
    store.close()
    with TestClient(create_app(db, write_token=TOKEN)) as c:
        yield c


def _all(client, query=""):
    answer = client.get(f"/api/events?limit=1000&{query}")
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]


def _ids(client, query):
    return {e["id"] for e in _all(client, query)}


def test_openapi_lists_the_filters(client):
    spec = client.get("/openapi.json").json()
    for path in ("/api/events", "/api/incidents", "/api/claims", "/api/facets", "/api/export/events.csv",
                 "/api/export/incidents.csv"):
        params = {p["name"]: p for p in spec["paths"][path]["get"]["parameters"]}
        assert EVENT_FILTERS <= set(params), (path, EVENT_FILTERS - set(params))
        for name in SEVERAL:
            assert params[name]["schema"]["type"] == "array", (path, name)
        assert params["limit"]["schema"]["type"] == "integer" and params["limit"]["schema"]["maximum"] == 1000
        assert params["min_fatalities"]["schema"]["anyOf"][0]["type"] == "integer"
        assert params["date_from"]["schema"]["anyOf"][0]["format"] == "date"
        assert "Battles" in params["event_type"]["schema"]["items"]["enum"]
        assert "Air/drone strike" in params["sub_event_type"]["schema"]["items"]["enum"]
        assert set(params["status"]["schema"]["items"]["enum"]) == {"machine", "confirmed", "corrected", "rejected"}
    events = {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert "sort" in events and "sort" in {p["name"] for p in spec["paths"]["/api/incidents"]["get"]["parameters"]}
    claims = {p["name"] for p in spec["paths"]["/api/claims"]["get"]["parameters"]}
    assert {"kind", "claimant", "claimant_type"} <= claims
    documents = {p["name"] for p in spec["paths"]["/api/documents"]["get"]["parameters"]}
    assert {"q", "language", "outlet", "date_from", "date_to", "sort", "limit", "offset"} == documents


@pytest.mark.parametrize("path", ["/api/events", "/api/incidents", "/api/claims", "/api/documents", "/api/facets",
                                  "/api/export/events.csv", "/", "/incidents", "/documents"])
def test_an_unknown_parameter_is_a_400_naming_it(client, path):
    answer = client.get(f"{path}?eventtype=Battles")
    assert answer.status_code == 400
    if path.startswith("/api"):
        assert answer.json()["param"] == "eventtype" and "'eventtype'" in answer.json()["error"]
        assert "event_type" in answer.json()["error"] or path == "/api/documents"  # the right names are listed
    else:
        assert "eventtype" in answer.text and "text/html" in answer.headers["content-type"]


@pytest.mark.parametrize("query, param", [
    ("status=pending", "status"), ("min_fatalities=-1", "min_fatalities"), ("min_fatalities=many", "min_fatalities"),
    ("event_type=Battles&event_type=Nope", "event_type"), ("salience=main&salience=huge", "salience"),
    ("sub_event_type=Armed clash&sub_event_type=Nope", "sub_event_type"), ("sort=colour", "sort"),
    ("date_to=2021-02-30", "date_to"), ("limit=1001", "limit"),
])
def test_bad_values_of_the_new_filters_are_400s_naming_them(client, query, param):
    for path in ("/api/events", "/api/incidents", "/api/export/events.csv"):
        answer = client.get(f"{path}?{query}")
        assert answer.status_code == 400, (path, answer.text)
        assert answer.json()["param"] == param and f"'{param}'" in answer.json()["error"]


def test_an_empty_parameter_is_no_filter(client):
    assert _ids(client, "date_from=&event_type=&min_fatalities=&actor=") == _ids(client, "")


def test_actor_aliases_in_either_script_find_the_same_events(client):
    sdf = _ids(client, "actor=Syrian Democratic Forces")
    assert sdf and _ids(client, "actor=SDF") == sdf == _ids(client, "actor=قسد") == _ids(client, "actor=sdf")
    islamic_state = _ids(client, "actor=Islamic State")
    assert islamic_state and _ids(client, "actor=داعش") == islamic_state == _ids(client, "actor=ISIS")
    both = _ids(client, "actor=SDF&actor=داعش")
    assert both == sdf | islamic_state


def test_place_names_in_either_script_find_the_same_events(client):
    azaz = _ids(client, "place=Azaz")
    assert azaz and _ids(client, "place=أعزاز") == azaz == _ids(client, "place=azaz") == _ids(client, "place=اعزاز")
    aleppo = _ids(client, "place=حلب")
    assert azaz < aleppo and aleppo == _ids(client, "place=Aleppo")  # a governorate holds its towns
    assert _ids(client, "place=Azaz&place=Palmyra") == azaz | _ids(client, "place=تدمر")
    assert _ids(client, "place=Atlantis") == set()


def test_outlet_ignores_case_and_takes_several(client):
    events = _all(client)
    outlets = sorted({e["publisher"] for e in events if e["publisher"]})
    first, second = outlets[0], outlets[1]
    exact = _ids(client, f"outlet={first}")
    assert exact and _ids(client, f"outlet={first.lower()}") == exact == _ids(client, f"outlet={first.upper()}")
    assert _ids(client, f"outlet={first}&outlet={second}") == exact | _ids(client, f"outlet={second}")
    docs = client.get(f"/api/documents?outlet={first.upper()}").json()
    assert docs["total"] > 0 and {d["publisher"] for d in docs["items"]} == {first}
    assert client.get(f"/api/sources/{first.upper()}").json()["outlet"] == first


def test_several_event_types_and_sub_types(client):
    battles, riots = _ids(client, "event_type=Battles"), _ids(client, "event_type=Explosions/Remote violence")
    assert battles and riots and _ids(client, "event_type=Battles&event_type=Explosions/Remote violence") == \
        battles | riots
    air = _ids(client, "sub_event_type=Air/drone strike")
    clash = _ids(client, "sub_event_type=Armed clash")
    assert air and clash and _ids(client, "sub_event_type=Air/drone strike&sub_event_type=Armed clash") == air | clash


def test_salience_status_min_fatalities_and_incident(client):
    events = _all(client)
    main, background = _ids(client, "salience=main"), _ids(client, "salience=background")
    assert main and background and _ids(client, "salience=main&salience=background") == main | background
    assert _ids(client, "status=machine") == {e["id"] for e in events}  # nothing reviewed yet
    assert _ids(client, "status=confirmed") == set()
    deadly = {e["id"] for e in events if (e["fatalities_best"] or 0) >= 5}
    assert deadly and _ids(client, "min_fatalities=5") == deadly and _ids(client, "min_fatalities=0") == \
        {e["id"] for e in events}
    two = sorted({e["incident_id"] for e in events if e["incident_id"]})[:2]
    one = _ids(client, f"incident_id={two[0]}")
    assert one and _ids(client, f"incident_id={two[0]}&incident_id={two[1]}") == one | _ids(client,
                                                                                          f"incident_id={two[1]}")
    event = events[0]
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert client.post(f"/api/events/{event['id']}/review", headers=auth,
                       json={"action": "reject", "who": "Hiba", "why": "a duplicate"}).status_code == 200
    try:
        assert _ids(client, "status=rejected") == {event["id"]}
        assert event["id"] not in _ids(client, "") and event["id"] in _ids(client, "include_rejected=1")
        assert _ids(client, "status=machine&status=rejected") == {e["id"] for e in events}
    finally:
        client.app.state.store.review("event", event["id"], "confirm", who="Hiba", why="undo for the next test")


def test_events_sort_by_every_column_either_way(client):
    for column in ("date", "type", "actor", "place", "killed", "outlet", "status"):
        up, down = _all(client, f"sort={column}"), _all(client, f"sort=-{column}")
        assert len(up) == len(down) == len(_all(client))
    killed = [e["fatalities_best"] for e in _all(client, "sort=-killed")]
    known = [k for k in killed if k is not None]
    assert known == sorted(known, reverse=True) and killed[:len(known)] == known  # unknown tolls last
    dates = [e["date"] for e in _all(client, "sort=-date") if e["date"]]
    assert dates == sorted(dates, reverse=True)


def test_incidents_filter_sort_page_and_have_titles(client):
    everything = client.get("/api/incidents?limit=1000").json()
    assert everything["total"] > 5
    for row in everything["items"]:
        assert row["title"].startswith(row["sub_event_type"] or row["event_type"] or "Incident")
        assert (row["date"] or "undated") in row["title"] and "None" not in row["title"]
    battles = client.get("/api/incidents?event_type=Battles&limit=1000").json()
    assert 0 < battles["total"] < everything["total"]
    by_killed = client.get("/api/incidents?sort=-killed&limit=1000").json()["items"]
    tolls = [r["fatalities_best"] for r in by_killed if r["fatalities_best"] is not None]
    assert tolls == sorted(tolls, reverse=True)
    page = client.get("/api/incidents?limit=2&offset=2").json()
    assert [r["id"] for r in page["items"]] == [r["id"] for r in everything["items"][2:4]]
    # the downloads hold the same incidents, one row each, those told only as background when asked for
    exported = list(csv.DictReader(io.StringIO(
        client.get("/api/export/incidents.csv?event_type=Battles&background=true").text)))
    assert [r["event_id_cnty"] for r in exported] == [r["id"] for r in battles["items"]]
    lines = client.get("/api/export/incidents.jsonl?event_type=Battles&background=true").text.splitlines()
    assert [json.loads(line)["event_id_cnty"] for line in lines] == [r["id"] for r in battles["items"]]


def test_facets_count_the_filtered_events_and_each_value_narrows_them(client):
    answer = client.get("/api/facets?language=en").json()
    facets = {f["name"]: f for f in answer["facets"]}
    assert set(facets) == {"event_type", "sub_event_type", "governorate", "actor", "outlet", "status"}
    assert sum(v["count"] for v in facets["event_type"]["values"]) == answer["total"] > 0
    for name, facet in facets.items():
        for value in facet["values"]:  # every value narrows to the events it counts ("Damascus": not Rural Damascus)
            narrowed = client.get("/api/events", params={"language": "en", facet["param"]: value["value"],
                                                         "limit": 1000}).json()
            assert narrowed["total"] == value["count"], (name, value)


def test_documents_and_sources_download_as_csv_and_json(client):
    rows = list(csv.DictReader(io.StringIO(client.get("/api/export/documents.csv?language=ar").text)))
    assert len(rows) == client.get("/api/documents?language=ar").json()["total"] > 0
    assert all(r["language"] == "ar" for r in rows) and "text" not in rows[0]
    lines = client.get("/api/export/documents.jsonl?q=Azaz").text.splitlines()
    assert len(lines) == client.get("/api/documents?q=Azaz").json()["total"] > 0
    sources = list(csv.DictReader(io.StringIO(client.get("/api/export/sources.csv").text)))
    assert len(sources) == client.get("/api/sources").json()["total"] > 0
    assert client.get("/api/export/sources.jsonl").text.count("\n") == len(sources)
    claims = client.get("/api/export/claims.csv?kind=injured").text
    assert {r["kind"] for r in csv.DictReader(io.StringIO(claims))} == {"injured"}


def _acting(events, *names):
    return {e["id"] for e in events if e["actor1"] in names or e["actor2"] in names}


def test_an_actor_filter_takes_in_its_sub_units_in_either_script(client):
    events = _all(client)
    ypg, sdf = _acting(events, "People's Protection Units (YPG)"), _acting(events, "Syrian Democratic Forces")
    assert ypg and sdf and not ypg <= sdf  # the sample has the YPG acting on its own
    for name in ("SDF", "قسد", "Syrian Democratic Forces", "قوات سوريا الديمقراطية"):
        assert _ids(client, f"actor={name}") == ypg | sdf, name
    for name in ("YPG", "وحدات حماية الشعب"):  # a sub-unit's filter keeps to the sub-unit
        assert _ids(client, f"actor={name}") == ypg, name
    militias = _acting(events, "Iran-backed militias")  # two levels down: Iran's forces > the IRGC > militias
    iran = _acting(events, "Military Forces of Iran")
    assert militias and iran
    for name in ("Military Forces of Iran", "إيران"):
        assert _ids(client, f"actor={name}") == iran | militias, name
    page = client.get("/?actor=قسد&limit=1000").text  # the dashboard's table, from the form's words
    assert {i for i in ypg | sdf if f'data-id="{i}"' in page} == ypg | sdf
