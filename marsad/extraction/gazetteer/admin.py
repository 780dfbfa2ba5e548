"""The governorates every imported place is filed under, from ``data/governorates.json``.

Sources spell a governorate many ways ("Dar`a", "Hasaka (Al Haksa)", "Days Az Zawr", "Rif Dimashq",
"Deir ez Zor Governorate", OCHA's ``SY12``, GeoNames' admin1 ``06``); :class:`Governorates` turns each
into the one name marsad uses (``Daraa``, ``Al-Hasakah``, ``Deir ez-Zor``, ``Rural Damascus``).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..datafiles import DATA
from .keys import keys


@dataclass(frozen=True)
class Governorates:
    by_key: dict[str, str]
    pcodes: dict[str, str]
    geonames_codes: dict[str, str]
    arabic: dict[str, str]  # name -> Arabic name

    def find(self, *names: str | None) -> str | None:
        """The governorate one of ``names`` spells, if any ("Idleb Governorate", "محافظة إدلب")."""
        for name in names:
            for key in keys(name or ""):
                if key in self.by_key:
                    return self.by_key[key]
        return None

    def by_pcode(self, pcode: str | None) -> str | None:
        return self.pcodes.get((pcode or "")[:4].upper())

    def by_geonames(self, code: object) -> str | None:
        """From a GeoNames admin1 code: ``"06"``, ``"6"`` or ``"6.0"`` (as WOF copies it)."""
        try:
            return self.geonames_codes.get(f"{int(float(str(code))):02d}")
        except ValueError:
            return None


@lru_cache(maxsize=1)
def governorates() -> Governorates:
    by_key, pcodes, codes, arabic = {}, {}, {}, {}
    for row in DATA.load("governorates")["governorates"]:
        for name in (row["name"], row["name_ar"], *row.get("aliases", ())):
            for key in keys(name):
                by_key.setdefault(key, row["name"])
        pcodes[row["pcode"]] = row["name"]
        codes[row["geonames_admin1"]] = row["name"]
        arabic[row["name"]] = row["name_ar"]
    return Governorates(by_key=by_key, pcodes=pcodes, geonames_codes=codes, arabic=arabic)
