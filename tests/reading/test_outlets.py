import pytest

from marsad.reading import outlets


@pytest.mark.parametrize("alias, name", [
    ("أورينت نت", "Orient Net"), ("Orient News", "Orient Net"), ("the syrian observer", "The Syrian Observer"),
    ("Zaman al-Wasl", "Zaman Al Wasl"), ("سانا", "SANA"), ("Eldorar", "Eldorar Alshamia"),
    ("SMART", "SMART News Agency"), ("الدرر الشامية", "Eldorar Alshamia"),
])
def test_canonical_names(alias, name):
    assert outlets.canonical(alias) == name


def test_unknown_and_empty():
    assert outlets.canonical("Daily Planet") is None
    assert outlets.canonical("  ") is None


@pytest.mark.parametrize("url, name", [
    ("https://www.enabbaladi.net/archives/1", "Enab Baladi"),
    ("http://sana.sy/en/?p=1", "SANA"),
    ("arabic.rt.com/middle_east/1", "RT"),
    ("https://example.org/x", None),
])
def test_by_domain(url, name):
    assert outlets.by_domain(url) == name


def test_mentions_need_capitals_for_short_aliases():
    found = [m.outlet.name for m in outlets.mentions("Damascus, SMART said; a smart move by AP and Reuters")]
    assert found == ["SMART News Agency", "Associated Press", "Reuters"]


def test_banner():
    assert outlets.by_banner("Established by Fathi Ibrahim Bayoud 2005 - Homs") == "Zaman Al Wasl"
    assert outlets.by_banner("Breaking news from Homs") is None
