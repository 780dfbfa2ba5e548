import json

from marsad.jobs.batch import ingest


def _corpus(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Shelling on Douma\n\nArtillery shelled Douma on Monday, killing two "
                                           "civilians, activists said.", encoding="utf-8")
    (tmp_path / "in" / "b.html").write_text("<html><head><title>Raid on Sarmin</title></head><body><article>"
                                            "<p>Warplanes struck the town of Sarmin east of Idlib on Tuesday, "
                                            "wounding eleven people, the Civil Defence said.</p></article>"
                                            "</body></html>", encoding="utf-8")
    rows = [{"id": "r1", "text": "غارات جوية على بلدة سرمين شرق إدلب أدت إلى إصابة أحد عشر شخصا.",
             "publisher": "SMART", "published": "2019-07-23"},
            {"id": "r2", "text": ""},
            {"id": "r3", "text": "Shelling on Douma\n\nArtillery shelled Douma on Monday, killing two "
                                 "civilians, activists said."}]
    (tmp_path / "in" / "c.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows),
                                             encoding="utf-8")
    return tmp_path / "in"


def test_ingest_counts_and_idempotency(tmp_path, store):
    folder = _corpus(tmp_path)
    first = ingest([folder], store)
    assert (first.read, first.new, first.duplicates, len(first.rejected)) == (5, 3, 1, 1)
    assert first.rejected[0].source.endswith("c.jsonl:2")
    second = ingest([folder], store)
    assert (second.read, second.new, second.duplicates, len(second.rejected)) == (5, 0, 4, 1)
    assert store.count_documents() == 3


def test_a_failing_document_does_not_stop_the_batch(tmp_path, store):
    from marsad.pipeline import default_pipeline

    def fussy(doc):
        if "Sarmin" in doc.text:
            raise ValueError("cannot handle Sarmin")
        return doc

    pipe = default_pipeline().add("fussy", fussy, after="ingest")
    report = ingest([_corpus(tmp_path)], store, pipeline=pipe, chunk=1)
    assert report.new == 2
    assert any("stage 'fussy' failed" in r.reason and "b.html" in r.source for r in report.rejected)


def test_progress_is_reported(tmp_path, store):
    seen = []
    ingest([_corpus(tmp_path)], store, progress=lambda r: seen.append(r.read))
    assert seen[-1] == 5 and seen == sorted(seen)



def _text(n: int) -> str:
    return f"Shelling by government forces killed {n} civilians in Homs on Monday, activists said."


def _key_rows(path, tolls) -> None:
    """A batch whose rows all have the key K, with different texts."""
    path.write_text("\n".join(json.dumps({"id": "K", "text": _text(n)}) for n in tolls), encoding="utf-8")


def _stored(store) -> dict[str, tuple[str, list[str]]]:
    """Each stored row's toll -> its id and warnings."""
    return {d["text"].split(" killed ")[1][0]: (d["id"], json.loads(d["warnings"] or "[]"))
            for d in store.iter_documents()}


def test_a_resumed_batch_names_the_same_first_document_for_a_reused_key(tmp_path):
    from marsad.storage import Store

    batch = tmp_path / "in.jsonl"
    _key_rows(batch, (2, 3, 4))
    with Store(tmp_path / "whole.db") as whole:
        ingest([batch], whole)
        expected = _stored(whole)
    first = expected["2"][0]
    assert expected["3"][1] == expected["4"][1] == [
        f"the key 'K' already names document {first}, whose text differs; both are kept"]
    with Store(tmp_path / "resumed.db") as resumed:
        _key_rows(batch, (2, 3))  # what a run killed just after its second row's commit left stored
        ingest([batch], resumed)
        _key_rows(batch, (2, 3, 4))
        report = ingest([batch], resumed)  # the run again, from the start
        assert (report.read, report.new, report.duplicates) == (3, 1, 2)
        assert _stored(resumed) == expected


def test_documents_stored_meanwhile_by_another_writer_count_as_duplicates(store):
    import marsad
    from marsad.jobs.batch import IngestReport, store_documents

    docs = [marsad.extract(_text(n), key=f"{n}.txt") for n in (2, 3)]
    store.add_documents(docs[:1])  # written by someone else between the check and the write
    report = IngestReport(read=2)
    store_documents(store, docs, report)
    assert (report.new, report.duplicates, len(report.rejected)) == (1, 1, 0)
