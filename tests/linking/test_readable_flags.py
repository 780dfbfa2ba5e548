"""Flags and reasons print whole ratios as whole numbers ("19 times", never "19.0 times")."""
from datetime import date

from marsad.linking.credibility import ArticleEvidence, credibility
from marsad.linking.reconcile import ReportedClaim, reconcile, times
from marsad.model import Claim


def told(claimant, low, *, doc, outlet, victims="civilians"):
    claim = Claim(kind="killed", low=low, high=low, qualifier="exact", victims=victims, claimant=claimant, start=40,
                  end=60, evidence=f"{low} civilians were killed in the shelling, {claimant} said")
    return ReportedClaim(claim=claim, doc_id=doc, outlet=outlet, published=date(2020, 11, 24))


def test_whole_ratios_print_without_a_decimal():
    assert (times(19.0), times(5.5), times(2.04), times(1 / 3)) == ("19", "5.5", "2", "0.3")
    rec = reconcile([told("SOHR", 19, doc="d1", outlet="SOHR"),
                     told("Syrian Civil Defence", 1, doc="d2", outlet="Enab Baladi")])["killed"]
    assert "sources disagree on civilians: highest 19 is 19 times lowest 1" in rec.flags
    assert not any(".0 times" in f for f in rec.flags)
    halves = reconcile([told("SOHR", 11, doc="d1", outlet="SOHR"),
                        told("Syrian Civil Defence", 2, doc="d2", outlet="Enab Baladi")])["killed"]
    assert "sources disagree on civilians: highest 11 is 5.5 times lowest 2" in halves.flags


def test_credibility_reasons_print_whole_ratios_too():
    _, reasons = credibility(ArticleEvidence(doc_id="d1", outlet="Sama TV", figure=30, best=10))
    assert not any(r.startswith("-0.2") for r in reasons)  # three times is not past DIVERGE_FACTOR
    _, reasons = credibility(ArticleEvidence(doc_id="d1", outlet="Sama TV", figure=40, best=10))
    assert "-0.2 its death toll 40 is 4 times off the best estimate 10" in reasons
