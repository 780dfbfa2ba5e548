"""Reports written in the style of real reporting, one file per failure class of real-world claim reading
(tests/data/claim_classes/*.jsonl): the figure's scope, breakdowns, tolls told without a killing verb,
and who says it. Each case names the claims a correct reading finds, in both languages.

A case is ``{"id", "class", "language", "published", "text", "claims": [...], "toll"?: N, "absent"?: [...],
"waiting"?: "..."}``. Each expected claim is ``{"kind", "low", "high", "qualifier", "victims", "scope",
"claimant", "evidence", "part_of"?: "<the total's evidence>", "added"?: true, "via"?: "<channel>"}``: a claim
of the report (of any of its events) must match it exactly and its evidence must overlap the text given; a
part's ``part_of`` must be its total's claim. ``toll`` is the main event's best fatality figure; ``absent``
are passages no claim may come from; ``waiting`` names what a case needs from a reading outside the claims
stage (it is expected to fail until then). Every evidence is found once in its text. The per-class counts
are printed by ``python tests/extraction/test_claim_classes.py``.
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest
from case_files import read_cases

import marsad

FOLDER = Path(__file__).parent.parent / "data" / "claim_classes"
CLASSES = {
    1: "scope",
    2: "breakdowns",
    3: "tolls",
    4: "attribution",
}
FIELDS = ("kind", "low", "high", "qualifier", "victims", "scope", "claimant")


CASES = read_cases(FOLDER)


def _span(text: str, evidence: str) -> tuple[int, int]:
    at = text.index(evidence)
    return at, at + len(evidence)


def _overlaps(claim, span: tuple[int, int]) -> bool:
    return claim.start < span[1] and span[0] < claim.end


def _shown(c) -> str:
    extra = f" part_of={c.part_of}" if c.part_of is not None else ""
    extra += " added" if c.added else ""
    extra += f" via {c.via}" if c.via else ""
    return (f"{c.kind} {c.low}-{c.high} {c.qualifier} {c.victims} [{c.scope}{' ' + c.period if c.period else ''}] "
            f"by {c.claimant}{extra}: {c.evidence!r}")


def _fits(want: dict, c, text: str, claims) -> bool:
    if any(getattr(c, f) != want[f] for f in FIELDS) or not _overlaps(c, _span(text, want["evidence"])):
        return False
    if bool(want.get("added")) != c.added or want.get("via", "") != c.via:
        return False
    if "part_of" not in want:
        return c.part_of is None
    total = _span(text, want["part_of"])
    return any(t.start == c.part_of and _overlaps(t, total) for t in claims)


def problems(case: dict) -> list[str]:
    doc = marsad.extract(case["text"], key=case["id"], published=case.get("published"))
    text = doc.text
    claims = [c for e in doc.events for c in e.claims]
    found = [f"claim not found: {want}" for want in case["claims"]
             if not any(_fits(want, c, text, claims) for c in claims)]
    for passage in case.get("absent", []):
        span = _span(text, passage)
        found += [f"claim read from {passage!r}: {_shown(c)}" for c in claims if _overlaps(c, span)]
    main = next((e for e in doc.events if e.salience == "main"), doc.events[0] if doc.events else None)
    if "toll" in case and (main.fatalities["best"] if main else 0) != case["toll"]:
        found.append(f"main event's toll {main.fatalities if main else None}, expected {case['toll']}")
    if found:
        found.append("got: " + "; ".join(f"[{e.salience}] " + ", ".join(map(_shown, e.claims)) for e in doc.events))
    return found


def test_every_class_has_cases_in_both_languages():
    assert CASES, f"no cases in {FOLDER}"
    for case in CASES:
        assert case["class"] in CLASSES and case["language"] in ("ar", "en"), case["_where"]
        for want in case["claims"]:
            assert set(FIELDS) | {"evidence"} <= set(want), (case["_where"], want)
            for passage in [want["evidence"], want.get("part_of", want["evidence"])]:
                assert case["text"].count(passage) == 1, (case["_where"], passage)
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids)), "case ids repeat"
    assert {(c["class"], c["language"]) for c in CASES} == {(k, lang) for k in CLASSES for lang in ("ar", "en")}


def _param(case: dict):
    """A case that waits on a reading outside the claims stage says so ("waiting": what it needs)."""
    marks = [pytest.mark.xfail(strict=True, reason=case["waiting"])] if case.get("waiting") else []
    return pytest.param(case, marks=marks, id=case["id"])


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_case(case):
    assert problems(case) == []


if __name__ == "__main__":  # per-class pass counts, for the note
    passed, total = Counter(), Counter()
    waiting = Counter()
    for case in CASES:
        key = (case["class"], case["language"])
        total[key] += 1
        bad = problems(case)
        passed[key] += not bad
        waiting[key] += bool(bad and case.get("waiting"))
        if bad and "-v" in sys.argv:
            print(case["id"], *bad, sep="\n  ")
    for key in sorted(total):
        told = f" ({waiting[key]} waiting on other stages)" if waiting[key] else ""
        print(f"class {key[0]} ({CLASSES[key[0]]}), {key[1]}: {passed[key]}/{total[key]}{told}")
    print(f"all: {sum(passed.values())}/{sum(total.values())}, waiting: {sum(waiting.values())}")
    sys.exit(0 if all(passed[k] + waiting[k] == total[k] for k in total) else 1)
