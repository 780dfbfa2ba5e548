"""Reference records in UCDP GED's own layout: read by their header, governorates in any spelling, rows too vague
to check a day against left out, and articles checked against them as against the short layout (FA-KES)."""
import csv

import pytest
from typer.testing import CliRunner

import marsad
from marsad.cli import app
from marsad.linking.credibility import (
    UCDP_COLUMNS,
    ReferenceError,
    read_reference,
    read_reference_file,
)
from marsad.linking.incidents import build, report_of
from marsad.storage import Store

# UCDP GED's published columns, in its order. The rows below are invented.
GED_HEADER = ("id", "relid", "year", "active_year", "code_status", "type_of_violence", "conflict_dset_id",
              "conflict_new_id", "conflict_name", "dyad_dset_id", "dyad_new_id", "dyad_name", "side_a_dset_id",
              "side_a_new_id", "side_a", "side_b_dset_id", "side_b_new_id", "side_b", "number_of_sources",
              "source_article", "source_office", "source_date", "source_headline", "source_original", "where_prec",
              "where_coordinates", "where_description", "adm_1", "adm_2", "latitude", "longitude", "geom_wkt",
              "priogrid_gid", "country", "country_id", "region", "event_clarity", "date_prec", "date_start",
              "date_end", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best", "high", "low",
              "gwnoa", "gwnob")


def ged_row(**given) -> dict:
    row = {c: "" for c in GED_HEADER}
    row.update({"id": "900001", "year": "2021", "type_of_violence": "3", "conflict_name": "Syria: Government",
                "side_a": "Government of Syria", "side_b": "Civilians", "country": "Syria", "region": "Middle East",
                "where_prec": "1", "date_prec": "1", "deaths_a": "0", "deaths_b": "0", "deaths_civilians": "0",
                "deaths_unknown": "0", "source_article": "\"Car bomb in Azaz market\",Enab Baladi,2021-03-14"})
    row.update(given)
    return row


def write_ged(path, rows, header=GED_HEADER):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


STORY = ("Car bomb kills seven in Azaz market\n\nAZAZ, Syria ({outlet}) - 14 March 2021\n\nA car bomb ripped through "
         "the crowded vegetable market of Azaz on Sunday afternoon, killing {dead} civilians and wounding 20 others, "
         "the Syrian Civil Defence said, as rescuers searched the rubble of several shops into the evening.\n\n"
         "Related: Turkish-backed factions trade fire with SDF near Manbij")


@pytest.fixture
def ged(tmp_path):
    return write_ged(tmp_path / "ged_syria.csv", [
        ged_row(id="900001", where_coordinates="Azaz town", adm_1="Halab governorate", adm_2="Azaz district",
                date_start="2021-03-14 00:00:00.000", date_end="2021-03-14 00:00:00.000", deaths_civilians="7",
                deaths_unknown="1", best="8", high="9", low="7", latitude="36.586", longitude="37.046"),
        ged_row(id="900002", type_of_violence="1", side_b="IS", where_prec="3", where_coordinates="Muhasan town",
                adm_1="Deir ez Zor Governorate", adm_2="Mayadin district", date_start="2017-09-11",
                date_end="2017-09-11", deaths_a="3", deaths_b="11", best="14"),
        ged_row(id="900005", where_prec="4", where_coordinates="Aleppo governorate", adm_1="Aleppo Governorate",
                date_start="2021-03-14", date_end="2021-03-14", deaths_civilians="3", best="3"),
        ged_row(id="900006", where_coordinates="Al Bab town", adm_1="Aleppo Governorate", adm_2="Al Bab district",
                date_start="2021-03-14", date_end="2021-03-14", deaths_a="30", best="30"),
        ged_row(id="900003", where_coordinates="Idlib city", adm_1="Idlib Governorate", date_start="2019-07-01",
                date_end="2019-07-31", deaths_civilians="40", best="40", date_prec="4"),
        ged_row(id="900004", where_coordinates="Syria", adm_1="", date_start="2016-05-02", date_end="2016-05-02",
                best="2", where_prec="6"),
    ])


def test_a_ucdp_ged_file_is_read_in_its_own_columns(ged):
    found = read_reference_file(ged)
    assert found.layout == "ucdp" and len(found.records) == 3
    azaz, deir, al_bab = found.records
    assert (azaz.date.isoformat(), azaz.admin1, azaz.place) == ("2021-03-14", "Aleppo", "Azaz town")
    assert (azaz.civilians, azaz.fighters, azaz.total, azaz.source) == (7, 0, 8, "UCDP GED 900001")
    assert (deir.admin1, deir.place, deir.fighters, deir.total) == ("Deir ez-Zor", "Mayadin district", 14, 14)
    assert (al_bab.place, al_bab.fighters) == ("Al Bab town", 30)
    assert found.left_out == {"its dates span more than a day": 1, "its adm_1 names no governorate": 1,
                              "placed no finer than a governorate": 1}
    assert read_reference(ged) == found.records


def test_the_short_layout_still_reads(tmp_path):
    short = tmp_path / "vdc.csv"
    short.write_text("date,admin1,place,civilians,fighters,total,source\n2021-03-14,Aleppo,Azaz,7,0,,VDC\n",
                     encoding="utf-8")
    found = read_reference_file(short)
    assert found.layout == "fakes" and [(r.total, r.source) for r in found.records] == [(7, "VDC")]


