import json

from marsad.model import Document, Rejection
from marsad.reading.inputs import decode, read_paths


def _split(items):
    docs = [i for i in items if isinstance(i, Document)]
    rejected = [i for i in items if isinstance(i, Rejection)]
    return docs, rejected


def test_folders_are_read_recursively_in_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("second", encoding="utf-8")
    (tmp_path / "1.txt").write_text("first", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("hidden", encoding="utf-8")
    docs, rejected = _split(list(read_paths([tmp_path])))
    assert [d.key for d in docs] == ["1.txt", "2.txt"] and not rejected


def test_jsonl_batch_with_bad_lines(tmp_path):
    path = tmp_path / "batch.jsonl"
    lines = [json.dumps({"id": "a1", "text": "Report one", "publisher": "SANA", "published": "2020-01-02"}),
             "{not json",
             json.dumps({"id": "a3", "title": "no text"}),
             "",
             json.dumps(["a", "list"]),
             json.dumps({"text": "Report five"})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, rejected = _split(list(read_paths([path])))
    assert [d.key for d in docs] == ["a1", "batch.jsonl:6"]
    assert docs[0].given.publisher == "SANA" and docs[0].given.published == "2020-01-02"
    assert [r.source.rsplit(":", 1)[1] for r in rejected] == ["2", "3", "5"]
    assert "not a JSON line" in rejected[0].reason and "'text'" in rejected[1].reason


def test_csv_batch(tmp_path):
    path = tmp_path / "batch.csv"
    path.write_text('id,text,title,url,publisher,published\n'
                    'x1,"Line one\nline two",T,https://sana.sy/a,,2021-03-14\n'
                    'x2,,T2,,,\n'
                    'x3,"Third, with comma",,,,,extra\n', encoding="utf-8")
    docs, rejected = _split(list(read_paths([path])))
    assert [d.key for d in docs] == ["x1"]
    assert docs[0].raw == "Line one\nline two" and docs[0].given.url == "https://sana.sy/a"
    assert len(rejected) == 2 and "more fields" in rejected[1].reason


def test_csv_without_text_column(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("id,body\n1,hello\n", encoding="utf-8")
    _, rejected = _split(list(read_paths([path])))
    assert len(rejected) == 1 and "no 'text' column" in rejected[0].reason


def test_missing_path_and_binary_file(tmp_path):
    binary = tmp_path / "x.bin"
    binary.write_bytes(b"\x00\x01\x02PNG")
    _, rejected = _split(list(read_paths([tmp_path / "nope.txt", binary])))
    assert "no such file" in rejected[0].reason and "binary" in rejected[1].reason


def test_decoding_guesses():
    assert decode("دمشق".encode("utf-8")) == ("دمشق", "utf-8")
    assert decode("\ufeffدمشق".encode("utf-8")) == ("دمشق", "utf-8-sig")
    assert decode("دمشق".encode("utf-16")) == ("دمشق", "utf-16")
    assert decode("قصف على دمشق اليوم".encode("cp1256")) == ("قصف على دمشق اليوم", "cp1256")
    assert decode("Café à Alep".encode("latin-1")) == ("Café à Alep", "latin-1")
