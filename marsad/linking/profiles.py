"""Outlet profiles kept as sums, so that linking a few new reports updates them without reading the rest.

Each incident adds to the profile of every outlet that reports it (one incident; the first report;
the log2 ratios of its death figures to the incident's best estimate, overall and by side) and each
report to its outlet's (one report; a copy or not; its credibility). A profile is the sum of these
tallies; when new reports change an incident, linking takes away the incident's old tally and adds its
new one. Sums are whole numbers (ratios in millionths, scores in thousandths), so a profile updated a
thousand times equals the profile computed at once. The means shown (bias, credibility) are derived
from the sums.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..model import counts_toward_toll, fatalities
from .credibility import log_ratio, side_of

RATIO_UNIT = 10**6
SCORE_UNIT = 1000
UNKNOWN = "(unknown)"


@dataclass(kw_only=True)
class Tally:
    """What some incidents and reports add to one outlet's profile."""

    reports: int = 0
    incidents: int = 0
    first: int = 0
    copies: int = 0
    score: int = 0  # credibility of its reports, summed, in thousandths
    ratio: list[int] = field(default_factory=lambda: [0, 0])  # sum (millionths) and count of log2 ratios
    sides: dict[str, list[int]] = field(default_factory=dict)  # side of the victims -> sum, count

    def add(self, other: "Tally", sign: int = 1) -> None:
        self.reports += sign * other.reports
        self.incidents += sign * other.incidents
        self.first += sign * other.first
        self.copies += sign * other.copies
        self.score += sign * other.score
        self.ratio = [self.ratio[0] + sign * other.ratio[0], self.ratio[1] + sign * other.ratio[1]]
        for side, (total, count) in other.sides.items():
            mine = self.sides.setdefault(side, [0, 0])
            mine[0] += sign * total
            mine[1] += sign * count

    def as_json(self) -> dict:
        return {"reports": self.reports, "incidents": self.incidents, "first": self.first, "copies": self.copies,
                "score": self.score, "ratio": self.ratio,
                "sides": {k: v for k, v in sorted(self.sides.items()) if v != [0, 0]}}

    @classmethod
    def from_json(cls, data: dict) -> "Tally":
        return cls(reports=data["reports"], incidents=data["incidents"], first=data["first"], copies=data["copies"],
                   score=data["score"], ratio=list(data["ratio"]), sides={k: list(v) for k, v in data["sides"].items()})

    def profile(self, outlet: str) -> dict:
        """The outlet's profile as stored and shown."""
        def mean(total: int, count: int) -> float:
            return round(total / count / RATIO_UNIT, 3)

        return {"outlet": outlet, "reports": self.reports, "incidents": self.incidents, "first": self.first,
                "copies": self.copies, "bias": mean(*self.ratio) if self.ratio[1] else None,
                "bias_by_side": {k: mean(*v) for k, v in sorted(self.sides.items()) if v[1]},
                "credibility": round(self.score / self.reports / SCORE_UNIT, 3) if self.reports else None,
                "totals": self.as_json()}


def _ratio(figure: int, best: int) -> int:
    return round(log_ratio(figure, best) * RATIO_UNIT)


def incident_tally(inc, killed_best: int | None, by_doc: dict) -> dict[str, Tally]:
    """What one incident adds to the profiles of the outlets reporting it (``by_doc``: doc id -> Report)."""
    docs = sorted((by_doc[d] for d in inc.docs if d in by_doc), key=lambda r: (r.published or date.max, r.doc_id))
    tallies: dict[str, Tally] = {}
    members = {x.event_id for x in inc.events}
    for n, r in enumerate(docs):
        tally = tallies.setdefault(r.outlet or UNKNOWN, Tally(incidents=1))
        tally.first += n == 0
        mine = [c for e in r.events if e.event_id in members for c in r.claims[e.event_id]]
        figure = fatalities(mine)["high"]
        if figure and killed_best:
            tally.ratio[0] += _ratio(figure, killed_best)
            tally.ratio[1] += 1
            for c in mine:
                if c.kind == "killed" and c.low and counts_toward_toll(c):  # no cumulative total, no part
                    side = tally.sides.setdefault(side_of(c.victims), [0, 0])
                    side[0] += _ratio(c.low, killed_best)
                    side[1] += 1
    return tallies


def report_tally(outlet: str | None, *, copy: bool, score: float | None) -> dict[str, Tally]:
    """What one report adds to its outlet's profile."""
    return {outlet or UNKNOWN: Tally(reports=1, copies=int(copy), score=round((score or 0) * SCORE_UNIT))}


def add_all(into: dict[str, Tally], tallies: dict[str, Tally], sign: int = 1) -> None:
    for outlet, tally in tallies.items():
        into.setdefault(outlet, Tally()).add(tally, sign)
