"""The incident as the unit of record: one row per incident in ACLED's and UCDP's columns, every outlet as its
source, the reconciled conservative toll, background mentions only when asked for, CSV for Excel."""
import csv
import io
import json
from datetime import datetime

import pytest

import marsad
from marsad.linking.incidents import link_database
from marsad.web.codes import codebook
from marsad.web.columns import BOM, INCIDENT_COLUMNS, excel_cell, short_note, write_csv
from marsad.web.export import export
from marsad.web.records import incident_records

ENGLISH = ("Regime shelling kills five in Maarat al-Numan\n\n"
           "IDLIB, Syria (Enab Baladi) - Five civilians, among them two children, were killed on Tuesday when "
           "regime forces shelled residential neighbourhoods of Maarat al-Numan in the southern Idlib countryside, "
           "the Syrian Civil Defence said.\n\n"
           "The city was also struck by Russian warplanes in 2016, when dozens were killed in an air raid on its "
           "market.\n\nShare this article | Comments (0)")
ARABIC = ("قصف مدفعي لقوات النظام يقتل مدنيين في معرة النعمان\n\n"
          "إدلب - سمارت: قُتل سبعة مدنيين بينهم طفلان، اليوم الثلاثاء، جراء قصف مدفعي لقوات النظام السوري على "
          "الأحياء السكنية في مدينة معرة النعمان جنوبي إدلب، بحسب ما أفاد مراسل سمارت.\n\n"
          "وكانت الطائرات الروسية قد استهدفت سوق المدينة عام 2016 ما أدى لمقتل العشرات.")


@pytest.fixture
def shelled(store):
    """Two outlets, two languages, one shelling; each report recalls a 2016 air raid as background."""
    docs = [marsad.extract(ENGLISH, key="enab.txt", publisher="Enab Baladi", published="2019-12-10"),
            marsad.extract(ARABIC, key="smart.txt", publisher="SMART", published="2019-12-10")]
    store.add_documents(docs)
    link_database(store)
    return store


def _csv(store, **options) -> tuple[str, list[dict]]:
    buf = io.StringIO()
    count = export(store, buf, what="incidents", fmt="csv", **options)
    rows = list(csv.DictReader(io.StringIO(buf.getvalue().removeprefix(BOM))))
    assert count == len(rows)
    return buf.getvalue(), rows


def test_one_row_per_incident_in_acled_and_ucdp_columns(shelled):
    text, rows = _csv(shelled)
    (row,) = rows  # the two reports are one incident; the 2016 raid is background
    assert list(row) == list(INCIDENT_COLUMNS) and not text.startswith(BOM)
    (incident,) = [i for i in shelled.incidents() if i["id"] == row["event_id_cnty"]]
    assert (row["event_date"], row["year"], row["time_precision"], row["date_prec"]) == ("2019-12-10", "2019", "1", "1")
    assert (row["disorder_type"], row["event_type"], row["sub_event_type"]) == (
        "Political violence", "Explosions/Remote violence", "Shelling/artillery/missile attack")
    assert (row["actor1"], row["inter1"], row["actor2"], row["inter2"]) == (
        "Syrian government forces", "1", "Civilians", "7")
    assert (row["interaction"], row["civilian_targeting"]) == ("17", "Civilian targeting")
    assert (row["iso"], row["region"], row["country"], row["admin1"]) == ("760", "Middle East", "Syria", "Idlib")
    assert row["location"] == incident["location_name"] and (row["geo_precision"], row["where_prec"]) == ("1", "1")
    assert (row["source"], row["source_scale"], row["number_of_sources"]) == (
        "Enab Baladi; SMART News Agency", "National", "2")
    # ACLED's conservative figure is the reconciled low: the Civil Defence's five against SMART's seven
    assert (row["fatalities"], row["low"], row["best"], row["high"]) == (
        "5", str(incident["fatalities_low"]), str(incident["fatalities_best"]), "7")
    assert row["notes"] and (row["notes"] in " ".join(ENGLISH.split()) or row["notes"] in " ".join(ARABIC.split()))
    stored = max(d["ingested_at"] for d in shelled.documents())
    assert int(row["timestamp"]) == int(datetime.fromisoformat(stored).timestamp())


def test_background_mentions_only_when_asked_for(shelled):
    _, rows = _csv(shelled, background=True)
    assert len(rows) == 2
    (recalled,) = [r for r in rows if r["actor1"] == "Military Forces of Russia"]
    assert (recalled["sub_event_type"], recalled["fatalities"], recalled["inter1"]) == ("Air/drone strike", "0", "8")
    per_report = io.StringIO()
    assert export(shelled, per_report, what="events", fmt="jsonl") == 2
    assert {json.loads(line)["salience"] for line in per_report.getvalue().splitlines()} == {"main"}
    assert export(shelled, io.StringIO(), what="events", fmt="jsonl", background=True) == 4


