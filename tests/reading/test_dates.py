from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marsad.reading.dates import find_dates, first_date


@pytest.mark.parametrize("text, expected", [
    ("Eldorar Alshamia Editor | 22 March, 2017", date(2017, 3, 22)),
    ("Special Reports | 2018-04-22 11:21:00", date(2018, 4, 22)),
    ("تم النشر بتاريخ : 12 فبراير، 2018 11:29:33 ص", date(2018, 2, 12)),
    ("٥ شباط ٢٠١٥", date(2015, 2, 5)),
    ("الخميس 14 تشرين الأول 2019", date(2019, 10, 14)),
    ("3 كانون الثاني 2020", date(2020, 1, 3)),
    ("Published: July 22, 2019", date(2019, 7, 22)),
    ("the 2nd of September 2021", date(2021, 9, 2)),
    ("22/03/2017", date(2017, 3, 22)),
    ("03/22/2017", date(2017, 3, 22)),
    ("05/04/2017", date(2017, 4, 5)),
    ("12 إبريل 2016", date(2016, 4, 12)),
    ("12 ابريل 2016", date(2016, 4, 12)),
])
def test_explicit_dates(text, expected):
    assert first_date(text) == expected


@pytest.mark.parametrize("text", [
    "حاجز 8 آذار- فرع التحقيق",   # a checkpoint named after a date, no year
    "In December 2017 the coalition said",  # month and year only: not a day
    "31 February 2018",             # impossible
    "12 March 1850",                # out of range
    "on Monday", "صباح اليوم الخميس", "",
])
def test_not_a_full_date(text):
    assert first_date(text) is None


def test_offsets_point_at_the_date():
    text = "Aleppo, 14 March 2021 - Aleppo"
    (found,) = find_dates(text)
    assert text[found.start:found.end] == "14 March 2021"


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_round_trip_iso_and_english(day):
    months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December"]
    assert first_date(day.isoformat()) == day
    assert first_date(f"{day.day} {months[day.month - 1]} {day.year}") == day
    assert first_date(f"{months[day.month - 1]} {day.day}, {day.year}") == day


@given(st.text(max_size=120))
def test_never_crashes_and_spans_are_inside(text):
    for found in find_dates(text):
        assert 0 <= found.start < found.end <= len(text)
