"""Property-based tests (Hypothesis) for the parsers of numbers, dates, claims and metadata, for reading
inputs, and for the storage round trip on SQLite and PostgreSQL."""
from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import marsad
from conftest import fresh_database
from marsad.extraction.analysis import analyze
from marsad.extraction.claims import PLAUSIBLE_MAX_DEFAULT
from marsad.extraction.events import event_date
from marsad.jobs.batch import ingest_documents
from marsad.model import Claim, Document, Given, Rejection, fatalities
from marsad.reading.dates import find_dates, first_date
from marsad.reading.inputs import InputError, decode, read_row
from marsad.reading.lexicon import READING
from marsad.reading.metadata import latest_plausible, parse_given_date
from marsad.storage import Store

ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen").split()
TENS = dict(zip(range(2, 10), "twenty thirty forty fifty sixty seventy eighty ninety".split(), strict=True))
AR_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]


def english(n: int) -> str:
    """``n`` in English words, as reports write it."""
    if n < 20:
        return ONES[n]
    if n < 100:
        return TENS[n // 10] + (f"-{ONES[n % 10]}" if n % 10 else "")
    if n < 1000:
        return f"{ONES[n // 100]} hundred" + (f" and {english(n % 100)}" if n % 100 else "")
    return f"{english(n // 1000)} thousand" + (f" {english(n % 1000)}" if n % 1000 else "")


def _claims(text: str) -> list[Claim]:
    return [c for e in marsad.extract(text).events for c in e.claims]


# -- numbers -----------------------------------------------------------------------------------
@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=1, max_value=999_999), st.sampled_from(["words", "digits", "commas", "eastern"]))
def test_a_count_in_any_writing_is_read_as_that_number(n, form):
    if form == "eastern":
        eastern = str(n).translate(AR_DIGITS)
        text = f"قتل {eastern} مدنيا في قصف على درعا يوم الاثنين، بحسب المرصد السوري."
    else:
        written = {"words": english(n), "digits": str(n), "commas": f"{n:,}"}[form]
        text = f"Shelling killed {written} civilians in Daraa on Monday, the Syrian Observatory said."
    claims = _claims(text)
    assert [(c.kind, c.low, c.high) for c in claims] == [("killed", n, n)], (text, claims)
    assert claims[0].claimant == "SOHR"


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=PLAUSIBLE_MAX_DEFAULT + 1, max_value=10 ** 40))
def test_an_absurd_count_is_never_a_claim_and_never_a_crash(n):
    doc = marsad.extract(f"Shelling killed {n:,} civilians in Daraa on Monday, the Syrian Observatory said.")
    assert all(c.low is None or c.low <= PLAUSIBLE_MAX_DEFAULT for e in doc.events for c in e.claims)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(list("0123456789٠١٢٣٤٥٦٧٨٩,.:٫ -") + ["million", " and ", "hundred", "twenty",
                                                                        "five", "مئة", "و"]),
                max_size=40).map("".join))
def test_numbers_in_any_arrangement_make_items_inside_the_text(fragment):
    text = f"Shelling killed {fragment} civilians in Daraa"
    sentence = analyze(text, 0, len(text))
    for item in sentence.items:
        assert 0 <= item.start < item.end <= len(text)
        if item.kind == "num":
            assert isinstance(item.value, int) and item.value >= 0


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 999_999), st.integers(1, 999_999), st.sampled_from([
    "between {a} and {b}", "{a}-{b}", "{a} to {b}", "from {a} to {b}", "between {a:,} and {b:,}",
    "ar:بين {a} و{b}", "ar:من {a} إلى {b}", "ar:{a}-{b}"]))
def test_a_range_in_any_writing_keeps_both_bounds(a, b, form):
    low, high = sorted((a, b))
    assume(low < high and not (1900 <= low and high <= 2100))  # (two years are no range of dead)
    if form.startswith("ar:"):
        text = f"قتل {form[3:].format(a=low, b=high)} مدنيا في قصف على درعا يوم الاثنين، بحسب المرصد السوري."
    else:
        text = f"Shelling killed {form.format(a=low, b=high)} civilians in Daraa on Monday, the Syrian Observatory said"
    claims = _claims(text)
    assert [(c.kind, c.low, c.high, c.qualifier) for c in claims] == [("killed", low, high, "range")], text
    assert claims[0].claimant == "SOHR"


@settings(max_examples=100, deadline=None)
@given(st.integers(1000, 999_999_999), st.sampled_from([" ", "\u00a0", "\u202f", "\u2009"]))
def test_thousands_grouped_by_any_space_are_one_number(n, space):
    written = f"{n:,}".replace(",", space)
    text = f"Shelling killed {written} civilians in Daraa on Monday, the Syrian Observatory said."
    expected = [("killed", n, n)] if n <= PLAUSIBLE_MAX_DEFAULT else []
    assert [(c.kind, c.low, c.high) for c in _claims(text)] == expected


