"""Who a claimant is: the type of every name the claims stage writes as a claimant.

The list is ``data/claimants.json`` (its ``_about`` says what each type holds and in which order a name is
looked up): the canonical claimants of ``<lang>/claims.json`` by name, the outlets by their kind, the actors
by their type or ACLED inter code, and names built from another ("X correspondent", "X activists").
Reconciliation, credibility, the API, the exports and the dashboard all read a claimant's type here, and
the groups of types (independent, parties, official, monitors) that reconciliation weighs.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..reading import outlets
from .datafiles import DATA


class ClaimantsError(ValueError):
    """``claimants.json`` contradicts itself: a type or group it uses is not among its types."""


@dataclass(frozen=True, kw_only=True, slots=True)
class _Suffix:
    suffix: str
    type: str
    keeps: frozenset[str]  # the types of the name before the suffix that the whole name keeps


@dataclass(frozen=True, kw_only=True, slots=True)
class ClaimantList:
    types: tuple[str, ...]
    by_name: dict[str, str]  # every name known outright: claims.json's, the outlets', the actors'
    suffixes: tuple[_Suffix, ...]
    groups: dict[str, frozenset[str]]


@lru_cache(maxsize=1)
def claimant_list() -> ClaimantList:
    """The list, read once from ``data/claimants.json`` with the outlets and the actors."""
    data = DATA.load("claimants")
    types = tuple(data["types"])
    by_name: dict[str, str] = {}
    kinds = data["outlet_kinds"]
    for outlet in outlets.outlets():
        if outlet.kind not in kinds:
            raise ClaimantsError(f"claimants.json gives no type for outlets of kind {outlet.kind!r} "
                                 f"({outlet.name}): add it to 'outlet_kinds'")
        by_name[outlet.name] = kinds[outlet.kind]
        if outlet.kind == "activist network":  # the claims stage writes its figures as the activists'
            by_name[f"{outlet.name} activists"] = kinds[outlet.kind]
    rules = data["actors"]
    for actor in DATA.load("actors")["actors"]:
        found = rules["by_type"].get(actor["type"]) or rules["by_inter"].get(str(actor["inter"]))
        if found is None:
            raise ClaimantsError(f"claimants.json gives no type for actor {actor['name']!r} "
                                 f"(type {actor['type']!r}, inter {actor['inter']})")
        by_name[actor["name"]] = found
    by_name.update(data["names"])  # claims.json's own names win over an outlet or actor of that name
    suffixes = tuple(_Suffix(suffix=s, type=rule["type"], keeps=frozenset(rule["keeps"]))
                     for s, rule in data["patterns"]["suffixes"].items())
    groups = {name: frozenset(members) for name, members in data["groups"].items()}
    used = set(by_name.values()) | {s.type for s in suffixes} | {t for s in suffixes for t in s.keeps}
    used |= {t for members in groups.values() for t in members}
    if unknown := sorted(used - set(types)):
        raise ClaimantsError(f"claimants.json uses types it does not list in 'types': {', '.join(unknown)}")
    return ClaimantList(types=types, by_name=by_name, suffixes=suffixes, groups=groups)


def claimant_type(name: str | None) -> str:
    """The type of a claimant name (see ``data/claimants.json``): e.g. "SOHR" is a monitor, "SANA" state
    media, "Hayat Tahrir al-Sham" an armed group, "Enab Baladi correspondent" the outlet itself; "unknown"
    for a name no list knows."""
    if not name:
        return "unattributed"
    known = claimant_list()
    if name in known.by_name:
        return known.by_name[name]
    for rule in known.suffixes:
        if name.endswith(rule.suffix) and len(name) > len(rule.suffix):
            before = known.by_name.get(name[:-len(rule.suffix)])
            return before if before in rule.keeps else rule.type
    return "unknown"


def in_group(name: str | None, group: str) -> bool:
    """Whether a claimant's type is in one of the list's groups ("independent", "parties", "official",
    "monitors", "unnamed")."""
    members = claimant_list().groups.get(group)
    if members is None:
        raise KeyError(f"claimants.json has no group {group!r}")
    return claimant_type(name) in members
