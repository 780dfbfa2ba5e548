"""The timeline's geometry: a continuous time axis (empty bins drawn), stacks by type, undated events counted."""
from marsad.web.timeline import pick_bin, timeline


def _event(day, event_type="Battles", killed=None):
    return {"date": day, "event_type": event_type, "fatalities_best": killed}


def test_every_bin_between_the_first_and_last_event_is_drawn_and_undated_events_are_counted():
    events = [_event("2021-01-04", killed=3), _event("2021-01-06", "Protests"), _event("2021-02-15", killed=10),
              _event(None), _event(None, "Riots")]
    drawn = timeline(events, "week")
    assert drawn["undated"] == 2 and drawn["unit"] == "week"
    assert [b["start"] for b in drawn["bins"]][:2] == ["2021-01-04", "2021-01-11"] and len(drawn["bins"]) == 7
    first = drawn["bins"][0]
    assert [s["type"] for s in first["stack"]] == ["Battles", "Protests"] and first["deaths"] == 3
    assert first["stack"][1]["y"] < first["stack"][0]["y"]  # stacked upwards
    assert [b["events"] for b in drawn["bins"]] == [2, 0, 0, 0, 0, 0, 1]
    assert drawn["event_ticks"][-1]["value"] >= 2 and drawn["death_ticks"][-1]["value"] >= 10
    assert [key["type"] for key in drawn["legend"]] == ["Battles", "Protests"]
    months = timeline(events, "month")
    assert [b["start"] for b in months["bins"]] == ["2021-01", "2021-02"]


def test_the_bin_follows_the_span_and_no_dated_event_draws_nothing():
    from datetime import date

    assert pick_bin(date(2021, 1, 1), date(2021, 2, 1)) == "day"
    assert pick_bin(date(2020, 1, 1), date(2021, 6, 1)) == "week"
    assert pick_bin(date(2012, 1, 1), date(2021, 6, 1)) == "month"
    assert timeline([_event(None)]) == {"bins": [], "undated": 1, "unit": "week", "width": 900, "height": 220}
