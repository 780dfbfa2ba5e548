import sqlite3

import pytest
from sqlalchemy import inspect

import marsad
from marsad.storage import StorageError, Store, database_url
from marsad.storage.migrations import MIGRATIONS


def _docs():
    en = marsad.extract("Car bomb in Azaz\n\nA car bomb exploded in the market of Azaz on Sunday, killing seven "
                        "civilians, the Civil Defence said.", key="en.txt", publisher="Enab Baladi",
                        published="2021-03-14")
    ar = marsad.extract("انفجار سيارة مفخخة في سوق مدينة اعزاز شمال حلب صباح اليوم الأحد أدى إلى مقتل تسعة مدنيين "
                        "بحسب الدفاع المدني في بدمشق.", key="ar.txt", publisher="تلفزيون سوريا")
    return en, ar


def test_migrations_create_every_table_once(tmp_path):
    path = tmp_path / "m.db"
    with Store(path) as store:
        assert store.schema_version() == MIGRATIONS[-1].number
        tables = set(inspect(store.engine).get_table_names())
        assert {"documents", "paragraphs", "events", "claims", "incidents", "schema_migrations",
                "documents_fts"} <= tables
    with Store(path) as again:  # re-opening applies nothing
        assert again.migrate() == []


def test_round_trip_of_a_document(store):
    en, ar = _docs()
    assert store.add_documents([en, ar]) == [en.id, ar.id]
    row = store.document("en.txt")
    assert row["id"] == en.id and row["publisher"] == "Enab Baladi" and row["published"] == "2021-03-14"
    assert row["text"] == en.text and row["language"] == "en"
    assert [(p["start_offset"], p["end_offset"], p["role"]) for p in row["paragraphs"]] == \
        [(p.start, p.end, p.role) for p in en.paragraphs]
    assert store.document(ar.id)["publisher"] == "Syria TV"
    assert store.document("missing") is None


def test_adding_again_is_a_no_op(store):
    en, ar = _docs()
    store.add_documents([en])
    assert store.add_documents([en, ar, ar]) == [ar.id]
    assert store.count_documents() == 2


def test_counts_and_listing(store):
    store.add_documents(_docs())
    assert dict(store.counts("language")) == {"en": 1, "ar": 1}
    assert [d["key"] for d in store.documents()] == ["en.txt", "ar.txt"]  # dated first
    with pytest.raises(ValueError, match="cannot count"):
        store.counts("text; DROP TABLE documents")


@pytest.mark.parametrize("query, keys", [
    ("Azaz", ["en.txt"]), ("exploded market", ["en.txt"]), ("explode", ["en.txt"]),
    ("اعزاز", ["ar.txt"]), ("دمشق", ["ar.txt"]), ("بالسوق", ["ar.txt"]), ("مدينه", ["ar.txt"]),
    ("Aleppo", []),
])
def test_search_in_both_languages(store, query, keys):
    store.add_documents(_docs())
    assert [h.key for h in store.search(query)] == keys


def test_search_snippet_is_original_text(store):
    store.add_documents(_docs())
    (hit,) = store.search("مدني")
    assert "مدنيين" in hit.snippet


def test_search_refuses_an_empty_query(store):
    with pytest.raises(ValueError, match="no words"):
        store.search(" -- ")


def test_fts_syntax_in_queries_is_data(store):
    store.add_documents(_docs())
    assert store.search("Azaz OR اعزاز") == []  # "or" is a word to find, not an operator
    assert [h.key for h in store.search('Azaz" *')] == ["en.txt"]


def test_corrupted_database_gives_a_clear_error(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StorageError, match="cannot open database .*bad.db"):
        Store(bad)


def test_missing_driver_is_named():
    with pytest.raises(StorageError, match="driver not installed|cannot open"):
        Store("mysql://nobody@localhost/x")


def test_urls():
    assert database_url("x.db") == "sqlite:///x.db"
    assert database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"


def test_the_file_is_plain_sqlite(tmp_path):
    with Store(tmp_path / "s.db") as store:
        store.add_documents(_docs()[:1])
    con = sqlite3.connect(tmp_path / "s.db")
    assert con.execute("select count(*) from documents").fetchone() == (1,)


def test_events_and_claims_are_stored(store):
    doc = marsad.extract("Car bomb in Azaz\n\nA car bomb exploded in the market of Azaz on Sunday, killing seven "
                         "civilians, the Civil Defence said.", key="azaz.txt", published="2021-03-14")
    store.add_documents([doc])
    from sqlalchemy import select

    from marsad.storage import schema
    with store.engine.connect() as conn:
        (event,) = conn.execute(select(schema.events)).mappings().all()
        (claim,) = conn.execute(select(schema.claims)).mappings().all()
    assert (event["doc_id"], event["event_type"], event["location_name"], event["date"]) == \
        (doc.id, "Explosions/Remote violence", "Azaz", "2021-03-14")
    assert (event["fatalities_low"], event["fatalities_best"], event["fatalities_high"]) == (7, 7, 7)
    assert doc.text[event["evidence_start"]:event["evidence_end"]] == event["evidence"]
    assert (claim["event_id"], claim["kind"], claim["low"], claim["claimant"]) == \
        (event["id"], "killed", 7, "Syrian Civil Defence")
