"""Reconciled figures of an incident: every claim kept, low/best/high, disagreements, and a timeline.

For each incident and each kind (killed, injured, ...) the claims of all its reports are gathered
with their claimant and outlet; a wire copy's claims are left out (its original carries them). A
*source* is a claimant: SOHR quoted by three outlets is one source. Each source's figure is its
latest report's total (groups of victims summed as in :func:`marsad.model.fatalities`: children
and women within civilians, every group within "people").

- ``low`` and ``high``: the smallest and the largest source figure (UCDP's low and high estimates);
- ``best``: the median of the figures of independent sources, or of all sources when no independent one
  gave a figure; UCDP's best estimate is the most reliable figure, and the median of independent
  sources is our stand-in for it;
- ``acled``: the lowest figure, ACLED's conservative practice;
- ``flags``: "sources disagree" when high is more than ``DISAGREE_FACTOR`` times low, and "state media
  and monitors disagree" when an official figure (state media, a government) and a monitor's differ by
  more than that factor (either way);
- ``timeline``: every figure that counts toward a toll, in publication order, with the running highest.

Which claimants are independent (monitors, medics, rescuers, the outlets' own correspondents, residents,
activists), official or monitors is said by the claimant list (``extraction/data/claimants.json``, read
through :mod:`marsad.extraction.claimants`), by each claimant's type. Every claim is kept with its type,
scope and channel; only the incident's own figures count (a cumulative total, "since 2011", never does, and
a part of a breakdown never competes with its total: see :func:`marsad.model.fatalities`). Vague amounts
("dozens") stay in the claims but give no figure.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from statistics import median_low

from ..extraction.claimants import claimant_type, in_group
from ..model import Claim, counts_toward_toll, fatalities

DISAGREE_FACTOR = 2.0


@dataclass(frozen=True, kw_only=True, slots=True)
class ReportedClaim:
    claim: Claim
    doc_id: str
    outlet: str | None
    published: date | None


@dataclass(kw_only=True)
class Reconciled:
    kind: str
    low: int | None = None
    best: int | None = None
    high: int | None = None
    acled: int | None = None
    sources: dict[str, int] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    timeline: list[dict] = field(default_factory=list)
    claims: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"kind": self.kind, "low": self.low, "best": self.best, "high": self.high, "acled": self.acled,
                "sources": self.sources, "flags": self.flags, "timeline": self.timeline, "claims": self.claims}


def is_party(claimant: str) -> bool:
    """A government, state media, an armed actor or a side's political body: a side in the fighting."""
    return in_group(claimant, "parties")


def is_independent(claimant: str) -> bool:
    """Monitors, medics, rescuers, residents, activists and the outlets' own correspondents."""
    return in_group(claimant, "independent")


def claim_entry(c: ReportedClaim) -> dict:
    """One reported claim as the incident keeps it: who, where, when, the figure and its evidence."""
    claim = c.claim
    return {"claimant": claim.claimant, "claimant_type": claimant_type(claim.claimant), "via": claim.via,
            "outlet": c.outlet, "doc_id": c.doc_id, "published": c.published.isoformat() if c.published else None,
            "low": claim.low, "high": claim.high, "qualifier": claim.qualifier, "victims": claim.victims,
            "scope": claim.scope, "period": claim.period, "part_of": claim.part_of, "added": claim.added,
            "evidence": claim.evidence, "start": claim.start}


def reconcile(claims: list[ReportedClaim], copies: dict[str, str] | None = None) -> dict[str, Reconciled]:
    """Per kind of casualty, the reconciled figures of one incident's claims."""
    copies = copies or {}
    kept = [c for c in claims if c.doc_id not in copies]

    def order(c: ReportedClaim) -> tuple:
        return c.published or date.max, c.doc_id, c.claim.start

    result: dict[str, Reconciled] = {}
    for kind in sorted({c.claim.kind for c in kept}):
        mine = sorted((c for c in kept if c.claim.kind == kind), key=order)
        rec = Reconciled(kind=kind)
        rec.claims = [claim_entry(c) for c in mine]
        by_source: dict[str, int] = {}
        for claimant in sorted({c.claim.claimant for c in mine}):
            its = [c for c in mine if c.claim.claimant == claimant]
            last_doc = its[-1].doc_id  # the source's latest report replaces its earlier ones
            total = fatalities([replace(c.claim, kind="killed") for c in its if c.doc_id == last_doc])["high"]
            if total:
                by_source[claimant] = total
        rec.sources = by_source
        highest = 0
        for c in mine:
            if not counts_toward_toll(c.claim):  # a cumulative total or a part of a breakdown is no toll
                continue
            point = c.claim.low if c.claim.low is not None else c.claim.high
            highest = max(highest, point or 0)
            rec.timeline.append({"published": c.published.isoformat() if c.published else None,
                                 "outlet": c.outlet, "claimant": c.claim.claimant, "figure": point,
                                 "highest_so_far": highest})
        _estimates(rec)
        result[kind] = rec
    return result


def _estimates(rec: Reconciled) -> None:
    figures = sorted(rec.sources.values())
    if not figures:
        return
    independent = sorted(v for k, v in rec.sources.items() if is_independent(k))
    rec.low, rec.high = figures[0], figures[-1]
    rec.best = median_low(independent or figures)
    rec.acled = rec.low
    if rec.low and rec.high > DISAGREE_FACTOR * rec.low:
        rec.flags.append(f"sources disagree: highest {rec.high} is {rec.high / rec.low:.1f} times lowest {rec.low}")
    government = [v for k, v in rec.sources.items() if in_group(k, "official")]
    monitors = [v for k, v in rec.sources.items() if in_group(k, "monitors")]
    if government and monitors:
        g, m = max(government), max(monitors)
        if min(g, m) and max(g, m) > DISAGREE_FACTOR * min(g, m):
            rec.flags.append(f"state media and monitors disagree: {g} against {m}")
