"""Judging sources: outlet profiles, a credibility score per article, and reference records (FA-KES).

**Reference records.** A casualty record such as VDC's, as CSV with a header row:

    date,admin1,place,civilians,fighters,total,source

``date`` is ``YYYY-MM-DD``; ``admin1`` the governorate in the gazetteer's English spelling
("Idlib", "Rural Damascus"); ``place`` optional; ``civilians``, ``fighters`` and ``total`` are deaths
(``total`` may be left empty: then civilians + fighters); ``source`` names the record. UCDP GED's own
CSV is read as it is published (``id``, ``date_start``, ``date_end``, ``adm_1``, ``where_coordinates``,
``where_prec``, ``deaths_a``, ``deaths_b``, ``deaths_civilians``, ``deaths_unknown``, ``best`` and its
other columns): each event a row, its governorate read from ``adm_1`` in any spelling, its fighters
``deaths_a`` + ``deaths_b``, its total UCDP's ``best`` (see :func:`read_reference_file`). Following the
FA-KES method, an article is matched against the record: its incident's rows are those in the same
governorate within a day of the incident's date, and of those that name a place, those at the incident's
place, in any spelling, or at a place it lies in or one inside it (:func:`same_place`); the article's
death figure is *consistent* with the record when it lies within ``REFERENCE_FACTOR`` of the record's
total (or within two deaths of it), else *inconsistent*.

**Credibility** of an article, from 0 to 1, starts at 0.5 and moves for stated reasons:

- +0.2 when another, independent outlet reports the same incident (a copy of the article, or an
  article it copies, is not independent); -0.1 when it is the incident's only report;
- +0.15 when its death figure is within ``AGREE_FACTOR`` of the incident's best estimate; -0.2
  when it is off by more than ``DIVERGE_FACTOR`` times;
- up to +0.1 for the share of its figures that name their claimant (whose type, in the claimant list
  ``extraction/data/claimants.json``, is not in its group "unnamed": not unattributed);
- +0.15 when consistent with a reference record, -0.2 when inconsistent;
- -0.05 when it is a copy of another outlet's story (it adds no testimony of its own).

**Outlet profiles**: how many incidents an outlet reported, how often it was first, how often it
copied, and how its death figures compare with each incident's best estimate: the mean of
log2(outlet figure / best), overall and by the side the victims belong to (negative: it reports
fewer deaths than the consensus).
"""
from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..extraction.gazetteer.admin import governorates
from ..extraction.gazetteer.keys import keys
from ..extraction.knowledge import knowledge
from .reconcile import times

REFERENCE_FACTOR = 1.5
AGREE_FACTOR = 1.5
DIVERGE_FACTOR = 3.0
REFERENCE_COLUMNS = ("date", "admin1", "place", "civilians", "fighters", "total", "source")
# UCDP GED's own columns: any of the marks says a file is UCDP's; the columns are those read from it.
UCDP_MARKS = ("type_of_violence", "date_start", "where_coordinates", "deaths_civilians", "adm_1")
UCDP_COLUMNS = ("id", "date_start", "date_end", "adm_1", "where_coordinates", "where_prec", "deaths_a", "deaths_b",
                "deaths_civilians", "deaths_unknown", "best")
UCDP_PLACE_PRECISIONS = ("1", "2")  # where_prec: the exact place, or within about 25 km of it
UCDP_DISTRICT_PRECISION = "3"  # where_prec: only the district (adm_2) is known
UCDP_SPAN_DAYS = 1  # a row dated over a longer span is too vague to check an article's day against
GOVERNMENT_VICTIMS = {"government forces", "security personnel"}
BROAD = ("governorate", "country")  # places too broad to tell a reference row's place from another


class ReferenceError(ValueError):
    """A reference record file cannot be read; the message names the file, row and problem."""


@dataclass(frozen=True, kw_only=True, slots=True)
class ReferenceRecord:
    date: date
    admin1: str
    place: str | None
    civilians: int
    fighters: int
    total: int
    source: str


def _count(value: str | None, where: str, column: str) -> int:
    if value in (None, ""):
        return 0
    try:
        number = int(float(value))
    except ValueError:
        raise ReferenceError(f"{where}: column {column!r} is not a number: {value!r}") from None
    if number < 0:
        raise ReferenceError(f"{where}: column {column!r} is negative: {value!r}")
    return number


@dataclass(frozen=True, kw_only=True, slots=True)
class ReferenceFile:
    """A reference record file as read: its layout ("fakes" or "ucdp"), its rows, and how many rows were left
    out, by reason."""

    path: Path
    layout: str
    records: list[ReferenceRecord]
    left_out: dict[str, int] = field(default_factory=dict)


