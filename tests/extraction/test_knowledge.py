"""The lexicons agree with each other and with the world they describe."""
from marsad.extraction.knowledge import PRECISION_RANK, knowledge


def test_sizes():
    kb = knowledge()
    assert len(kb.actors) >= 80
    assert len(kb.places) >= 450
    assert {p.location.admin1 for p in kb.places.values() if p.location.admin1} >= {
        "Damascus", "Rural Damascus", "Aleppo", "Homs", "Hama", "Idlib", "Latakia", "Tartus", "Daraa",
        "As-Suwayda", "Quneitra", "Deir ez-Zor", "Raqqa", "Al-Hasakah"}


def test_places_are_in_syria_and_parents_exist():
    for place in knowledge().places.values():
        loc = place.location
        if not place.imported:  # (an imported gazetteer's points are its own: the Golan lies past 35.7 E)
            assert 32.3 <= loc.lat <= 37.4 and 35.7 <= loc.lon <= 42.4, loc
        assert loc.precision in PRECISION_RANK
        assert place.parent is None or place.parent in knowledge().places


def test_actor_parents_and_types():
    kb = knowledge()
    for actor in kb.actors.values():
        assert actor.parent is None or actor.parent in kb.actors
        assert 0 <= actor.inter <= 8


def test_every_trigger_is_an_acled_type():
    kb = knowledge()
    for trig in kb.triggers:
        assert trig.sub_event_type in kb.taxonomy[trig.event_type]
    assert sum(len(s) for s in kb.taxonomy.values()) == 25


def test_required_neighbourhoods_have_both_names():
    kb = knowledge()
    places = kb.matchers["places"]
    for en, ar in [("Mezzeh", "المزة"), ("Kafr Sousa", "كفرسوسة"), ("Jobar", "جوبر"), ("Qaboun", "القابون"),
                   ("Barzeh", "برزة"), ("Malki", "المالكي"), ("Eastern Ghouta", "الغوطة الشرقية")]:
        ids_en = {v for m in places.find(en) for _, v in m.payloads}
        ids_ar = {v for m in places.find(ar) for _, v in m.payloads}
        assert ids_en and ids_en & ids_ar, (en, ar)
