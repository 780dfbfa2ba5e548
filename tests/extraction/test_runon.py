"""Run-on text: one sentence of hundreds of clauses, each with its own figures and place, is read whole.

The cost of such a text must grow with its length (BENCHMARKS.md times it at 0.1 to 0.8 MB); here two
sizes are checked for what they read, not for how long they take: every figure of every clause, and the
places named. The readers of items near a token are checked against plain scans of the sentence.
"""
import random

import pytest

import marsad
from marsad.extraction.analysis import analyze

PLACES_EN = ["Daraa", "Homs", "Hama", "Idlib", "Aleppo", "Douma", "Manbij", "Saraqib"]
PLACES_AR = ["حمص", "حماة", "درعا", "إدلب"]


def english(n: int) -> tuple[str, list[tuple[str, int]]]:
    clauses = [f"shelling by government forces killed {i % 90 + 1} civilians and wounded {i % 70 + 2} in "
               f"{PLACES_EN[i % len(PLACES_EN)]}, the Syrian Observatory said, and" for i in range(n)]
    figures = [(kind, value) for i in range(n) for kind, value in (("killed", i % 90 + 1), ("injured", i % 70 + 2))]
    return "Shelling in Homs\n\n" + " ".join(clauses) + " rescuers searched the rubble.", figures


def arabic(n: int) -> tuple[str, list[tuple[str, int]]]:
    clauses = [f"قتل {i % 40 + 1} مدنيين في قصف لقوات النظام على {PLACES_AR[i % len(PLACES_AR)]} بحسب المرصد السوري"
               for i in range(n)]
    return "قصف على حمص\n\n" + " و".join(clauses), [("killed", i % 40 + 1) for i in range(n)]


@pytest.mark.parametrize("make", [english, arabic], ids=["English", "Arabic"])
@pytest.mark.parametrize("clauses", [150, 300])
def test_every_figure_and_place_of_a_run_on_sentence_is_read(make, clauses):
    text, figures = make(clauses)
    assert text.count(".") <= 1  # one sentence
    doc = marsad.extract(text, key="run-on", published="2024-05-10")
    claims = [c for e in doc.events for c in e.claims]
    read = sorted((c.kind, c.low) for c in claims)
    assert read == sorted(figures)
    assert all(c.low == c.high and c.qualifier == "exact" and c.victims == "civilians" for c in claims)
    assert {c.claimant for c in claims} == {"SOHR"}
    assert all(doc.text[c.start:c.end] == c.evidence and str(c.low) in c.evidence for c in claims)
    places = {e.location.name for e in doc.events}
    names = PLACES_EN if make is english else ["Homs", "Hama", "Daraa", "Idlib"]
    assert places <= set(names) and len(places) >= len(names) - 1  # (a clause may take its neighbour's place)
    assert {e.sub_event_type for e in doc.events} == {"Shelling/artillery/missile attack"}
    assert {e.actor1 for e in doc.events} == {"Syrian government forces"}


@pytest.mark.parametrize("seed", range(5))
def test_items_starting_and_ending_near_a_token_are_those_a_scan_finds(seed):
    rng = random.Random(seed)
    words = ["Russian", "warplanes", "struck", "Douma", "killing", "12", "civilians", "and", "wounded", "dozens",
             "of", "regime", "forces", "in", "Harasta", "the", "Syrian", "Observatory", "said", "three", "hundred"]
    text = " ".join(rng.choice(words) for _ in range(300))
    s = analyze(text, 0, len(text))
    kinds = sorted({i.kind for i in s.items})
    assert {"actor", "place", "kind", "num"} <= set(kinds)
    for _ in range(200):
        kind = rng.choice(kinds)
        lo = rng.randrange(-3, len(s.tokens) + 3)
        hi = lo + rng.randrange(0, 12)
        assert list(s.starting(kind, lo, hi)) == [i for i in s.of(kind) if lo <= i.tok < hi]
        assert s.ending(kind, lo, hi) == [i for i in s.of(kind) if lo <= i.tok_end <= hi]
