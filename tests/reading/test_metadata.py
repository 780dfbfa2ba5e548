"""The metadata fallback chain, link by link."""
from datetime import date

import marsad
from marsad.reading.metadata import parse_given_date

STORY = "Government artillery shelled the town of Ariha on Monday, killing four civilians, activists said."


def test_input_metadata_comes_first():
    page = f"Ariha shelled\n\nEldorar Alshamia Editor | 22 March, 2017\n\n{STORY}"
    doc = marsad.extract(page, title="Given title", publisher="Enab Baladi", published="2019-07-22")
    m = doc.meta
    assert (m.title, m.title_source) == ("Given title", "input")
    assert (m.publisher, m.publisher_source) == ("Enab Baladi", "input")
    assert (m.published, m.published_source) == (date(2019, 7, 22), "input")


def test_unknown_given_publisher_is_kept_as_given_and_aliases_made_canonical():
    assert marsad.extract(STORY, publisher="Daily Planet").meta.publisher == "Daily Planet"
    assert marsad.extract(STORY, publisher="أورينت نت").meta.publisher == "Orient Net"


def test_url_domain_names_the_outlet():
    doc = marsad.extract(STORY, url="https://www.zamanalwsl.net/news/article/1234")
    assert (doc.meta.publisher, doc.meta.publisher_source) == ("Zaman Al Wasl", "url")


def test_byline_gives_outlet_and_date():
    doc = marsad.extract(f"Ariha shelled\n\nEldorar Alshamia Editor | 22 March, 2017\n\n{STORY}")
    assert (doc.meta.publisher, doc.meta.publisher_source) == ("Eldorar Alshamia", "byline")
    assert (doc.meta.published, doc.meta.published_source) == (date(2017, 3, 22), "page")


def test_arabic_header_with_levantine_month_and_prefix():
    page = ("قصف على أريحا\n\nتحرير سامر العلي | تم النشر بتاريخ : 5 شباط، 2015 10:12:00 ص\n\n"
            "قصفت قوات النظام مدينة أريحا صباح اليوم ما أدى إلى مقتل أربعة مدنيين بحسب ناشطين.    المصدر: سمارت")
    doc = marsad.extract(page)
    assert doc.meta.published == date(2015, 2, 5)
    assert doc.meta.author == "سامر العلي"
    assert (doc.meta.publisher, doc.meta.publisher_source) == ("SMART News Agency", "credit")


def test_dateline_names_the_outlet():
    doc = marsad.extract(f"Ariha shelled\n\nIdlib, SMART\n\n{STORY}")
    assert (doc.meta.publisher, doc.meta.publisher_source) == ("SMART News Agency", "dateline")


def test_banner_names_the_outlet():
    doc = marsad.extract(f"Established by Fathi Ibrahim Bayoud 2005 - Homs\n\nAriha shelled\n\n{STORY}")
    assert (doc.meta.publisher, doc.meta.publisher_source) == ("Zaman Al Wasl", "banner")
    assert doc.meta.title == "Ariha shelled"


def test_own_correspondent_is_the_last_clue():
    doc = marsad.extract("According to Eldorar correspondent, the factions took three factories in Jobar.")
    assert (doc.meta.publisher, doc.meta.publisher_source) == ("Eldorar Alshamia", "correspondent")
    doc = marsad.extract("وقال مراسل سمارت في إدلب إن الطائرات الحربية قصفت بلدة كفرنبل صباح اليوم.")
    assert doc.meta.publisher == "SMART News Agency"


def test_dates_in_the_story_are_never_the_publication_date():
    doc = marsad.extract("Ariha shelled\n\nOn 14 March 2021 a car bomb exploded in Azaz, killing seven people.")
    assert doc.meta.published is None and doc.meta.published_source == "unknown"


def test_labelled_date_in_the_footer():
    doc = marsad.extract(f"Ariha shelled\n\n{STORY}\n\nShare this article\nPublished: July 22, 2019")
    assert doc.meta.published == date(2019, 7, 22)


def test_a_bad_given_date_is_a_warning_not_a_guess():
    doc = marsad.extract(STORY, published="sometime last spring")
    assert doc.meta.published is None
    assert any("could not be read as a date" in w for w in doc.warnings)


def test_parse_given_date_forms():
    assert parse_given_date("2018-02-12T11:29:33Z") == date(2018, 2, 12)
    assert parse_given_date("2018-02-12 11:29:33+03:00") == date(2018, 2, 12)
    assert parse_given_date("Mon, 12 Feb 2018 11:29:33 GMT") == date(2018, 2, 12)  # RSS feeds
    assert parse_given_date("12 فبراير 2018") == date(2018, 2, 12)
    assert parse_given_date(" February 12, 2018. ") == date(2018, 2, 12)
    assert parse_given_date("") is None


def test_a_given_value_that_is_not_wholly_a_date_is_no_date():
    for value in ("2024-03-04T25:61:00Z", "2024-03-04'; DROP TABLE documents;--", "2024-02-30",
                  "2024-03-04 and later", "published 12 فبراير 2018 by SANA", "2024", "12/13/14/15"):
        assert parse_given_date(value) is None, value


def test_a_publication_date_before_1900_is_ignored_with_a_warning_and_the_report_is_still_read():
    text = ("HOMS, Syria (AFP) - Shelling by government forces killed three civilians in Homs yesterday, "
            "activists said.")
    for value in ("0001-01-01", "1899-12-31T23:00:00"):
        doc = marsad.extract(text, published=value)
        assert doc.meta.published is None
        assert any(repr(value) in w and "could not be read as a date" in w for w in doc.warnings)
        assert doc.events and doc.events[0].date is None
    arabic = marsad.extract("حمص - قُتل ثلاثة مدنيين أمس بقصف لقوات النظام على حي الوعر، بحسب ناشطين.",
                            published="0001-01-01")
    assert arabic.meta.published is None and arabic.events


def test_a_correspondent_line_is_read_from_word_starts():
    # found by the fuzzer: the pattern could start inside any word, so a 20,000-letter run took seconds
    from marsad.reading.lexicon import READING

    m = READING.first_match("page", "own_reporter", "reported by the enab baladi correspondent in idlib")
    assert m and m.group("outlet").endswith("enab baladi")
    run = "x" * 5000 + "correspondent"
    assert READING.first_match("page", "own_reporter", run) is None  # no word stands before "correspondent"
