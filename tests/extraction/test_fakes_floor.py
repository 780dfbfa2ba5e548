"""Floors on real reporting: FA-KES dev (631 English articles with crowd annotations), read with the whole
shared Syrian gazetteer loaded as a user would load it. The main event's governorate (geocoding), its
sub-event type and its actor's family (events), its tolls (claims), and the share of articles with an event.

The figures are the reference script's (``../shared/eval/score_fakes.py``). The events' floors are the
events issue's aims (sub-event type 0.9, actor family 0.8, an event in 97% of the articles); the
governorate's is the geocoding issue's aim (0.93), with the full gazetteer imported. The main event's deaths
within 10% (0.85) and the civilian deaths exact (0.82) are the claims issue's aims (0.85 and 0.8); the deaths
exact (0.79) is what marsad reaches today: see the README's claims section for the figures and what the misses
are."""
from __future__ import annotations

import csv
import importlib.util
import json

import pytest
from syria_gazetteer import SHARED, syria, with_syria  # noqa: F401  (fixtures)

import marsad
from conftest import needs
from marsad.web.output import document_record

FAKES = SHARED / "eval" / "fakes"
FLOORS = {"governorate_acc": 0.93, "sub_type_acc": 0.9, "actor_acc": 0.8, "with_event": 0.97,
          "deaths_within10pct": 0.85, "deaths_exact": 0.79, "civilian_deaths_exact": 0.82}


def _scorer():
    spec = importlib.util.spec_from_file_location("score_fakes", SHARED / "eval" / "score_fakes.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.usefixtures("with_syria")
def test_main_events_on_fakes_dev_with_the_full_gazetteer():
    needs((FAKES / "dev.jsonl").is_file() and (FAKES / "dev_gold.csv").is_file(), "FA-KES dev in ../shared/eval")
    scorer = _scorer()
    records = {}
    for doc in marsad.read(FAKES / "dev.jsonl"):
        record = json.loads(json.dumps(document_record(doc), ensure_ascii=False, default=str))
        records[str(record["doc"])] = record
    gold = list(csv.DictReader((FAKES / "dev_gold.csv").open(encoding="utf-8")))
    result = scorer.score(gold, records)
    assert result["articles"] == 631
    below = {key: result[key] for key, floor in FLOORS.items() if result[key] < floor}
    assert not below, f"below the floor: {below}; all figures: {result}"
