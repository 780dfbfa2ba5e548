"""The linking test set: 44 reports of 14 invented incidents at real places, in English and Arabic, read by
``marsad.extract`` and linked by ``build`` as a user would, scored pairwise against their gold incidents.

``tests/data/linking/reports.jsonl`` holds one report a line (``id``, ``incident``, ``publisher``,
``published``, ``text``). Among them: two barrages on Douma ten days apart; a car bomb and an air strike in
Idlib city on one day; reports of shelling on Saraqib that tell no day, three years apart; the Darayya
evacuation told as a deal, as a handover and as a capture; Daraa al-Balad shelling in both languages with
only a generic actor shared; a suicide truck bomb told as a car bomb; a gas attack told as air strikes and
as shelling; a clash whose attacker one report names and another does not; a protest told as a riot; a
neighbourhood and its city.
"""
import json
from itertools import combinations
from pathlib import Path

import marsad
from marsad.linking.incidents import build, report_of

SET = Path(__file__).parent.parent / "data" / "linking" / "reports.jsonl"
FLOORS = {"precision": 0.9, "recall": 0.9}


def reports() -> list[dict]:
    return [json.loads(line) for line in SET.read_text(encoding="utf-8").splitlines() if line.strip()]


def linked_incidents() -> tuple[list[dict], dict[str, set[str]]]:
    """The reports and, for each, the incidents its main events were linked into."""
    rows = reports()
    docs = [marsad.extract(r["text"], key=r["id"], published=r["published"], publisher=r["publisher"]) for r in rows]
    linked = build([report_of(d) for d in docs])
    return rows, {r["id"]: {linked.incident_of[e.id] for e in d.events if e.salience == "main"}
                  for r, d in zip(rows, docs, strict=True)}


def pairwise(rows: list[dict], found: dict[str, set[str]]) -> dict:
    """Pairwise precision and recall over the reports: a pair is linked when their main events share an
    incident, and gold when the reports tell one incident."""
    tp = fp = fn = 0
    wrong, missed = [], []
    for a, b in combinations(rows, 2):
        gold, linked = a["incident"] == b["incident"], bool(found[a["id"]] & found[b["id"]])
        tp += gold and linked
        fp += linked and not gold
        fn += gold and not linked
        if linked != gold:
            (wrong if linked else missed).append((a["id"], b["id"]))
    return {"precision": tp / (tp + fp) if tp + fp else 1.0, "recall": tp / (tp + fn) if tp + fn else 1.0,
            "pairs": tp + fn, "wrong": wrong, "missed": missed}


def test_the_set_is_what_it_says():
    rows = reports()
    assert len(rows) >= 40 and len({r["incident"] for r in rows}) >= 12
    assert len({r["id"] for r in rows}) == len(rows)
    arabic = [r for r in rows if any("\u0600" <= ch <= "\u06ff" for ch in r["text"])]
    assert 0 < len(arabic) < len(rows)
    by_incident: dict[str, set[bool]] = {}
    for r in rows:
        by_incident.setdefault(r["incident"], set()).add(r in arabic)
    assert sum(len(langs) == 2 for langs in by_incident.values()) >= 10  # most incidents told in both languages


def test_pairwise_precision_and_recall_hold_their_floors():
    rows, found = linked_incidents()
    result = pairwise(rows, found)
    print(f"linking test set: {len(rows)} reports, {result['pairs']} gold pairs, "
          f"precision {result['precision']:.3f}, recall {result['recall']:.3f}; "
          f"wrong {result['wrong']}, missed {result['missed']}")
    assert result["precision"] >= FLOORS["precision"], result["wrong"]
    assert result["recall"] >= FLOORS["recall"], result["missed"]


def test_the_hard_cases_come_out_right():
    rows, found = linked_incidents()
    incident = {r["id"]: found[r["id"]] for r in rows}

    def one(*ids: str) -> bool:
        return bool(set.intersection(*(incident[i] for i in ids)))

    assert one("douma-a-reuters", "douma-a-smart", "douma-a-enab")
    assert one("douma-b-afp", "douma-b-orient", "douma-b-sohr-en")
    assert not one("douma-a-reuters", "douma-b-afp")  # ten days apart: two barrages
    assert one("idlib-bomb-reuters", "idlib-bomb-enab-ar") and one("idlib-air-aa", "idlib-air-sohr")
    assert not one("idlib-bomb-reuters", "idlib-air-aa")  # one city, one day, two incidents
    assert one("saraqib-2016-en", "saraqib-2016-ar") and one("saraqib-2019-en", "saraqib-2019-ar")
    assert not any(one(a, b) for a in ("saraqib-2016-en", "saraqib-2016-ar")
                   for b in ("saraqib-2019-en", "saraqib-2019-ar", "saraqib-2019-smart-en"))  # never across years
    assert one("darayya-alwatan", "darayya-dpa", "darayya-aa-ar", "darayya-enab-en")  # battle, deal, handover
    assert one("daraa-ap", "daraa-horan")  # across languages, only "government forces" shared
    assert one("qamishli-reuters", "qamishli-hawar", "qamishli-sana-en")  # a suicide bomb and a car bomb
    assert one("latamneh-afp", "latamneh-smart", "latamneh-syria-direct")
    assert one("taltamr-anf", "taltamr-npa", "taltamr-aa")  # an attacker named and unnamed
    assert one("suwayda-enab", "suwayda-suwayda24")  # a protest and a riot
    assert one("hamdaniyah-ikhbariya", "hamdaniyah-reuters", "hamdaniyah-sana-en")  # a district in its city


def test_the_set_links_the_same_in_any_order():
    rows = reports()
    docs = [marsad.extract(r["text"], key=r["id"], published=r["published"], publisher=r["publisher"]) for r in rows]
    forward = build([report_of(d) for d in docs])
    backward = build([report_of(d) for d in reversed(docs)])
    assert forward.incident_of == backward.incident_of


def test_the_set_links_the_same_at_once_and_in_batches():
    """Reports linked as they come (each batch joins the incidents of the ones before) tell the same
    reports apart and together as reports linked at once. (Stored incidents never merge, so an event
    that only a later report ties to an incident, while its own report's other event made one, may stay
    apart: the main events do not.)"""
    from marsad.linking.links import link

    rows = reports()
    docs = [marsad.extract(r["text"], key=r["id"], published=r["published"], publisher=r["publisher"]) for r in rows]
    events = [e for d in docs for e in report_of(d).events]
    main = {e.id for d in docs for e in d.events if e.salience == "main"}

    def found(incidents) -> dict[str, set[str]]:
        of = {e.event_id: inc.id for inc in incidents for e in inc.events}
        return {r["id"]: {of[e.id] for e in d.events if e.id in main} for r, d in zip(rows, docs, strict=True)}

    at_once = pairwise(rows, found(link(events)))
    by_doc = sorted({e.doc_id for e in events})
    incidents = []
    for n in range(4):
        batch = {d for i, d in enumerate(by_doc) if i % 4 == n}
        incidents = link([e for e in events if e.doc_id in batch], incidents)
    in_batches = pairwise(rows, found(incidents))
    assert (in_batches["wrong"], in_batches["missed"]) == (at_once["wrong"], at_once["missed"])
