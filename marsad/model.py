"""The records that flow between stages: frozen, keyword-only dataclasses.

A :class:`Document` is the one container that travels through the pipeline. Each
stage returns a new document (``dataclasses.replace``) with the fields it adds;
nothing is mutated in place. Dicts appear only at the JSON and SQL edges
(:mod:`marsad.web.output`, :mod:`marsad.storage`).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Iterable

# Roles a paragraph of the original text can play. Only "body" is the story.
ROLES = ("title", "banner", "byline", "dateline", "lead", "heading", "body", "credit", "furniture")


@dataclass(frozen=True, kw_only=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` into ``Document.text``."""

    start: int
    end: int

    def of(self, text: str) -> str:
        return text[self.start:self.end]


@dataclass(frozen=True, kw_only=True, slots=True)
class Paragraph:
    """One block of the document text with its role and language."""

    index: int
    start: int
    end: int
    role: str = "body"
    language: str | None = None
    reason: str = ""  # why the cleaner gave it this role, for humans and tests

    @property
    def span(self) -> Span:
        return Span(start=self.start, end=self.end)

    def with_language(self, language: str | None) -> "Paragraph":
        return replace(self, language=language)


@dataclass(frozen=True, kw_only=True, slots=True)
class Given:
    """Metadata supplied with the input (a JSONL/CSV row or the caller); all optional."""

    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    published: str | None = None
    language: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class PageMeta:
    """Metadata that a page carries in its markup (HTML only), before any cleaning."""

    title: str | None = None
    author: str | None = None
    published: str | None = None
    sitename: str | None = None
    url: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Metadata:
    """Resolved document metadata; ``*_source`` says which link of the fallback chain gave it."""

    title: str | None = None
    title_source: str = "unknown"
    publisher: str | None = None
    publisher_source: str = "unknown"
    author: str | None = None
    published: date | None = None
    published_source: str = "unknown"
    url: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Location:
    """A place from the gazetteer, with ACLED-style precision of what the report named."""

    id: str
    name: str
    admin1: str | None
    admin2: str | None
    country: str
    lat: float
    lon: float
    precision: str  # site, district, village, town, city, region, governorate, country


@dataclass(frozen=True, kw_only=True, slots=True)
class Claim:
    """One casualty figure as its claimant gave it.

    ``low``/``high`` bound the figure as the claimant stated it, and ``qualifier`` says how:
    "more than 42" is low 42, high None, qualifier ``more_than`` (the stated number is
    kept, as ACLED and UCDP code "more than N" conservatively as N; the qualifier
    records that the true figure lies above it); "at least 42" is 42/None; "about 12"
    is 12/12; "at most 5" is None/5; "between 5 and 10" is 5/10 (qualifier ``range``);
    vague amounts ("dozens") have no bounds and say so in ``qualifier``.
    """

    kind: str  # killed, injured, captured, missing, displaced
    low: int | None
    high: int | None
    qualifier: str  # exact, more_than, at_least, about, up_to, at_most, range, dozens ("scores of" too), tens,
    # hundreds, thousands
    victims: str
    claimant: str
    start: int  # evidence span in Document.text
    end: int
    evidence: str
    # What the figure counts: "incident" (this event's people) or "cumulative" (a running total over a
    # period: "more than 400,000 killed since 2011", "the toll since the start of the offensive rose to
    # 1,200", "160,000 detainees"). Only an incident's own figures count toward its fatalities.
    scope: str = "incident"
    period: str = ""  # the words that set a cumulative figure's period ("since 2011", "منذ بداية الحملة")
    # A part of a breakdown ("killing 12 people, including 5 children": the five): the ``start`` of its
    # total's claim. A part is inside its total and never competes with it.
    part_of: int | None = None
    # Told as more than the figures before it ("six others were killed", "Three more civilians were killed",
    # "were also killed"): it adds to the figure told last before it, not to a total that holds both.
    added: bool = False
    via: str = ""  # the channel a claimant spoke through ("the Observatory, citing medical sources": SOHR)


@dataclass(frozen=True, kw_only=True, slots=True)
class Event:
    """One event a document reports, typed with ACLED's taxonomy."""

    id: str
    event_type: str
    sub_event_type: str
    actor1: str | None
    actor2: str | None
    location: Location | None
    date: date | None
    date_precision: str | None  # day, week, month
    salience: str  # main, secondary, background
    claims: tuple[Claim, ...]
    start: int  # evidence span in Document.text
    end: int
    evidence: str
    incident_id: str | None = None
    # "low" when the gazetteer candidate was picked on weak evidence (a name found only by its spelling that
    # nothing around it vouches for, a namesake chosen by its size): see marsad.extraction.places.resolve
    location_confidence: str = "high"

    @property
    def fatalities(self) -> dict[str, int]:
        """low/best/high of the killed, from this report's claims (see :func:`fatalities`)."""
        return fatalities(self.claims)


