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


def conservative(incident: dict) -> int:
    """An incident's conservative toll as reconciliation gives it: ACLED's figure of its killed (the low),
    else the low of its one report; 0 when nobody gives a toll."""
    killed = incident["summary"].get("reconciled", {}).get("killed") or {}
    figure = killed.get("acled", incident["fatalities_low"])
    return figure or 0


def test_demo_incidents_export_has_one_row_per_incident_and_their_conservative_tolls(tmp_path):
    import csv
    import io

    from marsad.web.export import export

    _, store = run_demo(tmp_path / "demo.db")
    with store:
        buf = io.StringIO()
        count = export(store, buf, what="incidents", fmt="csv")
        rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
        events = [e for e in store.reviewed_events() if e["salience"] != "background"]
        told = {e["incident_id"] for e in events}  # background mentions alone make no incident row
        incidents = [i for i in store.incidents() if i["id"] in told]
        per_report = io.StringIO()
        export(store, per_report, what="events", fmt="csv")
    assert count == len(rows) == len(incidents) < len(store.incidents())
    assert sorted(r["event_id_cnty"] for r in rows) == sorted(i["id"] for i in incidents)
    assert sum(int(r["fatalities"]) for r in rows) == sum(conservative(i) for i in incidents) > 0
    by_id = {r["event_id_cnty"]: r for r in rows}
    for incident in incidents:
        row = by_id[incident["id"]]
        assert int(row["fatalities"]) == conservative(incident)
        assert 1 <= int(row["number_of_sources"]) <= incident["reports"]
        assert 1 <= len(row["source"].split("; ")) <= incident["outlets"]
    # the per-report export counts a death once for every report that tells it
    reported = sum(int(r["fatalities"] or 0) for r in csv.DictReader(io.StringIO(per_report.getvalue())))
    assert reported > sum(int(r["fatalities"]) for r in rows)
    several = [r for r in rows if int(r["number_of_sources"]) > 1]
    assert several and all(r["iso"] == "760" and r["region"] == "Middle East" for r in rows)
