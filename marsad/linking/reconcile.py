"""Reconciled figures of an incident: every claim kept, low/best/high, disagreements, and a timeline.

For each incident and each kind (killed, injured, ...) the claims of all its reports are gathered
with their claimant and outlet; a wire copy's claims are left out (its original carries them). A
*source* is a claimant: SOHR quoted by three outlets is one source, and its latest report's figures
replace its earlier ones. Every claim is put in a victim group (:mod:`marsad.linking.victims`):
civilians, everyone, or the fighters of one party, so a side's own losses never meet its claim of the
enemy's dead. Per source and group the largest figure counts (children and women within civilians); a
source's total is the sum of its groups (civilians plus soldiers), or its toll of everyone if larger.

- ``groups``: per victim group, each source's figure, and their low, best and high;
- ``sources``: each source's total;
- ``low`` and ``high`` (UCDP's low and high estimates): the smallest and largest of the totals of the
  sources that count every group, and, when some source counts only some groups, the sums of the groups'
  lows and highs;
- ``best``: the median of the totals of independent sources that count every group; else the sum of
  the groups' best figures (each the median of the group's independent sources, or of all its sources);
  UCDP's best estimate is the most reliable figure, and the median of independent sources is our
  stand-in for it;
- ``acled``: the low figure, ACLED's conservative practice;
- ``flags``: "sources disagree" only between figures that count the same victims: within a group (not
  fighters of no known side), or
  between the totals of sources that count every group, when the highest is more than
  ``DISAGREE_FACTOR`` times the lowest; "state media and monitors disagree" when an official total (state
  media, a government) and a monitor's differ by more than that factor (either way);
- ``timeline``: every figure that counts toward a toll, in publication order, with the running highest.

Which claimants are independent (monitors, medics, rescuers, the outlets' own correspondents, residents,
activists), official or monitors is said by the claimant list (``extraction/data/claimants.json``, read
through :mod:`marsad.extraction.claimants`), by each claimant's type. Every claim is kept with its type,
scope and channel; only the incident's own figures count (a cumulative total, "since 2011", never does, and
a part of a breakdown never competes with its total: see :func:`marsad.model.fatalities`). Vague amounts
("dozens") stay in the claims but give no figure.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from statistics import median_low

from ..extraction.claimants import claimant_type, in_group
from ..model import Claim, counts_toward_toll
from .victims import ENEMY, enemy_of, label, victim_group

DISAGREE_FACTOR = 2.0


def times(ratio: float) -> str:
    """A ratio as flags and reasons print it: one decimal, none when it is a whole number ("19", "5.5")."""
    shown = f"{ratio:.1f}"
    return shown.removesuffix(".0")


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
    groups: dict[str, dict] = field(default_factory=dict)  # victim group -> its sources' figures, low, best, high

    def as_dict(self) -> dict:
        return {"kind": self.kind, "low": self.low, "best": self.best, "high": self.high, "acled": self.acled,
                "sources": self.sources, "groups": self.groups, "flags": self.flags, "timeline": self.timeline,
                "claims": self.claims}


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


def reconcile(claims: list[ReportedClaim], copies: dict[str, str] | None = None,
              parties: tuple[str, ...] = ()) -> dict[str, Reconciled]:
    """Per kind of casualty, the reconciled figures of one incident's claims; ``parties``: the incident's
    (see :func:`marsad.linking.victims.victim_group`)."""
    copies = copies or {}
    kept = [c for c in claims if c.doc_id not in copies]

    def order(c: ReportedClaim) -> tuple:
        return c.published or date.max, c.doc_id, c.claim.start

    result: dict[str, Reconciled] = {}
    for kind in sorted({c.claim.kind for c in kept}):
        mine = sorted((c for c in kept if c.claim.kind == kind), key=order)
        rec = Reconciled(kind=kind)
        rec.claims = [claim_entry(c) for c in mine]
        groups = _groups_of(mine, parties)
        for entry, c in zip(rec.claims, mine, strict=True):
            entry["victim_group"] = groups[id(c.claim)]
        tallies = {}
        for claimant in sorted({c.claim.claimant for c in mine}):
            its = [c for c in mine if c.claim.claimant == claimant]
            last_doc = its[-1].doc_id  # the source's latest report replaces its earlier ones
            tally = _tally([c.claim for c in its if c.doc_id == last_doc], groups)
            if tally.total:
                tallies[claimant] = tally
        rec.sources = {k: t.total for k, t in tallies.items()}
        rec.groups = _by_group(tallies)
        highest = 0
        for c in mine:
            if not counts_toward_toll(c.claim):  # a cumulative total or a part of a breakdown is no toll
                continue
            point = c.claim.low if c.claim.low is not None else c.claim.high
            highest = max(highest, point or 0)
            rec.timeline.append({"published": c.published.isoformat() if c.published else None,
                                 "outlet": c.outlet, "claimant": c.claim.claimant, "figure": point,
                                 "highest_so_far": highest})
        _estimates(rec, tallies)
        result[kind] = rec
    return result


@dataclass(kw_only=True)
class _Tally:
    """One source's figures of an incident: per victim group, and its total."""

    groups: dict[str, int] = field(default_factory=dict)
    total: int = 0