@dataclass(frozen=True, kw_only=True, slots=True)
class Document:
    """The container that flows through the pipeline.

    ``raw`` is what the user gave (HTML markup or plain text); ``text`` is the text
    every offset points into: the plain text itself, or the main text that was
    read out of the HTML. ``key`` is the user's name for the document (file name
    or batch id); ``id`` is the content hash of ``raw``.
    """

    key: str
    raw: str
    id: str = ""
    source: str = ""
    format: str = "text"  # "text" or "html"
    encoding: str = "utf-8"
    given: Given = field(default_factory=Given)
    page: PageMeta = field(default_factory=PageMeta)
    text: str = ""
    paragraphs: tuple[Paragraph, ...] = ()
    language: str | None = None
    language_score: float | None = None
    meta: Metadata = field(default_factory=Metadata)
    events: tuple[Event, ...] = ()
    stages: tuple[str, ...] = ()  # names of the stages that have run, in order
    warnings: tuple[str, ...] = ()

    def with_(self, **changes) -> "Document":
        return replace(self, **changes)

    def paragraphs_with(self, *roles: str) -> tuple[Paragraph, ...]:
        return tuple(p for p in self.paragraphs if p.role in roles)

    @property
    def story(self) -> str:
        """The cleaned story: body paragraphs joined by blank lines."""
        return "\n\n".join(self.text[p.start:p.end] for p in self.paragraphs_with("body", "heading"))


@dataclass(frozen=True, kw_only=True, slots=True)
class Rejection:
    """An input that could not become a document, with the reason in words."""

    source: str
    reason: str


def _point(claim: Claim) -> int | None:
    return claim.low if claim.low is not None else claim.high


def counts_toward_toll(claim: Claim) -> bool:
    """Whether a claim counts toward its event's toll: a figure of the incident itself that is no part of a
    breakdown (a part is inside its total)."""
    return claim.scope == "incident" and claim.part_of is None


def fatalities(claims: Iterable[Claim]) -> dict[str, int]:
    """low/best/high deaths from one report's claims.

    Only the incident's own figures count: no cumulative total and no part of a breakdown (see
    :func:`counts_toward_toll`). Per claimant, the largest figure for each group of victims; children and
    women count within civilians, and every group within "people" ("eight people, including two
    fighters" is eight; "five civilians and ten fighters" fifteen); figures told as more ("six others were
    killed") add to the figure told last before them. Across claimants, low is the smallest total and high
    the largest; best is the total of the claimant the report tells first, for a report leads with the
    figure it stands by and tells the others' after it. A claimant who counts only children or women (more
    than one) tells part of a toll: a claimant who counts everyone goes first. Vague amounts count for nothing.
    """
    told: dict[str, list[Claim]] = {}
    for c in sorted(claims, key=lambda c: c.start):
        if c.kind == "killed" and _point(c) is not None and c.scope == "incident":
            told.setdefault(c.claimant, []).append(c)
    totals = {claimant: _claimant_total(own) for claimant, own in told.items() if any(map(counts_toward_toll, own))}
    if not totals:
        return {"low": 0, "best": 0, "high": 0}
    partial = {k for k in totals if all(c.victims in ("children", "women") and (_point(c) or 0) > 1
                                        for c in told[k] if counts_toward_toll(c))}
    first = min(totals, key=lambda k: (k in partial, told[k][0].start))
    return {"low": min(totals.values()), "best": totals[first], "high": max(totals.values())}


def _claimant_total(own: list[Claim]) -> int:
    """One claimant's total from its figures of the incident in text order, parts too (see :func:`fatalities`):
    a figure told as more adds to the one told last before it, even a part ("31 civilians, including 10 on a
    bus ... 21 others died")."""
    groups: dict[str, int] = {}
    chain, last = 0, 0
    for c in own:
        point = _point(c) or 0
        if c.added:
            chain = (chain or last) + point
            continue
        last = point
        if counts_toward_toll(c):
            groups[c.victims] = max(groups.get(c.victims, 0), point)
    civilians = max(groups.get("civilians", 0), groups.get("children", 0) + groups.get("women", 0))
    others = sum(v for k, v in groups.items() if k not in ("people", "civilians", "children", "women"))
    return max(groups.get("people", 0), civilians + others, chain)
