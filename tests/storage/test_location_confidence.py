"""How sure an event's place is (schema migration 8): stored with the event on SQLite and PostgreSQL, served by the
API and shown on the pages; a database stored before the migration upgrades keeping its events, read as
"high", the only confidence marsad reported then."""
import csv

import pytest
from sqlalchemy import insert, select

import marsad
import marsad.storage.migrations as migrations
from conftest import fresh_database
from marsad.extraction.gazetteer import import_paths
from marsad.storage import Store, schema
from marsad.storage.database import _rows

# A village the analyst's list knows in one governorate, named in one report with nothing around it to vouch
# for it and in the other with its governorate.
VILLAGE = ("Dayr Sunbul", "دير سنبل", "Deir Sunbul", 35.624, 36.521, "Idlib", "Ariha", "village")
UNSURE = ("Barrel bombs hit Syrian village\n\nRegime helicopters dropped barrel bombs on the village of Deir "
          "Sunbul on Tuesday, killing three civilians, activists said.\n")
SURE = ("قصف بالبراميل على ريف إدلب\n\nقصفت مروحيات النظام بالبراميل المتفجرة قرية دير سنبل بريف إدلب الجنوبي "
        "يوم الثلاثاء، ما أدى إلى مقتل ثلاثة مدنيين، بحسب ناشطين.\n")


@pytest.fixture()
def village(tmp_path, monkeypatch):
    listing = tmp_path / "villages.csv"
    with listing.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(("name", "name_ar", "aliases", "lat", "lon", "admin1", "admin2", "precision"))
        writer.writerow(VILLAGE)
    path = tmp_path / "gazetteer.sqlite"
    import_paths([listing], gazetteer=path)
    monkeypatch.setenv("MARSAD_GAZETTEER", str(path))


def reports():
    return [marsad.extract(UNSURE, key="unsure.txt", published="2019-05-14"),
            marsad.extract(SURE, key="sure.txt", published="2019-05-14")]


@pytest.mark.usefixtures("village")
def test_the_confidence_of_a_place_is_stored_and_served(store):
    unsure, sure = reports()
    assert [e.location_confidence for e in unsure.events] == ["low"]
    assert [e.location_confidence for e in sure.events] == ["high"]
    store.add_documents([unsure, sure])
    stored = {row["doc_id"]: row["location_confidence"] for row in store.events()}
    assert stored == {unsure.id: "low", sure.id: "high"}


@pytest.mark.usefixtures("village")
def test_the_api_and_the_pages_say_when_a_place_is_unsure(tmp_path):
    pytest.importorskip("fastapi", reason="needs optional part: the web extra (pip install marsad[web])")
    from fastapi.testclient import TestClient

    from marsad.web.app import create_app

    db = str(tmp_path / "web.db")
    unsure, sure = reports()
    with Store(db) as store:
        store.add_documents([unsure, sure])
    with TestClient(create_app(db)) as client:
        events = client.get("/api/events?limit=10").json()["items"]
        assert {e["doc_id"]: e["location_confidence"] for e in events} == {unsure.id: "low", sure.id: "high"}
        assert "(place unsure)" in client.get(f"/documents/{unsure.id}").text
        assert "(place unsure)" not in client.get(f"/documents/{sure.id}").text


@pytest.mark.usefixtures("village")
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_database_from_before_migration_8_upgrades_and_reads_high(backend, tmp_path, monkeypatch):
    docs = reports()
    db = fresh_database(backend, tmp_path)
    with monkeypatch.context() as old:
        old.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:7])
        with Store(db) as store:
            assert store.schema_version() == 7
            with store.engine.begin() as conn:
                for doc in docs:
                    rows = _rows(doc)
                    rows["events"] = [{k: v for k, v in r.items() if k != "location_confidence"}
                                      for r in rows["events"]]
                    for table in ("documents", "paragraphs", "events", "claims"):
                        if rows[table]:
                            conn.execute(insert(getattr(schema, table)), rows[table])
    with Store(db) as store:
        assert store.schema_version() == 8
        with store.engine.connect() as conn:
            found = [dict(r) for r in conn.execute(select(schema.events)).mappings()]
        assert sorted(r["id"] for r in found) == sorted(e.id for d in docs for e in d.events)
        assert all(r["location_confidence"] == "high" for r in found)
