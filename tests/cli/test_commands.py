import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from marsad.cli import EXIT_REJECTED, app

runner = CliRunner()

STORY = ("Azaz car bomb\n\nEnab Baladi Editor | 14 March, 2021\n\nA car bomb exploded in the crowded market "
         "of Azaz on Sunday morning, killing seven civilians, the Civil Defence said.\n\nComments (0)\n"
         "Latest News\nDrone strike kills 12 in Yemen")


def _files(tmp_path):
    (tmp_path / "one.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "two.txt").write_text("قصف مدفعي على بلدة كفرنبل جنوب إدلب أدى إلى مقتل ثلاثة مدنيين.",
                                      encoding="utf-8")
    return tmp_path


def test_ingest_then_search_and_export(tmp_path):
    _files(tmp_path)
    db = str(tmp_path / "cli.db")
    result = runner.invoke(app, ["ingest", str(tmp_path / "one.txt"), str(tmp_path / "two.txt"), "--db", db])
    assert result.exit_code == 0, result.output
    assert "new" in result.output and "2" in result.output
    again = runner.invoke(app, ["ingest", str(tmp_path / "one.txt"), "--db", db])
    assert "duplicates" in again.output and again.exit_code == 0
    found = runner.invoke(app, ["search", "بلدة", "--db", db])
    assert found.exit_code == 0 and "two.txt" in found.output and "one.txt" not in found.output
    exported = runner.invoke(app, ["export", "--format", "csv", "--db", db])
    rows = list(csv.DictReader(io.StringIO(exported.stdout)))
    assert {r["key"] for r in rows} == {"one.txt", "two.txt"}
    assert next(r for r in rows if r["key"] == "one.txt")["publisher"] == "Enab Baladi"


def test_ingest_reports_rejections_with_exit_status(tmp_path):
    _files(tmp_path)
    (tmp_path / "empty.txt").write_text("   ", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(tmp_path), "--db", str(tmp_path / "x.db"), "-q"])
    assert result.exit_code == EXIT_REJECTED
    assert "empty.txt" in result.output and "empty" in result.output


def test_extract_follows_the_output_contract(tmp_path):
    _files(tmp_path)
    result = runner.invoke(app, ["extract", str(tmp_path), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["doc"] for r in records] == ["one.txt", "two.txt"]
    one = records[0]
    assert {k: one[k] for k in ("language", "title", "publisher", "published")} == \
        {"language": "en", "title": "Azaz car bomb", "publisher": "Enab Baladi", "published": "2021-03-14"}
    assert "credibility" not in one
    (event,) = one["events"]
    assert (event["event_type"], event["sub_event_type"]) == ("Explosions/Remote violence",
                                                              "Remote explosive/landmine/IED")
    assert event["location"]["name"] == "Azaz" and event["date"] == "2021-03-14"
    (claim,) = event["claims"]
    assert (claim["kind"], claim["low"], claim["claimant"]) == ("killed", 7, "Syrian Civil Defence")
    assert STORY[event["start"]:event["end"]] == event["evidence"]
    assert records[1]["language"] == "ar" and records[1]["published"] is None


def test_extract_to_file_and_as_json(tmp_path):
    _files(tmp_path)
    out = tmp_path / "out.json"
    assert runner.invoke(app, ["extract", str(tmp_path / "one.txt"), "--format", "json", "-o", str(out)]).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))[0]["doc"] == "one.txt"


def test_extract_rejected_input_keeps_its_place(tmp_path):
    (tmp_path / "a.txt").write_text("", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Clashes in Daraa killed two fighters.", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(tmp_path)])
    assert result.exit_code == EXIT_REJECTED
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records[0]["doc"] == "a.txt" and "empty" in records[0]["error"]
    assert records[1]["doc"] == "b.txt"


def test_usage_errors(tmp_path):
    assert runner.invoke(app, ["extract", str(tmp_path), "--format", "xml"]).exit_code == 2
    bad = runner.invoke(app, ["export", "--what", "secrets", "--db", str(tmp_path / "e.db")])
    assert bad.exit_code == 2 and "cannot export 'secrets'" in bad.output
    assert runner.invoke(app, ["search", "  ", "--db", str(tmp_path / "e.db")]).exit_code == 2


def test_unopenable_database_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"garbage" * 1000)
    result = runner.invoke(app, ["ingest", str(tmp_path), "--db", str(bad)])
    assert result.exit_code == 1 and "cannot open database" in result.output


def test_stages_and_version():
    assert "metadata" in runner.invoke(app, ["stages"]).output
    assert runner.invoke(app, ["--version"]).output.startswith("marsad ")


