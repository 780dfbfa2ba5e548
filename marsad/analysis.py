"""Sentences of the story and what the lexicons find in each, with token positions.

:func:`sentences` splits the story paragraphs (and the title) into sentences
with offsets into ``Document.text``; :func:`analyze` lists the items found in
one sentence: lexicon matches (actors, places, triggers, claim words ...) and
numbers written in digits ("1,700", "٢٣") or words ("seven", "خمسة وعشرين").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .dates import DateMention, find_dates
from .knowledge import knowledge
from .matcher import Token, arabic_variants, tokenize
from .model import Document

_SENTENCE_END = re.compile(r"(?<=[.!?؟])[\"'”’»)]*\s+(?=\S)|\n+")
_ABBREVIATION = re.compile(r"(?:\b[A-Z]|\bU\.S|\bMr|\bDr|\bSt|\bNo|\bGen|\bCol|\bLt|\bSgt|\bvs|\be\.g|\bi\.e)\.$")
_DIGITS = re.compile(r"^\d+$")


class Item(NamedTuple):
    """One thing found in a sentence: a lexicon match or a number."""

    kind: str
    value: Any
    start: int  # offsets in Document.text
    end: int
    tok: int  # index of the first and one past the last token, in the sentence
    tok_end: int


@dataclass(frozen=True, kw_only=True, slots=True)
class Sentence:
    index: int
    paragraph: int  # index of its paragraph in Document.paragraphs
    role: str  # title, lead (first story paragraph) or body
    start: int
    end: int
    text: str
    tokens: tuple[Token, ...]
    items: tuple[Item, ...]
    dates: tuple[DateMention, ...] = ()  # explicit dates, offsets relative to the sentence
    by_kind: dict[str, tuple[Item, ...]] = field(default_factory=dict)

    def of(self, *kinds: str) -> list[Item]:
        """The items of these kinds, in order."""
        if len(kinds) == 1:
            return list(self.by_kind.get(kinds[0], ()))
        return [i for i in self.items if i.kind in kinds]


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


MAX_DIGITS = 12


def _numbers(tokens: list[Token], text: str, base: int) -> list[Item]:
    """Numbers in digits; digit groups split by a thousands comma are joined ("1,700")."""
    items, i = [], 0
    while i < len(tokens):
        tok = tokens[i]
        if not _DIGITS.match(tok.text):
            i += 1
            continue
        value, j = tok.text, i + 1
        if len(value) > MAX_DIGITS:  # a phone number, an id, a run of digits: never a count
            i += 1
            continue
        while (j < len(tokens) and len(tokens[j].text) == 3 and _DIGITS.match(tokens[j].text)
               and text[tokens[j - 1].end:tokens[j].start] in (",", "٬", "،") and len(value) <= 9):
            value += tokens[j].text
            j += 1
        if (j < len(tokens) and text[tokens[j - 1].end:tokens[j].start] in (":", ".")
                and _DIGITS.match(tokens[j].text)):  # a time (11:29) or a decimal: not a count
            i = j + 1
            continue
        items.append(Item(kind="num", value=int(value), start=base + tok.start, end=base + tokens[j - 1].end,
                          tok=i, tok_end=j))
        i = j
    return items


def _combine_number_words(items: list[Item]) -> list[Item]:
    """Join adjacent number words: twenty-five, خمسة وعشرين, three hundred, 1.5 million."""
    out: list[Item] = []
    for item in items:
        prev = out[-1] if out else None
        if prev and prev.kind == "num" and prev.tok_end == item.tok:
            if item.kind == "scale":
                out[-1] = Item(kind="num", value=prev.value * item.value, start=prev.start, end=item.end,
                               tok=prev.tok, tok_end=item.tok_end)
                continue
            if item.kind == "num" and ((prev.value < 10 <= item.value < 100 and item.value % 10 == 0)
                                       or (prev.value % 10 == 0 and 20 <= prev.value < 100 and item.value < 10)):
                out[-1] = Item(kind="num", value=prev.value + item.value, start=prev.start, end=item.end,
                               tok=prev.tok, tok_end=item.tok_end)
                continue
        out.append(item)
    return out


def analyze(text: str, start: int, end: int, *, index: int = 0, paragraph: int = 0, role: str = "body") -> Sentence:
    piece = text[start:end]
    tokens = tokenize(piece)
    items: list[Item] = []
    actor_tokens: set[int] = set()
    actor_ends: set[int] = set()
    kb = knowledge()
    not_places = kb.words.get("not_places", frozenset())
    dates = tuple(find_dates(piece))
    dated = {n for d in dates for n, t in enumerate(tokens) if d.start <= t.start < d.end}
    for layer, match in kb.layers.find(tokens):
        span = range(match.token_start, match.token_end)
        if layer == "actors":
            if all(kb.actors[v].inter not in (5, 6) for _, v in match.payloads):  # "protesters" stays a trigger
                actor_tokens.update(span)
                actor_ends.add(match.token_end)
        elif layer == "places" and (actor_tokens.issuperset(span) or dated.intersection(span)
                                    or (len(span) == 1 and not_places.intersection(
                                        arabic_variants(tokens[match.token_start].text)))):
            continue  # "Ahrar al-Sham" is no place, nor تشرين in "12 تشرين الأول 2016", nor سلمية "peaceful"
        elif layer == "events" and actor_tokens.issuperset(span) and match.token_end not in actor_ends:
            # a trigger word inside an actor's name (هيئة تحرير الشام) is the name; one that ends the actor's
            # phrase ("Turkish shelling") is the event; weapons inside one ("Russian warplanes") still count
            payloads = [p for p in match.payloads if p[0] == "weapon"]
            if not payloads:
                continue
            match = match._replace(payloads=tuple(payloads))
        for kind, value in match.payloads:
            items.append(Item(kind=kind, value=value, start=start + match.start, end=start + match.end,
                              tok=match.token_start, tok_end=match.token_end))
    taken = {t for i in items for t in range(i.tok, i.tok_end)}
    items.extend(n for n in _numbers(tokens, piece, start) if n.tok not in taken)
    items.sort(key=lambda i: (i.tok, -i.tok_end))
    items = _combine_number_words(items)
    by_kind: dict[str, list[Item]] = {}
    for item in items:
        by_kind.setdefault(item.kind, []).append(item)
    return Sentence(index=index, paragraph=paragraph, role=role, start=start, end=end, text=piece,
                    tokens=tuple(tokens), items=tuple(items), dates=dates,
                    by_kind={k: tuple(v) for k, v in by_kind.items()})


def sentences(doc: Document) -> list[Sentence]:
    """The title and the story, sentence by sentence, analysed."""
    out: list[Sentence] = []
    first_body = next((p.index for p in doc.paragraphs if p.role == "body"), None)
    titles = doc.paragraphs_with("title")[:1]
    for p in titles + doc.paragraphs_with("body"):
        role = "title" if p.role == "title" else ("lead" if p.index == first_body else "body")
        for s, e in split_sentences(doc.text, p.start, p.end):
            out.append(analyze(doc.text, s, e, index=len(out), paragraph=p.index, role=role))
    return out
