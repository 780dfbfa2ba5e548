"""The local gazetteer: one SQLite file of places imported from standard gazetteers.

Where it lives: ``--gazetteer PATH`` on the command line, else ``$MARSAD_GAZETTEER``, else
``gazetteer.sqlite`` in the user's data folder (``$XDG_DATA_HOME/marsad`` or ``~/.local/share/marsad``).

Import rules (:meth:`LocalGazetteer.add_source`):

- a source is imported in one transaction; importing it again replaces nothing and adds nothing new
  (each record is known by its source and its id there);
- the same place from several sources is one place carrying all its names: records are joined by their
  GeoNames id, then by OCHA P-code, then governorates by name, then by a shared variant key
  (:mod:`.keys`) within :data:`MERGE_KM` of a place of the same kind of thing (administrative units
  with units of their level, settlements and sites with settlements and sites);
- each source keeps its name, format, file, licence attribution and record count (:meth:`sources`);
- a source with shapes (Who's On First) leaves the admin areas' simplified outlines (:mod:`.outlines`), which
  :meth:`outlines` gives back as GeoJSON features with the attributions of the sources they came from.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import sqlite3
from collections import defaultdict
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

from .admin import governorates
from .formats import GazetteerError, Record, detect, read
from .keys import is_arabic, keys, query_keys
from .keys import version as keys_version
from .outlines import OUTLINE_KINDS, Outline

SCHEMA_VERSION = 1
MERGE_KM = {"governorate": 60.0, "district": 30.0, "subdistrict": 20.0, "settlement": 5.0}
ADMIN_KINDS = frozenset({"governorate", "district", "subdistrict"})
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sources (name TEXT PRIMARY KEY, format TEXT NOT NULL, path TEXT NOT NULL,
    attribution TEXT, imported_at TEXT NOT NULL, records INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS places (id TEXT PRIMARY KEY, name TEXT NOT NULL, name_ar TEXT, lat REAL NOT NULL,
    lon REAL NOT NULL, kind TEXT NOT NULL, admin1 TEXT, admin2 TEXT, population INTEGER NOT NULL DEFAULT 0,
    geonames_id INTEGER, pcode TEXT);
CREATE INDEX IF NOT EXISTS places_geonames ON places (geonames_id);
CREATE INDEX IF NOT EXISTS places_pcode ON places (pcode);
CREATE TABLE IF NOT EXISTS records (source TEXT NOT NULL, source_id TEXT NOT NULL, place_id TEXT NOT NULL,
    PRIMARY KEY (source, source_id));
CREATE TABLE IF NOT EXISTS names (place_id TEXT NOT NULL, name TEXT NOT NULL, key TEXT NOT NULL,
    PRIMARY KEY (place_id, name, key));
CREATE INDEX IF NOT EXISTS names_key ON names (key);
"""
# Added after the first gazetteers were made: a file that cannot be written opens without it (and no outlines).
_OUTLINES = """CREATE TABLE IF NOT EXISTS outlines (source TEXT NOT NULL, source_id TEXT NOT NULL, kind TEXT NOT NULL,
    name TEXT NOT NULL, name_ar TEXT, admin1 TEXT, geometry TEXT NOT NULL, PRIMARY KEY (source, source_id))"""
# Licence attributions of the sources marsad knows how to read (shown by `marsad gazetteer`).
ATTRIBUTIONS = {
    "wof": "Data from Who's On First (CC0), https://whosonfirst.org/docs/licenses/; contains data from GeoNames "
           "(www.geonames.org), licensed under CC BY 4.0",
    "geonames": "Contains data from GeoNames (www.geonames.org), licensed under CC BY 4.0",
    "opensyria": "OpenSyria Data Geography (CC BY 4.0), with data from OCHA/HDX, geoBoundaries, GeoNames and "
                 "Wikidata",
    "ucdp": "UCDP Georeferenced Event Dataset (GED), CC BY 4.0 (Sundberg & Melander 2013; Hogbladh 2019)",
    "csv": "an analyst's own list",
}


def default_path() -> Path:
    """``$MARSAD_GAZETTEER``, else ``gazetteer.sqlite`` in the user's data folder."""
    if os.environ.get("MARSAD_GAZETTEER"):
        return Path(os.environ["MARSAD_GAZETTEER"])
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "marsad" / "gazetteer.sqlite"


