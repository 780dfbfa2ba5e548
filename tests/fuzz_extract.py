"""A mutation fuzzer over :func:`marsad.extract`, bounded by time.

It starts from real-looking reports (the sample corpus, the dev seeds when they sit beside the checkout,
and sentences built from marsad's own lexicons), mutates them the ways scraped text goes wrong (invisible
and control characters, broken markup, spliced stories, absurd numbers and dates, flipped bytes read back
through marsad's decoder, runs of trigger words ...), and runs each through the whole pipeline. A run
passes when every input either gives a document whose events and claims hold together (evidence is the
text at its offsets, ACLED types are ACLED's, tolls are ordered and plausible, dates not after
publication) or is refused as empty, and every batch of 40 documents links into incidents whose
reconciled figures are ordered and whose credibility scores lie in 0-1. Anything else is a finding: its
input and traceback are written to the output folder.

    python tests/fuzz_extract.py --seconds 300 --seed 7 --out fuzz-findings
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import marsad
from marsad.extraction.claims import PLAUSIBLE_MAX, PLAUSIBLE_MAX_DEFAULT
from marsad.extraction.knowledge import DATA, knowledge
from marsad.linking.incidents import build, report_of
from marsad.reading.ingest import EmptyDocument
from marsad.reading.inputs import InputError, decode
from marsad.reading.metadata import latest_plausible

ROOT = Path(__file__).resolve().parent.parent
MAX_INPUT = 60_000  # characters: mutations that grow past this are cut back

ODD_CHARACTERS = ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202b", "\u202e", "\u2066",
                  "\u2069", "\ufeff", "\u00ad", "\u0640", "\u064b", "\u0651", "\x00", "\x07", "\x1b", "\x0b",
                  "\x0c", "\r", "\t", "\n", "\n\n", "\u2028", "\u2029", "\u00a0", "\u3000", "\ud800", "\udfff",
                  "\U0001f4a5", "\u0301", "\ufdfa", "\ufefb", "“", "”", "«", "»", '"', "'", "(", ")", "[", "]",
                  "؟", "،", "؛", "…", ".", ",", ":", "٫", "٬", "-", "—", "/", "\\", "<", ">", "&", "&amp;",
                  "٠", "٥", "۹", "𝟗", "Ⅻ", "½", "²"]
TAGS = ["<p>", "</p>", "<div>", "</div>", "<script>alert(1)</script>", "<b>", "<i", "<br/>", "<!--", "-->",
        "<html>", "</html>", "<title>", "<iframe src='javascript:alert(1)'>", "<table><tr><td>", "&#x0;",
        "&#1583;", "<![CDATA[", "]]>", "<meta charset='cp1256'>", "<", ">"]
DATES = ["31/02/2024", "2024-00-00", "2024-13-45", "29 February 2023", "5 March 2091", "99 آذار 99999",
         "١٢ نيسان ٢٠١٩", "0000-00-00", "12/12/1850", "June 31, 2020", "the 32nd of May 2021", "2030-01-01"]
NUMBERS = ["0", "-5", "1,000,000,000", "99999999999999999999", "9" * 400, "1.5 million", "2.5", "3 million",
           "a thousand", "twenty-five", "خمسة وعشرون", "ثلاثمائة", "dozens", "عشرات", "1,2,3", "12:30", "٣٢٥",
           "one hundred and one thousand", "1e9", "0x1F", "١٬٢٣٤"]


@dataclass
class Result:
    inputs: int = 0
    documents: int = 0
    refused: int = 0
    events: int = 0
    claims: int = 0
    slowest: float = 0.0
    linked: int = 0  # batches linked
    slowest_input: str = ""
    findings: list[dict] = field(default_factory=list)


def seeds() -> list[str]:
    """Reports to start from: the sample corpus, the dev seeds, and sentences made from the lexicons."""
    texts = []
    sample = ROOT / "marsad" / "sample" / "reports"
    dev = ROOT.parent / "shared" / "eval" / "dev" / "docs"
    for folder in (sample, dev):
        if folder.is_dir():
            for path in sorted(folder.iterdir()):
                if path.suffix in (".txt", ".html"):
                    texts.append(path.read_text(encoding="utf-8"))
    rng = random.Random(0)
    words = {}
    for lang in ("en", "ar"):
        events = DATA.load("events", lang)
        places = DATA.load("places", lang)
        actors = DATA.load("actors", lang)
        words[lang] = (
            [p for t in events.get("triggers", []) for p in (t.get("phrases") if isinstance(t, dict) else [t]) or []],
            [n for names in places.values() if isinstance(names, list) for n in names],
            [n for names in actors.values() if isinstance(names, list) for n in names],
        )
    for _ in range(40):
        lang = rng.choice(["en", "ar"])
        triggers, places, actors = words[lang]
        parts = [rng.choice(seq) for seq in (actors, triggers, places) if seq] + [rng.choice(NUMBERS)]
        if lang == "en":
            texts.append(f"{' '.join(parts[:2])} in {parts[2] if len(parts) > 2 else 'Homs'}\n\n"
                         f"{' '.join(parts)} killed civilians on Monday, activists said.")
        else:
            texts.append(f"{' '.join(parts)}\n\n{' '.join(reversed(parts))} ومقتل مدنيين يوم الاثنين بحسب ناشطين.")
    return texts


def mutate(text: str, pool: list[str], rng: random.Random) -> str:
    """One to four random mutations of ``text``."""
    for _ in range(rng.randint(1, 4)):
        n = len(text)
        at = rng.randint(0, n)
        kind = rng.randrange(13)
        if kind == 0:
            text = text[:at] + "".join(rng.choice(ODD_CHARACTERS) for _ in range(rng.randint(1, 8))) + text[at:]
        elif kind == 1 and n:
            end = min(n, at + rng.randint(1, 400))
            text = text[:at] + text[end:]
        elif kind == 2 and n:
            end = min(n, at + rng.randint(1, 300))
            text = text[:at] + text[at:end] * rng.randint(2, 60) + text[end:]
        elif kind == 3:
            other = rng.choice(pool)
            text = text[:at] + other[rng.randint(0, len(other)):]
        elif kind == 4:
            text = text[:at] + f" {rng.choice(NUMBERS)} " + text[at:]
        elif kind == 5:
            text = text[:at] + rng.choice(TAGS) + text[at:]
        elif kind == 6:
            text = text[:at] + f" on {rng.choice(DATES)} " + text[at:]
        elif kind == 7:
            word = rng.choice(["killed", "shelling", "قتل", "قصف", "clashes", "اشتباكات", "air strike", "said",
                               "بحسب", "the", "ال"])
            text = text[:at] + " ".join([word] * rng.randint(2, 300)) + text[at:]
        elif kind == 8:
            text = text.upper() if rng.random() < 0.5 else text.lower()
        elif kind == 9:
            text = text[:at]
        elif kind == 10:  # bytes flipped, then read back as a file would be
            data = bytearray(text.encode("utf-8", "surrogatepass"))
            for _ in range(rng.randint(1, 20)):
                if data:
                    data[rng.randrange(len(data))] = rng.randrange(256)
            try:
                text = decode(bytes(data))[0]
            except InputError:
                pass
        elif kind == 11:
            text = "\n".join(rng.sample(text.split("\n"), len(text.split("\n"))))
        else:
            text = text.replace(" ", rng.choice(["\u00a0", "  ", "\t", "\u200b", " \n"]), rng.randint(1, 50))
    return text[:MAX_INPUT]


def check(doc: marsad.Document) -> list[str]:
    """What is wrong with an extracted document (nothing, for a good one)."""
    problems = []
    types = knowledge().taxonomy
    text = doc.text
    last = 0
    for p in doc.paragraphs:
        if not (last <= p.start <= p.end <= len(text)):
            problems.append(f"paragraph {p.index} at {p.start}-{p.end} out of order or outside the text")
        last = p.start
    limit = latest_plausible(doc.meta.published)
    for e in doc.events:
        if e.sub_event_type not in types.get(e.event_type, ()):
            problems.append(f"event {e.id}: {e.event_type} / {e.sub_event_type} is not an ACLED pair")
        if not (0 <= e.start < e.end <= len(text)) or text[e.start:e.end] != e.evidence:
            problems.append(f"event {e.id}: evidence is not the text at {e.start}-{e.end}")
        if e.location is None or not (-90 <= e.location.lat <= 90 and -180 <= e.location.lon <= 180):
            problems.append(f"event {e.id}: no place, or coordinates off the globe")
        if e.date is not None and e.date > limit:
            problems.append(f"event {e.id}: dated {e.date}, after publication")
        dead = e.fatalities  # (a sum over groups of victims may pass one figure's plausible maximum)
        if not (0 <= dead["low"] <= dead["best"] <= dead["high"]):
            problems.append(f"event {e.id}: fatalities {dead} out of order")
        for c in e.claims:
            if not (0 <= c.start < c.end <= len(text)) or text[c.start:c.end] != c.evidence:
                problems.append(f"claim {c}: evidence is not the text at its offsets")
            top = PLAUSIBLE_MAX.get(c.kind, PLAUSIBLE_MAX_DEFAULT)
            if any(v is not None and not 0 <= v <= top for v in (c.low, c.high)):
                problems.append(f"claim {c}: implausible figure kept")
            if c.low is not None and c.high is not None and c.low > c.high:
                problems.append(f"claim {c}: low above high")
    return problems


def check_linking(docs: list[marsad.Document]) -> list[str]:
    """What is wrong with linking a batch of extracted documents (nothing, for a good batch)."""
    linked = build([report_of(d) for d in docs])
    problems = []
    events = {e.id for d in docs for e in d.events}
    if set(linked.incident_of) != events:
        problems.append("not every event is in exactly one incident")
    for incident_id, kinds in linked.reconciled.items():
        for kind, figures in kinds.items():
            low, best, high = figures["low"], figures["best"], figures["high"]
            if None not in (low, best, high) and not low <= best <= high:
                problems.append(f"incident {incident_id} {kind}: low/best/high {low}/{best}/{high} out of order")
    for doc_id, (score, _) in linked.credibility.items():
        if not 0 <= score <= 1:
            problems.append(f"document {doc_id}: credibility {score} outside 0-1")
    return problems


LINK_EVERY = 40  # documents between two linkings of the latest batch


def run(seconds: float, *, seed: int = 0, out: Path | None = None) -> Result:
    """Fuzz for ``seconds``; findings are kept in the result and, with ``out``, written there. Every
    :data:`LINK_EVERY` documents, the batch is also linked into incidents and checked."""
    rng = random.Random(seed)
    pool = seeds()
    result = Result()
    batch: list[tuple[str, marsad.Document]] = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        text = mutate(rng.choice(pool), pool, rng)
        result.inputs += 1
        started = time.monotonic()
        try:
            doc = marsad.extract(text, key=f"fuzz-{result.inputs}", published=rng.choice([None, "2024-03-04"]))
        except marsad.StageError as exc:
            if isinstance(exc.cause, EmptyDocument):
                result.refused += 1
                continue
            _finding(result, out, text, "".join(traceback.format_exception(exc)))
            continue
        except Exception as exc:  # anything else escaping extract is a finding
            _finding(result, out, text, "".join(traceback.format_exception(exc)))
            continue
        finally:
            if time.monotonic() - started > result.slowest:
                result.slowest, result.slowest_input = time.monotonic() - started, text
        result.documents += 1
        result.events += len(doc.events)
        result.claims += sum(len(e.claims) for e in doc.events)
        problems = check(doc)
        if problems:
            _finding(result, out, text, "\n".join(problems))
        batch.append((text, doc))
        if len(batch) >= LINK_EVERY:
            try:
                problems = check_linking([d for _, d in batch])
            except Exception as exc:  # noqa: BLE001 - anything escaping linking is a finding
                problems = ["".join(traceback.format_exception(exc))]
            if problems:
                _finding(result, out, "\n\n=====\n\n".join(t for t, _ in batch), "\n".join(problems))
            result.linked += 1
            batch = []
        if len(text) < 4000 and rng.random() < 0.3:
            pool.append(text)  # keep some mutants to mutate further
    return result


def _finding(result: Result, out: Path | None, text: str, what: str) -> None:
    finding = {"input": text, "problem": what}
    result.findings.append(finding)
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        (out / f"finding-{len(result.findings):03d}.json").write_text(
            json.dumps(finding, ensure_ascii=False, indent=1), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=Path("fuzz-findings"))
    args = parser.parse_args()
    result = run(args.seconds, seed=args.seed, out=args.out)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "slowest.txt").write_text(result.slowest_input, encoding="utf-8", errors="surrogatepass")
    print(f"{result.inputs} inputs: {result.documents} documents ({result.events} events, {result.claims} claims, "
          f"{result.linked} batches linked), "
          f"{result.refused} refused as empty; slowest {result.slowest:.2f} s; {len(result.findings)} findings"
          + (f" in {args.out}" if result.findings else ""))
    return 1 if result.findings else 0


if __name__ == "__main__":
    sys.exit(main())
