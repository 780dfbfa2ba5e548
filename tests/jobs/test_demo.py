from typer.testing import CliRunner

from marsad.cli import app
from marsad.jobs.demo import run_demo, summary_tables


def test_demo_builds_a_fresh_database(tmp_path):
    db = tmp_path / "demo.db"
    db.write_text("an old file that the demo replaces")
    report, store = run_demo(db)
    with store:
        assert (report.read, report.new, report.duplicates, report.rejected) == (14, 14, 0, [])
        languages = dict(store.counts("language"))
        assert languages == {"ar": 7, "en": 7}
        assert len(store.counts("publisher")) >= 10
        titles = [t.title.plain if hasattr(t.title, "plain") else t.title for t in summary_tables(store)]
        assert titles == ["documents by language", "documents by outlet", "documents by published date",
                          "documents", "events by type", "main events", "incidents told by more than one report"]
        main = store.events(salience=("main",))
        assert {e["location_name"] for e in main} >= {"Azaz", "Kafr Nabl", "Ain Issa", "al-Sukhnah"}


def test_demo_command_prints_languages_outlets_and_dates(tmp_path):
    result = CliRunner().invoke(app, ["demo", "--db", str(tmp_path / "d.db")], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    for expected in ("documents by language", "documents by outlet", "Enab Baladi", "SANA", "2021-03-14",
                     "(unknown)", "events by type", "Air/drone strike", "main events",
                     "incidents told by more than one report"):
        assert expected in result.output
