"""Sentences of the story and what the lexicons find in each, with token positions.

:func:`sentences` splits the story paragraphs (and the title) into sentences
with offsets into ``Document.text``; :func:`analyze` lists the items found in
one sentence: lexicon matches (actors, places, triggers, claim words ...) and
numbers written in digits ("1,700", "٢٣") or words ("seven", "خمسة وعشرين").
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Iterable

from ..model import Document
from ..reading.clean import AFTER_CAPTION
from ..reading.dates import DateMention, DayMonth, find_dates, find_day_months
from .datafiles import DATA
from .figures import Item, combine_number_words, in_order, read_numbers, read_ranges
from .knowledge import knowledge
from .matcher import Token, arabic_variants, tokenize
from .mentions import imported_mentions, looked_up

_NO_NAMESAKES = {"country", "governorate", "city", "region", "district", "site"}  # names read as they are
LEAD_SENTENCES = 2  # the story's first sentences tell its news; a one-paragraph story's others tell the rest
_SENTENCE_END = re.compile(r"(?<=[.!?؟])[\"'”’»)]*\s+(?=\S)|\n\s*\n")  # (a single line break inside a
# paragraph is a hard-wrapped line the cleaner joined: see reading/clean.py)
_ABBREVIATION = re.compile(r"(?:\b[A-Z]|\bU\.S|\bMr|\bDr|\bSt|\bNo|\bGen|\bCol|\bLt|\bSgt|\bvs|\be\.g|\bi\.e)\.$")


@dataclass(frozen=True, kw_only=True, slots=True)
class Sentence:
    index: int
    paragraph: int  # index of its paragraph in Document.paragraphs
    role: str  # title, lead (the first LEAD_SENTENCES sentences of the story) or body
    start: int
    end: int
    text: str
    tokens: tuple[Token, ...]
    items: tuple[Item, ...]
    dates: tuple[DateMention, ...] = ()  # explicit dates, offsets relative to the sentence
    day_months: tuple[DayMonth, ...] = ()  # dates written without a year ("May 9"), offsets as above
    by_kind: dict[str, tuple[Item, ...]] = field(default_factory=dict)
    memo: dict = field(default_factory=dict, compare=False, repr=False)  # what is read of it more than once

    def near(self, lo: int, hi: int, *kinds: str) -> list[Item]:
        """The items of these kinds that start at tokens ``lo`` to ``hi`` (both included), in order:
        found by bisection, so reading around every figure of a long sentence stays linear."""
        starts = self.memo.get("starts")
        if starts is None:
            starts = self.memo["starts"] = [i.tok for i in self.items]
        found = self.items[bisect_left(starts, lo if lo > 0 else 0):bisect_right(starts, hi)]
        return [i for i in found if i.kind in kinds]

    def starting(self, kind: str, lo: int, hi: int) -> tuple[Item, ...]:
        """The items of one kind that start at tokens ``lo`` to ``hi - 1``, in order (by bisection)."""
        found = self.by_kind.get(kind, ())
        if not found:
            return found
        starts = self.memo.get(("starts", kind))
        if starts is None:
            starts = self.memo[("starts", kind)] = [i.tok for i in found]
        return found[bisect_left(starts, lo):bisect_left(starts, hi)]

    def ending(self, kind: str, lo: int, hi: int) -> list[Item]:
        """The items of one kind that end at tokens ``lo`` to ``hi`` (both included), in order (by bisection)."""
        found = self.by_kind.get(kind, ())
        if not found:
            return []
        ends = self.memo.get(("ends", kind))
        if ends is None:
            ends = self.memo[("ends", kind)] = sorted((i.tok_end, n) for n, i in enumerate(found))
        at = bisect_left(ends, (lo, -1))
        picked = []
        while at < len(ends) and ends[at][0] <= hi:
            picked.append(ends[at][1])
            at += 1
        return [found[n] for n in sorted(picked)]

    def of(self, *kinds: str) -> tuple[Item, ...]:
        """The items of these kinds, in order."""
        if len(kinds) == 1:
            return self.by_kind.get(kinds[0], ())
        found = self.memo.get(kinds)
        if found is None:
            found = self.memo[kinds] = tuple(sorted((i for k in kinds for i in self.by_kind.get(k, ())),
                                                    key=lambda i: (i.tok, -i.tok_end)))
        return found


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans within ``text[start:end]``."""
    spans, cursor = [], start
    for m in _SENTENCE_END.finditer(text, start, end):
        if _ABBREVIATION.search(text, max(cursor, m.start() - 6), m.start()):
            continue
        if text[cursor:m.start()].strip():
            spans.append((cursor, m.start()))
        cursor = m.end()
    if text[cursor:end].strip():
        spans.append((cursor, end))
    return spans


