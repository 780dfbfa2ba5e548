"""News outlets: canonical names from ``data/outlets.json`` by alias, web domain or banner."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from .lexicon import READING
from .textnorm import normalize, tolerant


@dataclass(frozen=True, kw_only=True, slots=True)
class Outlet:
    name: str
    kind: str
    aliases: tuple[str, ...]
    domains: tuple[str, ...]
    banners: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True, slots=True)
class OutletMention:
    start: int
    end: int
    outlet: Outlet


def _key(name: str) -> str:
    words = normalize(name).replace("-", " ").split()
    return " ".join(w for w in words if w not in {"the", "al", "el"})


@lru_cache(maxsize=1)
def outlets() -> tuple[Outlet, ...]:
    found = []
    for row in READING.load("outlets"):
        aliases = (row["name"], *row.get("en", []), *row.get("ar", []))
        found.append(Outlet(name=row["name"], kind=row.get("kind", ""), aliases=aliases,
                            domains=tuple(row.get("domains", [])), banners=tuple(row.get("banners", []))))
    return tuple(found)


@lru_cache(maxsize=1)
def _by_alias() -> dict[str, Outlet]:
    return {_key(alias): o for o in outlets() for alias in o.aliases}


def canonical(name: str | None) -> str | None:
    """The canonical outlet name for an alias, or None when it is not a known outlet."""
    if not name or not name.strip():
        return None
    outlet = _by_alias().get(_key(name))
    return outlet.name if outlet else None


def by_domain(url: str | None) -> str | None:
    """The outlet whose web domain (or a subdomain of it) the URL is on."""
    if not url:
        return None
    host = (urlsplit(url if "//" in url else "//" + url).hostname or "").lower()
    for o in outlets():
        if any(host == d or host.endswith("." + d) for d in o.domains):
            return o.name
    return None


@lru_cache(maxsize=1)
def _mention_patterns() -> tuple[re.Pattern, re.Pattern]:
    # Short all-capital aliases (AP, AA, SMART) must match in capitals only; the rest ignore case.
    strict, loose = [], []
    for o in outlets():
        for alias in o.aliases:
            (strict if alias.isupper() and len(alias) <= 6 else loose).append(alias)

    def build(names: list[str]) -> str:
        return "|".join(tolerant(n) for n in sorted(set(names), key=len, reverse=True))

    return (re.compile(rf"(?<!\w)(?:{build(strict)})(?!\w)"),
            re.compile(rf"(?<!\w)(?:ال)?(?:{build(loose)})(?!\w)", re.IGNORECASE))


def mentions(text: str) -> list[OutletMention]:
    """Outlet names in ``text``, longest first where they overlap, in order of position."""
    found: list[OutletMention] = []
    for pattern in _mention_patterns():
        for m in pattern.finditer(text):
            outlet = _by_alias().get(_key(m.group(0))) or _by_alias().get(_key(m.group(0)[2:]))
            if outlet and not any(m.start() < f.end and f.start < m.end() for f in found):
                found.append(OutletMention(start=m.start(), end=m.end(), outlet=outlet))
    return sorted(found, key=lambda f: f.start)


@lru_cache(maxsize=1)
def _banners() -> tuple[tuple[str, str], ...]:
    return tuple((normalize(b), o.name) for o in outlets() for b in o.banners)


def by_banner(line: str) -> str | None:
    """The outlet whose page banner (a slogan line such as "Established by ...") this line is."""
    folded = normalize(line)
    return next((name for banner, name in _banners() if banner in folded), None)
