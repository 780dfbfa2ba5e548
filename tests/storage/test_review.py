"""Reviewed reads survive a stored correction that no longer validates: it is skipped and flagged."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import insert

import marsad
from marsad.storage import schema
from marsad.storage.review import ReviewError, validate_changes


def _stored_event(store) -> dict:
    doc = marsad.extract("Shelling by government forces killed 4 civilians in Daraa on Monday, the Syrian "
                         "Observatory said.", key="daraa.txt", published="2021-03-15")
    store.add_documents([doc])
    (event,) = store.reviewed_events()
    return event


def _stale(store, event_id: str) -> None:
    """A correction stored by an earlier release, whose actor has since been renamed in actors.json."""
    with store.engine.begin() as conn:
        conn.execute(insert(schema.corrections).values(
            id="stale1", target="event", target_id=event_id, action="correct",
            changes=json.dumps({"actor1": "An actor renamed since", "fatalities_best": 9}), who="analyst",
            why="", at="2024-01-01T00:00:00+00:00"))


def test_a_correction_that_no_longer_validates_is_skipped_and_flagged(store):
    event = _stored_event(store)
    _stale(store, event["id"])
    store.review("event", event["id"], "correct", who="analyst",
                 changes={"fatalities_low": 5, "fatalities_best": 5, "fatalities_high": 5})
    (read,) = store.reviewed_events()  # no error: every list, page and export goes on
    assert read["actor1"] == event["actor1"]  # the stale correction is not applied, not even in part ...
    assert read["fatalities_best"] == 5 and read["status"] == "corrected"  # ... the valid one is
    (stale,) = store.stale_corrections()
    assert stale["id"] == "stale1" and stale["target_id"] == event["id"]
    assert stale["problem"] == ("no longer valid, not applied: actor1 'An actor renamed since' is not a "
                                "known actor")
    history = store.corrections("event", event["id"])
    assert [c["problem"] is None for c in history] == [False, True]  # shown in the event's review history


def test_a_correction_whose_changes_are_unreadable_is_skipped_and_flagged(store):
    event = _stored_event(store)
    with store.engine.begin() as conn:
        conn.execute(insert(schema.corrections).values(
            id="broken", target="incident", target_id="inc-1", action="merge", changes="[1, 2",
            who="analyst", why="", at="2024-01-01T00:00:00+00:00"))
    assert [e["id"] for e in store.reviewed_events()] == [event["id"]]
    assert [(c["id"], c["problem"]) for c in store.stale_corrections()] == [
        ("broken", "its changes are not valid JSON")]


def test_changes_of_the_wrong_type_are_review_errors_naming_the_field():
    for changes, field in (({"fatalities_best": [1, 2]}, "fatalities_best"), ({"actor1": {"a": 1}}, "actor1"),
                           ({"fatalities_low": float("inf")}, "fatalities_low"), ({"date": True}, "date")):
        with pytest.raises(ReviewError, match=field):
            validate_changes(changes)
    assert validate_changes({"fatalities_best": 3, "actor2": None}) == {"fatalities_best": 3, "actor2": None}


def test_figures_must_run_low_best_high_and_date_precision_is_set(store):
    event = _stored_event(store)
    for changes in ({"fatalities_low": 10, "fatalities_best": 5, "fatalities_high": 2},
                    {"fatalities_best": 2, "fatalities_high": 1}, {"fatalities_low": event["fatalities_best"] + 1}):
        with pytest.raises(ReviewError, match="low ≤ best ≤ high"):
            store.review("event", event["id"], "correct", who="analyst", changes=changes)
    assert store.corrections() == []  # nothing stored
    store.review("event", event["id"], "correct", who="analyst",
                 changes={"fatalities_low": 3, "fatalities_best": 4, "fatalities_high": 6, "date_precision": "week"})
    (read,) = store.reviewed_events()
    assert (read["fatalities_low"], read["fatalities_best"], read["fatalities_high"]) == (3, 4, 6)
    assert read["date_precision"] == "week"
    with pytest.raises(ReviewError, match="date_precision 'fortnight'"):
        store.review("event", event["id"], "correct", who="analyst", changes={"date_precision": "fortnight"})


def test_a_rejected_event_corrected_stays_rejected_until_confirmed(store):
    event = _stored_event(store)
    store.review("event", event["id"], "reject", who="analyst", why="not an event")
    store.review("event", event["id"], "correct", who="analyst", changes={"fatalities_best": 4})
    (read,) = store.reviewed_events()
    assert read["status"] == "rejected" and read["fatalities_best"] == 4
    store.review("event", event["id"], "confirm", who="analyst", why="it was one after all")
    assert store.reviewed_events()[0]["status"] == "confirmed"
