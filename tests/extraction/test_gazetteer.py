"""The gazetteer importer: every format, idempotence, one place from several sources, variant spellings."""
from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, needs
from marsad.extraction.gazetteer import GazetteerError, LocalGazetteer, import_paths
from marsad.extraction.gazetteer.admin import governorates
from marsad.extraction.gazetteer.keys import keys, query_keys

SHARED = ROOT.parent / "shared" / "data" / "gazetteer"
WOF = next(iter(sorted(SHARED.glob("whosonfirst-data-admin-sy-*.tar.gz"))), SHARED / "missing.tar.gz")
OPENSYRIA = SHARED / "opensyria-data-geography"
UCDP = SHARED / "ucdp_ged_syria_v19.1_places.csv"

# GeoNames dump rows (19 tab-separated columns) written here, in the dump's own layout: two towns that
# the WOF archive also holds (by GeoNames id), an air base (feature class S) it does not, and a hill.
GEONAMES_ROWS = [
    ["168661", "Kafr Nabl", "Kafr Nabl", "Kafranbel,Kfar Nabel,كفر نبل,كفرنبل", "35.61361", "36.56139", "P", "PPL",
     "SY", "", "12", "", "", "", "15455", "", "475", "Asia/Damascus", "2019-01-01"],
    ["99000001", "Abu ad Duhur Airbase", "Abu ad Duhur Airbase", "Abu al-Duhur military airport,مطار أبو الظهور",
     "35.7320", "37.1040", "S", "AIRB", "SY", "", "12", "", "", "", "0", "", "260", "Asia/Damascus", "2019-01-01"],
    ["99000002", "Tall Sultan", "Tall Sultan", "", "35.70", "36.90", "T", "HLL", "SY", "", "12", "", "", "", "0", "",
     "400", "Asia/Damascus", "2019-01-01"],
]


def _geonames_file(folder: Path, *, zipped: bool = False) -> Path:
    text = "".join("\t".join(row) + "\n" for row in GEONAMES_ROWS)
    if not zipped:
        path = folder / "SY.txt"
        path.write_text(text, encoding="utf-8")
        return path
    path = folder / "SY.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "GeoNames dump\n")
        archive.writestr("SY.txt", text)
    return path


