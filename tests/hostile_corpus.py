"""The hostile-input corpus: what scraped news can look like at its worst, and what marsad must do with it.

Every input is written by :func:`build` from the specification below (the large ones are generated, so
the repository holds no 50 MB file). Each :class:`Case` says what must happen to one input (a file, or
one line or row of a batch): ``stored`` (with checks on what was stored) or ``rejected`` (with words the
reason must contain). ``python tests/hostile_corpus.py DIR`` writes the corpus out for a look by hand.
"""
from __future__ import annotations

import codecs
import json
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

EN = "Shelling by government forces killed {n} civilians in {place} on Monday, the Syrian Observatory said."
AR = "قتل {n} مدنيين في قصف لقوات النظام على {place} يوم الاثنين، بحسب المرصد السوري لحقوق الإنسان."


@dataclass(frozen=True)
class Case:
    source: str  # the file, or "file:line" for one line or row of a batch
    outcome: str  # "stored", "rejected", or "duplicate" (the same text as an earlier input)
    reason: str = ""  # words the rejection's reason contains
    encoding: str | None = None  # the stored document's encoding
    warning: str = ""  # words one of the stored document's warnings contains
    place: str | None = None  # an event is stored at this place
    deaths: int | None = None  # ... with this best toll
    absent: tuple[str, ...] = ()  # texts the stored text must not contain
    present: tuple[str, ...] = ()  # texts the stored text must contain
    dated: bool | None = None  # whether the stored events have dates
    published: str | None = "unchanged"  # the stored published date (None: left blank)
    language: str | None = None  # the stored document's language


@dataclass
class Corpus:
    root: Path
    cases: list[Case] = field(default_factory=list)

    def file(self, name: str, data: bytes, *cases: Case) -> None:
        (self.root / name).write_bytes(data)
        self.cases.extend(cases)


def _utf8(text: str) -> bytes:
    return text.encode("utf-8")


def _jsonl(rows: list) -> bytes:
    return b"".join((r if isinstance(r, bytes) else json.dumps(r, ensure_ascii=False).encode()) + b"\n"
                    for r in rows)


