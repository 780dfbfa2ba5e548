"""Blocking: the events linking compares with each event hold every pair that can link, however the events
are dated, placed and told; an event with no date is compared only with events of its own kind."""
import random
from datetime import date, timedelta

from marsad.extraction.knowledge import knowledge
from marsad.linking.blocking import Blocks
from marsad.linking.pairs import EventRef, agrees, score, window

KINDS = [("Explosions/Remote violence", "Shelling/artillery/missile attack"),
         ("Explosions/Remote violence", "Air/drone strike"),
         ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
         ("Explosions/Remote violence", "Suicide bomb"),
         ("Battles", "Armed clash"),
         ("Strategic developments", "Agreement")]
PER_PRECISION = 8
ACTORS = [None, "Syrian government forces", "Syrian Air Force", "Hay'at Tahrir al-Sham", "Syrian rebels",
          "Syrian Democratic Forces", "Islamic State"]


def events(count: int, seed: int) -> list[EventRef]:
    """Events of one governorate, at a few places of each precision (a few with no coordinates or no place),
    on days, weeks and months, some of reports with no date, several from one report."""
    rng = random.Random(seed)
    by_precision: dict[str, list] = {}
    for loc in sorted((p.location for p in knowledge().places.values() if p.location.admin1 == "Idlib"),
                      key=lambda loc: loc.id):
        by_precision.setdefault(loc.precision, []).append(loc)
    # (a few places of each precision, as many with the bundled gazetteer as with a full one imported)
    places = [loc for found in by_precision.values() for loc in found[:PER_PRECISION]]
    made = []
    for n in range(count):
        loc = rng.choice(places)
        published = None if rng.random() < 0.15 else date(2019, 1, 1) + timedelta(days=rng.randrange(30))
        precision = rng.choice(["day", "day", "day", "week", "month", None])
        when = None
        if published and precision:
            when = published - timedelta(days=rng.randrange(0, 12))
        kind = rng.choice(KINDS)
        unplaced = rng.random() < 0.05
        made.append(EventRef(
            event_id=f"e{n:04d}", doc_id=f"d{n // 2 if rng.random() < 0.3 else n:04d}", event_type=kind[0],
            sub_event_type=kind[1], actor1=rng.choice(ACTORS), actor2=rng.choice(ACTORS[:3]),
            place_id=None if unplaced else loc.id, lat=None if unplaced or rng.random() < 0.05 else loc.lat,
            lon=None if unplaced else loc.lon, precision=loc.precision, admin1=loc.admin1, date=when,
            date_precision=precision if when else None, published=published,
            killed=rng.choice([0, 0, 2, 5, 40]), background=rng.random() < 0.1,
            year=rng.choice([None, 2017, 2019]) if published is None else None))
    return made


def test_every_pair_that_can_link_is_compared():
    found = events(700, seed=11)
    blocks = Blocks()
    for ev in found:
        blocks.add(ev)
    near = {ev.event_id: {o.event_id for o in blocks.near(ev)} for ev in found}
    agreeing = missed = 0
    for i, a in enumerate(found):
        wa = window(a)
        for b in found[i + 1:]:
            wb = window(b)
            if agrees(score(a, b, wa, wb, windows=True), wa, wb):
                agreeing += 1
                missed += b.event_id not in near[a.event_id] or a.event_id not in near[b.event_id]
    assert agreeing > 150  # (the set holds pairs of every kind of window and place)
    assert missed == 0


def test_an_event_with_no_date_is_compared_only_with_events_of_its_kind():
    found = events(700, seed=12)
    blocks = Blocks()
    for ev in found:
        blocks.add(ev)
    undated = [ev for ev in found if window(ev) is None and ev.place_id]
    assert len(undated) > 20
    compared = 0
    for ev in undated:
        for other in blocks.near(ev):
            compared += 1
            assert (other.event_type, other.sub_event_type) == (ev.event_type, ev.sub_event_type)
    assert compared > 0
