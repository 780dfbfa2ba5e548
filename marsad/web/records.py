"""Incidents as records: one row per incident, ACLED's unit (one event, one day, one location), in ACLED's
columns and UCDP GED's ``low``, ``best``, ``high``, ``date_prec``, ``where_prec`` and ``number_of_sources``.

An incident's row is made from its events as analysts left them (rejected events out; background mentions
out unless asked for: an incident told only as background is then no row), through the per-event
:func:`.columns.acled_row`, with what the incident knows better:

- the **main event** gives the type, the place and the notes: not a background mention, the most precise
  place, a report's main event before a secondary one, the earliest report, then the event id;
- the **date** is the earliest of the events' dates of the finest precision told (a day before a week
  before a month), and ``time_precision`` and ``date_prec`` are that date's;
- ``actor1`` and ``actor2`` are the main event's (else the actor most reports name in that role); the actors
  other reports name in either role are ``assoc_actor_1`` and ``assoc_actor_2``;
- ``source`` is every outlet of the incident's reports, and ``source_scale`` their scales;
- ``notes`` is the main event's evidence, cut to a short summary (:func:`.columns.short_note`);
- ``fatalities`` is ACLED's conservative figure: the incident's stored low (the reconciled low of
  :mod:`marsad.linking.reconcile`, or an analyst's figure), 0 when no report gives a death toll; ``low``,
  ``best`` and ``high`` are the incident's stored figures (empty when no report gives one);
- ``number_of_sources`` counts the incident's reports that are not wire copies of another of its reports;
- ``tags`` are the reconciliation's flags ("sources disagree ...");
- ``timestamp`` is the incident's last change as Unix time: the latest of its reports' storing and of the
  analysts' corrections of it or its events.

``admin3`` stays empty: the gazetteer has no third administrative level.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime

from ..extraction.knowledge import PRECISION_RANK
from ..storage import Store
from .codes import codebook
from .columns import INCIDENT_COLUMNS, acled_row, feature, kept_events
from .lists import incident_flags

SALIENCE_RANK = {"main": 0, "secondary": 1, "background": 2}
DATE_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


def incident_records(store: Store, *, background: bool = False, wanted: set[str] | None = None,
                     events: list[dict] | None = None) -> list[dict]:
    """Every stored incident that has an event to export (see the module docstring), by date then id; only
    those in ``wanted`` when given; ``events``: the reviewed events when the caller has read them. Each row
    holds the CSV columns and, for JSON, ``reports``, ``outlets``, ``events``, ``documents`` and the
    ``reconciled`` figures."""
    events = store.reviewed_events() if events is None else events
    by_incident: dict[str, list[dict]] = defaultdict(list)
    for event in kept_events(events, background=background):
        if event["incident_id"]:
            by_incident[event["incident_id"]].append(event)
    facts = store.report_facts()
    corrected = _corrected_at(store.corrections(), events)
    rows = []
    for incident in store.incidents():
        told = by_incident.get(incident["id"])
        if told and (wanted is None or incident["id"] in wanted):
            rows.append(incident_record(incident, told, facts, corrected.get(incident["id"])))
    return rows


def _corrected_at(corrections: list[dict], events: list[dict]) -> dict[str, str]:
    """Per incident id, when an analyst last corrected it or one of its events."""
    incident_of = {e["id"]: e["incident_id"] for e in events}
    latest: dict[str, str] = {}
    for c in corrections:
        touched = [incident_of.get(c["target_id"])] if c["target"] == "event" else [
            c["target_id"], (c.get("changes") or {}).get("into")]
        for incident_id in filter(None, touched):
            latest[incident_id] = max(latest.get(incident_id, ""), c["at"] or "")
    return latest


def _main(events: list[dict]) -> dict:
    return min(events, key=lambda e: (e["salience"] == "background", -PRECISION_RANK.get(e["geo_precision"] or "", -1),
                                      SALIENCE_RANK.get(e["salience"], 3), e["published"] or "9999", e["id"]))


def _date(events: list[dict]) -> tuple[str | None, str | None]:
    dated = [e for e in events if e["date"]]
    if not dated:
        return None, None
    first = min(dated, key=lambda e: (DATE_RANK.get(e["date_precision"] or "", 4), e["date"]))
    return first["date"], first["date_precision"]


def _actors(main: dict, events: list[dict], role: str) -> tuple[str | None, list[str]]:
    """The actor in ``role`` ("actor1" or "actor2"): the main event's, else the one most events name; and
    the others named in that role."""
    named = Counter(e[role] for e in events if e[role])
    chosen = main[role] or (min(named, key=lambda a: (-named[a], a)) if named else None)
    return chosen, sorted(a for a in named if a != chosen)


def _unix(stamp: str | None) -> int | None:
    return int(datetime.fromisoformat(stamp).timestamp()) if stamp else None


def incident_record(incident: dict, events: list[dict], facts: dict[str, dict], corrected: str | None) -> dict:
    """One incident's row (see the module docstring); ``facts``: per report, its outlet, when it was stored
    and what it copies (:meth:`Store.report_facts`); ``corrected``: when an analyst last changed it."""
    codes = codebook()
    main = _main(events)
    day, precision = _date(events)
    actor1, assoc1 = _actors(main, events, "actor1")
    actor2, assoc2 = _actors(main, events, "actor2")
    others = {actor1, actor2}
    docs = sorted({e["doc_id"] for e in events})
    outlets = sorted({facts[d]["publisher"] for d in docs if d in facts and facts[d]["publisher"]})
    stored = [facts[d]["ingested_at"] for d in docs if d in facts and facts[d]["ingested_at"]]
    changed = max([*stored, corrected or ""], key=lambda s: _unix(s) or 0) or None
    low, best, high = incident["fatalities_low"], incident["fatalities_best"], incident["fatalities_high"]
    row = acled_row({**main, "id": incident["id"], "date": day, "date_precision": precision,
                     "actor1": actor1, "actor2": actor2},
                    assoc_actor_1="; ".join(a for a in assoc1 if a not in others),
                    assoc_actor_2="; ".join(a for a in assoc2 if a not in others),
                    source="; ".join(outlets), source_scale=codes.source_scale(outlets),
                    fatalities=low if low is not None else 0, tags="; ".join(incident_flags(incident)),
                    timestamp=_unix(changed))
    return row | {
        "low": low, "best": best, "high": high, "date_prec": codes.date_prec.get(precision or "", ""),
        "where_prec": codes.where_prec.get(main["geo_precision"] or "", ""),
        "number_of_sources": sum(1 for d in docs if (facts.get(d) or {}).get("copy_of") not in docs),
        "reports": len(docs), "outlets": len(outlets), "events": sorted(e["id"] for e in events), "documents": docs,
        "reconciled": incident["summary"].get("reconciled", {})}


def incident_feature(record: dict) -> dict | None:
    """An incident's record as a GeoJSON point (its CSV columns and its number of reports), None without a place."""
    if record["latitude"] is None:
        return None
    return feature({c: record[c] for c in INCIDENT_COLUMNS} | {"reports": record["reports"]}, record["latitude"],
                   record["longitude"])
