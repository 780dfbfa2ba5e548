"""Readers for standard gazetteer files: each turns one source into :class:`Record` rows.

- Who's On First GeoJSON: a folder of ``*.geojson`` files or the ``.tar.gz`` of a WOF repository
  (``whosonfirst-data-admin-sy``): localities, counties (districts), regions (governorates), neighbourhoods
  and campuses, with their names in Latin and Arabic script and their GeoNames ids;
- the GeoNames dump: ``SY.txt`` or ``SY.zip``, tab-separated with 19 columns (feature classes P, S, T, L, H;
  ``alternatenames`` kept when they are Latin or Arabic script);
- OpenSyria data-geography: ``governorates.json``, ``districts.json``, ``subdistricts.json`` (or their
  folder), with OCHA P-codes and Arabic names;
- UCDP GED's site list: a CSV with ``where_coordinates, latitude, longitude, where_prec, adm_1, adm_2``;
- an analyst's plain CSV: ``name, name_ar, aliases, lat, lon, admin1, admin2, precision`` (aliases split
  on ``|`` or ``;``).

:func:`detect` names the format of a path; :func:`read` yields its records, and for Who's On First also
the admin areas' simplified outlines (:class:`~.outlines.Outline`: the country, governorates and districts).
A file that cannot be read raises :class:`GazetteerError` naming the file and the problem.
"""
from __future__ import annotations

import csv
import io
import json
import math
import re
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from .admin import Governorates
from .keys import is_arabic
from .outlines import Outline, outline_text


