"""The JSON edge: a processed document as the output contract's object (``marsad extract``)."""
from __future__ import annotations

from ..extraction.claimants import claimant_type
from ..model import Claim, Document, Event


def claim_record(claim: Claim) -> dict:
    """One claim: the contract's fields, then the claimant's type (``extraction/data/claimants.json``), the
    channel it spoke through (``via``), what the figure counts (``scope``: incident or cumulative, with its
    ``period``), the start of its total's claim when it is a part of a breakdown (``part_of``), whether it
    is told as more than the figures before it (``added``) and its evidence offsets."""
    return {"kind": claim.kind, "low": claim.low, "high": claim.high, "qualifier": claim.qualifier,
            "victims": claim.victims, "claimant": claim.claimant, "evidence": claim.evidence,
            "claimant_type": claimant_type(claim.claimant), "via": claim.via, "scope": claim.scope,
            "period": claim.period, "part_of": claim.part_of, "added": claim.added,
            "start": claim.start, "end": claim.end}


def event_record(event: Event) -> dict:
    """One event in the output contract's shape, with evidence offsets as extras."""
    loc = event.location
    return {
        "event_id": event.id, "incident_id": event.incident_id, "salience": event.salience,
        "date": event.date.isoformat() if event.date else None, "date_precision": event.date_precision,
        "event_type": event.event_type, "sub_event_type": event.sub_event_type,
        "actor1": event.actor1, "actor2": event.actor2,
        "location": None if loc is None else {"name": loc.name, "admin1": loc.admin1, "admin2": loc.admin2,
                                              "country": loc.country, "lat": loc.lat, "lon": loc.lon,
                                              "precision": loc.precision, "id": loc.id,
                                              "confidence": event.location_confidence},
        "fatalities": event.fatalities,
        "claims": [claim_record(c) for c in event.claims],
        "evidence": event.evidence, "start": event.start, "end": event.end,
    }


def document_record(doc: Document, *, events: list[dict] | None = None, credibility: float | None = None,
                    incident_of: dict[str, str] | None = None, reasons: list[str] | None = None,
                    copy_of: str | None = None) -> dict:
    """One line of ``marsad extract`` output, with the contract's fields first and extras after."""
    meta = doc.meta
    record = {
        "doc": doc.key,
        "language": doc.language,
        "title": meta.title,
        "publisher": meta.publisher,
        "published": meta.published.isoformat() if meta.published else None,
        "events": events if events is not None else [event_record(e) for e in doc.events],
        "id": doc.id,
        "author": meta.author,
        "url": meta.url,
        "sources": {"title": meta.title_source, "publisher": meta.publisher_source,
                    "published": meta.published_source},
        "paragraphs": [{"start": p.start, "end": p.end, "role": p.role, "language": p.language}
                       for p in doc.paragraphs],
    }
    if incident_of is not None:
        for event in record["events"]:
            event["incident_id"] = incident_of.get(event["event_id"])
    if credibility is not None:
        record["credibility"] = credibility
        record["credibility_reasons"] = reasons or []
        record["copy_of"] = copy_of
    if doc.warnings:
        record["warnings"] = list(doc.warnings)
    return record
