"""The bundled sample corpus against its manifest: document fields, and furniture kept out of the story."""
import json

import pytest

import marsad
from marsad.jobs.demo import sample_path
from marsad.reading import outlets

MANIFEST = json.loads((sample_path().parent / "MANIFEST.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def docs():
    return {d.key: d for d in marsad.read(sample_path(), errors="raise")}


def test_every_report_is_read(docs):
    assert set(docs) == {m["doc"] for m in MANIFEST}
    assert len(MANIFEST) >= 12 and {m["language"] for m in MANIFEST} == {"ar", "en"}
    incidents = {}
    for m in MANIFEST:
        incidents.setdefault(m["incident"], set()).add(m["publisher"])
    assert len(incidents) >= 4 and all(len(p) >= 2 for p in incidents.values())


@pytest.mark.parametrize("entry", MANIFEST, ids=[m["doc"] for m in MANIFEST])
def test_document_fields(docs, entry):
    doc = docs[entry["doc"]]
    assert doc.language == entry["language"]
    assert doc.meta.title == entry["title"]
    assert doc.meta.publisher == outlets.canonical(entry["publisher"])
    assert (doc.meta.published.isoformat() if doc.meta.published else None) == entry["published"]


@pytest.mark.parametrize("entry", MANIFEST, ids=[m["doc"] for m in MANIFEST])
def test_furniture_stays_out_and_the_story_stays_in(docs, entry):
    doc = docs[entry["doc"]]
    for line in entry["furniture"]:
        assert line not in doc.story, line
    for claim in entry["claims"]:
        assert claim["evidence"] in doc.story, claim["evidence"]
