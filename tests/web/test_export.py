import csv
import io
import json

import pytest

import marsad
from marsad.web.export import ACLED_COLUMNS, acled_row, export


@pytest.fixture
def filled(store):
    store.add_documents([marsad.extract("Raid on Sarmin\n\nWarplanes struck Sarmin on Tuesday, wounding eleven.",
                                        key="s.txt", publisher="SMART", published="2019-07-23")])
    return store


def test_documents_as_jsonl_and_csv(filled):
    buf = io.StringIO()
    assert export(filled, buf, what="documents", fmt="jsonl") == 1
    row = json.loads(buf.getvalue())
    assert row["key"] == "s.txt" and row["publisher"] == "SMART News Agency" and "Sarmin" in row["text"]
    buf = io.StringIO()
    export(filled, buf, what="documents", fmt="csv")
    (row,) = csv.DictReader(io.StringIO(buf.getvalue()))
    assert row["published"] == "2019-07-23" and row["language"] == "en"


def test_events_csv_has_acled_columns(filled):
    buf = io.StringIO()
    assert export(filled, buf, what="events", fmt="csv") == 1
    (row,) = csv.DictReader(io.StringIO(buf.getvalue()))
    assert list(row) == list(ACLED_COLUMNS)
    assert (row["event_type"], row["sub_event_type"], row["location"]) == \
        ("Explosions/Remote violence", "Air/drone strike", "Sarmin")
    assert (row["event_date"], row["time_precision"], row["source"]) == ("2019-07-23", "1", "SMART News Agency")


def test_acled_row_mapping():
    row = acled_row({"id": "e1", "date": "2019-07-23", "date_precision": "day", "event_type": "Battles",
                     "sub_event_type": "Armed clash", "geo_precision": "region", "location_name": "Sarmin",
                     "lat": 35.9, "lon": 36.7, "fatalities_best": 4, "publisher": "SMART News Agency"})
    assert (row["year"], row["time_precision"], row["geo_precision"], row["fatalities"]) == ("2019", 1, 2, 4)
    assert set(row) <= set(ACLED_COLUMNS)


def test_bad_choices_are_named(filled):
    with pytest.raises(ValueError, match="unknown export format 'xml'"):
        export(filled, io.StringIO(), fmt="xml")


def test_events_export_applies_review(filled):
    (event,) = filled.reviewed_events()
    filled.review("event", event["id"], "correct", who="analyst", changes={"fatalities_best": 3, "fatalities_high": 3})
    buf = io.StringIO()
    export(filled, buf, what="events", fmt="csv")
    (row,) = csv.DictReader(io.StringIO(buf.getvalue()))
    assert row["fatalities"] == "3"
    filled.review("event", event["id"], "reject", who="analyst", why="not an event")
    assert export(filled, io.StringIO(), what="events", fmt="jsonl") == 0
