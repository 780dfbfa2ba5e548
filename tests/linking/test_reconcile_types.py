"""Reconciliation weighs claimants by their type in the claimant list, and counts only an incident's own
figures: a cumulative total is kept as a claim but never counts, a part of a breakdown never competes with its
total."""
from datetime import date

from marsad.linking.reconcile import ReportedClaim, is_independent, is_party, reconcile
from marsad.model import Claim


def told(claimant, low, *, start, doc="d1", outlet="Enab Baladi", day=date(2019, 12, 5), victims="civilians",
         scope="incident", period="", part_of=None, via="", high=None, evidence=None):
    claim = Claim(kind="killed", low=low, high=low if high is None else high, qualifier="exact", victims=victims,
                  claimant=claimant, start=start, end=start + 10, evidence=evidence or f"{low} killed",
                  scope=scope,
                  period=period, part_of=part_of, via=via)
    return ReportedClaim(claim=claim, doc_id=doc, outlet=outlet, published=day)


def test_cumulative_totals_and_parts_are_kept_but_never_count():
    claims = [
        told("Syrian Civil Defence", 12, start=100),
        told("Syrian Civil Defence", 5, start=130, victims="children", part_of=100),
        told("SOHR", 400_000, start=400, scope="cumulative", period="since 2011"),
        told("medics", 14, start=300, via="SOHR"),
        told("SANA", 3, start=50, doc="d2", outlet="SANA", day=date(2019, 12, 4)),
        told("Enab Baladi correspondent", 11, start=60, doc="d3", day=date(2019, 12, 6)),
        told("Hayat Tahrir al-Sham", 30, start=70, doc="d4", outlet="Ebaa", victims="government forces"),
    ]
    rec = reconcile(claims)["killed"]
    assert rec.sources == {"Syrian Civil Defence": 12, "medics": 14, "SANA": 3, "Enab Baladi correspondent": 11,
                           "Hayat Tahrir al-Sham": 30}
    # the civilians (3 to 14; best 12, the median of the independent 11, 12, 14, not of SANA's 3) and the
    # soldiers HTS counts (30) are different people: their figures add up, and are never compared
    assert rec.groups["civilians"] == {"sources": {"Syrian Civil Defence": 12, "medics": 14, "SANA": 3,
                                                   "Enab Baladi correspondent": 11}, "low": 3, "best": 12, "high": 14}
    assert rec.groups["Syrian government forces"]["sources"] == {"Hayat Tahrir al-Sham": 30}
    assert (rec.low, rec.best, rec.high, rec.acled) == (33, 42, 44, 33)
    assert [t["figure"] for t in rec.timeline] == [3, 12, 14, 30, 11]  # by date; no part, no total since 2011
    assert max(t["highest_so_far"] for t in rec.timeline) == 30
    assert len(rec.claims) == len(claims)  # every claim is kept, with what it counts and who says it
    kept = {(c["claimant"], c["low"]): c for c in rec.claims}
    assert kept[("SOHR", 400_000)]["scope"] == "cumulative" and kept[("SOHR", 400_000)]["period"] == "since 2011"
    assert kept[("Syrian Civil Defence", 5)]["part_of"] == 100
    assert kept[("medics", 14)]["via"] == "SOHR"
    assert {c["claimant"]: c["claimant_type"] for c in rec.claims} == {
        "Syrian Civil Defence": "civil_defence", "SOHR": "monitor", "medics": "medical", "SANA": "state_media",
        "Enab Baladi correspondent": "outlet", "Hayat Tahrir al-Sham": "armed_group"}
    assert any(f.startswith("sources disagree on civilians: highest 14") for f in rec.flags)
    # SOHR's only figure is cumulative: no monitor gives this toll, so state media and monitors cannot disagree
    assert not any("state media and monitors" in f for f in rec.flags)


def test_official_figures_against_a_monitors_are_flagged_whoever_speaks_officially():
    for official in ("SANA", "Syrian state media", "Syrian government", "Sama TV"):
        rec = reconcile([told(official, 2, start=10), told("SOHR", 11, start=10, doc="d2", outlet="Reuters")])
        assert any("state media and monitors disagree: 2 against 11" in f for f in rec["killed"].flags), official
    rec = reconcile([told("activists", 2, start=10), told("SOHR", 11, start=10, doc="d2", outlet="Reuters")])
    assert not any("state media" in f for f in rec["killed"].flags)


