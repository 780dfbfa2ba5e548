"""Fuzzing ``marsad.extract``: the mutation fuzzer (tests/fuzz_extract.py) for a bounded time, and
Hypothesis over arbitrary and lexicon-built text. Nothing may escape but a refusal of empty text, and every
document must hold together (see ``fuzz_extract.check``)."""
from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import marsad
from fuzz_extract import check, run, seeds
from marsad.reading.ingest import EmptyDocument

FUZZ_SECONDS = float(os.environ.get("MARSAD_FUZZ_SECONDS", "30"))  # .ci/run gives it longer


@pytest.mark.slow
def test_the_mutation_fuzzer_finds_nothing(tmp_path):
    result = run(FUZZ_SECONDS, seed=int(os.environ.get("MARSAD_FUZZ_SEED", "0")), out=tmp_path / "findings")
    print(f"fuzzed {result.inputs} inputs in {FUZZ_SECONDS:g} s: {result.documents} documents, {result.events} "
          f"events, {result.claims} claims; slowest {result.slowest:.2f} s")
    assert result.inputs > 100 and result.events > 0 and result.claims > 0  # it really ran the pipeline
    assert result.linked > 0  # ... and linking
    assert not result.findings, result.findings[0]["problem"] + "\n--- input ---\n" + result.findings[0]["input"][:2000]


def _extract_or_refuse(text: str) -> None:
    try:
        doc = marsad.extract(text, published="2024-03-04")
    except marsad.StageError as exc:
        assert isinstance(exc.cause, EmptyDocument), exc
        return
    assert check(doc) == []


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(st.characters(blacklist_categories=()), max_size=400))  # surrogates and controls included
def test_any_text_is_extracted_or_refused_as_empty(text):
    _extract_or_refuse(text)


WORDS = st.sampled_from(sorted({w for text in seeds() for w in text.split()})[:3000])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(WORDS, st.sampled_from(["\n", "\n\n", ".", ",", "،", "“", "”", "\u200f", "killed", "قتل",
                                                   "12", "1,000,000,000", "2099-01-01"])), max_size=120))
def test_report_words_in_any_order_are_extracted_or_refused(words):
    _extract_or_refuse(" ".join(words))


FILE_SEEDS = [b'{"id": "a", "text": "Shelling killed 3 civilians in Daraa on Monday, activists said."}\n',
              b'id,text,published\nc1,"Clashes broke out in Homs on Monday.",2024-03-04\n',
              "<html><head><title>قصف</title></head><body><p>قتل 4 مدنيين في قصف على درعا</p></body></html>".encode(),
              "قتل 5 مدنيين في قصف على إدلب يوم الاثنين".encode("cp1256")]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(seed=st.sampled_from(FILE_SEEDS), cuts=st.lists(st.tuples(st.integers(0, 200), st.binary(max_size=12)),
                                                       max_size=6),
       suffix=st.sampled_from([".jsonl", ".csv", ".html", ".txt"]))
def test_any_bytes_in_any_input_file_are_stored_or_rejected(tmp_path_factory, seed, cuts, suffix):
    from marsad.jobs.batch import ingest
    from marsad.storage import Store

    data = bytearray(seed)
    for at, piece in cuts:  # splice random bytes into a well-formed file
        data[at:at + len(piece)] = piece
    folder = tmp_path_factory.mktemp("files")
    (folder / f"input{suffix}").write_bytes(bytes(data))
    with Store("sqlite://") as store:
        report = ingest([folder], store)
    assert report.read == report.new + report.duplicates + len(report.rejected)
    assert all(r.source.startswith(str(folder)) and r.reason for r in report.rejected)