def _analyst_csv(folder: Path) -> Path:
    path = folder / "own.csv"
    path.write_text(
        "name,name_ar,aliases,lat,lon,admin1,admin2,precision\n"
        "Mezzeh 86,المزة 86,Mezze 86|Mazzeh 86,33.5030,36.2370,Damascus,Damascus,neighbourhood\n"
        "Kafranbel,,Kafr Nubl,35.6140,36.5610,Idleb Governorate,Maarrat al-Numan,town\n"
        "Camp Alpha,,,35.0000,38.0000,Homs,,site\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def full(tmp_path_factory):
    """A gazetteer holding all four shared sources, imported once for the module."""
    needs(WOF.is_file() and OPENSYRIA.is_dir() and UCDP.is_file(), "the gazetteer files in ../shared/data/gazetteer")
    path = tmp_path_factory.mktemp("gz") / "gazetteer.sqlite"
    summaries = import_paths([WOF, OPENSYRIA, UCDP], gazetteer=path)
    return path, summaries


def test_variant_spellings_share_a_key():
    groups = [["Kafr Nabl", "Kafranbel", "Kfar Nabel", "Kafr Nubl"],
              ["Ma'arrat al-Nu'man", "Maarat al-Numan", "Maarrat an-Numan", "Ma`arrat an Nu`man"],
              ["Deir ez-Zor", "Deir Ezzor", "Dayr az Zawr", "Deir al-Zor"],
              ["Jisr al-Shughur", "Jisr ash-Shugur", "Jisr al-Shoughour"],
              ["Khan Shaykhun", "Khan Sheikhoun", "Khan Shaykhoun"],
              ["Raqqa", "Ar-Raqqah", "al-Raqqa"],
              ["كفرنبل", "كفر نبل", "بلدة كفرنبل"],
              ["معرة النعمان", "معرّة النعمان", "مدينة معرة النعمان"],
              ["إدلب", "ادلب", "أدلب"]]
    for group in groups:
        shared = set(keys(group[0]))
        for name in group[1:]:
            assert shared & set(keys(name)), (group[0], name, keys(group[0]), keys(name))


def test_short_common_words_get_no_skeleton_and_different_names_stay_apart():
    assert keys("Ain") == () and keys("Al") == () and keys("the village of") == ()
    assert all(not k.startswith("~") for k in keys("Tal") + keys("Bab") + keys("Homs"))
    assert not set(keys("Hama")) & set(keys("Homs"))
    assert not set(keys("Kafr Nabl")) & set(keys("Kafr Nabuda"))
    assert "كفرنبل" in query_keys("بكفرنبل") and "ادلب" in query_keys("وإدلب")


def test_governorates_are_one_name_whatever_the_source_spelling():
    g = governorates()
    assert g.find("Dar`a") == g.find("درعا") == g.by_pcode("SY120000") == g.by_geonames("6.0") == "Daraa"
    assert g.find("Rif Dimashq") == g.find("ريف دمشق") == "Rural Damascus" and g.find("دمشق") == "Damascus"
    assert g.find("Days Az Zawr") == g.find("Deir ez Zor Governorate") == "Deir ez-Zor"
    assert g.find("Springfield") is None and g.by_geonames("x") is None


def test_every_shared_format_imports_and_one_place_carries_all_its_names(full):
    path, summaries = full
    assert [s["format"] for s in summaries] == ["wof", "opensyria", "ucdp"]
    assert summaries[0]["records"] > 10_000 and summaries[1]["records"] == 348
    assert summaries[2]["merged"] > summaries[2]["new_places"]  # most UCDP sites are known villages
    with LocalGazetteer(path) as gz:
        counts = gz.counts()
        assert counts["places"] > 10_000 and counts["with_arabic_name"] > 9_000
        assert len({s["name"] for s in gz.sources()}) == 3
        assert all(s["attribution"] for s in gz.sources())
        # the 14 governorates once each, whatever the source (WOF regions and OpenSyria rows joined)
        rows = gz.con.execute("SELECT admin1, count(*) FROM places WHERE kind = 'governorate' GROUP BY admin1")
        assert dict(rows) == {name: 1 for name in governorates().pcodes.values()}
        town = [c for c in gz.find("Kafranbel") if c.kind == "town"]
        assert len(town) == 1 and town[0].admin1 == "Idlib" and town[0].name_ar
        assert {c.id for c in gz.find("كفر نبل") if c.kind == "town"} == {town[0].id}
        assert {c.id for c in gz.find("Kafr Nubl") if c.kind == "town"} == {town[0].id}


def test_importing_again_changes_nothing(full, tmp_path):
    path, _ = full
    copy = tmp_path / "again.sqlite"
    copy.write_bytes(path.read_bytes())
    with LocalGazetteer(copy) as gz:
        before = gz.counts()
        again = gz.add_source(OPENSYRIA)
        assert again["new_places"] == 0 and again["records"] == 348
        assert gz.counts() == before and len(gz.sources()) == 3


def test_geonames_dump_as_text_and_as_zip_joins_places_by_geonames_id(tmp_path):
    for zipped in (False, True):
        gz_path = tmp_path / f"g{zipped}.sqlite"
        (summary,) = import_paths([_geonames_file(tmp_path, zipped=zipped)], gazetteer=gz_path)
        assert summary == {"source": "SY.zip" if zipped else "SY.txt", "format": "geonames", "records": 3,
                           "new_places": 3, "merged": 0, "outlines": 0}
        with LocalGazetteer(gz_path) as gz:
            (base,) = gz.find("مطار أبو الظهور")
            assert base.kind == "site" and base.admin1 == "Idlib"
            assert gz.find("Kfar Nabel")[0].name == "Kafr Nabl"


def test_geonames_joins_a_wof_place_by_its_id(full, tmp_path):
    path, _ = full
    copy = tmp_path / "with-geonames.sqlite"
    copy.write_bytes(path.read_bytes())
    with LocalGazetteer(copy) as gz:
        summary = gz.add_source(_geonames_file(tmp_path))
        assert summary["merged"] >= 1  # Kafr Nabl, GeoNames 168661, is already there from WOF
        assert len([c for c in gz.find("Kafr Nabl") if c.kind in ("town", "village")]) == 1


def test_an_analysts_csv_adds_places_and_joins_known_ones(tmp_path):
    gz_path = tmp_path / "own.sqlite"
    import_paths([_geonames_file(tmp_path)], gazetteer=gz_path)
    (summary,) = import_paths([_analyst_csv(tmp_path)], gazetteer=gz_path, source="desk list")
    assert summary["source"] == "desk list" and summary["records"] == 3
    assert summary["merged"] == 1 and summary["new_places"] == 2  # Kafranbel is GeoNames' Kafr Nabl, 0.3 km away
    with LocalGazetteer(gz_path) as gz:
        (mezzeh,) = gz.find("المزة 86")
        assert (mezzeh.kind, mezzeh.admin1) == ("neighbourhood", "Damascus")
        assert gz.find("Mazzeh 86")[0].id == mezzeh.id


def test_bad_files_are_clear_errors_and_leave_the_gazetteer_as_it_was(tmp_path):
    gz_path = tmp_path / "g.sqlite"
    import_paths([_analyst_csv(tmp_path)], gazetteer=gz_path)
    before = sqlite3.connect(gz_path).execute("SELECT count(*) FROM places").fetchone()
    bad = tmp_path / "bad.csv"
    bad.write_text("name,lat,lon\nGood,35.1,36.1\nNo Place,,\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"bad\.csv:3: no value for lat, lon"):
        import_paths([bad], gazetteer=gz_path)
    far = tmp_path / "far.csv"
    far.write_text("name,lat,lon\nNowhere,135.0,36.0\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="far.csv: cannot be read as csv: .*out of range"):
        import_paths([far], gazetteer=gz_path)
    short = tmp_path / "SY.txt"
    short.write_text("1\tonly three\tcolumns\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"SY\.txt:1: expected 19 tab-separated columns, found 3"):
        import_paths([short], gazetteer=gz_path)
    with pytest.raises(GazetteerError, match="not a gazetteer file"):
        import_paths([tmp_path / "g.sqlite"], gazetteer=tmp_path / "other.sqlite")
    with pytest.raises(GazetteerError, match="no such file"):
        import_paths([tmp_path / "absent.csv"], gazetteer=gz_path)
    assert sqlite3.connect(gz_path).execute("SELECT count(*) FROM places").fetchone() == before
    with pytest.raises(GazetteerError, match="no gazetteer at"):
        LocalGazetteer(tmp_path / "none.sqlite")


def test_names_keyed_by_older_spelling_rules_are_keyed_again_on_open(tmp_path):
    gz_path = tmp_path / "old.sqlite"
    import_paths([_analyst_csv(tmp_path)], gazetteer=gz_path)
    con = sqlite3.connect(gz_path)
    with con:  # as an older marsad left it: other keys, and its version
        con.execute("UPDATE names SET key = 'stale-' || key")
        con.execute("UPDATE meta SET value = 'an older version' WHERE key = 'keys'")
    con.close()
    with LocalGazetteer(gz_path) as gz:
        assert gz.find("Mezze 86") and gz.find("المزة 86")
        assert not gz.con.execute("SELECT count(*) FROM names WHERE key LIKE 'stale-%'").fetchone()[0]


def test_semivowels_between_vowels_are_consonants():
    assert keys("Darayya") == keys("Daraya") != keys("Daraa")
    assert keys("Tal Abyad") == keys("Tell Abiad") and keys("Jawbar") == keys("Jobar")
    assert keys("Dayr az Zawr") == keys("Deir ez-Zor")