def test_console_script_and_python_m():
    script = shutil.which("marsad", path=str(Path(sys.executable).parent))
    assert script, "the marsad console script is not installed beside this Python"
    for command in ([script, "--version"], [sys.executable, "-m", "marsad", "--version"]):
        result = subprocess.run(command, capture_output=True, text=True)
        assert result.returncode == 0 and result.stdout.startswith("marsad ")


# Untrusted names on the terminal: file names, stored keys and outlets are shown as text, never as markup or
# terminal control sequences, and long lists of rejections are capped.

def test_control_characters_in_file_names_are_escaped_in_ingest_and_search(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    name = "evil\x1b]0;owned\x07\nrejected fake.txt: forged.txt"
    (folder / name).write_text("Clashes in Daraa killed two fighters on Monday.", encoding="utf-8")
    (folder / "blank\x1b[2J.txt").write_text("  ", encoding="utf-8")
    db = str(tmp_path / "t.db")
    ingested = runner.invoke(app, ["ingest", str(folder), "--db", db])
    assert ingested.exit_code == EXIT_REJECTED
    found = runner.invoke(app, ["search", "Daraa", "--db", db])
    assert found.exit_code == 0
    for output in (ingested.output, found.output):
        assert "\x1b" not in output and "\x07" not in output
    assert "\\x1b[2J" in ingested.output
    assert "\\x1b]0;owned\\x07\\nrejected fake.txt" in found.output
    assert not any(line.startswith("rejected fake.txt") for line in found.output.splitlines())


def test_markup_in_stored_keys_and_outlets_is_printed_literally(tmp_path):
    rows = [{"id": "[/]", "publisher": "[link=http://evil.example]Reuters[/link]",
             "text": "Clashes in Daraa killed two fighters on Monday, the Syrian Observatory said."},
            {"id": "[/bad]", "publisher": "[bold]AFP",
             "text": "Shelling on Daraa killed three civilians on Tuesday, activists said."}]
    batch = tmp_path / "b.jsonl"
    batch.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    db = str(tmp_path / "m.db")
    assert runner.invoke(app, ["ingest", str(batch), "--db", db, "-q"]).exit_code == 0
    found = runner.invoke(app, ["search", "Daraa", "--db", db])
    assert found.exit_code == 0, found.output
    assert "[/]" in found.output and "[/bad]" in found.output
    sources = runner.invoke(app, ["sources", "--db", db], env={"COLUMNS": "250"})
    assert sources.exit_code == 0, sources.output
    assert "[link=http://evil.example]Reuters[/link]" in sources.output
    assert "[bold]AFP" in sources.output


def test_printed_rejections_are_capped_in_ingest_and_extract(tmp_path):
    batch = tmp_path / "bad.jsonl"
    lines = ['{"id": "ok", "text": "Clashes in Daraa killed two fighters on Monday."}']
    lines += [f'{{"id": "r{i}", "text": 5}}' for i in range(60)]
    batch.write_text("\n".join(lines), encoding="utf-8")
    ingested = runner.invoke(app, ["ingest", str(batch), "--db", str(tmp_path / "c.db")])
    assert ingested.exit_code == EXIT_REJECTED
    assert sum(line.strip().startswith("rejected ") for line in ingested.output.splitlines()) == 20
    assert "... and 40 more rejections (--report FILE lists them all)" in ingested.output
    extracted = runner.invoke(app, ["extract", str(batch)])
    assert extracted.exit_code == EXIT_REJECTED
    assert sum(line.startswith("rejected ") for line in extracted.stderr.splitlines()) == 20
    assert "... and 40 more rejections" in extracted.stderr
    assert len(extracted.stdout.splitlines()) == 61  # every input keeps its record


def test_paths_that_cannot_be_written_are_usage_errors_before_any_work(tmp_path):
    _files(tmp_path)
    db = str(tmp_path / "w.db")
    nowhere = tmp_path / "no-such-folder"
    ingested = runner.invoke(app, ["ingest", str(tmp_path / "one.txt"), "--db", db,
                                   "--report", str(nowhere / "r.json")])
    assert ingested.exit_code == 2 and "--report" in ingested.output and "does not exist" in ingested.output
    assert not Path(db).exists()  # stopped before opening the database
    for command in (["export", "--db", db], ["extract", str(tmp_path / "one.txt")]):
        for target, problem in ((nowhere / "x.jsonl", "does not exist"), (tmp_path, "is a folder")):
            result = runner.invoke(app, [*command, "-o", str(target)])
            assert result.exit_code == 2, result.output
            assert problem in result.output and "Traceback" not in result.output


def test_sizes_and_timeouts_that_are_not_finite_numbers_are_refused(tmp_path):
    _files(tmp_path)
    db = str(tmp_path / "n.db")
    for size in ("inf", "nan", "-1", "0", "1e9"):
        result = runner.invoke(app, ["ingest", str(tmp_path / "one.txt"), "--db", db, "--max-document-mb", size])
        assert result.exit_code == 2 and "--max-document-mb" in result.output, size
        assert runner.invoke(app, ["extract", str(tmp_path), "--max-document-mb", size]).exit_code == 2
    for timeout in ("inf", "nan", "-5", "abc"):
        result = runner.invoke(app, ["export", "--db", db], env={"MARSAD_BUSY_TIMEOUT": timeout})
        assert result.exit_code == 1 and "MARSAD_BUSY_TIMEOUT must be a number of seconds" in result.output, timeout
    assert runner.invoke(app, ["ingest", str(tmp_path / "one.txt"), "--db", db],
                         env={"MARSAD_BUSY_TIMEOUT": "0.5"}).exit_code == 0


def test_serve_with_a_body_limit_that_is_not_a_number_is_a_usage_error(tmp_path):
    for value in ("abc", "inf", "0"):
        result = runner.invoke(app, ["serve", "--db", str(tmp_path / "s.db")], env={"MARSAD_MAX_BODY_MB": value})
        assert result.exit_code == 2 and "MARSAD_MAX_BODY_MB must be a positive number" in result.output, value


def test_commands_that_read_a_database_refuse_one_that_does_not_exist(tmp_path):
    """A mistyped --db names the path and makes nothing; only ingest and demo make a database."""
    _files(tmp_path)
    reference = tmp_path / "vdc.csv"
    reference.write_text("date,admin1,place,civilians,fighters,total,source\n2021-03-14,Aleppo,Azaz,7,0,7,VDC\n",
                         encoding="utf-8")
    missing = tmp_path / "mistyped" / "marsd.db"
    missing.parent.mkdir()
    readers = [["search", "Azaz"], ["incidents"], ["incidents", "--json"], ["sources"], ["export"],
               ["export", "--what", "events", "--format", "csv"], ["link"], ["reference", str(reference)],
               ["serve", "--port", "1"]]
    for command in readers:
        result = runner.invoke(app, [*command, "--db", str(missing)])
        assert result.exit_code == 1, (command, result.output)
        assert f"there is no database at {missing}" in result.output.replace("\n", ""), (command, result.output)
        assert not missing.exists() and list(missing.parent.iterdir()) == [], command
    made = runner.invoke(app, ["ingest", str(tmp_path / "one.txt"), "--db", str(missing)])
    assert made.exit_code == 0 and missing.exists()
    for command in readers[:-1]:  # the same commands read it once ingest has made it
        assert runner.invoke(app, [*command, "--db", str(missing)]).exit_code == 0, command


def test_incidents_and_their_export_from_the_command_line(tmp_path):
    from marsad.jobs.demo import NO_TOLL, run_demo, toll

    db = tmp_path / "demo.db"
    _, store = run_demo(db)
    with store:
        incidents = store.incidents()
    untold = [i for i in incidents if i["fatalities_low"] is None and i["fatalities_best"] is None]
    assert untold  # the sample corpus has incidents whose reports give no death toll ("dozens")
    shown = runner.invoke(app, ["incidents", "--db", str(db), "--limit", "1000"], env={"COLUMNS": "250"})
    assert shown.exit_code == 0 and "None" not in shown.output and NO_TOLL in shown.output
    assert (toll(None, None, None), toll(8, 9, 12), toll(None, 3, 3)) == (NO_TOLL, "8/9/12", "?/3/3")
    out = tmp_path / "incidents.csv"
    done = runner.invoke(app, ["export", "--what", "incidents", "--format", "csv", "--excel", "-o", str(out),
                               "--db", str(db)])
    assert done.exit_code == 0, done.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfevent_id_cnty,") and "ال".encode() in raw  # Arabic notes, in UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert f"exported {len(rows)} incidents" in done.output and len(rows) < len(incidents)
    every = runner.invoke(app, ["export", "--what", "incidents", "--format", "jsonl", "--background", "--db", str(db)])
    assert len(every.stdout.splitlines()) == len(incidents)
    geo = runner.invoke(app, ["export", "--what", "incidents", "--format", "geojson", "--db", str(db)])
    assert len(json.loads(geo.stdout)["features"]) == len(rows)
    for wrong, message in ((["--what", "incidents", "--format", "jsonl", "--excel"], "--excel"),
                           (["--what", "claims", "--format", "geojson"], "GeoJSON")):
        refused = runner.invoke(app, ["export", *wrong, "--db", str(db)])
        assert refused.exit_code == 2 and message in refused.output
