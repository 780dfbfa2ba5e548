"""Hand-written reports in both languages (tests/data/extraction_cases.jsonl), each with the events,
claims and dates a correct reading finds, and the figures and furniture it must leave alone."""
import json
from pathlib import Path

import pytest

import marsad
from marsad.evaluation.scoring import claimant_group, same_actor
from marsad.extraction.knowledge import knowledge
from marsad.extraction.places import km
from marsad.reading.textnorm import normalize

CASES = [json.loads(line) for line in
         (Path(__file__).parent.parent / "data" / "extraction_cases.jsonl").read_text(encoding="utf-8").splitlines()
         if line.strip()]
PLACE_KM = 10


def _place_ids(name: str) -> set[str]:
    kb = knowledge()
    found: set[str] = set()
    for match in kb.matchers["places"].find(name):
        found |= {value for kind, value in match.payloads if kind == "place"}
    return found


def same_place(expected: str, location) -> bool:
    if location is None:
        return False
    if normalize(expected) == normalize(location.name):
        return True
    kb = knowledge()
    return any(km(kb.places[i].location, location) <= PLACE_KM for i in _place_ids(expected))


def event_found(want: dict, events) -> bool:
    for ev in events:
        if (ev.event_type, ev.sub_event_type) != (want["event_type"], want["sub_event_type"]):
            continue
        if not same_place(want["location"], ev.location):
            continue
        if not any(same_actor(a, ev.actor1) for a in [want["actor1"], *want.get("actor1_also", [])]):
            continue
        if want["date"] and (ev.date is None or ev.date.isoformat() != want["date"]):
            continue
        if ev.salience != want["salience"]:
            continue
        return True
    return False


def group(claimant: str) -> str:
    """The evaluation's claimant group, with every non-state armed actor of the lexicon an armed group."""
    actor = knowledge().actors.get(claimant)
    if actor is not None and actor.side not in ("government", "foreign") and actor.inter in (2, 3, 4, 8):
        return "armed group"
    return claimant_group(claimant)


def claim_found(want: dict, claims, text: str) -> bool:
    span = (text.index(want["evidence"]), text.index(want["evidence"]) + len(want["evidence"]))
    for c in claims:
        if (c.kind, c.low, c.high, c.qualifier) != (want["kind"], want["low"], want["high"], want["qualifier"]):
            continue
        if group(c.claimant) != want["claimant_group"]:
            continue
        if c.start < span[1] and span[0] < c.end:
            return True
    return False


def problems(case: dict) -> list[str]:
    doc = marsad.extract(case["text"], key=case["id"], published=case["published"])
    claims = [c for e in doc.events for c in e.claims]
    found = []
    for want in case["events"]:
        if not event_found(want, doc.events):
            found.append(f"event not found: {want}")
    for want in case["claims"]:
        if not claim_found(want, claims, doc.text):
            found.append(f"claim not found: {want}")
    for sub in case.get("no_sub_events", []):  # readings the report must not give ("إسقاط النظام" is a slogan)
        found.extend(f"event of sub-type {sub} read" for e in doc.events if e.sub_event_type == sub)
    for absent in case["absent"]:
        start = doc.text.index(absent)
        end = start + len(absent)
        for e in doc.events:  # a background event may keep its own figures; nothing else may take them
            for c in e.claims:
                if c.start < end and start < c.end and e.salience != "background":
                    found.append(f"claim read from {absent!r}: {c.evidence!r}")
        for e in doc.events:
            if start <= e.start and e.end <= end:
                found.append(f"event read from {absent!r}")
    if found:
        found.append("got: " + "; ".join(
            f"{e.salience} {e.event_type}/{e.sub_event_type} {e.actor1} @ {e.location.name} {e.date} "
            f"[{', '.join(f'{c.kind} {c.low}-{c.high} {c.qualifier} {c.claimant}' for c in e.claims)}]"
            for e in doc.events))
    return found


def test_the_cases_cover_both_languages_and_every_readable_sub_event_type():
    assert len(CASES) >= 40 and {c["language"] for c in CASES} == {"ar", "en"}
    covered = {(e["event_type"], e["sub_event_type"]) for c in CASES for e in c["events"]}
    readable = {(t, s) for t, subs in knowledge().taxonomy.items() for s in subs}
    readable -= {("Strategic developments", "Other")}
    assert readable <= covered


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(case):
    assert problems(case) == []
