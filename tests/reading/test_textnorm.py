from hypothesis import given
from hypothesis import strategies as st

from marsad.reading.textnorm import fold, index_terms, light_stem, normalize, printable, query_terms, script_counts


def test_arabic_spelling_variants_fold_together():
    assert normalize("الإسلامُ") == normalize("الاسلام")
    assert normalize("مدرسة") == normalize("مدرسه")
    assert normalize("مستشفى") == normalize("مستشفي")
    assert normalize("جيـــش") == "جيش"  # tatweel


def test_digits_case_accents_quotes_and_spaces():
    assert normalize("  ٢٠١٨  Élan “Quoted” ") == "2018 elan \"quoted\""


def test_invisible_marks_inside_names_are_dropped():
    assert normalize("دم\u200fشق") == "دمشق"
    assert normalize("Da\u200bmascus") == "damascus"


def test_proclitics_are_stripped_but_short_words_kept():
    assert light_stem(normalize("بدمشق")) == "دمشق"
    assert light_stem(normalize("والمزة")) == "مزه"
    assert light_stem("في") == "في"


def test_search_terms_let_a_stem_find_a_prefixed_word():
    assert "دمشق" in index_terms("قصف بدمشق").split()
    assert query_terms("بدمشق") == ["دمشق"]


def test_script_counts():
    assert script_counts("دمشق Damascus") == (4, 8)


@given(st.text(max_size=200))
def test_fold_origin_maps_every_folded_character_back(text):
    folded, origin = fold(text)
    assert len(origin) == len(folded) + 1
    assert origin == sorted(origin)
    assert origin[-1] == len(text)
    assert all(0 <= o <= len(text) for o in origin)


@given(st.text(max_size=200))
def test_fast_and_slow_folding_agree(text):
    from marsad.reading.textnorm import fold_char

    assert fold(text)[0] == "".join(fold_char(c) for c in text)


@given(st.text(alphabet="abcXYZ دمشقبالمزةأإآىة٠١٢“”'\u064e\u0640 .,", max_size=80))
def test_folding_agrees_on_arabic_and_latin_mixes(text):
    from marsad.reading.textnorm import fold_char

    folded, origin = fold(text)
    assert folded == "".join(fold_char(c) for c in text)
    assert len(origin) == len(folded) + 1


def test_printable_escapes_terminal_controls_and_keeps_every_script():
    assert printable("a\x1b[2Jb\nc\x07\x9b") == "a\\x1b[2Jb\\nc\\x07\\x9b"
    assert printable("دمشق – Kafr Sousa [/]") == "دمشق – Kafr Sousa [/]"
    assert printable(42) == "42"