class GazetteerError(ValueError):
    """A gazetteer file that cannot be read: the message names the file and the problem."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Record:
    """One place as one source gives it."""

    source_id: str  # the place's id in its source
    name: str  # the main Latin-script name
    name_ar: str | None
    aliases: tuple[str, ...]  # every other name, either script
    lat: float
    lon: float
    kind: str  # governorate, district, subdistrict, city, town, village, neighbourhood, site
    admin1: str | None  # marsad's governorate name
    admin2: str | None
    population: int = 0
    geonames_id: int | None = None
    pcode: str | None = None


FORMATS = ("wof", "geonames", "opensyria", "ucdp", "csv")


def detect(path: Path) -> str:
    """The format of a gazetteer path, from its name and, for CSV, its header."""
    if not path.exists():
        raise GazetteerError(f"{path}: no such file or folder")
    name = path.name.lower()
    if path.is_dir():
        if any(path.glob("governorates.json")) or any(path.glob("subdistricts.json")):
            return "opensyria"
        return "wof"
    if name.endswith((".tar.gz", ".tgz", ".geojson")):
        return "wof"
    if name in ("governorates.json", "districts.json", "subdistricts.json"):
        return "opensyria"
    if name.endswith((".txt", ".zip")):
        return "geonames"
    if name.endswith(".csv"):
        header = _first_line(path).lower()
        return "ucdp" if "where_coordinates" in header else "csv"
    raise GazetteerError(f"{path}: not a gazetteer file marsad reads (Who's On First .tar.gz/.geojson/folder, "
                         "GeoNames .txt/.zip, OpenSyria .json, UCDP or plain .csv)")


def read(path: Path, fmt: str, governorates: Governorates) -> Iterator[Record | Outline]:
    readers = {"wof": _wof, "geonames": _geonames, "opensyria": _opensyria, "ucdp": _ucdp, "csv": _plain_csv}
    if fmt not in readers:
        raise GazetteerError(f"{path}: unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    try:
        yield from readers[fmt](path, governorates)
    except GazetteerError:
        raise
    except (OSError, ValueError, KeyError, TypeError, tarfile.TarError, zipfile.BadZipFile, csv.Error) as exc:
        raise GazetteerError(f"{path}: cannot be read as {fmt}: {type(exc).__name__}: {exc}") from None


def _first_line(path: Path) -> str:
    with path.open(encoding="utf-8-sig", errors="replace") as handle:
        return handle.readline()


def _coordinate(value: object, low: float, high: float) -> float:
    number = float(value)  # type: ignore[arg-type]
    if not (math.isfinite(number) and low <= number <= high):
        raise ValueError(f"coordinate {value!r} out of range")
    return number


def _names(*groups: Iterable[str | None]) -> tuple[str | None, tuple[str, ...]]:
    """The first Arabic-script name and every name, without repeats, in order."""
    seen: dict[str, None] = {}
    for group in groups:
        for name in group:
            if name and name.strip():
                seen.setdefault(name.strip(), None)
    names = tuple(seen)
    return next((n for n in names if is_arabic(n)), None), names


# -- Who's On First ----------------------------------------------------------------------------

_WOF_KINDS = {"locality": None, "county": "district", "region": "governorate", "neighbourhood": "neighbourhood",
              "campus": "site"}
_WOF_LATIN = ("name:eng_x_preferred", "name:eng_x_variant", "name:fra_x_preferred", "name:und_x_variant")
_WOF_ARABIC = ("name:ara_x_preferred", "name:ara_x_variant")


def _wof_documents(path: Path) -> Iterator[dict]:
    if path.is_dir():
        for file in sorted(path.rglob("*.geojson")):
            yield json.loads(file.read_text(encoding="utf-8"))
    elif path.name.lower().endswith(".geojson"):
        yield json.loads(path.read_text(encoding="utf-8"))
    else:
        with tarfile.open(path, "r:*") as archive:
            for member in archive:
                if member.isfile() and member.name.endswith(".geojson"):
                    handle = archive.extractfile(member)
                    if handle is not None:
                        yield json.loads(handle.read().decode("utf-8"))


_WOF_OUTLINES = {"country": "country", "region": "governorate", "county": "district"}


def _wof(path: Path, governorates: Governorates) -> Iterator[Record | Outline]:
    regions: dict[int, str | None] = {}
    counties: dict[int, str] = {}
    places = []
    shapes = []
    for doc in _wof_documents(path):
        p = doc.get("properties", {})
        kind = p.get("wof:placetype")
        if "-alt-" in str(p.get("src:alt_label", "")):
            continue
        if kind in _WOF_OUTLINES and doc.get("geometry", {}).get("type") in ("Polygon", "MultiPolygon"):
            shapes.append((p, doc["geometry"]))
        if kind not in _WOF_KINDS:
            continue
        if kind == "region":
            regions[p["wof:id"]] = governorates.find(p.get("wof:name"), *(p.get("name:ara_x_preferred") or []))
        if kind == "county":
            counties[p["wof:id"]] = p.get("wof:name")
        places.append(p)
    for p in places:
        hierarchy = (p.get("wof:hierarchy") or [{}])[0]
        admin1 = regions.get(hierarchy.get("region_id")) or governorates.by_geonames(p.get("gn:admin1_code"))
        kind = _WOF_KINDS[p["wof:placetype"]] or _settlement(p.get("gn:feature_code"), p.get("gn:population"))
        latin = [p.get("wof:name"), p.get("gn:name"), p.get("gn:asciiname")]
        arabic = [n for key in _WOF_ARABIC for n in p.get(key, [])]
        other = [n for key in _WOF_LATIN for n in p.get(key, [])]
        name_ar, names = _names([n for n in arabic if is_arabic(n)], latin, other, [n for n in arabic
                                                                                       if not is_arabic(n)])
        if kind == "governorate":
            admin1 = regions.get(p["wof:id"])
            if admin1 is None:
                continue  # a region outside the 14 governorates (a UN zone, a Lebanese district)
        gn = p.get("gn:geonameid") or (p.get("wof:concordances") or {}).get("gn:id")
        name = admin1 if kind == "governorate" else next((n for n in names if not is_arabic(n)), names[0])
        yield Record(source_id=str(p["wof:id"]), name=name, name_ar=name_ar,
                     aliases=names, lat=_coordinate(p.get("lbl:latitude", p["geom:latitude"]), -90, 90),
                     lon=_coordinate(p.get("lbl:longitude", p["geom:longitude"]), -180, 180), kind=kind,
                     admin1=admin1, admin2=counties.get(hierarchy.get("county_id")),
                     population=int(p.get("gn:population") or 0), geonames_id=int(gn) if gn else None)
    for p, geometry in shapes:
        yield from _wof_outline(p, geometry, regions)


def _wof_outline(p: dict, geometry: dict, regions: dict[int, str | None]) -> Iterator[Outline]:
    """The outline of the country, a governorate or a district (regions outside the governorates left out)."""
    kind = _WOF_OUTLINES[p["wof:placetype"]]
    own = regions.get(p["wof:id"]) if kind == "governorate" else None
    admin1 = own or regions.get((p.get("wof:hierarchy") or [{}])[0].get("region_id"))
    if kind == "governorate" and own is None:
        return
    text = outline_text(geometry)
    if text is None:
        return
    arabic = [n for n in p.get("name:ara_x_preferred", []) if is_arabic(n)]
    yield Outline(source_id=str(p["wof:id"]), kind=kind, name=own or p.get("wof:name") or str(p["wof:id"]),
                  name_ar=arabic[0] if arabic else None, admin1=admin1 if kind != "country" else None, geometry=text)


def _settlement(feature_code: str | None, population: object) -> str:
    people = int(population or 0)
    if feature_code in ("PPLC", "PPLA") or people >= 100_000:
        return "city"
    if feature_code in ("PPLA2", "PPLA3") or people >= 5_000:
        return "town"
    return "village"


# -- GeoNames ----------------------------------------------------------------------------------

_GEONAMES_KINDS = {"P": None, "S": "site", "T": "site", "L": "site", "H": "site", "A": "district"}


def _geonames_lines(path: Path) -> Iterator[str]:
    if path.name.lower().endswith(".zip"):
        with zipfile.ZipFile(path) as archive:
            inner = [n for n in archive.namelist() if n.lower().endswith(".txt") and "readme" not in n.lower()]
            if not inner:
                raise GazetteerError(f"{path}: the archive holds no GeoNames .txt file")
            with archive.open(inner[0]) as handle:
                yield from io.TextIOWrapper(handle, encoding="utf-8")
    else:
        with path.open(encoding="utf-8") as handle:
            yield from handle


def _geonames(path: Path, governorates: Governorates) -> Iterator[Record]:
    for number, line in enumerate(_geonames_lines(path), 1):
        cols = line.rstrip("\n").split("\t")
        if len(cols) != 19:
            raise GazetteerError(f"{path}:{number}: expected 19 tab-separated columns, found {len(cols)}")
        feature_class, code = cols[6], cols[7]
        if feature_class not in _GEONAMES_KINDS or code in ("ADM1", "PCLI"):
            continue
        kind = _GEONAMES_KINDS[feature_class] or _settlement(code, cols[14])
        alternates = [a for a in cols[3].split(",") if a and (is_arabic(a) or re.search(r"[A-Za-z]", a))]
        name_ar, names = _names([a for a in alternates if is_arabic(a)], [cols[1], cols[2]], alternates)
        yield Record(source_id=cols[0], name=cols[1], name_ar=name_ar, aliases=names,
                     lat=_coordinate(cols[4], -90, 90), lon=_coordinate(cols[5], -180, 180), kind=kind,
                     admin1=governorates.by_geonames(cols[10]), admin2=None,
                     population=int(cols[14] or 0), geonames_id=int(cols[0]))


# -- OpenSyria ---------------------------------------------------------------------------------

_OPENSYRIA_LEVELS = (("governorates.json", "governorate"), ("districts.json", "district"),
                     ("subdistricts.json", "subdistrict"))


def _opensyria(path: Path, governorates: Governorates) -> Iterator[Record]:
    files = [(path / name, kind) for name, kind in _OPENSYRIA_LEVELS if (path / name).is_file()] if path.is_dir() \
        else [(path, dict(_OPENSYRIA_LEVELS)[path.name.lower()])]
    if not files:
        raise GazetteerError(f"{path}: no governorates.json, districts.json or subdistricts.json in it")
    district_names: dict[str, str] = {}
    if path.is_dir() and (path / "districts.json").is_file():
        district_names = {d["id"]: d["name"]["en"] for d in json.loads((path / "districts.json").read_text("utf-8"))}
    for file, kind in files:
        for row in json.loads(file.read_text(encoding="utf-8")):
            ids = row.get("externalIds") or {}
            pcode = ids.get("ochaPcode")
            admin1 = governorates.by_pcode(pcode) or governorates.find(row["name"]["en"], row["name"].get("ar"))
            aliases = [a["value"] for a in row.get("aliases", [])]
            name_ar, names = _names([row["name"].get("ar")], [row["name"]["en"]], aliases)
            population = row.get("population") or {}
            name = admin1 if kind == "governorate" and admin1 else row["name"]["en"]
            yield Record(source_id=row["id"], name=name, name_ar=name_ar, aliases=names,
                         lat=_coordinate(row["centroid"]["latitude"], -90, 90),
                         lon=_coordinate(row["centroid"]["longitude"], -180, 180), kind=kind, admin1=admin1,
                         admin2=row["name"]["en"] if kind == "district" else district_names.get(row.get("districtId")),
                         population=int(population.get("value") or 0),
                         geonames_id=int(ids["geonames"]) if str(ids.get("geonames") or "").isdigit() else None,
                         pcode=pcode)


# -- UCDP GED sites ----------------------------------------------------------------------------

_UCDP_SITE_WORDS = re.compile(r"\b(?:airbase|air base|airport|base|brigade|field|dam|crossing|mountain|prison|"
                              r"factory|hospital|checkpoint|regiment|division|battalion|academy)\b", re.I)
_UCDP_KIND_WORDS = re.compile(r"\s+(?:village|town|city|town/village|neighbourhood|neighborhood|district|"
                              r"area|camp)$", re.I)


def _csv_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            yield reader.line_num, {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}


def _ucdp(path: Path, governorates: Governorates) -> Iterator[Record]:
    for _, row in _csv_rows(path):
        label = row["where_coordinates"]
        precision = int(float(row.get("where_prec") or 1))
        if precision > 2 or not label:
            continue  # districts and governorates: the administrative sources hold them
        base = _UCDP_KIND_WORDS.sub("", label)
        kind = "site" if _UCDP_SITE_WORDS.search(label) else ("neighbourhood" if "neighbo" in label.lower()
                                                               else "village")
        names = [n.strip() for n in base.split("/") if n.strip()]
        yield Record(source_id=f"{label}@{row['latitude']},{row['longitude']}", name=names[0] if names else label,
                     name_ar=None, aliases=tuple(dict.fromkeys([*names, label])),
                     lat=_coordinate(row["latitude"], -90, 90), lon=_coordinate(row["longitude"], -180, 180),
                     kind=kind, admin1=governorates.find(row.get("adm_1")), admin2=_admin2(row.get("adm_2")))


def _admin2(value: str | None) -> str | None:
    return re.sub(r"\s+district$", "", value, flags=re.I) if value else None


# -- an analyst's CSV --------------------------------------------------------------------------

_PLAIN_COLUMNS = ("name", "lat", "lon")


def _plain_csv(path: Path, governorates: Governorates) -> Iterator[Record]:
    for line, row in _csv_rows(path):
        missing = [c for c in _PLAIN_COLUMNS if not row.get(c)]
        if missing:
            raise GazetteerError(f"{path}:{line}: no value for {', '.join(missing)} (columns: name, name_ar, "
                                 "aliases, lat, lon, admin1, admin2, precision)")
        aliases = [a.strip() for a in re.split(r"[|;]", row.get("aliases", "")) if a.strip()]
        name_ar, names = _names([row.get("name_ar")], [row["name"]], aliases)
        admin1 = governorates.find(row.get("admin1")) if row.get("admin1") else None
        if row.get("admin1") and admin1 is None:
            admin1 = row["admin1"]  # a governorate of another theatre: kept as written
        yield Record(source_id=f"{row['name']}@{row['lat']},{row['lon']}", name=row["name"], name_ar=name_ar,
                     aliases=names, lat=_coordinate(row["lat"], -90, 90), lon=_coordinate(row["lon"], -180, 180),
                     kind=(row.get("precision") or "village").lower(), admin1=admin1,
                     admin2=row.get("admin2") or None)
