"""Incremental linking equals a full relink, and reads only what lies near the new reports; wire copies
among reports that share boilerplate are found by comparing few pairs."""
import json
import random
from datetime import date, timedelta

from marsad.jobs.batch import ingest
from marsad.jobs.demo import sample_path
from marsad.linking.copies import (
    COMMON,
    RECENT_GROUPS,
    SKETCH,
    Groups,
    Story,
    find_copies,
    join_copies,
    prefix_length,
    sketch,
)
from marsad.linking.incidents import link_database
from marsad.storage import Store, schema


def snapshot(store) -> dict:
    """Everything linking writes, in comparable form."""
    d, e = schema.documents, schema.events
    with store.engine.connect() as conn:
        docs = sorted(tuple(r) for r in conn.execute(
            d.select().with_only_columns(d.c.id, d.c.copy_of, d.c.credibility, d.c.credibility_reasons)))
        events = sorted(tuple(r) for r in conn.execute(e.select().with_only_columns(e.c.id, e.c.incident_id)))
    incidents = sorted(store.incidents(), key=lambda r: r["id"])
    return {"documents": docs, "events": events, "incidents": incidents, "outlets": store.outlet_profiles()}


def sample_steps() -> list[list]:
    """The sample corpus in four batches, in an order that makes later reports join earlier incidents."""
    files = sorted(p for p in sample_path().iterdir() if p.suffix != ".jsonl")
    random.Random(3).shuffle(files)
    return [files[:4], files[4:8], files[8:], [sample_path() / "batch.jsonl"]]


def test_incremental_link_equals_a_full_relink_at_every_step(tmp_path):
    with Store(tmp_path / "inc.db") as inc, Store(tmp_path / "full.db") as full:
        for n, step in enumerate(sample_steps()):
            ingest(step, inc)
            ingest(step, full)
            linked = link_database(inc)
            # (the first link relinks everything, as nothing was linked yet; every later one is incremental)
            assert linked.full == (n == 0) and linked.credibility, f"step {n} was not linked as it should be"
            assert link_database(full, full=True).full
            assert snapshot(inc) == snapshot(full), f"incremental and full linking differ after step {n}"
        assert any(len(json.loads(json.dumps(i["summary"]))["documents"]) > 2 for i in inc.incidents())


def test_incremental_link_equals_a_full_relink_on_postgresql(store, tmp_path):
    with Store(tmp_path / "full.db") as full:
        for step in sample_steps():
            ingest(step, store)
            ingest(step, full)
            link_database(store)
            link_database(full, full=True)
        assert snapshot(store) == snapshot(full)


def test_a_database_linked_before_profile_sums_were_kept_is_relinked_whole(tmp_path):
    with Store(tmp_path / "old.db") as store:
        ingest(sample_steps()[0], store)
        link_database(store, full=True)
        with store.engine.begin() as conn:  # profiles as an older version stored them: no sums
            conn.execute(schema.outlet_profiles.update().values(bias_by_side='{"others": 0.5}'))
        ingest(sample_steps()[1], store)
        assert link_database(store).full
        assert not link_database(store).full


REPORT = ("Shelling on {place}\n\n{place}, {outlet}\n\nShelling by government forces killed {n} civilians in "
          "{place} on {day}, the Syrian Civil Defence said. {extra} Rescuers searched the rubble of the houses "
          "that were hit, and the wounded were taken to a field hospital nearby, residents said.")
PLACES = ["Daraa", "Homs", "Aleppo", "Idlib", "Raqqa", "Hama", "Douma", "Azaz"]
WORDS = ("market school bakery mosque clinic road bridge farm field well orchard garage square tower camp "
         "village quarter district hill valley river school yard wall roof gate street").split()


