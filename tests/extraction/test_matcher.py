from hypothesis import given
from hypothesis import strategies as st

from marsad.extraction.matcher import Layers, Matcher, arabic_variants, fold_same_length, tokenize


def _found(matcher, text):
    return [(text[m.start:m.end], m.payloads) for m in matcher.find(text)]


def test_proclitics_articles_and_longest_match():
    m = Matcher([("دمشق", "dam"), ("المزة", "mz"), ("المزة 86", "mz86"), ("al-Hajar al-Aswad", "hh"),
                 ("Army of Islam", "ji")])
    text = "قصف بدمشق والمزة و(المزة 86) وفي المزة; Hajar al-Aswad and the Army of Islam's rockets"
    assert _found(m, text) == [("بدمشق", ("dam",)), ("والمزة", ("mz",)), ("المزة 86", ("mz86",)),
                               ("المزة", ("mz",)), ("Hajar al-Aswad", ("hh",)), ("Army of Islam", ("ji",))]


def test_spelling_variants_and_ligatures_fold():
    m = Matcher([("الأسد", "assad"), ("مستشفى", "hospital")])
    assert [p for _, p in _found(m, "شبيحة اﻷسد قرب مستشفي الاسد")] == [("assad",), ("hospital",), ("assad",)]


def test_accusative_ending():
    assert "انتحاري" in arabic_variants("انتحاريا")


def test_layers_may_overlap_across_but_not_within():
    layers = Layers({"actors": Matcher([("Turkish drone", "tr")]), "events": Matcher([("drone strike", "air")])})
    tokens = tokenize("A Turkish drone strike hit the car")
    assert [(name, m.payloads) for name, m in layers.find(tokens)] == [("actors", ("tr",)), ("events", ("air",))]


@given(st.text(max_size=200))
def test_folding_keeps_length_and_tokens_point_into_the_text(text):
    assert len(fold_same_length(text)) == len(text)
    for token in tokenize(text):
        assert 0 <= token.start < token.end <= len(text) and token.text