def test_independent_and_party_claimants_come_from_the_types():
    for name in ("SOHR", "medics", "Syrian Civil Defence", "residents", "activists", "Orient Net correspondent",
                 "Suwayda 24 activists"):
        assert is_independent(name) and not is_party(name), name
    for name in ("SANA", "Syrian government", "Jaysh al-Islam", "Military Forces of Russia",
                 "Syrian National Coalition", "SANA correspondent"):
        assert is_party(name) and not is_independent(name), name
    for name in ("unattributed", "unnamed source", "Reuters", "United Nations"):
        assert not is_party(name) and not is_independent(name), name


def test_a_sides_own_losses_are_never_compared_with_its_claim_of_the_enemys_dead():
    """Ain Issa: the SDF mourns one fighter of its own and says it killed 19 'mercenaries'; the Observatory
    counts 15 dead of the Turkish-backed factions. Two groups of victims, nothing disagrees."""
    parties = ("Syrian Democratic Forces", "Syrian National Army")
    sdf = dict(doc="hawar", outlet="Hawar News", victims="fighters")
    claims = [
        told("Syrian Democratic Forces", 19, start=10, **sdf, evidence="killed 19 mercenaries"),
        told("Syrian Democratic Forces", 1, start=80, **sdf, evidence="one SDF fighter was martyred"),
        told("SOHR", 15, start=30, doc="npa", outlet="North Press", victims="fighters",
             evidence="ما لا يقل عن 15 عنصراً من الفصائل الموالية لتركيا قُتلوا"),
    ]
    rec = reconcile(claims, parties=parties)["killed"]
    assert rec.groups["Syrian National Army"]["sources"] == {"Syrian Democratic Forces": 19, "SOHR": 15}
    assert rec.groups["Syrian Democratic Forces"]["sources"] == {"Syrian Democratic Forces": 1}
    assert rec.sources == {"Syrian Democratic Forces": 20, "SOHR": 15}  # its own dead plus the enemy's
    assert (rec.low, rec.best, rec.high) == (16, 16, 20)  # the factions' 15 (SOHR) to 19, plus the SDF's one
    assert (rec.low, rec.best, rec.high) != (1, 15, 19)
    assert rec.flags == []
    # the enemy's claim about the same dead is compared, and a real gap is flagged
    claims.append(told("Turkish government", 11, start=5, doc="aa", outlet="Anadolu Agency", victims="fighters",
                       evidence="neutralized 11 YPG/PKK terrorists"))
    rec = reconcile(claims, parties=parties)["killed"]
    assert rec.groups["Syrian Democratic Forces"]["sources"] == {"Syrian Democratic Forces": 1,
                                                                 "Turkish government": 11}
    assert rec.flags == ["sources disagree on fighters of Syrian Democratic Forces: highest 11 is 11 times lowest 1"]


def test_a_breakdown_adds_disjoint_groups_and_keeps_parts_inside_their_total():
    claims = [
        told("SOHR", 12, start=10, doc="sohr", outlet="SOHR", victims="civilians"),
        told("SOHR", 4, start=40, doc="sohr", outlet="SOHR", victims="children", part_of=10),
        told("SOHR", 5, start=70, doc="sohr", outlet="SOHR", victims="government forces"),
        told("SANA", 17, start=10, doc="sana", outlet="SANA", victims="people"),
        told("medics", 13, start=10, doc="afp", outlet="AFP", victims="civilians"),
    ]
    rec = reconcile(claims)["killed"]
    assert rec.sources == {"SOHR": 17, "SANA": 17, "medics": 13}  # 12 civilians + 5 soldiers; the 4 children inside
    assert rec.groups["civilians"]["sources"] == {"SOHR": 12, "medics": 13}
    assert (rec.low, rec.best, rec.high) == (17, 17, 18)  # SOHR's and SANA's 17; civilians 12-13 plus 5 soldiers
    assert rec.flags == []  # the medics' 13 civilians is no rival of a toll of 17 with the soldiers