def corpus_rows(weeks: int, per_week: int, seed: int = 5) -> list[dict]:
    """Reports spread over ``weeks`` weeks, ``per_week`` a week, in eight places."""
    rng = random.Random(seed)
    rows = []
    for n in range(weeks * per_week):
        day = date(2020, 1, 6) + timedelta(days=7 * (n // per_week) + n % 7)
        extra = " ".join(rng.choice(WORDS) for _ in range(12)).capitalize() + "."
        rows.append({"id": f"r{n}", "published": day.isoformat(), "publisher": rng.choice(["SANA", "Enab Baladi"]),
                     "text": REPORT.format(place=PLACES[n % len(PLACES)], outlet="Agencies", n=3 + n % 9,
                                           day=day.strftime("%d %B %Y"), extra=extra)})
    return rows


def write_rows(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_an_ingest_reads_only_the_reports_near_the_new_one(tmp_path):
    """Adding one report to a database of 20 weeks or of 60 weeks of reports reads the same reports."""
    new = {"id": "new", "published": "2020-02-04", "publisher": "Reuters",
           "text": REPORT.format(place="Homs", outlet="Reuters", n=4, day="4 February 2020",
                                 extra="A second shell hit the bakery queue.")}
    loaded = []
    for weeks in (20, 60):
        with Store(tmp_path / f"w{weeks}.db") as store:
            ingest([write_rows(tmp_path / f"w{weeks}.jsonl", corpus_rows(weeks, 6))], store)
            assert link_database(store).loaded == weeks * 6  # the first link reads everything
            ingest([write_rows(tmp_path / f"new{weeks}.jsonl", [new])], store)
            linked = link_database(store)
            assert not linked.full and linked.incident_of
            loaded.append(linked.loaded)
    assert loaded[0] == loaded[1] < 40, loaded


def boilerplate_stories(count: int, seed: int = 11) -> tuple[list[Story], dict[str, str]]:
    """Stories that share two long boilerplate paragraphs and differ in a short one; every tenth has a
    copy (the same story with one word changed, published a day later). Returns the stories and the true
    ``{copy: original}``."""
    rng = random.Random(seed)
    plate = ("Residents said the bombardment lasted for hours and that the wounded were taken to a field "
             "hospital on the edge of the town, where doctors worked through the night without electricity. "
             "The monitoring group said it had documented the attack through its network of correspondents "
             "and that the toll was likely to rise as rescuers searched the rubble of the destroyed buildings.")
    stories, truth = [], {}
    for n in range(count):
        own = " ".join(rng.choice(WORDS) + str(rng.randrange(1000)) for _ in range(14))
        text = f"{own}\n\n{plate}"
        day = date(2024, 3, 1) + timedelta(days=n % 20)
        stories.append(Story(doc_id=f"s{n:05d}", sketch=sketch(text), published=day))
        if n % 10 == 0:
            stories.append(Story(doc_id=f"t{n:05d}", sketch=sketch(text.replace(own.split()[-1], "later")),
                                 published=day + timedelta(days=1)))
            truth[f"t{n:05d}"] = f"s{n:05d}"
    return stories, truth


def test_copies_among_reports_sharing_boilerplate_are_exactly_the_true_copies():
    stories, truth = boilerplate_stories(400)
    assert find_copies(stories) == truth


def test_copy_detection_compares_a_number_of_pairs_linear_in_the_stories():
    compared = []
    for count in (300, 600, 1200):
        stories, truth = boilerplate_stories(count)
        compared.append(join_copies(stories, Groups()))
        # at most one story of each of the latest groups in each bucket of a story's rarest hashes
        assert compared[-1] <= prefix_length(SKETCH) * RECENT_GROUPS * count, (count, compared[-1])
    assert compared[2] <= 5 * compared[0], f"4 times the stories, {compared[2] / compared[0]:.1f} times the pairs"
    assert compared[2] < 1200 * 1199 / 2 / 50  # a fiftieth of all pairs; a quadratic count would be 16 times


def test_a_hash_shared_by_many_stories_is_no_bucket():
    plate = " ".join(f"w{n}" for n in range(60))  # every story is this boilerplate and two own words
    stories = [Story(doc_id=f"s{n}", sketch=sketch(f"{plate} own{n} also{n}"), published=date(2024, 3, 1))
               for n in range(COMMON * 3)]
    assert join_copies(stories, Groups()) <= COMMON * 3  # one group: each story is compared once
    assert len(find_copies(stories)) == COMMON * 3 - 1


def test_copies_are_looked_for_within_a_week():
    text = ("A car bomb exploded in the crowded vegetable market of Azaz on Sunday afternoon, killing seven "
            "civilians and wounding twenty others, the civil defence said in a statement on its channel.")
    near = [Story(doc_id="a", sketch=sketch(text), published=date(2021, 3, 14)),
            Story(doc_id="b", sketch=sketch(text), published=date(2021, 3, 20)),
            Story(doc_id="c", sketch=sketch(text), published=date(2021, 5, 1))]
    assert find_copies(near) == {"b": "a"}


STORY = ("A car bomb exploded in the crowded vegetable market of Azaz on Sunday afternoon, killing seven civilians "
         "and wounding 20 others, the Syrian Civil Defence said. The blast destroyed several shops and set fire to "
         "cars parked along the market street, and rescuers were still searching the rubble in the evening, "
         "residents told reporters.")


def test_a_copy_published_before_the_stored_original_takes_its_place_as_in_a_full_relink(tmp_path):
    """The second batch holds an earlier print of a stored story: the stored original becomes its copy;
    the third batch adds another copy. Both databases agree after each batch."""
    batches = [[("later", "Syria TV", "2021-03-15", STORY)],
               [("earlier", "Enab Baladi", "2021-03-14", STORY.replace("the Syrian", "the", 1)),
                ("other", "Reuters", "2021-03-14", "A car bomb went off in Azaz on Sunday, killing nine people "
                 "and wounding dozens, the Syrian Observatory for Human Rights said.")],
               [("third", "North Press", "2021-03-16", STORY.replace("residents", "locals"))]]
    with Store(tmp_path / "inc.db") as inc, Store(tmp_path / "full.db") as full:
        for n, batch in enumerate(batches):
            rows = [{"id": key, "publisher": outlet, "published": day, "text": text}
                    for key, outlet, day, text in batch]
            path = write_rows(tmp_path / f"b{n}.jsonl", rows)
            ingest([path], inc)
            ingest([path], full)
            assert link_database(inc).full == (n == 0)  # (the first link relinks everything: nothing is linked yet)
            link_database(full, full=True)
            assert snapshot(inc) == snapshot(full), f"incremental and full linking differ after batch {n}"
        copies = {inc.document(d)["key"]: inc.document(d)["copy_of"] for d, *_ in snapshot(inc)["documents"]}
        earlier = inc.document("earlier")["id"]
        assert copies == {"later": earlier, "earlier": None, "other": None, "third": earlier}


def test_incremental_link_equals_a_full_relink_on_batches_out_of_order(tmp_path):
    """Reports over ten weeks in eight places, some reprinted, some with no date at all, ingested in
    shuffled batches: incremental linking and a full relink store the same after every batch."""
    rows = corpus_rows(10, 5, seed=9)
    rows += [dict(r, id=f"{r['id']}-reprint", publisher="Reuters", text=r["text"].replace("residents", "locals"))
             for r in rows[::7]]
    rows += [{"id": f"undated{n}", "publisher": "Activists", "text": f"Shelling on {place}\n\nRegime forces "
              f"shelled {place}, killing {n + 2} civilians, medics said. Rescuers searched the rubble of homes."}
             for n, place in enumerate(PLACES[:4] * 2)]
    random.Random(4).shuffle(rows)
    with Store(tmp_path / "inc.db") as inc, Store(tmp_path / "full.db") as full:
        for n in range(0, len(rows), 20):
            path = write_rows(tmp_path / f"b{n}.jsonl", rows[n:n + 20])
            ingest([path], inc)
            ingest([path], full)
            link_database(inc)
            link_database(full, full=True)
            assert snapshot(inc) == snapshot(full), f"incremental and full linking differ after batch {n // 20}"
        assert any(d[1] for d in snapshot(inc)["documents"]), "no wire copy was found"