def test_a_file_of_neither_layout_names_the_file_and_the_missing_columns(tmp_path):
    header = [c for c in GED_HEADER if c not in ("deaths_civilians", "best")] + ["deaths_civilians"]
    header.remove("date_end")
    cut = write_ged(tmp_path / "ged_cut.csv", [ged_row(date_start="2021-03-14")], header)
    with pytest.raises(ReferenceError, match=r"ged_cut\.csv: a UCDP GED file .* lacks date_end, best"):
        read_reference(cut)
    other = tmp_path / "casualties.csv"
    other.write_text("day,province,dead\n2021-03-14,Aleppo,7\n", encoding="utf-8")
    with pytest.raises(ReferenceError, match=r"casualties\.csv: header lacks admin1, date .*UCDP GED's columns id"):
        read_reference(other)
    bad_day = write_ged(tmp_path / "ged_day.csv", [ged_row(adm_1="Idlib Governorate", date_start="14/03/2021",
                                                           date_end="2021-03-14")])
    with pytest.raises(ReferenceError, match=r"ged_day\.csv:2: date_start '14/03/2021' is not YYYY-MM-DD"):
        read_reference(bad_day)
    assert set(UCDP_COLUMNS) <= set(GED_HEADER)


def test_articles_are_checked_against_ucdp_as_against_the_short_layout(ged, tmp_path):
    agrees = marsad.extract(STORY.format(outlet="Enab Baladi", dead="seven"), key="agrees.txt",
                            published="2021-03-14")
    inflates = marsad.extract(STORY.format(outlet="Baladi News", dead="forty"), key="inflates.txt",
                              published="2021-03-14")
    # the file's al-Bab row, the same day in the same governorate, is another incident: its 30 never count
    for reference in (read_reference(ged), read_reference(write_ged(tmp_path / "one.csv", [ged_row(
            where_coordinates="Azaz town", adm_1="Aleppo Governorate", date_start="2021-03-14",
            date_end="2021-03-14", deaths_civilians="7", best="8")]))):
        linked = build([report_of(d) for d in (agrees, inflates)], reference=reference)
        assert any("matches the reference record's 8" in r for r in linked.credibility[agrees.id][1])
        assert any("disagrees with the reference record's 8" in r for r in linked.credibility[inflates.id][1])
        assert linked.credibility[agrees.id][0] > linked.credibility[inflates.id][0]


def test_the_reference_command_says_what_it_read_and_left_out(ged, tmp_path):
    runner = CliRunner()
    db = str(tmp_path / "ref.db")
    Store(db).close()  # an empty database
    shown = runner.invoke(app, ["reference", str(ged), "--db", db])
    assert shown.exit_code == 0, shown.output
    assert "3 reference rows read (UCDP GED), 3 new" in shown.output
    assert "left out (its dates span more than a day): 1" in shown.output
    assert "left out (placed no finer than a governorate): 1" in shown.output
    assert "3 reference rows read (UCDP GED), 0 new" in runner.invoke(app, ["reference", str(ged), "--db", db]).output
    broken = tmp_path / "broken.csv"
    broken.write_text("id,date_start,adm_1\n1,2021-03-14,Idlib\n", encoding="utf-8")
    refused = runner.invoke(app, ["reference", str(broken), "--db", db])
    assert refused.exit_code == 2 and "broken.csv" in refused.output and "date_end" in refused.output


def test_a_reference_row_counts_only_at_its_own_place():
    from datetime import date

    from marsad.linking.credibility import ReferenceRecord, reference_total, same_place

    def row(place, total):
        return ReferenceRecord(date=date(2021, 3, 14), admin1="Aleppo", place=place, civilians=total, fighters=0,
                               total=total, source="UCDP GED")

    rows = [row("Azaz town", 8), row("الباب", 30), row(None, 2)]
    day = date(2021, 3, 15)
    assert reference_total(rows, when=day, admin1="Aleppo", place="A'zaz") == 10  # any spelling; unplaced rows count
    assert reference_total(rows, when=day, admin1="Aleppo", place_id="sy-aleppo-al-bab") == 32  # either script
    assert reference_total(rows, when=day, admin1="Aleppo", place_id="sy-aleppo") == 40  # a governorate: every row
    assert reference_total(rows, when=day, admin1="Aleppo") == 40  # an incident with no place: every row
    assert reference_total(rows, when=day, admin1="Idlib", place="Azaz") is None
    assert reference_total(rows, when=date(2021, 3, 17), admin1="Aleppo", place="Azaz") is None
    assert not same_place("Al Bab town", "Azaz", None) and same_place("Kafranbel", "Kafr Nabl", None)
    # a neighbourhood lies in its city, either way round; Aleppo the city is not Azaz's Aleppo governorate
    assert same_place("Ashrafiyeh neighbourhood", None, "sy-aleppo-city")
    assert same_place("Aleppo city", None, "sy-aleppo-ashrafiyeh")
    assert not same_place("Aleppo city", None, "sy-aleppo-azaz")