def build(root: Path, *, large: bool = True) -> Corpus:
    """Write the corpus into ``root`` (an empty folder) and return it with its cases."""
    root.mkdir(parents=True, exist_ok=True)
    c = Corpus(root)
    rng = random.Random(7)

    # -- nothing, or not text ---------------------------------------------------------------------
    c.file("empty.txt", b"", Case("empty.txt", "rejected", "empty"))
    c.file("blank.txt", b"  \n\n\t \r\n ", Case("blank.txt", "rejected", "only spaces"))
    c.file("noise.bin", bytes(rng.randrange(256) for _ in range(20000)), Case("noise.bin", "rejected", "binary"))
    c.file("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(4000)),
           Case("photo.txt", "rejected", "PNG image"))
    c.file("report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n",
           Case("report.pdf", "rejected", "PDF"))
    c.file("archive.txt", b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(rng.randrange(256) for _ in range(500)),
           Case("archive.txt", "rejected", "ZIP"))

    # -- NUL and other control characters inside real text ------------------------------------------
    body = "\n\n".join([EN.format(n=4, place="Daraa")] + ["Residents said the shelling went on for hours."] * 400)
    c.file("nul-inside.txt", _utf8("Shelling kills four in Daraa\n\n" + body[:9000] + "\x00\x00\x07" + body[9000:]),
           Case("nul-inside.txt", "stored", warning="control character", place="Daraa", deaths=4,
                absent=("\x00", "\x07")))

    # -- encodings --------------------------------------------------------------------------------
    arabic = "قصف على درعا\n\n" + AR.format(n=5, place="درعا")
    c.file("utf16-bom.txt", arabic.replace("درعا", "حماة").encode("utf-16"),
           Case("utf16-bom.txt", "stored", encoding="utf-16", place="Hama", deaths=5))
    c.file("utf16-no-bom.txt", ("Shelling kills three in Homs\n\n" + EN.format(n=3, place="Homs")).encode("utf-16-le"),
           Case("utf16-no-bom.txt", "stored", encoding="utf-16-le", place="Homs", deaths=3))
    c.file("arabic-cp1256.txt", arabic.encode("cp1256"),
           Case("arabic-cp1256.txt", "stored", encoding="cp1256", warning="encoding guessed: cp1256",
                place="Daraa", deaths=5, present=("المرصد السوري",)))
    c.file("utf16-bom-broken.txt", codecs.BOM_UTF16_LE + "Shelling in Homs".encode("utf-16-le") + b"\x00\xd8\x41",
           Case("utf16-bom-broken.txt", "rejected", "marked as utf-16 but not valid"))
    latin = "Café bombed in Idlib\n\n" + EN.format(n=6, place="Idlib") + " The café's owner, José, survived."
    c.file("latin-1.txt", latin.encode("latin-1"),
           Case("latin-1.txt", "stored", encoding="latin-1", warning="encoding guessed: latin-1", place="Idlib",
                deaths=6, present=("Café", "José")))
    curly = "Strike on Azaz\n\n" + EN.format(n=2, place="Azaz") + " “We heard it all night” – a resident’s words."
    c.file("windows-1252.txt", curly.encode("cp1252"),
           Case("windows-1252.txt", "stored", encoding="cp1252", warning="cp1252", place="Azaz", deaths=2,
                present=("“", "’")))
    mixed = (_utf8("قصف على إدلب\n\n" + AR.format(n=7, place="إدلب") + "\n")
             + ("وقال ناشطون إن " + AR.format(n=7, place="إدلب")).encode("cp1256") + b"\n")
    c.file("mixed-utf8-cp1256.txt", mixed,
           Case("mixed-utf8-cp1256.txt", "stored", encoding="utf-8+cp1256", warning="mixed", place="Idlib",
                deaths=7, present=("وقال ناشطون",)))

    # -- markup -----------------------------------------------------------------------------------
    html = ("<!doctype html><html><head><title>Shelling in Daraa</title><script>alert('head')</script>"
            "<style>body{display:none}</style></head><body><iframe src=\"javascript:alert(1)\"></iframe>"
            "<article><h1>Shelling in Daraa</h1><p>" + EN.format(n=8, place="Daraa") +
            "<p>Witnesses described <b>heavy <i>shelling</b> of the town</i>.<script>document.write('x')</script>"
            "<img src=x onerror=\"alert(2)\"><p>Residents fled toward the border.</div></article>"
            "<noscript>enable scripts</noscript></body>")
    c.file("scripts-and-broken-markup.html", _utf8(html),
           Case("scripts-and-broken-markup.html", "stored", place="Daraa", deaths=8,
                absent=("alert", "document.write", "<script", "display:none", "onerror")))
    deep = "<html><body>" + "<div>" * 100_000 + EN.format(n=9, place="Hama") + "</div>" * 10 + "</body></html>"
    c.file("deeply-nested.html", _utf8(deep),
           Case("deeply-nested.html", "stored", warning="visible text", place="Hama", deaths=9))

    # -- invisible marks inside names -------------------------------------------------------------
    marks = ("Shelling kills three in Aleppo\n\n"
             "Shelling by government forces killed 3 civilians in Al\u200b\u2011Bab on Monday, the Syrian\u200f "
             "Observatory said.\n\n"
             "وقتل 4 مدنيين في قصف على \u2067منبج\u2069 يوم الاثنين، بحسب المر\u200cصد السوري.")
    c.file("zero-width-and-bidi.txt", _utf8(marks),
           Case("zero-width-and-bidi.txt", "stored", place="Manbij"),
           Case("zero-width-and-bidi.txt", "stored", place="al-Bab"))

    # -- numbers and dates ------------------------------------------------------------------------
    absurd = ("Shelling kills in Daraa\n\nShelling by government forces killed 1,000,000,000 civilians in Daraa "
              "on Monday, the Syrian Observatory said. Another 99999999999999999999999999999999 people were "
              "wounded, and " + "9" * 5000 + " were displaced.")
    c.file("absurd-numbers.txt", _utf8(absurd),
           Case("absurd-numbers.txt", "stored", warning="implausible", place="Daraa", deaths=0))
    dates = ("DAMASCUS, Feb 30, 2024 (SANA)\n\nShelling kills three in Homs\n\n"
             "Shelling by government forces killed 3 civilians in Homs on 31 February 2024, the Syrian "
             "Observatory said. On 5 March 2091 an air strike killed 4 civilians in Idlib, activists said.")
    c.file("impossible-and-future-dates.txt", _utf8(dates),
           Case("impossible-and-future-dates.txt", "stored", warning="event date 2091-03-05", place="Idlib",
                dated=False, published=None))
    c.file("published.jsonl", _jsonl([
        {"id": "future", "text": EN.format(n=2, place="Hama"), "published": "2099-01-01"},
        {"id": "month13", "text": EN.format(n=3, place="Hama"), "published": "2024-13-45"},
        {"id": "zeros", "text": EN.format(n=4, place="Hama"), "published": "0000-00-00"},
        {"id": "fine", "text": EN.format(n=5, place="Hama"), "published": "2024-03-04"},
        {"id": "bad-time", "text": EN.format(n=6, place="Hama"), "published": "2024-03-04T25:61:00Z"},
        {"id": "injected", "text": EN.format(n=7, place="Hama"), "published": "2024-03-04'; DROP TABLE documents;--"},
        {"id": "year-one", "text": AR.format(n=3, place="حمص"), "published": "0001-01-01"},
        {"id": "rss", "text": EN.format(n=8, place="Hama"), "published": "Mon, 04 Mar 2024 10:00:00 GMT"},
        {"id": "lang-markup", "text": EN.format(n=9, place="Homs"), "language": 'en"><b>x</b>'},
        {"id": "lang-klingon", "text": AR.format(n=4, place="حمص"), "language": "klingon"},
        {"id": "lang-tag", "text": EN.format(n=2, place="Idlib"), "language": "EN-gb"},
    ]),
        Case("published.jsonl:1", "stored", warning="in the future", published=None, place="Hama"),
        Case("published.jsonl:2", "stored", warning="could not be read as a date", published=None),
        Case("published.jsonl:3", "stored", warning="could not be read as a date", published=None),
        Case("published.jsonl:4", "stored", published="2024-03-04", place="Hama", dated=True, deaths=5),
        Case("published.jsonl:5", "stored", warning="could not be read as a date", published=None, deaths=6),
        Case("published.jsonl:6", "stored", warning="could not be read as a date", published=None, deaths=7),
        Case("published.jsonl:7", "stored", warning="could not be read as a date", published=None, place="Homs",
             deaths=3),
        Case("published.jsonl:8", "stored", published="2024-03-04", place="Hama", dated=True, deaths=8),
        Case("published.jsonl:9", "stored", warning="not an ISO 639-1 code", language="en", place="Homs", deaths=9),
        Case("published.jsonl:10", "stored", warning="not an ISO 639-1 code", language="ar", place="Homs", deaths=4),
        Case("published.jsonl:11", "stored", language="en", place="Idlib", deaths=2))

    # -- malformed batches ------------------------------------------------------------------------
    c.file("malformed.jsonl", b"\xef\xbb\xbf" + _jsonl([
        {"id": "bom-first-line", "text": EN.format(n=2, place="Daraa")},
        b'{"id": "truncated", "text": "Shelling in Da',
        [1, 2, 3],
        {"id": "number-text", "text": 12},
        {"id": {"nested": 1}, "text": EN.format(n=3, place="Daraa")},
        {"id": "list-title", "title": ["not", "text"], "text": EN.format(n=4, place="Daraa")},
        {},
        b"[" * 200_000 + b"]" * 200_000,
        {"id": "escaped-nul", "text": "Shelling in Homs\u0000 " + EN.format(n=5, place="Homs")},
        b'{"id": "lone-surrogate", "text": "\\ud800 ' + _utf8(EN.format(n=6, place="Hama")) + b'"}',
        b"not json at all",
        _utf8('{"id": "latin-1-line", "text": "') + "Café owner: ".encode("latin-1")
        + _utf8(EN.format(n=7, place="Idlib") + '"}'),
        {"id": "spaces", "text": "   \n  "},
        b"\x00\x00\x00",
    ]),
        Case("malformed.jsonl:1", "stored", place="Daraa", deaths=2),
        Case("malformed.jsonl:2", "rejected", "not a JSON line"),
        Case("malformed.jsonl:3", "rejected", "expected a JSON object, got a list"),
        Case("malformed.jsonl:4", "rejected", "'text' field is int"),
        Case("malformed.jsonl:5", "rejected", "'id' field is an object"),
        Case("malformed.jsonl:6", "stored", warning="field 'title' is a list", place="Daraa", deaths=4),
        Case("malformed.jsonl:7", "rejected", "no 'text' field"),
        Case("malformed.jsonl:8", "rejected", "nested too deeply"),
        Case("malformed.jsonl:9", "stored", warning="control character", place="Homs", absent=("\x00",)),
        Case("malformed.jsonl:10", "stored", warning="surrogate", place="Hama", present=("\ufffd",)),
        Case("malformed.jsonl:11", "rejected", "not a JSON line"),
        Case("malformed.jsonl:12", "stored", encoding="latin-1", warning="encoding guessed", present=("Café",)),
        Case("malformed.jsonl:13", "rejected", "only spaces"),
        Case("malformed.jsonl:14", "rejected", "not a JSON line"))
    c.file("malformed.csv", _utf8(
        "id,text,publisher\n"
        f"c1,\"{EN.format(n=2, place='Azaz')}\",SMART\n"
        "c2,\"broken \"quote\" here\",x\n"
        f"c3,\"{EN.format(n=3, place='Azaz')}\",SMART,an extra field\n"
        "c4,,SMART\n"
        f"c5,\"{EN.format(n=4, place='Azaz')}\",SMART\n"
        "c6,\"never closed, " + EN.format(n=5, place="Azaz") + "\n"),
        Case("malformed.csv:2", "stored", place="Azaz", deaths=2),
        Case("malformed.csv:3", "rejected", "malformed CSV row"),
        Case("malformed.csv:4", "rejected", "more fields than the header"),
        Case("malformed.csv:5", "rejected", "no 'text' field"),
        Case("malformed.csv:6", "stored", place="Azaz", deaths=4),
        Case("malformed.csv:7", "rejected", "malformed CSV row"))
    c.file("no-text-column.csv", _utf8("id,body\n1,Shelling in Daraa\n"),
           Case("no-text-column.csv", "rejected", "no 'text' column"))

    # -- a file name that is not UTF-8 (bytes a Windows archive or an old server may leave) ------------
    (root / "name-\udcff\udcfe.txt").write_bytes(_utf8("Clashes in Homs\n\nClashes broke out in Homs on Monday "
                                                      "between government forces and rebels, activists said."))
    c.cases.append(Case("name-\ufffd\ufffd.txt", "stored", place="Homs"))

    # -- the same id for different texts, the same text under different ids ------------------------
    c.file("duplicate-ids.jsonl", _jsonl([
        {"id": "dup", "text": "Shelling kills two in Jisr al-Shughur\n\n" + EN.format(n=2, place="Jisr al-Shughur")},
        {"id": "dup", "text": "Shelling kills five in Jisr al-Shughur\n\n" + EN.format(n=5, place="Jisr al-Shughur")},
        {"id": "copy", "text": "Shelling kills two in Jisr al-Shughur\n\n" + EN.format(n=2, place="Jisr al-Shughur")},
    ]),
        Case("duplicate-ids.jsonl:1", "stored", deaths=2),
        Case("duplicate-ids.jsonl:2", "stored", warning="already names document", deaths=5),
        Case("duplicate-ids.jsonl:3", "duplicate"))

    # -- size -------------------------------------------------------------------------------------
    if large:
        line = EN.format(n=3, place="Daraa") + " "
        with (root / "huge-50mb.txt").open("w", encoding="utf-8") as handle:
            handle.write("Shelling kills three in Daraa\n\n")
            for _ in range(50 * 1024 * 1024 // (len(line) * 100) + 1):
                handle.write((line * 100) + "\n")
        c.cases.append(Case("huge-50mb.txt", "rejected", "50.0 MB"))
        with (root / "ten-mb-line.jsonl").open("w", encoding="utf-8") as handle:
            handle.write(json.dumps({"id": "before", "text": EN.format(n=2, place="Homs")}) + "\n")
            handle.write('{"id": "long", "text": "' + line * (10 * 1024 * 1024 // len(line) + 1) + '"}\n')
            handle.write(json.dumps({"id": "after", "text": EN.format(n=3, place="Homs")}) + "\n")
        c.cases.extend([Case("ten-mb-line.jsonl:1", "stored", place="Homs", deaths=2),
                        Case("ten-mb-line.jsonl:2", "rejected", "longer than 5.0 MB"),
                        Case("ten-mb-line.jsonl:3", "stored", place="Homs", deaths=3)])
        with (root / "ten-mb-line.txt").open("w", encoding="utf-8") as handle:
            handle.write(line * (10 * 1024 * 1024 // len(line) + 1))
        c.cases.append(Case("ten-mb-line.txt", "rejected", "10.0 MB"))
    return c


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus")
    corpus = build(target)
    print(f"{len(corpus.cases)} cases written to {target}")
    for case in corpus.cases:
        print(f"  {case.source}: {case.outcome} {case.reason or case.warning}")