@dataclass(frozen=True, kw_only=True, slots=True)
class Candidate:
    """A place a name may stand for, with how the name matched (``key`` exactly or by ``skeleton``)."""

    id: str
    name: str
    name_ar: str | None
    lat: float
    lon: float
    kind: str
    admin1: str | None
    admin2: str | None
    population: int
    matched_by: str


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371 * 2 * math.asin(min(1.0, math.sqrt(h)))


def _family(kind: str) -> str:
    """Administrative units join only units of their own level; settlements and sites join each other."""
    return kind if kind in ADMIN_KINDS else "settlement"


class LocalGazetteer:
    """The gazetteer file: import sources into it, list them, look names up."""

    def __init__(self, path: str | os.PathLike | None = None, *, create: bool = False):
        self.path = Path(path) if path else default_path()
        if not self.path.exists() and not create:
            raise GazetteerError(f"no gazetteer at {self.path}: import one with `marsad gazetteer import PATH...`")
        if create:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.con = sqlite3.connect(self.path)
            self.con.executescript(_SCHEMA)
            self._outlines_table()
            # written once, so that a gazetteer this user may only read still opens
            if self.con.execute("SELECT 1 FROM meta WHERE key = 'schema'").fetchone() is None:
                self.con.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
                self.con.commit()
            self._rekey_if_stale()
        except sqlite3.DatabaseError as exc:
            raise GazetteerError(f"{self.path}: not a marsad gazetteer ({exc})") from None

    def _outlines_table(self) -> None:
        try:
            self.con.execute(_OUTLINES)
        except sqlite3.OperationalError:
            if self.con.in_transaction:
                self.con.rollback()
            if self._has_outlines() or os.access(self.path, os.W_OK):
                raise

    def _has_outlines(self) -> bool:
        return self.con.execute("SELECT 1 FROM sqlite_master WHERE name = 'outlines'").fetchone() is not None

    def _rekey_if_stale(self) -> None:
        """Key the names again when the spelling rules changed since they were keyed (a marsad upgrade, or an
        edited spelling file), so names in text and names in the gazetteer are keyed alike."""
        stored = self.con.execute("SELECT value FROM meta WHERE key = 'keys'").fetchone()
        if stored and stored[0] == keys_version():
            return
        pairs = self.con.execute("SELECT DISTINCT place_id, name FROM names").fetchall()
        if pairs and not os.access(self.path, os.W_OK):
            raise GazetteerError(f"{self.path}: its names were keyed by another version of marsad's spelling rules "
                                 "and the file cannot be written here; open it once where it can be written, or "
                                 "import the sources again")
        with self.con:
            self.con.execute("DELETE FROM names")
            self.con.executemany("INSERT OR IGNORE INTO names VALUES (?, ?, ?)",
                                 [(pid, name, key) for pid, name in pairs for key in keys(name)])
            self.con.execute("INSERT OR REPLACE INTO meta VALUES ('keys', ?)", (keys_version(),))

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "LocalGazetteer":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- import ----------------------------------------------------------------------------------

    def add_source(self, path: str | os.PathLike, *, name: str | None = None, fmt: str | None = None) -> dict:
        """Import one gazetteer file or folder; returns ``{source, format, records, new_places, merged}``."""
        path = Path(path)
        if not path.exists():
            raise GazetteerError(f"{path}: no such file or folder")
        fmt = fmt or detect(path)
        source = name or path.name
        items = list(read(path, fmt, governorates()))
        records = [r for r in items if isinstance(r, Record)]
        outlines = [o for o in items if isinstance(o, Outline)]
        index = _Index(self.con)
        new = merged = 0
        with self.con:  # one transaction: a failed import leaves the gazetteer as it was
            self.con.execute("DELETE FROM sources WHERE name = ?", (source,))
            self.con.execute("DELETE FROM outlines WHERE source = ?", (source,))
            self.con.executemany("INSERT INTO outlines VALUES (?, ?, ?, ?, ?, ?, ?)",
                                 [(source, o.source_id, o.kind, o.name, o.name_ar, o.admin1, o.geometry)
                                  for o in outlines])
            for record in records:
                place_id, created = index.place_for(source, record)
                new += created
                merged += not created
                index.add(source, record, place_id, created)
            self.con.execute("INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?)",
                             (source, fmt, str(path.resolve()), ATTRIBUTIONS.get(fmt),
                              datetime.now(timezone.utc).isoformat(timespec="seconds"), len(records)))
        return {"source": source, "format": fmt, "records": len(records), "new_places": new, "merged": merged,
                "outlines": len(outlines)}

    # -- reading ---------------------------------------------------------------------------------

    def sources(self) -> list[dict]:
        rows = self.con.execute("SELECT name, format, path, attribution, imported_at, records FROM sources "
                                "ORDER BY imported_at, name").fetchall()
        columns = ("name", "format", "path", "attribution", "imported_at", "records")
        return [dict(zip(columns, r, strict=True)) for r in rows]

    def counts(self) -> dict[str, int]:
        one = self.con.execute("SELECT count(*), count(name_ar) FROM places").fetchone()
        names = self.con.execute("SELECT count(*) FROM names").fetchone()[0]
        outlines = self.con.execute("SELECT count(*) FROM outlines").fetchone()[0] if self._has_outlines() else 0
        return {"places": one[0], "with_arabic_name": one[1], "names": names, "outlines": outlines}

    def outlines(self, kinds: Iterable[str] = OUTLINE_KINDS) -> dict:
        """The admin areas' outlines of ``kinds`` as a GeoJSON FeatureCollection (the country first, then the
        governorates, then the districts), with ``attribution``: the licences of the sources they came from."""
        kinds = tuple(kinds)
        unknown = [k for k in kinds if k not in OUTLINE_KINDS]
        if unknown:
            raise GazetteerError(f"no outlines of kind {unknown[0]!r} (kinds: {', '.join(OUTLINE_KINDS)})")
        if not self._has_outlines():
            return {"type": "FeatureCollection", "features": [], "attribution": []}
        marks = ",".join("?" * len(kinds))
        rows = self.con.execute(
            f"SELECT o.source, o.source_id, o.kind, o.name, o.name_ar, o.admin1, o.geometry, s.attribution "
            f"FROM outlines o LEFT JOIN sources s ON s.name = o.source WHERE o.kind IN ({marks})", kinds).fetchall()
        rows.sort(key=lambda r: (OUTLINE_KINDS.index(r[2]), r[3], r[0], r[1]))
        features = [{"type": "Feature", "id": f"{source}:{source_id}", "geometry": json.loads(geometry),
                     "properties": {"kind": kind, "name": name, "name_ar": name_ar, "admin1": admin1,
                                    "source": source}}
                    for source, source_id, kind, name, name_ar, admin1, geometry, _ in rows]
        attributions = sorted({r[7] for r in rows if r[7]})
        return {"type": "FeatureCollection", "features": features, "attribution": attributions}

    def find(self, name: str, *, limit: int = 20) -> list[Candidate]:
        """The places ``name`` may stand for, in either script: exact key matches first, then by size."""
        wanted = query_keys(name)
        if not wanted:
            return []
        marks = ",".join("?" * len(wanted))
        rows = self.con.execute(
            f"SELECT DISTINCT p.id, p.name, p.name_ar, p.lat, p.lon, p.kind, p.admin1, p.admin2, p.population, "
            f"n.key FROM names n JOIN places p ON p.id = n.place_id WHERE n.key IN ({marks})", wanted).fetchall()
        best: dict[str, Candidate] = {}
        for *fields, key in rows:
            how = "skeleton" if key.startswith("~") else "key"
            if fields[0] not in best or how == "key":
                best[fields[0]] = Candidate(**dict(zip(Candidate.__slots__[:-1], fields, strict=True)), matched_by=how)
        ranked = sorted(best.values(), key=lambda c: (c.matched_by != "key", c.kind not in ADMIN_KINDS,
                                                       -c.population, c.name))
        return ranked[:limit]

    def places(self) -> Iterable[tuple]:
        return self.con.execute("SELECT id, name, name_ar, lat, lon, kind, admin1, admin2, population FROM places")

    def names(self) -> Iterable[tuple[str, str, str]]:
        return self.con.execute("SELECT place_id, name, key FROM names")


