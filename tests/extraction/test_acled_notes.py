"""ACLED-style event notes ("On 5 January 2021, regime forces shelled ..."), written here in both languages
over every event type: the main event read from each note has the note's sub-event type.

The notes are passed as a user would pass a note from a coding sheet: the text alone, with no
publication date. ``python tests/extraction/test_acled_notes.py`` prints the share right and the misses.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import marsad
from marsad.extraction.knowledge import knowledge

NOTES = [json.loads(line) for line in (Path(__file__).parents[1] / "data" / "acled_notes.jsonl").open(encoding="utf-8")
         if line.strip()]
FLOOR = 0.95  # the share of notes whose main event has the note's sub-event type


def main_sub_type(text: str) -> str | None:
    doc = marsad.extract(text)
    main = next((e for e in doc.events if e.salience == "main"), doc.events[0] if doc.events else None)
    return main.sub_event_type if main else None


def test_the_notes_cover_both_languages_and_every_event_type():
    taxonomy = knowledge().taxonomy
    types = {t for n in NOTES for t, subs in taxonomy.items() if n["sub_event_type"] in subs}
    assert {n["language"] for n in NOTES} == {"ar", "en"} and len(NOTES) >= 80
    assert types == set(taxonomy), types


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_main_event_of_a_note_has_its_sub_event_type(language):
    notes = [n for n in NOTES if n["language"] == language]
    misses = [(n["id"], n["sub_event_type"], got) for n in notes
              if (got := main_sub_type(n["text"])) != n["sub_event_type"]]
    assert 1 - len(misses) / len(notes) >= FLOOR, misses


if __name__ == "__main__":
    for language in ("en", "ar"):
        notes = [n for n in NOTES if n["language"] == language]
        misses = [(n["id"], n["sub_event_type"], main_sub_type(n["text"])) for n in notes]
        misses = [m for m in misses if m[1] != m[2]]
        print(f"{language}: {len(notes) - len(misses)}/{len(notes)} notes with their sub-event type; misses: {misses}")