def read_reference(path: str | Path) -> list[ReferenceRecord]:
    """Rows of a reference casualty record in either layout (see :func:`read_reference_file`)."""
    return read_reference_file(path).records


def read_reference_file(path: str | Path) -> ReferenceFile:
    """A reference casualty record, its layout told by its header: UCDP GED's own columns (any of
    ``UCDP_MARKS`` in the header; ``UCDP_COLUMNS`` needed) or the short layout of the module docstring
    (``date`` and ``admin1`` needed). A missing column is an error naming the file and the column."""
    path = Path(path)
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise ReferenceError(f"cannot read reference record {path}: {exc.strerror}") from None
    with handle:
        reader = csv.DictReader(handle)
        header = set(reader.fieldnames or [])
        if header & set(UCDP_MARKS):
            missing = [c for c in UCDP_COLUMNS if c not in header]
            if missing:
                marks = ", ".join(sorted(header & set(UCDP_MARKS)))
                raise ReferenceError(f"{path}: a UCDP GED file (its header has {marks}) but it lacks "
                                     f"{', '.join(missing)} (UCDP GED's columns needed: {', '.join(UCDP_COLUMNS)})")
            return _read_ucdp(path, reader)
        missing = {"date", "admin1"} - header
        if missing:
            raise ReferenceError(f"{path}: header lacks {', '.join(sorted(missing))} (expected "
                                 f"{', '.join(REFERENCE_COLUMNS)}, or UCDP GED's columns "
                                 f"{', '.join(UCDP_COLUMNS)})")
        records = []
        for row in reader:
            where = f"{path}:{reader.line_num}"
            day = _day(row.get("date"), where, "date")
            civilians = _count(row.get("civilians"), where, "civilians")
            fighters = _count(row.get("fighters"), where, "fighters")
            total = _count(row.get("total"), where, "total") or civilians + fighters
            records.append(ReferenceRecord(date=day, admin1=(row.get("admin1") or "").strip(),
                                           place=(row.get("place") or "").strip() or None, civilians=civilians,
                                           fighters=fighters, total=total,
                                           source=(row.get("source") or path.name).strip()))
    return ReferenceFile(path=path, layout="fakes", records=records)


def _day(value: str | None, where: str, column: str) -> date:
    """A date written ``YYYY-MM-DD``, alone or followed by a time (UCDP writes "2016-02-07 00:00:00.000")."""
    text = (value or "").strip()
    try:
        return date.fromisoformat(text[:10] if len(text) > 10 and text[10] in " T" else text)
    except ValueError:
        raise ReferenceError(f"{where}: {column} {value!r} is not YYYY-MM-DD") from None


def _read_ucdp(path: Path, reader: csv.DictReader) -> ReferenceFile:
    """UCDP GED's rows: an event's dates, governorate (``adm_1``, spelt as the gazetteer spells it), place
    (``where_coordinates`` when ``where_prec`` says it is known within about 25 km, its district ``adm_2``
    when only that is known), civilian deaths, fighters' deaths (``deaths_a`` + ``deaths_b``) and ``best``
    as the total. Left out (and counted): a row whose dates span more than ``UCDP_SPAN_DAYS``, whose
    ``adm_1`` names no governorate, or placed no finer than a governorate (an event somewhere in Aleppo
    cannot be told from another there)."""
    records, left_out = [], {}
    for row in reader:
        where = f"{path}:{reader.line_num}"
        start, end = _day(row["date_start"], where, "date_start"), _day(row["date_end"], where, "date_end")
        admin1 = governorates().find(row["adm_1"])
        precision = (row.get("where_prec") or "").strip()
        place = (row["where_coordinates"] if precision in UCDP_PLACE_PRECISIONS else
                 row.get("adm_2") if precision == UCDP_DISTRICT_PRECISION else None)
        reason = ("its dates span more than a day" if (end - start).days > UCDP_SPAN_DAYS
                  else "its adm_1 names no governorate" if not admin1
                  else "placed no finer than a governorate" if not (place or "").strip() else None)
        if reason:
            left_out[reason] = left_out.get(reason, 0) + 1
            continue
        civilians = _count(row["deaths_civilians"], where, "deaths_civilians")
        fighters = _count(row["deaths_a"], where, "deaths_a") + _count(row["deaths_b"], where, "deaths_b")
        unknown = _count(row["deaths_unknown"], where, "deaths_unknown")
        total = _count(row["best"], where, "best") or civilians + fighters + unknown
        records.append(ReferenceRecord(date=start, admin1=admin1, place=place.strip(), civilians=civilians,
                                       fighters=fighters, total=total,
                                       source=f"UCDP GED {(row.get('id') or '').strip()}".strip()))
    return ReferenceFile(path=path, layout="ucdp", records=records, left_out=left_out)