def _tokens_of(mention: DateMention | DayMonth, token_starts: list[int]) -> range:
    return range(bisect_left(token_starts, mention.start), bisect_left(token_starts, mention.end))


def _month_long(day_month: DayMonth, piece: str, tokens: list[Token], token_starts: list[int],
                victims: set[int]) -> bool:
    """ "In May 9 civilians were killed", "during March 12 people ...": after "in" and before the people
    counted, a month is a period and the number after it a count, not its day ("in April 15 a car bomb"
    is a date). The words are ``month_period_before`` in syntax.json."""
    span = _tokens_of(day_month, token_starts)
    if not piece[day_month.start].isalpha() or not span.start or \
            tokens[span.start - 1].text not in knowledge().words.get("month_period_before", ()):
        return False
    return span.stop in victims  # (the tokens where the victims' nouns start)


def _inside(item: Item, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    """Whether the item lies inside one of the sorted spans of tokens (``starts`` are theirs), and is not the
    whole of it. The spans are matches of one layer, which never overlap: only the last that starts at or
    before the item can hold it."""
    at = bisect_right(starts, item.tok)
    if not at:
        return False
    a, b = spans[at - 1]
    return item.tok_end <= b and (a, b) != (item.tok, item.tok_end)


def analyze(text: str, start: int, end: int, *, index: int = 0, paragraph: int = 0, role: str = "body") -> Sentence:
    piece = text[start:end]
    tokens = tokenize(piece)
    items: list[Item] = []
    actor_tokens: set[int] = set()
    actor_ends: set[int] = set()
    kb = knowledge()
    not_places = kb.words.get("not_places", frozenset())
    dates = tuple(find_dates(piece))
    day_months = tuple(find_day_months(piece, list(dates)))
    token_starts = [t.start for t in tokens] if dates or day_months else []  # (only dates need them)
    dated = {n for d in dates + day_months for n in _tokens_of(d, token_starts)}  # never a place ("8 آذار")
    read = set(dated)  # the tokens some lexicon read
    new = tuple.__new__  # (an item made without the named tuple's Python constructor: there are many)
    for layer, match in kb.layers.find(tokens):
        _, _, payloads, a, b = match
        span = range(a, b)
        read.update(span)
        if layer == "actors":
            if all(kb.actors[v].inter not in (5, 6) for _, v in payloads):  # "protesters" stays a trigger
                actor_tokens.update(span)
                actor_ends.add(b)
        elif layer == "places" and (actor_tokens.issuperset(span) or (dated and not dated.isdisjoint(span))
                                    or (b - a == 1 and not not_places.isdisjoint(arabic_variants(tokens[a].text)))
                                    or _other_capital(tokens, span, kb)):
            continue  # "Ahrar al-Sham" is no place, nor تشرين in "12 تشرين الأول 2016", nor سلمية "peaceful"
        elif layer == "places" and _longer_name(piece, tokens, span):
            read.difference_update(span)  # the local gazetteer may know the whole name
            continue
        elif layer == "events" and actor_tokens.issuperset(span) and b not in actor_ends:
            # a trigger word inside an actor's name (هيئة تحرير الشام) is the name; one that ends the actor's
            # phrase ("Turkish shelling") is the event; weapons inside one ("Russian warplanes") still count
            payloads = tuple(p for p in payloads if p[0] == "weapon")
            if not payloads:
                continue
        at, to = start + match.start, start + match.end
        for kind, value in payloads:
            items.append(new(Item, (kind, value, at, to, a, b)))
    items += _acronyms(piece, start, tokens, read)
    keyed = _imported(piece, start, tokens, read, items, kb)
    items += keyed
    if kb.gazetteer:
        items += _namesakes(piece, start, items, kb)
    sources = sorted({(i.tok, i.tok_end) for i in items if i.kind in ("outlet", "claimant") and i.tok_end - i.tok > 1})
    if sources:  # "تجمع أحرار حوران", "Horan Free League": a place inside a source's name is no place; nor is
        starts = [a for a, _ in sources]  # an actor inside a longer one ("the Russian defence ministry said")
        items = [i for i in items if i.kind not in ("place", "actor") or not _inside(i, sources, starts)]
    if day_months:
        victims = {i.tok for i in items if i.kind == "victim"}
        day_months = tuple(d for d in day_months if not _month_long(d, piece, tokens, token_starts, victims))
    digits = read_numbers(tokens, piece, start)
    if digits:
        taken = {n for d in dates + day_months for n in _tokens_of(d, token_starts)}  # nor a figure ("May 9")
        for i in items:
            taken.update(range(i.tok, i.tok_end))
        digits = [n for n in digits if n.tok not in taken]
    items.extend(digits)
    in_order(items)
    items = read_ranges(combine_number_words(items, tokens, {n.tok for n in digits}), tokens, piece, start)
    by_kind: dict[str, list[Item]] = {}
    for item in items:
        by_kind.setdefault(item.kind, []).append(item)
    return Sentence(index=index, paragraph=paragraph, role=role, start=start, end=end, text=piece,
                    tokens=tuple(tokens), items=tuple(items), dates=dates, day_months=day_months,
                    by_kind={k: tuple(v) for k, v in by_kind.items()},
                    memo={"keyed": frozenset(i.tok for i in keyed)})  # places found by key, not by phrase


_NAME_GOES_ON = re.compile(r"(?:al|el|as|ash|ad|ar|at|az|an|ul)-[A-Z]")


def _longer_name(piece: str, tokens: list[Token], span: range) -> bool:
    """ "Busra al-Harir": a known name ("Busra") followed by an article and a capital goes on into a longer
    name, which is another place (the local gazetteer may know it by the whole name)."""
    if span.stop >= len(tokens):
        return False
    nxt = tokens[span.stop]
    return bool(_NAME_GOES_ON.match(piece, nxt.start)) and nxt.start - tokens[span.stop - 1].end <= 1


def _other_capital(tokens: list[Token], span: range, kb) -> bool:
    """"the capital" that is not the country's: "IS's de facto capital", "العاصمة المزعومة للتنظيم"."""
    if not kb.words.get("capital_nouns", frozenset()).intersection(tokens[n].text.lower() for n in span):
        return False
    before = tokens[span.start - 1].text.lower() if span.start else ""
    after = tokens[span.stop].text if span.stop < len(tokens) else ""
    return (before in kb.words.get("other_capital_before", frozenset())
            or bool(kb.words.get("other_capital_after", frozenset()).intersection(arabic_variants(after))))


@lru_cache(maxsize=1)
def _acronym_table() -> dict[str, str]:
    return {k: v for data in DATA.load_all("acronyms").values() for k, v in data["acronyms"].items()}


def _acronyms(piece: str, start: int, tokens: list[Token], read: set[int]) -> list[Item]:
    """Actors named by a capitalised acronym that is an ordinary word in small letters ("IS")."""
    table = _acronym_table()
    if not table or not any(name in piece for name in table) or piece.isupper():
        return []
    found = []
    for n, t in enumerate(tokens):
        name = table.get(piece[t.start:t.end])
        if name is not None and n not in read:
            read.add(n)
            found.append(Item(kind="actor", value=name, start=start + t.start, end=start + t.end, tok=n, tok_end=n + 1))
    return found


def _namesakes(piece: str, start: int, items: list[Item], kb) -> list[Item]:
    """The local gazetteer's places of the same name as a bundled town or village the text names ("Hader" in
    Aleppo and in Quneitra): candidates beside it, for :func:`.places.resolve` to choose by context."""
    found = []
    for item in items:
        place = kb.places[item.value] if item.kind == "place" else None
        if place is None or place.imported or place.location.precision in _NO_NAMESAKES:
            continue
        here = {i.value for i in items if i.kind == "place" and i.tok == item.tok}
        for other in looked_up(kb, piece[item.start - start:item.end - start]):  # (names recur: kept per name)
            if other not in here and kb.places[other].imported:
                here.add(other)
                found.append(item._replace(value=other))
    return found


def _imported(piece: str, start: int, tokens: list[Token], read: set[int], items: list[Item], kb) -> list[Item]:
    """Places named in a spelling no lexicon phrase lists, or known only to the local gazetteer (:mod:`.mentions`)."""
    place_ends = {i.tok_end - 1 for i in items if i.kind == "place"}
    return [Item(kind="place", value=place_id, start=start + tokens[a].start, end=start + tokens[b - 1].end,
                 tok=a, tok_end=b)
            for a, b, ids in imported_mentions(piece, tokens, read, place_ends, kb) for place_id in ids]


OPEN_QUOTES, CLOSE_QUOTES, BOTH_QUOTES = "“«", "”»", '"'


def _quote_depth(depth: int, quotes: Iterable[str]) -> int:
    for ch in quotes:
        if ch in OPEN_QUOTES:
            depth += 1
        elif ch in CLOSE_QUOTES:
            depth = max(0, depth - 1)
        else:
            depth = 0 if depth else 1
    return depth


class Quotes:
    """Whether a trigger stands inside quotation marks opened earlier in its paragraph, for triggers met in
    text order: each paragraph's quotation marks are read once."""

    def __init__(self, text: str):
        self.text, self.paragraph, self.at, self.depth = text, -1, 0, 0

    def __call__(self, trigger: Item, paragraph_start: int) -> bool:
        if paragraph_start != self.paragraph or trigger.start < self.at:
            self.paragraph, self.at, self.depth = paragraph_start, paragraph_start, 0
        self.depth = _quote_depth(self.depth, _ANY_QUOTE.findall(self.text, self.at, trigger.start))
        self.at = trigger.start
        return self.depth > 0


_ANY_QUOTE = re.compile('[“”«»"]')


def sentences(doc: Document) -> list[Sentence]:
    """The title and the story, sentence by sentence, analysed."""
    out: list[Sentence] = []
    first_body = next((p.index for p in doc.paragraphs if p.role == "body"), None)
    titles = doc.paragraphs_with("title")[:1]
    title = _folded(doc.text[titles[0].start:titles[0].end]) if titles else None
    lead_left = LEAD_SENTENCES
    for p in titles + doc.paragraphs_with("body"):
        if p.reason == AFTER_CAPTION and first_body is not None and p.index > first_body \
                and all(q.role != "body" or q.index == first_body or q.reason == AFTER_CAPTION
                        for q in doc.paragraphs[first_body:p.index]):
            first_body = p.index
        for s, e in split_sentences(doc.text, p.start, p.end):
            role = "title" if p.role == "title" else "body"
            if p.index == first_body and lead_left:  # (the story goes on after a caption: still its first lines)
                role = "lead"
                lead_left -= not (title and title in _folded(doc.text[s:e]))  # the title said again is no lead
            sentence = analyze(doc.text, s, e, index=len(out), paragraph=p.index, role=role)
            if role == "lead" and out and out[-1].role == "lead" and _opens_with_place(sentence):
                sentence, lead_left = replace(sentence, role="body"), 0  # a round-up's next front: "In Hama, ..."
            out.append(sentence)
    return out


def _opens_with_place(s: Sentence) -> bool:
    """The sentence opens on where it happened: "In Hama, army units ...", "وفي ريف حماة الجنوبي اشتبكت"."""
    first = s.tokens[0].text if s.tokens else ""
    locative = knowledge().words.get("locative", frozenset())
    opens = first in locative or (first.startswith("و") and first[1:] in locative)
    return opens and any(i.tok in (1, 2) for i in s.of("place"))


def _folded(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))