def _groups_of(claims: list[ReportedClaim], parties: tuple[str, ...]) -> dict[int, str]:
    """Each claim's victim group; fighters of no known side go with the one side whose fighters are counted,
    when only one is."""
    found = {id(c.claim): victim_group(c.claim, parties) for c in claims}
    named = {g for g in found.values() if g not in ("civilians", "people", "combatants") and not g.startswith(ENEMY)}
    found = {k: enemy_of(g, named) for k, g in found.items()}
    sides = {g for g in found.values() if g not in ("civilians", "people", "combatants")}
    if len(sides) == 1:
        (side,) = sides
        found = {k: side if g == "combatants" else g for k, g in found.items()}
    return found


def _tally(own: list[Claim], groups: dict[int, str]) -> _Tally:
    """One source's figures from its claims in one report, in text order: the largest figure per victim
    group (children and women within civilians, every group within people), a figure told as more added to
    the one told before it; its total the sum of the groups (or its toll of everyone, if larger)."""
    tally = _Tally()
    by_victims: dict[tuple[str, str], int] = {}
    chain, last = 0, 0
    for c in sorted(own, key=lambda c: c.start):
        if c.scope != "incident":
            continue
        point = (c.low if c.low is not None else c.high) or 0
        if c.added:
            chain = (chain or last) + point
            continue
        last = point
        if counts_toward_toll(c):
            key = (groups[id(c)], c.victims)
            by_victims[key] = max(by_victims.get(key, 0), point)
    for (group, _), point in by_victims.items():
        if group == "civilians":
            continue
        tally.groups[group] = max(tally.groups.get(group, 0), point)
    civilians = {v: n for (g, v), n in by_victims.items() if g == "civilians"}
    if civilians:
        tally.groups["civilians"] = max(civilians.get("civilians", 0) + civilians.get("families", 0),
                                        civilians.get("children", 0) + civilians.get("women", 0))
    people = tally.groups.pop("people", 0)
    tally.total = max(people, sum(tally.groups.values()), chain)
    if people >= sum(tally.groups.values()) and people:
        tally.groups = {"people": tally.total}  # a toll of everyone covers the groups it names
    return tally


def _by_group(tallies: dict[str, _Tally]) -> dict[str, dict]:
    """Per victim group, every source's figure and their low, best and high."""
    found: dict[str, dict] = {}
    for claimant, tally in tallies.items():
        for group, n in tally.groups.items():
            if n:
                found.setdefault(group, {"sources": {}})["sources"][claimant] = n
    for entry in found.values():
        figures = sorted(entry["sources"].values())
        independent = sorted(v for k, v in entry["sources"].items() if is_independent(k))
        entry.update(low=figures[0], best=median_low(independent or figures), high=figures[-1])
    return dict(sorted(found.items()))


def _estimates(rec: Reconciled, tallies: dict[str, _Tally]) -> None:
    """Low, best and high of the incident: each group's summed when the groups are apart (civilians plus
    soldiers), beside the totals of the sources that count every group; flags only between figures that
    count the same victims."""
    if not rec.sources:
        return
    counted = set(rec.groups) - {"people"}
    complete = {k: t.total for k, t in tallies.items() if "people" in t.groups or set(t.groups) >= counted}
    lows, bests, highs = list(complete.values()), [], list(complete.values())
    if counted and any(set(t.groups) != counted and "people" not in t.groups for t in tallies.values()):
        lows.append(sum(rec.groups[g]["low"] for g in counted))
        bests.append(sum(rec.groups[g]["best"] for g in counted))
        highs.append(sum(rec.groups[g]["high"] for g in counted))
    independent = sorted(v for k, v in complete.items() if is_independent(k))
    rec.low, rec.high = min(lows), max(highs)
    rec.best = median_low(independent) if independent else (bests[0] if bests else median_low(sorted(lows)))
    rec.best = min(max(rec.best, rec.low), rec.high)
    rec.acled = rec.low
    for group, entry in rec.groups.items():
        comparable = group not in ("people", "combatants") and len(entry["sources"]) > 1
        if comparable and entry["high"] > DISAGREE_FACTOR * entry["low"]:
            rec.flags.append(f"sources disagree on {label(group)}: highest {entry['high']} is "
                             f"{times(entry['high'] / entry['low'])} times lowest {entry['low']}")
    if len(complete) > 1:
        low, high = min(complete.values()), max(complete.values())
        if low and high > DISAGREE_FACTOR * low:
            rec.flags.append(f"sources disagree: highest {high} is {times(high / low)} times lowest {low}")
    government = [v for k, v in complete.items() if in_group(k, "official")]
    monitors = [v for k, v in complete.items() if in_group(k, "monitors")]
    if government and monitors:
        g, m = max(government), max(monitors)
        if min(g, m) and max(g, m) > DISAGREE_FACTOR * min(g, m):
            rec.flags.append(f"state media and monitors disagree: {g} against {m}")