@settings(max_examples=100, deadline=None)
@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2025, 12, 31)), st.integers(0, 25), st.integers(1, 99),
       st.sampled_from(["DAMASCUS, {M} {d} (Reuters) - Shelling killed {n} civilians in Daraa, activists said.",
                        "On {M} {d}, shelling killed {n} civilians in Daraa, activists said.",
                        "Shelling on {d} {M} killed {n} civilians in Daraa, activists said.",
                        "قتل {n} مدنيا في قصف على درعا في {d} {A}، بحسب ناشطين."]))
def test_a_day_and_month_is_the_event_date_and_never_a_figure(day, late, n, form):
    arabic = [name for name, number in ARABIC_MONTHS.items() if number == day.month][0]
    text = form.format(M=MONTHS_EN[day.month - 1], A=arabic, d=day.day, n=n)
    doc = marsad.extract(text, published=(day + timedelta(days=late)).isoformat())
    assert [(c.kind, c.low) for e in doc.events for c in e.claims] == [("killed", n)], text
    assert [e.date for e in doc.events] == [day], text


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(list("0123456789٠١٢٣٤٥٦٧٨٩,.:٫ -–k") + [
    "billion", "trillion", " and ", "between ", " to ", "بين ", " و", "إلى ", "مليار", "\u202f", "May "]),
                max_size=40).map("".join))
def test_ranges_and_scales_in_any_arrangement_make_ordered_items_inside_the_text(fragment):
    text = f"Shelling killed {fragment} civilians in Daraa"
    sentence = analyze(text, 0, len(text))
    for item in sentence.items:
        assert 0 <= item.start < item.end <= len(text)
        if item.kind == "range":
            assert 0 <= item.value[0] < item.value[1]
        if item.kind == "num":
            assert isinstance(item.value, int) and item.value >= 0


# -- claims ------------------------------------------------------------------------------------
QUALIFIERS = {"": ("exact", 0, 0), "more than ": ("more_than", 0, None), "at least ": ("at_least", 0, None),
              "up to ": ("up_to", None, 0)}
CLAIMANTS = {"the Syrian Observatory said": "SOHR", "SANA said": "SANA", "activists said": "activists",
             "the Syrian Civil Defence said": "Syrian Civil Defence", "the Russian Defence Ministry said":
             "Russian government"}
AR_QUALIFIERS = {"": ("exact", 0, 0), "أكثر من ": ("more_than", 0, None), "ما لا يقل عن ": ("at_least", 0, None)}
AR_CLAIMANTS = {"بحسب المرصد السوري": "SOHR", "بحسب سانا": "SANA", "بحسب الدفاع المدني السوري": "Syrian Civil Defence"}


@settings(max_examples=120, deadline=None)
@given(st.integers(min_value=2, max_value=5000), st.sampled_from(sorted(QUALIFIERS)),
       st.sampled_from(sorted(CLAIMANTS)), st.sampled_from(["killed", "wounded"]),
       st.sampled_from(["civilians", "people", "children"]))
def test_an_english_claim_keeps_its_bounds_victims_claimant_and_evidence(n, qualifier, claimant, verb, victims):
    text = f"Shelling in Daraa on Monday {verb} {qualifier}{n} {victims}, {claimant}."
    doc = marsad.extract(text)
    claims = [c for e in doc.events for c in e.claims]
    kind, low, high = QUALIFIERS[qualifier]
    assert len(claims) == 1, (text, claims)
    c = claims[0]
    assert c.kind == ("killed" if verb == "killed" else "injured") and c.qualifier == kind
    assert (c.low, c.high) == (None if low is None else n + low, None if high is None else n + high)
    assert c.victims == victims and c.claimant == CLAIMANTS[claimant]
    assert doc.text[c.start:c.end] == c.evidence and str(n) in c.evidence


@settings(max_examples=80, deadline=None)
@given(st.integers(min_value=2, max_value=5000), st.sampled_from(sorted(AR_QUALIFIERS)),
       st.sampled_from(sorted(AR_CLAIMANTS)))
def test_an_arabic_claim_keeps_its_bounds_and_claimant(n, qualifier, claimant):
    text = f"قتل {qualifier}{n} مدنيين في قصف على درعا يوم الاثنين، {claimant}."
    claims = _claims(text)
    kind, low, high = AR_QUALIFIERS[qualifier]
    assert [(c.kind, c.qualifier, c.low, c.high, c.claimant) for c in claims] == [
        ("killed", kind, None if low is None else n + low, None if high is None else n + high, AR_CLAIMANTS[claimant])]


