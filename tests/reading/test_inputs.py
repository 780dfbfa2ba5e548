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


# Hostile folders and batches: each bad input is rejected by name and the rest is read.

EN_REPORT = ("IDLIB, Syria (Reuters) - Government shelling killed four civilians in the southern Idlib countryside "
             "on Monday, the Syrian Observatory for Human Rights said.")
AR_REPORT = ("إدلب - عنب بلدي: قُتل أربعة مدنيين بقصف مدفعي لقوات النظام على ريف إدلب الجنوبي، الاثنين، "
             "بحسب الدفاع المدني.")


def test_a_json_integer_too_long_to_convert_rejects_its_line_only(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text(json.dumps({"id": "en", "text": EN_REPORT}) + "\n"
                    + '{"id": "big", "text": "x", "count": ' + "9" * 5001 + "}\n"
                    + json.dumps({"id": "ar", "text": AR_REPORT}, ensure_ascii=False) + "\n", encoding="utf-8")
    docs, rejected = _split(list(read_paths([path])))
    assert [d.key for d in docs] == ["en", "ar"]
    assert [r.source for r in rejected] == [f"{path}:2"] and "not a JSON line" in rejected[0].reason


def test_broken_links_pipes_and_devices_in_a_folder_are_rejected_by_name(tmp_path):
    import os

    (tmp_path / "good.txt").write_text(AR_REPORT, encoding="utf-8")
    (tmp_path / "gone.jsonl").symlink_to(tmp_path / "nowhere.jsonl")
    (tmp_path / "gone.csv").symlink_to(tmp_path / "nowhere.csv")
    os.mkfifo(tmp_path / "pipe.jsonl")
    (tmp_path / "zero.csv").symlink_to("/dev/zero")
    docs, rejected = _split(list(read_paths([tmp_path])))  # a pipe or /dev/zero read as a batch would never end
    assert [d.key for d in docs] == ["good.txt"]
    reasons = {r.source.rsplit("/", 1)[1]: r.reason for r in rejected}
    assert "broken link" in reasons["gone.jsonl"] and "broken link" in reasons["gone.csv"]
    assert "not a regular file" in reasons["pipe.jsonl"] and "not a regular file" in reasons["zero.csv"]


def test_linked_sub_folders_are_followed_once_without_looping(tmp_path):
    real = tmp_path / "elsewhere"
    real.mkdir()
    (real / "a.txt").write_text(EN_REPORT, encoding="utf-8")
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "b.txt").write_text(AR_REPORT, encoding="utf-8")
    (inputs / "linked").symlink_to(real)
    (real / "back").symlink_to(inputs)  # a loop: in/linked/back is in/ again
    docs, rejected = _split(list(read_paths([inputs])))
    assert sorted(d.key for d in docs) == ["a.txt", "b.txt"] and not rejected


def test_utf16_and_utf32_json_lines_with_a_mark_are_read(tmp_path):
    rows = [{"id": "en", "text": EN_REPORT}, {"id": "ar", "text": AR_REPORT, "publisher": "عنب بلدي"}]
    body = "".join(json.dumps(r, ensure_ascii=False) + "\r\n" for r in rows)
    for encoding in ("utf-16", "utf-32"):
        path = tmp_path / f"{encoding}.jsonl"
        path.write_bytes(body.encode(encoding))
        docs, rejected = _split(list(read_paths([path])))
        assert not rejected, rejected
        assert [d.raw for d in docs] == [EN_REPORT, AR_REPORT] and docs[1].given.publisher == "عنب بلدي"
        assert all(d.encoding == encoding and not d.warnings for d in docs)


def test_invisible_only_texts_are_blank(tmp_path):
    invisible = ["\u200f\u200f\u200f", "\u200b\u200c\u200d\ufeff", "\u2066\u2069\u202e", "\u0640\u0640", "\ufffd",
                 "\u061c", " \u200e \u200f \n", "\u00a0\u3000"]
    path = tmp_path / "batch.jsonl"
    path.write_text("".join(json.dumps({"id": f"i{n}", "text": t}) + "\n" for n, t in enumerate(invisible))
                    + json.dumps({"id": "real", "text": "\u200f" + AR_REPORT}) + "\n", encoding="utf-8")
    (tmp_path / "marks.txt").write_text("\u200e\u200f\n\u0640\n", encoding="utf-8")
    docs, rejected = _split(list(read_paths([tmp_path])))
    assert [d.key for d in docs] == ["real"]
    assert len(rejected) == len(invisible) + 1 and all("invisible" in r.reason for r in rejected)


def test_a_csv_header_that_repeats_a_column_is_refused(tmp_path):
    path = tmp_path / "twice.csv"
    path.write_text(f'id,text,title,text\nr1,"{EN_REPORT}",Shelling in Idlib,"Read more: related stories"\n',
                    encoding="utf-8")
    docs, rejected = _split(list(read_paths([path])))
    assert not docs and len(rejected) == 1 and "repeats the column 'text'" in rejected[0].reason
