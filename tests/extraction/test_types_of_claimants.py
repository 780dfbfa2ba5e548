"""The claimant list (extraction/data/claimants.json): every name the claims stage can write as a claimant has
a type, and the groups reconciliation weighs hold the claimants they held when they were sets in code."""
import json

import pytest

from marsad.extraction import claimants
from marsad.extraction.claimants import ClaimantsError, claimant_list, claimant_type, in_group
from marsad.extraction.datafiles import DATA
from marsad.extraction.knowledge import knowledge
from marsad.extraction.scope import SAME_SOURCE
from marsad.reading import outlets

ISSUE_TYPES = {"state_media", "monitor", "civil_defence", "medical", "armed_group", "government_official",
               "unnamed_source", "outlet", "unattributed"}


def _payloads(node: dict, kinds: set[str], found: set[tuple]) -> set[tuple]:
    for key, child in node.items():
        if key == "":
            found.update(p for p in child if isinstance(p, tuple) and p[0] in kinds)
        else:
            _payloads(child, kinds, found)
    return found


def emitted_names() -> set[str]:
    """Every claimant name the claims stage can write, read from the compiled lexicons it reads them from: the
    claimant and outlet entries of the claims layer, the actors, the correspondent of any publisher (a known
    outlet or not), "unattributed" and the stand-in for "the same source"."""
    kb = knowledge()
    names = {value for _, value in _payloads(kb.matchers["claims"].root, {"claimant", "outlet"}, set())}
    names |= {value for _, value in _payloads(kb.matchers["actors"].root, {"actor"}, set())}
    names |= {f"{o.name} correspondent" for o in outlets.outlets()} | {"Al-Rai Daily correspondent"}
    return names | {"unattributed", SAME_SOURCE}


def test_every_claimant_the_extraction_data_can_emit_has_a_type():
    names = emitted_names()
    claims_names = {name for data in DATA.load_all("claims").values() for name in data["claimants"]}
    assert claims_names <= names and len(names) > 200  # the walk found claims.json's names, outlets and actors
    untyped = sorted(n for n in names if claimant_type(n) == "unknown")
    assert not untyped, f"claimants with no type in claimants.json: {untyped}"
    assert {claimant_type(n) for n in names} <= set(claimant_list().types)


def test_every_name_of_claims_json_is_listed_by_name():
    """The names of the claims lexicons are typed one by one, not by a rule that could take them by chance."""
    listed = DATA.load("claimants")["names"]
    for language, data in DATA.load_all("claims").items():
        missing = sorted(set(data["claimants"]) - set(listed))
        assert not missing, f"{language}/claims.json claimants missing from claimants.json 'names': {missing}"


def test_the_issue_types_are_all_there_and_documented():
    data = DATA.load("claimants")
    assert ISSUE_TYPES <= set(data["types"])
    assert all(data["types"][t].strip() for t in data["types"])
    assert all(t in data["_about"] or t.replace("_", " ") in data["_about"] for t in
               ("international_organisation", "local council", "activists", "residents"))


@pytest.mark.parametrize("name, kind", [
    ("SOHR", "monitor"), ("SNHR", "monitor"), ("Response Coordinators", "monitor"),
    ("SANA", "state_media"), ("Syrian state media", "state_media"), ("Al-Ikhbariya", "state_media"),
    ("Sama TV", "state_media"), ("RT", "state_media"),
    ("Syrian Civil Defence", "civil_defence"), ("medics", "medical"),
    ("Hayat Tahrir al-Sham", "armed_group"), ("Hezbollah", "armed_group"), ("Wagner Group", "armed_group"),
    ("Al-Manar", "armed_group"),  # a party's own channel speaks for the party
    ("Syrian government", "government_official"), ("Russian government", "government_official"),
    ("Syrian government forces", "government_official"), ("US-led coalition", "government_official"),
    ("Syrian National Coalition", "political_body"), ("Syrian Salvation Government", "political_body"),
    ("unnamed source", "unnamed_source"), ("activists", "activists"), ("Deir ez-Zor 24 activists", "activists"),
    ("residents", "residents"), ("United Nations", "international_organisation"),
    ("ICRC", "international_organisation"), ("local council", "local_council"),
    ("Reuters", "media"), ("local media", "media"), ("reports", "media"),
    ("Enab Baladi correspondent", "outlet"), ("correspondent", "outlet"), ("Al-Rai Daily correspondent", "outlet"),
    ("SANA correspondent", "state_media"),  # the correspondent of a side's outlet speaks for that side
    ("unattributed", "unattributed"), ("unattributed statistics", "unattributed"),
    ("a name no list holds", "unknown"), (" correspondent", "unknown"),
])
def test_types_of_claimants(name, kind):
    assert claimant_type(name) == kind


def test_the_groups_hold_what_reconciliation_held_in_code():
    """The sets reconcile.py kept in code before the list, moved onto the types: the same answers for every
    claimant they named (plus the new ones the list adds, e.g. the state media claimant it forgot)."""
    for name in ("SOHR", "SNHR", "medics", "Syrian Civil Defence", "residents", "activists",
                 "Enab Baladi correspondent", "Deir ez-Zor 24 activists"):
        assert in_group(name, "independent"), name
    for name in ("Syrian government", "SANA", "Al-Ikhbariya", "Syrian TV", "Sama TV", "Al-Watan"):
        assert in_group(name, "official") and in_group(name, "parties") and not in_group(name, "independent"), name
    assert in_group("Syrian state media", "official")
    for name in ("SOHR", "SNHR"):
        assert in_group(name, "monitors")
    for actor in knowledge().actors.values():  # the armed actors that were parties by their inter code still are
        if actor.inter in (1, 2, 3, 4, 8):
            assert in_group(actor.name, "parties"), actor.name
    for name in ("unattributed", "unnamed source", "Reuters", "local council", "United Nations"):
        assert not in_group(name, "independent"), name
    with pytest.raises(KeyError, match="no group 'friends'"):
        in_group("SOHR", "friends")


def test_a_list_that_uses_a_type_it_does_not_define_is_refused(monkeypatch):
    real = DATA.load("claimants")
    broken = json.loads(json.dumps(real))
    broken["names"]["SOHR"] = "watchdog"
    class Edited:
        def load(self, name, language=None):
            return broken if name == "claimants" else DATA.load(name, language)

    monkeypatch.setattr(claimants, "DATA", Edited())
    claimant_list.cache_clear()
    try:
        with pytest.raises(ClaimantsError, match="does not list in 'types': watchdog"):
            claimant_list()
    finally:
        monkeypatch.undo()
        claimant_list.cache_clear()
    assert claimant_type("SOHR") == "monitor"
