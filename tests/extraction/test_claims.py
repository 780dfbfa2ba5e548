"""Claims: figures, qualifiers, victims and claimants in both languages."""
import json
from pathlib import Path

import pytest

import marsad
from marsad.extraction.analysis import analyze
from marsad.extraction.claims import read_claims
from marsad.jobs.demo import sample_path
from marsad.model import Claim, fatalities


def claims(text, publisher="Enab Baladi"):
    s = analyze(text, 0, len(text))
    return [(c.kind, c.low, c.high, c.qualifier, c.victims, c.claimant)
            for c in read_claims(s, [s], publisher, text)]


@pytest.mark.parametrize("text, expected", [
    ("More than 42 security personnel were killed, a source said.",
     ("killed", 42, None, "more_than", "security personnel", "unnamed source")),
    ("At least seven civilians were killed, according to the Syrian Observatory for Human Rights.",
     ("killed", 7, None, "at_least", "civilians", "SOHR")),
    ("The strike wounded about 1,200 people, medics said.", ("injured", 1200, 1200, "about", "people", "medics")),
    ("He did not kill more than five civilians, according to the regime itself.",
     ("killed", None, 5, "at_most", "civilians", "Syrian government")),
    ("Dozens were wounded, activists said.", ("injured", None, None, "dozens", "people", "activists")),
    ("قتل 12 مدنياً بحسب المرصد السوري", ("killed", 12, 12, "exact", "civilians", "SOHR")),
    ("أفاد ناشطون بمقتل خمسة وعشرين شخصاً", ("killed", 25, 25, "exact", "people", "activists")),
    ("ونشرت سانا أن ٨ مواطنين أصيبوا", ("injured", 8, 8, "exact", "civilians", "SANA")),
    ("قال مراسلنا إن عشرات العائلات نزحت", ("displaced", None, None, "dozens", "families",
                                         "Enab Baladi correspondent")),
    ("أسفر القصف عن مقتل عنصرين من قوات النظام", ("killed", 2, 2, "exact", "government forces", "unattributed")),
    ("قتل 12 ألف شخص في المدينة منذ بدء الحصار", ("killed", 12000, 12000, "exact", "people", "unattributed")),
    ("Some 12 thousand people were killed in the city", ("killed", 12000, 12000, "about", "people", "unattributed")),
])
def test_one_claim(text, expected):
    assert claims(text) == [expected]


@pytest.mark.parametrize("text", [
    "More than 50 rockets hit the city on Monday, killing nobody.",
    "أفاد ناشطون بسقوط أكثر من 50 صاروخا على الحي",
    "Regime warplanes carried out 20 raids on the town.",
    "The clashes began at 11:30 at Branch 215, 10 kilometres from the town.",
    "Fighting has gone on since 2012.",
])
def test_numbers_that_count_no_people(text):
    assert claims(text) == []


def test_two_figures_and_their_kinds():
    assert [c[:4] for c in claims("The shelling killed 5 people and wounded 12, activists said.")] == [
        ("killed", 5, 5, "exact"), ("injured", 12, 12, "exact")]
    assert [c[:2] for c in claims("ما أسفر عن مقتل خمسة مدنيين وإصابة 7 آخرين")] == [("killed", 5), ("injured", 7)]


def test_evidence_is_the_text():
    text = "Five civilians were killed, activists said."
    s = analyze(text, 0, len(text))
    (c,) = read_claims(s, [s], None, text)
    assert text[c.start:c.end] == c.evidence == "Five civilians were killed"


def _claim(kind, low, high, claimant, victims="civilians", at=0, **extra):
    return Claim(kind=kind, low=low, high=high, qualifier="exact", victims=victims, claimant=claimant,
                 start=at, end=at + 1, evidence="", **extra)


def test_fatalities_low_best_high():
    assert fatalities([]) == {"low": 0, "best": 0, "high": 0}
    got = fatalities([_claim("killed", 12, 12, "SOHR", at=10), _claim("killed", 6, 6, "Syrian government", at=20),
                      _claim("killed", 43, None, "source", at=30), _claim("injured", 100, 100, "SOHR", at=40),
                      _claim("killed", 3, 3, "SOHR", victims="children", at=50)])
    assert got == {"low": 6, "best": 12, "high": 43}  # SOHR's three children are among its twelve civilians
    assert fatalities([_claim("killed", 8, 8, "SOHR", victims="people"),
                       _claim("killed", 2, 2, "SOHR", victims="fighters", at=5)])["best"] == 8
    five_and_ten = [_claim("killed", 5, 5, "SOHR"), _claim("killed", 10, 10, "SOHR", victims="fighters", at=5)]
    assert fatalities(five_and_ten)["best"] == 15


