"""Reports written in the style of real reporting, one file per failure class of real-world event reading
(tests/data/event_classes/*.jsonl). Each case names the report's main events exactly: their type and
sub-type, actor1 and actor2, date and date precision, in both languages.

A case is ``{"id", "class", "language", "published", "text", "main": [...], "max_events"?: N}``; each
expected main event is ``{"event_type", "sub_event_type", "actor1", "actor2", "date", "date_precision"}``
(an actor of ``null`` must be absent or unidentified), and optionally ``"killed"``, its best toll. The
report's main events must be exactly those: one per incident, none missing, none extra. ``max_events``
bounds all events read (class 6: events from nothing). The per-class counts are printed by
``python tests/extraction/test_event_classes.py``.
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest
from case_files import read_cases

import marsad
from marsad.evaluation.scoring import same_actor

FOLDER = Path(__file__).parent.parent / "data" / "event_classes"
CLASSES = {
    1: "territorial change",
    2: "strategic developments",
    3: "unidentified gunmen",
    4: "remote-violence sub-types",
    5: "the main event",
    6: "events from nothing",
    7: "actors",
    8: "dates",
}


CASES = read_cases(FOLDER)


def _fits(want: dict, ev) -> bool:
    return ((ev.event_type, ev.sub_event_type) == (want["event_type"], want["sub_event_type"])
            and same_actor(want["actor1"], ev.actor1) and same_actor(want["actor2"], ev.actor2)
            and (ev.date.isoformat() if ev.date else None) == want["date"]
            and ev.date_precision == want["date_precision"]
            and ("killed" not in want or ev.fatalities.get("best") == want["killed"]))


def _shown(ev) -> str:
    where = ev.location.name if ev.location else None
    return (f"{ev.salience} {ev.event_type}/{ev.sub_event_type} {ev.actor1} -> {ev.actor2} @ {where} "
            f"{ev.date} ({ev.date_precision}) killed {ev.fatalities.get('best')}")


def problems(case: dict) -> list[str]:
    doc = marsad.extract(case["text"], key=case["id"], published=case.get("published"))
    main = [e for e in doc.events if e.salience == "main"]
    found, left = [], list(main)
    for want in case["main"]:
        hit = next((e for e in left if _fits(want, e)), None)
        if hit is None:
            found.append(f"main event not found: {want}")
        else:
            left.remove(hit)
    found.extend(f"main event not expected: {_shown(e)}" for e in left)
    if "max_events" in case and len(doc.events) > case["max_events"]:
        found.append(f"{len(doc.events)} events read, at most {case['max_events']} expected")
    if found:
        found.append("got: " + "; ".join(_shown(e) for e in doc.events))
    return found


def test_every_class_has_cases_in_both_languages():
    assert CASES, f"no cases in {FOLDER}"
    for case in CASES:
        assert case["class"] in CLASSES and case["language"] in ("ar", "en"), case["_where"]
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids)), "case ids repeat"


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(case):
    assert problems(case) == []


if __name__ == "__main__":  # per-class pass counts, for the note
    passed, total = Counter(), Counter()
    for case in CASES:
        key = (case["class"], case["language"])
        total[key] += 1
        passed[key] += not problems(case)
    for key in sorted(total):
        print(f"class {key[0]} ({CLASSES[key[0]]}), {key[1]}: {passed[key]}/{total[key]}")
    print(f"all: {sum(passed.values())}/{sum(total.values())}")
    sys.exit(0 if passed == total else 1)
