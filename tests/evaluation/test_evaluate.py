"""marsad's own scorer gives the figures of the evaluation's reference script."""
import json
import subprocess
import sys

from typer.testing import CliRunner

import marsad
import marsad.cli
from conftest import SHARED_EVAL, needs
from marsad.evaluation.scoring import claim_matches, claimant_group, same_actor, score
from marsad.web.output import document_record


def test_same_figures_as_the_reference_script(dev_docs, tmp_path):
    script = SHARED_EVAL / "score.py"
    needs(script.is_file(), f"the reference scorer at {script}")
    gold_path = SHARED_EVAL / "dev" / "gold.jsonl"
    preds = [document_record(d) for d in marsad.read(dev_docs, errors="raise")]
    # a second, deliberately worse prediction set exercises the misses too
    worse = json.loads(json.dumps(preds))
    for record in worse:
        for event in record["events"][::2]:
            event["event_type"], event["actor1"] = "Riots", "Somebody"
            for claim in event["claims"]:
                claim["claimant"] = "activists"
        record["events"][:1] = [dict(e, incident_id="x") for e in record["events"][:1]]
    gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for n, records in enumerate((preds, worse)):
        pred_path = tmp_path / f"pred{n}.jsonl"
        pred_path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
        reference = subprocess.run([sys.executable, str(script), "--gold", str(gold_path), "--pred",
                                    str(pred_path), "--json"], capture_output=True, text=True, check=True)
        assert score(gold, records) == json.loads(reference.stdout)


def test_matching_rules():
    assert same_actor("Jaysh al-Islam", "Army of Islam") and same_actor("Islamic State", "ISIS")
    assert not same_actor("Islamic State", "Hezbollah")
    assert same_actor(None, None) and same_actor(None, "Unidentified Armed Group")
    assert claimant_group("Syrian government") == "government" and claimant_group("SOHR") == "monitor"
    assert claimant_group("Eldorar Alshamia correspondent") == "outlet"
    assert claimant_group("Jaysh al-Islam") == "armed group"
    assert claim_matches({"kind": "killed", "value": 42, "qualifier": "more_than"}, {"kind": "killed", "low": 43})
    assert claim_matches({"kind": "injured", "value": None, "qualifier": "dozens"},
                         {"kind": "injured", "qualifier": "dozens"})
    assert not claim_matches({"kind": "killed", "value": 6, "qualifier": "exact"}, {"kind": "injured", "low": 6})


def test_evaluate_command(dev_docs):
    gold = SHARED_EVAL / "dev" / "gold.jsonl"
    runner = CliRunner()
    ok = runner.invoke(marsad.cli.app, ["evaluate", "--gold", str(gold), "--json", "--min", "event_f1=0.8"])
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.stdout)["documents_found"] == 5
    strict = runner.invoke(marsad.cli.app, ["evaluate", str(dev_docs), "--gold", str(gold), "--min", "event_f1=1.01"])
    assert strict.exit_code == 1 and "below bounds" in strict.output
