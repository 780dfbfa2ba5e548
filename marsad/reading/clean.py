"""Stage ``clean``: tell the story from the page around it.

Every non-empty line of ``Document.text`` becomes a :class:`~marsad.model.Paragraph`
with its offsets and a role:

- the *header* zone at the top: ``title``, ``banner`` (an outlet's slogan line),
  ``byline`` (author/outlet/date line), ``dateline`` ("Damascus, SMART") and
  ``lead`` (a teaser line that the page repeats);
- ``body`` and ``heading`` (short sub-headings inside the story): the story; a story hard-wrapped at a fixed
  width has its wrapped lines joined back into one (reason "hard-wrapped lines joined");
- ``credit``: a line, or the end of a line, that credits the outlet
  ("Translated and edited by ...", "المصدر: أورينت نت");
- ``furniture``: share forms, comment boxes, tickers, related-news lists and
  everything after them, single furniture lines such as "Read also:", and photo
  captions that a flattened page left inside a story line ("Russian jets at
  Hmeymim air base (TRT World and Agencies)"): the line is split around them,
  and the story part after a caption is a ``body`` line that continues the one
  before it (reason :data:`AFTER_CAPTION`).

The markers are language data (``data/<lang>/page.json``); this module
only applies them. Offsets always point into the original text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Document, Paragraph
from . import outlets
from .dates import find_dates
from .lexicon import READING
from .textnorm import fold

HEADER_SCAN = 12  # header lines are looked for among the first lines only
HEADLINE_MAX_WORDS = 25
HEADLINE_MAX_CHARS = 220
HEADING_MAX_WORDS = 8
CREDIT_SCAN = 4  # credit lines are looked for among the last story lines only
CAPTION_MAX_WORDS = 60  # a caption runs back from its credit to the sentence before, this many words at most
AFTER_CAPTION = "continues after a photo caption"
_SENTENCE_END = re.compile(r"[.!?؟][\"'”’»)]*\s+")
_ENDS_SENTENCE = re.compile(r"[.!?؟:;…][\"'”’»)]*$")
WRAP_MIN_WORDS = 6  # a shorter line ending with no stop is a heading or a list item, never a wrapped line


@dataclass(kw_only=True)
class _Line:
    start: int
    end: int
    text: str
    folded: str
    origin: list[int]
    key: str  # whitespace-collapsed folded text, for comparing lines
    role: str = "body"
    reason: str = ""

    def set(self, role: str, reason: str) -> None:
        self.role, self.reason = role, reason


def split_lines(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every non-empty line, surrounding whitespace excluded."""
    spans = []
    for m in re.finditer(r"[^\n\r]+", text):
        line = m.group(0)
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            spans.append((m.start() + lead, m.start() + lead + len(stripped)))
    return spans


def _key(folded: str) -> str:
    """Folded text with its punctuation and runs of spaces made single spaces, for comparing lines."""
    return " ".join(re.sub(r"[^\w\s]", " ", folded).split())


def _make_lines(text: str) -> list[_Line]:
    lines = []
    for start, end in split_lines(text):
        folded, origin = fold(text[start:end])
        lines.append(_Line(start=start, end=end, text=text[start:end], folded=folded, origin=origin,
                           key=_key(folded)))
    return lines


def _match(key: str, folded: str) -> re.Match | None:
    return READING.first_match("page", key, folded)


def looks_like_headline(text: str) -> bool:
    words = text.split()
    return (0 < len(words) <= HEADLINE_MAX_WORDS and len(text) <= HEADLINE_MAX_CHARS
            and not text.rstrip("\"'”’»)").endswith((".", "!", ":", "،", ",", "؛", ";")))


def _is_date_line(line: _Line) -> bool:
    """A short line that is mostly a date ("Special Reports | 2018-04-22 11:21:00")."""
    if len(line.text.split(maxsplit=11)) > 10:
        return False
    found = find_dates(line.text)
    covered = sum(d.end - d.start for d in found)
    return bool(found) and len(line.text.split()) <= 10 and covered >= 0.3 * len(line.text)


def dateline_match(folded: str) -> re.Match | None:
    """The first dateline pattern that matches with a known outlet in its ``outlet`` group."""
    for pattern in READING.patterns("page", "dateline"):
        m = pattern.search(folded)
        if m and outlets.canonical(m.group("outlet")):
            return m
    return None


def _is_dateline(line: _Line) -> bool:
    m = dateline_match(line.folded)
    return bool(m and m.end() >= len(line.folded.rstrip()) - 1)


