"""Wire copies found a window of days at a time (a full link of a database) are those found over every story
at once, copies across the windows' edges included."""
import random
from array import array
from datetime import date, timedelta

from marsad.linking.copies import COPY_DAYS, Story, find_copies, sketch
from marsad.storage.linkrows import COPY_WINDOW, copies_by_window

WORDS = ("shelling struck the eastern districts of the town on Tuesday killing civilians and wounding others "
         "according to rescue workers who said the strikes hit a market a school and several homes near the main "
         "road while residents fled toward the olive groves north of the town as the bombardment continued into "
         "the night and hospitals appealed for blood donors medical supplies and fuel for their generators").split()


def stories(seed: int) -> list[Story]:
    """Stories over three windows of days: originals, reprints a few days later (some across a window's edge,
    some too late to be copies), and stories with no day."""
    rng = random.Random(seed)
    made, start = [], date(2020, 1, 1)
    for n in range(120):
        text = " ".join(rng.choice(WORDS) for _ in range(80))
        day = start + timedelta(days=rng.choice([COPY_WINDOW - 2, COPY_WINDOW - 1, 2 * COPY_WINDOW - 3])
                                if n % 4 == 0 else rng.randrange(3 * COPY_WINDOW))
        published = None if n % 10 == 9 else day
        made.append(Story(doc_id=f"s{n:03d}", sketch=sketch(text), published=published, day=day))
        for k in range(rng.randrange(3)):
            later = day + timedelta(days=rng.choice([0, 2, COPY_DAYS, COPY_DAYS + 3]))
            reprint = text.replace(WORDS[k], WORDS[k + 1], 1)
            made.append(Story(doc_id=f"s{n:03d}-{k}", sketch=sketch(reprint), published=later, day=later))
    made.append(Story(doc_id="undated-a", sketch=made[0].sketch, published=None, day=None))
    made.append(Story(doc_id="undated-b", sketch=made[0].sketch, published=None, day=None))
    return made


def packed(found: list[Story]) -> list[tuple]:
    return [(s.day, s.doc_id, s.published, array("Q", s.sketch).tobytes()) for s in found]


def test_copies_found_window_by_window_are_those_found_at_once():
    for seed in (1, 2, 3):
        found = stories(seed)
        at_once = find_copies(found)
        assert len(at_once) > 30  # (copies within windows and across their edges)
        first, day = min(s.day for s in found if s.day), {s.doc_id: s.day for s in found}
        assert any((day[c] - first).days // COPY_WINDOW != (day[o] - first).days // COPY_WINDOW
                   for c, o in at_once.items() if day[c] and day[o])  # (a copy across a window's edge)
        assert copies_by_window(packed(found)) == at_once
        assert copies_by_window(packed(list(reversed(found)))) == at_once