def test_best_is_the_claimant_told_first():
    """The report leads with the figure it stands by; a count of children alone is part of a toll."""
    told = [_claim("killed", 6, 6, "Syrian government", at=10), _claim("killed", 12, 12, "SOHR", at=20)]
    assert fatalities(told) == {"low": 6, "best": 6, "high": 12}
    children_first = [_claim("killed", 22, 22, "activists", victims="children", at=10),
                      _claim("killed", 35, 35, "SOHR", victims="people", at=20)]
    assert fatalities(children_first)["best"] == 35


def test_cumulative_figures_and_parts_count_for_nothing():
    told = [_claim("killed", 12, 12, "SOHR", victims="people", at=10),
            _claim("killed", 5, 5, "SOHR", victims="children", at=20, part_of=10),
            _claim("killed", 400000, None, "SOHR", victims="people", at=30, scope="cumulative", period="since 2011"),
            _claim("killed", 60, 60, "SOHR", victims="civilians", at=40, scope="background")]
    assert fatalities(told) == {"low": 12, "best": 12, "high": 12}


def test_figures_told_as_more_add_to_the_last_one():
    told = [_claim("killed", 58, 58, "SOHR", at=10), _claim("killed", 24, 24, "SOHR", victims="people", at=20,
                                                                 added=True)]
    assert fatalities(told)["best"] == 82
    with_total = [_claim("killed", 16, 16, "SOHR", victims="people", at=10), _claim("killed", 10, 10, "SOHR", at=20),
                  _claim("killed", 6, 6, "SOHR", victims="people", at=30, added=True)]
    assert fatalities(with_total)["best"] == 16  # six others beside the ten: the sixteen told first


@pytest.mark.parametrize("text, toll", [
    ("DAMASCUS, May 9 (Reuters) - An air strike killed 5 people in Douma, activists said.", 5),
    ("On May 9, shelling by government forces killed 2 civilians in Daraa, activists said.", 2),
    ("Shelling by government forces on May 9 killed 2 civilians in Daraa, activists said.", 2),
    ("Shelling on 9 May killed 2 civilians in Daraa.", 2),
    ("Shelling on the 9th of May killed 2 civilians in Daraa.", 2),
    ("Shelling on May 9, 2024 killed 2 civilians in Daraa.", 2),
    ("Shelling on 12 March 2021 killed 5 civilians in Daraa.", 5),
    ("قتل 5 مدنيين في قصف على درعا في 9 أيار/مايو", 5),
    ("في 9 أيار/مايو 2024 قتل 5 مدنيين في قصف على درعا", 5),
    ("دمشق، 9 أيار (مايو) (رويترز) - قتل خمسة أشخاص في غارة على دوما", 5),
])
def test_the_day_of_a_date_is_never_a_figure(text, toll):
    assert [(kind, low) for kind, low, *_ in claims(text)] == [("killed", toll)]


@pytest.mark.parametrize("text, toll", [
    ("In May 9 civilians were killed in Douma by shelling, activists said.", 9),
    ("During March 12 people were killed in Daraa by shelling.", 12),
])
def test_a_number_after_a_month_that_is_a_period_is_a_figure(text, toll):
    assert [(kind, low) for kind, low, *_ in claims(text)] == [("killed", toll)]
    assert analyze(text, 0, len(text)).day_months == ()


@pytest.mark.parametrize("figure, low, high", [
    ("between 5 and 10", 5, 10), ("10-12", 10, 12), ("10 to 12", 10, 12), ("from 10 to 12", 10, 12),
    ("10–12", 10, 12), ("1.5k", 1500, 1500), ("10k", 10000, 10000), ("1 200", 1200, 1200),
    ("1 200 000", 1200000, 1200000), ("1\u202f200", 1200, 1200), ("1\u00a0200", 1200, 1200),
    ("between 500 and 1,300", 500, 1300), ("one thousand and five", 1005, 1005),
    ("between five and ten", 5, 10), ("between 5 and 10 thousand", 5000, 10000),
    ("between 500 and 10 thousand", 500, 10000), ("between 1.5 and 2 thousand", 1500, 2000),
    ("1.5 to 2 million", 1500000, 2000000), ("between 1 and 1.5 million", 1000000, 1500000),
])
def test_ranges_scaled_and_space_grouped_figures(figure, low, high):
    text = f"Shelling by government forces killed {figure} civilians in Daraa on Monday, the Syrian Observatory said."
    (claim,) = claims(text)
    assert claim[:4] == ("killed", low, high, "range" if low != high else "exact")
    assert claim[5] == "SOHR"