class _Index:
    """What the gazetteer holds, indexed for joining one source's records to it."""

    def __init__(self, con: sqlite3.Connection):
        self.con = con
        self.records = {(s, i): p for s, i, p in con.execute("SELECT source, source_id, place_id FROM records")}
        self.geonames: dict[int, str] = {}
        self.pcodes: dict[str, str] = {}
        self.governorates: dict[str, str] = {}
        self.where: dict[str, tuple[float, float, str]] = {}
        for pid, gn, pcode, kind, admin1, lat, lon in con.execute(
                "SELECT id, geonames_id, pcode, kind, admin1, lat, lon FROM places"):
            self._remember(pid, gn, pcode, kind, admin1, lat, lon)
        self.by_key: dict[str, set[str]] = defaultdict(set)
        for pid, key in con.execute("SELECT place_id, key FROM names"):
            self.by_key[key].add(pid)

    def _remember(self, pid, gn, pcode, kind, admin1, lat, lon) -> None:
        if gn:
            self.geonames.setdefault(gn, pid)
        if pcode:
            self.pcodes.setdefault(pcode, pid)
        if kind == "governorate" and admin1:
            self.governorates.setdefault(admin1, pid)
        self.where[pid] = (lat, lon, kind)

    def place_for(self, source: str, r: Record) -> tuple[str, bool]:
        """The place a record joins, and whether it is new."""
        known = (self.records.get((source, r.source_id)) or self.geonames.get(r.geonames_id or -1)
                 or self.pcodes.get(r.pcode or "")
                 or (self.governorates.get(r.admin1 or "") if r.kind == "governorate" else None)
                 or self._nearby(r))
        if known:
            return known, False
        seed = r.pcode or (f"gn{r.geonames_id}" if r.geonames_id else f"{source}:{r.source_id}")
        return "g" + hashlib.sha1(seed.encode("utf-8")).hexdigest()[:12], True

    def _nearby(self, r: Record) -> str | None:
        family = _family(r.kind)
        found = {pid for name in r.aliases for key in keys(name) if not key.startswith("~")
                 for pid in self.by_key.get(key, ())}
        close = [(km(r.lat, r.lon, *self.where[pid][:2]), pid) for pid in found
                 if _family(self.where[pid][2]) == family]
        close = [c for c in close if c[0] <= MERGE_KM[family]]
        return min(close)[1] if close else None

    def add(self, source: str, r: Record, place_id: str, created: bool) -> None:
        if created:
            self.con.execute("INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             (place_id, r.name, r.name_ar, r.lat, r.lon, r.kind, r.admin1, r.admin2, r.population,
                              r.geonames_id, r.pcode))
            self._remember(place_id, r.geonames_id, r.pcode, r.kind, r.admin1, r.lat, r.lon)
        else:  # fill in what the place lacks; its coordinates and kind stay those of its first source
            self.con.execute(
                "UPDATE places SET name_ar = coalesce(name_ar, ?), admin1 = coalesce(admin1, ?), "
                "admin2 = coalesce(admin2, ?), population = max(population, ?), "
                "geonames_id = coalesce(geonames_id, ?), pcode = coalesce(pcode, ?) WHERE id = ?",
                (r.name_ar, r.admin1, r.admin2, r.population, r.geonames_id, r.pcode, place_id))
            if r.geonames_id:
                self.geonames.setdefault(r.geonames_id, place_id)
            if r.pcode:
                self.pcodes.setdefault(r.pcode, place_id)
        self.con.execute("INSERT OR REPLACE INTO records VALUES (?, ?, ?)", (source, r.source_id, place_id))
        self.records[(source, r.source_id)] = place_id
        rows = [(place_id, name, key) for name in r.aliases for key in keys(name)]
        self.con.executemany("INSERT OR IGNORE INTO names VALUES (?, ?, ?)", rows)
        for _, _, key in rows:
            self.by_key[key].add(place_id)