@given(st.lists(st.builds(Claim, kind=st.sampled_from(["killed", "injured"]),
                          low=st.one_of(st.none(), st.integers(0, 10 ** 6)),
                          high=st.one_of(st.none(), st.integers(0, 10 ** 6)), qualifier=st.just("exact"),
                          victims=st.sampled_from(["people", "civilians", "children", "women", "fighters"]),
                          claimant=st.sampled_from(["SOHR", "SANA", "activists"]), start=st.just(0), end=st.just(1),
                          evidence=st.just("x")), max_size=12))
def test_fatalities_are_ordered_and_come_from_the_killed(claims):
    dead = fatalities(claims)
    assert 0 <= dead["low"] <= dead["best"] <= dead["high"]
    if not any(c.kind == "killed" and (c.low is not None or c.high is not None) for c in claims):
        assert dead == {"low": 0, "best": 0, "high": 0}


# -- dates -------------------------------------------------------------------------------------
@given(st.integers(0, 9999), st.integers(0, 99), st.integers(0, 99), st.sampled_from(["{y:04d}-{m:02d}-{d:02d}",
                                                                                     "{d}/{m}/{y}", "{d}.{m}.{y}"]))
def test_numeric_dates_are_the_date_or_nothing(y, m, d, form):
    text = form.format(y=y, m=m, d=d)
    try:
        expected = date(y, m, d) if 1900 <= y <= 2100 else None
    except ValueError:
        expected = None
    found = first_date(text)
    if form.startswith("{y"):
        assert found == expected
    else:  # day first, or month first when the day cannot be a month
        assert found is None or found in {expected, _swapped(y, m, d)}


def _swapped(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, d, m)
    except ValueError:
        return None


ARABIC_MONTHS = READING.load_all("calendar")["ar"]["months"]


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)), st.data())
def test_arabic_dates_with_any_month_name_and_digits(day, data):
    names = [name for name, number in ARABIC_MONTHS.items() if number == day.month]
    name = data.draw(st.sampled_from(names))
    digits = data.draw(st.sampled_from(["western", "eastern"]))
    text = f"{day.day} {name} {day.year}"
    if digits == "eastern":
        text = text.translate(AR_DIGITS)
    assert first_date(f"حلب، {text} (سمارت)") == day


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 1, 1)), st.integers(0, 6))
def test_a_weekday_is_the_latest_such_day_up_to_publication(published, weekday):
    name = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][weekday]
    text = f"Shelling hit Daraa on {name}."
    when, precision = event_date(analyze(text, 0, len(text)), published)
    assert precision == "day" and when.weekday() == weekday and 0 <= (published - when).days <= 6


@given(st.text(max_size=200))
def test_dates_in_any_text_are_real_dates_inside_it(text):
    for found in find_dates(text):
        assert 0 <= found.start < found.end <= len(text) and 1900 <= found.value.year <= 2100


# -- metadata ----------------------------------------------------------------------------------
@given(st.one_of(st.text(max_size=60), st.none()))
def test_a_given_published_date_is_a_date_or_nothing(value):
    assert parse_given_date(value) is None or isinstance(parse_given_date(value), date)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)), st.times())
def test_iso_timestamps_give_their_day(day, time):
    assert parse_given_date(f"{day.isoformat()}T{time.isoformat()}Z") == day


@settings(max_examples=60, deadline=None)
@given(title=st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=80),
       published=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
       publisher=st.sampled_from(["SANA", "Enab Baladi", "عنب بلدي", "Some Local Blog"]))
def test_given_metadata_wins_and_impossible_dates_are_dropped(title, published, publisher):
    assume(title.strip())
    doc = marsad.extract("Clashes in Homs\n\nClashes broke out in Homs on Monday between the army and rebels.",
                         key="k", title=title, published=published.isoformat(), publisher=publisher)
    assert doc.meta.title == title.strip() and doc.meta.title_source == "input"
    assert doc.meta.publisher == {"عنب بلدي": "Enab Baladi"}.get(publisher, publisher)
    if published <= latest_plausible():
        assert doc.meta.published == published and doc.meta.published_source == "input"
    else:
        assert doc.meta.published is None and any("in the future" in w for w in doc.warnings)
    assert all(e.date is None or e.date <= latest_plausible(doc.meta.published) for e in doc.events)


# -- reading inputs ----------------------------------------------------------------------------
PLAIN = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=300)


@given(PLAIN, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]))
def test_unicode_text_decodes_to_itself(text, encoding):
    assert decode(text.encode(encoding))[0] == text


@given(st.text(alphabet="ابتثجحخدذرزسشصضطظعغفقكلمنهوي ،.0123456789", min_size=20, max_size=200))
def test_arabic_in_windows_1256_is_guessed(text):
    assume(sum(ch.isalpha() for ch in text) >= 10)
    assert decode(text.encode("cp1256")) == (text, "cp1256")


