"""The extraction stage's data folder (``marsad/extraction/data``), shared by the lexicons and the gazetteer."""
from __future__ import annotations

from ..reading.lexicon import DataFolder

DATA = DataFolder("marsad.extraction")  # the taxonomy, actors, places, event and claim words, syntax cues
