"""The HTTP API: every endpoint and filter, bad parameters, writes and the token, escaping."""
import csv
import io
import json

import pytest

pytest.importorskip("fastapi", reason="needs optional part: the web extra (pip install marsad[web])")

from fastapi.testclient import TestClient  # noqa: E402

from marsad.jobs.demo import run_demo  # noqa: E402
from marsad.web.app import create_app  # noqa: E402

TOKEN = "test-token-1234"
XSS = ('<script>window.__xss = 1</script> Shelling on <img src=x onerror="window.__xss=2"> Douma\n\n'
       'Regime forces shelled the city of Douma on Monday, killing three civilians, activists said. '
       '<a href="javascript:window.__xss=3">read more</a> <script>alert(1)</script>')


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def demo_db(request, tmp_path_factory):
    """The demo database on each back-end: the API must answer the same on both."""
    from conftest import demo_database

    return demo_database(request.param, tmp_path_factory.mktemp("web"))


@pytest.fixture
def client(demo_db):
    with TestClient(create_app(demo_db, write_token=TOKEN)) as c:
        yield c


@pytest.fixture
def readonly(demo_db):
    with TestClient(create_app(demo_db)) as c:
        yield c


def test_events_and_every_filter(client):
    everything = client.get("/api/events?limit=1000").json()
    assert everything["total"] == len(everything["items"]) > 20
    def total(query):
        response = client.get(f"/api/events?{query}")
        assert response.status_code == 200, response.text
        return response.json()["total"]
    assert 0 < total("event_type=Battles") < everything["total"]
    assert total("sub_event_type=Air/drone strike") > 0
    assert total("actor=Military Forces of Russia") > 0
    assert total("place=Azaz") > 0 and total("place=Aleppo") >= total("place=Azaz")
    assert total("bbox=36.9,36.4,37.2,36.7") == total("place=Azaz")
    assert 0 < total("language=ar") < everything["total"]
    assert total("outlet=Reuters") > 0
    assert total("q=سيارة مفخخة") > 0 and total("q=car bomb") > 0
    assert total("date_from=2021-01-01&date_to=2021-12-31") > 0
    assert total("salience=main") > 0
    page = client.get("/api/events?limit=5&offset=5").json()
    assert len(page["items"]) == 5 and page["offset"] == 5
    incident = everything["items"][0]["incident_id"]
    assert total(f"incident_id={incident}") >= 1


@pytest.mark.parametrize("query, param", [
    ("event_type=Nope", "event_type"), ("sub_event_type=Nope", "sub_event_type"), ("salience=huge", "salience"),
    ("bbox=1,2,3", "bbox"), ("bbox=40,30,35,35", "bbox"), ("date_from=2021-13-01", "date_from"),
    ("date_from=2021-05-01&date_to=2021-01-01", "date_to"), ("limit=0", "limit"), ("limit=5000", "limit"),
    ("offset=-1", "offset"), ("limit=abc", "limit"), ("q=%20--%20", "q"),
])
def test_bad_parameters_are_clear_400s(client, query, param):
    response = client.get(f"/api/events?{query}")
    assert response.status_code == 400
    assert response.json()["param"] == param and param in response.json()["error"]


@pytest.mark.parametrize("q", ["%25", "*", "%F0%9F%99%82", "(((", "+".join(["shelling"] * 33), "a" * 1001])
@pytest.mark.parametrize("endpoint", ["/api/events", "/api/documents", "/api/claims", "/api/export/events.csv"])
def test_a_search_without_words_or_past_its_caps_is_a_400(client, endpoint, q):
    response = client.get(f"{endpoint}?q={q}")
    assert response.status_code == 400, response.text
    assert response.json()["param"] == "q" and response.json()["error"].startswith("parameter 'q': ")


def test_a_search_keeps_at_most_the_hit_cap_of_documents(client):
    from marsad.storage.search import MAX_HITS, MAX_QUERY_WORDS

    assert client.get("/api/documents?q=" + "+".join(["Azaz"] * MAX_QUERY_WORDS)).status_code == 200
    found = client.get("/api/documents?q=Azaz&limit=1000").json()["total"]
    assert 0 < found <= MAX_HITS
    store = client.app.state.store
    assert found == len(store.search("Azaz", limit=MAX_HITS, snippets=False))


