"""Incidents across reports and languages, wire copies, reconciliation, credibility and reference records."""
import json
from collections import defaultdict
from datetime import date

import pytest
from typer.testing import CliRunner

import marsad
from conftest import SHARED_EVAL
from marsad.cli import app
from marsad.evaluation.scoring import score
from marsad.jobs.batch import ingest
from marsad.jobs.demo import sample_path
from marsad.linking.credibility import ReferenceError, read_reference
from marsad.linking.incidents import build, link_database, report_of
from marsad.linking.links import EventRef, link
from marsad.web.output import document_record

MANIFEST = json.loads((sample_path().parent / "MANIFEST.json").read_text(encoding="utf-8"))


def ref(event_id, doc_id, *, when=None, place="sy-damascus", lat=33.5138, lon=36.2765, precision="city",
        sub="Shelling/artillery/missile attack", actor1="Jaysh al-Islam", published=None, killed=0):
    return EventRef(event_id=event_id, doc_id=doc_id, event_type="Explosions/Remote violence", sub_event_type=sub,
                    actor1=actor1, actor2=None, place_id=place, lat=lat, lon=lon, precision=precision,
                    admin1="Damascus", date=when, date_precision="day" if when else None, published=published,
                    killed=killed, killed_low=killed, killed_high=killed)


def groups(incidents):
    return sorted(sorted(e.event_id for e in inc.events) for inc in incidents)


def test_arabic_and_english_reports_of_one_campaign_link_and_nothing_else(dev_docs):
    docs = list(marsad.read(dev_docs, errors="raise"))
    linked = build([report_of(d) for d in docs])
    records = [document_record(d, incident_of=linked.incident_of) for d in docs]
    gold = [json.loads(line) for line in (SHARED_EVAL / "dev" / "gold.jsonl").read_text().splitlines() if line]
    result = score(gold, records)
    assert (result["link_recall"], result["link_precision"]) == (1.0, 1.0)
    english = next(d for d in docs if d.key.startswith("000")).events[0]
    arabic = next(d for d in docs if d.key.startswith("003")).events[0]
    assert linked.incident_of[english.id] == linked.incident_of[arabic.id]


def test_the_sample_corpus_incidents_are_recovered_exactly():
    docs = {d.key: d for d in marsad.read(sample_path(), errors="raise")}
    linked = build([report_of(d) for d in docs.values()])
    found = defaultdict(set)
    for entry in MANIFEST:
        doc = docs[entry["doc"]]
        main = next(e for e in doc.events if e.salience == "main" and e.event_type == entry["event_type"])
        found[entry["incident"]].add(linked.incident_of[main.id])
    assert all(len(ids) == 1 for ids in found.values()), found
    assert len({next(iter(ids)) for ids in found.values()}) == len(found)
    for ids in found.values():  # every incident's conflicting tolls are kept and reconciled
        killed = linked.reconciled[next(iter(ids))]["killed"]
        assert len(killed["sources"]) >= 2 and killed["low"] <= killed["best"] <= killed["high"]
        assert killed["acled"] == killed["low"]


def test_two_barrages_on_one_place_ten_days_apart_are_two_incidents():
    events = [ref("a1", "A", when=date(2015, 2, 5)), ref("b1", "B", when=date(2015, 2, 5)),
              ref("c1", "C", when=date(2015, 2, 15)), ref("d1", "D", when=date(2015, 2, 16))]
    assert groups(link(events)) == [["a1", "b1"], ["c1", "d1"]]


def test_an_unidentified_side_links_with_the_side_another_report_names():
    unnamed = [ref("a1", "A", when=date(2020, 11, 24), actor1="Unidentified Armed Group"),
               ref("b1", "B", when=date(2020, 11, 24), actor1="People's Protection Units (YPG)")]
    assert groups(link(unnamed)) == [["a1", "b1"]]
    named = [ref("a1", "A", when=date(2020, 11, 24), actor1="Military Forces of Turkey"),
             ref("b1", "B", when=date(2020, 11, 24), actor1="People's Protection Units (YPG)")]
    assert len(link(named)) == 2


def test_linking_needs_more_than_one_feature():
    same_place_other_actor = [ref("a1", "A", when=date(2015, 2, 5), sub="Air/drone strike", actor1="Jaysh al-Islam"),
                              ref("b1", "B", when=date(2015, 2, 5), sub="Shelling/artillery/missile attack",
                                  actor1="Military Forces of Russia")]
    assert len(link(same_place_other_actor)) == 2
    far_apart = [ref("a1", "A", when=date(2015, 2, 5)),
                 ref("b1", "B", when=date(2015, 2, 5), place="sy-aleppo-city", lat=36.2, lon=37.16)]
    assert len(link(far_apart)) == 2
    tolls = [ref("a1", "A", when=date(2015, 2, 5), killed=2), ref("b1", "B", when=date(2015, 2, 5), killed=300)]
    assert len(link(tolls)) == 2


