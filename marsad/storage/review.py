"""Analysts' review and the queries that show its result. Mixed into :class:`marsad.storage.Store`.

A correction never overwrites the machine's record: it is a row of the ``corrections`` audit table
(who, when, why, what) and every read applies the corrections on top of the machine's events, in the
order they were made. Actions:

- ``confirm`` an event (a rejected one is confirmed again); ``reject`` it (it then leaves the API's lists
  and the exports, unless asked for); ``correct`` it: new values for ``event_type``, ``sub_event_type``,
  ``actor1``, ``actor2``, ``place`` (a gazetteer place, by id or name), ``date``, ``date_precision``
  (day, week or month), ``fatalities_low``/``best``/``high`` (which must run low ≤ best ≤ high with the
  event's other figures). A rejected event that is corrected stays rejected.
- ``merge`` an incident into another (its events then belong to the other); ``split`` an event out
  of its incident into an incident of its own.

A stored correction that no longer validates (an actor or place since renamed in the data files,
say) is not applied, and reads go on: each correction row carries a ``problem`` (None, or why it is
not applied), shown in the event's review history, and :meth:`ReviewStore.stale_corrections` lists them.
"""
from __future__ import annotations

import hashlib
import json
from datetime import date, datetime, timezone

from sqlalchemy import insert, select

from ..extraction.knowledge import knowledge
from ..reading.textnorm import normalize
from . import schema
from .claims import claim_json, in_order

EVENT_FIELDS = ("event_type", "sub_event_type", "actor1", "actor2", "place", "date", "date_precision",
                "fatalities_low", "fatalities_best", "fatalities_high")
DATE_PRECISIONS = ("day", "week", "month")
FIGURES = ("fatalities_low", "fatalities_best", "fatalities_high")
EVENT_ACTIONS = ("confirm", "correct", "reject", "split")
INCIDENT_ACTIONS = ("merge",)


class ReviewError(ValueError):
    """A correction that cannot be applied; the message says which field and why."""


def _place(value: str) -> dict:
    kb = knowledge()
    if value in kb.places:
        loc = kb.places[value].location
    else:
        wanted = normalize(value)
        found = [p.location for p in kb.places.values() if normalize(p.location.name) == wanted]
        if not found:
            raise ReviewError(f"place {value!r} is not in the gazetteer (give its id or English name)")
        loc = found[0]
    return {"place_id": loc.id, "location_name": loc.name, "admin1": loc.admin1, "admin2": loc.admin2,
            "country": loc.country, "lat": loc.lat, "lon": loc.lon, "geo_precision": loc.precision}


def validate_changes(changes: dict) -> dict:
    """The changes as event columns, or ReviewError naming the bad field."""
    kb, out = knowledge(), {}
    unknown = set(changes) - set(EVENT_FIELDS)
    if unknown:
        raise ReviewError(f"cannot correct {', '.join(sorted(unknown))}: "
                          f"correctable fields are {', '.join(EVENT_FIELDS)}")
    for field, value in changes.items():
        if not isinstance(value, (str, int, float, type(None))) or isinstance(value, bool):
            raise ReviewError(f"{field} must be a text, a number or null, not {type(value).__name__}")
        if value is None or value == "":
            if field in ("actor1", "actor2", "date"):
                out[field] = None
                continue
            raise ReviewError(f"{field} cannot be empty")
        if field == "event_type" and value not in kb.taxonomy:
            raise ReviewError(f"event_type {value!r} is not one of ACLED's: {', '.join(kb.taxonomy)}")
        if field in ("actor1", "actor2") and value not in kb.actors:
            raise ReviewError(f"{field} {value!r} is not a known actor")
        if field == "date_precision" and value not in DATE_PRECISIONS:
            raise ReviewError(f"date_precision {value!r} is not one of {', '.join(DATE_PRECISIONS)}")
        if field == "date":
            try:
                value = date.fromisoformat(str(value)).isoformat()
            except ValueError:
                raise ReviewError(f"date {value!r} is not YYYY-MM-DD") from None
        if field.startswith("fatalities_"):
            try:
                value = int(value)
            except (TypeError, ValueError, OverflowError):
                raise ReviewError(f"{field} {value!r} is not a whole number") from None
            if value < 0:
                raise ReviewError(f"{field} cannot be negative")
        if field == "place":
            out.update(_place(str(value)))
            continue
        out[field] = value
    event_type = changes.get("event_type")
    sub = changes.get("sub_event_type")
    if sub and event_type and sub not in kb.taxonomy[event_type]:
        raise ReviewError(f"sub_event_type {sub!r} is not a sub-event type of {event_type!r}")
    return out


