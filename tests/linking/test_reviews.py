"""Analysts' merges and splits reach the incidents at once, and linking keeps them."""
from marsad.jobs.batch import ingest
from marsad.jobs.demo import sample_path
from marsad.linking.incidents import link_database, reviewed
from marsad.linking.links import EventRef, Incident


def told_by_most(store) -> list[dict]:
    return sorted(store.incidents(), key=lambda i: (-i["reports"], i["id"]))


def incident_of(store) -> dict[str, str]:
    return {e["id"]: e["incident_id"] for e in store.events()}


def test_a_merge_and_a_split_change_the_incidents_at_once_and_link_keeps_them(store):
    files = sorted(p for p in sample_path().iterdir() if p.suffix != ".jsonl")
    ingest(files, store)
    link_database(store)
    first, second = told_by_most(store)[:2]
    store.review("incident", first["id"], "merge", who="Layla", why="one incident", changes={"into": second["id"]})
    ids = {i["id"] for i in store.incidents()}
    assert first["id"] not in ids and second["id"] in ids  # at once, in the stored list
    merged = store.incident(second["id"])
    assert set(merged["summary"]["documents"]) == set(first["summary"]["documents"]) | set(
        second["summary"]["documents"])
    assert merged["reports"] == len(merged["summary"]["documents"])
    assert first["id"] not in set(incident_of(store).values())
    moved = sorted(merged["summary"]["events"])[0]
    split = store.review("event", moved, "split", who="Layla", why="another strike")
    alone = split["changes"]["incident_id"]
    assert store.incident(alone)["summary"]["events"] == [moved]
    assert moved not in store.incident(second["id"])["summary"]["events"]
    kept = incident_of(store)
    for _ in range(2):  # a full relink, then one after new reports: the analyst's incidents stay
        link_database(store, full=True)
        assert incident_of(store) == kept
        assert first["id"] not in {i["id"] for i in store.incidents()}
    ingest([sample_path() / "batch.jsonl"], store)
    link_database(store)
    now = incident_of(store)
    assert all(now[event] == incident for event, incident in kept.items())
    link_database(store, full=True)
    assert incident_of(store) == now


def ref(event_id: str, doc_id: str) -> EventRef:
    return EventRef(event_id=event_id, doc_id=doc_id, event_type="Battles", sub_event_type="Armed clash",
                    actor1=None, actor2=None, place_id=None, lat=None, lon=None, precision=None, admin1=None,
                    date=None, date_precision=None, published=None)


def test_reviews_are_applied_in_order_and_stale_ones_are_passed_over():
    existing = [Incident(id="a", events=[ref("e1", "d1"), ref("e2", "d2")]), Incident(id="b", events=[ref("e3", "d3")]),
                Incident(id="c", events=[ref("e4", "d4")])]
    corrections = [
        {"target": "incident", "target_id": "a", "action": "merge", "changes": {"into": "b"}, "problem": None},
        {"target": "incident", "target_id": "b", "action": "merge", "changes": {"into": "c"}, "problem": None},
        {"target": "event", "target_id": "e2", "action": "split", "changes": {"incident_id": "s"}, "problem": None},
        {"target": "incident", "target_id": "c", "action": "merge", "changes": {"into": "zz"}, "problem": None},
        {"target": "incident", "target_id": "s", "action": "merge", "changes": {"into": "c"}, "problem": "stale"},
    ]
    found = {i.id: sorted(e.event_id for e in i.events) for i in reviewed(existing, corrections)}
    assert found == {"c": ["e1", "e3", "e4"], "s": ["e2"]}


def test_a_correction_of_the_dead_changes_its_incidents_figures_at_once_and_link_keeps_it(store):
    ingest(sorted(p for p in sample_path().iterdir() if p.suffix != ".jsonl"), store)
    link_database(store)
    incident = told_by_most(store)[0]
    event = sorted(incident["summary"]["events"])[0]
    machine = (incident["fatalities_low"], incident["fatalities_best"], incident["fatalities_high"])
    wanted = (machine[2] + 1, machine[2] + 3, machine[2] + 5)
    store.review("event", event, "correct", who="Layla", why="the hospital's list",
                 changes={"fatalities_low": wanted[0], "fatalities_best": wanted[1], "fatalities_high": wanted[2]})

    def figures() -> tuple[int, int, int]:
        row = store.incident(incident["id"])
        return row["fatalities_low"], row["fatalities_best"], row["fatalities_high"]

    assert figures() == wanted
    assert store.incident(incident["id"])["summary"]["analyst"]["who"] == "Layla"
    link_database(store, full=True)
    assert figures() == wanted
    ingest([sample_path() / "batch.jsonl"], store)
    link_database(store)
    assert figures() == wanted