def test_linking_is_deterministic_and_incremental():
    events = [ref(f"e{n}", f"D{n}", when=date(2015, 2, 5 + (n % 3) * 10)) for n in range(9)]
    once = link(events)
    assert groups(once) == groups(link(list(reversed(events))))
    first, rest = events[:4], events[4:]
    grown = link(rest, existing=link(first))
    assert groups(grown) == groups(once)
    assert {i.id for i in link(first)} <= {i.id for i in grown}


TOLL = """Shelling on Douma

Douma, SMART

Regime forces shelled the city of Douma on Monday, killing {n} civilians, {who} said.
"""


def test_evolving_tolls_are_reconciled_with_a_timeline():
    docs = [marsad.extract(TOLL.format(n=n, who=who), key=f"r{n}", published=day, publisher=outlet)
            for n, who, day, outlet in [(4, "activists", "2018-02-05", "SMART"),
                                        (9, "activists", "2018-02-06", "Orient Net"),
                                        (12, "the Syrian Observatory for Human Rights", "2018-02-07", "Enab Baladi")]]
    linked = build([report_of(d) for d in docs])
    (incident,) = [i for i in linked.incidents if len(i.docs) == 3]
    killed = linked.reconciled[incident.id]["killed"]
    assert [t["figure"] for t in killed["timeline"]] == [4, 9, 12]
    assert [t["highest_so_far"] for t in killed["timeline"]] == [4, 9, 12]
    assert killed["sources"] == {"activists": 9, "SOHR": 12}  # the activists' latest figure replaces their first
    assert (killed["low"], killed["best"], killed["high"], killed["acled"]) == (9, 9, 12, 9)


STORY = ("Car bomb kills seven in Azaz\n\n{outlet} Editor | 14 March, 2021\n\nA car bomb exploded in the crowded "
         "vegetable market of Azaz on Sunday afternoon, killing seven civilians and wounding 20 others, the Syrian "
         "Civil Defence said. The blast destroyed several shops and set fire to cars parked along the market "
         "street, and rescuers were still searching the rubble in the evening, residents told reporters.")


def test_a_wire_copy_counts_once():
    original = marsad.extract(STORY.format(outlet="Enab Baladi"), key="orig", published="2021-03-14")
    copy = marsad.extract(STORY.format(outlet="Syria TV"), key="copy", published="2021-03-15")
    other = marsad.extract("Car bomb in Azaz\n\nA car bomb went off in Azaz on Sunday, killing nine people and "
                           "wounding dozens, the Syrian Observatory for Human Rights said.", key="other",
                           published="2021-03-14", publisher="Reuters")
    linked = build([report_of(d) for d in (original, copy, other)])
    assert linked.copies == {copy.id: original.id}
    (incident,) = [i for i in linked.incidents if len(i.docs) == 3]
    killed = linked.reconciled[incident.id]["killed"]
    assert {c["doc_id"] for c in killed["claims"]} == {original.id, other.id}  # not the copy's
    score_copy, reasons = linked.credibility[copy.id]
    assert any(f"a copy of document {original.id}" in r for r in reasons)
    assert 0 <= score_copy <= 1


def test_credibility_reasons_and_disagreement_flags():
    state = marsad.extract("Attack on Jableh\n\nJableh, SANA\n\nTerrorists shelled the city of Jableh on Monday, "
                           "killing two citizens, SANA said.", key="s", published="2017-04-10")
    monitor = marsad.extract("Shelling on Jableh\n\nRebel shelling hit the city of Jableh on Monday, killing 11 "
                             "people, the Syrian Observatory for Human Rights said.", key="m", published="2017-04-10",
                             publisher="Enab Baladi")
    linked = build([report_of(d) for d in (state, monitor)])
    (incident,) = [i for i in linked.incidents if len(i.docs) == 2]
    flags = linked.reconciled[incident.id]["killed"]["flags"]
    assert any("state media and monitors disagree" in f for f in flags)
    assert any("sources disagree" in f for f in flags)
    s_score, s_reasons = linked.credibility[state.id]
    m_score, m_reasons = linked.credibility[monitor.id]
    assert m_score > s_score
    assert any("another independent outlet" in r for r in s_reasons)