def test_one_of_everything_and_404s(client):
    event = client.get("/api/events?limit=1").json()["items"][0]
    detail = client.get(f"/api/events/{event['id']}").json()
    assert detail["machine"]["event_type"] == event["event_type"] and "claims" in detail
    doc = client.get(f"/api/documents/{event['doc_id']}").json()
    assert doc["text"] and doc["events"] and "source" not in doc
    assert client.get("/api/documents?language=ar&limit=100").json()["total"] == 7
    assert client.get("/api/documents?q=Azaz").json()["total"] >= 2
    incidents = client.get("/api/incidents?limit=1000").json()
    assert incidents["total"] > 0
    deadly = next(i for i in incidents["items"] if i["fatalities_best"])  # (a background event's has no toll)
    one = client.get(f"/api/incidents/{deadly['id']}").json()
    assert one["events"] and one["incident"]["summary"]["reconciled"]["killed"]["best"] == deadly["fatalities_best"]
    claims = client.get("/api/claims?kind=killed").json()
    assert claims["total"] > 0 and all(c["kind"] == "killed" for c in claims["items"])
    assert client.get("/api/claims?kind=bored").status_code == 400
    sources = client.get("/api/sources").json()["items"]
    assert client.get(f"/api/sources/{sources[0]['outlet']}").json()["outlet"] == sources[0]["outlet"]
    for missing in ("/api/events/nope", "/api/documents/nope", "/api/incidents/nope", "/api/sources/nope"):
        assert client.get(missing).status_code == 404
    assert client.get("/openapi.json").json()["info"]["title"] == "marsad"


def test_exports_are_downloads_with_the_same_filters(client):
    csv_response = client.get("/api/export/events.csv?language=ar")
    assert "attachment" in csv_response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(csv_response.text)))
    listed = client.get("/api/events?language=ar&limit=1000").json()["items"]
    assert len(rows) == sum(e["salience"] != "background" for e in listed) < len(listed)  # background left out
    every = list(csv.DictReader(io.StringIO(client.get("/api/export/events.csv?language=ar&background=true").text)))
    assert len(every) == len(listed)
    geo = client.get("/api/export/events.geojson?language=ar").json()
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == len(rows)
    lines = client.get("/api/export/events.jsonl?event_type=Battles").text.splitlines()
    assert all(json.loads(line)["event_type"] == "Battles" for line in lines) and lines


def test_incident_downloads_have_one_row_per_incident(client):
    rows = list(csv.DictReader(io.StringIO(client.get("/api/export/incidents.csv").text)))
    listed = client.get("/api/incidents?limit=1000").json()["items"]
    assert len({r["event_id_cnty"] for r in rows}) == len(rows) < len(listed)  # incidents told only as background
    told = {e["incident_id"] for e in client.get("/api/events?limit=1000").json()["items"]
            if e["salience"] != "background"}
    assert {r["event_id_cnty"] for r in rows} == told
    assert [r["event_id_cnty"] for r in rows] == [i["id"] for i in listed if i["id"] in told]  # the list's order
    every = client.get("/api/export/incidents.csv?background=true&excel=true")
    assert every.text.startswith("\ufeff") and every.text.count("\n") == len(listed) + 1
    azaz = list(csv.DictReader(io.StringIO(client.get("/api/export/incidents.csv?place=Azaz").text)))
    assert azaz and all(r["admin1"] == "Aleppo" for r in azaz) and len(azaz) < len(rows)
    geo = client.get("/api/export/incidents.geojson?place=Azaz").json()
    assert {f["properties"]["event_id_cnty"] for f in geo["features"]} == {r["event_id_cnty"] for r in azaz}
    lines = client.get("/api/export/incidents.jsonl?place=Azaz").text.splitlines()
    assert [json.loads(line)["event_id_cnty"] for line in lines] == [r["event_id_cnty"] for r in azaz]
    assert client.get("/api/export/incidents.jsonl?excel=true").status_code == 400  # CSV only


