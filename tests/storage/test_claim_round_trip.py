"""Claims go into the database and come back whole: scope, period, the part of a breakdown, the added figure
and the channel (schema migration 7), on SQLite and PostgreSQL; a database stored before them upgrades without
losing a row; and what linking reads back reconciles as the extracted claims do (no cumulative total counts
toward an incident, no part competes with its total)."""
import json
from dataclasses import replace

import pytest
from sqlalchemy import insert, select

import marsad
import marsad.storage.migrations as migrations
from conftest import fresh_database
from marsad.linking.incidents import build, link_database, report_of
from marsad.storage import Store, schema
from marsad.storage.database import _rows

# Two reports written for these tests in the style of the outlets they imitate (page furniture included):
# each tells a toll with a breakdown, a monitor's figure relayed from medical sources, and a cumulative total.
ENGLISH = """Syria: Air strikes on Maarat al-Numan market kill 14 civilians

Home | Middle East | Syria

By Enab Baladi staff | Tuesday 3 December 2019

IDLIB, Dec 3 (Enab Baladi) - Syrian and Russian warplanes struck a crowded vegetable market in the town of \
Maarat al-Numan in the southern countryside of Idlib on Monday morning, killing 14 civilians, including five \
children and two women, the Syrian Civil Defence said in a statement on its Telegram channel.

The death toll later rose to 16, the Syrian Observatory for Human Rights said, citing medical sources in the \
town, adding that more than 30 people were wounded, some of them critically.

More than 1,300 civilians have been killed in Idlib since the start of the offensive at the end of April, \
according to the Observatory, which relies on a network of sources on the ground.

Recommend this article | Sender's Name | Comments (0)

Latest News: Taliban attack kills 12 in Kunduz
"""
ARABIC = """مقتل 11 مدنياً بقصف مدفعي على بلدة كفرنبل جنوبي إدلب

الرئيسية / أخبار سوريا

إدلب - عنب بلدي

الخميس 5 كانون الأول 2019

قُتل 11 مدنياً، بينهم أربعة أطفال وامرأتان، صباح اليوم الخميس، جراء قصف مدفعي لقوات النظام استهدف الأحياء \
السكنية في بلدة كفرنبل بريف إدلب الجنوبي، بحسب ما أفاد الدفاع المدني السوري في بيان نشره على معرفاته الرسمية.

وقال المرصد السوري لحقوق الإنسان، نقلاً عن مصادر طبية في المنطقة، إن حصيلة القتلى ارتفعت إلى 13 شخصاً، بينما \
لا يزال عدد من الجرحى في حالة خطرة.

ووثق المرصد مقتل أكثر من 1300 مدني في محافظة إدلب منذ بداية الحملة العسكرية في نيسان الماضي.

شارك المقال | التعليقات (0)

أخبار ذات صلة: مقتل ثلاثة مدنيين بقصف على دوما
"""
NEW_FIELDS = ("scope", "period", "part_of", "added", "via")


def reports():
    return [marsad.extract(ENGLISH, key="maarat.txt", publisher="Enab Baladi", published="2019-12-03"),
            marsad.extract(ARABIC, key="kafrnabl.txt", publisher="Enab Baladi", published="2019-12-05")]


def extracted_claims(doc) -> dict:
    return {e.id: e.claims for e in doc.events}


def test_the_reports_hold_what_the_round_trip_must_keep():
    """Each report has a cumulative figure with its period, a part pointing to its total, and a relayed one."""
    for doc in reports():
        claims = [c for e in doc.events for c in e.claims]
        starts = {c.start for c in claims}
        assert any(c.scope == "cumulative" and c.period for c in claims), doc.key
        assert any(c.part_of is not None and c.part_of in starts for c in claims), doc.key
        assert any(c.via == "SOHR" and c.claimant == "medics" for c in claims), doc.key


def test_extract_store_and_read_back_give_the_same_claims(store):
    docs = reports()
    store.add_documents(docs)
    state = store.linking_state([d.id for d in docs], sketches=False)
    everything, _ = store.reports()
    for doc in docs:
        assert state[doc.id].report.claims == extracted_claims(doc)  # the incremental link's reading
        assert next(r for r in everything if r.doc_id == doc.id).claims == extracted_claims(doc)  # the full link's
        stored = [c for e in doc.events for c in store.claims_of(e.id)]
        assert [(c["scope"], c["period"], c["part_of"], c["added"], c["via"]) for c in stored] == \
            [(c.scope, c.period, c.part_of, c.added, c.via) for e in doc.events for c in e.claims]


def test_an_event_with_more_than_nine_claims_reads_back_in_its_order(store):
    doc = reports()[1]
    first = doc.events[0]
    many = tuple(replace(first.claims[n % len(first.claims)], low=n + 1, high=n + 1, added=n % 5 == 4)
                 for n in range(12))  # (some told as more: "and three others")
    doc = replace(doc, events=(replace(first, claims=many), *doc.events[1:]))
    store.add_documents([doc])
    assert store.linking_state([doc.id], sketches=False)[doc.id].report.claims[first.id] == many
    assert [c["low"] for c in store.claims_of(first.id)] == list(range(1, 13))