def test_reference_record_match(tmp_path):
    csv_path = tmp_path / "vdc.csv"
    csv_path.write_text("date,admin1,place,civilians,fighters,total,source\n"
                        "2021-03-14,Aleppo,Azaz,7,0,,VDC\n2021-03-20,Idlib,,3,1,4,VDC\n", encoding="utf-8")
    records = read_reference(csv_path)
    assert [r.total for r in records] == [7, 4]
    good = marsad.extract(STORY.format(outlet="Enab Baladi"), key="g", published="2021-03-14")
    bad = marsad.extract("Car bomb in Azaz\n\nA car bomb exploded in Azaz on Sunday, killing 40 people, a local "
                         "source said.", key="b", published="2021-03-14", publisher="Baladi News")
    linked = build([report_of(d) for d in (good, bad)], reference=records)
    assert any("matches the reference record's 7" in r for r in linked.credibility[good.id][1])
    assert any("disagrees with the reference record's 7" in r for r in linked.credibility[bad.id][1])


def test_reference_record_errors_name_the_row(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("date,admin1,total\n2021-02-30,Idlib,3\n", encoding="utf-8")
    with pytest.raises(ReferenceError, match=r"bad.csv:2: date '2021-02-30' is not YYYY-MM-DD"):
        read_reference(bad)
    (tmp_path / "nohead.csv").write_text("when,where\n", encoding="utf-8")
    with pytest.raises(ReferenceError, match="header lacks admin1, date"):
        read_reference(tmp_path / "nohead.csv")


def test_link_in_the_database_is_incremental(tmp_path, store):
    reports = sorted(p for p in sample_path().iterdir() if p.suffix != ".jsonl")
    ingest(reports[:6], store)
    first = link_database(store)
    assert first.loaded == store.count_documents()  # the first link reads everything
    ingest([sample_path()], store)
    second = link_database(store)
    assert not second.full and second.loaded < store.count_documents()
    before = {e.event_id: inc.id for inc in first.incidents for e in inc.events}
    stored = {e["id"]: e["incident_id"] for e in store.events()}
    assert all(stored[event] == incident for event, incident in before.items())
    assert None not in stored.values()
    assert {p["outlet"] for p in store.outlet_profiles()} >= {"SANA", "Enab Baladi", "Reuters"}


def test_commands(tmp_path):
    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(sample_path()), "--db", db, "-q"]).exit_code == 0
    ref_csv = tmp_path / "ref.csv"
    ref_csv.write_text("date,admin1,place,civilians,fighters,total,source\n2021-03-14,Aleppo,Azaz,5,0,5,VDC\n")
    assert "1 new" in runner.invoke(app, ["reference", str(ref_csv), "--db", db]).output
    assert runner.invoke(app, ["reference", str(tmp_path / "missing.csv"), "--db", db]).exit_code == 2
    linked = runner.invoke(app, ["link", "--db", db])
    assert linked.exit_code == 0 and "told by more than one report" in linked.output
    shown = runner.invoke(app, ["incidents", "--db", db], env={"COLUMNS": "200"})
    assert "Azaz" in shown.output and "Kafr Nabl" in shown.output
    rows = [json.loads(line) for line in runner.invoke(app, ["incidents", "--db", db, "--json"]).stdout.splitlines()]
    assert rows[0]["summary"]["reconciled"]["killed"]["claims"]
    assert "Enab Baladi" in runner.invoke(app, ["sources", "--db", db], env={"COLUMNS": "200"}).output
    extracted = runner.invoke(app, ["extract", str(sample_path()), "--link"])
    records = [json.loads(line) for line in extracted.stdout.splitlines()]
    assert all(0 <= r["credibility"] <= 1 and r["credibility_reasons"] for r in records)
    assert all(e["incident_id"] for r in records for e in r["events"])


def test_reports_with_no_date_link_only_within_the_years_their_texts_reach():
    import dataclasses

    from marsad.linking.pairs import latest_year

    assert latest_year("Copyright © ٢٠١٦ ... the siege since 2013, a toll of 1999 people") == 2016
    assert latest_year("no year here, only 12345 and 300 killed") is None
    a = ref("a1", "A", actor1="Jaysh al-Islam")
    b = ref("b1", "B", actor1="Jaysh al-Islam")
    assert groups(link([a, b])) == [["a1", "b1"]]  # nothing tells them apart: one incident, as the dev set's pair
    apart = [dataclasses.replace(a, year=2015), dataclasses.replace(b, year=2018)]
    assert len(link(apart)) == 2
    same = [dataclasses.replace(a, year=2015), dataclasses.replace(b, year=2015)]
    assert len(link(same)) == 1