@given(st.binary(max_size=2000))
def test_any_bytes_decode_or_are_refused_by_name(data):
    try:
        text, encoding = decode(data)
    except InputError as exc:
        assert "binary" in str(exc) or "not valid" in str(exc)
    else:
        assert isinstance(text, str) and encoding


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                    max_leaves=12)


@given(st.one_of(JSON, st.fixed_dictionaries({"text": JSON}, optional={"id": JSON, "title": JSON, "published": JSON})))
def test_any_json_row_is_a_document_or_a_rejection(row):
    result = read_row(row, "batch.jsonl:1", "batch.jsonl:1")
    assert isinstance(result, (Document, Rejection))
    if isinstance(result, Rejection):
        assert result.source == "batch.jsonl:1" and result.reason
    else:
        assert isinstance(result.key, str) and result.raw.strip()
        assert all(v is None or isinstance(v, str) for v in (result.given.title, result.given.published))


# -- storage round trip ------------------------------------------------------------------------
PLACES = ["Daraa", "Homs", "Idlib", "Azaz", "Douma", "درعا", "حمص", "إدلب", "منبج"]
SENTENCES = st.one_of(
    st.builds("Shelling by government forces killed {} civilians in {} on Monday, {} said.".format,
              st.integers(1, 500), st.sampled_from(PLACES[:5]), st.sampled_from(["SANA", "activists", "SOHR"])),
    st.builds("قتل {} مدنيين في قصف على {} يوم الاثنين، بحسب المرصد السوري.".format,
              st.integers(1, 500), st.sampled_from(PLACES[5:])),
    st.builds("Clashes broke out in {} between the army and rebels.".format, st.sampled_from(PLACES[:5])),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=80),
)
REPORTS = st.builds(lambda title, body, published: (title, "\n\n".join(body), published),
                    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40),
                    st.lists(SENTENCES, min_size=1, max_size=5),
                    st.one_of(st.none(), st.dates(min_value=date(2011, 1, 1), max_value=date(2025, 1, 1))))


_RUN = itertools.count()


def _round_trip(store: Store, reports) -> None:
    run = next(_RUN)  # each example's texts are new to the store (equal texts are one document)
    docs = [Document(key=f"r{n}", raw=f"{title}\n\n{body}\n\nReport {run}-{n}.", source=f"gen:{n}",
                     given=Given(published=published.isoformat() if published else None))
            for n, (title, body, published) in enumerate(reports)]
    processed = {}
    for doc in docs:
        try:
            out = marsad.default_pipeline().run(doc)
        except marsad.StageError:
            continue
        processed.setdefault(out.id, out)
    ingest_documents(docs, store)
    for doc in processed.values():
        row = store.document(doc.id)
        assert row is not None, doc.key
        assert row["text"] == doc.text and row["language"] == doc.language
        assert row["published"] == (doc.meta.published.isoformat() if doc.meta.published else None)
        assert [(p["start_offset"], p["end_offset"], p["role"]) for p in row["paragraphs"]] == \
            [(p.start, p.end, p.role) for p in doc.paragraphs]
        stored = {e["id"]: e for e in store.events() if e["doc_id"] == doc.id}
        assert set(stored) == {e.id for e in doc.events}
        for event in doc.events:
            s = stored[event.id]
            assert (s["event_type"], s["sub_event_type"], s["actor1"], s["actor2"]) == \
                (event.event_type, event.sub_event_type, event.actor1, event.actor2)
            assert s["date"] == (event.date.isoformat() if event.date else None)
            assert s["location_name"] == (event.location.name if event.location else None)
            assert s["evidence"] == event.evidence == doc.text[s["evidence_start"]:s["evidence_end"]]
            assert (s["fatalities_low"], s["fatalities_best"], s["fatalities_high"]) == tuple(event.fatalities.values())
            claims = store.claims_of(event.id)
            assert [(c["kind"], c["low"], c["high"], c["claimant"], c["evidence"]) for c in claims] == \
                [(c.kind, c.low, c.high, c.claimant, c.evidence) for c in event.claims]


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_what_is_stored_is_what_was_extracted(backend, tmp_path):
    store = Store(fresh_database(backend, tmp_path))

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(REPORTS, min_size=1, max_size=4))
    def check(reports):
        _round_trip(store, reports)

    try:
        check()
    finally:
        store.close()


def test_an_event_date_never_follows_publication():
    published = date(2020, 5, 1)
    doc = marsad.extract("Air strike on Idlib\n\nOn 5 March 2031 an air strike killed 4 civilians in Idlib.",
                         published=published.isoformat())
    assert all(e.date is None or e.date <= published + timedelta(days=1) for e in doc.events)
    assert any("after the report was published" in w for w in doc.warnings)
