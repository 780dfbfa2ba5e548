"""Stage ``extract``: the events a document reports, with their attributed casualty claims.

Reads the title and the story (never the header or the furniture) sentence by
sentence (:mod:`marsad.extraction.analysis`), makes events (:mod:`marsad.extraction.events`) and
claims (:mod:`marsad.extraction.claims`), attaches each claim to the event of its sentence
(else the last event earlier in its paragraph, else the main event), merges
mentions of one event, and keeps the events that have a place and that the
report tells in its own voice: an event read only inside quotation marks (a
spokesman's statement, a tweet) is dropped unless the report's own text
mentions it too.
"""
from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import replace

from ..model import Document
from ..reading.metadata import latest_plausible
from .analysis import Sentence, analyze, sentences
from .claims import plausible, read_claims
from .dating import report_date, undated
from .events import Draft, anaphoric_places, drafts, freeze
from .knowledge import knowledge, refresh
from .merging import join_main, merge, resolve_references
from .places import place_context
from .placing import fill_places, follow_the_title, keep_unplaced, refine_country_events, title_of_fronts
from .scope import country_wide, incident_places, link_told, one_per_figure, told_once


def _fallback_place(doc: Document, sents: list[Sentence]) -> str | None:
    """The place of the dateline ("Damascus, SMART", "حمص-سانا"), else of the title."""
    kb = knowledge()
    candidates = [analyze(doc.text, p.start, p.end) for p in doc.paragraphs_with("dateline")]
    candidates += [s for s in sents if s.role == "title"]
    for s in candidates:
        ids = [i.value for i in s.of("place")]
        if ids:
            return max(ids, key=lambda i: kb.places[i].population)
    return None


def _speaks_of(s: Sentence, event: Draft) -> bool:
    """A sentence of its own paragraph speaks of the main event unless it names other places only."""
    kb = knowledge()
    places = {i.value for i in s.of("place")}
    if not places or event.place_id is None:
        return True
    family = {event.place_id, *kb.ancestors(event.place_id)}
    return bool(places & family) or any(event.place_id in kb.ancestors(p) for p in places)


def _attach(claims_by_sentence: dict[int, list], sents: list[Sentence], events: list[Draft]) -> None:
    """Each sentence's claims go to the sentence's first event told outside quotation marks, else the last
    event earlier in its paragraph, else the main event when the sentence speaks of it (where a correspondent
    is and the country named tell nothing of that). A sentence with no event that tells the past, or the
    whole country ("in Syria", "في عموم سوريا"), gives only its cumulative and background figures, which go
    to the event earlier in the paragraph or the main event wherever they were counted."""
    by_sentence: dict[int, list[Draft]] = defaultdict(list)
    for ev in events:
        by_sentence[ev.sentence].append(ev)
    kb = knowledge()
    countries = {i for s in sents for i in (p.value for p in s.of("place"))
                 if kb.places[i].location.precision == "country"}
    titles = frozenset(s.paragraph for s in sents if s.role == "title")
    linked = link_told([(s.paragraph, claims_by_sentence.get(s.index, [])) for s in sents], titles)
    claims_by_sentence = {s.index: claims for s, claims in zip(sents, linked, strict=True)}
    main = next((e for e in events if e.role in ("title", "lead")), events[0] if events else None)
    latest: dict[int, Draft] = {}  # per paragraph, the last event of the sentences read so far
    for s in sents:
        earlier = latest.get(s.paragraph)
        unquoted = [e for e in by_sentence.get(s.index, ()) if not e.quoted]  # (a quoted event is dropped later,
        if unquoted:  # with any figure given to it)
            latest[s.paragraph] = unquoted[-1]
        claims = claims_by_sentence.get(s.index, [])
        if not claims:
            continue
        told = [e for e in by_sentence.get(s.index, ()) if not e.quoted]  # (a quoted event is dropped later)
        target = None
        if told:
            target = told[0]
        else:
            if kb.background.search(s.text) or country_wide(s, countries):  # an older event's figures, or the
                claims = [c for c in claims if c.scope != "incident"]  # whole country's: only as what they are
            wider = all(c.scope != "incident" for c in claims)  # (a running total's places are its area's)
            target = earlier if earlier is not None else (
                main if main and (wider or _speaks_of(incident_places(s, countries), main)) else None)
        if target is not None:
            target.claims.extend(claims)


