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


# -- the manifest's claims -------------------------------------------------------------------------
# The manifest names claimants in words ("medical source at Azaz National Hospital"); marsad names them from
# one list (data/<lang>/claims.json's claimants, the outlets, the actors). Each manifest claimant maps to the
# names it may be: a source told through another ("military source (via SANA)") may be either.
CLAIMANTS = {
    "Syrian Civil Defence": {"Syrian Civil Defence"},
    "local activists": {"activists"},
    "medical source at Azaz National Hospital": {"medics"},
    "residents and medics": {"residents", "medics"},
    "SOHR": {"SOHR"},
    "SMART correspondent": {"SMART News Agency correspondent"},
    "head of Kafr Nabl local council": {"local council"},
    "Orient Net correspondent": {"Orient Net correspondent"},
    "Response Coordinators Group (منسقو استجابة سوريا)": {"Response Coordinators"},
    "SANA (Homs police source)": {"SANA", "SANA correspondent", "unnamed source"},
    "SANA": {"SANA"},
    "military source": {"unnamed source"},
    "SDF media centre": {"Syrian Democratic Forces"},
    "Hawar News Agency correspondent": {"Hawar News Agency correspondent"},
    "Turkish National Defense Ministry": {"Turkish government"},
    "SNA commander (anonymous)": {"Syrian National Army", "unnamed source"},
    "SDF military source": {"unnamed source", "Syrian Democratic Forces"},
    "North Press correspondent": {"North Press Agency correspondent"},
    "military source (SANA)": {"unnamed source", "SANA"},
    "military source (via SANA)": {"unnamed source", "SANA"},
    "local news page (unnamed)": {"local media"},
}
# Known misreadings outside the claims stage, by manifest evidence: each one's reason says what it needs.
WAITING: dict[str, str] = {}
MANIFEST_CLAIMS = [pytest.param(entry, claim, marks=[pytest.mark.xfail(strict=True, reason=WAITING[claim["evidence"]])]
                                if claim["evidence"] in WAITING else [],
                                id=f"{entry['doc']}:{claim['kind']}:{claim['evidence'][:30]}")
                   for entry in MANIFEST for claim in entry["claims"]]


@pytest.fixture(scope="module")
def claims_of():
    return {key: [c for e in doc.events for c in e.claims] for key, doc in
            {d.key: d for d in marsad.read(sample_path(), errors="raise")}.items()}


def _claimant(claim, publisher: str) -> str:
    """A figure a report gives in its own voice is the outlet's."""
    return publisher if claim.claimant == "unattributed" else claim.claimant


def _same_number(want: dict, claim) -> bool:
    """The manifest gives "more than 20" as low 20, as marsad does (the stated number, qualifier more_than)."""
    return (claim.low, claim.high) == (want["low"], want["high"])


def test_every_manifest_claimant_is_mapped():
    assert {claim["claimant"] for entry in MANIFEST for claim in entry["claims"]} <= set(CLAIMANTS)
    assert len(MANIFEST_CLAIMS) == 41


@pytest.mark.parametrize("entry, want", MANIFEST_CLAIMS)
def test_every_manifest_claim_is_read_with_its_claimant(claims_of, entry, want):
    publisher = outlets.canonical(entry["publisher"])
    got = [c for c in claims_of[entry["doc"]] if c.kind == want["kind"] and _same_number(want, c)]
    assert got, f"{want} not read; read: {[(c.kind, c.low, c.high, c.claimant) for c in claims_of[entry['doc']]]}"
    assert {_claimant(c, publisher) for c in got} & CLAIMANTS[want["claimant"]], (want, got)
