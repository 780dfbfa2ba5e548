"""The codes of the exports in ACLED's and UCDP GED's columns, read from ``extraction/data/codebook.json``
(the tables), the compiled knowledge (each actor's ACLED inter code, from ``extraction/data/actors.json``),
``extraction/data/acled.json`` (each event type's disorder type) and ``reading/data/outlets.json`` (each outlet's
kind)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..extraction.datafiles import DATA
from ..extraction.knowledge import knowledge
from ..reading.outlets import outlets


@dataclass(frozen=True, kw_only=True)
class Codebook:
    inter: dict[str, int]  # actor name -> ACLED inter code
    interactions: dict[str, str]  # two-digit code -> its name
    disorder: dict[str, str]  # event type -> disorder type
    civilian_value: str
    civilian_types: frozenset[str]
    civilian_inter: int
    time_precision: dict[str, int]
    geo_precision: dict[str, int]
    date_prec: dict[str, int]
    where_prec: dict[str, int]
    countries: dict[str, dict]
    scale_order: tuple[str, ...]
    scale_of_outlet: dict[str, str]  # outlet name -> its scale

    def inter_of(self, actor: str | None) -> int | None:
        return self.inter.get(actor or "")

    def interaction(self, inter1: int | None, inter2: int | None) -> int | None:
        """ACLED's interaction code: the two actors' inter codes, the smaller first; a sole actor's code and 0."""
        if not inter1:
            return None
        code = f"{inter1}0" if not inter2 else "".join(sorted(f"{inter1}{inter2}"))
        return int(code) if code in self.interactions else None

    def civilian_targeting(self, event_type: str | None, inter2: int | None) -> str:
        targeted = event_type in self.civilian_types or inter2 == self.civilian_inter
        return self.civilian_value if targeted else ""

    def source_scale(self, outlet_names) -> str:
        """ACLED's source scale of these outlets: their scales in the codebook's order, joined by hyphens
        ("National-International"); outlets of no known kind add none."""
        found = {self.scale_of_outlet[o] for o in outlet_names if o in self.scale_of_outlet}
        return "-".join(s for s in self.scale_order if s in found)


@lru_cache(maxsize=1)
def codebook() -> Codebook:
    data = DATA.load("codebook")
    scales = data["source_scale"]
    by_outlet = {o.name: scales["by_kind"][o.kind] for o in outlets() if o.kind in scales["by_kind"]}
    by_outlet.update(scales["by_outlet"])
    civilian = data["civilian_targeting"]
    return Codebook(
        inter={name: actor.inter for name, actor in knowledge().actors.items() if actor.inter},
        interactions=data["interaction"], disorder=DATA.load("acled")["disorder"],
        civilian_value=civilian["value"], civilian_types=frozenset(civilian["event_types"]),
        civilian_inter=int(civilian["actor2_inter"]), time_precision=data["time_precision"],
        geo_precision=data["geo_precision"], date_prec=data["ucdp_date_prec"], where_prec=data["ucdp_where_prec"],
        countries=data["countries"], scale_order=tuple(scales["order"]), scale_of_outlet=by_outlet)
