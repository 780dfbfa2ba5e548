"""marsad gazetteer: import, list and find, through the real command line."""
import json

from typer.testing import CliRunner

from marsad.cli import app

runner = CliRunner()

GAZETTEER_CSV = ("name,name_ar,aliases,lat,lon,admin1,admin2,precision\n"
                 "Kafr Nabl,كفر نبل,Kafranbel|Kfar Nabel,35.6138,36.5645,Idlib,Maarrat al-Numan,town\n"
                 "Mezzeh 86,المزة 86,Mezze 86,33.5030,36.2370,Damascus,Damascus,neighbourhood\n")


def test_gazetteer_import_list_and_find(tmp_path):
    (tmp_path / "own.csv").write_text(GAZETTEER_CSV, encoding="utf-8")
    (tmp_path / "README.md").write_text("not a gazetteer", encoding="utf-8")
    gz = str(tmp_path / "g.sqlite")
    missing = runner.invoke(app, ["gazetteer", "--gazetteer", gz])
    assert missing.exit_code == 1 and "no gazetteer at" in missing.output
    imported = runner.invoke(app, ["gazetteer", "import", str(tmp_path / "own.csv"), str(tmp_path / "README.md"),
                                   "--gazetteer", gz])
    assert imported.exit_code == 0, imported.output
    assert "own.csv (csv): 2 records, 2 new places" in imported.output
    assert "skipped" in imported.output and "README.md" in imported.output
    again = runner.invoke(app, ["gazetteer", "import", str(tmp_path / "own.csv")], env={"MARSAD_GAZETTEER": gz})
    assert "2 records, 0 new places, 2 joined" in again.output
    listed = runner.invoke(app, ["gazetteer", "--gazetteer", gz], env={"COLUMNS": "200"})
    assert listed.exit_code == 0 and "own.csv" in listed.output and "an analyst's own list" in listed.output
    assert "2 places, 2 with an Arabic name" in listed.output
    for spelling in ("Kafranbel", "Kfar Nabel", "بكفرنبل", "كفر نبل"):
        found = runner.invoke(app, ["gazetteer", "find", spelling, "--json", "--gazetteer", gz])
        assert found.exit_code == 0, (spelling, found.output)
        assert json.loads(found.stdout.splitlines()[0])["name"] == "Kafr Nabl"
    nothing = runner.invoke(app, ["gazetteer", "find", "Springfield", "--gazetteer", gz])
    assert nothing.exit_code == 1 and "no place is called 'Springfield'" in nothing.output


def test_gazetteer_import_errors_name_the_input(tmp_path):
    gz = str(tmp_path / "g.sqlite")
    absent = runner.invoke(app, ["gazetteer", "import", str(tmp_path / "absent.csv"), "--gazetteer", gz])
    assert absent.exit_code == 1 and "absent.csv: no such file" in absent.output
    (tmp_path / "a.csv").write_text(GAZETTEER_CSV, encoding="utf-8")
    (tmp_path / "b.csv").write_text(GAZETTEER_CSV, encoding="utf-8")
    two = runner.invoke(app, ["gazetteer", "import", str(tmp_path / "a.csv"), str(tmp_path / "b.csv"),
                              "--source", "desk", "--gazetteer", gz])
    assert two.exit_code == 2 and "--source names one source" in two.output
    (tmp_path / "bad.csv").write_text("name,lat,lon\nNowhere,,\n", encoding="utf-8")
    bad = runner.invoke(app, ["gazetteer", "import", str(tmp_path / "bad.csv"), "--gazetteer", gz])
    assert bad.exit_code == 1 and "bad.csv:2: no value for lat, lon" in bad.output


def test_a_wof_import_says_how_many_outlines_it_kept_for_the_map(tmp_path):
    from outline_sample import write_wof_sample

    gz = str(tmp_path / "g.sqlite")
    imported = runner.invoke(app, ["gazetteer", "import", str(write_wof_sample(tmp_path / "wof")), "--gazetteer", gz])
    assert imported.exit_code == 0, imported.output
    assert "4 admin outlines for the map" in imported.output
    listed = runner.invoke(app, ["gazetteer", "--gazetteer", gz], env={"COLUMNS": "200"})
    assert "4 admin outlines" in listed.output