# Sources are imported in this order, whatever order they are given in, so that a place's coordinates and
# kind come from the most exact source that has it: GeoNames points first, then administrative units,
# then an analyst's list, then UCDP's event sites (whose points may be approximate).
IMPORT_ORDER = ("wof", "geonames", "opensyria", "csv", "ucdp")


def in_import_order(paths: Iterable[str | os.PathLike]) -> list[tuple[Path, str]]:
    """``(path, format)`` pairs sorted by :data:`IMPORT_ORDER` (a path that is no gazetteer raises)."""
    found = [(Path(p), detect(Path(p))) for p in paths]
    return sorted(found, key=lambda pf: IMPORT_ORDER.index(pf[1]))


def import_paths(paths: Iterable[str | os.PathLike], *, gazetteer: str | os.PathLike | None = None,
                 source: str | None = None) -> list[dict]:
    """Import gazetteer files into the local gazetteer (created when absent), in :data:`IMPORT_ORDER`;
    one summary per path."""
    paths = list(paths)
    if source and len(paths) != 1:
        raise GazetteerError(f"--source names one source, but {len(paths)} paths were given: import them one by one")
    ordered = in_import_order(paths)  # a path that is missing or no gazetteer stops here, before any file is made
    with closing(LocalGazetteer(gazetteer, create=True)) as gz:
        return [gz.add_source(p, name=source, fmt=fmt) for p, fmt in ordered]


__all__ = ["ATTRIBUTIONS", "Candidate", "GazetteerError", "LocalGazetteer", "default_path", "import_paths",
           "is_arabic"]