def _header_role(line: _Line, title_key: str | None, later: list[_Line]) -> tuple[str, str] | None:
    if title_key and line.key == title_key:
        return "title", "repeats the title"
    if outlets.by_banner(line.text):
        return "banner", "outlet banner"
    if _match("line", line.folded):
        return "furniture", "furniture line"
    if _match("byline", line.folded):
        return "byline", "byline"
    if _is_dateline(line):
        return "dateline", "dateline"
    if _is_date_line(line):
        return "byline", "date line"
    if title_key is None and looks_like_headline(line.text):
        return "title", "first headline-like line"
    if len(line.key) >= 30 and any(line.key in other.key for other in later):
        return "lead", "repeated lower down"
    return None


def _mark_header(lines: list[_Line], given_title: str | None) -> int:
    """Give the header lines their roles; return the index of the first story line."""
    title_key = None
    if given_title:
        title_key = _key(fold(given_title)[0])
    i = 0
    while i < min(len(lines), HEADER_SCAN):
        line = lines[i]
        role = _header_role(line, title_key, lines[i + 1:])
        if role is None:
            break
        if role[0] == "title":
            title_key = line.key
        line.set(*role)
        i += 1
    # the title of a page whose top was otherwise cut may still repeat further down
    for line in lines[i:]:
        if title_key and line.key == title_key:
            line.set("title", "repeats the title")
    return i


def _mark_tail(lines: list[_Line], body_start: int) -> int:
    """Mark trailing furniture; return the index where it begins (len(lines) if none). A line that a flattened
    page ran together may hold the start of it ("... 01 Related Daesh Shells Deir ez-Zor ..."): the line is
    cut there."""
    for i in range(max(body_start, 1), len(lines)):
        if not _match("tail", lines[i].folded):
            inside = _match("inline_tail", lines[i].folded)
            if inside is None or not lines[i].folded[:inside.start()].strip():
                continue
            role, reason = lines[i].role, lines[i].reason
            _split(lines, i, lines[i].origin[inside.start()], role, "furniture", "related headlines")
            story = lines[i]  # (read again: its captions and credits are still to be found)
            story.reason, (story.folded, story.origin) = reason, fold(story.text)
            story.key = _key(story.folded)
            i += 1
        for line in lines[i:]:
            line.set("furniture", f"after furniture marker at line {i + 1}")
        return i
    return len(lines)


def _mark_body(lines: list[_Line], body_start: int, tail: int) -> None:
    for line in lines[body_start:tail]:
        if line.role != "body":
            continue
        if _match("line", line.folded):
            line.set("furniture", "furniture line")
        elif len(line.text.split()) <= HEADING_MAX_WORDS and looks_like_headline(line.text):
            line.set("heading", "short line without final punctuation")


def _join_wrapped(text: str, lines: list[_Line], body_start: int, tail: int) -> int:
    """A story hard-wrapped at a fixed width ("... on Wednesday\nkilled 14 civilians ... for Human\nRights
    said."): a body line of :data:`WRAP_MIN_WORDS` words or more that ends with no stop, followed after a single
    line break by another body line, goes on in it; the two are one line (so one paragraph). Returns the new
    end of the story (``tail`` less the lines joined)."""
    i = body_start
    while i < tail - 1:
        line, after = lines[i], lines[i + 1]
        if line.role == after.role == "body" and len(line.text.split()) >= WRAP_MIN_WORDS \
                and not _ENDS_SENTENCE.search(line.text) and text.count("\n", line.end, after.start) == 1:
            folded, origin = fold(text[line.start:after.end])
            lines[i:i + 2] = [_Line(start=line.start, end=after.end, text=text[line.start:after.end], folded=folded,
                                    origin=origin, key=_key(folded), role="body", reason="hard-wrapped lines joined")]
            tail -= 1
        else:
            i += 1
    return tail


def _credit_cut(line: _Line) -> int | None:
    """Offset within the line where a credit starts, if the line ends with one."""
    m = _match("credit", line.folded)
    if not m:
        return None
    name = m.group("outlet").strip()
    if not (outlets.canonical(name) or outlets.mentions(name) or (m.start() == 0 and "translat" in line.folded)):
        return None
    start = m.start()  # the pattern may begin with the separator before the label: step over it
    while start < len(line.folded) and line.folded[start] in ". \t":
        start += 1
    return line.origin[start]