def _read_changes(row: dict) -> tuple[dict, str | None]:
    """A stored correction's changes, and why it cannot be applied (None when it can)."""
    try:
        changes = json.loads(row["changes"]) if row["changes"] else {}
    except ValueError:
        return {}, "its changes are not valid JSON"
    if not isinstance(changes, dict):
        return {}, "its changes are not an object"
    try:
        if row["action"] == "correct":
            validate_changes(changes)
        elif row["action"] == "merge" and not isinstance(changes.get("into"), str):
            raise ReviewError("a merge needs 'into': the id of another incident")
        elif row["action"] == "split" and not isinstance(changes.get("incident_id"), str):
            raise ReviewError("a split needs the id of its new incident")
    except ReviewError as exc:
        return changes, f"no longer valid, not applied: {exc}"
    return changes, None


def _figures_in_order(event: dict, changes: dict) -> None:
    """Refuse a correction after which the event's killed figures would not run low ≤ best ≤ high."""
    merged = {k: int(changes[k]) if changes.get(k) not in (None, "") else event.get(k) for k in FIGURES}
    known = [(k, merged[k]) for k in FIGURES if merged[k] is not None]
    if any(a[1] > b[1] for a, b in zip(known, known[1:], strict=False)):
        shown = ", ".join(f"{k.removeprefix('fatalities_')} {v}" for k, v in known)
        raise ReviewError(f"killed {shown}: the figures must run low ≤ best ≤ high")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")  # orders corrections made in one second


