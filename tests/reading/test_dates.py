from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marsad.reading.dates import find_dates, find_day_months, find_month_years, first_date, resolve_day_month


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
    ("دمشق في 9 أيار/مايو 2024 (رويترز)", date(2024, 5, 9)),   # both month names, as agencies write them
    ("9 مايو / أيار 2024", date(2024, 5, 9)),
    ("الخميس 9 أيار (مايو) 2024", date(2024, 5, 9)),
    ("13-1-2017", date(2017, 1, 13)),
    ("٥/٢/٢٠١٥م", date(2015, 2, 5)),                   # the Gregorian era's letter glued on
    ("2018-04-22T10:00:00Z", date(2018, 4, 22)),       # a timestamp
    ("21.08.2013Get short URL", date(2013, 8, 21)),    # page furniture glued on
])
def test_explicit_dates(text, expected):
    assert first_date(text) == expected


@pytest.mark.parametrize("text", [
    "حاجز 8 آذار- فرع التحقيق",   # a checkpoint named after a date, no year
    "In December 2017 the coalition said",  # month and year only: not a day
    "31 February 2018",             # impossible
    "12 March 1850",                # out of range
    "ID 12.10.20171", "13-1-2017-5",  # longer numbers
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


@pytest.mark.parametrize("text, written, month, day", [
    ("DAMASCUS, May 9 (Reuters) - An air strike killed 5 people", "May 9", 5, 9),
    ("BEIRUT, MAY 9 (Reuters) -", "MAY 9", 5, 9),
    ("On May 9, shelling by government forces killed 2 civilians", "May 9", 5, 9),
    ("Shelling on the 9th of May killed two civilians", "9th of May", 5, 9),
    ("the ceasefire of 27 February held until Aug. 3", "27 February", 2, 27),
    ("دمشق، 9 أيار/مايو (رويترز) - قتل خمسة أشخاص", "9 أيار/مايو", 5, 9),
    ("قتل مدنيان في قصف يوم 9 أيار (مايو) على درعا", "9 أيار (مايو)", 5, 9),
    ("في ٢٣ تشرين الأول قصفت الطائرات", "٢٣ تشرين الأول", 10, 23),
])
def test_a_day_and_month_without_a_year(text, written, month, day):
    found = find_day_months(text)
    assert [(text[d.start:d.end], d.month, d.day) for d in found][:1] == [(written, month, day)]


@pytest.mark.parametrize("text", [
    "In May 9,000 people fled the town",        # a count after the month, not a day
    "Rebels may 9 times have shelled it",       # "may", a verb
    "Shelling killed 9 on 31 April",            # no such day
    "On 9 May 2024 shelling killed 2",          # a full date: find_dates reads it
    "March 2011", "قتل 9 مدنيين",
])
def test_no_day_and_month(text):
    assert find_day_months(text) == []


@pytest.mark.parametrize("month, day, reference, expected", [
    (5, 9, date(2024, 5, 10), date(2024, 5, 9)),
    (12, 30, date(2024, 1, 2), date(2023, 12, 30)),    # the turn of the year: last December
    (1, 2, date(2023, 12, 30), date(2023, 1, 2)),      # days after publication: last January's
    (2, 29, date(2023, 3, 1), date(2024, 2, 29)),      # only a leap year has it
    (6, 3, date(2024, 5, 10), date(2023, 6, 3)),       # after publication: the year before
    (5, 11, date(2024, 5, 10), date(2024, 5, 11)),     # a day after: this year's (time zones)
    (12, 30, date(2019, 7, 24), date(2018, 12, 30)),   # months after publication: last year's
])
def test_a_day_and_month_takes_its_year_from_the_reference(month, day, reference, expected):
    assert resolve_day_month(month, day, reference) == expected


@given(st.dates(min_value=date(1901, 1, 1), max_value=date(2099, 12, 31)), st.integers(-1, 300))
def test_a_day_and_month_up_to_publication_or_a_day_after_is_that_date(day, offset):
    months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December"]
    for text in (f"On {months[day.month - 1]} {day.day}, shelling hit the town",
                 f"On {day.day} {months[day.month - 1]}, shelling hit the town"):
        (found,) = find_day_months(text)
        assert resolve_day_month(found.month, found.day, day + timedelta(days=offset)) == day


@pytest.mark.parametrize("text, expected", [
    ("In May 2015 the group took the city", [(5, 2015)]),
    ("في آب/أغسطس 2013 قتل المئات", [(8, 2013)]),
    ("on 21 August 2013", []),                  # a full date
    ("they may 2015 be", []),                   # a verb and a number
])
def test_a_month_written_with_its_year(text, expected):
    assert [(month, year) for _, month, year in find_month_years(text)] == expected