def _split(lines: list[_Line], i: int, cut: int, left_role: str, right_role: str, reason: str) -> None:
    """Split line ``i`` at offset ``cut`` (relative to the line) into two lines."""
    line = lines[i]
    left_text = line.text[:cut].rstrip()
    right_text = line.text[cut:].lstrip()
    right_start = line.start + len(line.text) - len(right_text)
    left = _Line(start=line.start, end=line.start + len(left_text), text=left_text, folded="", origin=[],
                 key="", role=left_role, reason=reason)
    right = _Line(start=right_start, end=line.end, text=right_text, folded="", origin=[], key="",
                  role=right_role, reason=reason)
    lines[i:i + 1] = [part for part in (left, right) if part.text]


def _mark_credits(lines: list[_Line], tail: int) -> None:
    story = [i for i in range(tail) if lines[i].role == "body"]
    for i in reversed(story[-CREDIT_SCAN:]):
        cut = _credit_cut(lines[i])
        if cut is None:
            continue
        if cut == 0:
            lines[i].set("credit", "credits the outlet")
        else:
            _split(lines, i, cut, "body", "credit", "ends with a credit")


def _caption(line: _Line) -> tuple[int, int] | None:
    """The first photo caption inside a story line, as offsets within the line: from the end of the sentence
    before its credit (or the line's start) to the end of the credit. A credit that ends a line of several
    sentences closes the story, so only the credit is furniture there."""
    for pattern in READING.patterns("page", "caption"):
        m = pattern.search(line.folded)
        if not m:
            continue
        ends = [e.end() for e in _SENTENCE_END.finditer(line.folded, 0, m.start())]
        at_end = not line.folded[m.end():].strip(" .")
        if ends and ends[-1] == m.start() and not at_end:  # the caption ended with its own full stop: "...
            ends.pop()  # July 1 2016. (AFP Photo) At least 16 civilians ..."
        start = ends[-1] if ends else 0
        if at_end and ends or len(line.folded[start:m.start()].split()) > CAPTION_MAX_WORDS:
            start = m.start()  # ("... the Observatory said. (Agencies)": a credit closing the story)
        return line.origin[start], line.origin[m.end()]
    return None


def _split_captions(lines: list[_Line], tail: int) -> None:
    i = 0
    while i < tail:
        line = lines[i]
        span = _caption(line) if line.role == "body" else None
        if span is None:
            i += 1
            continue
        start, end = span
        parts = [(line.text[:start], line.role, line.reason), (line.text[start:end], "furniture", "photo caption"),
                 (line.text[end:], "body", AFTER_CAPTION)]
        new, at = [], line.start
        for text, role, reason in parts:
            stripped = text.strip()
            if stripped:
                first = at + len(text) - len(text.lstrip())
                folded, origin = fold(stripped)
                new.append(_Line(start=first, end=first + len(stripped), text=stripped, folded=folded, origin=origin,
                                 key="", role=role, reason=reason))
            at += len(text)
        lines[i:i + 1] = new
        tail += len(new) - 1
        i += len(new) - 1  # the part after the caption may hold another


def _split_dateline_prefix(lines: list[_Line], body_start: int) -> None:
    """"(Zaman Al Wasl)- Amid ..." or "DAMASCUS (Reuters) - ...": the prefix is a dateline."""
    first = next((i for i in range(body_start, len(lines)) if lines[i].role == "body"), None)
    if first is None:
        return
    line = lines[first]
    m = dateline_match(line.folded)
    if m and m.start() == 0 and m.end() < len(line.folded):
        _split(lines, first, line.origin[m.end()], "dateline", "body", "dateline prefix")


def run(doc: Document) -> Document:
    lines = _make_lines(doc.text)
    body_start = _mark_header(lines, doc.given.title)
    tail = _mark_tail(lines, body_start)
    _mark_credits(lines, tail)
    _mark_body(lines, body_start, tail)
    tail = _join_wrapped(doc.text, lines, body_start, tail)
    _split_captions(lines, tail)
    _split_dateline_prefix(lines, body_start)
    paragraphs = tuple(Paragraph(index=i, start=ln.start, end=ln.end, role=ln.role, reason=ln.reason)
                       for i, ln in enumerate(lines))
    warnings = doc.warnings
    one_sentence = len(paragraphs) == 1 and len(doc.text.split()) >= 8  # a one-line report is its own title
    if not one_sentence and not any(p.role == "body" for p in paragraphs):
        warnings += ("no story text found: every line looks like title, header or page furniture",)
    return doc.with_(paragraphs=paragraphs, warnings=warnings)