class ReviewStore:
    """Methods of :class:`~marsad.storage.Store` for review and reviewed reads."""

    engine = None  # set by Store

    def check_writable(self) -> None:  # Store's: raises DatabaseReadOnly on a database opened read-only
        pass

    def apply_review(self, correction: dict) -> None:  # LinkingStore's: a review rebuilds the incidents it touches
        pass

    def review(self, target: str, target_id: str, action: str, *, who: str, why: str = "",
               changes: dict | None = None) -> dict:
        """Record an analyst's action; returns the correction row. Raises ReviewError on bad input."""
        self.check_writable()
        if not who or not who.strip():
            raise ReviewError("who made the correction must be given")
        changes = dict(changes or {})
        if target == "event":
            if action not in EVENT_ACTIONS:
                raise ReviewError(f"action {action!r} is not one of {', '.join(EVENT_ACTIONS)} for an event")
            row = self._machine_event(target_id)
            if row is None:
                raise ReviewError(f"no event {target_id!r}")
            if action == "correct":
                if not changes:
                    raise ReviewError("a correction needs at least one changed field")
                sub = changes.get("sub_event_type")
                if sub and "event_type" not in changes:
                    changes_for_check = {**changes, "event_type": self.event(target_id)["event_type"]}
                    validate_changes(changes_for_check)
                validate_changes(changes)
                _figures_in_order(self.event(target_id), changes)
            elif action == "split":
                changes = {"incident_id": "inc-split-" + hashlib.sha1(f"{target_id}{_now()}".encode()).hexdigest()[:10]}
            else:
                changes = {}
        elif target == "incident":
            if action not in INCIDENT_ACTIONS:
                raise ReviewError(f"action {action!r} is not one of {', '.join(INCIDENT_ACTIONS)} for an incident")
            into = changes.get("into")
            if not into or into == target_id:
                raise ReviewError("a merge needs 'into': the id of another incident")
            for incident in (target_id, into):
                if self.incident(incident) is None:
                    raise ReviewError(f"no incident {incident!r}")
            changes = {"into": into}
        else:
            raise ReviewError(f"cannot review a {target!r}: only events and incidents")
        record = {"target": target, "target_id": target_id, "action": action,
                  "changes": json.dumps(changes, ensure_ascii=False), "who": who.strip()[:200],
                  "why": (why or "").strip()[:2000], "at": _now()}
        record["id"] = hashlib.sha1(json.dumps(record, sort_keys=True).encode()).hexdigest()[:16]
        with self.engine.begin() as conn:
            conn.execute(insert(schema.corrections).values(**record))
        if action in ("merge", "split", "correct"):  # the incidents show it at once (linking keeps it)
            self.apply_review({**record, "changes": changes})
        return {**record, "changes": changes}

    def corrections(self, target: str | None = None, target_id: str | None = None) -> list[dict]:
        c = schema.corrections
        query = select(c).order_by(c.c.at, c.c.id)
        if target:
            query = query.where(c.c.target == target)
        if target_id:
            query = query.where(c.c.target_id == target_id)
        with self.engine.connect() as conn:
            rows = [dict(r) for r in conn.execute(query).mappings()]
        for r in rows:
            r["changes"], r["problem"] = _read_changes(r)
        return rows

    def stale_corrections(self) -> list[dict]:
        """The stored corrections that are not applied because they no longer validate, with the reason."""
        return [c for c in self.corrections() if c["problem"]]

    def _machine_event(self, event_id: str) -> dict | None:
        e = schema.events
        with self.engine.connect() as conn:
            row = conn.execute(select(e).where(e.c.id == event_id)).mappings().first()
        return dict(row) if row else None

    def reviewed_events(self) -> list[dict]:
        """Every event as reviewed: machine values with corrections applied, a ``status``, and the
        document's key, language, outlet and published date."""
        e, d = schema.events, schema.documents
        query = (select(e, d.c.key.label("doc_key"), d.c.language, d.c.publisher, d.c.published,
                        d.c.title.label("doc_title"))
                 .join(d, d.c.id == e.c.doc_id).order_by(e.c.date.is_(None), e.c.date, e.c.id))
        with self.engine.connect() as conn:
            events = [dict(r) for r in conn.execute(query).mappings()]
        by_event: dict[str, list[dict]] = {}
        merged_into: dict[str, str] = {}
        for c in self.corrections():
            if c["problem"]:
                continue  # listed by stale_corrections() and in the event's history, never applied
            if c["target"] == "event":
                by_event.setdefault(c["target_id"], []).append(c)
            elif c["action"] == "merge":
                merged_into[c["target_id"]] = c["changes"]["into"]
        for ev in events:
            ev["status"] = "machine"
            ev["machine"] = {k: ev[k] for k in ("event_type", "sub_event_type", "actor1", "actor2", "location_name",
                                                "date", "fatalities_best", "incident_id")}
            for c in by_event.get(ev["id"], []):
                if c["action"] == "correct":  # a rejected event corrected stays rejected until confirmed
                    ev.update(validate_changes(c["changes"]))
                    ev["status"] = "rejected" if ev["status"] == "rejected" else "corrected"
                elif c["action"] == "confirm" and ev["status"] in ("machine", "rejected"):
                    ev["status"] = "confirmed"
                elif c["action"] == "reject":
                    ev["status"] = "rejected"
                elif c["action"] == "split":
                    ev["incident_id"] = c["changes"]["incident_id"]
            seen = set()
            while ev["incident_id"] in merged_into and ev["incident_id"] not in seen:
                seen.add(ev["incident_id"])
                ev["incident_id"] = merged_into[ev["incident_id"]]
        return events

    def all_claims(self) -> list[dict]:
        """Every stored claim with its claimant's type (see :func:`.claims.claim_json`), by event, each
        event's in its order."""
        c = schema.claims
        with self.engine.connect() as conn:
            return [claim_json(r) for r in in_order(dict(r) for r in conn.execute(select(c)).mappings())]

    def claims_of(self, event_id: str) -> list[dict]:
        """The claims of one event, in its order, with their claimant's type."""
        c = schema.claims
        with self.engine.connect() as conn:
            rows = conn.execute(select(c).where(c.c.event_id == event_id)).mappings()
            return [claim_json(r) for r in in_order(dict(r) for r in rows)]

    def event(self, event_id: str) -> dict | None:
        return next((e for e in self.reviewed_events() if e["id"] == event_id), None)