def test_writes_need_the_token(client, readonly):
    doc = {"id": "posted", "text": "Clashes in Daraa\n\nClashes broke out in Daraa al-Balad on Monday.",
           "published": "2021-07-26"}
    assert readonly.post("/api/documents", json=doc).status_code == 403
    assert client.post("/api/documents", json=doc).status_code == 401
    assert client.post("/api/documents", json=doc, headers={"Authorization": "Bearer wrong"}).status_code == 401
    ok = client.post("/api/documents", json=[doc], headers={"Authorization": f"Bearer {TOKEN}"})
    assert ok.status_code == 201 and ok.json()["new"] == 1
    empty = client.post("/api/documents", json={"text": ""}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert empty.status_code == 422 and "'text'" in empty.json()["rejected"][0]["reason"]
    mixed = client.post("/api/documents", json=[{"text": 7}, dict(doc, id="again", text=doc["text"] + " Again.")],
                        headers={"Authorization": f"Bearer {TOKEN}"})
    assert mixed.status_code == 201 and mixed.json()["new"] == 1
    assert mixed.json()["rejected"] == [{"source": "api:0", "reason": "the 'text' field is int, not a string"}]
    event = client.get("/api/events?limit=1").json()["items"][0]
    review = {"action": "reject", "who": "analyst", "why": "test"}
    assert readonly.post(f"/api/events/{event['id']}/review", json=review).status_code == 403
    assert client.post(f"/api/events/{event['id']}/review", json=review).status_code == 401


def test_a_correction_flows_into_the_api_and_exports_and_keeps_the_machine_record(client):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    event = client.get("/api/events?place=Azaz&salience=main&limit=1").json()["items"][0]
    bad = client.post(f"/api/events/{event['id']}/review", headers=auth,
                      json={"action": "correct", "who": "analyst", "changes": {"place": "Atlantis"}})
    assert bad.status_code == 400 and "Atlantis" in bad.json()["error"]
    fixed = client.post(f"/api/events/{event['id']}/review", headers=auth, json={
        "action": "correct", "who": "Layla", "why": "the hospital's count",
        "changes": {"fatalities_low": 9, "fatalities_best": 9, "fatalities_high": 9}})
    assert fixed.status_code == 200 and fixed.json()["who"] == "Layla"
    detail = client.get(f"/api/events/{event['id']}").json()
    assert detail["fatalities_best"] == 9 and detail["status"] == "corrected"
    assert detail["machine"]["fatalities_best"] == event["fatalities_best"]
    assert detail["corrections"][0]["why"] == "the hospital's count"
    rows = list(csv.DictReader(io.StringIO(client.get("/api/export/events.csv?place=Azaz").text)))
    assert any(r["event_id_cnty"] == event["id"] and r["fatalities"] == "9" for r in rows)
    client.post(f"/api/events/{event['id']}/review", headers=auth, json={"action": "reject", "who": "Layla"})
    assert event["id"] not in {e["id"] for e in client.get("/api/events?limit=1000").json()["items"]}
    assert event["id"] in {e["id"] for e in client.get("/api/events?limit=1000&include_rejected=1").json()["items"]}


@pytest.mark.parametrize("path, body, field", [
    ("review", {"action": "correct", "who": "x", "changes": "abc"}, "changes"),
    ("review", {"action": "correct", "who": "x", "changes": {"event_type": ["Battles"]}}, "changes.event_type"),
    ("review", '{"action": "correct", "who": "x", "changes": {"fatalities_best": 1e400}}', "changes.fatalities_best"),
    ("review", {"action": "correct", "who": "x", "changes": {"fatalities_best": 10**30}}, "changes.fatalities_best"),
    ("review", {"action": "correct", "who": "x", "changes": {"fatalities_best": True}}, "changes.fatalities_best"),
    ("review", {"action": "correct", "who": "x", "changes": {"actor1": {"a": 1}}}, "changes.actor1"),
    ("review", {"action": ["confirm"], "who": "x"}, "action"),
    ("review", {"action": "confirm", "who": 7}, "who"),
    ("review", ["confirm"], "body"),
    ("review", '{"action": "confirm", "who": NaN}', "body"),
    ("merge", {"into": ["a"], "who": "x"}, "into"),
    ("merge", {"into": {"a": 1}, "who": "x"}, "into"),
    ("merge", {"into": "x", "who": "x", "why": 1.5}, "why"),
])
def test_wrongly_typed_review_and_merge_bodies_are_400s_naming_the_field(client, path, body, field):
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    event = client.get("/api/events?limit=1").json()["items"][0]
    url = f"/api/events/{event['id']}/review" if path == "review" else f"/api/incidents/{event['incident_id']}/merge"
    before = client.get(f"/api/events/{event['id']}").json()["corrections"]
    response = client.post(url, content=body if isinstance(body, str) else json.dumps(body), headers=auth)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert response.json()["field"] == field
    assert error.startswith("the body ") if field == "body" else error.startswith(f"field {field!r}: ")
    assert client.get(f"/api/events/{event['id']}").json()["corrections"] == before


def test_merge_and_split_incidents(client):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    incidents = client.get("/api/incidents").json()["items"]
    a, b = incidents[0]["id"], incidents[1]["id"]
    assert client.post(f"/api/incidents/{a}/merge", headers=auth, json={"into": a, "who": "x"}).status_code == 400
    merged = client.post(f"/api/incidents/{a}/merge", headers=auth, json={"into": b, "who": "Layla", "why": "same"})
    assert merged.status_code == 200
    assert client.get(f"/api/events?incident_id={a}").json()["total"] == 0
    moved = client.get(f"/api/events?incident_id={b}&limit=1000").json()["items"]
    split = client.post(f"/api/events/{moved[0]['id']}/review", headers=auth, json={"action": "split", "who": "Layla"})
    new_incident = split.json()["changes"]["incident_id"]
    assert client.get(f"/api/events/{moved[0]['id']}").json()["incident_id"] == new_incident


def test_untrusted_text_is_inert_in_every_page(client):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    posted = client.post("/api/documents", headers=auth, json={"id": "xss", "text": XSS, "title": XSS[:60],
                                                                 "published": "2021-07-26"})
    assert posted.status_code == 201
    doc = next(d for d in client.get("/api/documents?limit=1000").json()["items"] if d["key"] == "xss")
    pages = [f"/documents/{doc['id']}", "/", "/sources", "/incidents"]
    events = client.get(f"/api/documents/{doc['id']}").json()["events"]
    pages += [f"/events/{e['id']}/review" for e in events] + [f"/incidents/{e['incident_id']}" for e in events]
    for page in pages:
        html = client.get(page).text
        assert "<script>window.__xss" not in html and "<script>alert" not in html, page
        assert "<img src=x" not in html and 'href="javascript:' not in html, page
    assert "&lt;script&gt;" in client.get(f"/documents/{doc['id']}").text
    assert "script-src 'self'" in client.get("/").headers["content-security-policy"]


def test_forms_need_csrf_and_token(client):
    event = client.get("/api/events?limit=1").json()["items"][0]
    page = client.get(f"/events/{event['id']}/review")
    csrf = page.text.split('name="csrf" value="')[1].split('"')[0]
    form = {"action": "confirm", "who": "Layla", "why": "", "token": TOKEN}
    forged = client.post(f"/events/{event['id']}/review", data={**form, "csrf": "forged"})
    assert forged.status_code == 403 and "CSRF" in forged.text
    csrf = forged.text.split('name="csrf" value="')[1].split('"')[0]  # a refused form comes back with a new one
    wrong = client.post(f"/events/{event['id']}/review", data={**form, "csrf": csrf, "token": "no"})
    assert wrong.status_code == 401 and 'value="Layla"' in wrong.text  # the edits are kept
    csrf = wrong.text.split('name="csrf" value="')[1].split('"')[0]
    ok = client.post(f"/events/{event['id']}/review", data={**form, "csrf": csrf}, follow_redirects=False)
    assert ok.status_code == 303
    assert client.get(f"/api/events/{event['id']}").json()["status"] == "confirmed"


def test_both_backends_answer_alike(tmp_path):
    from conftest import fresh_database

    answers = []
    for backend in ("sqlite", "postgresql"):
        url = fresh_database(backend, tmp_path)
        _, store = run_demo(url)
        store.close()
        with TestClient(create_app(url)) as c:
            answers.append([c.get(q).json() for q in ("/api/events?limit=1000", "/api/incidents",
                                                      "/api/documents?q=Azaz", "/api/events?q=دمشق&limit=1000")])
    for docs in (answers[0][2], answers[1][2]):
        for d in docs["items"]:
            d.pop("ingested_at")  # the clock, not the data
    assert answers[0] == answers[1]


def test_writes_to_a_database_that_cannot_be_written_are_refused_with_503(tmp_path, read_only_copy):
    _, store = run_demo(tmp_path / "demo.db")
    event_id = store.events()[0]["id"]
    store.close()
    folder = read_only_copy([tmp_path / "demo.db"])
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with TestClient(create_app(folder / "demo.db", write_token=TOKEN)) as client:
        assert client.get("/api/events").status_code == 200
        posted = client.post("/api/documents", headers=auth,
                             json={"id": "ro", "text": "Shelling killed two civilians in Daraa on Monday."})
        reviewed = client.post(f"/api/events/{event_id}/review", headers=auth,
                               json={"action": "reject", "who": "analyst", "why": "test"})
        for answer in (posted, reviewed):
            assert answer.status_code == 503 and "read-only" in answer.json()["error"]
            assert str(folder) not in answer.text
