"""Extraction: the events and casualty claims of one document.

The ``extract`` stage (:mod:`.stage`) analyses each story sentence once (:mod:`.analysis`, over the
lexicon layers of :mod:`.matcher` and :mod:`.knowledge`), drafts and types events (:mod:`.events`),
places them (:mod:`.places`) and reads every figure as a claim with its claimant (:mod:`.claims`).
Its knowledge is in ``data/``: the ACLED taxonomy, actors and places, and per language their names,
event and claim words and syntax cues.

May import: :mod:`marsad.model` and :mod:`marsad.reading`.
"""
