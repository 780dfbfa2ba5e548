"""Claims read back from the ``claims`` table: as :class:`~marsad.model.Claim` records (for linking) or as
JSON-ready dicts with the claimant's type (for the API, the exports and the dashboard).

A claim's row id is ``<event id>-c<n>``, ``n`` counting the event's claims from 1 in the order the event
holds them; rows are put back in that order (not the ids' text order, where c10 comes before c2).
"""
from __future__ import annotations

from typing import Iterable

from ..extraction.claimants import claimant_type
from ..model import Claim


def claim_number(row_id: str) -> int:
    """The place of a claim in its event, from its row id (``e1-c12`` is 12)."""
    _, _, n = row_id.rpartition("-c")
    return int(n) if n.isdigit() else 0


def in_order(rows: Iterable[dict]) -> list[dict]:
    """Claim rows by event, each event's claims in the order it holds them."""
    return sorted(rows, key=lambda r: (r["event_id"], claim_number(r["id"])))


def claim_of(row: dict) -> Claim:
    """The claim a row holds, as it was extracted. A row stored before its scope, part, added figure and
    channel were kept (schema migration 7) reads as an incident figure of its own, told by its claimant."""
    return Claim(kind=row["kind"], low=row["low"], high=row["high"], qualifier=row["qualifier"],
                 victims=row["victims"], claimant=row["claimant"], start=row["evidence_start"],
                 end=row["evidence_end"], evidence=row["evidence"], scope=row.get("scope") or "incident",
                 period=row.get("period") or "", part_of=row.get("part_of"), added=bool(row.get("added")),
                 via=row.get("via") or "")


def claim_json(row: dict) -> dict:
    """A stored claim for the API and the exports: its row, ``added`` as true or false, and the claimant's
    type from the claimant list (``claimant_type``, read now, so that it follows the list)."""
    claim = claim_of(row)
    return {**row, "claimant_type": claimant_type(claim.claimant), "scope": claim.scope, "period": claim.period,
            "added": claim.added, "via": claim.via}
