"""Event dates: every event dated when the report's date is known (ACLED's convention for the events told
without their day), relative words and weekdays in both languages, datelines and dated headings, and
background references that never date the news."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

import marsad
from conftest import SHARED_EVAL, needs
from marsad.extraction.analysis import analyze
from marsad.extraction.dating import event_date, undated

PRECISIONS = {"day", "week", "month"}
CASES = Path(__file__).parent.parent / "data" / "event_classes" / "dates.jsonl"
WEDNESDAY = date(2019, 7, 24)


def dated(text: str, published: date | None = WEDNESDAY) -> tuple[date | None, str | None]:
    return event_date(analyze(text, 0, len(text)), published)


def events(text: str, published: str | None = "2019-07-24"):
    return marsad.extract(text, published=published).events


def test_every_fakes_dev_event_is_dated_with_its_precision():
    path = SHARED_EVAL / "fakes" / "dev.jsonl"
    needs(path.is_file(), "FA-KES dev in ../shared/eval")
    undated_events, count = [], 0
    for doc in marsad.read(path):
        assert doc.meta.published is not None, doc.key
        for ev in doc.events:
            count += 1
            if ev.date is None or ev.date_precision not in PRECISIONS:
                undated_events.append((doc.key, ev.evidence[:60], ev.date, ev.date_precision))
    assert count > 1000 and undated_events == []


def test_every_event_of_the_date_cases_is_dated_when_the_report_is():
    cases = [json.loads(line) for line in CASES.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert sum(c["language"] == "ar" for c in cases) >= 12 and sum(c["language"] == "en" for c in cases) >= 12
    for case in cases:
        doc = marsad.extract(case["text"], key=case["id"], published=case["published"])
        assert doc.events, case["id"]
        for ev in doc.events:
            if doc.meta.published is not None:
                assert ev.date is not None and ev.date_precision in PRECISIONS, (case["id"], ev.evidence)


def test_without_the_report_s_date_an_event_the_text_does_not_date_stays_undated():
    (ev,) = events("Regime forces shelled the town of Kafr Nabl in southern Idlib, killing two civilians.", None)
    assert (ev.date, ev.date_precision) == (None, None)


@pytest.mark.parametrize("text, expected", [
    ("Regime forces shelled the town of Kafr Nabl in southern Idlib, killing two civilians.", "week"),
    ("قصفت قوات النظام بلدة كفرنبل في ريف إدلب الجنوبي، ما أدى إلى مقتل مدنيين اثنين.", "week"),
])
def test_an_event_told_without_its_day_takes_the_report_s_date_about_a_week(text, expected):
    (ev,) = events(text)
    assert (ev.date, ev.date_precision) == (WEDNESDAY, expected)


def test_undated_is_the_report_s_date_coarser_and_nothing_without_it():
    assert undated(WEDNESDAY, False) == (WEDNESDAY, "week")
    assert undated(WEDNESDAY, True) == (WEDNESDAY, "month")
    assert undated(None, False) == (None, None)


@pytest.mark.parametrize("phrase, expected, precision", [
    ("last night", date(2019, 7, 23), "day"), ("tonight", WEDNESDAY, "day"), ("earlier today", WEDNESDAY, "day"),
    ("the day before yesterday", date(2019, 7, 22), "day"), ("earlier this week", date(2019, 7, 21), "week"),
    ("earlier this month", WEDNESDAY, "month"), ("last month", date(2019, 6, 15), "month"),
    ("الليلة الماضية", date(2019, 7, 23), "day"), ("فجر اليوم", WEDNESDAY, "day"), ("بالأمس", date(2019, 7, 23), "day"),
    ("أول أمس", date(2019, 7, 22), "day"), ("مساء الأمس", date(2019, 7, 23), "day"),
    ("الشهر الجاري", WEDNESDAY, "month"), ("الشهر الماضي", date(2019, 6, 15), "month"),
    ("يوم الأحد", date(2019, 7, 21), "day"), ("صباح أحد", date(2019, 7, 21), "day"),
])
def test_relative_words_and_weekdays_resolve_against_the_report_s_date(phrase, expected, precision):
    assert dated(f"Shelling hit the town {phrase}.") == (expected, precision)


@pytest.mark.parametrize("text", [
    "وقال أحد عناصر الدفاع المدني إن القصف استهدف سوقاً شعبياً في البلدة.",
    "أصيب أحد المدنيين بجروح جراء القصف على البلدة.",
    "وقال لأحد المراسلين إن القصف استهدف البلدة.",
])
def test_ahad_one_of_is_no_sunday(text):
    assert dated(text) == (None, None)


def test_a_weekday_that_opens_a_written_date_is_the_date_s_own():
    assert dated("Wednesday 17 July 2019 Air strikes on Ariha killed nine people.") == (date(2019, 7, 17), "day")


@pytest.mark.parametrize("text, expected", [
    ("BEIRUT, July 24 (Reuters) - Air strikes hit a market in Ariha on Monday, killing nine people.",
     date(2019, 7, 22)),
    ("BEIRUT, July 24 (Reuters) - Air strikes hit a market in Ariha, killing nine people.", WEDNESDAY),
    ("إدلب، 24 تموز/يوليو (رويترز) - قصفت طائرات حربية سوقاً في أريحا يوم الاثنين.", date(2019, 7, 22)),
])
def test_a_day_the_story_tells_beats_the_dateline(text, expected):
    assert dated(text) == (expected, "day")


@pytest.mark.parametrize("text, expected", [
    ("Warplanes struck Ariha last night, killing nine people, the Observatory said on Wednesday.", date(2019, 7, 23)),
    ("Nine people were killed in Ariha earlier this week, the Observatory said on Wednesday.", date(2019, 7, 21)),
    ("Warplanes struck Ariha, killing nine people, the Observatory told AFP on Monday.", date(2019, 7, 22)),
    ("The toll rose to 18, a monitor said Thursday, adding that Mondays strike hit a school.", date(2019, 7, 22)),
    ("The monitor said Monday's strike on Ariha killed nine people.", date(2019, 7, 22)),
])
def test_the_day_of_a_statement_dates_the_event_only_when_nothing_else_does(text, expected):
    assert dated(text)[0] == expected


def test_a_written_date_long_past_gives_way_to_the_day_of_the_news():
    text = ("Regime forces shelled Zamalka on Monday, killing three people, in the town that was struck on "
            "21 August 2013 by a sarin attack.")
    assert dated(text) == (date(2019, 7, 22), "day")


def test_two_days_in_one_sentence_date_the_event_told_nearest_to_each():
    text = ("قصف على اللطامنة\n\nشنت طائرات حربية روسية أول أمس غارات جوية على بلدة اللطامنة في ريف حماة "
            "الشمالي، في حين استهدفت قوات النظام البلدة بقذائف المدفعية صباح اليوم.")
    found = {(e.sub_event_type, e.date) for e in events(text)}
    assert ("Air/drone strike", date(2019, 7, 22)) in found
    assert ("Shelling/artillery/missile attack", WEDNESDAY) in found


@pytest.mark.parametrize("text, expected", [
    ("Mortar shells hit Jaramana\n\n13-1-2017\n\nDamascus - Two people were killed when mortar shells hit "
     "the city of Jaramana this morning, a police source said.", date(2017, 1, 13)),
    ("Wednesday 22 July 2015 Regime helicopters dropped barrel bombs on the village of Tal Rifaat in the "
     "northern Aleppo countryside on Monday, killing eleven civilians.", date(2015, 7, 20)),
    ("الخميس ٥ شباط ٢٠١٥\nمقتل سبعة مدنيين في ريف درعا\nألقت مروحيات النظام براميل متفجرة على مدينة نوى "
     "في ريف درعا الغربي يوم الثلاثاء، ما أدى إلى مقتل سبعة مدنيين.", date(2015, 2, 3)),
])
def test_without_a_publication_date_the_text_s_own_date_dates_the_events(text, expected):
    assert [e.date for e in events(text, None) if e.salience == "main"] == [expected]


def test_the_text_s_date_is_the_report_s_when_near_the_publication_date():
    text = ("Sunday 21 July 2019 Regime helicopters dropped barrel bombs on the town of Nawa in the western "
            "Daraa countryside yesterday, killing seven people.")
    (ev,) = [e for e in events(text, "2019-07-24") if e.salience == "main"]  # (a page updated days later)
    assert (ev.date, ev.date_precision) == (date(2019, 7, 20), "day")


def test_a_day_and_month_after_publication_is_last_year_s():
    assert dated("Shelling hit the town on 3 August.") == (date(2018, 8, 3), "day")


def test_a_story_that_repeats_its_title_has_its_dateline_after_it():
    text = ("Air strikes kill 12 in Ariha Monitor - Region - World\n\nAir strikes kill 12 in Ariha Monitor AFP "
            "Sunday 21 Jul 2019 Air strikes on the town of Ariha in Idlib province killed 12 civilians on Saturday, "
            "a monitor said.")
    (ev,) = [e for e in events(text, "2019-07-24") if e.salience == "main"]
    assert (ev.date, ev.date_precision) == (date(2019, 7, 20), "day")


def test_a_date_after_tomorrow_is_no_report_s_date():
    text = "Air strikes kill 12 in Ariha\n\nAir strikes kill 12 in Ariha AFP Sunday 1 Jan 2090 Warplanes struck Ariha."
    assert all(e.date is None for e in events(text, None))


@pytest.mark.parametrize("text, expected", [
    ("Air strike kills 5 in Douma\n\nAn air strike killed five people in Douma on Monday, activists said.\n\n"
     "In August 2013, a sarin attack on Eastern Ghouta killed hundreds of people.", date(2013, 8, 15)),
    ("غارة على دوما\n\nقتل خمسة أشخاص بغارة جوية على مدينة دوما يوم الاثنين.\n\n"
     "وكان تنظيم الدولة قد سيطر على مدينة تدمر للمرة الأولى في أيار 2015.", date(2015, 5, 15)),
])
def test_a_background_event_of_a_month_written_with_its_year_is_dated_to_that_month(text, expected):
    found = {(e.salience, e.date, e.date_precision) for e in events(text)}
    assert ("main", date(2019, 7, 22), "day") in found and ("background", expected, "month") in found
