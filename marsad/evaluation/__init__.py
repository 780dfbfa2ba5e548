"""Evaluation: extracted documents scored against gold annotations (``marsad evaluate``).

:mod:`.scoring` matches events, places, actors, dates and claims; the tolerances and actor groups it
uses are in ``data/evaluation.json``.

May import: :mod:`marsad.model` and :mod:`marsad.reading`.
"""
