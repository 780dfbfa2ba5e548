"""The geocoding floor on real reporting: the main event's governorate on FA-KES dev (631 English articles
with crowd annotations), with the whole shared Syrian gazetteer loaded as a user would load it.

The figure is the reference script's (``../shared/eval/score_fakes.py``). The floor is what marsad reaches
today, not the issue's aim of 0.93: see BENCHMARKS.md for both figures and what the misses are.
"""
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
GOVERNORATE_FLOOR = 0.89


def _scorer():
    spec = importlib.util.spec_from_file_location("score_fakes", SHARED / "eval" / "score_fakes.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.usefixtures("with_syria")
def test_governorate_accuracy_on_fakes_dev_with_the_full_gazetteer():
    needs((FAKES / "dev.jsonl").is_file() and (FAKES / "dev_gold.csv").is_file(), "FA-KES dev in ../shared/eval")
    scorer = _scorer()
    records = {}
    for doc in marsad.read(FAKES / "dev.jsonl"):
        record = json.loads(json.dumps(document_record(doc), ensure_ascii=False, default=str))
        records[str(record["doc"])] = record
    gold = list(csv.DictReader((FAKES / "dev_gold.csv").open(encoding="utf-8")))
    result = scorer.score(gold, records)
    assert result["articles"] == 631
    assert result["governorate_acc"] >= GOVERNORATE_FLOOR, result