def test_reconciliation_of_stored_claims_is_that_of_the_extracted_ones(store):
    docs = reports()
    in_memory = build([report_of(d) for d in docs])
    store.add_documents(docs)
    stored = link_database(store, full=True)  # (a full link writes the figures and keeps only the killed best)
    reconciled = {row["id"]: row["summary"]["reconciled"] for row in store.incidents()}
    assert reconciled == json.loads(json.dumps(in_memory.reconciled, ensure_ascii=False))
    by_key = {d.key: d for d in docs}
    arabic = by_key["kafrnabl.txt"].events[0]
    killed = reconciled[stored.incident_of[arabic.id]]["killed"]
    # SOHR's only figure of its own is the campaign's total since April: it is no source of this toll, and the
    # Civil Defence's children and women are inside its eleven
    assert killed["sources"] == {"Syrian Civil Defence": 11, "medics": 13}
    assert (killed["low"], killed["best"], killed["high"]) == (11, 11, 13)
    assert [t["figure"] for t in killed["timeline"]] == [11, 13]
    assert {(c["claimant"], c["claimant_type"], c["scope"]) for c in killed["claims"]} >= {
        ("SOHR", "monitor", "cumulative"), ("medics", "medical", "incident"),
        ("Syrian Civil Defence", "civil_defence", "incident")}
    assert next(c for c in killed["claims"] if c["claimant"] == "medics")["via"] == "SOHR"
    for row in store.incidents():  # no stored incident's figures hold a cumulative total
        assert max(row["fatalities_low"] or 0, row["fatalities_best"] or 0, row["fatalities_high"] or 0) < 1000
        for rec in row["summary"]["reconciled"].values():
            assert all(v < 1000 for v in rec["sources"].values())
            assert all(t["highest_so_far"] < 1000 for t in rec["timeline"])
    assert store.incident(stored.incident_of[arabic.id])["fatalities_high"] == 13


def test_without_the_stored_scope_and_parts_the_toll_would_take_the_cumulative_total():
    """What the columns prevent: the same claims read without scope and part (as before migration 7) put the
    campaign's total into the incident's figures."""
    docs = reports()
    stripped = [replace(d, events=tuple(replace(e, claims=tuple(replace(c, scope="incident", part_of=None)
                                                                for c in e.claims)) for e in d.events))
                for d in docs]
    linked = build([report_of(d) for d in stripped])
    arabic = stripped[1].events[0]
    assert linked.reconciled[linked.incident_of[arabic.id]]["killed"]["high"] > 1000


def _store_as_before_migration_7(db: str, docs, monkeypatch) -> dict[str, list[dict]]:
    """A database made and filled by a marsad whose schema ended at migration 6: its claims rows lack the new
    columns. Returns the rows written, by table."""
    with monkeypatch.context() as old:
        old.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:6])
        with Store(db) as store:
            assert store.schema_version() == 6
            written = {"documents": [], "events": [], "claims": []}
            with store.engine.begin() as conn:
                for doc in docs:
                    rows = _rows(doc)
                    rows["claims"] = [{k: v for k, v in r.items() if k not in NEW_FIELDS} for r in rows["claims"]]
                    rows["events"] = [{k: v for k, v in r.items() if k != "location_confidence"}  # (migration 8)
                                      for r in rows["events"]]
                    for table in ("documents", "paragraphs", "events", "claims"):
                        conn.execute(insert(getattr(schema, table)), rows[table])
                        written.setdefault(table, []).extend(rows[table])
    return written


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_database_from_before_migration_7_upgrades_and_keeps_every_row(backend, tmp_path, monkeypatch):
    docs = reports()
    db = fresh_database(backend, tmp_path)
    written = _store_as_before_migration_7(db, docs, monkeypatch)
    with Store(db) as store:
        assert store.schema_version() == len(migrations.MIGRATIONS)
        with store.engine.connect() as conn:
            for table in ("documents", "events", "claims"):
                t = getattr(schema, table)
                found = {r["id"]: dict(r) for r in conn.execute(select(t)).mappings()}
                assert set(found) == {r["id"] for r in written[table]}, table
                for row in written[table]:
                    assert {k: found[row["id"]][k] for k in row if k != "ingested_at"} == \
                        {k: v for k, v in row.items() if k != "ingested_at"}, (table, row["id"])
            claims = [dict(r) for r in conn.execute(select(schema.claims)).mappings()]
        assert claims and all((c["scope"], c["period"], c["part_of"], c["added"], c["via"]) ==
                              ("incident", "", None, 0, "") for c in claims)
        state = store.linking_state([d.id for d in docs], sketches=False)
        for doc in docs:  # claims stored before read as they were read then: incident figures of their own
            assert state[doc.id].report.claims == {
                e.id: tuple(replace(c, scope="incident", period="", part_of=None, added=False, via="")
                            for c in e.claims) for e in doc.events}
        store.add_documents([marsad.extract(ENGLISH.replace("14", "15"), key="again.txt", publisher="SMART",
                                            published="2019-12-03")])
        (again,) = [d for d in store.documents() if d["key"] == "again.txt"]
        new = store.linking_state([again["id"]], sketches=False)[again["id"]].report.claims
        assert any(c.scope == "cumulative" for cs in new.values() for c in cs)  # new claims keep their scope
