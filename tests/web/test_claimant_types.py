"""Claims carry their claimant's type, channel and scope in the extract output, the API, the exports and the
incident page, on SQLite and PostgreSQL; a claimant's name is escaped wherever it is shown."""
import csv
import html
import io
import json

import pytest

pytest.importorskip("fastapi", reason="needs optional part: the web extra (pip install marsad[web])")

from fastapi.testclient import TestClient  # noqa: E402

import marsad  # noqa: E402
from conftest import fresh_database  # noqa: E402
from marsad.linking.incidents import link_database  # noqa: E402
from marsad.storage import Store  # noqa: E402
from marsad.web.app import create_app  # noqa: E402
from marsad.web.export import CLAIM_COLUMNS, export  # noqa: E402
from marsad.web.output import claim_record  # noqa: E402

HOSTILE = '<img src=x onerror="window.__xss=1"> News'
# Two reports of one shelling, written for this test: a monitor through medics, a breakdown, a campaign total,
# and a correspondent of an outlet whose name is markup.
MONITOR = ("Shelling kills 9 in Douma\n\nDOUMA, Feb 5 (Reuters) - Government forces shelled the town of Douma in "
           "Eastern Ghouta on Monday, killing nine civilians, including four children, the Syrian Observatory for "
           "Human Rights said, citing medical sources. More than 1,300 civilians have been killed in Eastern "
           "Ghouta since the start of the offensive, according to the Observatory.\n\nReporting by staff; "
           "Editing by desk")
CORRESPONDENT = ("Douma shelled again\n\nGovernment forces shelled the town of Douma in Eastern Ghouta on Monday, "
                 "killing eight civilians, our correspondent said.")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def db(request, tmp_path_factory):
    url = fresh_database(request.param, tmp_path_factory.mktemp("types"))
    with Store(url) as store:
        store.add_documents([marsad.extract(MONITOR, key="monitor.txt", publisher="Reuters", published="2018-02-05"),
                             marsad.extract(CORRESPONDENT, key="corr.txt", publisher=HOSTILE,
                                            published="2018-02-05")])
        link_database(store)
    return url


@pytest.fixture
def client(db):
    with TestClient(create_app(db)) as c:
        yield c


def test_the_extract_output_gives_every_claim_its_type_scope_and_channel():
    doc = marsad.extract(MONITOR, key="monitor.txt", publisher="Reuters", published="2018-02-05")
    records = [claim_record(c) for e in doc.events for c in e.claims]
    medics = next(r for r in records if r["claimant"] == "medics")
    assert (medics["claimant_type"], medics["via"], medics["scope"], medics["low"]) == ("medical", "SOHR",
                                                                                         "incident", 9)
    total = next(r for r in records if r["scope"] == "cumulative")
    assert (total["claimant"], total["claimant_type"], total["low"]) == ("SOHR", "monitor", 1300)
    assert total["period"].startswith("since the start")
    part = next(r for r in records if r["part_of"] is not None)
    assert part["part_of"] == medics["start"] and part["victims"] == "children"
    assert all(r["added"] is False for r in records)


def test_the_api_gives_each_claim_its_type_and_filters_on_it(client):
    claims = client.get("/api/claims?limit=1000").json()["items"]
    types = {c["claimant"]: c["claimant_type"] for c in claims}
    assert types == {"medics": "medical", "SOHR": "monitor", f"{HOSTILE} correspondent": "outlet"}
    monitors = client.get("/api/claims?claimant_type=monitor").json()
    assert monitors["total"] == 1 and monitors["items"][0]["scope"] == "cumulative"
    assert all(c["added"] in (True, False) for c in claims)
    bad = client.get("/api/claims?claimant_type=friend")
    assert bad.status_code == 400 and bad.json()["param"] == "claimant_type"
    event = next(c["event_id"] for c in claims if c["claimant"] == "medics")
    detail = client.get(f"/api/events/{event}").json()["claims"]
    assert {(c["claimant"], c["claimant_type"], c["via"]) for c in detail} >= {("medics", "medical", "SOHR")}


def test_the_exports_carry_the_claims_with_their_type(client, db):
    rows = list(csv.DictReader(io.StringIO(client.get("/api/export/claims.csv").text)))
    assert rows and list(rows[0]) == list(CLAIM_COLUMNS)
    assert {(r["claimant"], r["claimant_type"], r["scope"]) for r in rows} >= {
        ("SOHR", "monitor", "cumulative"), ("medics", "medical", "incident")}
    assert all(r["incident_id"] and r["published"] == "2018-02-05" for r in rows)
    lines = [json.loads(line) for line in client.get("/api/export/claims.jsonl").text.splitlines()]
    assert sorted(r["claimant"] for r in lines) == sorted(r["claimant"] for r in rows)
    events = [json.loads(line) for line in client.get("/api/export/events.jsonl").text.splitlines()]
    assert sum(len(e["claims"]) for e in events) == len(rows)
    geo = client.get("/api/export/events.geojson").json()
    assert any(c["claimant_type"] == "medical" for f in geo["features"] for c in f["properties"]["claims"])
    with Store(db) as store:
        out = io.StringIO()
        assert export(store, out, what="claims", fmt="csv") == len(rows)
        assert list(csv.DictReader(io.StringIO(out.getvalue()))) == rows
        out = io.StringIO()
        export(store, out, what="events", fmt="jsonl")
        assert all("claimant_type" in c for line in out.getvalue().splitlines() for c in json.loads(line)["claims"])


def test_the_incident_pages_show_each_claimants_type_escaped(client):
    pages = [client.get(f"/incidents/{i['id']}").text for i in client.get("/api/incidents?limit=1000").json()["items"]]
    page = "".join(pages)
    rows = [row for row in page.split('<tr class="claim">')[1:]]
    assert any("medics" in r and '<td class="claimant-type">medical</td>' in r and "via SOHR" in r for r in rows)
    assert any("SOHR" in r and "monitor" in r and "cumulative" in r and "not counted" in r for r in rows)
    assert any("part of a total" in r for r in rows)
    assert HOSTILE not in page and "<img" not in page and "&lt;img src=x onerror=" in page  # the name is text
    assert any(f"{HOSTILE} correspondent" in html.unescape(r) and '<td class="claimant-type">outlet</td>' in r
               for r in rows)