@pytest.mark.parametrize("text, low, high", [
    ("قتل بين 5 و10 مدنيين في قصف على درعا، بحسب المرصد السوري", 5, 10),
    ("قتل ما بين 5 و 10 مدنيين في قصف على درعا، بحسب المرصد السوري", 5, 10),
    ("قتل من 10 إلى 12 مدنياً في قصف على درعا، بحسب المرصد السوري", 10, 12),
    ("قتل 10-12 مدنياً في قصف على درعا، بحسب المرصد السوري", 10, 12),
    ("قتل ١٠-١٢ مدنياً في قصف على درعا، بحسب المرصد السوري", 10, 12),
    ("قتل 1 200 مدني في قصف على درعا، بحسب المرصد السوري", 1200, 1200),
    ("قتل بين خمسة وعشرة مدنيين في قصف على درعا، بحسب المرصد السوري", 5, 10),
    ("قتل بين 5 و10 آلاف مدني في قصف على درعا، بحسب المرصد السوري", 5000, 10000),
    ("قتل 10 آلاف مدني في قصف على درعا، بحسب المرصد السوري", 10000, 10000),   # no "thousands" besides
])
def test_arabic_ranges_and_space_grouped_figures(text, low, high):
    assert [c[:3] for c in claims(text)] == [("killed", low, high)]


@pytest.mark.parametrize("text", [
    "Clashes between 2011 and 2013 killed 5 civilians in Daraa.",   # years, not a range of dead
    "Fighting in 2012-2013 killed 5 civilians in Daraa.",
    "On 27-09-2013 shelling killed 5 civilians in Daraa.",          # a date written with dashes
])
def test_years_and_dates_are_no_ranges(text):
    assert [c[:3] for c in claims(text)] == [("killed", 5, 5)]


@pytest.mark.parametrize("text, numbers", [
    ("Get short URL 0 612 Shelling hit Daraa", [0, 612]),    # a group that starts with 0 groups no thousands
    ("In 2012 150 people fled", [2012, 150]),               # nor one of four digits
    ("1 200 people and 1,300 others", [1200, 1300]),
    ("1,200 300 people", [1200, 300]),                      # one way of grouping per number
])
def test_thousands_grouped_by_a_space(text, numbers):
    assert [i.value for i in analyze(text, 0, len(text)).of("num")] == numbers


@pytest.mark.parametrize("figure", ["three billion", "nine hundred trillion", "nine hundred ninety nine trillion",
                                    "one thousand billion", "1,000 million", "2.5 billion", "3bn"])
def test_huge_figures_are_read_at_their_size_and_not_kept(figure):
    text = f"Shelling by government forces killed {figure} civilians in Daraa on Monday, the Syrian Observatory said."
    doc = marsad.extract(text)
    assert [c for e in doc.events for c in e.claims] == []
    assert any(w.startswith("implausible figure not kept") for w in doc.warnings)


def test_huge_arabic_figures_are_not_kept():
    doc = marsad.extract("قتل ثلاثة مليارات مدني في قصف على درعا يوم الاثنين، بحسب المرصد السوري")
    assert [c for e in doc.events for c in e.claims] == []
    assert any(w.startswith("implausible figure not kept") for w in doc.warnings)


# -- the invariants, over every claim-class report and the sample corpus --------------------------
def _reports():
    folder = Path(__file__).parent.parent / "data" / "claim_classes"
    docs = [marsad.extract(c["text"], key=c["id"], published=c.get("published"))
            for path in sorted(folder.glob("*.jsonl")) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() for c in [json.loads(line)]]
    return docs + list(marsad.read(sample_path()))


@pytest.fixture(scope="module")
def reports():
    return _reports()


def _stated(c):
    """The figure as written: low (more than 50 is low 50), else high."""
    return c.low if c.low is not None else c.high


def test_no_figure_is_told_twice_for_one_event(reports):
    """A figure told unattributed and by a named claimant is one claim, the named one; so is a title's figure
    told again in the story by the same claimant."""
    for doc in reports:
        for ev in doc.events:
            told = [c for c in ev.claims if c.part_of is None and not c.added and _stated(c) is not None]
            for a in told:
                for b in told:
                    if a is b or (a.kind, _stated(a), a.scope) != (b.kind, _stated(b), b.scope):
                        continue
                    assert not (a.claimant == "unattributed" and b.claimant != "unattributed"), (doc.key, a, b)


def test_no_cumulative_or_background_total_counts_toward_a_toll(reports):
    seen = set()
    for doc in reports:
        for ev in doc.events:
            incident = [c for c in ev.claims if c.scope == "incident"]
            assert ev.fatalities == fatalities(incident), (doc.key, ev.claims)
            seen |= {c.scope for c in ev.claims}
    assert {"cumulative", "background"} <= seen  # (the reports hold both)