def reference_total(records: list[ReferenceRecord], *, when: date | None, admin1: str | None,
                    place: str | None = None, place_id: str | None = None) -> int | None:
    """The record's deaths for an incident dated ``when`` in ``admin1``, at the place named ``place`` or the
    gazetteer's ``place_id`` (either may be None), or None when the record has no row for it: its rows in
    the governorate within a day, those that name a place only when it is the incident's (see
    :func:`same_place`)."""
    if when is None or not admin1:
        return None
    rows = [r for r in records if r.admin1 == admin1 and abs((r.date - when).days) <= 1
            and (not r.place or same_place(r.place, place, place_id))]
    return sum(r.total for r in rows) if rows else None


def same_place(named: str, place: str | None, place_id: str | None) -> bool:
    """Whether a reference row's place ``named`` is the incident's: True when the incident has no place finer
    than its governorate; else when the names share a spelling key (any spelling, either script), or the
    gazetteer's places of that name are the incident's place, one it lies in (finer than a governorate), or
    one inside it."""
    kb = knowledge()
    here = kb.places.get(place_id or "")
    if here is not None and here.location.precision in BROAD:
        here = None
    if here is None and not place:
        return True
    wanted = set(keys(named))
    if wanted & set(keys(place or "")) or here is not None and wanted & set(keys(here.location.name)):
        return True
    if here is None:
        return False
    around = {place_id} | {a for a in kb.ancestors(place_id) if kb.places[a].location.precision not in BROAD}
    return any(pid in around or place_id in kb.ancestors(pid) for key in wanted for pid in kb.by_key.get(key, ()))


def consistent(figure: int, reference: int) -> bool:
    if abs(figure - reference) <= 2:
        return True
    return min(figure, reference) > 0 and max(figure, reference) <= REFERENCE_FACTOR * min(figure, reference)


@dataclass(kw_only=True)
class ArticleEvidence:
    """What is known of one article for judging it."""

    doc_id: str
    outlet: str | None
    copy_of: str | None = None
    sole_report: bool = False
    corroborated: bool = False
    figure: int | None = None  # its highest death figure for its main incident
    best: int | None = None  # the incident's best estimate
    named_claims: int = 0
    claims: int = 0
    reference: int | None = None  # the reference record's deaths for its incident
    reasons: list[str] = field(default_factory=list)


def credibility(a: ArticleEvidence) -> tuple[float, list[str]]:
    """The article's score from 0 to 1 and the reasons behind it (rules in the module docstring)."""
    score, reasons = 0.5, ["starts at 0.5"]
    if a.corroborated:
        score += 0.2
        reasons.append("+0.2 another independent outlet reports the same incident")
    elif a.sole_report:
        score -= 0.1
        reasons.append("-0.1 the only report of its incident")
    if a.figure and a.best:
        ratio = max(a.figure, a.best) / max(1, min(a.figure, a.best))
        if ratio <= AGREE_FACTOR:
            score += 0.15
            reasons.append(f"+0.15 its death toll {a.figure} agrees with the best estimate {a.best}")
        elif ratio > DIVERGE_FACTOR:
            score -= 0.2
            reasons.append(f"-0.2 its death toll {a.figure} is {times(ratio)} times off the best estimate {a.best}")
    if a.claims:
        share = a.named_claims / a.claims
        score += round(0.1 * share, 3)
        reasons.append(f"+{0.1 * share:.2f} {a.named_claims} of its {a.claims} figures name their source")
    if a.reference is not None and a.figure is not None:
        if consistent(a.figure, a.reference):
            score += 0.15
            reasons.append(f"+0.15 its toll {a.figure} matches the reference record's {a.reference}")
        else:
            score -= 0.2
            reasons.append(f"-0.2 its toll {a.figure} disagrees with the reference record's {a.reference}")
    if a.copy_of:
        score -= 0.05
        reasons.append(f"-0.05 a copy of document {a.copy_of}")
    return round(min(1.0, max(0.0, score)), 3), reasons


def log_ratio(figure: int, best: int) -> float:
    return math.log2(max(figure, 1) / max(best, 1))


def side_of(victims: str) -> str:
    return "government" if victims in GOVERNMENT_VICTIMS else "others"