def test_a_rejected_report_leaves_the_incident_and_its_sources(shelled):
    (english,) = [e for e in shelled.reviewed_events() if e["doc_key"] == "enab.txt" and e["salience"] == "main"]
    before = incident_records(shelled)[0]
    shelled.review("event", english["id"], "reject", who="Layla", why="told twice")
    (after,) = incident_records(shelled)
    assert (after["source"], after["number_of_sources"], after["reports"]) == ("SMART News Agency", 1, 1)
    assert after["timestamp"] >= before["timestamp"]
    assert after["events"] == [e for e in before["events"] if e != english["id"]]


def test_jsonl_and_geojson_carry_the_same_incidents(shelled):
    lines = io.StringIO()
    export(shelled, lines, what="incidents", fmt="jsonl")
    (record,) = [json.loads(line) for line in lines.getvalue().splitlines()]
    assert record["reports"] == 2 and len(record["documents"]) == 2 and "killed" in record["reconciled"]
    geo = io.StringIO()
    assert export(shelled, geo, what="incidents", fmt="geojson") == 1
    (point,) = json.loads(geo.getvalue())["features"]
    assert point["geometry"]["coordinates"] == [record["longitude"], record["latitude"]]
    assert point["properties"]["event_id_cnty"] == record["event_id_cnty"]
    with pytest.raises(ValueError, match="GeoJSON exports events and incidents only"):
        export(shelled, io.StringIO(), what="claims", fmt="geojson")


def test_excel_csv_has_a_byte_order_mark_and_no_formulas(shelled):
    text, rows = _csv(shelled, excel=True)
    assert text.startswith(BOM) and text.count(BOM) == 1 and rows[0]["source"] == "Enab Baladi; SMART News Agency"
    buf = io.StringIO()
    write_csv(buf, [{"notes": '=HYPERLINK("http://x.example","click")', "latitude": "-3.5", "actor1": "@SMART"}],
              ("notes", "latitude", "actor1"), excel=True)
    (row,) = csv.DictReader(io.StringIO(buf.getvalue().removeprefix(BOM)))
    assert row == {"notes": '\'=HYPERLINK("http://x.example","click")', "latitude": "-3.5", "actor1": "'@SMART"}
    assert excel_cell(-3) == -3 and excel_cell("قصف") == "قصف"


def test_codes_come_from_the_codebook():
    codes = codebook()
    assert codes.interaction(8, 2) == 28 and codes.interaction(2, 8) == 28 and codes.interaction(3, None) == 30
    assert codes.interaction(None, 7) is None
    assert codes.source_scale(["Reuters", "SANA", "Deir ez-Zor 24", "an outlet nobody knows"]) == \
        "Subnational-National-International"
    assert codes.civilian_targeting("Battles", 7) == "Civilian targeting" and not codes.civilian_targeting("Battles", 1)
    assert codes.countries["Syria"] == {"iso": 760, "region": "Middle East"}


def test_a_long_note_is_cut_at_a_word():
    sentence = ("DAMASCUS (SANA) - Units of the army and the armed forces targeted with artillery and missiles the "
                "positions and movement axes of the terrorist organizations in the countryside of Idlib and Hama, "
                "destroying their dens and fortifications and killing and injuring many of their members, a "
                "military source said on Saturday, adding that the operations continue until the area is cleared.")
    note = short_note(sentence, limit=120)
    assert len(note) <= 120 and note.endswith("…") and sentence.startswith(note[:-1])
    assert short_note("  Shelling on\n\nDouma ") == "Shelling on Douma"


def test_the_codebook_covers_the_lexicons():
    """Every outlet kind has a source scale, every actor's inter code a name, every event type a disorder type,
    every interaction of two known codes a name, and every precision a code."""
    from marsad.extraction.datafiles import DATA
    from marsad.reading.outlets import outlets
    from marsad.web.query import taxonomy

    codes = codebook()
    raw = DATA.load("codebook")
    assert all(o.name in codes.scale_of_outlet for o in outlets())
    assert set(codes.scale_of_outlet.values()) <= set(codes.scale_order)
    assert {str(a["inter"]) for a in DATA.load("actors")["actors"]} <= set(raw["inter"])
    assert set(codes.disorder) == set(taxonomy())
    known = [int(c) for c in raw["inter"]]
    assert all(codes.interaction(a, b) for a in known for b in [None, *known])
    for table in (codes.time_precision, codes.date_prec):
        assert {"day", "week", "month"} <= set(table)
    places = {p["precision"] for p in DATA.load("places")["places"]}
    assert places <= set(codes.geo_precision) and places <= set(codes.where_prec)


def test_a_merge_leaves_one_row_with_both_incidents_events(shelled):
    before = {r["event_id_cnty"]: r for r in incident_records(shelled, background=True)}
    (told,) = [i for i, r in before.items() if r["actor1"] == "Syrian government forces"]
    (recalled,) = [i for i in before if i != told]
    shelled.review("incident", recalled, "merge", who="Layla", why="the raid is the same attack",
                   changes={"into": told})
    (after,) = incident_records(shelled, background=True)
    assert after["event_id_cnty"] == told and after["actor1"] == "Syrian government forces"
    assert sorted(after["events"]) == sorted(before[told]["events"] + before[recalled]["events"])
    assert after["assoc_actor_1"] == "Military Forces of Russia"  # the other reports' actor, now associated
    _, rows = _csv(shelled)
    assert [r["event_id_cnty"] for r in rows] == [told]
