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
