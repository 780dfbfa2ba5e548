import dataclasses

import pytest

import marsad
from marsad.model import Document, Rejection
from marsad.pipeline import StageError, default_pipeline


def test_default_stages_in_order():
    assert default_pipeline().names == ["ingest", "clean", "language", "metadata", "extract"]


def test_documents_are_frozen():
    doc = Document(key="k", raw="x")
    with pytest.raises(dataclasses.FrozenInstanceError):
        doc.key = "other"


def test_every_stage_is_recorded():
    doc = marsad.extract("Shelling hit Douma on Monday, killing three civilians, activists said.")
    assert doc.stages == ("ingest", "clean", "language", "metadata", "extract")


def test_a_failing_stage_is_named():
    def broken(doc):
        raise RuntimeError("boom")

    pipe = default_pipeline().add("broken", broken, after="clean")
    assert pipe.names[2] == "broken"
    with pytest.raises(StageError, match="stage 'broken' failed on document 'text': RuntimeError: boom"):
        marsad.extract("Some text about Aleppo.", pipeline=pipe)


def test_replace_remove_configure():
    pipe = default_pipeline()
    pipe.replace("metadata", lambda d: d.with_(warnings=("replaced",)))
    pipe.remove("language")
    pipe.configure("clean")
    doc = marsad.extract("Title line\n\nA story paragraph about Idlib that is long enough.", pipeline=pipe)
    assert doc.warnings == ("replaced",)
    assert doc.language is None
    with pytest.raises(KeyError, match="no stage named 'nope'"):
        pipe.remove("nope")
    with pytest.raises(ValueError, match="already in the pipeline"):
        pipe.add("clean", lambda d: d)


def test_configure_passes_options_to_the_stage():
    pipe = default_pipeline().configure("language", min_letters=10_000)
    doc = marsad.extract("This English sentence is judged by its script only.", pipeline=pipe)
    assert doc.language == "en"  # script fallback still answers


def test_run_many_turns_failures_into_rejections():
    pipe = default_pipeline()
    items = [Document(key="a", raw="Fine text about Hama.", format="auto"), Document(key="b", raw="   "),
             Rejection(source="c", reason="unreadable")]
    out = list(pipe.run_many(items))
    assert isinstance(out[0], Document) and out[0].language == "en"
    assert isinstance(out[1], Rejection) and "stage 'ingest'" in out[1].reason and "empty" in out[1].reason
    assert out[2] == items[2]
