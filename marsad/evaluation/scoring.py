"""Scoring extraction output against a gold file (``marsad evaluate``).

The gold format and matching rules are those of the project's evaluation
README: a predicted event matches a gold event when the event type agrees and
the place lies within a radius set by the gold place's precision (or the names
agree when no coordinates were predicted). Recall counts main gold events;
precision counts every predicted event, any gold event may absorb one. Claims
are matched per document by kind and number, attribution by claimant group;
links pairwise across documents. Actor names are compared after folding, by
containment, by the alias groups in ``data/evaluation.json`` or by similarity.
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from difflib import SequenceMatcher
from functools import lru_cache

from ..reading.lexicon import DataFolder

DATA = DataFolder("marsad.evaluation")  # tolerances and actor groups of the scoring
SALIENCE_ORDER = ("main", "secondary", "background")


@lru_cache(maxsize=1)
def _rules() -> dict:
    return DATA.load("evaluation")


def fold_name(text: str | None) -> str:
    if not text:
        return ""
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()
    text = re.sub(r"\(.*?\)", " ", text)
    text = re.sub(r"[^\w\s]", " ", text)
    stop = set(_rules()["name_stopwords"])
    return " ".join(w for w in text.split() if w not in stop)


@lru_cache(maxsize=None)
def _alias_index() -> dict[str, int]:
    return {fold_name(name): n for n, group in enumerate(_rules()["actor_aliases"]) for name in group}


def same_actor(gold: str | None, pred: str | None) -> bool:
    if not gold:
        return not pred or bool(re.search(r"unidentified|unknown", pred, re.I))
    if not pred:
        return False
    g, p = fold_name(gold), fold_name(pred)
    if g == p or (len(g) > 3 and g in p) or (len(p) > 3 and p in g):
        return True
    index = _alias_index()
    if g in index and index[g] == index.get(p):
        return True
    return SequenceMatcher(None, g, p).ratio() >= 0.85


def distance_km(a: dict, b: dict) -> float:
    la1, lo1, la2, lo2 = (math.radians(v) for v in (a["lat"], a["lon"], b["lat"], b["lon"]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def same_place(gold: dict | None, pred: dict | None, *, tight: bool = False) -> bool:
    if not gold or not pred:
        return False
    radii = _rules()["exact_km" if tight else "radius_km"]
    if pred.get("lat") is not None and pred.get("lon") is not None and gold.get("lat") is not None:
        return distance_km(gold, pred) <= radii.get(gold.get("precision") or "city", radii["city"])
    g, p = fold_name(gold.get("name")), fold_name(pred.get("name"))
    return bool(g) and (g == p or g in p or p in g)


def _day(value) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def date_right(gold: dict, pred: dict) -> bool | None:
    got = _day(pred.get("date"))
    if gold.get("date"):
        return got is not None and abs((got - _day(gold["date"])).days) <= 1
    if gold.get("date_latest"):
        latest = _day(gold["date_latest"])
        return got is None or latest - timedelta(days=14) <= got <= latest
    return None


def event_matches(gold: dict, pred: dict) -> bool:
    types = gold["event_type"] if isinstance(gold["event_type"], list) else [gold["event_type"]]
    return pred.get("event_type") in types and same_place(gold.get("location"), pred.get("location"))


def claimant_group(text: str | None) -> str:
    lowered = (text or "").lower()
    for name, pattern in _rules()["claimant_groups"]:
        if re.search(pattern, lowered):
            return name
    return "other"


def claim_matches(gold: dict, pred: dict) -> bool:
    if (pred.get("kind") or "").lower() != gold["kind"]:
        return False
    low, high, value = pred.get("low"), pred.get("high"), gold.get("value")
    if value is None:
        qualifier = (pred.get("qualifier") or "").lower()
        return gold["qualifier"] in qualifier or low in set(_rules()["vague_values"].get(gold["qualifier"], []))
    if gold.get("qualifier") == "more_than":
        return low in (value, value + 1) or high == value
    return value in (low, high)


@dataclass
class _Tally:
    n: dict = field(default_factory=lambda: dict.fromkeys(
        ["docs", "found", "lang", "pub_n", "pub", "title_n", "title", "publisher_n", "publisher", "main",
         "main_found", "pred", "pred_matched", "sub", "actor1", "actor2_n", "actor2", "date_n", "date", "claims",
         "claims_found", "attr", "place"], 0))

    def add(self, key: str, amount: int = 1) -> None:
        self.n[key] += int(amount)


def _score_document(g: dict, p: dict, t: _Tally, pairs: list) -> None:
    t.add("found")
    t.add("lang", p.get("language") == g["language"])
    for key, gold_value, ok in (
        ("pub", g.get("published"), lambda: str(p.get("published") or "")[:10] == g["published"]),
        ("title", g.get("title"), lambda: fold_name(p.get("title")) == fold_name(g["title"])),
        ("publisher", g.get("publisher"), lambda: same_actor(g["publisher"], p.get("publisher"))),
    ):
        if gold_value:
            t.add(f"{key}_n")
            t.add(key, ok())
    predicted = list(p.get("events") or [])
    t.add("pred", len(predicted))
    free = list(range(len(predicted)))
    for gold_event in sorted(g["events"], key=lambda e: SALIENCE_ORDER.index(e["salience"])):
        hit = next((i for i in free if event_matches(gold_event, predicted[i])), None)
        if hit is not None:
            free.remove(hit)
            t.add("pred_matched")
        pairs.append((g["doc"], gold_event, predicted[hit] if hit is not None else None))
        if gold_event["salience"] == "main":
            t.add("main")
            if hit is not None:
                _score_main(gold_event, predicted[hit], t)
    doc_claims = [c for e in predicted for c in (e.get("claims") or [])]
    for gold_event in g["events"]:
        if gold_event["salience"] != "main":
            continue
        for gold_claim in gold_event["claims"]:
            t.add("claims")
            hit = next((c for c in doc_claims if claim_matches(gold_claim, c)), None)
            if hit is not None:
                t.add("claims_found")
                t.add("attr", claimant_group(hit.get("claimant")) == claimant_group(gold_claim["claimant"]))


def _score_main(gold_event: dict, pred: dict, t: _Tally) -> None:
    t.add("main_found")
    t.add("sub", pred.get("sub_event_type") in gold_event["sub_event_type"])
    t.add("place", same_place(gold_event.get("location"), pred.get("location"), tight=True))
    t.add("actor1", same_actor(gold_event.get("actor1"), pred.get("actor1"))
          or any(same_actor(a, pred.get("actor1")) for a in gold_event.get("actor1_also", [])))
    if gold_event.get("actor2"):
        t.add("actor2_n")
        t.add("actor2", same_actor(gold_event["actor2"], pred.get("actor2")))
    ok = date_right(gold_event, pred)
    if ok is not None:
        t.add("date_n")
        t.add("date", ok)


def _links(pairs: list) -> tuple[int, int, int]:
    tp = fn = fp = 0
    named = [x for x in pairs if x[1].get("incident")]
    for i, (doc1, gold1, pred1) in enumerate(named):
        for doc2, gold2, pred2 in named[i + 1:]:
            if doc1 == doc2:
                continue
            linked = bool(pred1 and pred2 and pred1.get("incident_id")
                          and pred1.get("incident_id") == pred2.get("incident_id"))
            if gold1["incident"] == gold2["incident"]:
                tp += linked
                fn += not linked
            else:
                fp += linked
    return tp, fn, fp


def score(gold_docs: list[dict], pred_docs: list[dict]) -> dict:
    """The metrics, by the rules in this module's docstring."""
    preds = {d["doc"]: d for d in pred_docs}
    t, pairs = _Tally(), []
    for g in gold_docs:
        t.add("docs")
        p = preds.get(g["doc"])
        if p is None:
            t.add("main", sum(e["salience"] == "main" for e in g["events"]))
            continue
        _score_document(g, p, t, pairs)
    tp, fn, fp = _links(pairs)
    n = t.n

    def ratio(a: int, b: int) -> float | None:
        return round(a / b, 3) if b else None

    recall, precision = ratio(n["main_found"], n["main"]), ratio(n["pred_matched"], n["pred"])
    f1 = round(2 * precision * recall / (precision + recall), 3) if precision and recall else 0.0
    return {
        "documents": n["docs"], "documents_found": n["found"], "language_accuracy": ratio(n["lang"], n["found"]),
        "published_accuracy": ratio(n["pub"], n["pub_n"]), "title_accuracy": ratio(n["title"], n["title_n"]),
        "publisher_accuracy": ratio(n["publisher"], n["publisher_n"]), "main_events": n["main"],
        "predicted_events": n["pred"], "event_recall": recall, "event_precision": precision, "event_f1": f1,
        "sub_event_type_accuracy": ratio(n["sub"], n["main_found"]),
        "place_accuracy": ratio(n["place"], n["main_found"]),
        "actor1_accuracy": ratio(n["actor1"], n["main_found"]),
        "actor2_accuracy": ratio(n["actor2"], n["actor2_n"]), "date_accuracy": ratio(n["date"], n["date_n"]),
        "claim_recall": ratio(n["claims_found"], n["claims"]),
        "claim_attribution_accuracy": ratio(n["attr"], n["claims_found"]),
        "link_recall": ratio(tp, tp + fn), "link_precision": ratio(tp, tp + fp),
    }