def run(doc: Document) -> Document:
    refresh()  # the gazetteer setting may have changed since the last document ($MARSAD_GAZETTEER, --gazetteer)
    sents = sentences(doc)
    if not sents:
        return doc.with_(events=())
    language = {p.index: p.language for p in doc.paragraphs}
    arabic = {s.index: language.get(s.paragraph) == "ar" for s in sents}
    reference = report_date(doc, sents)  # what relative dates count from (see .dating)
    found = drafts(sents, reference, arabic, doc.text)
    paragraphs: dict[int, list[Sentence]] = defaultdict(list)
    for s in sents:
        paragraphs[s.paragraph].append(s)
    claims, warnings = {}, list(doc.warnings)
    for s in sents:
        read = read_claims(s, paragraphs[s.paragraph], doc.meta.publisher, doc.text)
        claims[s.index] = [c for c in read if plausible(c)]
        warnings += [f"implausible figure not kept as a claim: {c.evidence!r} at {c.start}"
                     for c in read if not plausible(c)]
    _attach(told_once(claims, sents), sents, found)
    found = resolve_references(found)
    fallback = _fallback_place(doc, sents)
    # a title's event is placed before merging, by its actor; a vague one ("Army kills 28 in Hama") is told
    # more fully in the lead, whose place it takes by merging with it
    title_of_fronts(found, sents)
    fill_places([d for d in found if not d.vague], sents, fallback, roles=("title",))
    refine_country_events(found, sents)
    main_place = next((d.place_id for d in found if d.role in ("title", "lead") and d.place_id), fallback)
    anaphoric_places(found, sents, main_place)
    merged = merge(found)
    fill_places(merged, sents, fallback)
    refine_country_events(merged, sents)  # (the fallback may have been the country the title names)
    keep_unplaced(merged, sents, main_place, fallback)
    follow_the_title(merged, sents)
    kept = [d for d in merged if d.place_id and not d.quoted]
    kept_ids = {id(d) for d in kept}
    _rehome_claims([d for d in merged if id(d) not in kept_ids], kept, sents)
    kept = join_main(kept, max((s.end for s in sents if s.role == "title"), default=0))
    events = []
    limit = latest_plausible(reference)
    for event in freeze(doc.id, kept, doc.text, place_context(sents, knowledge()).confidence):
        if event.date and event.date > limit:
            warnings.append(f"event date {event.date.isoformat()} is after the report was published (or after "
                            f"today); not taken: {event.evidence!r}")
            event = replace(event, date=None, date_precision=None)
        if event.date is None:  # told without its day: the report's date, coarser (ACLED's convention)
            when, precision = undated(reference, event.salience == "background")
            event = replace(event, date=when, date_precision=precision)
        events.append(event)
    return doc.with_(events=tuple(events), warnings=tuple(warnings))


def _rehome_claims(dropped: list[Draft], kept: list[Draft], sents: list[Sentence]) -> None:
    """Claims read beside an event word that made no event of its own ("أفاد ناشطون باعتقال ستة") belong
    to the event told earlier in their paragraph, else to the main event (of a dropped older event, only its
    cumulative and background figures); so do the figures of an event told at the country alone beside the
    report's news, which is no event of its own. Then each kept event keeps each
    figure once (see :func:`.claims.one_per_figure`)."""
    if not kept:
        return
    kb = knowledge()
    if any(k.role in ("title", "lead") and not k.background for k in kept):  # then an event told at the country
        at_country = [k for k in kept if k.role not in ("title", "lead") and k.place_id  # alone is no event of its
                      and kb.places[k.place_id].location.precision == "country"]  # own (events.freeze): its
        dropped = dropped + [replace(k, claims=list(k.claims)) for k in at_country]  # figures go as a dropped
        for k in at_country:  # event's do
            k.claims.clear()
        kept = [k for k in kept if k not in at_country] or kept
    by_paragraph: dict[int, list[Draft]] = defaultdict(list)  # kept events come in sentence order
    for k in kept:
        by_paragraph[sents[k.sentence].paragraph].append(k)
    sentences_of = {p: [k.sentence for k in ks] for p, ks in by_paragraph.items()}
    known: dict[int, set] = {}
    for draft in dropped:
        if draft.quoted or not draft.claims:
            continue
        paragraph = sents[draft.sentence].paragraph
        at = bisect_right(sentences_of.get(paragraph, []), draft.sentence)
        target = by_paragraph[paragraph][at - 1] if at else kept[0]
        seen = known.setdefault(id(target), set(target.claims))
        for claim in draft.claims:
            if draft.background and claim.scope == "incident":
                continue  # an older event's own toll goes with it
            if claim not in seen:
                seen.add(claim)
                target.claims.append(claim)
    title_end = max((s.end for s in sents if s.role == "title"), default=0)
    for k in kept:
        k.claims[:] = one_per_figure(k.claims, title_end)
